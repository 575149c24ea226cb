"""Reading Moodle GIFT, as Moodle's own importer reads it (question/format/gift/format.php).

A file is split into questions at blank lines; `//` lines are comments; `$CATEGORY:` switches the
category; `::title::` names a question; `{...}` holds the answers, and text after the closing brace
makes a missing-word question. Every backslash escape (`\\: \\# \\= \\{ \\} \\~ \\n \\\\`) is honoured, and
`[html]`, `[markdown]`, `[plain]`, `[moodle]` set a text's format. This module only parses: the
result keeps everything GIFT says (weights, per-answer feedback, numeric tolerances, pairs) and each
question's first line, so a caller can say exactly what it cannot use and where.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

FORMATS = ("moodle", "html", "plain", "markdown")
_ESCAPES = {
    "\\:": "\x01",
    "\\#": "\x02",
    "\\=": "\x03",
    "\\{": "\x04",
    "\\}": "\x05",
    "\\~": "\x06",
    "\\n": "\x07",
}
_BACKSLASH = "\x08"
_RESTORE = {
    "\x01": ":",
    "\x02": "#",
    "\x03": "=",
    "\x04": "{",
    "\x05": "}",
    "\x06": "~",
    "\x07": "\n",
    _BACKSLASH: "\\",
}
_WEIGHT = re.compile(r"^%(-?[0-9]{1,3}(?:\.[0-9]*)?)%")


@dataclass(frozen=True)
class Answer:
    text: str
    fraction: float  # 1.0 full credit, 0 none, negative a penalty (multiple answers)
    feedback: str = ""


@dataclass(frozen=True)
class Number:
    value: float | None  # None: any other answer (the `~#feedback` catch-all)
    tolerance: float
    fraction: float
    feedback: str = ""


@dataclass(frozen=True)
class ImportedQuestion:
    """A question as another platform's file states it (GIFT here, Moodle XML too)."""

    line: int  # where the question starts in the file
    kind: str  # multichoice, truefalse, shortanswer, numerical, match, essay, description
    name: str
    text: str
    text_format: str = "moodle"
    general_feedback: str = ""
    category: str | None = None
    missing_word: bool = False  # the answers stood inside the text: `_____` marks their place
    single: bool = True  # multichoice: one answer (an `=`) or several (weights only)
    answers: tuple[Answer, ...] = ()
    numbers: tuple[Number, ...] = ()
    units: tuple[tuple[str, float], ...] = ()  # numerical (Moodle XML): (unit, multiplier) pairs
    pairs: tuple[tuple[str, str], ...] = ()
    truth: bool | None = None
    feedback_right: str = ""  # true/false
    feedback_wrong: str = ""
    back: str = ""  # a flashcard's answer (CSV)


@dataclass(frozen=True)
class Problem:
    line: int
    message: str
    severity: str = "error"  # error: not understood; skipped: understood, no type here; note: imported

    def __str__(self) -> str:
        return f"line {self.line}: {self.severity}: {self.message}"


@dataclass
class Parsed:
    questions: list[ImportedQuestion] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def _protect(text: str) -> str:
    text = text.replace("\\\\", _BACKSLASH)
    for escaped, mark in _ESCAPES.items():
        text = text.replace(escaped, mark)
    return text


def _restore(text: str) -> str:
    for mark, char in _RESTORE.items():
        text = text.replace(mark, char)
    return text


def _formatted(text: str, default: str = "moodle") -> tuple[str, str]:
    """(text, format) from an optional leading `[format]`."""
    text = text.strip()
    match = re.match(r"^\[(\w+)\]", text)
    if match and match.group(1) in FORMATS:
        return _restore(text[match.end() :]).strip(), match.group(1)
    return _restore(text).strip(), default


def chunks(source: str) -> list[tuple[int, list[str]]]:
    """The file's questions: (first line number, lines), split at blank lines."""
    found: list[tuple[int, list[str]]] = []
    current: list[str] = []
    start = 0
    for number, line in enumerate(source.splitlines(), start=1):
        if line.strip() == "":
            if current:
                found.append((start, current))
            current = []
            continue
        if not current:
            start = number
        current.append(line)
    if current:
        found.append((start, current))
    return found


def parse(source: str) -> Parsed:
    parsed = Parsed()
    category: str | None = None
    for first, lines in chunks(source.lstrip("\ufeff")):
        comment = [raw.strip().startswith("//") for raw in lines]
        text = "\n".join(" " if dropped else raw for raw, dropped in zip(lines, comment, strict=True)).strip()
        if not text:
            continue
        line = first + comment.index(False)  # where the question itself starts, past its comments
        text = _protect(text)
        if text.startswith("$CATEGORY:"):
            category = _restore(text[len("$CATEGORY:") :]).strip()
            continue
        try:
            parsed.questions.append(_question(line, text, category))
        except GiftError as error:
            parsed.problems.append(Problem(line, str(error)))
    return parsed


class GiftError(ValueError):
    pass


def _question(line: int, text: str, category: str | None) -> ImportedQuestion:
    name = ""
    if text.startswith("::"):
        end = text.find("::", 2)
        if end < 0:
            raise GiftError("the title is not closed with '::'")
        name, text = _restore(text[2:end]).strip(), text[end + 2 :].strip()
    start, finish = text.find("{"), text.find("}")
    if start < 0 and finish < 0:
        body, fmt = _formatted(text)
        return ImportedQuestion(line, "description", name or body[:40], body, fmt, category=category)
    if start < 0 or finish < start:
        raise GiftError("the answers' braces do not match: write {…}, or escape a brace as \\{ or \\}")
    answers = text[start + 1 : finish].strip()
    missing_word = text[finish + 1 :].strip() != ""
    stem = text[:start] + ("_____" if missing_word else "") + text[finish + 1 :]
    general = ""
    if "####" in answers:
        cut = answers.rfind("####")
        answers, general = answers[:cut].strip(), answers[cut + 4 :]
    body, fmt = _formatted(stem)
    feedback, _ = _formatted(general, fmt)
    base = ImportedQuestion(line, "", name or body[:40], body, fmt, feedback, category, missing_word)
    return _answers(base, answers)


def _answers(base: ImportedQuestion, answers: str) -> ImportedQuestion:
    if answers == "":
        return replace(base, kind="essay")
    if answers.startswith("#"):
        return _numerical(base, answers[1:])
    if "~" in answers:
        return _multichoice(base, answers)
    if "=" in answers and "->" in answers:
        return _matching(base, answers)
    head = answers.split("#", 1)[0].strip()
    if head in ("T", "TRUE", "F", "FALSE"):
        parts = [part.strip() for part in answers.split("#", 2)] + ["", ""]
        return replace(
            base,
            kind="truefalse",
            truth=head in ("T", "TRUE"),
            feedback_wrong=_formatted(parts[1], base.text_format)[0],
            feedback_right=_formatted(parts[2], base.text_format)[0],
        )
    return _shortanswer(base, answers)


def _split(answers: str, marks: str) -> list[str]:
    """The answers, each still starting with its mark (`=` or `~`)."""
    pieces = re.split(f"(?=[{re.escape(marks)}])", answers)
    return [piece.strip() for piece in pieces if piece.strip()]


def _weight(answer: str, default: float) -> tuple[float, str]:
    match = _WEIGHT.match(answer)
    if not match:
        return default, answer
    return float(match.group(1)) / 100, answer[match.end() :]


def _comment(answer: str, fmt: str) -> tuple[str, str]:
    text, _, feedback = answer.partition("#")
    return _formatted(text, fmt)[0], _formatted(feedback, fmt)[0]


def _multichoice(base: ImportedQuestion, answers: str) -> ImportedQuestion:
    single = "=" in answers
    found = []
    for piece in _split(answers, "=~"):
        mark, rest = piece[0], piece[1:].strip()
        fraction, rest = (1.0, rest) if mark == "=" else _weight(rest, 0.0)
        text, feedback = _comment(rest, base.text_format)
        found.append(Answer(text, fraction, feedback))
    if len(found) < 2:
        raise GiftError("a multiple-choice question needs at least two answers")
    return replace(base, kind="multichoice", single=single, answers=tuple(found))


def _matching(base: ImportedQuestion, answers: str) -> ImportedQuestion:
    pairs = []
    for piece in _split(answers, "="):
        item, arrow, match = piece[1:].partition("->")
        if not arrow:
            raise GiftError(f"a matching pair needs '->': {_restore(piece[1:]).strip()!r}")
        pairs.append((_formatted(item, base.text_format)[0], _restore(match).strip()))
    if len(pairs) < 2:
        raise GiftError("a matching question needs at least two pairs")
    return replace(base, kind="match", pairs=tuple(pairs))


def _shortanswer(base: ImportedQuestion, answers: str) -> ImportedQuestion:
    found = []
    for piece in _split(answers, "="):
        fraction, rest = _weight(piece[1:].strip(), 1.0)
        text, feedback = _comment(rest, base.text_format)
        found.append(Answer(text, fraction, feedback))
    if not found:
        raise GiftError("a short-answer question needs at least one answer after '='")
    return replace(base, kind="shortanswer", answers=tuple(found))


def _numerical(base: ImportedQuestion, answers: str) -> ImportedQuestion:
    answers, _, wrong = answers.partition("~")
    numbers = []
    pieces = _split(answers, "=") if "=" in answers else ([f"={answers.strip()}"] if answers.strip() else [])
    for piece in pieces:
        fraction, rest = _weight(piece[1:].strip(), 1.0)
        text, feedback = _comment(rest, base.text_format)
        numbers.append(Number(*_range(text), fraction, feedback))
    if not numbers:
        raise GiftError("a numerical question needs a number after '#'")
    if wrong.strip():
        numbers.append(Number(None, 0.0, 0.0, _comment(wrong, base.text_format)[1]))
    return replace(base, kind="numerical", numbers=tuple(numbers))


def _range(text: str) -> tuple[float, float]:
    """`value:tolerance`, `min..max` or a bare value, as (value, tolerance)."""
    try:
        if ".." in text:
            low, high = (float(part) for part in text.split("..", 1))
            return (low + high) / 2, (high - low) / 2
        if ":" in text:
            value, tolerance = text.split(":", 1)
            return float(value), float(tolerance)
        return float(text), 0.0
    except ValueError:
        raise GiftError(f"not a number, a value:tolerance or a min..max: {text!r}") from None
