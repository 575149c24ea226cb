"""True/false statements: each fact stated truly, and once falsely with a safe wrong value."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator

from question_bank.cases import Cases
from question_bank.generators.base import (
    Context,
    concept_attrs,
    fill,
    mid_sentence,
    sample_distinct,
)
from question_bank.generators.vignette import option_name
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
    """A safe wrong value that shares a broader class with the true one (an SNRI for a drug that
    is a tricyclic antidepressant), so the false statement is a plausible slip, not a giveaway."""
    know = ctx.know
    true = know.true_closure(concept_values(entity, spec.name))
    related = [
        c
        for c in know.candidates(entity.kind, spec.name, spec.concept_type)
        if (know.ancestors(c) - {c}) & (true - set(concept_values(entity, spec.name)) | true)
        and not know.unsafe(entity, spec.name, c)
    ]
    picked = sample_distinct(ctx.rng(f"tf-false:{entity.id}:{spec.name}"), related, 1, accept=bool, key=str)
    return picked[0] if picked else None


def _coin(fact: str) -> bool:
    """A fair coin per fact that no seed changes, so a fact's item keeps its id across seeds."""
    return hashlib.blake2b(fact.encode(), digest_size=1).digest()[0] < 128


def _shares_a_root(a: str, b: str) -> bool:
    """Two texts share a word's first four letters ('surgery', 'post-surgical')."""
    roots = {w[:4] for w in content_words(a)}
    return any(w[:4] in roots for part in content_words(b) for w in (part, *part.split("-")) if len(w) >= 4)


def _guessable(ctx: Context, entity: Entity, value: str) -> bool:
    """The name gives the value away ('stem cell injection is a stem-cell therapy')."""
    concept = ctx.know.concept(value)
    value_words = content_words(" ".join((concept.label, *concept.synonyms)))
    return bool(content_words(" ".join((entity.name, *entity.aliases))) & value_words)


def generate_truefalse(ctx: Context) -> Iterator[Question]:
    """One statement per fact, never a true/false mirror pair, and only for a fact that has a
    plausible wrong value: true or false by a stable coin, so about half are true."""
    for entity in ctx.bank.entities.values():
        for spec in concept_attrs(ctx, entity, "statement"):
            wrong = _wrong_value(ctx, entity, spec)
            if wrong is None or _guessable(ctx, entity, concept_values(entity, spec.name)[0]):
                continue
            if _coin(ctx.fact(entity, spec.name)):
                yield _item(ctx, entity, spec, wrong, truth=False)
            else:
                yield _item(ctx, entity, spec, concept_values(entity, spec.name)[0], truth=True)
    if ctx.bank.cases is not None:
        yield from _finding_statements(ctx, Cases(ctx.bank.cases, ctx.know))


def _finding_statements(ctx: Context, cases: Cases) -> Iterator[Question]:
    """'A suppressed PTH fits primary hyperparathyroidism': a finding from an entity's case
    profile, stated truly (its typical value) or falsely (a value the profile rules out)."""
    variables = cases.book.variables
    for entity_id, profile in cases.book.profiles.items():
        entity = ctx.bank.entities[entity_id]
        subject = mid_sentence(option_name(cases, entity))
        for variable, allowed in profile.findings.items():
            spec = variables[variable]
            wrong = [v for v in spec.values if v not in allowed]
            if spec.property or spec.attribute or not wrong:
                continue
            if _shares_a_root(cases.phrase(variable, allowed[0]), subject):
                continue  # 'previous spinal surgery' and post-surgical ossification
            attr = f"finding-{variable}"
            truth = not _coin(ctx.fact(entity, attr))
            value = allowed[0] if truth else wrong[0]
            verdict = "True" if truth else "False"
            profile_why = profile.why or f"Source: {profile.source}."
            yield ctx.question(
                template="tf-finding",
                entity=entity,
                attr=attr,
                shown=value,
                type="truefalse",
                prompt=f"True or false? In {subject}, one expects {cases.phrase(variable, value)}.",
                choices=_CHOICES,
                answer=verdict,
                explanation=f"{verdict}. Typical: {cases.phrase(variable, allowed[0])}. {profile_why}",
            )
