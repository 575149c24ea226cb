"""Matching: pair each item with one of the options (there may be more options than items)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from question_bank.generators.base import Context
from question_bank.generators.matching import generate_matching
from question_bank.model import Question
from question_bank.payloads import MatchingPayload
from question_bank.types.base import (
    Graded,
    InvalidQuestion,
    InvalidResponse,
    QuestionType,
    picked_indexes,
    same_text,
)
from question_bank.types.shapes import Matching


class MatchItems(QuestionType):
    name = "matching"
    label = "Matching"
    payload_class = MatchingPayload
    question_template = "types/matching_question.html"
    result_template = "types/matching_result.html"
    study_rank = 5

    def generate(self, ctx: Context) -> Iterator[Question]:
        return generate_matching(ctx)

    def items(self, question: Question) -> tuple[str, ...]:
        payload = self.payload(question)
        assert isinstance(payload, MatchingPayload)
        return payload.items

    def options(self, question: Question) -> tuple[str, ...]:
        """The options offered for each item: the choices, or else the answers sorted."""
        return question.choices or tuple(sorted(set(question.answers)))

    def pairs(self, question: Question) -> tuple[tuple[str, str], ...]:
        items, answers = self.items(question), question.answers
        if len(answers) != len(items) or not items:
            raise InvalidQuestion(f"question {question.id}: {len(items)} items but {len(answers)} matches")
        return tuple(zip(items, answers, strict=True))

    def grade(self, question: Question, response: Sequence[str]) -> Graded:
        options = self.options(question)
        pairs = self.pairs(question)
        if len(response) != len(pairs):
            raise InvalidResponse("Pick a match for every item.")
        chosen = tuple(options[i] for i in picked_indexes(options, response))
        correct = all(same_text(c, match) for c, (_, match) in zip(chosen, pairs, strict=True))
        return Graded(correct, chosen)

    def key_response(self, question: Question) -> list[str]:
        folded = [o.casefold() for o in self.options(question)]
        return [str(folded.index(match.casefold())) for _, match in self.pairs(question)]

    def shape(self, question: Question) -> Matching:
        return Matching(self.pairs(question), question.choices)
