"""Flashcard: a question answered from memory, then graded by the student."""

from __future__ import annotations

from collections.abc import Iterator

from question_bank.generators.base import Context
from question_bank.generators.flashcard import generate_flashcards
from question_bank.model import Question
from question_bank.types.base import QuestionType
from question_bank.types.shapes import Recall


class Flashcard(QuestionType):
    name = "flashcard"
    label = "Flashcard"
    auto_graded = False
    question_template = "types/flashcard_question.html"
    result_template = "types/recall_result.html"
    study_rank = 0

    def generate(self, ctx: Context) -> Iterator[Question]:
        return generate_flashcards(ctx)

    def options(self, question: Question) -> tuple[str, ...]:
        return ()

    def shape(self, question: Question) -> Recall:
        return Recall(" / ".join(question.answers))
