"""What every exporter shares: its options, its registry entry and its error."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from question_bank import Bank, Question


class ExportError(Exception):
    """The questions cannot be written in the requested format (bad content, missing media)."""


@dataclass(frozen=True)
class ExportOptions:
    """Settings shared by the exporters; each reads only the ones it needs.

    `bank` supplies titles (Anki deck names, LMS categories); without it the questions' bank slug
    is used. `media_dir` is the folder that `Question.media` names are relative to (the bank
    folder). `timestamp` is the modification time given to Anki notes; None means "now", which is
    what makes a re-export count as newer in Anki. `title` overrides the bank title, e.g. for a
    "missed questions" deck. `one_deck` puts an Anki export in one deck instead of a subdeck per
    topic.
    """

    bank: Bank | None = None
    media_dir: Path | None = None
    timestamp: float | None = None
    title: str | None = None
    one_deck: bool = False  # Anki: every note in the bank's deck, topics only in tags (AnKing style)

    def title_for(self, questions: Sequence[Question]) -> str:
        if self.title:
            return self.title
        if self.bank is not None:
            return self.bank.title
        return questions[0].bank if questions else "Questions"

    def slug_for(self, questions: Sequence[Question]) -> str:
        if self.bank is not None:
            return self.bank.slug
        return questions[0].bank if questions else "questions"


DEFAULT_OPTIONS = ExportOptions()

Writer = Callable[[Sequence[Question], BinaryIO, ExportOptions], None]


@dataclass(frozen=True)
class ExportFormat:
    """A registry entry: how to write one format and how to offer the file for download."""

    name: str
    extension: str  # without the dot
    mimetype: str
    description: str
    write: Writer
