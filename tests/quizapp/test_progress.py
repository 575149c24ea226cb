"""The progress page's numbers on hand-made histories: answers per study day, the due forecast,
true retention on mature cards, topics, and a card's retrievability."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import update

from quizapp.scheduling import CardState, Queue, Rating, State
from quizapp.services import progress, study
from quizapp.store import reviews
from quizapp.store.cards import Scope
from quizapp.store.models import Card
from tests.quizapp import factories


def review_card(last_days_ago: float, interval: int, clock) -> CardState:
    """A review card last answered `last_days_ago` days ago and given `interval` days then."""
    last = clock() - timedelta(days=last_days_ago)
    start = last.replace(hour=4, minute=0, second=0, microsecond=0)
    start -= timedelta(days=1) if start > last else timedelta(0)
    return CardState(
        state=State.REVIEW,
        queue=Queue.REVIEW,
        stability=float(interval),
        difficulty=5.0,
        reps=3,
        last_review=last,
        due=start + timedelta(days=interval),
    )


@pytest.fixture
def cards_of(engine, make_bank, make_user):
    make_bank([factories.question(topic="anatomy") for _ in range(3)] + [factories.question(topic="causes")])
    user = make_user()
    study.start(engine, user, Scope())
    with engine.connect() as conn:
        ids = [row.id for row in conn.execute(Card.__table__.select().order_by(Card.id))]
    return user, ids


def log(engine, user, card_id, *, at, rating, before, correct=None, version=0, question="q"):
    with engine.begin() as conn:
        reviews.record(
            conn,
            user_id=user.id,
            card_id=card_id,
            question_id=question,
            question_version=1,
            card_version=version,
            rating=rating,
            correct=correct,
            response=None,
            reviewed_at=at,
            duration_ms=None,
            before=before,
            after=before,
            last_interval=study.StudyPolicy().last_interval(before, user),
        )


def test_true_retention_counts_only_reviews_of_mature_cards(engine, policy, clock, cards_of) -> None:
    user, ids = cards_of
    mature, young = review_card(30, 25, clock), review_card(6, 5, clock)
    for n, rating in enumerate([Rating.GOOD, Rating.AGAIN, Rating.HARD, Rating.EASY]):  # 3 of 4 passed
        log(engine, user, ids[0], at=clock() - timedelta(hours=n), rating=rating, before=mature, version=n)
    log(engine, user, ids[1], at=clock(), rating=Rating.AGAIN, before=young)  # young: not counted
    learning = CardState(
        state=State.LEARNING,
        queue=Queue.LEARNING,
        step=1,
        stability=2.0,
        difficulty=5.0,
        last_review=clock(),
        due=clock(),
    )
    log(engine, user, ids[2], at=clock(), rating=Rating.AGAIN, before=learning)  # not a review
    shown = progress.overview(engine, policy, user, clock())
    assert (shown.mature_reviews, shown.true_retention) == (4, 0.75)


def test_answers_are_counted_on_the_study_day_they_belong_to(engine, policy, clock, cards_of) -> None:
    user, ids = cards_of
    today = clock().replace(hour=12)  # the fake clock's day, at noon
    before = review_card(3, 2, clock)
    times = [
        today,
        today - timedelta(hours=9),
        today - timedelta(hours=9, minutes=30),
        today - timedelta(days=3),
    ]
    # 12:00 and 03:00 the same calendar day: 03:00 is before the 04:00 rollover, so yesterday.
    for n, at in enumerate(times):
        log(engine, user, ids[3], at=at, rating=Rating.GOOD, before=before, version=n)
    shown = progress.overview(engine, policy, user, today)
    counts = dict(shown.per_day)
    day = shown.today
    assert (counts[day], counts[day - timedelta(days=1)], counts[day - timedelta(days=3)]) == (1, 2, 1)
    assert shown.answers == 4 and shown.days_studied == 3


def test_the_forecast_puts_overdue_cards_today(engine, policy, clock, cards_of) -> None:
    user, ids = cards_of
    now = clock()
    for card_id, due in zip(
        ids,
        [now - timedelta(days=2), now + timedelta(days=1), now + timedelta(days=1), now + timedelta(days=40)],
        strict=True,
    ):
        with engine.begin() as conn:
            conn.execute(
                update(Card).where(Card.id == card_id).values(queue=int(Queue.REVIEW), state=2, due=due)
            )
    forecast = dict(progress.overview(engine, policy, user, now).forecast)
    today = progress.StudyDays(policy, user).of(now)
    assert forecast[today] == 1 and forecast[today + timedelta(days=1)] == 2
    assert sum(forecast.values()) == 3  # the one due in 40 days is past the 30 shown


def test_retrievability_follows_the_fsrs6_forgetting_curve(policy, clock, make_user) -> None:
    user = make_user()
    card = review_card(10, 10, clock)
    at_stability = progress.retrievability(card, card.last_review + timedelta(days=10), user, policy)
    assert at_stability == pytest.approx(0.9, abs=1e-6)  # R(S) = 90% by the definition of stability
    later = progress.retrievability(card, card.last_review + timedelta(days=30), user, policy)
    assert later is not None and later < 0.9
    assert progress.retrievability(CardState(), clock(), user, policy) is None
