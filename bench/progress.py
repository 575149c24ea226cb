"""The progress and exam-block paths at scale, each next to a baseline run in the same process.

Run: .venv/bin/python bench/progress.py [--database-url URL]

- the progress page for a student with 100k reviews and 10k cards (goal < 300 ms), against the
  login page (no data) through the same test client;
- the optimizer on a student's 10k reviews (goal < 1 s), against evaluating the defaults on them;
- the retention simulator's sweep (goal < 1 s), against one simulated year;
- building a 40-question block from a 10k-question bank (goal < 50 ms), against selecting 40 ids.

Prints medians in milliseconds; asserts nothing.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import fsrs_rs_python as fsrs_rs
from scratch_db import database
from sqlalchemy import text
from study_fill import BANK, NOW, QUESTIONS, Filler, analyze, bench_questions, make_measured_student
from study_http import USER_AGENT, login_cookie

from question_bank import Bank
from quizapp.app import create_app
from quizapp.services import accounts, banks, blocks, tuning
from quizapp.services.blocks import BlockSpec
from quizapp.services.study import StudyPolicy
from quizapp.store.engine import make_engine
from quizapp.store.migrate import upgrade

RUNS = 7


def median_ms(fn: Callable[[], Any], runs: int = RUNS) -> float:
    fn()  # warm-up: imports, statement caches, templates
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def show(label: str, ours: float, baseline_label: str, baseline: float, goal: float) -> None:
    print(f"  {label:<42} {ours:9.1f} ms   ({baseline_label}: {baseline:.1f} ms; goal < {goal:.0f} ms)")


def fill(url: str) -> tuple[accounts.UserRecord, accounts.UserRecord]:
    """The 10k-question bank; a student with 10k cards and 100k reviews; one with 10k reviews."""
    engine = make_engine(url)
    upgrade(engine)
    bank = Bank(slug=BANK, title="Bench", description="", sections={}, concepts={}, entities={})
    banks.store(engine, bank, bench_questions(), now=NOW)
    filler = Filler(engine)
    heavy = make_measured_student(engine, filler)
    card_ids, question_ids = filler.card_ids(heavy.id)
    filler.reviews(heavy.id, card_ids, question_ids, 100_000, every=5.7)  # 100k in 400 days: a heavy user
    light = accounts.register(
        engine, "tuned@bench.example", "bench-password", now=NOW, hash_method="pbkdf2:sha256:1000"
    )
    ids = [f"bench-{i:05d}" for i in range(1000)]
    filler.cards(light.id, ids, [NOW + timedelta(days=filler.rng.randint(2, 60)) for _ in ids])
    light_cards, light_questions = filler.card_ids(light.id)
    filler.reviews(light.id, light_cards, light_questions, 10_000, every=57)
    analyze(engine)
    engine.dispose()
    return heavy, light


def measure(url: str, heavy: accounts.UserRecord, light: accounts.UserRecord, workdir: Path) -> None:
    app = create_app(
        {
            "DATABASE_URL": url,
            "SECRET_KEY": "bench",
            "INSTANCE_PATH": str(workdir / "instance"),
            "CLOCK": lambda: NOW,
            "SESSION_COOKIE_SECURE": False,
        }
    )
    engine = app.extensions["quizapp"].engine
    client = app.test_client()
    client.set_cookie("session", login_cookie(app, heavy).removeprefix("session="))
    cookie = {"User-Agent": USER_AGENT}  # the cookie is bound to the agent it was made for
    page = client.get("/progress", headers=cookie)
    assert page.status_code == 200 and b"Answers per day" in page.data, page.status_code
    show(
        "progress page, 100k reviews, 10k cards",
        median_ms(lambda: client.get("/progress", headers=cookie)),
        "login page",
        median_ms(lambda: client.get("/auth/login")),
        300,
    )

    policy = StudyPolicy()
    items, _ = tuning.training_items(engine, policy, light)
    defaults = fsrs_rs.FSRS(fsrs_rs.DEFAULT_PARAMETERS)
    print(f"  ({len(items)} training items from 10k reviews)")
    show(
        "optimizer: fit + time-series evaluation",
        median_ms(lambda: tuning.fit(engine, policy, light), runs=3),
        "evaluate the defaults",
        median_ms(lambda: defaults.evaluate(items)),
        1000,
    )

    config = fsrs_rs.default_simulator_config()
    config.deck_size, config.learn_span = 10_000, 365
    one_year = median_ms(lambda: fsrs_rs.simulate(fsrs_rs.DEFAULT_PARAMETERS, 0.9, config, 42), runs=3)
    show(
        f"simulator sweep ({len(tuning.RETENTIONS)} retentions)",
        median_ms(lambda: tuning.workloads(engine, heavy), runs=3),
        "one simulated year",
        one_year,
        1000,
    )

    def select_40() -> None:
        with engine.connect() as conn:
            conn.execute(text("SELECT id FROM questions ORDER BY position LIMIT 40")).all()

    show(
        f"build a 40-question block from {QUESTIONS:,}",
        median_ms(lambda: blocks.build(engine, heavy, BlockSpec(count=40), NOW)),
        "select 40 ids",
        median_ms(select_40),
        50,
    )
    engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="PostgreSQL URL; default: a SQLite temp file")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, database(args.database_url, Path(tmp)) as url:
        started = time.perf_counter()
        heavy, light = fill(url)
        print(f"{url.split(':')[0]}: filled in {time.perf_counter() - started:.0f} s")
        measure(url, heavy, light, Path(tmp))


if __name__ == "__main__":
    main()
