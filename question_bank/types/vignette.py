"""Clinical vignette: a case stem, a lead-in, one best answer and an explanation of every option."""

from __future__ import annotations

from collections.abc import Iterator

from question_bank.generators.base import Context
from question_bank.generators.vignette import generate_vignettes
from question_bank.model import Question
from question_bank.payloads import VignettePayload
from question_bank.types.base import InvalidQuestion
from question_bank.types.mcq import SingleBestAnswer
from question_bank.types.shapes import Choice


class Vignette(SingleBestAnswer):
    """Graded and exported as a single best answer; shown with its case and per-option reasons."""

    name = "vignette"
    label = "Clinical vignette"
    payload_class = VignettePayload
    question_template = "types/vignette_question.html"
    result_template = "types/explained_result.html"
    study_rank = 1

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
