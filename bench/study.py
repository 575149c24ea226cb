"""Study hot paths at 10k, 100k and 1M review rows, against Anki's own backend, and under load.

Run: .venv/bin/python bench/study.py [--database-url URL] [--quick] [--seconds N] [--throughput-only]

1. Fills a database (SQLite file by default) with students' history in three steps, to 10k, 100k
   and 1M review-log rows (10k students at the end), and after each step times our next-card
   query and answer submit for one student with 10k cards, a few hundred of them due.
2. Builds an Anki collection of the same size with the `anki` package (10k cards, 1M revlog rows,
   a few hundred due) and times get_queued_cards on a fresh queue and answer_card.
3. Serves the study page under gunicorn and a bare Flask "hello" app under the same settings,
   drives them with wrk on loopback in alternating rounds after a warm-up, and prints our
   requests/s as a fraction of the bare app's (the median of the rounds' ratios).

Prints p50/p99 in milliseconds; asserts nothing. The whole run is bounded to a few minutes.
The pieces live next to this file: study_fill (data), study_timing (our queries), study_anki,
study_http (gunicorn and wrk).
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from pathlib import Path

from scratch_db import database
from sqlalchemy import Engine
from study_anki import measure_anki
from study_fill import (
    BANK,
    DUE,
    FULL,
    NOW,
    QUESTIONS,
    QUICK,
    Filler,
    Sizes,
    analyze,
    bench_questions,
    make_due,
    make_measured_student,
    make_students,
)
from study_http import measure_throughput
from study_timing import measure_ours, timed

from question_bank import Bank
from quizapp.services import accounts, banks
from quizapp.store.engine import make_engine
from quizapp.store.migrate import upgrade


def prepare(engine: Engine) -> accounts.UserRecord:
    """The schema, the bench bank and the measured student, with planner statistics."""
    upgrade(engine)
    bank = Bank(slug=BANK, title="Bench", description="", sections={}, concepts={}, entities={})
    banks.store(engine, bank, bench_questions(), now=NOW)
    user = make_measured_student(engine, Filler(engine))
    analyze(engine)  # --throughput-only measures right after this
    return user


def grow_and_measure(engine: Engine, user: accounts.UserRecord, sizes: Sizes) -> tuple[float, float]:
    """Fill to each step's size and time our queries there; the p99s of the last step."""
    filler = Filler(engine)
    ours_p99 = (0.0, 0.0)
    made = 0
    for rows in sizes.steps:
        students = rows // sizes.reviews_per_student - made
        fill = timed(lambda n=students, m=made: make_students(engine, filler, n, sizes, m))
        made += students
        analyze(engine)
        print(f"\n{rows:>9,} review rows ({made:,} students; filled in {fill:.0f} s)")
        ours_p99 = measure_ours(engine, user, sizes.samples)
    return ours_p99


def compare_with_anki(workdir: Path, sizes: Sizes, ours_p99: tuple[float, float]) -> None:
    print(f"\nAnki collection: {QUESTIONS} cards, {sizes.steps[-1]:,} revlog rows, {DUE} due")
    anki_p99 = measure_anki(workdir, sizes.steps[-1], sizes.samples)
    print(
        f"\nour p99 / Anki p99: next card {ours_p99[0] / anki_p99[0]:.2f}×, "
        f"answer {ours_p99[1] / anki_p99[1]:.2f}×   (goal ≤ 2×)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="PostgreSQL URL; default: a SQLite temp file")
    parser.add_argument("--quick", action="store_true", help="smaller sizes, for a smoke run")
    parser.add_argument("--seconds", type=int, default=10, help="wrk duration per app")
    parser.add_argument("--throughput-only", action="store_true", help="skip the fills and Anki")
    args = parser.parse_args()
    sizes = QUICK if args.quick else FULL
    workdir = Path(tempfile.mkdtemp(prefix="quizapp-bench-"))
    started = time.perf_counter()
    try:
        with database(args.database_url, workdir) as url:
            engine = make_engine(url)
            user = prepare(engine)
            print(f"database: {engine.dialect.name}; measured student has {QUESTIONS} cards")
            if not args.throughput_only:
                ours_p99 = grow_and_measure(engine, user, sizes)
                compare_with_anki(workdir, sizes, ours_p99)
            make_due(engine, user.id)
            engine.dispose()
            print("\nthroughput (gunicorn 2 sync workers, wrk -t2 -c8 on loopback)")
            measure_throughput(url, user, workdir, args.seconds)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    print(f"\ntotal {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
