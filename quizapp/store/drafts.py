"""Queries on authors' drafts and on the images uploaded to banks."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Connection, Table, delete, select

from quizapp.store.engine import dialect_insert
from quizapp.store.models import BankFacts, Media, QuestionDraft

_drafts = cast(Table, QuestionDraft.__table__)
_media = cast(Table, Media.__table__)
_facts = cast(Table, BankFacts.__table__)


@dataclass(frozen=True)
class DraftRecord:
    id: str
    bank: str
    content: dict[str, Any]
    topic: str
    tags: list[str]
    updated_at: datetime


_DRAFT_COLUMNS = [_drafts.c[name] for name in DraftRecord.__dataclass_fields__]


def save(conn: Connection, values: dict[str, Any]) -> None:
    stmt = dialect_insert(conn, _drafts).values(**values)
    changed = {name: stmt.excluded[name] for name in values if name not in ("id", "bank")}
    conn.execute(stmt.on_conflict_do_update(index_elements=["id"], set_=changed))


def get(conn: Connection, draft_id: str) -> DraftRecord | None:
    row = conn.execute(select(*_DRAFT_COLUMNS).where(_drafts.c.id == draft_id)).first()
    return DraftRecord(**row._mapping) if row else None


def of_bank(conn: Connection, bank: str) -> list[DraftRecord]:
    stmt = select(*_DRAFT_COLUMNS).where(_drafts.c.bank == bank).order_by(_drafts.c.updated_at.desc())
    return [DraftRecord(**row._mapping) for row in conn.execute(stmt)]


def discard(conn: Connection, draft_id: str) -> None:
    conn.execute(delete(_drafts).where(_drafts.c.id == draft_id))


def add_media(conn: Connection, values: dict[str, Any]) -> None:
    stmt = dialect_insert(conn, _media).values(**values)
    conn.execute(stmt.on_conflict_do_nothing(index_elements=["bank", "name"]))


def media(conn: Connection, bank: str, name: str) -> tuple[str, bytes] | None:
    stmt = select(_media.c.content_type, _media.c.data).where(_media.c.bank == bank, _media.c.name == name)
    row = conn.execute(stmt).first()
    return (str(row[0]), bytes(row[1])) if row else None


def media_names(conn: Connection, bank: str) -> list[str]:
    stmt = select(_media.c.name).where(_media.c.bank == bank).order_by(_media.c.created_at)
    return list(conn.execute(stmt).scalars())


def facts(conn: Connection, bank: str) -> dict[str, Any] | None:
    found = conn.execute(select(_facts.c.data).where(_facts.c.bank == bank)).scalar()
    return dict(found) if found is not None else None


def save_facts(conn: Connection, bank: str, data: dict[str, Any], user_id: int, now: datetime) -> None:
    stmt = dialect_insert(conn, _facts).values(bank=bank, data=data, updated_by=user_id, updated_at=now)
    conn.execute(
        stmt.on_conflict_do_update(
            index_elements=["bank"],
            set_={"data": stmt.excluded.data, "updated_by": stmt.excluded.updated_by, "updated_at": now},
        )
    )
