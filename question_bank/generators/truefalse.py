"""True/false statements: each fact stated truly, and once falsely with a safe wrong value."""

from __future__ import annotations

from collections.abc import Iterator

from question_bank.generators.base import Context, concept_attrs, fill, join, sample_distinct
from question_bank.knowledge import concept_values
from question_bank.model import Entity, Question
from question_bank.schema import AttrSpec

_CHOICES = ("True", "False")


def _prompt(statement: str) -> str:
    return f"True or false? {statement}"


def _true(ctx: Context, entity: Entity, spec: AttrSpec, value: str) -> Question:
    statement = fill(spec.phrasing["statement"], subject=entity.name, value=ctx.label(value))
    return ctx.question(
        template="tf-true",
        entity=entity,
        attr=spec.name,
        key=value,
        type="truefalse",
        prompt=_prompt(statement),
        choices=_CHOICES,
        answer="True",
        explanation=f"True. {ctx.why_not(entity, spec)}",
    )


def _false(ctx: Context, entity: Entity, spec: AttrSpec) -> Question | None:
    know = ctx.know
    qid_key = f"tf-false:{entity.id}:{spec.name}"
    picked = sample_distinct(
        ctx.rng(qid_key),
        know.candidates(entity.kind, spec.name, spec.concept_type),
        1,
        accept=lambda c: not know.unsafe(entity, spec.name, c),
        key=lambda c: c,
    )
    if not picked:
        return None
    wrong = picked[0]
    statement = fill(spec.phrasing["statement"], subject=entity.name, value=ctx.label(wrong))
    holder = know.holders.get((entity.kind, spec.name, wrong), [])[:1]
    why = join(ctx.why_not(entity, spec), *(ctx.statement(h, spec, [wrong]) for h in holder))
    return ctx.question(
        template="tf-false",
        entity=entity,
        attr=spec.name,
        shown=wrong,
        type="truefalse",
        prompt=_prompt(statement),
        choices=_CHOICES,
        answer="False",
        explanation=f"False. {why}",
    )


def generate_truefalse(ctx: Context) -> Iterator[Question]:
    for entity in ctx.bank.entities.values():
        for spec in concept_attrs(ctx, entity, "statement"):
            values = concept_values(entity, spec.name)
            yield _true(ctx, entity, spec, values[0])
            false = _false(ctx, entity, spec)
            if false is not None:
                yield false
