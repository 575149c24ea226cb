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


def race_undos(engine, policy, student, review_id: int, clients: int) -> list[str]:
    """`clients` threads undo the same answer at once; each says 'undone' or 'refused'."""
    barrier = threading.Barrier(clients)
    outcomes: list[str] = []

    def undo() -> None:
        barrier.wait()
        try:
            study.undo(engine, policy, student, review_id)
            outcomes.append("undone")
        except (Conflict, study.NotFound):
            outcomes.append("refused")

    threads = [threading.Thread(target=undo) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


def test_parallel_undos_of_one_answer_take_it_back_once(engine, policy, clock, student) -> None:
    """Eight simultaneous undos of one answer (tabs, retries): one wins, the day's counters drop
    by one. Repeated, as a race is lost only some of the time."""
    from quizapp.store import users

    for _ in range(5):
        found = study.next_card(engine, policy, student, Scope(), clock())
        assert found is not None
        answered = factories.submit_shown(engine, policy, student, found, ["0"], clock())
        outcomes = race_undos(engine, policy, student, answered.review_id, clients=8)
        with engine.connect() as conn:
            after = users.get(conn, student.id)
        assert after is not None and (after.new_done, after.reviews_done) == (0, 0)
        assert outcomes.count("undone") == 1 and len(outcomes) == 8
