"""Many students studying at once against gunicorn, with a kill -9 of the server mid-run.

Prints requests/s and p50/p99 per route next to a baseline (the same clients against a bare
Flask app under the same gunicorn settings), then checks the database against the receipts:
every acknowledged answer stored exactly once, nothing unacknowledged stored, today's counters
equal to the stored answers. Exits 1 on any mismatch, so .ci/run runs it on both databases.

    .venv/bin/python bench/load.py --students 64 --seconds 30 --kill
    .venv/bin/python bench/load.py --database-url postgresql+psycopg://postgres@127.0.0.1:5432/test \\
        --ratelimit-storage redis://127.0.0.1:6379 --kill
"""

from __future__ import annotations

import argparse
import os
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from load_student import Stats, Student
from scratch_db import database
from sqlalchemy import Engine, text
from study_http import free_port

from quizapp.store.engine import make_engine
from quizapp.store.migrate import upgrade

ROOT = Path(__file__).resolve().parent.parent
BANK = "lumbar-l1-l2"
HELLO = "from flask import Flask\napp = Flask(__name__)\n\n@app.get('/')\ndef hello():\n    return 'hello'\n"


class Server:
    """gunicorn in its own process group, so kill -9 takes the master and every worker at once."""

    def __init__(self, app_spec: str, chdir: Path, env: dict[str, str], workers: int) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.cmd = [sys.executable, "-m", "gunicorn", "--workers", str(workers), "--log-level", "warning"]
        self.cmd += ["--bind", f"127.0.0.1:{self.port}", "--chdir", str(chdir), app_spec]
        self.env = {**os.environ, **env}
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        self.proc = subprocess.Popen(self.cmd, env=self.env, start_new_session=True)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and self.proc.poll() is None:
            with socket.socket() as sock:
                if sock.connect_ex(("127.0.0.1", self.port)) == 0:
                    return
            time.sleep(0.1)
        raise RuntimeError(f"gunicorn did not start: {' '.join(self.cmd)}")

    def kill9(self) -> None:
        assert self.proc is not None
        os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait()

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            self.proc.wait(timeout=30)


def run_students(
    base: str, students: int, seconds: float, kill_at: float | None, server: Server
) -> list[Student]:
    stats = Stats()
    crowd = [Student(base, f"student{i}@load.test", BANK, stats, seed=i) for i in range(students)]
    stop = threading.Event()
    threads = [threading.Thread(target=s.study, args=(stop,)) for s in crowd]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    if kill_at is not None:
        time.sleep(kill_at)
        server.kill9()
        print(f"  kill -9 of gunicorn (master and workers) at {time.monotonic() - started:.1f} s")
        server.start()
        print(f"  restarted; serving again at {time.monotonic() - started:.1f} s")
    time.sleep(max(0.0, seconds - (time.monotonic() - started)))
    stop.set()
    for thread in threads:
        thread.join(timeout=120)
    report(stats, time.monotonic() - started)
    return crowd


def report(stats: Stats, elapsed: float) -> None:
    total = sum(len(found) for found in stats.latencies.values())
    print(
        f"  {total} requests in {elapsed:.1f} s: {total / elapsed:.0f} req/s; statuses {dict(stats.statuses)}"
    )
    print(f"  requests retried on a refused or cut connection: {stats.retries}")
    for route, found in sorted(stats.latencies.items()):
        ordered = sorted(found)
        p50 = statistics.median(ordered) * 1000
        p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000
        print(f"    {route:34} {len(found):6} req   p50 {p50:7.1f} ms   p99 {p99:7.1f} ms")


def baseline(workdir: Path, students: int, workers: int, seconds: float) -> None:
    """The same client threads and gunicorn settings against a bare Flask hello page."""
    (workdir / "hello.py").write_text(HELLO)
    server = Server("hello:app", workdir, {}, workers)
    server.start()
    stats = Stats()
    stop = threading.Event()

    def hammer() -> None:
        client = Student(server.url, "", "", stats, seed=0)
        while not stop.is_set():
            client.call("GET", "/")

    threads = [threading.Thread(target=hammer) for _ in range(students)]
    started = time.monotonic()
    try:
        for thread in threads:
            thread.start()
        time.sleep(seconds)
        stop.set()
        for thread in threads:
            thread.join(timeout=30)
    finally:
        server.stop()
    report(stats, time.monotonic() - started)


def check(engine: Engine, crowd: list[Student]) -> list[str]:
    """What the database holds against what the server acknowledged; returns the mismatches."""
    problems = [f"{s.email}: {u}" for s in crowd for u in s.receipts.unexpected]
    with engine.connect() as conn:
        rows = conn.execute(text(STORED)).all()
        doubled = conn.execute(text(DOUBLED)).all()
        counters = conn.execute(text(COUNTERS)).all()
    stored = {(row.card_id, row.card_version): (row.email, row.id) for row in rows}
    acknowledged = {
        shown: (s.email, review_id)
        for s in crowd
        for shown, review_id in s.receipts.answers.items()
        if shown not in s.receipts.undone
    }
    lost = sorted(set(acknowledged) - set(stored))
    extra = sorted(set(stored) - set(acknowledged))
    wrong = [i for i in set(acknowledged) & set(stored) if acknowledged[i] != stored[i]]
    problems += [f"acknowledged but not stored: card/version {i}" for i in lost]
    problems += [f"stored but never acknowledged: card/version {i}" for i in extra]
    problems += [f"stored differently from its receipt: card/version {i}" for i in wrong]
    problems += [f"card {row.card_id} version {row.card_version} answered twice" for row in doubled]
    problems += [
        f"{row.email}: counters {row.new_done}/{row.reviews_done}, log {row.new}/{row.review}"
        for row in counters
        if (row.new_done, row.reviews_done) != (row.new, row.review)
    ]
    undone = sum(len(s.receipts.undone) for s in crowd)
    answered = sum(len(s.receipts.answers) for s in crowd)
    idle = [s.email for s in crowd if not s.receipts.answers]
    if idle:  # a check over nothing proves nothing
        problems.append(f"{len(idle)} of {len(crowd)} students had no answer acknowledged")
    print(
        f"  answers acknowledged {answered}, undos acknowledged {undone}: "
        f"{len(acknowledged)} expected, {len(stored)} stored"
    )
    print(f"  counters checked for {len(counters)} students")
    return problems


STORED = "SELECT r.id, u.email, r.card_id, r.card_version FROM review_log r JOIN users u ON u.id = r.user_id"
DOUBLED = "SELECT card_id, card_version FROM review_log GROUP BY card_id, card_version HAVING count(*) > 1"
# Today's counters against the log since the day they count from (state 0 new, 2 review).
COUNTERS = """
SELECT u.email, u.new_done, u.reviews_done,
       count(CASE WHEN r.state_before = 0 THEN 1 END) AS new,
       count(CASE WHEN r.state_before = 2 THEN 1 END) AS review
FROM users u LEFT JOIN review_log r ON r.user_id = u.id AND r.reviewed_at >= u.counted_day
GROUP BY u.id, u.email, u.new_done, u.reviews_done
"""


def load_bank(env: dict[str, str]) -> None:
    quizapp = str(Path(sys.executable).with_name("quizapp"))
    subprocess.run(
        [quizapp, "bank", "load", BANK], env={**os.environ, **env}, check=True, stdout=subprocess.DEVNULL
    )


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--students", type=int, default=64)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--kill", action="store_true", help="kill -9 the server halfway and restart it")
    parser.add_argument("--database-url", help="PostgreSQL server to use (a fresh schema); default SQLite")
    parser.add_argument("--ratelimit-storage", default="memory://", help="e.g. redis://127.0.0.1:6379")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, database(args.database_url, Path(tmp)) as url:
        workdir = Path(tmp)
        print(
            f"load: {args.students} students, {args.seconds:.0f} s, gunicorn --workers {args.workers}, "
            f"{url.split(':')[0]}, throttle store {args.ratelimit_storage}"
        )
        print("baseline: the same clients against a bare Flask app")
        baseline(workdir, args.students, args.workers, min(5.0, args.seconds))
        env = {
            "QUIZAPP_DATABASE_URL": url,
            "QUIZAPP_SECRET_KEY": secrets.token_hex(32),
            "QUIZAPP_INSTANCE_PATH": str(workdir / "instance"),
            "QUIZAPP_RATELIMIT_STORAGE_URI": args.ratelimit_storage,
            "QUIZAPP_SESSION_COOKIE_SECURE": "0",  # plain HTTP on loopback; production has TLS in front
        }
        engine = make_engine(url)
        upgrade(engine)
        load_bank(env)
        server = Server("quizapp.app:create_app()", ROOT, env, args.workers)
        server.start()
        print("study app:")
        try:
            crowd = run_students(
                server.url, args.students, args.seconds, args.seconds / 2 if args.kill else None, server
            )
        finally:
            server.stop()
        problems = check(engine, crowd)
        engine.dispose()
    for problem in problems[:50]:
        print(f"  MISMATCH {problem}")
    print(
        "  OK: acknowledged == stored, none twice, counters consistent"
        if not problems
        else f"  FAILED: {len(problems)} problems"
    )
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
