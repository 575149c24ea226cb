"""Clinical vignette: a case stem, a lead-in, one best answer and an explanation of every option."""

from __future__ import annotations

from collections.abc import Iterator

from question_bank.checks import CHOICE_CHECKS
from question_bank.generators.base import Context
from question_bank.generators.vignette import generate_vignettes
from question_bank.model import Question
from question_bank.payloads import VignettePayload
from question_bank.types.base import InvalidQuestion
from question_bank.types.mcq import SingleBestAnswer
from question_bank.types.shapes import Choice


def _check_rationales(question: Question) -> list[str]:
    """A vignette explains every option and states what it teaches."""
    payload = question.payload
    if not isinstance(payload, VignettePayload):
        return ["a vignette needs its stem, lead-in and per-option explanations"]
    flaws = []
    if len(payload.rationales) != len(question.choices) or not all(payload.rationales):
        flaws.append("every option needs its own explanation")
    if not payload.objective:
        flaws.append("no educational objective")
    return flaws


class Vignette(SingleBestAnswer):
    """Graded and exported as a single best answer; shown with its case and per-option reasons."""

    name = "vignette"
    label = "Clinical vignette"
    payload_class = VignettePayload
    question_template = "types/vignette_question.html"
    result_template = "types/vignette_result.html"
    study_rank = 1
    lint_checks = (*CHOICE_CHECKS, _check_rationales)

    def generate(self, ctx: Context) -> Iterator[Question]:
        return generate_vignettes(ctx)

    def vignette(self, question: Question) -> VignettePayload:
        payload = self.payload(question)
        assert isinstance(payload, VignettePayload)  # payload() checked it is this type's
        return payload

    def heading(self, question: Question) -> str:
        return self.vignette(question).lead_in or question.prompt

    def case(self, question: Question) -> str:
        return self.vignette(question).stem

    def shape(self, question: Question) -> Choice:
        payload = self.vignette(question)
        if payload.rationales and len(payload.rationales) != len(question.choices):
            raise InvalidQuestion(f"question {question.id}: one rationale per option is needed")
        return super().shape(question)
