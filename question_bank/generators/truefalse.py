"""True/false statements: each fact stated truly, and once falsely with a safe wrong value."""

from __future__ import annotations

from collections.abc import Iterator

from question_bank.generators.base import Context, concept_attrs, fill, sample_distinct
from question_bank.knowledge import concept_values
from question_bank.model import Entity, Question
from question_bank.schema import AttrSpec

_CHOICES = ("True", "False")


def _item(ctx: Context, entity: Entity, spec: AttrSpec, value: str, truth: bool) -> Question:
    statement = fill(spec.phrasing["statement"], subject=entity.name, value=ctx.label(value))
    # The true item is identified by its value; the false one only by the fact (its value is chosen).
    identity = {"template": "tf-true", "key": value} if truth else {"template": "tf-false", "shown": value}
    verdict = "True" if truth else "False"
    return ctx.question(
        entity=entity,
        attr=spec.name,
        type="truefalse",
        prompt=f"True or false? {statement}",
        choices=_CHOICES,
        answer=verdict,
        explanation=f"{verdict}. {ctx.explain_values(entity, spec, [] if truth else [value])}",
        **identity,
    )


def _wrong_value(ctx: Context, entity: Entity, spec: AttrSpec) -> str | None:
    know = ctx.know
    picked = sample_distinct(
        ctx.rng(f"tf-false:{entity.id}:{spec.name}"),
        know.candidates(entity.kind, spec.name, spec.concept_type),
        1,
        accept=lambda c: not know.unsafe(entity, spec.name, c),
        key=lambda c: c,
    )
    return picked[0] if picked else None


def generate_truefalse(ctx: Context) -> Iterator[Question]:
    for entity in ctx.bank.entities.values():
        for spec in concept_attrs(ctx, entity, "statement"):
            yield _item(ctx, entity, spec, concept_values(entity, spec.name)[0], truth=True)
            wrong = _wrong_value(ctx, entity, spec)
            if wrong is not None:
                yield _item(ctx, entity, spec, wrong, truth=False)
