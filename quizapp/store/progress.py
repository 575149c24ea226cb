"""The reads behind the progress page: answers over time, cards falling due, topics, blocks."""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast

from sqlalchemy import Connection, Row, Table, case, func, select

from quizapp.scheduling import Queue, State
from quizapp.store.models import Block, Card, Question, ReviewLog

_log = cast(Table, ReviewLog.__table__)
_cards = cast(Table, Card.__table__)
_questions = cast(Table, Question.__table__)
_blocks = cast(Table, Block.__table__)


def answer_times(conn: Connection, user_id: int, since: datetime) -> list[datetime]:
    """When the student answered, in study and in blocks, since `since`."""
    rows = conn.execute(
        select(_log.c.reviewed_at).where(_log.c.user_id == user_id, _log.c.reviewed_at >= since)
    )
    return [row[0] for row in rows]


def mature_reviews(conn: Connection, user_id: int, since: datetime) -> list[Row[Any]]:
    """Study answers to review cards since `since`: (rating, the card's state before)."""
    return list(
        conn.execute(
            select(_log.c.rating, _log.c.before).where(
                _log.c.user_id == user_id,
                _log.c.reviewed_at >= since,
                _log.c.mode == "study",
                _log.c.state_before == int(State.REVIEW),
            )
        )
    )


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
