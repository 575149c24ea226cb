"""Reading Aiken, Moodle's simplest format: a question line, lettered options, `ANSWER: X`.

    Which drug is an NSAID?
    A. Ibuprofen
    B) Morphine
    ANSWER: A

Questions are separated by the ANSWER line (blank lines between them are optional), as in Moodle's
qformat_aiken. Every question becomes single-answer multiple choice.
"""

from __future__ import annotations

import re

from exports.gift_import import Answer, ImportedQuestion, Parsed, Problem

_OPTION = re.compile(r"^([A-Z])[.)]\s+(.*)$")
_ANSWER = re.compile(r"^ANSWER:\s*([A-Z])\s*$")


def parse(source: str) -> Parsed:
    parsed = Parsed()
    stem: list[str] = []
    options: list[tuple[str, str]] = []
    start = 0
    for number, raw in enumerate(source.lstrip("\ufeff").splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        answer, option = _ANSWER.match(line), _OPTION.match(line)
        if answer:
            _finish(parsed, start or number, stem, options, answer.group(1))
            stem, options, start = [], [], 0
        elif option and stem:
            options.append((option.group(1), option.group(2).strip()))
        elif options:
            parsed.problems.append(
                Problem(number, "text after the options: expected 'ANSWER: X' or another option")
            )
        else:
            start = start or number
            stem.append(line)
    if stem or options:
        parsed.problems.append(Problem(start or 1, "the last question has no 'ANSWER: X' line"))
    return parsed


def _finish(parsed: Parsed, line: int, stem: list[str], options: list[tuple[str, str]], key: str) -> None:
    letters = [letter for letter, _ in options]
    if not stem or len(options) < 2:
        parsed.problems.append(
            Problem(line, "a question needs its text and at least two options (A., B., …)")
        )
    elif letters != [chr(ord("A") + i) for i in range(len(options))]:
        parsed.problems.append(
            Problem(line, f"options must be lettered A, B, C… in order, found {', '.join(letters)}")
        )
    elif key not in letters:
        parsed.problems.append(Problem(line, f"ANSWER: {key} names no option"))
    else:
        text = " ".join(stem)
        answers = tuple(Answer(option, 1.0 if letter == key else 0.0) for letter, option in options)
        parsed.questions.append(
            ImportedQuestion(line, "multichoice", text[:40], text, "plain", answers=answers)
        )
