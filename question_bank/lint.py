"""The item-writing lint: each item's checks (question_bank.checks, chosen by its type), and the
checks that need the whole bank (one key per stem, true/false share and mirror pairs, items per fact).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence

from question_bank.model import Question
from question_bank.text import normalize
from question_bank.types import get_type

OBJECTIVE = ("vignette", "mcq", "multi", "truefalse", "matching")
MAX_TRUEFALSE_SHARE = 0.1
MAX_OBJECTIVE_PER_FACT = 3


def lint(question: Question) -> list[str]:
    """Every item-writing flaw in the question; an empty list means it passes."""
    return get_type(question.type).lint(question)


def objective(questions: Sequence[Question]) -> list[Question]:
    return [q for q in questions if q.type in OBJECTIVE]


def stems_with_two_keys(questions: Sequence[Question]) -> dict[str, set[str]]:
    """Objective stems (normalised) that items with different keys share."""
    keys: dict[str, set[str]] = defaultdict(set)
    for q in objective(questions):
        keys[normalize(q.prompt)].add("|".join(q.answers))
    return {stem: found for stem, found in keys.items() if len(found) > 1}


def bank_findings(questions: Sequence[Question]) -> list[str]:
    """Flaws of the bank as a whole, each a line fit to print."""
    items = objective(questions)
    findings = [
        f"stem with {len(k)} different keys: {stem!r}" for stem, k in stems_with_two_keys(questions).items()
    ]
    statements = [q for q in items if q.type == "truefalse"]
    if items and len(statements) > MAX_TRUEFALSE_SHARE * len(items):
        findings.append(
            f"true/false items are {len(statements) / len(items):.0%} of objective items (at most 10%)"
        )
    mirrored = [fact for fact, n in Counter(q.fact for q in statements).items() if n > 1]
    findings += [f"true/false mirror statements about one fact: {fact}" for fact in mirrored]
    per_fact = Counter(q.fact for q in items)
    findings += [
        f"{n} objective items ask one fact (at most {MAX_OBJECTIVE_PER_FACT}): {fact}"
        for fact, n in per_fact.items()
        if n > MAX_OBJECTIVE_PER_FACT
    ]
    return findings
