"""Term/definition CSV for Quizlet-style flashcard tools: a header row, then one card per question.

Plain text (no HTML), UTF-8 without BOM, RFC 4180 quoting (commas, quotes and line breaks inside a
cell are quoted by the csv module) and CRLF line ends. An author's Markdown is rendered and its tags
dropped (`question_bank.markup.to_plain`): the cells hold the words a student sees, not `**`.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import BinaryIO

from exports.base import ExportFormat, ExportOptions
from exports.text import LETTERS, plain_text, shape_of
from question_bank import Question
from question_bank.types.numerical import shown_answer
from question_bank.types.shapes import Choice, Cloze, Matching, Numerical, Recall, TrueFalse, Typed

HEADER = ("term", "definition")
# A spreadsheet runs a cell that starts with one of these as a formula (OWASP "CSV injection").
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralised(cell: str) -> str:
    """The cell as text a spreadsheet will not evaluate: a leading apostrophe before a formula
    character, which spreadsheets hide and flashcard tools show as written."""
    return "'" + cell if cell.startswith(_FORMULA_START) else cell


def _with_explanation(text: str, question: Question) -> str:
    explanation = plain_text(question, question.explanation, block=True).strip()
    return f"{text}\n{explanation}" if explanation else text


def card_for(question: Question) -> tuple[str, str]:
    """(term, definition) for the question's shape."""
    shape = shape_of(question)

    def text(value: str) -> str:  # an option, an item, an answer: one line
        return plain_text(question, value)

    prompt = plain_text(question, question.prompt, block=True)
    match shape:
        case Choice():
            # Term: the stem and lettered options; definition: the keyed letters and options.
            lettered = [f"{LETTERS[i]}. {text(option)}" for i, option in enumerate(shape.options)]
            key = "\n".join(lettered[i] for i in shape.keyed)
            return "\n".join([prompt, *lettered]), _with_explanation(key, question)
        case TrueFalse():
            return prompt, _with_explanation(str(shape.value), question)
        case Matching():
            term = "\n".join([prompt, *(f"- {text(item)}" for item, _ in shape.pairs)])
            return term, "\n".join(f"{text(item)} → {text(match)}" for item, match in shape.pairs)
        case Typed():
            return prompt, " / ".join(question.answers)  # plain text even an author's: compared as typed
        case Numerical():
            return prompt, shown_answer(shape)  # a card to recall: "360 µmol/L (± 10)"
        case Recall():
            return prompt, plain_text(question, shape.answer, block=True)
        case Cloze():
            # A cloze prompt already shows the blank that the answer fills.
            return prompt, " / ".join(text(answer) for answer in question.answers)


def write_csv(questions: Sequence[Question], out: BinaryIO, options: ExportOptions) -> None:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(HEADER)
    writer.writerows(tuple(neutralised(cell) for cell in card_for(q)) for q in questions)
    out.write(buffer.getvalue().encode("utf-8"))


FORMAT = ExportFormat(
    name="csv",
    extension="csv",
    mimetype="text/csv; charset=utf-8",
    description="term,definition CSV for Quizlet-style tools",
    write=write_csv,
)
