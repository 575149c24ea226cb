"""Timing helpers, and our next-card query and answer submit timed in process."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from typing import Any

from sqlalchemy import Engine
from study_fill import DUE, NOW, POLICY, SCOPE, make_due

from quizapp.scheduling import State
from quizapp.services import accounts, study


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p99 = ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]
    return statistics.median(ordered) * 1000, p99 * 1000


def timed(fn: Callable[[], Any]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def report(label: str, samples: list[float]) -> float:
    p50, p99 = percentiles(samples)
    print(f"  {label:<34} p50 {p50:7.3f} ms   p99 {p99:7.3f} ms   (n={len(samples)})")
    return p99


def measure_ours(engine: Engine, user: accounts.UserRecord, samples: int) -> tuple[float, float]:
    """p99 of the next-card query and of an answer submit, in milliseconds."""
    make_due(engine, user.id)
    for _ in range(20):  # warm the pool and statement caches
        study.next_card(engine, POLICY, user, SCOPE, NOW)
    nexts = [timed(lambda: study.next_card(engine, POLICY, user, SCOPE, NOW)) for _ in range(samples)]
    # What the study page runs: the student's row (Flask-Login's user_loader), then the card.
    page = [
        timed(lambda: study.next_card(engine, POLICY, accounts.load(engine, user.id) or user, SCOPE, NOW))
        for _ in range(samples)
    ]
    answers = []
    for n in range(min(samples, DUE - 20) + 10):  # the first 10 warm the write path, untimed
        found = study.next_card(engine, POLICY, user, SCOPE, NOW)
        assert found is not None and found.card.state.state == State.REVIEW
        card = found.card

        def submit(card: Any = card) -> None:
            study.submit(
                engine,
                POLICY,
                user,
                card_id=card.card_id,
                version=card.version,
                response=["0"],
                rating=None,
                duration_ms=3000,
                now=NOW,
            )

        elapsed = timed(submit)
        if n >= 10:
            answers.append(elapsed)
    p99 = report("next card (due review)", nexts)
    report("student's row, then next card", page)
    return p99, report("answer submit", answers)
