"""The item-writing lint: the checks (question_bank.checks) that a question's type applies to it."""

from __future__ import annotations

from question_bank.model import Question
from question_bank.types import get_type


def lint(question: Question) -> list[str]:
    """Every item-writing flaw in the question; an empty list means it passes."""
    return get_type(question.type).lint(question)
