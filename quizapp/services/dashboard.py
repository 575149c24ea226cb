"""What the home page shows: each bank with today's waiting cards and its tags."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Engine

from quizapp.scheduling import Queue
from quizapp.services.study import StudyPolicy
from quizapp.store import cards, catalog, courses, questions, reviews
from quizapp.store.cards import Scope
from quizapp.store.engine import reading
from quizapp.store.users import UserRecord


@dataclass(frozen=True)
class BankOverview:
    slug: str
    title: str
    description: str
    questions: int
    new: int  # new cards the student may still start today
    unseen: int  # new cards in all: the bank's questions not yet studied
    learning: int
    review: int
    tags: list[tuple[str, int]]
    topics: list[tuple[str, int]]  # (topic, live questions), in bank order
    types: list[tuple[str, int]]  # (question type, live questions)


@dataclass(frozen=True)
class Overview:
    banks: list[BankOverview]
    new_today: int
    reviews_today: int
    answers_today: int  # every answer today, learning steps included


def overview(engine: Engine, policy: StudyPolicy, user: UserRecord, now: datetime) -> Overview:
    """Also creates cards for questions added since the student last looked (idempotent)."""
    day_start = policy.day_start(now, user)
    day_end = day_start + timedelta(days=1)
    result = []
    new_today, reviews_today = user.done_on(day_start)
    with engine.begin() as conn:
        visible = courses.visible_banks(conn, user.id)
        cards.ensure_cards(conn, user.id, None, banks=visible)
        for bank in questions.banks(conn, visible):
            counts = cards.due_counts(conn, user.id, Scope(bank.slug), now=now, day_end=day_end)
            new_left = max(0, user.new_per_day - new_today)
            review_left = max(0, user.reviews_per_day - reviews_today)
            result.append(
                BankOverview(
                    slug=bank.slug,
                    title=bank.title,
                    description=bank.description,
                    questions=int(bank.questions),
                    new=min(counts[Queue.NEW], new_left),
                    unseen=counts[Queue.NEW],
                    learning=counts[Queue.LEARNING],
                    review=min(counts[Queue.REVIEW], review_left),
                    tags=questions.tag_counts(conn, bank.slug),
                    topics=catalog.counts_by(conn, bank.slug, "topic"),
                    types=catalog.counts_by(conn, bank.slug, "type"),
                )
            )
        answers_today = reviews.count_since(conn, user.id, day_start)
    return Overview(result, new_today, reviews_today, answers_today)


MISSED_PAGE = 20


def missed(
    engine: Engine, user: UserRecord, *, topic: str | None = None, qtype: str | None = None, page: int = 1
) -> tuple[list[reviews.Missed], int]:
    """One page of the student's missed questions (most recently missed first), and the total."""
    with reading(engine) as conn:
        return reviews.missed(
            conn,
            user.id,
            topic=topic,
            qtype=qtype,
            limit=MISSED_PAGE,
            offset=(max(page, 1) - 1) * MISSED_PAGE,
        )


def missed_facets(engine: Engine, user: UserRecord) -> tuple[list[str], list[str]]:
    with reading(engine) as conn:
        return reviews.missed_facets(conn, user.id)


def suspended(engine: Engine, user: UserRecord) -> list[tuple[int, bool, str]]:
    with reading(engine) as conn:
        return cards.suspended(conn, user.id)
