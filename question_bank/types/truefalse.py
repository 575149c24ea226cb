"""True or false: a statement to judge."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from question_bank.checks import STATEMENT_CHECKS
from question_bank.generators.base import Context
from question_bank.generators.truefalse import generate_truefalse
from question_bank.model import Question
from question_bank.types.base import Graded, InvalidQuestion, InvalidResponse, QuestionType, picked_indexes
from question_bank.types.shapes import TrueFalse

OPTIONS = ("True", "False")


class TrueOrFalse(QuestionType):
    name = "truefalse"
    label = "True or false"
    question_template = "types/choice_question.html"
    result_template = "types/choice_result.html"
    lint_checks = STATEMENT_CHECKS
    study_rank = 4
    input_kind = "radio"

    def generate(self, ctx: Context) -> Iterator[Question]:
        return generate_truefalse(ctx)

    def options(self, question: Question) -> tuple[str, ...]:
        # Always True then False, whatever `choices` holds: the key is a value, not an option.
        return OPTIONS

    def grade(self, question: Question, response: Sequence[str]) -> Graded:
        if len(response) != 1:
            raise InvalidResponse("Pick True or False.")
        (index,) = picked_indexes(OPTIONS, response)
        return Graded((index == 0) == self.value(question), (OPTIONS[index],))

    def key_response(self, question: Question) -> list[str]:
        return ["0" if self.value(question) else "1"]

    def shape(self, question: Question) -> TrueFalse:
        return TrueFalse(self.value(question))

    def value(self, question: Question) -> bool:
        key = str(question.answer).strip().casefold()
        if key not in ("true", "false"):
            raise InvalidQuestion(f"question {question.id}: true/false answer is {question.answer!r}")
        return key == "true"
