"""Queries on the review log: every answer a student gave."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Connection, Row, Table, and_, delete, func, insert, or_, select, update

from question_bank import Question as BankQuestion
from quizapp.scheduling import CardState, Rating
from quizapp.store.models import Question, ReviewLog
from quizapp.store.questions import QUESTION_COLUMNS, to_question

_log = cast(Table, ReviewLog.__table__)
_questions = cast(Table, Question.__table__)


@dataclass(frozen=True)
class Review:
    id: int
    user_id: int
    card_id: int
    question_id: str
    question_version: int | None  # the wording answered (None: answered before versions)
    card_version: int
    rating: Rating
    correct: bool | None
    response: Any
    reviewed_at: datetime
    before: CardState
    after: CardState
    mode: str = "study"  # or "block": a wrong answer in an exam block


_COLUMNS = [_log.c[name] for name in Review.__dataclass_fields__]


def _to_review(row: Row[Any]) -> Review:
    values = dict(row._mapping)
    values["rating"] = Rating(values["rating"])
    values["before"] = CardState.from_dict(values["before"])
    values["after"] = CardState.from_dict(values["after"])
    return Review(**values)


_RECORD = insert(_log).returning(_log.c.id)  # built once: on every answer


def record(
    conn: Connection,
    *,
    user_id: int,
    card_id: int,
    question_id: str,
    question_version: int,
    card_version: int,
    rating: Rating,
    correct: bool | None,
    response: Any,
    reviewed_at: datetime,
    duration_ms: int | None,
    before: CardState,
    after: CardState,
    mode: str = "study",
    last_interval: int | None = None,
) -> int:
    params = {
        "user_id": user_id,
        "card_id": card_id,
        "question_id": question_id,
        "question_version": question_version,
        "card_version": card_version,
        "mode": mode,
        "rating": int(rating),
        "correct": correct,
        "response": response,
        "reviewed_at": reviewed_at,
        "duration_ms": duration_ms,
        "state_before": int(before.state),
        "state_after": int(after.state),
        "before": before.to_dict(),
        "after": after.to_dict(),
        "last_interval": last_interval,
    }
    return int(conn.execute(_RECORD, params).scalar_one())


def get_for_user(conn: Connection, review_id: int, user_id: int) -> Review | None:
    stmt = select(*_COLUMNS).where(_log.c.id == review_id, _log.c.user_id == user_id)
    row = conn.execute(stmt).first()
    return _to_review(row) if row else None


def by_card_version(conn: Connection, card_id: int, card_version: int) -> Review | None:
    stmt = select(*_COLUMNS).where(_log.c.card_id == card_id, _log.c.card_version == card_version)
    row = conn.execute(stmt).first()
    return _to_review(row) if row else None


def count_since(conn: Connection, user_id: int, since: datetime) -> int:
    """The student's answers since `since` (the start of their study day, for "today")."""
    stmt = select(func.count()).where(_log.c.user_id == user_id, _log.c.reviewed_at >= since)
    return int(conn.execute(stmt).scalar_one())


def for_card(conn: Connection, card_id: int) -> list[Review]:
    """Every answer to one card, oldest first (the card info's history)."""
    stmt = select(*_COLUMNS).where(_log.c.card_id == card_id).order_by(_log.c.reviewed_at, _log.c.id)
    return [_to_review(row) for row in conn.execute(stmt)]


def latest_for_user(conn: Connection, user_id: int) -> Review | None:
    """The student's latest study answer (block answers are not undone from the study page)."""
    stmt = (
        select(*_COLUMNS)
        .where(_log.c.user_id == user_id, _log.c.mode == "study")
        .order_by(_log.c.reviewed_at.desc(), _log.c.id.desc())
        .limit(1)
    )
    row = conn.execute(stmt).first()
    return _to_review(row) if row else None


def regrade(conn: Connection, review_id: int, rating: Rating, after: CardState) -> None:
    conn.execute(
        update(_log)
        .where(_log.c.id == review_id)
        .values(rating=int(rating), state_after=int(after.state), after=after.to_dict())
    )


def remove(conn: Connection, review_id: int) -> None:
    conn.execute(delete(_log).where(_log.c.id == review_id))


@dataclass(frozen=True)
class Missed:
    question: BankQuestion
    misses: int
    last_missed: datetime
    last_response: Any


def missed(
    conn: Connection,
    user_id: int,
    *,
    topic: str | None = None,
    qtype: str | None = None,
    limit: int = 20,
    offset: int = 0,
) -> tuple[list[Missed], int]:
    """Questions the student got wrong (or, self-graded, rated Again), most recently first:
    one page of them, and how many there are in all."""
    failed = or_(
        _log.c.correct.is_(False), and_(_log.c.correct.is_(None), _log.c.rating == int(Rating.AGAIN))
    )
    wrong = (
        select(
            _log.c.question_id,
            func.count().label("misses"),
            func.max(_log.c.reviewed_at).label("last_missed"),
            func.max(_log.c.id).label("last_id"),
        )
        .where(_log.c.user_id == user_id, failed)
        .group_by(_log.c.question_id)
        .subquery()
    )
    conditions = []
    if topic:
        conditions.append(_questions.c.topic == topic)
    if qtype:
        conditions.append(_questions.c.type == qtype)
    base = (
        select(wrong.c.misses)
        .join_from(wrong, _questions, _questions.c.id == wrong.c.question_id)
        .where(*conditions)
    )
    total = int(conn.execute(select(func.count()).select_from(base.subquery())).scalar_one())
    stmt = (
        base.with_only_columns(wrong.c.misses, wrong.c.last_missed, _log.c.response, *QUESTION_COLUMNS)
        .join(_log, _log.c.id == wrong.c.last_id)
        .order_by(wrong.c.last_missed.desc(), wrong.c.question_id)
        .limit(limit)
        .offset(offset)
    )
    found = [
        Missed(to_question(row), int(row["misses"]), row["last_missed"], row["response"])
        for row in conn.execute(stmt).mappings()
    ]
    return found, total


def missed_facets(conn: Connection, user_id: int) -> tuple[list[str], list[str]]:
    """The topics and the question types among the student's missed questions, for the filters."""
    failed = or_(
        _log.c.correct.is_(False), and_(_log.c.correct.is_(None), _log.c.rating == int(Rating.AGAIN))
    )
    ids = select(_log.c.question_id).where(_log.c.user_id == user_id, failed).distinct().scalar_subquery()
    rows = conn.execute(
        select(_questions.c.topic, _questions.c.type).where(_questions.c.id.in_(ids)).distinct()
    ).all()
    return sorted({r[0] for r in rows if r[0]}), sorted({r[1] for r in rows})


def history(conn: Connection, user_id: int) -> list[dict[str, Any]]:
    """Every answer the student gave, oldest first, as plain values (their data download)."""
    columns = (
        "question_id",
        "question_version",
        "mode",
        "rating",
        "correct",
        "response",
        "reviewed_at",
        "duration_ms",
    )
    stmt = (
        select(*(_log.c[c] for c in columns))
        .where(_log.c.user_id == user_id)
        .order_by(_log.c.reviewed_at, _log.c.id)
    )
    return [
        {**row, "reviewed_at": row["reviewed_at"].isoformat()}
        for row in (dict(r) for r in conn.execute(stmt).mappings())
    ]
