"""Counts of generated questions by topic and type, and the facts no question asks."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from question_bank.lint import bank_findings, lint, objective, stems_with_two_keys
from question_bank.model import Bank, Question
from question_bank.schema import load_kinds


@dataclass(frozen=True)
class BankStats:
    total: int
    by_topic_type: Counter[tuple[str, str]]
    facts: int
    uncovered: tuple[str, ...]  # fact ids (bank:entity:attribute) asked by no question
    objective: int = 0
    vignettes: int = 0
    truefalse: int = 0
    per_fact: Counter[int] = field(default_factory=Counter)  # objective items per fact -> facts
    two_key_stems: int = 0
    sections_with_vignettes: tuple[str, ...] = ()
    findings: tuple[str, ...] = ()  # every linter finding, item by item and bank-wide
    held_back: tuple[str, ...] = ()  # items the generators made and the linter kept out


def facts_of(bank: Bank) -> list[str]:
    """Every fact the bank states: one per entity attribute (orderings and groupings excepted)."""
    kinds = load_kinds()
    return [
        f"{bank.slug}:{e.id}:{name}"
        for e in bank.entities.values()
        for name, spec in kinds[e.kind].attributes.items()
        if name in e.attrs and spec.type != "integer" and not spec.grouping
    ]


def bank_stats(bank: Bank, questions: Sequence[Question], held_back: Sequence[str] = ()) -> BankStats:
    asked = {q.fact for q in questions}
    facts = facts_of(bank)
    items = objective(questions)
    vignettes = [q for q in items if q.type == "vignette"]
    item_findings = [f"{q.id} ({q.type}): {flaw}" for q in questions for flaw in lint(q)]
    return BankStats(
        total=len(questions),
        by_topic_type=Counter((q.topic, q.type) for q in questions),
        facts=len(facts),
        uncovered=tuple(f for f in facts if f not in asked),
        objective=len(items),
        vignettes=len(vignettes),
        truefalse=sum(1 for q in items if q.type == "truefalse"),
        per_fact=Counter(Counter(q.fact for q in items).values()),
        two_key_stems=len(stems_with_two_keys(questions)),
        sections_with_vignettes=tuple(
            sorted({bank.entities[q.meta["entity"]].section for q in vignettes if "entity" in q.meta})
        ),
        findings=(*item_findings, *bank_findings(questions)),
        held_back=tuple(held_back),
    )


def format_stats(stats: BankStats) -> str:
    types = sorted({t for _, t in stats.by_topic_type})
    topics = sorted({topic for topic, _ in stats.by_topic_type})
    width = max([len("topic"), *(len(t) for t in topics)])
    lines = [f"{'topic':<{width}}  " + "  ".join(f"{t:>9}" for t in types) + "      total"]
    for topic in topics:
        row = [stats.by_topic_type[(topic, t)] for t in types]
        lines.append(f"{topic:<{width}}  " + "  ".join(f"{n:>9}" for n in row) + f"  {sum(row):>9}")
    totals = [sum(n for (_, t), n in stats.by_topic_type.items() if t == ty) for ty in types]
    lines.append(f"{'all':<{width}}  " + "  ".join(f"{n:>9}" for n in totals) + f"  {stats.total:>9}")
    covered = stats.facts - len(stats.uncovered)
    lines.append(f"facts covered: {covered}/{stats.facts}")
    lines += [f"  not asked: {fact}" for fact in stats.uncovered]
    lines += _quality_lines(stats)
    return "\n".join(lines)


def _share(part: int, whole: int) -> str:
    return f"{part} ({part / whole:.0%})" if whole else "0"


def _quality_lines(stats: BankStats) -> list[str]:
    spread = ", ".join(f"{n} item(s): {facts} fact(s)" for n, facts in sorted(stats.per_fact.items()))
    return [
        f"objective items: {stats.objective}; vignettes {_share(stats.vignettes, stats.objective)}; "
        f"true/false {_share(stats.truefalse, stats.objective)}",
        f"objective items per fact: {spread or 'none'}",
        f"sections asked by a vignette: {', '.join(stats.sections_with_vignettes) or 'none'}",
        f"stems shared by items with different keys: {stats.two_key_stems}",
        f"linter findings: {len(stats.findings)}",
        *(f"  {finding}" for finding in stats.findings),
        f"items the linter kept out (rewrite the fact to get them): {len(stats.held_back)}",
        *(f"  {held}" for held in stats.held_back),
    ]
