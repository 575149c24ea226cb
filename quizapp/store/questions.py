"""Queries on banks, questions and their tags."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Connection, Row, RowMapping, Table, delete, func, insert, select, update

from question_bank import Question as BankQuestion
from question_bank.types import question_from_dict
from quizapp.store.engine import dialect_insert
from quizapp.store.models import Bank, Question, QuestionTag, QuestionVersion, User

_banks = cast(Table, Bank.__table__)
_questions = cast(Table, Question.__table__)
_tags = cast(Table, QuestionTag.__table__)
_versions = cast(Table, QuestionVersion.__table__)
_users = cast(Table, User.__table__)

# The columns a study screen needs to rebuild a question_bank.Question, labeled "q_<name>" so
# they can share a row with other tables' columns and still be read by name.
_QUESTION_FIELDS = (
    "id",
    "type",
    "prompt",
    "choices",
    "answer",
    "explanation",
    "tags",
    "source",
    "bank",
    "topic",
    "fact",
    "payload",
    "media",
    "answer_media",
    "version",
    "markup",
)
QUESTION_COLUMNS = [_questions.c[name].label(f"q_{name}") for name in _QUESTION_FIELDS]


def to_question(row: RowMapping) -> BankQuestion:
    """Rebuild the content model from a row mapping holding the QUESTION_COLUMNS."""
    return question_from_dict({name: row[f"q_{name}"] for name in _QUESTION_FIELDS})


def upsert_bank(conn: Connection, *, slug: str, title: str, description: str, now: datetime) -> int:
    """Insert or update a bank row; returns its version, bumped on every load."""
    stmt = dialect_insert(conn, _banks).values(
        slug=slug, title=title, description=description, version=1, loaded_at=now
    )
    stmt = stmt.on_conflict_do_update(
        index_elements=[_banks.c.slug],
        set_={
            "title": stmt.excluded.title,
            "description": stmt.excluded.description,
            "loaded_at": stmt.excluded.loaded_at,
            "version": _banks.c.version + 1,
        },
    ).returning(_banks.c.version)
    return int(conn.execute(stmt).scalar_one())


def upsert_questions(conn: Connection, rows: list[dict[str, Any]]) -> None:
    """Insert new questions and update existing ones in place, keyed by their stable id."""
    if not rows:
        return
    stmt = dialect_insert(conn, _questions)
    updated = {c.name: stmt.excluded[c.name] for c in _questions.c if c.name != "id"}
    conn.execute(stmt.on_conflict_do_update(index_elements=[_questions.c.id], set_=updated), rows)


@dataclass(frozen=True)
class StoredVersion:
    """A question's current version as stored: what a reload compares the new content with."""

    version: int
    content_hash: str
    content: dict[str, Any]
    origin: str


def current_versions(conn: Connection, bank: str) -> dict[str, StoredVersion]:
    """Each stored question of the bank (retired ones too) with its current version."""
    stmt = (
        select(_questions.c.id, *(_versions.c[n] for n in ("version", "content_hash", "content", "origin")))
        .join_from(
            _questions,
            _versions,
            (_versions.c.question_id == _questions.c.id) & (_versions.c.version == _questions.c.version),
        )
        .where(_questions.c.bank == bank)
    )
    return {
        row["id"]: StoredVersion(row["version"], row["content_hash"], row["content"], row["origin"])
        for row in conn.execute(stmt).mappings()
    }


def add_versions(conn: Connection, rows: list[dict[str, Any]]) -> None:
    if rows:
        conn.execute(insert(_versions), rows)


@dataclass(frozen=True)
class VersionRecord:
    version: int
    content: dict[str, Any]
    origin: str
    created_at: datetime
    author: str | None = None  # the editor's email; None for versions loaded from files


def history(conn: Connection, question_id: str) -> list[VersionRecord]:
    """Every version of the question, oldest first."""
    columns = (_versions.c.version, _versions.c.content, _versions.c.origin, _versions.c.created_at)
    stmt = (
        select(*columns, _users.c.email.label("author"))
        .outerjoin(_users, _users.c.id == _versions.c.created_by)
        .where(_versions.c.question_id == question_id)
        .order_by(_versions.c.version)
    )
    return [VersionRecord(**row) for row in conn.execute(stmt).mappings()]


def next_position(conn: Connection, bank: str) -> int:
    found = conn.execute(select(func.max(_questions.c.position)).where(_questions.c.bank == bank)).scalar()
    return 0 if found is None else int(found) + 1


def replace_question_tags(conn: Connection, question_id: str, tags: Iterable[str]) -> None:
    conn.execute(delete(_tags).where(_tags.c.question_id == question_id))
    rows = [{"question_id": question_id, "tag": tag} for tag in sorted(set(tags))]
    if rows:
        conn.execute(insert(_tags), rows)


def bank_source(conn: Connection, slug: str) -> str | None:
    """The bank's source of record ("files" or "database"); None for a bank not stored yet."""
    found = conn.execute(select(_banks.c.source).where(_banks.c.slug == slug)).scalar()
    return str(found) if found is not None else None


def set_bank_source(conn: Connection, slug: str, source: str) -> bool:
    return conn.execute(update(_banks).where(_banks.c.slug == slug).values(source=source)).rowcount == 1


def retire_missing(conn: Connection, bank: str, keep: Iterable[str], now: datetime) -> int:
    """Mark the bank's questions that are no longer generated retired; never delete them."""
    current = set(
        conn.execute(
            select(_questions.c.id).where(_questions.c.bank == bank, ~_questions.c.retired)
        ).scalars()
    )
    gone = sorted(current - set(keep))
    if gone:
        conn.execute(update(_questions).where(_questions.c.id.in_(gone)).values(retired=True, updated_at=now))
    return len(gone)


def replace_tags(conn: Connection, bank: str, pairs: list[dict[str, str]]) -> None:
    in_bank = select(_questions.c.id).where(_questions.c.bank == bank).scalar_subquery()
    conn.execute(delete(_tags).where(_tags.c.question_id.in_(in_bank)))
    if pairs:
        conn.execute(insert(_tags), pairs)


def get(conn: Connection, question_id: str) -> BankQuestion | None:
    row = conn.execute(select(*QUESTION_COLUMNS).where(_questions.c.id == question_id)).first()
    return to_question(row._mapping) if row else None


def banks(conn: Connection, visible: Iterable[str]) -> list[Row[Any]]:
    """Each of the `visible` banks with its count of live questions."""
    live = (
        select(func.count())
        .where(_questions.c.bank == _banks.c.slug, ~_questions.c.retired)
        .scalar_subquery()
    )
    stmt = select(_banks.c.slug, _banks.c.title, _banks.c.description, live.label("questions"))
    stmt = stmt.where(_banks.c.slug.in_(sorted(visible)))
    return list(conn.execute(stmt.order_by(_banks.c.title)))


def bank_row(conn: Connection, slug: str) -> RowMapping:
    row = conn.execute(select(_banks).where(_banks.c.slug == slug)).mappings().first()
    if row is None:
        raise LookupError(slug)
    return row


def editable(conn: Connection, bank: str) -> list[BankQuestion]:
    """The bank's live questions, newest first (an author's list)."""
    stmt = (
        select(*QUESTION_COLUMNS)
        .where(_questions.c.bank == bank, ~_questions.c.retired)
        .order_by(_questions.c.position.desc())
    )
    return [to_question(row) for row in conn.execute(stmt).mappings()]


def position_of(conn: Connection, question_id: str) -> int | None:
    found = conn.execute(select(_questions.c.position).where(_questions.c.id == question_id)).scalar()
    return None if found is None else int(found)


def bank_exists(conn: Connection, slug: str) -> bool:
    return conn.execute(select(_banks.c.slug).where(_banks.c.slug == slug)).first() is not None


def tag_counts(conn: Connection, bank: str) -> list[tuple[str, int]]:
    stmt = (
        select(_tags.c.tag, func.count())
        .join(_questions, _questions.c.id == _tags.c.question_id)
        .where(_questions.c.bank == bank, ~_questions.c.retired)
        .group_by(_tags.c.tag)
        .order_by(_tags.c.tag)
    )
    return [(tag, int(n)) for tag, n in conn.execute(stmt)]


def count_live(conn: Connection, bank: str) -> int:
    stmt = select(func.count()).where(_questions.c.bank == bank, ~_questions.c.retired)
    return int(conn.execute(stmt).scalar_one())
