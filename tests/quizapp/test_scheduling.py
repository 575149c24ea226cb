"""Golden interval sequences for the pure FSRS module: fixed UTC times, fuzz off.

The intervals are pinned here; that they are Anki's own is shown by test_anki_agreement.py."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import fsrs_rs_python as fsrs_rs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quizapp.scheduling import (
    CardState,
    Queue,
    Rating,
    SchedulerSettings,
    State,
    answer,
    format_interval,
    preview,
)
from quizapp.scheduling.days import elapsed_days

T0 = datetime(2025, 1, 1, 9, 0, tzinfo=UTC)
NO_FUZZ = SchedulerSettings(fuzz=False)


def run(ratings: list[Rating], settings: SchedulerSettings = NO_FUZZ) -> list[timedelta]:
    """Answer each rating when the card falls due; return the intervals given (a learning
    delay, or a review's study days)."""
    card, now, intervals = CardState(), T0, []
    for rating in ratings:
        intervals.append(preview(card, now, settings)[rating])
        card = answer(card, rating, now, settings)
        assert card.due is not None
        now = card.due + timedelta(hours=5)  # answered in the morning of the day it is due
    return intervals


def test_new_card_good_path_golden() -> None:
    got = run([Rating.GOOD] * 6)
    assert got == [timedelta(minutes=10)] + [timedelta(days=d) for d in (2, 11, 46, 163, 498)]


def test_review_cards_fall_due_at_the_rollover_of_their_day() -> None:
    learned = answer(
        answer(CardState(), Rating.GOOD, T0, NO_FUZZ), Rating.GOOD, T0 + timedelta(minutes=10), NO_FUZZ
    )
    assert learned.due == datetime(2025, 1, 3, 4, 0, tzinfo=UTC)  # 2 days, from 04:00 UTC


def test_a_day_is_a_study_day_in_the_students_time_zone() -> None:
    """22:00 and 09:00 the next morning are one study day apart in New York, not zero days."""
    zoned = SchedulerSettings(fuzz=False, timezone="America/New_York", rollover_hour=4)
    card = CardState(
        state=State.REVIEW,
        queue=Queue.REVIEW,
        stability=1.5,
        difficulty=5.0,
        reps=3,
        last_review=datetime(2025, 1, 2, 3, 0, tzinfo=UTC),  # 22:00 in New York
        due=datetime(2025, 1, 2, 9, 0, tzinfo=UTC),  # 04:00 the next morning there
    )
    morning = datetime(2025, 1, 2, 14, 0, tzinfo=UTC)  # 09:00 there, 11 hours later
    one_day = preview(card, morning, zoned)[Rating.GOOD]
    same_day = preview(card, morning, SchedulerSettings(fuzz=False, timezone="Asia/Tokyo"))[Rating.GOOD]
    assert one_day > same_day  # in Tokyo no rollover came between the two answers


def test_first_answer_intervals_match_fsrs_learning_steps() -> None:
    shown = preview(CardState(), T0, NO_FUZZ)
    assert shown == {
        Rating.AGAIN: timedelta(minutes=1),
        Rating.HARD: timedelta(minutes=5, seconds=30),
        Rating.GOOD: timedelta(minutes=10),
        Rating.EASY: timedelta(days=8),
    }


def test_lapse_goes_to_relearning_then_back_to_review() -> None:
    got = run([Rating.GOOD, Rating.GOOD, Rating.GOOD, Rating.AGAIN, Rating.GOOD, Rating.GOOD])
    assert got[3] == timedelta(minutes=10)  # the relearning step
    assert got[4] == timedelta(days=2)
    assert got[5] == timedelta(days=5)


def test_states_and_counters_follow_the_answers() -> None:
    card = answer(CardState(), Rating.GOOD, T0, NO_FUZZ)
    assert (card.state, card.queue, card.step, card.reps) == (State.LEARNING, Queue.LEARNING, 1, 1)
    card = answer(card, Rating.GOOD, card.due or T0, NO_FUZZ)
    assert (card.state, card.queue, card.step) == (State.REVIEW, Queue.REVIEW, None)
    lapsed = answer(card, Rating.AGAIN, card.due or T0, NO_FUZZ)
    assert (lapsed.state, lapsed.queue, lapsed.lapses) == (State.RELEARNING, Queue.LEARNING, 1)


def test_higher_retention_gives_shorter_intervals() -> None:
    low = run([Rating.GOOD] * 4, SchedulerSettings(desired_retention=0.70, fuzz=False))
    high = run([Rating.GOOD] * 4, SchedulerSettings(desired_retention=0.97, fuzz=False))
    assert high[-1] < low[-1]
    assert [i.days for i in high] == [0, 1, 2, 4]
    assert [i.days for i in low] == [0, 21, 310, 3006]


def test_eighth_lapse_makes_a_suspended_leech() -> None:
    card, now = CardState(), T0
    for _ in range(2):
        card = answer(card, Rating.GOOD, now, NO_FUZZ)
        now = card.due or now
    for lapse in range(1, 9):
        card = answer(card, Rating.AGAIN, now, NO_FUZZ)  # lapse
        assert card.lapses == lapse
        assert card.leech == (lapse == 8)
        if lapse < 8:
            card = answer(card, Rating.GOOD, card.due or now, NO_FUZZ)  # relearned
            now = card.due or now
    assert card.queue == Queue.SUSPENDED


def test_naive_datetime_is_refused() -> None:
    with pytest.raises(ValueError, match="UTC"):
        answer(CardState(), Rating.GOOD, datetime(2025, 1, 1), NO_FUZZ)


def test_answer_does_not_mutate_its_input() -> None:
    card = CardState()
    answer(card, Rating.EASY, T0, NO_FUZZ)
    assert card == CardState()


@settings(max_examples=60, deadline=None)
@given(ratings=st.lists(st.sampled_from(list(Rating)), min_size=1, max_size=15))
def test_memory_follows_fsrs_rs_step_by_step(ratings: list[Rating]) -> None:
    """The oracle is fsrs-rs (the crate Anki runs): the memory state after every answer."""
    model = fsrs_rs.FSRS(fsrs_rs.DEFAULT_PARAMETERS)
    ours, now = CardState(), T0
    for rating in ratings:
        memory = None if ours.stability is None else fsrs_rs.MemoryState(ours.stability, ours.difficulty)
        days = 0 if ours.last_review is None else elapsed_days(ours.last_review, now, "UTC", 4)
        expected = getattr(model.next_states(memory, 0.9, days), rating.name.lower()).memory
        ours = answer(ours, rating, now, NO_FUZZ)
        assert ours.stability == pytest.approx(expected.stability, rel=1e-6, abs=1e-4)
        assert ours.difficulty == pytest.approx(expected.difficulty, abs=1e-3)
        assert ours.due is not None
        now = max(ours.due, now) + timedelta(hours=7)


@settings(max_examples=60, deadline=None)
@given(
    ratings=st.lists(st.sampled_from(list(Rating)), min_size=1, max_size=12),
    seed=st.integers(0, 10**9),
)
def test_fuzzed_preview_equals_the_answer_given(ratings: list[Rating], seed: int) -> None:
    """The label on a grade button is the interval that grade really gives."""
    fuzzy = SchedulerSettings(fuzz=True)
    card, now = CardState(), T0
    for rating in ratings:
        shown = preview(card, now, fuzzy, seed)[rating]
        card = answer(card, rating, now, fuzzy, seed)
        assert card.due is not None
        if card.state == State.REVIEW:
            start = now.replace(hour=4, minute=0, second=0, microsecond=0)
            start -= timedelta(days=1) if start > now else timedelta(0)
            assert card.due == start + shown  # that many study days on
        else:
            assert card.due - now == shown
        assert timedelta(0) < shown <= timedelta(days=fuzzy.maximum_interval)
        now = card.due + timedelta(hours=2)


def test_fuzz_stays_near_the_unfuzzed_interval() -> None:
    review = CardState(
        state=State.REVIEW,
        queue=Queue.REVIEW,
        stability=30.0,
        difficulty=5.0,
        due=T0,
        last_review=T0 - timedelta(days=30),
        reps=5,
    )
    plain = answer(review, Rating.GOOD, T0, NO_FUZZ).due
    fuzzed = {answer(review, Rating.GOOD, T0, SchedulerSettings(), s).due for s in range(50)}
    assert plain is not None and len(fuzzed) > 1
    # fsrs's fuzz range at 85 days is about ±6 days.
    assert all(abs((d - plain) / timedelta(days=1)) <= 7 for d in fuzzed if d is not None)


def test_round_trip_through_dict() -> None:
    card = answer(CardState(), Rating.GOOD, T0, NO_FUZZ)
    assert CardState.from_dict(card.to_dict()) == card


@pytest.mark.parametrize(
    ("interval", "label"),
    [
        (timedelta(seconds=30), "30s"),
        (timedelta(minutes=10), "10m"),
        (timedelta(hours=5), "5h"),
        (timedelta(days=3), "3d"),
        (timedelta(hours=36), "2d"),
        (timedelta(hours=5, minutes=30), "5.5h"),
        (timedelta(days=75), "2.5mo"),
        (timedelta(days=365), "1y"),
        (timedelta(days=730), "2y"),
        (timedelta(days=548), "1.5y"),
    ],
)
def test_interval_labels(interval: timedelta, label: str) -> None:
    assert format_interval(interval) == label
