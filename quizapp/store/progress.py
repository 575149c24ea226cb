"""The reads behind the progress page: answers over time, cards falling due, topics, blocks."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, cast

from sqlalchemy import Connection, Table, case, func, select

from quizapp.scheduling import Queue, State
from quizapp.store.models import Block, Card, Question, ReviewLog

_log = cast(Table, ReviewLog.__table__)
_cards = cast(Table, Card.__table__)
_questions = cast(Table, Question.__table__)
_blocks = cast(Table, Block.__table__)


def answers_per_hour(conn: Connection, user_id: int, since: datetime) -> list[tuple[datetime, int]]:
    """(UTC hour, answers in it) since `since`: counted by the database, placed on study days
    by the caller (a study day starts on the hour in every zone but a few)."""
    if conn.dialect.name == "sqlite":
        hour: Any = func.strftime("%Y-%m-%d %H:00:00", _log.c.reviewed_at)
    else:
        hour = func.date_trunc("hour", _log.c.reviewed_at)
    rows = conn.execute(
        select(hour, func.count())
        .where(_log.c.user_id == user_id, _log.c.reviewed_at >= since)
        .group_by(hour)
    )
    return [(_utc(value), int(n)) for value, n in rows]


def _utc(value: Any) -> datetime:
    found = datetime.fromisoformat(value) if isinstance(value, str) else value
    return found.replace(tzinfo=UTC) if found.tzinfo is None else found.astimezone(UTC)


def true_retention(conn: Connection, user_id: int, since: datetime, mature_days: int) -> tuple[int, int]:
    """(passed, total) study answers since `since` to review cards with an interval of at least
    `mature_days` (Anki's True Retention: Again fails, anything else passes)."""
    passed = func.sum(case((_log.c.rating > 1, 1), else_=0))
    row = conn.execute(
        select(passed, func.count()).where(
            _log.c.user_id == user_id,
            _log.c.reviewed_at >= since,
            _log.c.mode == "study",
            _log.c.state_before == int(State.REVIEW),
            _log.c.last_interval >= mature_days,
        )
    ).one()
    return int(row[0] or 0), int(row[1])


def due_times(conn: Connection, user_id: int, until: datetime) -> list[datetime]:
    """Due times of the student's scheduled cards (learning and review) before `until`."""
    rows = conn.execute(
        select(_cards.c.due).where(
            _cards.c.user_id == user_id,
            _cards.c.queue.in_([int(Queue.LEARNING), int(Queue.REVIEW)]),
            _cards.c.due < until,
        )
    )
    return [row[0] for row in rows]


def accuracy_by_topic(conn: Connection, user_id: int) -> list[tuple[str | None, int, int]]:
    """(topic, graded answers, right ones) over all of the student's graded answers."""
    right = func.sum(case((_log.c.correct.is_(True), 1), else_=0))
    rows = conn.execute(
        select(_questions.c.topic, func.count(), right)
        .join_from(_log, _questions, _questions.c.id == _log.c.question_id)
        .where(_log.c.user_id == user_id, _log.c.correct.is_not(None))
        .group_by(_questions.c.topic)
    )
    return [(row[0], int(row[1]), int(row[2] or 0)) for row in rows]


def mastery_by_topic(conn: Connection, user_id: int, mature_days: float) -> list[tuple[str | None, int, int]]:
    """(topic, the student's cards, mature ones: stability of at least `mature_days`)."""
    mature = func.sum(
        case(
            (_cards.c.state == int(State.REVIEW), case((_cards.c.stability >= mature_days, 1), else_=0)),
            else_=0,
        )
    )
    rows = conn.execute(
        select(_questions.c.topic, func.count(), mature)
        .join_from(_cards, _questions, _questions.c.id == _cards.c.question_id)
        .where(_cards.c.user_id == user_id, ~_questions.c.retired)
        .group_by(_questions.c.topic)
    )
    return [(row[0], int(row[1]), int(row[2] or 0)) for row in rows]


def block_scores(conn: Connection, user_id: int) -> list[tuple[datetime, int, int]]:
    """(submitted at, right, total) for each submitted block, oldest first."""
    rows = conn.execute(
        select(_blocks.c.submitted_at, _blocks.c.correct, _blocks.c.total)
        .where(_blocks.c.user_id == user_id, _blocks.c.submitted_at.is_not(None))
        .order_by(_blocks.c.submitted_at)
    )
    return [(row[0], int(row[1] or 0), int(row[2])) for row in rows]
