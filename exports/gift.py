"""GIFT, Moodle's plain-text question format, written the way Moodle's own GIFT exporter writes it.

Text goes out as `[html]` (HTML-escaped, so `<b>` in a prompt stays visible text) with GIFT's reserved
characters backslash-escaped; an author's question (markup "markdown") goes out as `[markdown]` with
its Markdown source, which Moodle renders, and every part of it follows the question's format.
Images cannot travel in GIFT; use Moodle XML for questions with media.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import BinaryIO

from exports.base import ExportFormat, ExportOptions
from exports.text import (
    general_feedback,
    grade_weight,
    html_text,
    is_markdown,
    lms_category,
    plain_text,
    shape_of,
)
from question_bank import Question
from question_bank.types import cloze_numbers, cloze_parts
from question_bank.types.numerical import number_text
from question_bank.types.shapes import Choice, Cloze, Matching, Numerical, Recall, TrueFalse, Typed

BLANK = "_____"
_RESERVED = str.maketrans(
    {
        "\\": "\\\\",
        "~": "\\~",
        "=": "\\=",
        "#": "\\#",
        "{": "\\{",
        "}": "\\}",
        ":": "\\:",
        "\n": "\\n",
        "\r": "",
    }
)


def escape(text: str) -> str:
    """Backslash-escape GIFT's reserved characters (`~ = # { } :`, backslash, newline)."""
    return text.translate(_RESERVED)


def _text(question: Question, text: str) -> str:
    return escape(text if is_markdown(question) else html_text(text))


def _head(question: Question, name: str = "", text: str = "") -> str:
    # Answers and feedback take the question text's format in Moodle, so one marker covers them.
    fmt = "markdown" if is_markdown(question) else "html"
    return f"::{escape(name or question.id)}::[{fmt}]{_text(question, text or question.prompt)}"


def _close(question: Question, answer_lines: list[str], mark: str = "") -> str:
    """The answers in braces, one a line, then the general feedback; `mark` opens them (`#`)."""
    feedback = general_feedback(question)
    lines = [f"\t{line}" for line in answer_lines]
    if feedback:
        lines.append(f"\t####{escape(feedback)}")
    return "{" + mark + "\n" + "\n".join(lines) + "\n}"


def choice(question: Question, shape: Choice) -> Iterator[str]:
    """Single answer: `=` marks the key. Select all: each key earns an equal share of 100% and
    each wrong pick costs the same share."""
    keyed = set(shape.keyed)
    if shape.single:
        lines = [("=" if i in keyed else "~") + _text(question, o) for i, o in enumerate(shape.options)]
    else:
        share = grade_weight(100 / len(keyed))
        lines = [
            (f"~%{share}%" if i in keyed else f"~%-{share}%") + _text(question, o)
            for i, o in enumerate(shape.options)
        ]
    yield _head(question) + _close(question, lines)


def truefalse(question: Question, shape: TrueFalse) -> Iterator[str]:
    yield _head(question) + _close(question, ["TRUE" if shape.value else "FALSE"])


def matching(question: Question, shape: Matching) -> Iterator[str]:
    # The right-hand side of "->" is plain text in Moodle (not HTML, not Markdown), so it is only
    # GIFT-escaped, and an author's Markdown there is reduced to the words it shows.
    def match_text(match: str) -> str:
        return escape(plain_text(question, match))

    lines = [f"={_text(question, item)} -> {match_text(match)}" for item, match in shape.pairs]
    used = {match for _, match in shape.pairs}
    lines += [f"= -> {match_text(extra)}" for extra in shape.options if extra not in used]
    yield _head(question) + _close(question, lines)


def cloze(question: Question, shape: Cloze) -> Iterator[str]:
    """One short-answer question per cloze number, blanking that deletion and showing the others."""
    numbers = cloze_numbers(shape.text)
    parts = cloze_parts(shape.text)
    for number in numbers:
        text = "".join(BLANK if p.number == number else p.text for p in parts)
        answer = plain_text(question, next(p.text for p in parts if p.number == number))  # compared as typed
        name = question.id if len(numbers) == 1 else f"{question.id} c{number}"
        yield _head(question, name, text) + _close(question, [f"={escape(answer)}"])


def typed(question: Question, shape: Typed) -> Iterator[str]:
    """A short-answer question, every accepted answer worth 100%. Moodle compares answers as plain
    text, so they are only GIFT-escaped (as in cloze), never HTML-escaped."""
    yield _head(question) + _close(question, [f"={escape(answer)}" for answer in shape.accepted])


def numerical(question: Question, shape: Numerical) -> Iterator[str]:
    """A numerical question, `{#360:10}`, or with several values each at 100%: `{#=360:10 =6:10}`.
    GIFT has no units: a unit stays in the prompt's words only (Moodle XML carries it)."""
    tolerance = number_text(shape.tolerance)
    answers = [f"{number_text(value)}:{tolerance}" for value in shape.values]
    lines = answers if len(answers) == 1 else [f"={answer}" for answer in answers]
    yield _head(question) + _close(question, lines, mark="#")


def recall(question: Question, shape: Recall) -> Iterator[str]:
    """An essay question (graded by hand); the model answer is in the general feedback."""
    feedback = general_feedback(question, with_answer=True)
    yield _head(question) + "{\n\t####" + escape(feedback) + "\n}"


def _blocks(question: Question) -> Iterator[str]:
    shape = shape_of(question)
    match shape:
        case Choice():
            return choice(question, shape)
        case TrueFalse():
            return truefalse(question, shape)
        case Matching():
            return matching(question, shape)
        case Cloze():
            return cloze(question, shape)
        case Recall():
            return recall(question, shape)
        case Typed():
            return typed(question, shape)
        case Numerical():
            return numerical(question, shape)


def gift_blocks(questions: Sequence[Question], options: ExportOptions) -> Iterator[str]:
    title = options.title_for(questions)
    category = None
    for question in questions:
        wanted = lms_category(title, question.topic)
        if wanted != category:
            # Category names are read raw by Moodle (no unescaping), so they are not escaped.
            category = wanted
            yield f"$CATEGORY: {category}"
        yield from _blocks(question)


def write_gift(questions: Sequence[Question], out: BinaryIO, options: ExportOptions) -> None:
    """Questions separated by blank lines, grouped under `$CATEGORY:` lines per topic."""
    text = "\n\n".join(gift_blocks(questions, options))
    out.write(text.encode("utf-8") + b"\n")


FORMAT = ExportFormat(
    name="gift",
    extension="gift.txt",
    mimetype="text/plain; charset=utf-8",
    description="Moodle GIFT text for an LMS",
    write=write_gift,
)
