"""Term/definition CSV for Quizlet-style flashcard tools: a header row, then one card per question.

Plain text (no HTML), UTF-8 without BOM, RFC 4180 quoting (commas, quotes and line breaks inside a
cell are quoted by the csv module) and CRLF line ends.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence
from typing import BinaryIO

from exports.base import ExportError, ExportFormat, ExportOptions
from exports.text import (
    LETTERS,
    answers_of,
    correct_indexes,
    matching_pairs,
    options_of,
)
from question_bank import Question

HEADER = ("term", "definition")


def _with_explanation(text: str, question: Question) -> str:
    explanation = question.explanation.strip()
    return f"{text}\n{explanation}" if explanation else text


def choice_card(question: Question) -> tuple[str, str]:
    """Term: the stem and lettered options; definition: the keyed letters and options."""
    options = options_of(question)
    lettered = [f"{LETTERS[i]}. {option}" for i, option in enumerate(options)]
    term = "\n".join([question.prompt, *lettered])
    key = "\n".join(lettered[i] for i in correct_indexes(question))
    return term, _with_explanation(key, question)


def truefalse_card(question: Question) -> tuple[str, str]:
    return question.prompt, _with_explanation(str(question.answer), question)


def matching_card(question: Question) -> tuple[str, str]:
    pairs = matching_pairs(question)
    term = "\n".join([question.prompt, *(f"- {item}" for item, _ in pairs)])
    return term, "\n".join(f"{item} → {match}" for item, match in pairs)


def flashcard_card(question: Question) -> tuple[str, str]:
    return question.prompt, " / ".join(answers_of(question))


CARDS: dict[str, Callable[[Question], tuple[str, str]]] = {
    "mcq": choice_card,
    "multi": choice_card,
    "truefalse": truefalse_card,
    "matching": matching_card,
    "cloze": flashcard_card,  # the prompt already shows the blank that `answer` fills
    "flashcard": flashcard_card,
}


def card_for(question: Question) -> tuple[str, str]:
    try:
        card = CARDS[question.type]
    except KeyError:
        raise ExportError(f"question {question.id}: unknown type {question.type!r}") from None
    return card(question)


def write_csv(questions: Sequence[Question], out: BinaryIO, options: ExportOptions) -> None:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(HEADER)
    writer.writerows(card_for(q) for q in questions)
    out.write(buffer.getvalue().encode("utf-8"))


FORMAT = ExportFormat(
    name="csv",
    extension="csv",
    mimetype="text/csv; charset=utf-8",
    description="term,definition CSV for Quizlet-style tools",
    write=write_csv,
)
