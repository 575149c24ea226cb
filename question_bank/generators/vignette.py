"""Clinical vignettes: a case stem written from sourced findings, one best answer proven.

For each vignette plan and each candidate with a profile, the stem states the candidate's
typical value of every variable the plan uses. A distractor is offered only when at least one
stated finding contradicts its own profile (Cases.contradiction); candidates the findings do
not rule out are left out of the options. An item that cannot show four options is not written.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator

from question_bank.cases import Cases, Findings, Plan
from question_bank.checks import CHOICE_CHECKS
from question_bank.generators.base import MAX_OPTIONS, MIN_OPTIONS, Context, display, join, sentence, shuffled
from question_bank.model import Entity, Question
from question_bank.payloads import VignettePayload

MIN_SENTENCES, MAX_SENTENCES = 3, 6
_SENTENCE_END = re.compile(r"[.?!](?:\s|$)")
_TRAILING_NOTE = re.compile(r"\s*\([^)]*\)$")


def generate_vignettes(ctx: Context) -> Iterator[Question]:
    book = ctx.bank.cases
    if book is None:
        return
    cases = Cases(book, ctx.know)
    for plan in book.plans:
        for key_id in plan.keys or plan.candidates:
            question = _vignette(ctx, cases, plan, ctx.bank.entities[key_id])
            if question is not None:
                yield question


def stated_findings(cases: Cases, plan: Plan, key: Entity) -> dict[str, str]:
    """What the plan always states, then the key's typical value of each variable it uses."""
    profile = cases.profile(key)
    return {**plan.asks, **{v: profile[v][0] for v in plan.uses if profile.get(v)}}


def sentence_count(text: str) -> int:
    return len(_SENTENCE_END.findall(text))


def option_name(cases: Cases, entity: Entity) -> str:
    """The profile's option text, else the entity's name without a closing gloss that could cue
    the stem: 'Secondary hyperparathyroidism (CKD)' reads 'Secondary hyperparathyroidism'."""
    profile = cases.book.profiles.get(entity.id)
    return display(profile.option if profile and profile.option else _TRAILING_NOTE.sub("", entity.name))


def ruled_out(cases: Cases, plan: Plan, key: Entity, findings: Findings) -> list[Entity]:
    """Candidates other than the key that a stated finding contradicts: nearest misses first
    (those the fewest findings rule out), taking turns between the reasons they are wrong, so
    the options are the ones worth telling apart and not four of one sort."""
    entities = [cases.know.bank.entities[eid] for eid in plan.candidates if eid != key.id]
    wrong = sorted(
        (e for e in entities if cases.contradiction(e, findings)), key=lambda e: cases.misses(e, findings)
    )
    by_reason: dict[tuple[str, str], list[Entity]] = {}
    for entity in wrong:
        variable = cases.contradiction(entity, findings)
        by_reason.setdefault((variable, cases.profile(entity)[variable][0]), []).append(entity)
    groups = list(by_reason.values())
    return [g[i] for i in range(max(map(len, groups), default=0)) for g in groups if i < len(g)]


def _vignette(ctx: Context, cases: Cases, plan: Plan, key: Entity) -> Question | None:
    findings = stated_findings(cases, plan, key)
    stem = _stem(cases, plan, key, findings)
    if not cases.holds(key, findings) or not MIN_SENTENCES <= sentence_count(stem) <= MAX_SENTENCES:
        return None
    if any(not cases.sentence(v, x) and not cases.book.variables[v].property for v, x in findings.items()):
        return None  # a finding about the patient that the stem could not state
    pool = ruled_out(cases, plan, key, findings)
    if len(pool) < MIN_OPTIONS - 1:
        return None
    template = f"vignette-{plan.id}"
    distractors = pool[: MAX_OPTIONS - 1]
    question = _build(ctx, cases, plan, key, findings, stem, distractors, ctx.rng(f"{template}:{key.id}"))
    return question if ctx.passes(question, CHOICE_CHECKS) else None


def _stem(cases: Cases, plan: Plan, key: Entity, findings: Findings) -> str:
    profile = cases.book.profiles.get(key.id)
    patient = (profile.patient if profile and profile.patient else "") or plan.patient
    opening = sentence(plan.opening.format(patient=patient))
    return join(opening, *(cases.sentence(v, value) for v, value in findings.items()))


def _build(
    ctx: Context,
    cases: Cases,
    plan: Plan,
    key: Entity,
    findings: Findings,
    stem: str,
    distractors: list[Entity],
    rng: random.Random,
) -> Question:
    options = shuffled(rng, [key, *distractors])
    rationale = {e.id: _why_not(cases, e, findings) for e in distractors}
    rationale[key.id] = _why_key(cases, key, findings)
    payload = VignettePayload(
        stem=stem,
        lead_in=plan.lead_in,
        rationales=tuple(rationale[e.id] for e in options),
        objective=plan.objective,
    )
    explanation = join(
        f"{option_name(cases, key)} is correct. {rationale[key.id]}",
        *(f"{option_name(cases, e)}: {rationale[e.id]}" for e in distractors),
    )
    return ctx.question(
        template=f"vignette-{plan.id}",
        entity=key,
        attr=f"vignette-{plan.id}",
        type="vignette",
        prompt=f"{stem} {plan.lead_in}",
        choices=tuple(option_name(cases, e) for e in options),
        answer=option_name(cases, key),
        explanation=explanation,
        payload=payload,
        source=_source(ctx, cases, key),
        also_asks=tuple(
            ctx.fact(key, cases.book.variables[v].attribute)
            for v in findings
            if cases.book.variables[v].attribute
        ),
    )


def _source(ctx: Context, cases: Cases, key: Entity) -> str:
    """The key's section and citations, then the source its case profile names."""
    profile = cases.book.profiles.get(key.id)
    return join(ctx.source(key), f"— {profile.source}" if profile else "")


def _listed(phrases: list[str]) -> str:
    return ", ".join(phrases[:-1]) + " and " + phrases[-1] if len(phrases) > 1 else phrases[0]


def _why_key(cases: Cases, key: Entity, findings: Findings) -> str:
    variables = cases.book.variables
    facts = [cases.phrase(v, x) for v, x in findings.items() if not variables[v].property]
    properties = [cases.phrase(v, x) for v, x in findings.items() if variables[v].property]
    clauses = ([f"it fits {_listed(facts)}"] if facts else []) + properties
    profile = cases.book.profiles.get(key.id)
    return join(sentence(f"{'; '.join(clauses)}."), profile.why if profile else "")


def _why_not(cases: Cases, entity: Entity, findings: Findings) -> str:
    """The first stated finding the option's own profile rules out, and what it expects instead."""
    variable = cases.contradiction(entity, findings)
    # An attribute variable lists the entity's own value first and then values merely not denied.
    shown = 1 if cases.book.variables[variable].attribute else 2
    expected = " or ".join(cases.phrase(variable, v) for v in cases.profile(entity)[variable][:shown])
    if cases.book.variables[variable].property:
        return sentence(f"{expected}.")
    stated = cases.phrase(variable, findings[variable])
    return f"{sentence(expected)} would be expected, but this patient has {stated}."
