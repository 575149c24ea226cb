"""True/false statements: each fact stated truly, and once falsely with a safe wrong value."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator

from question_bank.generators.base import Context, concept_attrs, fill, sample_distinct
from question_bank.knowledge import concept_values
from question_bank.model import Entity, Question
from question_bank.schema import AttrSpec
from question_bank.text import content_words

_CHOICES = ("True", "False")


def _item(ctx: Context, entity: Entity, spec: AttrSpec, value: str, truth: bool) -> Question:
    statement = fill(spec.phrasing["statement"], subject=entity.name, value=ctx.label(value))
    # The true item is identified by its value; the false one only by the fact (its value is chosen).
    verdict = "True" if truth else "False"
    return ctx.question(
        template="tf-true" if truth else "tf-false",
        key=value if truth else "",
        shown="" if truth else value,
        entity=entity,
        attr=spec.name,
        type="truefalse",
        prompt=f"True or false? {statement}",
        choices=_CHOICES,
        answer=verdict,
        explanation=f"{verdict}. {ctx.explain_values(entity, spec, [] if truth else [value])}",
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


def _coin(fact: str) -> bool:
    """A fair coin per fact that no seed changes, so a fact's item keeps its id across seeds."""
    return hashlib.blake2b(fact.encode(), digest_size=1).digest()[0] < 128


def _guessable(ctx: Context, entity: Entity, value: str) -> bool:
    """The name gives the value away ('stem cell injection is a stem-cell therapy')."""
    concept = ctx.know.concept(value)
    value_words = content_words(" ".join((concept.label, *concept.synonyms)))
    return bool(content_words(" ".join((entity.name, *entity.aliases))) & value_words)


def generate_truefalse(ctx: Context) -> Iterator[Question]:
    """One statement per fact, never a true/false mirror pair: true or false by a stable coin per
    fact, so about half are true and the wording gives no pattern away."""
    for entity in ctx.bank.entities.values():
        for spec in concept_attrs(ctx, entity, "statement"):
            if _guessable(ctx, entity, concept_values(entity, spec.name)[0]):
                continue
            wrong = _wrong_value(ctx, entity, spec)
            if wrong is not None and _coin(ctx.fact(entity, spec.name)):
                yield _item(ctx, entity, spec, wrong, truth=False)
            else:
                yield _item(ctx, entity, spec, concept_values(entity, spec.name)[0], truth=True)
