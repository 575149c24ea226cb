"""The study service on a real database: queues, limits, bury, suspend, leech, undo, once-only."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import Engine, func, select

from quizapp.scheduling import Queue, Rating, State
from quizapp.services import accounts, study
from quizapp.services.errors import Conflict, InvalidInput, NotFound
from quizapp.services.study import StudyPolicy
from quizapp.store import users
from quizapp.store.cards import Scope
from quizapp.store.models import Card, ReviewLog
from tests.quizapp import factories

ALL = Scope()


def review_count(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(ReviewLog)).scalar_one())


def reload(engine: Engine, user_id: int) -> users.UserRecord:
    with engine.connect() as conn:
        found = users.get(conn, user_id)
    assert found is not None
    return found


@pytest.fixture
def studying(
    engine: Engine, policy: StudyPolicy, clock: factories.FakeClock, make_user: Callable[..., Any]
) -> Callable[..., Any]:
    """Answer the next card: `studying(user, right=True)` or `studying(user, rating=3)`."""

    def answer_next(
        user: Any, right: bool = True, rating: int | None = None, scope: Scope = ALL
    ) -> tuple[study.NextCard, study.Answered]:
        found = study.next_card(engine, policy, reload(engine, user.id), scope, clock())
        assert found is not None, "expected a card to study"
        q = found.card.question
        auto = q.type == "mcq"
        response = [str(q.choices.index(q.answer if right else q.choices[1]))] if auto else []
        answered = study.submit(
            engine,
            policy,
            user,
            card_id=found.card.card_id,
            version=found.card.version,
            response=response,
            rating=None if auto else rating,
            duration_ms=1200,
            now=clock(),
        )
        if auto and rating:  # the student changes the automatic grade, as on the result page
            study.regrade(engine, policy, user, answered.review_id, rating)
        return found, answered

    return answer_next


def test_new_cards_come_in_bank_order(engine, policy, clock, make_user, make_bank) -> None:
    questions = make_bank()
    user = make_user()
    study.start(engine, user, ALL)
    found = study.next_card(engine, policy, reload(engine, user.id), ALL, clock())
    assert found is not None and found.card.question.id == questions[0].id
    assert found.card.state.state == State.NEW


def test_answer_right_is_good_wrong_is_again(engine, make_user, make_bank, studying) -> None:
    make_bank()
    user = make_user()
    study.start(engine, user, ALL)
    studying(user, right=True)
    studying(user, right=False)
    with engine.connect() as conn:
        rows = conn.execute(
            select(
                ReviewLog.rating,
                ReviewLog.correct,
                ReviewLog.duration_ms,
                ReviewLog.state_before,
                ReviewLog.state_after,
                ReviewLog.response,
            ).order_by(ReviewLog.id)
        ).all()
    assert rows[0][:5] == (Rating.GOOD, True, 1200, State.NEW, State.LEARNING)
    assert rows[1][:2] == (Rating.AGAIN, False)
    assert rows[1].response == ["Opioid"]


def test_due_reviews_come_before_new_cards(engine, policy, clock, make_user, make_bank, studying) -> None:
    questions = make_bank()
    user = make_user()
    study.start(engine, user, ALL)
    studying(user, rating=Rating.EASY)  # first card straight to review, days away
    clock.advance(days=30)
    found = study.next_card(engine, policy, reload(engine, user.id), ALL, clock())
    assert found is not None
    assert found.card.question.id == questions[0].id
    assert found.card.state.state == State.REVIEW


def test_daily_new_limit_then_tomorrow(engine, policy, clock, make_user, make_bank, studying) -> None:
    make_bank([factories.question() for _ in range(5)])
    user = make_user()
    accounts.update_settings(engine, user, new_per_day=2, reviews_per_day=100, retention=0.9)
    user = reload(engine, user.id)
    study.start(engine, user, ALL)
    studying(user, rating=Rating.EASY)
    studying(user, rating=Rating.EASY)
    assert study.next_card(engine, policy, reload(engine, user.id), ALL, clock()) is None
    clock.advance(days=1)
    found = study.next_card(engine, policy, reload(engine, user.id), ALL, clock())
    assert found is not None and found.card.state.state == State.NEW


def test_daily_review_limit(engine, policy, clock, make_user, make_bank, studying) -> None:
    make_bank([factories.question() for _ in range(3)])
    user = make_user()
    study.start(engine, user, ALL)
    for _ in range(3):
        studying(user, rating=Rating.EASY)
    accounts.update_settings(engine, user, new_per_day=0, reviews_per_day=1, retention=0.9)
    user = reload(engine, user.id)
    clock.advance(days=60)
    studying(user, rating=Rating.GOOD)
    assert study.next_card(engine, policy, reload(engine, user.id), ALL, clock()) is None


def test_the_next_card_sees_each_commit_and_outlives_a_dispose(
    engine, policy, clock, make_user, make_bank
) -> None:
    make_bank()
    user = make_user()
    study.start(engine, user, ALL)
    first = study.next_card(engine, policy, user, ALL, clock())
    assert first is not None
    study.suspend(engine, user, first.card.card_id)  # written on another connection
    second = study.next_card(engine, policy, user, ALL, clock())
    assert second is not None and second.card.card_id != first.card.card_id
    engine.dispose()
    assert study.next_card(engine, policy, user, ALL, clock()) == second


def test_the_next_card_shows_a_reloaded_question_as_edited(
    engine, policy, clock, make_user, make_bank, studying
) -> None:
    question = factories.question()
    make_bank([question])
    user = make_user()
    study.start(engine, user, ALL)
    studying(user, right=True)
    clock.advance(minutes=10)  # due again
    shown = study.next_card(engine, policy, reload(engine, user.id), ALL, clock())
    assert shown is not None and shown.card.question == dataclasses.replace(question, version=1)
    edited = dataclasses.replace(question, prompt="Edited prompt?", choices=question.choices[::-1])
    make_bank([edited])
    shown = study.next_card(engine, policy, reload(engine, user.id), ALL, clock())
    assert shown is not None and shown.card.question == dataclasses.replace(edited, version=2)


def test_learning_steps_show_the_card_again_after_ten_minutes(
    engine, policy, clock, make_user, make_bank, studying
) -> None:
    make_bank([factories.question()])
    user = make_user()
    study.start(engine, user, ALL)
    _, first = studying(user, right=True)
    shown = study.result(engine, policy, user, first.review_id)
    assert shown.intervals[Rating.GOOD] == "10m"
    # Only one card: learn-ahead (20 min) shows it rather than ending the session.
    again = study.next_card(engine, policy, reload(engine, user.id), ALL, clock())
    assert again is not None and again.card.state.state == State.LEARNING
    clock.advance(minutes=10)
    _, answered = studying(user, right=True)
    with engine.connect() as conn:
        state = conn.execute(select(Card.state)).scalar_one()
    assert state == State.REVIEW and not answered.duplicate


def test_siblings_of_a_fact_are_buried_until_tomorrow(
    engine, policy, clock, make_user, make_bank, studying
) -> None:
    first = factories.question(fact="ibuprofen:class")
    sibling = factories.question(fact="ibuprofen:class", type="flashcard", choices=())
    other = factories.question()
    make_bank([first, sibling, other])
    user = make_user()
    study.start(engine, user, ALL)
    studying(user, right=True)
    found = study.next_card(engine, policy, reload(engine, user.id), ALL, clock())
    assert found is not None and found.card.question.id == other.id
    clock.advance(days=1)
    tomorrow = [study.next_card(engine, policy, reload(engine, user.id), ALL, clock())]
    assert tomorrow[0] is not None
    assert tomorrow[0].card.question.id in {first.id, sibling.id}


def test_a_double_submit_records_one_review(engine, policy, clock, make_user, make_bank) -> None:
    make_bank()
    user = make_user()
    study.start(engine, user, ALL)
    found = study.next_card(engine, policy, reload(engine, user.id), ALL, clock())
    assert found is not None
    kwargs = dict(
        card_id=found.card.card_id,
        version=found.card.version,
        response=["0"],
        rating=None,
        duration_ms=None,
        now=clock(),
    )
    first = study.submit(engine, policy, user, **kwargs)
    second = study.submit(engine, policy, user, **kwargs)
    assert (second.review_id, second.duplicate, first.duplicate) == (first.review_id, True, False)
    assert review_count(engine) == 1


def test_a_stale_form_after_undo_is_refused(engine, policy, clock, make_user, make_bank) -> None:
    make_bank()
    user = make_user()
    study.start(engine, user, ALL)
    found = study.next_card(engine, policy, reload(engine, user.id), ALL, clock())
    assert found is not None
    answered = study.submit(
        engine,
        policy,
        user,
        card_id=found.card.card_id,
        version=found.card.version,
        response=["0"],
        rating=None,
        duration_ms=None,
        now=clock(),
    )
    study.undo(engine, policy, user, answered.review_id)
    with pytest.raises(Conflict):
        study.submit(
            engine,
            policy,
            user,
            card_id=found.card.card_id,
            version=found.card.version,
            response=["0"],
            rating=None,
            duration_ms=None,
            now=clock(),
        )
    assert review_count(engine) == 0


def test_undo_restores_the_card_exactly(engine, policy, clock, make_user, make_bank, studying) -> None:
    make_bank()
    user = make_user()
    study.start(engine, user, ALL)
    before, answered = studying(user, right=False)
    study.undo(engine, policy, user, answered.review_id)
    after = study.next_card(engine, policy, reload(engine, user.id), ALL, clock())
    assert after is not None
    assert after.card.state == before.card.state
    assert after.card.version == before.card.version + 2
    assert review_count(engine) == 0
    with pytest.raises(NotFound):
        study.undo(engine, policy, user, answered.review_id)


def test_only_the_latest_answer_can_be_undone(engine, policy, make_user, make_bank, studying) -> None:
    make_bank()
    user = make_user()
    study.start(engine, user, ALL)
    _, first = studying(user)
    studying(user)
    with pytest.raises(Conflict):
        study.undo(engine, policy, user, first.review_id)


def test_regrade_reschedules_from_the_state_before(
    engine, policy, clock, make_user, make_bank, studying
) -> None:
    make_bank()
    user = make_user()
    study.start(engine, user, ALL)
    found, answered = studying(user, right=True)
    study.regrade(engine, policy, user, answered.review_id, Rating.EASY)
    shown = study.result(engine, policy, user, answered.review_id)
    assert shown.review.rating == Rating.EASY and shown.review.correct is True
    assert shown.card.state.state == State.REVIEW
    assert shown.card.state.due == policy.day_start(clock(), user) + timedelta(days=8)  # that day's rollover
    assert shown.intervals[Rating.EASY] == "8d" and found.intervals == {}  # shown after answering
    assert review_count(engine) == 1


def test_suspend_and_restore(engine, policy, clock, make_user, make_bank) -> None:
    make_bank([factories.question()])
    user = make_user()
    study.start(engine, user, ALL)
    found = study.next_card(engine, policy, reload(engine, user.id), ALL, clock())
    assert found is not None
    study.suspend(engine, user, found.card.card_id)
    assert study.next_card(engine, policy, reload(engine, user.id), ALL, clock()) is None
    study.unsuspend(engine, user, found.card.card_id)
    assert study.next_card(engine, policy, reload(engine, user.id), ALL, clock()) is not None


def test_eight_lapses_make_a_leech_that_is_suspended(
    engine, policy, clock, make_user, make_bank, studying
) -> None:
    make_bank([factories.question()])
    user = make_user()
    study.start(engine, user, ALL)
    studying(user, rating=Rating.EASY)
    for _ in range(8):
        clock.advance(days=400)
        studying(user, right=False)  # a lapse
        clock.advance(minutes=10)
        if study.next_card(engine, policy, reload(engine, user.id), ALL, clock()):
            studying(user, right=True)
    with engine.connect() as conn:
        lapses, leech, queue = conn.execute(select(Card.lapses, Card.leech, Card.queue)).one()
    assert (lapses, leech, queue) == (8, True, Queue.SUSPENDED)


def test_a_student_cannot_touch_another_students_card(
    engine, policy, clock, make_user, make_bank, studying
) -> None:
    make_bank()
    alice, mallory = make_user(), make_user()
    study.start(engine, alice, ALL)
    found, answered = studying(alice)
    with pytest.raises(NotFound):
        study.submit(
            engine,
            policy,
            mallory,
            card_id=found.card.card_id,
            version=found.card.version + 1,
            response=["0"],
            rating=None,
            duration_ms=None,
            now=clock(),
        )
    with pytest.raises(NotFound):
        study.result(engine, policy, mallory, answered.review_id)
    with pytest.raises(NotFound):
        study.undo(engine, policy, mallory, answered.review_id)
    with pytest.raises(NotFound):
        study.suspend(engine, mallory, found.card.card_id)


def test_malformed_answers_are_refused_and_nothing_is_written(
    engine, policy, clock, make_user, make_bank
) -> None:
    make_bank()
    user = make_user()
    study.start(engine, user, ALL)
    found = study.next_card(engine, policy, reload(engine, user.id), ALL, clock())
    assert found is not None
    for response in ([], ["9"], ["x"], ["0", "1"]):
        with pytest.raises(InvalidInput):
            study.submit(
                engine,
                policy,
                user,
                card_id=found.card.card_id,
                version=found.card.version,
                response=response,
                rating=None,
                duration_ms=None,
                now=clock(),
            )
    assert review_count(engine) == 0


def test_tag_scope_only_shows_that_topic(engine, policy, clock, make_user, make_bank) -> None:
    anatomy = factories.question(tags=("anatomy",))
    make_bank([factories.question(), anatomy])
    user = make_user()
    study.start(engine, user, ALL)
    found = study.next_card(engine, policy, reload(engine, user.id), Scope("test-bank", "anatomy"), clock())
    assert found is not None and found.card.question.id == anatomy.id
    assert study.next_card(engine, policy, reload(engine, user.id), Scope("other-bank"), clock()) is None


def test_self_graded_flashcard_needs_a_rating(engine, policy, clock, make_user, make_bank) -> None:
    make_bank([factories.question(type="flashcard", choices=(), answer="An NSAID")])
    user = make_user()
    study.start(engine, user, ALL)
    found = study.next_card(engine, policy, reload(engine, user.id), ALL, clock())
    assert found is not None
    args = dict(
        card_id=found.card.card_id, version=found.card.version, response=[], duration_ms=None, now=clock()
    )
    with pytest.raises(InvalidInput):
        study.submit(engine, policy, user, rating=None, **args)
    answered = study.submit(engine, policy, user, rating=int(Rating.HARD), **args)
    shown = study.result(engine, policy, user, answered.review_id)
    assert (shown.review.rating, shown.review.correct) == (Rating.HARD, None)


def test_a_students_day_starts_in_their_own_zone_at_their_hour(engine, policy, clock, make_user) -> None:
    user = make_user()
    accounts.update_settings(
        engine,
        user,
        new_per_day=20,
        reviews_per_day=200,
        retention=0.9,
        timezone="Asia/Tokyo",
        rollover_hour=5,
    )
    user = accounts.load(engine, user.id)
    assert user is not None
    start = policy.day_start(clock(), user)  # 10:00 UTC is 19:00 in Tokyo: the day began at 05:00 there
    assert start.astimezone(ZoneInfo("Asia/Tokyo")).hour == 5 and start <= clock() < start + timedelta(days=1)
    assert policy.settings(user).timezone == "Asia/Tokyo" and policy.settings(user).rollover_hour == 5
    with pytest.raises(InvalidInput, match="Time zone"):
        accounts.update_settings(
            engine, user, new_per_day=20, reviews_per_day=200, retention=0.9, timezone="Mars/Base"
        )


def test_learning_steps_are_the_students_own(engine, policy, clock, make_user) -> None:
    user = make_user()
    accounts.update_settings(
        engine, user, new_per_day=20, reviews_per_day=200, retention=0.9, learning_steps="5m 1h"
    )
    user = accounts.load(engine, user.id)
    assert user is not None and user.learning_steps == [5.0, 60.0]
    assert policy.settings(user).learning_steps == (timedelta(minutes=5), timedelta(hours=1))
    assert accounts.format_steps(user.learning_steps) == "5m 1h"
    for bad in ("ten", "0m", "5x", "1m " * 11):
        with pytest.raises(InvalidInput, match="Learning steps"):
            accounts.update_settings(
                engine, user, new_per_day=20, reviews_per_day=200, retention=0.9, learning_steps=bad
            )
