"""Simultaneous submits of one rendered question (two tabs, a double click) record one review."""

from __future__ import annotations

import threading

from sqlalchemy import func, select

from quizapp.services import study
from quizapp.services.errors import Conflict
from quizapp.store.cards import Scope
from quizapp.store.models import Card, ReviewLog
from tests.quizapp import factories


def test_parallel_submits_of_the_same_form_record_one_review(engine, policy, clock, student) -> None:
    user = student
    found = study.next_card(engine, policy, user, Scope(), clock())
    assert found is not None
    barrier = threading.Barrier(4)
    results: list[object] = []

    def submit() -> None:
        barrier.wait()
        try:
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
            results.append(answered.review_id)
        except Conflict as error:  # never expected: every loser finds the winner's review
            results.append(error)

    threads = [threading.Thread(target=submit) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    with engine.connect() as conn:
        ids = conn.execute(select(ReviewLog.id)).scalars().all()
        assert conn.execute(select(func.count()).select_from(ReviewLog)).scalar() == 1
    assert results == [ids[0]] * 4


def test_parallel_starts_create_each_card_once(engine, make_user, make_bank) -> None:
    make_bank([factories.question() for _ in range(60)])
    user = make_user()
    barrier = threading.Barrier(4)
    errors: list[Exception] = []

    def start() -> None:
        barrier.wait()
        try:
            study.start(engine, user, Scope())
        except Exception as error:
            errors.append(error)

    threads = [threading.Thread(target=start) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(Card)).scalar() == 60
