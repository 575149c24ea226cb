"""Select all that apply: every keyed option and no other."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from question_bank.checks import CHOICE_CHECKS
from question_bank.generators.base import Context
from question_bank.generators.multi import generate_multi
from question_bank.model import Question
from question_bank.types.base import Graded, InvalidResponse, QuestionType, keyed_indexes, picked_indexes
from question_bank.types.shapes import Choice


class SelectAll(QuestionType):
    name = "multi"
    label = "Select all that apply"
    question_template = "types/choice_question.html"
    result_template = "types/choice_result.html"
    lint_checks = CHOICE_CHECKS
    study_rank = 3
    input_kind = "checkbox"

    def generate(self, ctx: Context) -> Iterator[Question]:
        return generate_multi(ctx)

    def grade(self, question: Question, response: Sequence[str]) -> Graded:
        options = self.options(question)
        if not response:
            raise InvalidResponse("Pick at least one option.")
        picked = tuple(sorted(set(picked_indexes(options, response))))
        return Graded(picked == keyed_indexes(question, options), tuple(options[i] for i in picked))

    def key_response(self, question: Question) -> list[str]:
        return [str(i) for i in keyed_indexes(question, self.options(question))]

    def shape(self, question: Question) -> Choice:
        options = self.options(question)
        return Choice(options, keyed_indexes(question, options), single=False)
