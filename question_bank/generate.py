"""Turn a bank into questions with every registered generator."""

from __future__ import annotations

from collections.abc import Iterable

from question_bank.generators import Context
from question_bank.knowledge import Knowledge
from question_bank.lint import MAX_TRUEFALSE_SHARE, OBJECTIVE  # OBJECTIVE: kept in this order
from question_bank.model import Bank, Question
from question_bank.text import normalize
from question_bank.types import QUESTION_TYPES, get_type


def generate(bank: Bank, seed: int = 0, types: Iterable[str] | None = None) -> list[Question]:
    return generate_with_report(bank, seed, types)[0]


def generate_with_report(
    bank: Bank, seed: int = 0, types: Iterable[str] | None = None
) -> tuple[list[Question], list[str]]:
    """All questions for the bank in study order; the same bank and seed give the same list.

    Each form of item (vignettes, other objective items, recall items) is ordered by the bank's
    sections (as listed in bank.yaml), the schema's kinds, the bank's entity order and question
    type; then the three are interleaved (`mixed`), so a first session already holds vignettes,
    MCQs and recall items instead of twenty flashcards on the first topic.
    """
    ctx = Context(bank=bank, know=Knowledge(bank), seed=seed)
    names = list(types) if types is not None else list(QUESTION_TYPES)
    questions = [q for name in names for q in get_type(name).generate(ctx)]
    section_rank = {sid: i for i, sid in enumerate(bank.sections)}
    kind_rank = {kind: i for i, kind in enumerate(ctx.know.kinds)}
    entity_rank = {eid: i for i, eid in enumerate(bank.entities)}

    def order(q: Question) -> tuple[int, int, int, int]:
        entity = bank.entities[q.meta["entity"]]
        kind, position = kind_rank[entity.kind], entity_rank[entity.id]
        return (section_rank[entity.section], kind, position, QUESTION_TYPES[q.type].study_rank)

    written = [q for q in bank.items if q.type in names]
    return mixed(fewer_per_fact(sorted(questions, key=order)) + written), ctx.held_back


# Where each form is spread in the new-card queue, as a fraction of the queue: vignettes over
# its first half (they are what the bank is for), the rest over all of it.
_SPREAD = {"vignette": 0.5}


def mixed(questions: list[Question]) -> list[Question]:
    """Vignettes, other objective items and recall items interleaved evenly, each keeping its order."""
    forms: dict[str, list[Question]] = {}
    for q in questions:
        form = q.type if q.type == "vignette" else "objective" if q.type in OBJECTIVE else "recall"
        forms.setdefault(form, []).append(q)
    placed = [
        ((i + 0.5) / len(items) * _SPREAD.get(form, 1.0), q)
        for form, items in forms.items()
        for i, q in enumerate(items)
    ]
    return [q for _, q in sorted(placed, key=lambda pair: pair[0])]


MAX_OBJECTIVE_PER_FACT = 2  # the lint allows 3; the bundled generators keep 2
# True/false is the weakest objective form: kept only for a fact that has at most this many
# other objective items, and never above the lint's share of the objective items.
MAX_OTHERS_FOR_TRUEFALSE = 1


def facts_asked(q: Question) -> list[str]:
    also = q.meta.get("also_asks", "")
    return [q.fact, *(also.split("|") if also else [])]


def fewer_per_fact(questions: list[Question]) -> list[Question]:
    """Objective items with one key per stem (the first in study order keeps it) and at most
    MAX_OBJECTIVE_PER_FACT per fact, vignettes first, then by type; recall items all stay."""
    by_type = {name: rank for rank, name in enumerate(OBJECTIVE)}
    kept: set[str] = set()
    seen_stems: set[str] = set()
    per_fact: dict[str, int] = {}
    for q in sorted((q for q in questions if q.type in by_type), key=lambda q: by_type[q.type]):
        stem = normalize(q.prompt)
        limit = MAX_OTHERS_FOR_TRUEFALSE + 1 if q.type == "truefalse" else MAX_OBJECTIVE_PER_FACT
        if stem in seen_stems or per_fact.get(q.fact, 0) >= limit:
            continue
        seen_stems.add(stem)
        for fact in facts_asked(q):
            per_fact[fact] = per_fact.get(fact, 0) + 1
        kept.add(q.id)
    return _truefalse_capped([q for q in questions if q.type not in by_type or q.id in kept])


def _truefalse_capped(questions: list[Question]) -> list[Question]:
    """The first true/false items in study order, up to MAX_TRUEFALSE_SHARE of objective items."""
    others = sum(1 for q in questions if q.type in OBJECTIVE and q.type != "truefalse")
    allowed = int(MAX_TRUEFALSE_SHARE * others / (1 - MAX_TRUEFALSE_SHARE))
    statements = [q.id for q in questions if q.type == "truefalse"][:allowed]
    return [q for q in questions if q.type != "truefalse" or q.id in statements]
