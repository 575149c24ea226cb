"""Grading a response against a question, one grader per auto-graded question type.

A response is the list of submitted `choice` values: option indices for mcq, truefalse and
multi; for matching, the index of the option picked for each left-hand item, in order.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from question_bank import Question
from quizapp.services.errors import InvalidInput


@dataclass(frozen=True)
class Graded:
    correct: bool
    chosen: tuple[str, ...]  # the option texts picked, stored for item statistics


def _indices(options: Sequence[str], raw: Sequence[str]) -> list[int]:
    try:
        picked = [int(value) for value in raw]
    except ValueError:
        raise InvalidInput("That answer is not one of the options.") from None
    if any(not 0 <= i < len(options) for i in picked):
        raise InvalidInput("That answer is not one of the options.")
    return picked


def _single(question: Question, raw: Sequence[str]) -> Graded:
    if len(raw) != 1:
        raise InvalidInput("Pick one option.")
    (i,) = _indices(question.choices, raw)
    chosen = question.choices[i]
    return Graded(_same(chosen, str(question.answer)), (chosen,))


def _multi(question: Question, raw: Sequence[str]) -> Graded:
    if not raw:
        raise InvalidInput("Pick at least one option.")
    picked = sorted(set(_indices(question.choices, raw)))
    chosen = tuple(question.choices[i] for i in picked)
    expected = {a.casefold() for a in _as_tuple(question.answer)}
    return Graded({c.casefold() for c in chosen} == expected, chosen)


def _matching(question: Question, raw: Sequence[str]) -> Graded:
    options = matching_options(question)
    if len(raw) != len(question.items):
        raise InvalidInput("Pick a match for every item.")
    chosen = tuple(options[i] for i in _indices(options, raw))
    expected = _as_tuple(question.answer)
    return Graded(all(_same(c, e) for c, e in zip(chosen, expected, strict=True)), chosen)


def matching_options(question: Question) -> tuple[str, ...]:
    """The options offered for each matching item: the choices, or else the answers sorted."""
    return question.choices or tuple(sorted(set(_as_tuple(question.answer))))


def _same(a: str, b: str) -> bool:
    return a.strip().casefold() == b.strip().casefold()


def _as_tuple(answer: str | tuple[str, ...]) -> tuple[str, ...]:
    return answer if isinstance(answer, tuple) else (answer,)


GRADERS: dict[str, Callable[[Question, Sequence[str]], Graded]] = {
    "mcq": _single,
    "truefalse": _single,
    "multi": _multi,
    "matching": _matching,
}
SELF_GRADED = frozenset({"flashcard", "cloze"})


def is_auto_graded(question: Question) -> bool:
    return question.type in GRADERS


def grade(question: Question, raw: Sequence[str]) -> Graded:
    """Grade an auto-graded question; raises InvalidInput for a malformed response."""
    grader = GRADERS.get(question.type)
    if grader is None:
        raise InvalidInput(f"{question.type} questions are graded by the student.")
    return grader(question, raw)
