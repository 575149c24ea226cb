"""Numerical: the student types a number; it is right within a tolerance of any accepted value.

Written by instructors (and imported from GIFT and Moodle XML, as Moodle's numerical questions); no
generator makes them. The accepted values are the question's `answer` as text ("360", or several as
a tuple: Moodle allows several answers); the payload holds one tolerance and an optional unit. A
typed answer may use a decimal comma ("0,5"), an exponent ("3.6e2") and the unit after the number.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from question_bank.model import Payload, Question
from question_bank.types.base import Graded, InvalidQuestion, InvalidResponse, QuestionType
from question_bank.types.shapes import Numerical

MAX_TYPED = 100
NOT_A_NUMBER = "Type a number."
THOUSANDS = "Type the number without a thousands separator (a comma is a decimal point: 0,5 is 0.5)."
_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
# "1,000" could be a thousand or (with a decimal comma) one: asked again rather than guessed.
_THOUSANDS = re.compile(r"[+-]?[1-9][0-9]{0,2}(?:,[0-9]{3})+")
_WITH_UNIT = re.compile(r"(.*?[0-9])\s*((?![eE][+-]?[0-9])[^0-9\s_.,+-].*)")  # a number, another unit
_MINUS = str.maketrans({"\u2212": "-", "\u2013": "-"})  # a typographic minus or an en dash


@dataclass(frozen=True)
class NumericalPayload(Payload):
    tolerance: float = 0.0  # how far from an accepted value an answer may be and still be right
    unit: str = ""  # shown after the answer field; a student may type it too ("360 µmol/L")


def number_text(value: float) -> str:
    """A value the way an author writes it: 360 (not 360.0), 0.5, 1e-05."""
    return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)


def parse_number(text: str, *, decimal_comma: bool = False) -> float | None:
    """The finite number `text` holds ("360", "-0.5", "3.6e2"), or None; with `decimal_comma`, a
    single comma may stand for the decimal point ("0,5")."""
    text = text.strip().translate(_MINUS)
    if decimal_comma and text.count(",") == 1 and "." not in text:
        text = text.replace(",", ".")
    if not _NUMBER.fullmatch(text):
        return None
    value = float(text)
    return value if math.isfinite(value) else None


def numerical_settings(question: Question, payload: Payload) -> NumericalPayload:
    """The payload checked: a tolerance of 0 or more, a unit that is text."""
    if not isinstance(payload, NumericalPayload):
        raise InvalidQuestion(f"question {question.id}: payload is not a NumericalPayload")
    tolerance = payload.tolerance
    if isinstance(tolerance, bool) or not isinstance(tolerance, int | float):
        raise InvalidQuestion(f"question {question.id}: the tolerance {tolerance!r} is not a number")
    if not math.isfinite(tolerance) or tolerance < 0:
        raise InvalidQuestion(f"question {question.id}: the tolerance must be 0 or more, not {tolerance}")
    if not isinstance(payload.unit, str):
        raise InvalidQuestion(f"question {question.id}: the unit must be text, not {payload.unit!r}")
    return payload


class NumericalAnswer(QuestionType):
    name = "numerical"
    label = "Numerical"
    payload_class = NumericalPayload
    question_template = "types/numerical_question.html"
    result_template = "types/numerical_result.html"
    study_rank = 3
    input_kind = "text"  # typed, like a short answer
    inputmode = "decimal"  # the field asks a phone for its keyboard with digits

    def options(self, question: Question) -> tuple[str, ...]:
        return ()

    def settings(self, question: Question) -> NumericalPayload:
        return numerical_settings(question, question.payload)

    def values(self, question: Question) -> tuple[float, ...]:
        """The accepted values in the author's order; InvalidQuestion names one that is no number."""
        found = []
        for text in question.answers:
            value = parse_number(text) if isinstance(text, str) else None
            if value is None:
                raise InvalidQuestion(f"question {question.id}: the answer {text!r} is not a number")
            found.append(value)
        if not found:
            raise InvalidQuestion(f"question {question.id}: a numerical question needs a value")
        return tuple(found)

    def unit(self, question: Question) -> str:
        return self.settings(question).unit.strip()

    def typed_number(self, question: Question, typed: str) -> float:
        """The number a student typed, the question's unit after it allowed; else InvalidResponse."""
        text = typed.strip()
        unit = self.unit(question)
        if unit and text.casefold().endswith(unit.casefold()):
            text = text[: len(text) - len(unit)]
        if _THOUSANDS.fullmatch(text.strip()):
            raise InvalidResponse(THOUSANDS)
        value = parse_number(text, decimal_comma=True)
        if value is not None:
            return value
        other_unit = _WITH_UNIT.fullmatch(text.strip())
        if unit and other_unit and parse_number(other_unit.group(1), decimal_comma=True) is not None:
            raise InvalidResponse(f"Type a number, in {unit}.")
        raise InvalidResponse(NOT_A_NUMBER)

    def grade(self, question: Question, response: Sequence[str]) -> Graded:
        if len(response) != 1 or not response[0].strip() or len(response[0]) > MAX_TYPED:
            raise InvalidResponse(NOT_A_NUMBER)
        typed = response[0].strip()
        value = self.typed_number(question, typed)
        tolerance = self.settings(question).tolerance
        right = any(within(value, accepted, tolerance) for accepted in self.values(question))
        return Graded(right, (typed,))

    def key_response(self, question: Question) -> list[str]:
        self.values(question)  # InvalidQuestion for a key that is no number
        return [question.answers[0].strip()]

    def accepted(self, question: Question) -> tuple[str, ...]:
        """Each accepted value as a student reads it: "360 µmol/L (± 10)"."""
        shape = self.shape(question)
        return tuple(shown_value(value, shape) for value in shape.values)

    def shape(self, question: Question) -> Numerical:
        settings = self.settings(question)
        return Numerical(self.values(question), float(settings.tolerance), settings.unit.strip())


def within(value: float, accepted: float, tolerance: float) -> bool:
    """|value - accepted| <= tolerance, with a relative hair of slack so that float rounding
    (0.4 - 0.3 is 0.10000000000000003) never decides at the edge: the student does."""
    return abs(value - accepted) <= tolerance + 1e-12 * max(abs(value), abs(accepted))


def shown_value(value: float, shape: Numerical) -> str:
    unit = f" {shape.unit}" if shape.unit else ""
    margin = f" (± {number_text(shape.tolerance)})" if shape.tolerance else ""
    return f"{number_text(value)}{unit}{margin}"


def shown_answer(shape: Numerical) -> str:
    """All the accepted values as one line: "360 µmol/L (± 10)", "6 or 8 mmol/L (± 0.5)"."""
    unit = f" {shape.unit}" if shape.unit else ""
    margin = f" (± {number_text(shape.tolerance)})" if shape.tolerance else ""
    return " or ".join(number_text(v) for v in shape.values) + unit + margin
