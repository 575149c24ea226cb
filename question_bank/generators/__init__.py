"""Question generators, one module per question type, looked up by name."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from question_bank.generators.base import Context
from question_bank.generators.cloze import generate_cloze
from question_bank.generators.flashcard import generate_flashcards
from question_bank.generators.matching import generate_matching
from question_bank.generators.mcq import generate_mcq
from question_bank.generators.multi import generate_multi
from question_bank.generators.truefalse import generate_truefalse
from question_bank.model import Question

__all__ = ["GENERATORS", "Context", "Generator", "get_generator"]

Generator = Callable[[Context], Iterator[Question]]

GENERATORS: dict[str, Generator] = {
    "mcq": generate_mcq,
    "multi": generate_multi,
    "truefalse": generate_truefalse,
    "cloze": generate_cloze,
    "matching": generate_matching,
    "flashcard": generate_flashcards,
}


def get_generator(name: str) -> Generator:
    return GENERATORS[name]
