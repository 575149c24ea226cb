"""Counts of generated questions by topic and type, and the facts no question asks."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from question_bank.model import Bank, Question
from question_bank.schema import load_kinds


@dataclass(frozen=True)
class BankStats:
    total: int
    by_topic_type: Counter[tuple[str, str]]
    facts: int
    uncovered: tuple[str, ...]  # fact ids (bank:entity:attribute) asked by no question


def facts_of(bank: Bank) -> list[str]:
    """Every fact the bank states: one per entity attribute (orderings and groupings excepted)."""
    kinds = load_kinds()
    return [
        f"{bank.slug}:{e.id}:{name}"
        for e in bank.entities.values()
        for name, spec in kinds[e.kind].attributes.items()
        if name in e.attrs and spec.type != "integer" and not spec.grouping
    ]


def bank_stats(bank: Bank, questions: Sequence[Question]) -> BankStats:
    asked = {q.fact for q in questions}
    facts = facts_of(bank)
    return BankStats(
        total=len(questions),
        by_topic_type=Counter((q.topic, q.type) for q in questions),
        facts=len(facts),
        uncovered=tuple(f for f in facts if f not in asked),
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
    return "\n".join(lines)
