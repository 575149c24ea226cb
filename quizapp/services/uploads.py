"""Files an instructor uploads in the browser: a bank folder as a .zip, or questions in GIFT,
Moodle XML, Aiken or CSV.

A .zip is checked before anything is extracted: how many entries, how large each one is once
inflated (a small archive may inflate to gigabytes), and their names, which never become paths:
only the file name is kept, and only bank files (YAML and images) are written, into a scratch
folder. Imported questions become drafts of the instructor's bank, to read before publishing.
"""

from __future__ import annotations

import io
import tempfile
import zipfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path, PurePosixPath

from sqlalchemy import Engine

from exports import importers
from exports.gift_import import Problem
from exports.gift_questions import to_questions
from question_bank import BankError, generate, load_bank
from question_bank.errors import BankProblem
from question_bank.loader import IMAGE_SUFFIXES
from quizapp.services import banks
from quizapp.services.authoring import check_editor, keep_draft
from quizapp.services.courses import require_writer
from quizapp.services.errors import InvalidInput
from quizapp.store import courses, questions
from quizapp.store.users import UserRecord

MAX_ENTRIES = 300
MAX_ENTRY_BYTES = 5 * 1024 * 1024
MAX_TOTAL_BYTES = 30 * 1024 * 1024
BANK_SUFFIXES = (".yaml", ".yml", *IMAGE_SUFFIXES)


class BankFileErrors(InvalidInput):
    def __init__(self, problems: list[BankProblem]) -> None:
        self.problems = problems
        super().__init__(f"{len(problems)} problem(s) in the bank files; nothing was loaded.")


def safe_members(archive: zipfile.ZipFile) -> list[tuple[zipfile.ZipInfo, str]]:
    """(entry, file name) of the bank files in the archive; InvalidInput for a hostile one."""
    entries = archive.infolist()
    if len(entries) > MAX_ENTRIES:
        raise InvalidInput(f"The archive holds {len(entries)} entries; a bank has at most {MAX_ENTRIES}.")
    if sum(e.file_size for e in entries) > MAX_TOTAL_BYTES:
        raise InvalidInput("The archive inflates to more than 30 MB; a bank is far smaller.")
    chosen: dict[str, zipfile.ZipInfo] = {}
    for entry in entries:
        name = PurePosixPath(entry.filename.replace("\\", "/")).name
        if entry.is_dir() or not name.lower().endswith(BANK_SUFFIXES) or name.startswith("."):
            continue
        if entry.file_size > MAX_ENTRY_BYTES:
            raise InvalidInput(f"{name} inflates to more than 5 MB.")
        if name in chosen:
            raise InvalidInput(f"Two files are named {name}: a bank is one folder.")
        chosen[name] = entry
    if "bank.yaml" not in chosen:
        raise InvalidInput("The archive has no bank.yaml: zip the bank's folder.")
    return [(entry, name) for name, entry in chosen.items()]


def upload_bank(
    engine: Engine, user: UserRecord, data: bytes, now: datetime, *, check_only: bool = False
) -> banks.LoadReport | None:
    """Load a zipped bank folder as a bank the instructor owns (new, or theirs already); with
    `check_only`, check it and store nothing (None)."""
    require_writer(user)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise InvalidInput("That file is not a .zip archive.") from None
    with archive, tempfile.TemporaryDirectory(prefix="quizapp-upload-") as scratch:
        root = Path(scratch) / "bank"
        root.mkdir()
        for entry, name in safe_members(archive):
            with archive.open(entry) as source:
                (root / name).write_bytes(source.read(MAX_ENTRY_BYTES + 1)[:MAX_ENTRY_BYTES])
        try:
            bank = load_bank(root)
        except BankError as error:
            raise BankFileErrors(error.problems) from None
    with engine.begin() as conn:
        exists = questions.bank_exists(conn, bank.slug)
        if exists and not courses.can_edit(conn, bank.slug, user.id):
            raise InvalidInput(
                f"The slug {bank.slug!r} belongs to another bank; change `slug:` in bank.yaml."
            )
    if check_only:
        return None
    report = banks.store(engine, bank, generate(bank), now=now)
    if not exists:
        with engine.begin() as conn:
            courses.claim_bank(conn, bank.slug, user.id)
    return report


@dataclass(frozen=True)
class Imported:
    drafts: int
    problems: list[Problem]
    stored: bool


def import_questions(
    engine: Engine, user: UserRecord, slug: str, data: bytes, fmt: str, now: datetime, *, check_only: bool
) -> Imported:
    """Questions from a GIFT, Moodle XML, Aiken or CSV file as drafts of the bank; nothing is
    stored if any question was not understood, or when only checking."""
    check_editor(engine, user, slug)
    if fmt not in importers.FORMATS:
        raise InvalidInput(f"Choose one of: {', '.join(importers.FORMATS.values())}.")
    try:
        parsed = importers.parse(data, fmt)
    except importers.NotText as error:
        raise InvalidInput(f"The file is {error}.") from None
    found, problems = to_questions(parsed, slug)
    if check_only or any(p.severity == "error" for p in problems):
        return Imported(len(found), problems, False)
    with engine.begin() as conn:
        for question, _ in found:
            keep_draft(conn, question, user, now)
    return Imported(len(found), problems, True)
