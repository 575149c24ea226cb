"""Image files named by `Question.media` and `Question.answer_media`, found relative to the bank
folder."""

from __future__ import annotations

import posixpath
from collections.abc import Sequence
from pathlib import Path

from exports.base import ExportError
from question_bank import Question


def media_name(name: str) -> str:
    """The flat file name an image gets in Anki's media folder and in an LMS's file area."""
    return posixpath.basename(name.replace("\\", "/"))


def media_path(question: Question, name: str, media_dir: Path | None) -> Path:
    path = (media_dir or Path()) / name
    if not path.is_file():
        raise ExportError(f"question {question.id}: image {name!r} not found at {path}")
    return path


def media_files(questions: Sequence[Question], media_dir: Path | None) -> list[Path]:
    """Each distinct image once, the question's and the answer's; two different files that would
    share a flat name are refused."""
    found: dict[str, Path] = {}
    for question in questions:
        for name in question.all_media:
            path = media_path(question, name, media_dir)
            previous = found.setdefault(media_name(name), path)
            if previous.resolve() != path.resolve():
                raise ExportError(f"images {previous} and {path} would share one name")
    return list(found.values())
