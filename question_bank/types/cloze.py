"""Cloze deletion: a sentence with a term hidden in Anki's {{c1::term}} syntax, self-graded.

The cloze syntax is parsed here only; the study page and every export format read it through
`cloze_parts`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from question_bank.generators.base import Context
from question_bank.generators.cloze import generate_cloze
from question_bank.model import Question
from question_bank.payloads import ClozePayload
from question_bank.types.base import QuestionType
from question_bank.types.shapes import Cloze, Recall

# {{c1::text}} or {{c1::text::hint}}; non-greedy so two deletions on a line stay apart.
_CLOZE = re.compile(r"\{\{c(\d+)::(.*?)(?:::(.*?))?\}\}", re.DOTALL)


@dataclass(frozen=True)
class ClozePart:
    """A run of cloze text: plain when `number` is 0, else deletion `number` with an optional hint."""

    text: str
    number: int = 0
    hint: str = ""


def cloze_parts(text: str) -> list[ClozePart]:
    parts: list[ClozePart] = []
    pos = 0
    for match in _CLOZE.finditer(text):
        if match.start() > pos:
            parts.append(ClozePart(text[pos : match.start()]))
        parts.append(ClozePart(match.group(2), int(match.group(1)), match.group(3) or ""))
        pos = match.end()
    if pos < len(text):
        parts.append(ClozePart(text[pos:]))
    return parts


def cloze_numbers(text: str) -> list[int]:
    return sorted({p.number for p in cloze_parts(text) if p.number > 0})


class ClozeDeletion(QuestionType):
    name = "cloze"
    label = "Fill in the blank"
    payload_class = ClozePayload
    auto_graded = False
    question_template = "types/cloze_question.html"
    result_template = "types/recall_result.html"
    study_rank = 1

    def generate(self, ctx: Context) -> Iterator[Question]:
        return generate_cloze(ctx)

    def text(self, question: Question) -> str:
        """The cloze text, or the prompt for a question written without one."""
        payload = self.payload(question)
        assert isinstance(payload, ClozePayload)
        return payload.text or question.prompt

    def options(self, question: Question) -> tuple[str, ...]:
        return ()

    def shape(self, question: Question) -> Cloze | Recall:
        text = self.text(question)
        # Nothing hidden: there is no deletion to ask, so it is asked as a plain recall item.
        return Cloze(text) if cloze_numbers(text) else Recall(" / ".join(question.answers))
