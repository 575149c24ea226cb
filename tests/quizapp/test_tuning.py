"""Parameters fitted to a student, kept only when they predict better; the workload simulator."""

from __future__ import annotations

import random

import pytest

from quizapp.services import accounts, study, tuning
from quizapp.services.errors import InvalidInput
from quizapp.store.cards import Scope
from tests.quizapp import factories


def simulate_student(engine, policy, clock, user, days: int, forgetful: float) -> None:
    """A student who studies every day for `days` days and forgets at a fixed rate."""
    rng = random.Random(7)
    for _ in range(days):
        while (found := study.next_card(engine, policy, user, Scope(), clock())) is not None:
            right = rng.random() > forgetful
            study.submit(
                engine,
                policy,
                user,
                card_id=found.card.card_id,
                version=found.card.version,
                response=["0" if right else "1"],
                rating=None,
                duration_ms=8000,
                now=clock(),
            )
            clock.advance(minutes=11)
        clock.advance(days=1)
        user = accounts.load(engine, user.id)


def test_too_little_history_is_refused_with_the_count(engine, policy, clock, make_user, make_bank) -> None:
    make_bank()
    user = make_user()
    with pytest.raises(InvalidInput, match=r"at least 400 .* you have 0"):
        tuning.fit(engine, policy, user)


def test_fitting_a_forgetful_students_history_keeps_only_better_parameters(
    engine, policy, clock, make_user, make_bank
) -> None:
    make_bank([factories.question() for _ in range(60)])
    user = make_user()
    accounts.update_settings(engine, user, new_per_day=20, reviews_per_day=999, retention=0.9)
    study.start(engine, user, Scope())
    simulate_student(engine, policy, clock, accounts.load(engine, user.id), days=50, forgetful=0.35)
    user = accounts.load(engine, user.id)
    items, _ = tuning.training_items(engine, policy, user)
    assert len(items) >= tuning.MIN_ITEMS
    result = tuning.fit(engine, policy, user)
    assert result.items == len(items)
    assert result.applied == (result.after[0] < result.before[0])
    stored = accounts.load(engine, user.id).fsrs_parameters
    assert (stored is not None) == result.applied
    if result.applied:
        assert policy.settings(accounts.load(engine, user.id)).parameters == tuple(stored)


def test_the_workload_simulator_runs_every_retention(engine, clock, make_user, make_bank):
    make_bank([factories.question() for _ in range(200)])
    user = make_user()
    study.start(engine, user, Scope())
    found = tuning.workloads(engine, user)  # its speed is measured in bench/progress.py
    assert [w.retention for w in found] == list(tuning.RETENTIONS)
    assert found[-1].reviews > found[0].reviews  # more retention, more reviews
    assert found[-1].remembered >= found[0].remembered
