"""Multi-select ("select all that apply") items for list-valued attributes."""

from __future__ import annotations

import random
from collections.abc import Iterator

from question_bank.generators.base import (
    MAX_OPTIONS,
    Context,
    concept_attrs,
    display,
    fill,
    option_key,
    sample_distinct,
    shuffled,
)
from question_bank.generators.mcq import first_clean
from question_bank.knowledge import concept_values
from question_bank.model import Entity, Question
from question_bank.schema import AttrSpec

_MIN_WRONG = 2
_MAX_RIGHT = 3


def _multi(ctx: Context, entity: Entity, spec: AttrSpec) -> Question | None:
    know = ctx.know
    values = concept_values(entity, spec.name)
    pool = know.candidates(entity.kind, spec.name, spec.concept_type)

    def build(rng: random.Random) -> Question | None:
        right = rng.sample(values, min(len(values), _MAX_RIGHT))
        right_keys = {option_key(ctx.label(v)) for v in right}
        if len(right_keys) != len(right):
            return None
        wrong = sample_distinct(
            rng,
            pool,
            MAX_OPTIONS - len(right),
            accept=lambda c: (
                not know.unsafe(entity, spec.name, c) and option_key(ctx.label(c)) not in right_keys
            ),
            key=lambda c: option_key(ctx.label(c)),
        )
        if len(wrong) < _MIN_WRONG:
            return None
        choices = shuffled(rng, [display(ctx.label(c)) for c in (*right, *wrong)])
        answer = tuple(c for c in choices if option_key(c) in right_keys)
        explanation = ctx.explain_values(entity, spec, wrong)
        return ctx.question(
            template="multi",
            entity=entity,
            attr=spec.name,
            type="multi",
            prompt=fill(spec.phrasing["multi"], subject=entity.name),
            choices=tuple(choices),
            answer=answer,
            explanation=explanation,
        )

    return first_clean(build, ctx, f"multi:{entity.id}:{spec.name}")


def generate_multi(ctx: Context) -> Iterator[Question]:
    for entity in ctx.bank.entities.values():
        for spec in concept_attrs(ctx, entity, "multi"):
            if len(concept_values(entity, spec.name)) >= 2:
                q = _multi(ctx, entity, spec)
                if q is not None:
                    yield q
