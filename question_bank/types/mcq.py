"""Single best answer: pick one of four or five options."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import ClassVar

from question_bank.checks import BEST_ANSWER_CHECKS
from question_bank.generators.base import Context
from question_bank.generators.mcq import generate_mcq
from question_bank.model import Payload, Question
from question_bank.payloads import ChoicePayload
from question_bank.types.base import (
    Graded,
    InvalidQuestion,
    InvalidResponse,
    QuestionType,
    keyed_indexes,
    picked_indexes,
)
from question_bank.types.shapes import Choice


class SingleBestAnswer(QuestionType):
    name = "mcq"
    label = "Multiple choice"
    question_template = "types/choice_question.html"
    result_template = "types/explained_result.html"
    payload_class: ClassVar[type[Payload]] = ChoicePayload
    lint_checks = BEST_ANSWER_CHECKS
    study_rank = 2
    input_kind = "radio"  # how the choice partial offers the options

    def generate(self, ctx: Context) -> Iterator[Question]:
        return generate_mcq(ctx)

    def grade(self, question: Question, response: Sequence[str]) -> Graded:
        options = self.options(question)
        if len(response) != 1:
            raise InvalidResponse("Pick one option.")
        (index,) = picked_indexes(options, response)
        return Graded(index in keyed_indexes(question, options), (options[index],))

    def key_response(self, question: Question) -> list[str]:
        return [str(i) for i in keyed_indexes(question, self.options(question))]

    def shape(self, question: Question) -> Choice:
        options = self.options(question)
        keyed = keyed_indexes(question, options)
        if len(keyed) != 1:
            raise InvalidQuestion(f"question {question.id}: a single-answer question needs exactly one key")
        return Choice(options, keyed, single=True)
