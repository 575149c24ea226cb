"""Multi-select ("select all that apply") items for list-valued attributes."""

from __future__ import annotations

import random
from collections.abc import Iterator

from question_bank.cases import Cases
from question_bank.checks import CHOICE_CHECKS
from question_bank.generators.base import (
    MAX_OPTIONS,
    Context,
    concept_attrs,
    display,
    fill,
    mid_sentence,
    option_key,
    sample_distinct,
    shuffled,
)
from question_bank.generators.mcq import first_clean
from question_bank.generators.vignette import option_name
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


def _findings_multi(ctx: Context, cases: Cases, entity: Entity) -> Question | None:
    """'Which findings fit <entity>?' from its case profile: its typical value of each variable
    is right; a value of the same variable that the profile rules out is wrong, so every wrong
    option is known false, not merely unlisted."""
    variables = cases.book.variables
    profile = cases.book.profiles[entity.id].findings
    asked = [v for v in profile if not variables[v].property and not variables[v].attribute]
    rng = ctx.rng(f"findings-multi:{entity.id}")
    rng.shuffle(asked)
    # Right and wrong options come from different variables: "Fever" beside "No fever" would
    # tell the student that one of the pair is keyed.
    split = min(_MAX_RIGHT, len(asked) - 1)
    right = [cases.phrase(v, profile[v][0]) for v in asked[:split]]
    wrong = [cases.phrase(v, x) for v in asked[split:] for x in variables[v].values if x not in profile[v]]
    if len(right) < 2 or len(wrong) < _MIN_WRONG:
        return None
    wrong = rng.sample(wrong, min(len(wrong), MAX_OPTIONS - len(right)))
    choices = shuffled(rng, [display(c) for c in (*right, *wrong)])
    keyed = {display(c) for c in right}
    subject = mid_sentence(option_name(cases, entity))
    question = ctx.question(
        template="findings-multi",
        entity=entity,
        attr="findings",
        type="multi",
        prompt=f"Which of these findings fit {subject}? Select all that apply.",
        choices=tuple(choices),
        answer=tuple(c for c in choices if c in keyed),
        explanation=cases.book.profiles[entity.id].why,
    )
    return question if ctx.passes(question, CHOICE_CHECKS) else None


def generate_multi(ctx: Context) -> Iterator[Question]:
    for entity in ctx.bank.entities.values():
        for spec in concept_attrs(ctx, entity, "multi"):
            if len(concept_values(entity, spec.name)) >= 2:
                q = _multi(ctx, entity, spec)
                if q is not None:
                    yield q
    if ctx.bank.cases is not None:
        cases = Cases(ctx.bank.cases, ctx.know)
        for entity_id in ctx.bank.cases.profiles:
            q = _findings_multi(ctx, cases, ctx.bank.entities[entity_id])
            if q is not None:
                yield q
