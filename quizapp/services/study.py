"""Studying: picking the next card, recording answers exactly once, regrade, undo, suspend."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import IntegrityError

from quizapp.scheduling import (
    DEFAULT_PARAMETERS,
    CardState,
    Queue,
    Rating,
    SchedulerSettings,
    State,
    answer,
    days,
    format_interval,
    preview,
)
from quizapp.services.errors import Conflict, InvalidInput, NotFound
from quizapp.services.grading import grade, is_auto_graded
from quizapp.store import cards, courses, marks, reviews, users
from quizapp.store.cards import Scope, StudyCard
from quizapp.store.engine import Bind, reading
from quizapp.store.reviews import Review
from quizapp.store.users import UserRecord


@dataclass(frozen=True)
class StudyPolicy:
    """App-wide study rules; per-student limits and retention live on the user."""

    rollover_hour: int = 4
    learn_ahead: timedelta = timedelta(minutes=20)
    leech_threshold: int = 8
    fuzz: bool = True

    def rollover(self, user: UserRecord | None) -> int:
        return self.rollover_hour if user is None or user.rollover_hour is None else user.rollover_hour

    def day_start(self, now: datetime, user: UserRecord | None = None) -> datetime:
        """The start of the student's study day that `now` falls in (their zone and rollover)."""
        return days.day_start(now, user.timezone if user else "UTC", self.rollover(user))

    def last_interval(self, state: CardState, user: UserRecord) -> int | None:
        """A review card's interval in the student's study days (None for other states)."""
        if state.state != State.REVIEW or state.due is None or state.last_review is None:
            return None
        return days.interval_days(state.last_review, state.due, user.timezone, self.rollover(user))

    def settings(self, user: UserRecord) -> SchedulerSettings:
        return SchedulerSettings(
            desired_retention=user.desired_retention,
            fuzz=self.fuzz,
            leech_threshold=self.leech_threshold,
            timezone=user.timezone,
            rollover_hour=self.rollover(user),
            parameters=tuple(user.fsrs_parameters) if user.fsrs_parameters else DEFAULT_PARAMETERS,
            learning_steps=_steps(user),
        )


def _steps(user: UserRecord) -> tuple[timedelta, ...]:
    if user.learning_steps is None:
        return SchedulerSettings().learning_steps  # Anki's defaults: 1 m and 10 m
    return tuple(timedelta(minutes=m) for m in user.learning_steps)


@dataclass(frozen=True)
class NextCard:
    card: StudyCard
    intervals: dict[Rating, str]  # the label for each grade button
    new_today: int
    reviews_today: int


@dataclass(frozen=True)
class Answered:
    review_id: int
    duplicate: bool  # True: this submit repeated one already recorded


@dataclass(frozen=True)
class Result:
    review: Review
    card: StudyCard
    intervals: dict[Rating, str]
    can_change: bool  # still the card's latest answer: regrade and undo allowed
    marked: bool  # the student marked the question to come back to


def fuzz_seed(card_id: int, reps: int) -> int:
    # Same seed for the preview and the answer, so the button label is the interval given.
    return card_id * 7919 + reps


def intervals(
    card_id: int, state: CardState, now: datetime, settings: SchedulerSettings
) -> dict[Rating, str]:
    seed = fuzz_seed(card_id, state.reps)
    return {r: format_interval(t) for r, t in preview(state, now, settings, seed).items()}


def start(engine: Engine, user: UserRecord, scope: Scope) -> int:
    """Give the student a new card for every live question in the scope's bank not yet seen."""
    with engine.begin() as conn:
        visible = courses.visible_banks(conn, user.id)
        if scope.bank is not None and scope.bank not in visible:
            raise NotFound("No such bank.")
        return cards.ensure_cards(conn, user.id, scope.bank, banks=visible)


def next_card(
    bind: Bind, policy: StudyPolicy, user: UserRecord, scope: Scope, now: datetime
) -> NextCard | None:
    """Due learning and review cards first, then new cards, within today's limits."""
    with reading(bind) as conn:
        due = cards.next_due(
            conn,
            user.id,
            scope,
            **_window(policy, user, now),
            learn_ahead_until=now,
            include_reviews=_reviews_left(policy, user, now),
        )
        return _next_card(conn, policy, user, scope, now, due)


def _window(policy: StudyPolicy, user: UserRecord, now: datetime) -> dict[str, datetime]:
    return {"now": now, "day_end": policy.day_start(now, user) + timedelta(days=1)}


def _reviews_left(policy: StudyPolicy, user: UserRecord, now: datetime) -> bool:
    return user.done_on(policy.day_start(now, user))[1] < user.reviews_per_day


def _next_card(
    conn: Connection,
    policy: StudyPolicy,
    user: UserRecord,
    scope: Scope,
    now: datetime,
    due: StudyCard | None,
) -> NextCard | None:
    """Finish picking after the first query found `due`: new cards, then learning cards early."""
    new_today = user.done_on(policy.day_start(now, user))[0]
    card = due
    if card is None and new_today < user.new_per_day:
        card = cards.next_new(conn, user.id, scope, now=now)
    if card is None:
        card = cards.next_due(
            conn,
            user.id,
            scope,
            **_window(policy, user, now),
            learn_ahead_until=now + policy.learn_ahead,
            include_reviews=False,
        )
    return None if card is None else _shown(policy, user, card, now)


def _shown(policy: StudyPolicy, user: UserRecord, card: StudyCard, now: datetime) -> NextCard:
    new_today, reviews_today = user.done_on(policy.day_start(now, user))
    labels = {}
    if not is_auto_graded(card.question):  # auto-graded types show grades on the result page
        labels = intervals(card.card_id, card.state, now, policy.settings(user))
    return NextCard(card, labels, new_today, reviews_today)


def submit(
    engine: Engine,
    policy: StudyPolicy,
    user: UserRecord,
    *,
    card_id: int,
    version: int,
    response: Sequence[str],
    rating: int | None,
    duration_ms: int | None,
    now: datetime,
) -> Answered:
    """Record one answer to the card as shown at `version`.

    Auto-graded types are rated from correctness (wrong: Again, right: Good); flashcards and
    cloze take the student's rating. Submitting the same rendered question again returns the
    review already recorded instead of adding a second one.
    """
    try:
        with engine.begin() as conn:
            card = cards.get_for_user(conn, card_id, user.id)
            if card is None:
                raise NotFound("No such question in your cards.")
            if card.version != version:
                return _already_answered(engine, user, card_id, version)
            if card.state.queue == Queue.SUSPENDED:
                raise Conflict("That question is suspended.")
            correct, chosen, final = _rate(card, response, rating)
            review_id = _record(conn, policy, user, card, final, correct, chosen, duration_ms, now)
    except (_LostRace, IntegrityError):
        # Another request recorded this very answer first (double click, second tab).
        return _already_answered(engine, user, card_id, version)
    return Answered(review_id, duplicate=False)


def _record(
    conn: Connection,
    policy: StudyPolicy,
    user: UserRecord,
    card: StudyCard,
    rating: Rating,
    correct: bool | None,
    chosen: list[str] | None,
    duration_ms: int | None,
    now: datetime,
) -> int:
    """Reschedule the card, log the review, count it for today and bury the card's siblings."""
    seed = fuzz_seed(card.card_id, card.state.reps)
    after = answer(card.state, rating, now, policy.settings(user), seed)
    if not cards.save_state(conn, card.card_id, card.version, after, card.version + 1):
        raise _LostRace
    review_id = reviews.record(
        conn,
        user_id=user.id,
        card_id=card.card_id,
        question_id=card.question.id,
        question_version=card.question.version,
        card_version=card.version,
        rating=rating,
        correct=correct,
        response=chosen,
        reviewed_at=now,
        duration_ms=duration_ms,
        before=card.state,
        after=after,
        last_interval=policy.last_interval(card.state, user),
    )
    day_start = policy.day_start(now, user)
    users.count_answer(conn, user.id, day_start, **_counted(card.state))
    until = day_start + timedelta(days=1)
    cards.bury_siblings(conn, user.id, card.question.fact, card.question.id, until)
    return review_id


class _LostRace(Exception):
    pass


def _counted(before: CardState) -> dict[str, int]:
    # Daily limits count new cards started and review-state cards answered, as Anki does.
    return {"new": int(before.state == State.NEW), "review": int(before.state == State.REVIEW)}


def _rate(
    card: StudyCard, response: Sequence[str], rating: int | None
) -> tuple[bool | None, list[str] | None, Rating]:
    if is_auto_graded(card.question):
        graded = grade(card.question, response)
        return graded.correct, list(graded.chosen), Rating.GOOD if graded.correct else Rating.AGAIN
    if rating not in set(Rating):
        raise InvalidInput("Choose Again, Hard, Good or Easy.")
    assert rating is not None
    return None, None, Rating(rating)


def _already_answered(engine: Engine, user: UserRecord, card_id: int, version: int) -> Answered:
    with reading(engine) as conn:
        existing = reviews.by_card_version(conn, card_id, version)
    if existing is None or existing.user_id != user.id:
        raise Conflict("This question changed since it was shown; here is the next one.")
    return Answered(existing.id, duplicate=True)


def result(bind: Bind, policy: StudyPolicy, user: UserRecord, review_id: int) -> Result:
    """An answer with its card, the grade labels it offered, and whether it can still change."""
    with reading(bind) as conn:
        review = reviews.get_for_user(conn, review_id, user.id)
        card = cards.get_for_user(conn, review.card_id, user.id) if review else None
        if review is None or card is None:
            raise NotFound("No such answer.")
        marked = marks.is_marked(conn, user.id, card.question.id)
    settings = policy.settings(user)
    labels = intervals(card.card_id, review.before, review.reviewed_at, settings)
    return Result(review, card, labels, card.version == review.card_version + 1, marked)


def regrade(engine: Engine, policy: StudyPolicy, user: UserRecord, review_id: int, rating: int) -> None:
    """Change the rating of the card's latest answer, rescheduling from the state before it."""
    if rating not in set(Rating):
        raise InvalidInput("Choose Again, Hard, Good or Easy.")
    with engine.begin() as conn:
        review, card = _latest_answer(conn, user, review_id)
        if review.rating == rating:
            return
        seed = fuzz_seed(card.card_id, review.before.reps)
        after = answer(review.before, Rating(rating), review.reviewed_at, policy.settings(user), seed)
        cards.save_state(conn, card.card_id, card.version, after, card.version)
        reviews.regrade(conn, review_id, Rating(rating), after)


def undo(engine: Engine, policy: StudyPolicy, user: UserRecord, review_id: int) -> int:
    """Take back the student's most recent answer; returns the card id to show again."""
    with engine.begin() as conn:
        review, card = _latest_answer(conn, user, review_id)
        latest = reviews.latest_for_user(conn, user.id)
        if latest is None or latest.id != review.id:
            raise Conflict("Only your most recent answer can be undone.")
        if not cards.save_state(conn, card.card_id, card.version, review.before, card.version + 1):
            # Another undo of the same answer won the race; counting it back twice would
            # take the day's counters below what was answered.
            raise Conflict("That answer was already taken back.")
        reviews.remove(conn, review.id)
        day_start = policy.day_start(review.reviewed_at, user)
        users.uncount_answer(conn, user.id, day_start, **_counted(review.before))
    return card.card_id


def _latest_answer(conn: Connection, user: UserRecord, review_id: int) -> tuple[Review, StudyCard]:
    review = reviews.get_for_user(conn, review_id, user.id)
    card = cards.get_for_user(conn, review.card_id, user.id) if review else None
    if review is None or card is None:
        raise NotFound("No such answer.")
    if card.version != review.card_version + 1:
        raise Conflict("That answer is no longer the latest for its question.")
    return review, card


def suspend(engine: Engine, user: UserRecord, card_id: int) -> None:
    with engine.begin() as conn:
        if not cards.set_queue(conn, card_id, user.id, Queue.SUSPENDED):
            raise NotFound("No such question in your cards.")


def unsuspend(engine: Engine, user: UserRecord, card_id: int) -> None:
    """Put a suspended card back in the queue its state belongs to (a leech stays tagged)."""
    with engine.begin() as conn:
        card = cards.get_for_user(conn, card_id, user.id)
        if card is None:
            raise NotFound("No such question in your cards.")
        queue = {0: Queue.NEW, 2: Queue.REVIEW}.get(int(card.state.state), Queue.LEARNING)
        cards.set_queue(conn, card_id, user.id, queue)
