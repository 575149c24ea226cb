"""FSRS scheduling as Anki does it, as values in, values out.

The memory model is fsrs-rs (through fsrs-rs-python), the crate Anki itself runs; around it,
the rules of Anki's scheduler (rslib/src/scheduler/states): learning steps, Hard < Good < Easy,
fuzz drawn over the unrounded interval, review cards due at a study day's rollover, and days
elapsed counted in study days in the student's time zone.

No database, no clock and no global randomness: the caller passes `now` (UTC) and a fuzz seed,
so the same inputs always give the same schedule and the intervals shown on the grade buttons
are exactly the ones an answer will get.
"""

from __future__ import annotations

import random
import struct
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from enum import IntEnum
from functools import lru_cache
from typing import Any

import fsrs_rs_python as fsrs_rs

from quizapp.scheduling import days, steps
from quizapp.scheduling.fuzz import minimum_review_fuzz_interval, round_half_up, with_review_fuzz

DEFAULT_PARAMETERS = tuple(fsrs_rs.DEFAULT_PARAMETERS)  # FSRS-6, as Anki's defaults


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
    parameters: tuple[float, ...] = DEFAULT_PARAMETERS
    timezone: str = "UTC"
    rollover_hour: int = 4


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
    outcome = _outcomes(card, now, settings, seed)[rating]
    lapsed = card.state == State.REVIEW and rating == Rating.AGAIN
    lapses = card.lapses + (1 if lapsed else 0)
    leech = card.leech or (lapsed and lapses >= settings.leech_threshold)
    queue = Queue.REVIEW if outcome.state == State.REVIEW else Queue.LEARNING
    return replace(
        card,
        state=outcome.state,
        queue=Queue.SUSPENDED if leech and lapsed else queue,
        step=outcome.step,
        stability=outcome.stability,
        difficulty=outcome.difficulty,
        due=outcome.due,
        last_review=now,
        reps=card.reps + 1,
        lapses=lapses,
        leech=leech,
    )


def preview(
    card: CardState, now: datetime, settings: SchedulerSettings, seed: int = 0
) -> dict[Rating, timedelta]:
    """What each rating would give, for the labels on the grade buttons: the learning delay,
    or the review interval in whole days (as Anki labels them)."""
    return {
        rating: outcome.shown
        for rating, outcome in _outcomes(card, now.astimezone(UTC), settings, seed).items()
    }


def format_interval(interval: timedelta) -> str:
    """Anki's answer-button labels: 45s, 10m, 3.5h, 4d, 2.1mo, 1y (months of 365/12 days)."""
    seconds = interval.total_seconds()
    day = 86400.0
    for limit, unit, size, places in (
        (60.0, "s", 1.0, 0),
        (3600.0, "m", 60.0, 0),
        (day, "h", 3600.0, 1),
        (365 / 12 * day, "d", day, 0),
        (365 * day, "mo", 365 / 12 * day, 1),
        (float("inf"), "y", 365 * day, 1),
    ):
        if abs(seconds) < limit:
            amount = round_half_up(max(seconds, 0) / size * 10**places) / 10**places
            return f"{amount:g}{unit}"
    raise AssertionError("unreachable")


@dataclass(frozen=True)
class _Outcome:
    state: State
    step: int | None
    stability: float
    difficulty: float
    due: datetime
    shown: timedelta  # what the grade button says


def _outcomes(
    card: CardState, now: datetime, settings: SchedulerSettings, seed: int
) -> dict[Rating, _Outcome]:
    memory = None
    if card.stability is not None and card.difficulty is not None:
        memory = fsrs_rs.MemoryState(card.stability, card.difficulty)
    elapsed = 0
    if card.last_review is not None:
        elapsed = days.elapsed_days(card.last_review, now, settings.timezone, settings.rollover_hour)
    states = _fsrs(settings.parameters).next_states(memory, settings.desired_retention, elapsed)
    rule = _Rules(card, now, settings, states, _fuzz_factor(settings, seed))
    if card.state == State.REVIEW:
        return rule.review()
    if card.state == State.RELEARNING:
        return rule.steps(settings.relearning_steps, State.RELEARNING)
    return rule.steps(settings.learning_steps, State.LEARNING)


@lru_cache(maxsize=16)
def _fsrs(parameters: tuple[float, ...]) -> fsrs_rs.FSRS:
    return fsrs_rs.FSRS(list(parameters))


def _fuzz_factor(settings: SchedulerSettings, seed: int) -> float | None:
    # One factor per answer for every button, as Anki draws one per card and answer.
    return random.Random(seed).random() if settings.fuzz else None


@dataclass(frozen=True)
class _Rules:
    """Anki's next states for one card: learning and relearning steps, and passing reviews."""

    card: CardState
    now: datetime
    settings: SchedulerSettings
    states: Any  # fsrs_rs.NextStates
    factor: float | None

    def _memory(self, rating: Rating) -> tuple[float, float]:
        item = getattr(self.states, rating.name.lower())
        return _stored(item.memory.stability, 4), _stored(item.memory.difficulty, 3)

    def _interval(self, rating: Rating) -> float:
        return float(getattr(self.states, rating.name.lower()).interval)

    def _in_steps(self, rating: Rating, state: State, step: int, delay: int) -> _Outcome:
        stability, difficulty = self._memory(rating)
        shown = timedelta(seconds=delay)
        return _Outcome(state, step, stability, difficulty, self.now + shown, shown)

    def _in_review(self, rating: Rating, scheduled_days: int) -> _Outcome:
        stability, difficulty = self._memory(rating)
        s = self.settings
        due = days.days_from_now(self.now, scheduled_days, s.timezone, s.rollover_hour)
        return _Outcome(State.REVIEW, None, stability, difficulty, due, timedelta(days=scheduled_days))

    def _fuzzed(self, interval: float, minimum: int = 1) -> int:
        maximum = max(self.settings.maximum_interval, 1)
        return with_review_fuzz(self.factor, interval, min(max(minimum, 1), maximum), maximum)

    def steps(self, delays: tuple[timedelta, ...], state: State) -> dict[Rating, _Outcome]:
        """A new, learning or relearning card (learning.rs, relearning.rs)."""
        index = 0 if self.card.state == State.NEW else self.card.step or 0
        graduate = float(round_half_up(self._interval(Rating.GOOD)))
        found: dict[Rating, _Outcome] = {}
        for rating, delay, step in (
            (Rating.AGAIN, steps.again_delay(delays), 0),
            (Rating.HARD, steps.hard_delay(delays, index), index),
            (Rating.GOOD, steps.good_delay(delays, index), index + 1),
        ):
            if delay is not None:
                found[rating] = self._in_steps(rating, state, step, delay)
            else:
                interval = graduate if rating == Rating.GOOD else float(round_half_up(self._interval(rating)))
                found[rating] = self._in_review(rating, self._fuzzed(max(interval, 1.0)))
        good = self._fuzzed(self._interval(Rating.GOOD))
        easy = max(float(round_half_up(self._interval(Rating.EASY))), 1.0)
        found[Rating.EASY] = self._in_review(Rating.EASY, self._fuzzed(easy, good + 1))
        return found

    def review(self) -> dict[Rating, _Outcome]:
        """A review card (review.rs): a lapse into relearning, or Hard < Good < Easy days."""
        previous = self._scheduled_days()
        maximum = self.settings.maximum_interval
        found: dict[Rating, _Outcome] = {}
        again = steps.again_delay(self.settings.relearning_steps)
        if again is not None:
            found[Rating.AGAIN] = self._in_steps(Rating.AGAIN, State.RELEARNING, 0, again)
        else:
            interval = max(float(round_half_up(self._interval(Rating.AGAIN))), 1.0)
            found[Rating.AGAIN] = self._in_review(Rating.AGAIN, self._fuzzed(interval))
        floor = 0
        for rating in (Rating.HARD, Rating.GOOD, Rating.EASY):
            interval = self._interval(rating)
            least = max(minimum_review_fuzz_interval(interval, previous, maximum), floor + 1)
            chosen = self._fuzzed(interval, least)
            found[rating] = self._in_review(rating, chosen)
            floor = chosen
        return found

    def _scheduled_days(self) -> int:
        """The interval the card was given last, in study days (Anki's `ivl`)."""
        card, s = self.card, self.settings
        if card.due is None or card.last_review is None:
            return 0
        return days.interval_days(card.last_review, card.due, s.timezone, s.rollover_hour)


def _f32(value: float) -> float:
    return float(struct.unpack("f", struct.pack("f", value))[0])


def _stored(value: float, places: int) -> float:
    """A memory value rounded as Anki stores it (4 places for stability, 3 for difficulty, in
    32-bit floats), so the next answer starts from what Anki would start from."""
    factor = _f32(10.0**places)
    return _f32(round_half_up(_f32(value * factor)) / factor)


def _parse(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None
