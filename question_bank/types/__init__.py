"""The registry of question types: one module per type, looked up by name.

Adding a type means one new module here, one line in `QUESTION_TYPES`, its Jinja partials in
quizapp/templates/types/ and its tests; the generators, graders, study pages and export formats
all ask this registry.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from question_bank.model import Question
from question_bank.payloads import ClozePayload, MatchingPayload
from question_bank.types.base import Graded, InvalidQuestion, InvalidResponse, QuestionType
from question_bank.types.cloze import ClozeDeletion, cloze_numbers, cloze_parts
from question_bank.types.flashcard import Flashcard
from question_bank.types.matching import MatchItems
from question_bank.types.mcq import SingleBestAnswer
from question_bank.types.multi import SelectAll
from question_bank.types.numerical import NumericalAnswer, NumericalPayload
from question_bank.types.shortanswer import ShortAnswer
from question_bank.types.truefalse import TrueOrFalse
from question_bank.types.vignette import Vignette

__all__ = [
    "QUESTION_TYPES",
    "ClozePayload",
    "Graded",
    "InvalidQuestion",
    "InvalidResponse",
    "MatchingPayload",
    "NumericalPayload",
    "QuestionType",
    "UnknownType",
    "cloze_numbers",
    "cloze_parts",
    "get_type",
    "question_from_dict",
]

QUESTION_TYPES: dict[str, QuestionType] = {
    t.name: t
    for t in (
        Vignette(),
        SingleBestAnswer(),
        SelectAll(),
        TrueOrFalse(),
        ClozeDeletion(),
        MatchItems(),
        Flashcard(),
        ShortAnswer(),
        NumericalAnswer(),
    )
}


class UnknownType(InvalidQuestion, KeyError):
    pass


def get_type(name: str) -> QuestionType:
    """The type registered under `name`; UnknownType names the known ones."""
    try:
        return QUESTION_TYPES[name]
    except KeyError:
        known = ", ".join(sorted(QUESTION_TYPES))
        raise UnknownType(f"unknown question type {name!r} (known: {known})") from None


def question_from_dict(data: Mapping[str, Any]) -> Question:
    """A Question from its `to_dict()` form (the JSON export, a stored row)."""
    answer = data["answer"]
    qtype = get_type(data["type"])
    try:
        payload = qtype.payload_class.from_dict(data.get("payload") or {})
    except (TypeError, ValueError) as error:
        raise InvalidQuestion(f"question {data.get('id')}: {error}") from None
    return Question(
        id=data["id"],
        type=data["type"],
        prompt=data["prompt"],
        choices=tuple(data.get("choices", ())),
        answer=tuple(answer) if isinstance(answer, list) else answer,
        explanation=data.get("explanation", ""),
        tags=tuple(data.get("tags", ())),
        source=data.get("source", ""),
        bank=data.get("bank", ""),
        topic=data.get("topic", ""),
        fact=data.get("fact", data["id"]),
        payload=payload,
        media=tuple(data.get("media", ())),
        answer_media=tuple(data.get("answer_media") or ()),
        version=int(data.get("version", 0)),
        markup=data.get("markup") or "plain",
    )
