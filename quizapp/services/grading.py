"""Grading a response against a question by asking its type (question_bank.types).

A response is the list of submitted `choice` values: option indices for the choice types; for
matching, the index of the option picked for each item, in order.
"""

from __future__ import annotations

from collections.abc import Sequence

from question_bank import Question
from question_bank.types import Graded, InvalidQuestion, InvalidResponse, get_type
from quizapp.services.errors import InvalidInput

__all__ = ["Graded", "grade", "is_auto_graded"]


def is_auto_graded(question: Question) -> bool:
    return get_type(question.type).auto_graded


def grade(question: Question, raw: Sequence[str]) -> Graded:
    """Grade an auto-graded question; raises InvalidInput for a malformed response."""
    try:
        return get_type(question.type).grade(question, raw)
    except InvalidResponse as error:
        raise InvalidInput(str(error)) from None
    except InvalidQuestion as error:
        # A stored question its type rejects cannot be answered; say so instead of failing.
        raise InvalidInput(f"This question cannot be graded ({error}).") from None
