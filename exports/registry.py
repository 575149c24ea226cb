"""Export formats by name: adding one means one new module and one line here."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import BinaryIO

from exports import anki, csv_export, gift, json_export, moodle_xml
from exports.base import DEFAULT_OPTIONS, ExportFormat, ExportOptions
from question_bank import Question

FORMATS: dict[str, ExportFormat] = {
    fmt.name: fmt
    for fmt in (
        anki.FORMAT,
        json_export.FORMAT,
        csv_export.FORMAT,
        gift.FORMAT,
        moodle_xml.FORMAT,
    )
}


def get_format(name: str) -> ExportFormat:
    """The format registered under `name`; KeyError names the known ones."""
    try:
        return FORMATS[name]
    except KeyError:
        known = ", ".join(sorted(FORMATS))
        raise KeyError(f"unknown export format {name!r} (known: {known})") from None


def export_questions(
    format_name: str,
    questions: Sequence[Question],
    out: Path | BinaryIO,
    options: ExportOptions | None = None,
) -> None:
    """Write `questions` in the named format to a binary stream or a file path.

    A path is written through a temporary file in the same folder and renamed into place, so a
    failed export never leaves a half-written file behind.
    """
    fmt = get_format(format_name)
    options = options or DEFAULT_OPTIONS
    if not isinstance(out, Path):
        fmt.write(questions, out, options)
        return
    partial = out.with_name(f".{out.name}.part")  # opened normally, so the umask applies
    try:
        with partial.open("wb") as stream:
            fmt.write(questions, stream, options)
        partial.replace(out)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
