"""The canonical dump: a JSON list of `Question.to_dict()` objects, in generation order."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import BinaryIO

from exports.base import DEFAULT_OPTIONS, ExportFormat, ExportOptions
from question_bank import Question


def write_json(
    questions: Sequence[Question], out: BinaryIO, options: ExportOptions = DEFAULT_OPTIONS
) -> None:
    """UTF-8 JSON, two-space indent, non-ASCII kept as is; identical input gives identical bytes."""
    text = json.dumps([q.to_dict() for q in questions], ensure_ascii=False, indent=2)
    out.write(text.encode("utf-8") + b"\n")


FORMAT = ExportFormat(
    name="json",
    extension="json",
    mimetype="application/json",
    description="the canonical JSON dump of Question.to_dict()",
    write=write_json,
)
