"""Queries for browsing and exporting a bank: its row, its live questions and their counts.

Retired questions (no longer generated) are left out of everything here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

from sqlalchemy import Connection, Table, func, select

from question_bank import Question as BankQuestion
from quizapp.store.models import Bank, Question
from quizapp.store.questions import QUESTION_COLUMNS, to_question

_banks = cast(Table, Bank.__table__)
_questions = cast(Table, Question.__table__)


@dataclass(frozen=True)
class BankRow:
    slug: str
    title: str
    description: str


def bank(conn: Connection, slug: str) -> BankRow | None:
    stmt = select(_banks.c.slug, _banks.c.title, _banks.c.description).where(_banks.c.slug == slug)
    row = conn.execute(stmt).first()
    return BankRow(**row._mapping) if row else None


def titles(conn: Connection, slugs: set[str]) -> dict[str, str]:
    stmt = select(_banks.c.slug, _banks.c.title).where(_banks.c.slug.in_(sorted(slugs)))
    return {slug: title for slug, title in conn.execute(stmt)}


def counts_by(conn: Connection, slug: str, column: str) -> list[tuple[str, int]]:
    """Live questions of the bank per value of `column` ("topic" or "type"), in bank order."""
    key = _questions.c[column]
    stmt = (
        select(key, func.count(), func.min(_questions.c.position).label("first"))
        .where(_questions.c.bank == slug, ~_questions.c.retired)
        .group_by(key)
        .order_by("first")
    )
    return [(value, int(n)) for value, n, _ in conn.execute(stmt)]


def live_questions(conn: Connection, slug: str) -> list[BankQuestion]:
    """The bank's live questions in bank (generation) order."""
    stmt = (
        select(*QUESTION_COLUMNS)
        .where(_questions.c.bank == slug, ~_questions.c.retired)
        .order_by(_questions.c.position)
    )
    return [to_question(row) for row in conn.execute(stmt).mappings()]
