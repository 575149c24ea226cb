"""Turn a bank into questions with every registered generator."""

from __future__ import annotations

from collections.abc import Iterable

from question_bank.generators import Context
from question_bank.knowledge import Knowledge
from question_bank.model import Bank, Question
from question_bank.types import QUESTION_TYPES, get_type


def generate(bank: Bank, seed: int = 0, types: Iterable[str] | None = None) -> list[Question]:
    """All questions for the bank in study order; the same bank and seed give the same list.

    Study order follows the bank's sections (as listed in bank.yaml), then the schema's kinds, then
    the bank's entity order, then question type, so new cards arrive topic by topic, not MCQs first.
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

    return sorted(questions, key=order)
