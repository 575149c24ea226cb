"""The question library: a bank's page, downloads of a bank or of a student's own sets, and marks.

A download is built from the stored questions (not regenerated from the bank files), so it holds
exactly what the student sees; images are read from the bundled bank's folder.
"""

from __future__ import annotations

import dataclasses
import io
import logging
import os
import re
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine

from exports import FORMATS, ExportError, ExportFormat, ExportOptions, Selection, export_questions
from question_bank import Question, bundled_bank_path
from quizapp.services.errors import InvalidInput, NotFound, ServiceError
from quizapp.store import catalog, courses, marks, questions, reviews
from quizapp.store.engine import reading
from quizapp.store.marks import Marked
from quizapp.store.users import UserRecord

log = logging.getLogger(__name__)

SELECTIONS = ("bank", "missed", "marked")
# How each format is offered in a download form, in this order; formats added to the
# registry later are offered under their own name after these.
FORMAT_LABELS = {
    "anki": "Anki deck (.apkg)",
    "csv": "CSV (term, definition)",
    "gift": "Moodle GIFT",
    "moodle-xml": "Moodle XML",
    "json": "JSON",
}

MediaFolder = Callable[[str], Path | None]  # bank slug -> the folder its image names are relative to


class UnknownFormat(InvalidInput):
    pass


class NothingToExport(ServiceError):
    pass


class ExportFailed(ServiceError):
    pass


@dataclass(frozen=True)
class BankPage:
    slug: str
    title: str
    description: str
    questions: int  # live questions
    topics: list[tuple[str, int]]  # (topic, live questions), in bank order
    types: list[tuple[str, int]]
    tags: list[tuple[str, int]]  # what the study start form offers


@dataclass(frozen=True)
class Download:
    data: bytes
    filename: str
    mimetype: str
    count: int  # questions in the file


def format_choices() -> list[tuple[str, str]]:
    """(format name, label) for every registered export format, Anki first."""
    known = [(name, label) for name, label in FORMAT_LABELS.items() if name in FORMATS]
    return known + [(name, name) for name in FORMATS if name not in FORMAT_LABELS]


def bank_overview(engine: Engine, user: UserRecord, slug: str) -> BankPage:
    """The bank's title, description and live-question counts by topic and by type."""
    with reading(engine) as conn:
        row = catalog.bank(conn, slug)
        if row is None or slug not in courses.visible_banks(conn, user.id):
            raise NotFound("No such bank.")
        topics = catalog.counts_by(conn, slug, "topic")
        types = catalog.counts_by(conn, slug, "type")
        tags = questions.tag_counts(conn, slug)
    total = sum(n for _, n in topics)
    return BankPage(row.slug, row.title, row.description, total, topics, types, tags)


def bundled_media_folder(slug: str) -> Path | None:
    try:
        return bundled_bank_path(slug)
    except KeyError:
        return None


def export_selection(
    engine: Engine,
    user: UserRecord,
    selection: str,
    format_name: str,
    *,
    bank: str | None = None,
    topics: Iterable[str] = (),
    media_folder: MediaFolder = bundled_media_folder,
    timestamp: float | None = None,
    one_deck: bool = False,
) -> Download:
    """Write a bank (selection "bank", with `bank` its slug) or the student's own "missed" or
    "marked" questions in the named format, optionally only the given topics.

    Raises UnknownFormat, NotFound (unknown bank), NothingToExport or ExportFailed.
    """
    fmt = _format(format_name)
    topics = tuple(t for t in topics if t)
    if selection == "bank":
        found, slug, title = _bank_questions(engine, user, bank or "")
        part = _topics_part(topics)
    elif selection in SELECTIONS:
        found = _own_questions(engine, user, selection)
        slug, title = _set_names(engine, found, selection)
        part = selection
    else:
        raise InvalidInput(f"Unknown selection {selection!r}.")
    chosen = Selection(topics=topics).apply(found)
    if not chosen:
        raise NothingToExport("There are no questions to download in that selection.")
    data = _write(
        fmt, chosen, ExportOptions(timestamp=timestamp, title=title, one_deck=one_deck), media_folder
    )
    return Download(data, f"{_safe(slug)}-{_safe(part)}.{fmt.extension}", fmt.mimetype, len(chosen))


def _format(name: str) -> ExportFormat:
    found = FORMATS.get(name)
    if found is None:
        known = ", ".join(FORMATS)
        raise UnknownFormat(f"Unknown download format {name[:40]!r}; choose one of: {known}.")
    return found


def _bank_questions(engine: Engine, user: UserRecord, slug: str) -> tuple[list[Question], str, str]:
    with reading(engine) as conn:
        row = catalog.bank(conn, slug)
        if row is None or slug not in courses.visible_banks(conn, user.id):
            raise NotFound("No such bank.")
        return catalog.live_questions(conn, slug), row.slug, row.title


def _own_questions(engine: Engine, user: UserRecord, selection: str) -> list[Question]:
    # Exactly what the student's missed or marked page lists, in the same order.
    if selection == "missed":
        with reading(engine) as conn:
            return [item.question for item in reviews.missed(conn, user.id, limit=1000)[0]]
    return [item.question for item in list_marked(engine, user)]


def _set_names(engine: Engine, found: Sequence[Question], selection: str) -> tuple[str, str]:
    """(file-name slug, deck title): the bank's when the whole set comes from one bank."""
    banks = {q.bank for q in found}
    what = f"{selection} questions"
    if len(banks) != 1:
        return "quizapp", what.capitalize()
    (slug,) = banks
    with reading(engine) as conn:
        title = catalog.titles(conn, banks).get(slug, slug)
    return slug, f"{title} — {what}"


def _topics_part(topics: Sequence[str]) -> str:
    if not topics:
        return "all"
    return topics[0] if len(topics) == 1 else f"{len(topics)}-topics"


def _safe(part: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "-", part).strip("-.")[:80] or "questions"


def _write(
    fmt: ExportFormat, chosen: list[Question], options: ExportOptions, media_folder: MediaFolder
) -> bytes:
    out = io.BytesIO()
    try:
        with _media_dir(chosen, media_folder) as folder:
            export_questions(fmt.name, chosen, out, dataclasses.replace(options, media_dir=folder))
    except ExportError as error:
        # The detail names server paths; it goes to the log, the student gets the gist.
        log.warning("%s export of %d questions failed: %s", fmt.name, len(chosen), error)
        raise ExportFailed(
            f"These questions could not be written as {FORMAT_LABELS.get(fmt.name, fmt.name)}: "
            "a question or one of its images is broken."
        ) from None
    return out.getvalue()


@contextmanager
def _media_dir(chosen: Sequence[Question], media_folder: MediaFolder) -> Iterator[Path | None]:
    """The folder the questions' image names are relative to.

    A missed or marked set can span banks, each with its own folder; then a scratch folder
    links every image name to its bank's file (a name two banks use for different files is
    refused, as the exporters refuse two images sharing one flat name).
    """
    banks = sorted({q.bank for q in chosen if q.all_media})
    if len(banks) <= 1:
        yield media_folder(banks[0]) if banks else None
        return
    with tempfile.TemporaryDirectory(prefix="quizapp-media-") as scratch:
        root = Path(scratch)
        for question in chosen:
            folder = media_folder(question.bank)
            for name in question.all_media if folder else ():
                _link(root, name, (folder or Path()) / name)
        yield root


def _link(root: Path, name: str, target: Path) -> None:
    link = root / name
    inside = os.path.normpath(link).startswith(os.path.join(os.path.normpath(root), ""))
    if not inside or not target.is_file():
        return  # left for the exporter to report as a missing image
    if link.is_symlink():
        if link.resolve() != target.resolve():
            raise ExportError(f"image name {name!r} is used by two banks for different files")
        return
    link.parent.mkdir(parents=True, exist_ok=True)
    link.symlink_to(target.resolve())


def mark(engine: Engine, user: UserRecord, question_id: str, now: datetime) -> bool:
    """Add the question to the student's marked set; True if it was not there yet."""
    with engine.begin() as conn:
        if questions.get(conn, question_id) is None:
            raise NotFound("No such question.")
        return marks.add(conn, user.id, question_id, now)


def unmark(engine: Engine, user: UserRecord, question_id: str) -> bool:
    """Take the question out of the student's marked set; True if it was there."""
    with engine.begin() as conn:
        return marks.remove(conn, user.id, question_id)


def list_marked(engine: Engine, user: UserRecord) -> list[Marked]:
    """The student's marked questions, most recently marked first."""
    with reading(engine) as conn:
        return marks.marked(conn, user.id)
