"""What every question type is: generated, graded, rendered and exported, in one class."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import ClassVar

from question_bank.checks import Check, run_checks
from question_bank.generators.base import Context
from question_bank.model import Payload, Question
from question_bank.types.shapes import Shape


class InvalidQuestion(ValueError):
    """A question its type cannot use: its key is not among its options, its payload is wrong."""


class InvalidResponse(ValueError):
    """A student's response that does not fit the question; `str()` is fit to show them."""


@dataclass(frozen=True)
class Graded:
    correct: bool
    chosen: tuple[str, ...]  # the option texts picked, stored for item statistics


class QuestionType:
    """One kind of question, looked up by `name` (CTFd's challenge classes are the model).

    A subclass says how its questions are generated (`generate`), graded (`grade`), shown (the
    Jinja partials `question_template` and `result_template`, found in quizapp's templates) and
    exported (`shape`). Type-specific data lives in `payload_class`, stored as one JSON value.
    """

    name: ClassVar[str]
    label: ClassVar[str]  # how the type is named to students: "Multiple choice"
    payload_class: ClassVar[type[Payload]] = Payload
    auto_graded: ClassVar[bool] = True
    question_template: ClassVar[str]
    result_template: ClassVar[str]
    lint_checks: ClassVar[tuple[Check, ...]] = ()
    # Within one fact, recall comes before recognition: learn it, then be tested on it.
    study_rank: ClassVar[int] = 100

    def generate(self, ctx: Context) -> Iterator[Question]:
        """The type's questions for a bank; a type written only by instructors makes none."""
        return iter(())

    def heading(self, question: Question) -> str:
        """The question as the page's heading; a vignette shows only its lead-in here."""
        return question.prompt

    def case(self, question: Question) -> str:
        """The case a vignette's lead-in asks about; empty for other types."""
        return ""

    def options(self, question: Question) -> tuple[str, ...]:
        """What a student picks from; empty for types answered from memory."""
        return question.choices

    def grade(self, question: Question, response: Sequence[str]) -> Graded:
        """Grade a response (the submitted `choice` values); raises InvalidResponse."""
        raise InvalidResponse(f"{self.label} questions are graded by the student.")

    def key_response(self, question: Question) -> list[str]:
        """The response that `grade` marks correct ([] for self-graded types)."""
        return []

    def shape(self, question: Question) -> Shape:
        """The question as the export formats see it; raises InvalidQuestion."""
        raise NotImplementedError

    def lint(self, question: Question) -> list[str]:
        return run_checks(question, self.lint_checks)

    def payload(self, question: Question) -> Payload:
        """The question's payload, checked to be this type's."""
        if not isinstance(question.payload, self.payload_class):
            raise InvalidQuestion(f"question {question.id}: payload is not a {self.payload_class.__name__}")
        return question.payload


def picked_indexes(options: Sequence[str], response: Sequence[str]) -> list[int]:
    """The option positions a response names; InvalidResponse for anything else."""
    try:
        picked = [int(value) for value in response]
    except ValueError:
        raise InvalidResponse("That answer is not one of the options.") from None
    if any(not 0 <= i < len(options) for i in picked):
        raise InvalidResponse("That answer is not one of the options.")
    return picked


def same_text(a: str, b: str) -> bool:
    return a.strip().casefold() == b.strip().casefold()


def keyed_indexes(question: Question, options: Sequence[str]) -> tuple[int, ...]:
    """Positions of the keyed options (matched ignoring case, as "true" to "True")."""
    folded = [o.strip().casefold() for o in options]
    indexes = set()
    for key in question.answers:
        try:
            indexes.add(folded.index(key.strip().casefold()))
        except ValueError:
            message = f"question {question.id}: answer {key!r} is not one of its choices"
            raise InvalidQuestion(message) from None
    return tuple(sorted(indexes))
