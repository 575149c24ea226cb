"""Flashcards: one front/back card for every fact, so nothing in the bank goes unasked."""

from __future__ import annotations

from collections.abc import Iterator

from question_bank.generators.base import Context, display, fill
from question_bank.generators.mcq import plain
from question_bank.knowledge import concept_values
from question_bank.model import Question


def generate_flashcards(ctx: Context) -> Iterator[Question]:
    for entity in ctx.bank.entities.values():
        for spec in ctx.know.kinds[entity.kind].attributes.values():
            if spec.type == "integer" or spec.grouping or spec.name not in entity.attrs:
                continue
            if spec.is_concept:
                values = concept_values(entity, spec.name)
                back = "; ".join(display(ctx.label(v)) for v in values)
                explanation = ctx.why_not(entity, spec)
            else:
                back = plain(str(entity.attrs[spec.name])) + "."
                explanation = ""
            yield ctx.question(
                template="flashcard",
                entity=entity,
                attr=spec.name,
                type="flashcard",
                prompt=fill(spec.phrasing["front"], subject=entity.name),
                choices=(),
                answer=back,
                explanation=explanation,
            )
