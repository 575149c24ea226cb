"""Study hot paths at 10k, 100k and 1M review rows, against Anki's own backend, and under load.

Run: .venv/bin/python bench/study.py [--database-url URL] [--quick]

1. Fills a database (SQLite file by default) with students' history in three steps, to 10k, 100k
   and 1M review-log rows (10k students at the end), and after each step times our next-card
   query and answer submit for one student with 10k cards, a few hundred of them due.
2. Builds an Anki collection of the same size with the `anki` package (10k cards, 1M revlog rows,
   a few hundred due) and times get_queued_cards on a fresh queue and answer_card.
3. Serves the study page under gunicorn and a bare Flask "hello" app under the same settings,
   drives each with wrk on loopback, and prints our requests/s as a fraction of the bare app's.

Prints p50/p99 in milliseconds; asserts nothing. The whole run is bounded to a few minutes.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote

from sqlalchemy import Engine, text

from question_bank import Bank, Question
from quizapp.app import create_app
from quizapp.scheduling import CardState, Queue, State
from quizapp.services import accounts, banks, study
from quizapp.services.study import StudyPolicy
from quizapp.store.cards import Scope
from quizapp.store.engine import make_engine
from quizapp.store.migrate import upgrade

ROOT = Path(__file__).resolve().parent.parent
NOW = datetime(2025, 6, 2, 12, 0, tzinfo=UTC)
BANK = "bench"
QUESTIONS = 10_000
DUE = 320
SCOPE = Scope(BANK)
POLICY = StudyPolicy(fuzz=True)
PASSWORD = "bench-password"
USER_AGENT = "quizapp-bench"


@dataclass(frozen=True)
class Sizes:
    steps: tuple[int, ...]  # review-log rows after each fill step
    reviews_per_student: int
    cards_per_student: int
    samples: int


FULL = Sizes((10_000, 100_000, 1_000_000), 100, 50, 1000)
QUICK = Sizes((10_000, 30_000, 100_000), 100, 50, 300)


# Timing ---------------------------------------------------------------------------------------


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


# Our database ---------------------------------------------------------------------------------


def bench_questions() -> list[Question]:
    choices = ("NSAID", "Opioid", "Muscle relaxant", "Anticonvulsant")
    return [
        Question(
            id=f"bench-{i:05d}",
            type="mcq",
            prompt=f"Which drug class is drug {i}?",
            choices=choices,
            answer="NSAID",
            explanation=f"Drug {i} is an NSAID.",
            tags=(f"{BANK}::topic-{i % 20}",),
            source="Bench section (cited: none)",
            bank=BANK,
            topic=f"topic-{i % 20}",
            fact=f"fact-{i}",
        )
        for i in range(QUESTIONS)
    ]


class Filler:
    """Bulk-writes cards and review rows with driver-level executemany: fast, and dialect-aware."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.sqlite = engine.dialect.name == "sqlite"
        self.mark = "?" if self.sqlite else "%s"
        self.rng = random.Random(7)

    def when(self, value: datetime) -> Any:
        # UTCDateTime stores naive UTC text on SQLite, timestamptz on PostgreSQL.
        return value.strftime("%Y-%m-%d %H:%M:%S.%f") if self.sqlite else value

    def insert(self, table: str, columns: list[str], rows: list[tuple[Any, ...]]) -> None:
        marks = ", ".join([self.mark] * len(columns))
        sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})"
        with self.engine.begin() as conn:
            for start in range(0, len(rows), 20_000):
                conn.exec_driver_sql(sql, rows[start : start + 20_000])  # type: ignore[arg-type]

    def review_state(self, due: datetime) -> CardState:
        return CardState(
            state=State.REVIEW,
            queue=Queue.REVIEW,
            stability=self.rng.uniform(5, 60),
            difficulty=self.rng.uniform(3, 8),
            due=due,
            last_review=due - timedelta(days=20),
            reps=5,
            lapses=self.rng.randint(0, 2),
        )

    def cards(self, user_id: int, question_ids: list[str], due: list[datetime]) -> None:
        columns = [
            "user_id",
            "question_id",
            "queue",
            "state",
            "step",
            "stability",
            "difficulty",
            "due",
            "last_review",
            "reps",
            "lapses",
            "leech",
            "version",
        ]
        rows = []
        for qid, when in zip(question_ids, due, strict=True):
            s = self.review_state(when)
            rows.append(
                (
                    user_id,
                    qid,
                    int(s.queue),
                    int(s.state),
                    None,
                    s.stability,
                    s.difficulty,
                    self.when(when),
                    self.when(when - timedelta(days=20)),
                    s.reps,
                    s.lapses,
                    False,
                    5,
                )
            )
        self.insert("cards", columns, rows)

    def reviews(self, user_id: int, card_ids: list[int], question_ids: list[str], n: int) -> None:
        columns = [
            "user_id",
            "card_id",
            "question_id",
            "card_version",
            "mode",
            "rating",
            "correct",
            "response",
            "reviewed_at",
            "duration_ms",
            "state_before",
            "state_after",
            "before",
            "after",
        ]
        rows = []
        for k in range(n):
            i = k % len(card_ids)
            at = NOW - timedelta(days=400) + timedelta(minutes=k * 97 + user_id % 600)
            before = json.dumps(self.review_state(at).to_dict())
            after = json.dumps(self.review_state(at + timedelta(days=9)).to_dict())
            rating = self.rng.choice((1, 3, 3, 3, 4))
            rows.append(
                (
                    user_id,
                    card_ids[i],
                    question_ids[i],
                    k // len(card_ids),
                    "study",
                    rating,
                    rating > 1,
                    json.dumps(["NSAID"]),
                    self.when(at),
                    4000,
                    2,
                    2,
                    before,
                    after,
                )
            )
        self.insert("review_log", columns, rows)

    def card_ids(self, user_id: int) -> tuple[list[int], list[str]]:
        with self.engine.connect() as conn:
            rows = conn.execute(
                text("SELECT id, question_id FROM cards WHERE user_id = :u ORDER BY id"),
                {"u": user_id},
            ).all()
        return [r[0] for r in rows], [r[1] for r in rows]


def make_students(engine: Engine, filler: Filler, count: int, sizes: Sizes, start: int) -> None:
    """`count` students with their cards and review history; password hashing is skipped."""
    users = [
        (
            f"student{start + i}@bench.example",
            "x",
            "student",
            uuid.uuid4().hex,
            filler.when(NOW),
            20,
            200,
            0.9,
        )
        for i in range(count)
    ]
    filler.insert(
        "users",
        [
            "email",
            "password_hash",
            "role",
            "session_token",
            "created_at",
            "new_per_day",
            "reviews_per_day",
            "desired_retention",
        ],
        users,
    )
    with engine.connect() as conn:
        ids = conn.execute(
            text("SELECT id FROM users WHERE email LIKE 'student%' ORDER BY id DESC LIMIT :n"),
            {"n": count},
        ).scalars()
        user_ids = sorted(ids)
    all_ids = [f"bench-{i:05d}" for i in range(QUESTIONS)]
    for user_id in user_ids:
        picked = filler.rng.sample(all_ids, sizes.cards_per_student)
        due = [NOW + timedelta(days=filler.rng.randint(1, 90)) for _ in picked]
        filler.cards(user_id, picked, due)
        card_ids, qids = filler.card_ids(user_id)
        filler.reviews(user_id, card_ids, qids, sizes.reviews_per_student)


def make_measured_student(engine: Engine, filler: Filler) -> accounts.UserRecord:
    """One student with a card for all 10k questions, all in review, none due yet."""
    user = accounts.register(
        engine, "measured@bench.example", PASSWORD, now=NOW, hash_method="pbkdf2:sha256:1000"
    )
    # Limits above the due count, in Anki's deck too, so every sample finds a due card.
    accounts.update_settings(engine, user, new_per_day=20, reviews_per_day=9999, retention=0.9)
    user = accounts.load(engine, user.id) or user
    ids = [f"bench-{i:05d}" for i in range(QUESTIONS)]
    filler.cards(user.id, ids, [NOW + timedelta(days=filler.rng.randint(2, 365)) for _ in ids])
    return user


def analyze(engine: Engine) -> None:
    """Refresh planner statistics after a bulk load, as autovacuum would in production.

    Without them PostgreSQL guesses a handful of rows per user and sorts 10k cards instead of
    walking the (user_id, due) index.
    """
    with engine.begin() as conn:
        conn.exec_driver_sql("ANALYZE")


def make_due(engine: Engine, user_id: int) -> None:
    """Put a few hundred of the measured student's cards due again before a measurement."""
    with engine.begin() as conn:
        conn.execute(
            text(
                "UPDATE cards SET due = :due, queue = 2, state = 2 WHERE id IN "
                "(SELECT id FROM cards WHERE user_id = :u ORDER BY id LIMIT :n)"
            ),
            {"due": Filler(engine).when(NOW - timedelta(hours=3)), "u": user_id, "n": DUE},
        )


def measure_ours(engine: Engine, user: accounts.UserRecord, samples: int) -> tuple[float, float]:
    make_due(engine, user.id)
    for _ in range(20):  # warm the pool and statement caches
        study.next_card(engine, POLICY, user, SCOPE, NOW)
    nexts = [timed(lambda: study.next_card(engine, POLICY, user, SCOPE, NOW)) for _ in range(samples)]
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
    return report("next card (due review)", nexts), report("answer submit", answers)


# Anki -----------------------------------------------------------------------------------------


def measure_anki(workdir: Path, revlog_rows: int, samples: int) -> tuple[float, float]:
    from anki.collection import AddNoteRequest, Collection  # test-only dependency, AGPL
    from anki.scheduler_pb2 import CardAnswer

    col = Collection(str(workdir / "bench.anki2"))
    try:
        deck_id = col.decks.id("Bench")
        assert deck_id is not None
        basic = col.models.by_name("Basic")
        requests = []
        for i in range(QUESTIONS):
            note = col.new_note(basic)
            note["Front"], note["Back"] = f"Which drug class is drug {i}?", "NSAID"
            requests.append(AddNoteRequest(note, deck_id))
        col.add_notes(requests)
        col.set_config("fsrs", True)
        config = col.decks.config_dict_for_deck_id(deck_id)
        config["rev"]["perDay"] = 9999
        col.decks.save(config)
        today = col.sched.today
        col.db.execute("update cards set type=2, queue=2, ivl=30, factor=2500, reps=5, due=?", today + 30)
        cids = col.db.list("select id from cards order by id")
        col.db.execute(f"update cards set due=? where id in ({','.join(map(str, cids[:DUE]))})", today - 1)
        base = int(time.time() * 1000) - revlog_rows * 1000
        rows = [
            (base + k * 1000, cids[k % len(cids)], -1, 3, 30, 20, 2500, 4000, 1) for k in range(revlog_rows)
        ]
        for start in range(0, len(rows), 100_000):
            col.db.executemany(
                "insert into revlog (id,cid,usn,ease,ivl,lastIvl,factor,time,type)"
                " values (?,?,?,?,?,?,?,?,?)",
                rows[start : start + 100_000],
            )
        col.decks.select(deck_id)

        def fresh_next() -> float:
            # Saving the deck options clears Anki's cached queues (selecting a deck does not).
            col.decks.save(config)
            return timed(lambda: col.sched.get_queued_cards(fetch_limit=1))

        for _ in range(10):
            fresh_next()
        nexts = [fresh_next() for _ in range(samples)]
        answers = []
        for _ in range(min(samples, DUE - 20)):
            queued = col.sched.get_queued_cards(fetch_limit=1).cards[0]
            answer = CardAnswer(
                card_id=queued.card.id,
                current_state=queued.states.current,
                new_state=queued.states.good,
                rating=CardAnswer.GOOD,
                answered_at_millis=int(time.time() * 1000),
                milliseconds_taken=3000,
            )
            answers.append(timed(lambda answer=answer: col.sched.answer_card(answer)))
        return report("Anki get_queued_cards (fresh)", nexts), report("Anki answer_card", answers)
    finally:
        col.close()


# Throughput under gunicorn --------------------------------------------------------------------

HELLO = "from flask import Flask\napp = Flask(__name__)\n\n@app.get('/')\ndef hello():\n    return 'hello'\n"
GUNICORN = ["--workers", "2", "--worker-class", "sync", "--log-level", "warning"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextmanager
def gunicorn(app_spec: str, chdir: Path, env: dict[str, str]) -> Iterator[str]:
    port = free_port()
    cmd = [
        sys.executable,
        "-m",
        "gunicorn",
        *GUNICORN,
        "--bind",
        f"127.0.0.1:{port}",
        "--chdir",
        str(chdir),
        "--pythonpath",
        str(ROOT),
        app_spec,
    ]
    proc = subprocess.Popen(cmd, env={**os.environ, **env})
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            with socket.socket() as sock:
                if sock.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.2)
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def wrk(url: str, cookie: str | None, seconds: int) -> float:
    cmd = ["wrk", "-t2", "-c8", f"-d{seconds}s", "-H", f"User-Agent: {USER_AGENT}", url]
    if cookie:
        cmd[1:1] = ["-H", f"Cookie: {cookie}"]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True, timeout=seconds + 30)
    if "Non-2xx" in out.stdout:
        raise RuntimeError(f"wrk saw error responses:\n{out.stdout}")
    match = re.search(r"Requests/sec:\s+([\d.]+)", out.stdout)
    assert match, out.stdout
    return float(match.group(1))


def login_cookie(app: Any, user: accounts.UserRecord) -> str:
    """The session cookie a browser holds after logging in and seeing a form (so Flask-Login's
    session protection and the CSRF token find what they expect and leave the session as is)."""
    environ = {"REMOTE_ADDR": "127.0.0.1", "HTTP_USER_AGENT": USER_AGENT}
    with app.test_request_context("/", environ_base=environ):
        from flask import session
        from flask_login import login_user
        from flask_wtf.csrf import generate_csrf

        from quizapp.blueprints.auth import LoginUser

        login_user(LoginUser(user))
        generate_csrf()
        data = dict(session)
    serializer = app.session_interface.get_signing_serializer(app)
    return "session=" + str(serializer.dumps(data))


def measure_throughput(url: str, user: accounts.UserRecord, workdir: Path, seconds: int) -> None:
    if shutil.which("wrk") is None:
        print("  wrk not found (apt-get install wrk): skipping the throughput comparison")
        return
    env = {
        "QUIZAPP_DATABASE_URL": url,
        "QUIZAPP_SECRET_KEY": "bench-secret",
        "QUIZAPP_INSTANCE_PATH": str(workdir / "instance"),
    }
    app = create_app(
        {"DATABASE_URL": url, "SECRET_KEY": "bench-secret", "INSTANCE_PATH": str(workdir / "instance")}
    )
    cookie = login_cookie(app, user)
    app.extensions["quizapp"].engine.dispose()
    (workdir / "hello.py").write_text(HELLO)
    with gunicorn("quizapp.app:create_app()", ROOT, env) as base:
        page = subprocess.run(
            ["curl", "-s", "-H", f"Cookie: {cookie}", f"{base}/study?bank={BANK}"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        if "Which drug class is drug" not in page:
            raise RuntimeError("the study page did not show a question:\n" + page[:2000])
        ours = wrk(f"{base}/study?bank={BANK}", cookie, seconds)
    with gunicorn("hello:app", workdir, {}) as base:
        bare = wrk(f"{base}/", None, seconds)
    print(f"  study page under gunicorn        {ours:8.0f} req/s")
    print(f"  bare Flask hello, same settings  {bare:8.0f} req/s")
    print(f"  study page / bare app            {ours / bare:8.2f}×   (goal ≥ 0.5×)")


# Main -----------------------------------------------------------------------------------------


@contextmanager
def database(url: str | None, workdir: Path) -> Iterator[str]:
    if url is None:
        yield f"sqlite:///{workdir / 'bench.db'}"
        return
    schema = f"bench_{uuid.uuid4().hex[:8]}"
    admin = make_engine(url)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        sep = "&" if "?" in url else "?"
        yield f"{url}{sep}options={quote(f'-csearch_path={schema}')}"
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


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
            upgrade(engine)
            bank = Bank(slug=BANK, title="Bench", description="", sections={}, concepts={}, entities={})
            banks.store(engine, bank, bench_questions(), now=NOW)
            filler = Filler(engine)
            user = make_measured_student(engine, filler)
            print(f"database: {engine.dialect.name}; measured student has {QUESTIONS} cards")
            ours_p99 = (0.0, 0.0)
            made = 0
            for rows in () if args.throughput_only else sizes.steps:
                students = rows // sizes.reviews_per_student - made
                fill = timed(lambda n=students, m=made: make_students(engine, filler, n, sizes, m))
                made += students
                analyze(engine)
                print(f"\n{rows:>9,} review rows ({made:,} students; filled in {fill:.0f} s)")
                ours_p99 = measure_ours(engine, user, sizes.samples)
            engine.dispose()
            if not args.throughput_only:
                compare_with_anki(workdir, sizes, ours_p99)
            print("\nthroughput (gunicorn 2 sync workers, wrk -t2 -c8 on loopback)")
            make_due(make_engine(url), user.id)
            measure_throughput(url, user, workdir, args.seconds)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    print(f"\ntotal {time.perf_counter() - started:.0f} s")


def compare_with_anki(workdir: Path, sizes: Sizes, ours_p99: tuple[float, float]) -> None:
    print(f"\nAnki collection: {QUESTIONS} cards, {sizes.steps[-1]:,} revlog rows, {DUE} due")
    anki_p99 = measure_anki(workdir, sizes.steps[-1], sizes.samples)
    print(
        f"\nour p99 / Anki p99: next card {ours_p99[0] / anki_p99[0]:.2f}×, "
        f"answer {ours_p99[1] / anki_p99[1]:.2f}×   (goal ≤ 2×)"
    )


if __name__ == "__main__":
    main()
