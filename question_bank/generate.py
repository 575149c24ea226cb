"""Turn a bank into questions with every registered generator."""

from __future__ import annotations

from collections.abc import Iterable

from question_bank.generators import GENERATORS, Context
from question_bank.knowledge import Knowledge
from question_bank.model import Bank, Question


def generate(bank: Bank, seed: int = 0, types: Iterable[str] | None = None) -> list[Question]:
    """All questions for the bank; the same bank and seed always give the same questions."""
    ctx = Context(bank=bank, know=Knowledge(bank), seed=seed)
    names = list(types) if types is not None else list(GENERATORS)
    return [q for name in names for q in GENERATORS[name](ctx)]
