"""Single-best-answer MCQs: forward (entity -> value), reverse (value -> entity), and definitions."""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Iterator
from typing import Any

from question_bank.checks import CHOICE_CHECKS, run_checks
from question_bank.generators.base import (
    MAX_OPTIONS,
    MIN_OPTIONS,
    Context,
    clue_pools,
    concept_attrs,
    display,
    fill,
    join,
    mid_sentence,
    option_key,
    pick_options,
    sample_distinct,
    sentence,
    shuffled,
    specific_terms,
)
from question_bank.knowledge import concept_values
from question_bank.model import Entity, Question
from question_bank.payloads import ChoicePayload
from question_bank.schema import AttrSpec

_ATTEMPTS = 4
_CLOZE_MARK = re.compile(r"\[\[(.+?)\]\]")


def plain(text: str) -> str:
    """Text without cloze marks or a closing full stop, for quoting inside a question."""
    return _CLOZE_MARK.sub(r"\1", text).strip().rstrip(".")


def first_clean(
    build: Callable[[random.Random], Question | None], ctx: Context, seed_key: str
) -> Question | None:
    """The first attempt whose item passes the item-writing lint; None if every attempt fails."""
    last: tuple[Question, str] | None = None
    for attempt in range(_ATTEMPTS):
        question = build(ctx.rng(f"{seed_key}#{attempt}"))
        if question is None:
            continue
        flaws = run_checks(question, CHOICE_CHECKS)
        if not flaws:
            return question
        last = (question, flaws[0])
    if last is not None:
        ctx.hold_back(*last)
    return None


def mcq_fields(rng: random.Random, key: str, distractors: list[str]) -> dict[str, Any] | None:
    if len(distractors) < MIN_OPTIONS - 1:
        return None
    choices = shuffled(rng, [display(key), *(display(d) for d in distractors)])
    return {"type": "mcq", "choices": tuple(choices), "answer": display(key)}


def explained(fields: dict[str, Any], reasons: dict[str, str], objective: str) -> dict[str, Any]:
    """The fields with a payload explaining each option (keyed by its text) and the objective; the
    explanation text ends with the objective, so every export shows it."""
    rationales = tuple(reasons.get(choice, "") for choice in fields["choices"])
    return {**fields, "payload": ChoicePayload(rationales=rationales, objective=objective)}


def objective_of(statement: str) -> str:
    return f"Know that {mid_sentence(statement.rstrip('.'))}."


def _forward(ctx: Context, entity: Entity, spec: AttrSpec, value: str) -> Question | None:
    know = ctx.know
    pool = know.candidates(entity.kind, spec.name, spec.concept_type)
    key_norm = option_key(ctx.label(value))

    def build(rng: random.Random) -> Question | None:
        picked = sample_distinct(
            rng,
            pool,
            MAX_OPTIONS - 1,
            accept=lambda c: not know.unsafe(entity, spec.name, c) and option_key(ctx.label(c)) != key_norm,
            key=lambda c: option_key(ctx.label(c)),
        )
        if _nested(ctx, [value, *picked]):
            return None  # 'An antidepressant' beside 'An SNRI': one option contains another
        fields = mcq_fields(rng, ctx.label(value), [ctx.label(c) for c in picked])
        if fields is None:
            return None
        explanation = ctx.explain_values(entity, spec, picked)
        statement = ctx.statement(entity, spec, [value])
        reasons = {display(ctx.label(value)): statement}
        for c in picked:
            holder = ctx.holder_statement(entity, spec, c)
            reasons[display(ctx.label(c))] = holder or f"Not this one: {ctx.why_not(entity, spec)}"
        fields = explained(fields, reasons, objective_of(statement))
        return ctx.question(
            template="mcq-forward",
            entity=entity,
            attr=spec.name,
            key=value,
            prompt=fill(spec.phrasing["forward"], subject=entity.name),
            explanation=explanation,
            key_terms=specific_terms(
                know.concept(value).synonyms, _names_of(ctx, picked), spec.phrasing["forward"]
            ),
            **fields,
        )

    return first_clean(build, ctx, f"fwd:{entity.id}:{spec.name}:{value}")


def _nested(ctx: Context, concepts: list[str]) -> bool:
    """Two of the concepts where one is broader than the other."""
    return any(a != b and a in ctx.know.ancestors(b) for a in concepts for b in concepts)


def _same_grouping(ctx: Context, a: Entity, b: Entity) -> bool:
    """Options of one kind: where the kind has a grouping (a calcification type's classification),
    a distractor shares one of the key's groups, so morphological types are not offered with
    aetiological ones."""
    groupings = [s.name for s in ctx.know.kinds[a.kind].attributes.values() if s.grouping and s.is_concept]
    return all(set(concept_values(a, g)) & set(concept_values(b, g)) for g in groupings if g in a.attrs)


def _names_of(ctx: Context, concepts: list[str]) -> list[str]:
    return [name for c in concepts for name in (ctx.label(c), *ctx.know.concept(c).synonyms)]


def _reverse(ctx: Context, entity: Entity, spec: AttrSpec, value: str) -> Question | None:
    know = ctx.know
    pool = know.by_kind[entity.kind]

    prompt = fill(spec.phrasing["reverse"], value=ctx.label(value))

    def build(rng: random.Random) -> Question | None:
        picked = pick_options(
            rng,
            pool,
            MAX_OPTIONS - 1,
            accept=lambda d: (
                not know.overlapping(entity, d)
                and not know.unsafe(d, spec.name, value)
                and option_key(d.name) != option_key(entity.name)
            ),
            key=lambda d: option_key(d.name),
            preferred=clue_pools(ctx, entity, prompt),
        )
        fields = mcq_fields(rng, entity.name, [d.name for d in picked])
        if fields is None:
            return None
        explanation = join(ctx.statement(entity, spec, [value]), *(ctx.why_not(d, spec) for d in picked))
        statement = ctx.statement(entity, spec, [value])
        reasons = {display(entity.name): statement, **{display(d.name): ctx.why_not(d, spec) for d in picked}}
        fields = explained(fields, reasons, objective_of(statement))
        return ctx.question(
            template="mcq-reverse",
            entity=entity,
            attr=spec.name,
            key=value,
            prompt=prompt,
            explanation=explanation.strip(),
            key_terms=specific_terms(
                entity.aliases, [t for d in picked for t in (d.name, *d.aliases)], spec.phrasing["reverse"]
            ),
            **fields,
        )

    return first_clean(build, ctx, f"rev:{entity.id}:{spec.name}:{value}")


def _definition(ctx: Context, entity: Entity, spec: AttrSpec) -> Question | None:
    """'Which cause acts this way: <its mechanism>?' with other same-kind entities as distractors."""
    know = ctx.know
    text = plain(str(entity.attrs[spec.name]))
    first_word = text.split(" ", 1)[0]
    abbreviation = any(ch.isupper() or ch.isdigit() for ch in first_word[1:])
    first = text if abbreviation else text[:1].lower() + text[1:]
    prompt = fill(spec.phrasing["reverse"], text=first)

    def build(rng: random.Random) -> Question | None:
        picked = pick_options(
            rng,
            know.by_kind[entity.kind],
            MAX_OPTIONS - 1,
            accept=lambda d: (
                not know.overlapping(entity, d)
                and option_key(d.name) != option_key(entity.name)
                and _same_grouping(ctx, entity, d)
            ),
            key=lambda d: option_key(d.name),
            preferred=clue_pools(ctx, entity, prompt),
        )
        fields = mcq_fields(rng, entity.name, [d.name for d in picked])
        if fields is None:
            return None
        explanation = f"{display(entity.name)}: {text}. " + " ".join(
            f"{display(d.name)}: {plain(str(d.attrs[spec.name]))}." for d in picked if spec.name in d.attrs
        )
        reasons = {display(entity.name): f"{sentence(text)}."}
        reasons |= {
            display(d.name): f"{sentence(plain(str(d.attrs[spec.name])))}."
            for d in picked
            if spec.name in d.attrs
        }
        what = spec.name.replace("_", " ")
        fields = explained(fields, reasons, f"Recognise {entity.name} from its {what}.")
        return ctx.question(
            template="mcq-definition",
            entity=entity,
            attr=spec.name,
            prompt=prompt,
            explanation=explanation.strip(),
            key_terms=specific_terms(
                entity.aliases, [t for d in picked for t in (d.name, *d.aliases)], spec.phrasing["reverse"]
            ),
            **fields,
        )

    return first_clean(build, ctx, f"def:{entity.id}:{spec.name}")


def generate_mcq(ctx: Context) -> Iterator[Question]:
    for entity in ctx.bank.entities.values():
        for spec in concept_attrs(ctx, entity, "forward"):
            # One item per fact: the stem is the same for every value, so it gets one key.
            q = _forward(ctx, entity, spec, concept_values(entity, spec.name)[0])
            if q is not None:
                yield q
        for spec in concept_attrs(ctx, entity, "reverse"):
            for value in concept_values(entity, spec.name):
                # Asked backwards only when one entity of the kind has the value: one stem, one key.
                if len(ctx.know.holders.get((entity.kind, spec.name, value), [])) != 1:
                    continue
                q = _reverse(ctx, entity, spec, value)
                if q is not None:
                    yield q
        for spec in ctx.know.kinds[entity.kind].attributes.values():
            if spec.distinctive and "reverse" in spec.phrasing and spec.name in entity.attrs:
                q = _definition(ctx, entity, spec)
                if q is not None:
                    yield q
