"""FSRS scheduling as values in, values out.

No database, no clock and no global randomness: the caller passes `now` (UTC) and a fuzz seed,
so the same inputs always give the same schedule and the intervals shown on the grade buttons
are exactly the ones an answer will get.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from enum import IntEnum
from functools import lru_cache
from typing import Any

import fsrs
from fsrs.scheduler import FUZZ_RANGES


class State(IntEnum):
    NEW = 0
    LEARNING = 1
    REVIEW = 2
    RELEARNING = 3


class Queue(IntEnum):
    """Which study queue a card sits in, as Anki's `queue` column; drives the indexes."""

    SUSPENDED = -1
    NEW = 0
    LEARNING = 1  # learning and relearning: intraday steps
    REVIEW = 2


class Rating(IntEnum):
    AGAIN = 1
    HARD = 2
    GOOD = 3
    EASY = 4


@dataclass(frozen=True)
class SchedulerSettings:
    desired_retention: float = 0.9
    learning_steps: tuple[timedelta, ...] = (timedelta(minutes=1), timedelta(minutes=10))
    relearning_steps: tuple[timedelta, ...] = (timedelta(minutes=10),)
    maximum_interval: int = 36500
    fuzz: bool = True
    leech_threshold: int = 8


@dataclass(frozen=True)
class CardState:
    """A card's whole schedule: FSRS memory state plus Anki-style counters and queue."""

    state: State = State.NEW
    queue: Queue = Queue.NEW
    step: int | None = None
    stability: float | None = None
    difficulty: float | None = None
    due: datetime | None = None
    last_review: datetime | None = None
    reps: int = 0
    lapses: int = 0
    leech: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "state": int(self.state),
            "queue": int(self.queue),
            "step": self.step,
            "stability": self.stability,
            "difficulty": self.difficulty,
            "due": self.due.isoformat() if self.due else None,
            "last_review": self.last_review.isoformat() if self.last_review else None,
            "reps": self.reps,
            "lapses": self.lapses,
            "leech": self.leech,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CardState:
        return cls(
            state=State(data["state"]),
            queue=Queue(data["queue"]),
            step=data["step"],
            stability=data["stability"],
            difficulty=data["difficulty"],
            due=_parse(data["due"]),
            last_review=_parse(data["last_review"]),
            reps=data["reps"],
            lapses=data["lapses"],
            leech=data["leech"],
        )


def answer(
    card: CardState, rating: Rating, now: datetime, settings: SchedulerSettings, seed: int = 0
) -> CardState:
    """The card's state after answering it with `rating` at `now`.

    A lapse (Again on a review card) counts towards the leech threshold; reaching it marks the
    card a leech and suspends it, as Anki does.
    """
    if now.tzinfo is None or now.utcoffset() != timedelta(0):
        raise ValueError("now must be a timezone-aware UTC datetime")
    now = now.astimezone(UTC)
    scheduled, _log = _scheduler(settings).review_card(_to_fsrs(card, now), fsrs.Rating(rating), now)
    due = scheduled.due
    new_state = State(int(scheduled.state))
    if settings.fuzz and new_state == State.REVIEW:
        due = now + _fuzzed(due - now, settings.maximum_interval, seed)
    lapsed = card.state == State.REVIEW and rating == Rating.AGAIN
    lapses = card.lapses + (1 if lapsed else 0)
    leech = card.leech or (lapsed and lapses >= settings.leech_threshold)
    queue = Queue.REVIEW if new_state == State.REVIEW else Queue.LEARNING
    return replace(
        card,
        state=new_state,
        queue=Queue.SUSPENDED if leech and lapsed else queue,
        step=scheduled.step,
        stability=scheduled.stability,
        difficulty=scheduled.difficulty,
        due=due,
        last_review=now,
        reps=card.reps + 1,
        lapses=lapses,
        leech=leech,
    )


def preview(
    card: CardState, now: datetime, settings: SchedulerSettings, seed: int = 0
) -> dict[Rating, timedelta]:
    """The interval each rating would give, for the labels on the grade buttons."""
    result = {}
    for rating in Rating:
        due = answer(card, rating, now, settings, seed).due
        assert due is not None  # an answered card always has a due time
        result[rating] = due - now
    return result


def format_interval(interval: timedelta) -> str:
    """Anki's short interval labels: 45s, 10m, 3h, 4d, 2.1mo, 1.5y."""
    seconds = interval.total_seconds()
    if seconds < 60:
        return f"{max(seconds, 0):.0f}s"
    if seconds < 3600:
        return f"{seconds / 60:.0f}m"
    if seconds < 86400:
        return f"{seconds / 3600:.0f}h"
    days = seconds / 86400
    if days < 30:
        return f"{days:.0f}d"
    if days < 365:
        return f"{days / 30:.1f}mo"
    return f"{days / 365:.1f}y"


@lru_cache(maxsize=64)
def _scheduler(settings: SchedulerSettings) -> fsrs.Scheduler:
    # Fuzz is applied here instead, from a seed, so previews and answers agree.
    return fsrs.Scheduler(
        desired_retention=settings.desired_retention,
        learning_steps=settings.learning_steps,
        relearning_steps=settings.relearning_steps,
        maximum_interval=settings.maximum_interval,
        enable_fuzzing=False,
    )


def _to_fsrs(card: CardState, now: datetime) -> fsrs.Card:
    # fsrs has no "new" state: a new card is a learning card at step 0 without memory state.
    if card.state == State.NEW:
        return fsrs.Card(card_id=1, state=fsrs.State.Learning, step=0, due=now)
    return fsrs.Card(
        card_id=1,  # an explicit id: without one fsrs sleeps 1 ms to make a unique one
        state=fsrs.State(int(card.state)),
        step=card.step,
        stability=card.stability,
        difficulty=card.difficulty,
        due=card.due or now,
        last_review=card.last_review,
    )


def _fuzzed(interval: timedelta, maximum_interval: int, seed: int) -> timedelta:
    """fsrs's own fuzz ranges, drawn from a seeded generator instead of the global one."""
    days = interval.days
    if days < 2.5:
        return interval
    delta = 1.0
    for fuzz_range in FUZZ_RANGES:
        delta += fuzz_range["factor"] * max(min(float(days), fuzz_range["end"]) - fuzz_range["start"], 0.0)
    max_ivl = min(round(days + delta), maximum_interval)
    min_ivl = min(max(2, round(days - delta)), max_ivl)
    drawn = random.Random(seed).random() * (max_ivl - min_ivl + 1) + min_ivl
    return timedelta(days=min(round(drawn), maximum_interval))


def _parse(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None
