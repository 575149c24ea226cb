"""Loading a bank into the database: each question keeps its stable id, and every change of
its content is stored as a new version; questions no longer generated are retired.

Key-change policy: a version whose key (or type) differs from the one before it resets every
student's card for that question to new, since the old schedule measured memory of another
answer ("reset", the default); "keep" leaves schedules alone. Wording-only changes never touch
a schedule. Review history is always kept, each review naming the version it answered.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

from sqlalchemy import Connection, Engine

from question_bank import Bank, Question, generate, load_bank
from question_bank.versions import content_hash, content_of, key_changed
from quizapp.services.errors import Conflict, InvalidInput, NotFound
from quizapp.store import cards, questions
from quizapp.store.engine import reading
from quizapp.store.questions import StoredVersion, VersionRecord

KeyChangePolicy = Literal["reset", "keep"]
KEY_CHANGE_POLICIES: tuple[KeyChangePolicy, ...] = ("reset", "keep")
SOURCES = ("files", "database")


@dataclass(frozen=True)
class LoadReport:
    slug: str
    version: int  # how many times the bank has been loaded
    questions: int
    added: int  # new questions (version 1)
    changed: int  # questions given a new version
    retired: int
    cards_reset: int = 0  # students' cards reset by a key change

    def summary(self) -> str:
        text = (
            f"{self.slug}: {self.questions} questions ({self.added} new, {self.changed} new versions, "
            f"{self.retired} retired)"
        )
        return text + (f"; {self.cards_reset} cards reset by a changed key" if self.cards_reset else "")


class EditedInBrowser(Conflict):
    """The bank's source of record is the database: loading its files would overwrite edits."""


def load_path(
    engine: Engine, path: Path, *, now: datetime, key_change: KeyChangePolicy = "reset"
) -> LoadReport:
    """Validate and generate the bank at `path`, then store it.

    Raises question_bank.BankError before anything is written if the bank is invalid, and
    EditedInBrowser if the stored bank is edited in the browser.
    """
    bank = load_bank(path)
    return store(engine, bank, generate(bank), now=now, key_change=key_change)


def store(
    engine: Engine,
    bank: Bank,
    generated: list[Question],
    *,
    now: datetime,
    key_change: KeyChangePolicy = "reset",
) -> LoadReport:
    """Store the bank's questions in one transaction, a new version for each changed one."""
    with engine.begin() as conn:
        _check_source(conn, bank.slug)
        stored = questions.current_versions(conn, bank.slug)
        _check_no_edits(bank.slug, stored)
        rows, new_versions, rekeyed = plan_versions(bank.slug, generated, stored, now)
        load_count = questions.upsert_bank(
            conn, slug=bank.slug, title=bank.title, description=bank.description, now=now
        )
        questions.upsert_questions(conn, rows)
        questions.add_versions(conn, new_versions)
        retired = questions.retire_missing(conn, bank.slug, (q.id for q in generated), now)
        tags = [{"question_id": q.id, "tag": tag} for q in generated for tag in sorted(set(q.tags))]
        questions.replace_tags(conn, bank.slug, tags)
        reset = cards.reset_to_new(conn, rekeyed) if key_change == "reset" else 0
    added = sum(1 for v in new_versions if v["version"] == 1)
    return LoadReport(
        bank.slug, load_count, len(rows), added, len(new_versions) - added, retired, cards_reset=reset
    )


def _check_source(conn: Connection, slug: str) -> None:
    if questions.bank_source(conn, slug) == "database":
        raise EditedInBrowser(
            f"Bank {slug!r} is edited in the browser (its source of record is the database); "
            "loading its files would overwrite those edits, so nothing was loaded. "
            f"Run `quizapp bank source {slug} files` first to make the files the source again."
        )


def _check_no_edits(slug: str, stored: dict[str, StoredVersion]) -> None:
    edited = sorted(qid for qid, v in stored.items() if v.origin != "files")
    if edited:
        shown = ", ".join(edited[:5]) + (" …" if len(edited) > 5 else "")
        raise EditedInBrowser(
            f"Bank {slug!r} has {len(edited)} question(s) edited in the browser ({shown}); "
            "loading its files would overwrite them, so nothing was loaded."
        )


def plan_versions(
    slug: str,
    generated: Sequence[Question],
    stored: dict[str, StoredVersion],
    now: datetime,
    first_position: int = 0,
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[str]]:
    """The question rows to upsert, the version rows to add, and the questions whose key changed."""
    rows, new_versions, rekeyed = [], [], []
    for position, question in enumerate(generated, start=first_position):
        content = content_of(question)
        digest = content_hash(content)
        before = stored.get(question.id)
        version = before.version if before else 0
        if before is None or before.content_hash != digest:
            version += 1
            new_versions.append(
                {
                    "question_id": question.id,
                    "version": version,
                    "content_hash": digest,
                    "content": content,
                    "origin": "files",
                    "created_at": now,
                }
            )
            if before is not None and key_changed(before.content, content):
                rekeyed.append(question.id)
        rows.append(question_row(question, slug, position, version, digest, now))
    return rows, new_versions, rekeyed


def question_row(
    question: Question, slug: str, position: int, version: int, digest: str, now: datetime
) -> dict[str, Any]:
    """The stored row of one question at one version (loaded from files or written in the editor)."""
    data = question.to_dict()
    return {
        "id": question.id,
        "bank": slug,
        "type": question.type,
        "prompt": question.prompt,
        "choices": data["choices"],
        "answer": data["answer"],
        "explanation": question.explanation,
        "tags": data["tags"],
        "source": question.source,
        "fact": question.fact or question.id,
        "topic": question.topic,
        "payload": data.get("payload", {}),
        "media": list(question.media),
        "answer_media": list(question.answer_media),
        "position": position,
        "retired": False,
        "updated_at": now,
        "version": version,
        "content_hash": digest,
        "markup": question.markup,
    }


def set_source(engine: Engine, slug: str, source: str) -> None:
    """Make the bank's files ("files") or its stored questions ("database") the source of record."""
    if source not in SOURCES:
        raise InvalidInput(f"A bank's source is one of: {', '.join(SOURCES)}.")
    with engine.begin() as conn:
        if not questions.set_bank_source(conn, slug, source):
            raise NotFound(f"No bank {slug!r} is stored.")


def history(engine: Engine, question_id: str) -> list[VersionRecord]:
    """Every version of a question, oldest first; NotFound for an unknown id."""
    with reading(engine) as conn:
        found = questions.history(conn, question_id)
    if not found:
        raise NotFound(f"No question {question_id!r} is stored.")
    return found
