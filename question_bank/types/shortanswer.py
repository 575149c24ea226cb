"""Short answer: the student types the answer; any of the accepted answers is right.

Written by instructors (and imported from GIFT and Moodle XML); no generator makes them. The
accepted answers are the question's `answer`; a typed answer matches one when they agree after
case, spacing and a final full stop are set aside.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from question_bank.model import Question
from question_bank.types.base import Graded, InvalidQuestion, InvalidResponse, QuestionType
from question_bank.types.shapes import Typed

MAX_TYPED = 200


def normalized(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().rstrip(".").strip().casefold()


class ShortAnswer(QuestionType):
    name = "shortanswer"
    label = "Short answer"
    question_template = "types/shortanswer_question.html"
    result_template = "types/shortanswer_result.html"
    study_rank = 3
    input_kind = "text"

    def options(self, question: Question) -> tuple[str, ...]:
        return ()

    def accepted(self, question: Question) -> tuple[str, ...]:
        found = tuple(a for a in question.answers if normalized(a))
        if not found:
            raise InvalidQuestion(
                f"question {question.id}: a short answer needs at least one accepted answer"
            )
        return found

    def grade(self, question: Question, response: Sequence[str]) -> Graded:
        if len(response) != 1 or not response[0].strip():
            raise InvalidResponse("Type your answer.")
        typed = response[0].strip()[:MAX_TYPED]
        right = normalized(typed) in {normalized(a) for a in self.accepted(question)}
        return Graded(right, (typed,))

    def key_response(self, question: Question) -> list[str]:
        return [self.accepted(question)[0]]

    def shape(self, question: Question) -> Typed:
        return Typed(self.accepted(question))
