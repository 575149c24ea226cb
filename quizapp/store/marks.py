"""Queries on marks: the questions each student marked to come back to."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import cast

from sqlalchemy import Connection, Table, bindparam, delete, select

from question_bank import Question as BankQuestion
from quizapp.store.engine import dialect_insert
from quizapp.store.models import Mark, Question
from quizapp.store.questions import QUESTION_COLUMNS, to_question

_marks = cast(Table, Mark.__table__)
_questions = cast(Table, Question.__table__)


@dataclass(frozen=True)
class Marked:
    question: BankQuestion
    marked_at: datetime


def add(conn: Connection, user_id: int, question_id: str, now: datetime) -> bool:
    """Mark the question; True if it was not marked yet (marking twice changes nothing)."""
    stmt = dialect_insert(conn, _marks).values(user_id=user_id, question_id=question_id, created_at=now)
    stmt = stmt.on_conflict_do_nothing(index_elements=["user_id", "question_id"])
    # RETURNING rather than rowcount, which psycopg may report as -1 for ON CONFLICT DO NOTHING.
    return conn.execute(stmt.returning(_marks.c.question_id)).first() is not None


def remove(conn: Connection, user_id: int, question_id: str) -> bool:
    stmt = delete(_marks).where(_marks.c.user_id == user_id, _marks.c.question_id == question_id)
    return conn.execute(stmt.returning(_marks.c.question_id)).first() is not None


# Built once: the study page asks on every question.
_IS_MARKED = select(_marks.c.question_id).where(
    _marks.c.user_id == bindparam("user_id"), _marks.c.question_id == bindparam("question_id")
)


def is_marked(conn: Connection, user_id: int, question_id: str) -> bool:
    return conn.execute(_IS_MARKED, {"user_id": user_id, "question_id": question_id}).first() is not None


def marked(conn: Connection, user_id: int, limit: int = 500) -> list[Marked]:
    """The student's marked questions, most recently marked first."""
    stmt = (
        select(_marks.c.created_at, *QUESTION_COLUMNS)
        .join_from(_marks, _questions, _questions.c.id == _marks.c.question_id)
        .where(_marks.c.user_id == user_id)
        .order_by(_marks.c.created_at.desc(), _questions.c.bank, _questions.c.position)
        .limit(limit)
    )
    return [Marked(to_question(row), row["created_at"]) for row in conn.execute(stmt).mappings()]
