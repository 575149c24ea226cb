"""The study page under gunicorn against a bare Flask "hello" app, both driven by wrk."""

from __future__ import annotations

import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from study_fill import BANK

from quizapp.app import create_app
from quizapp.services import accounts

ROOT = Path(__file__).resolve().parent.parent
USER_AGENT = "quizapp-bench"
HELLO = "from flask import Flask\napp = Flask(__name__)\n\n@app.get('/')\ndef hello():\n    return 'hello'\n"
# Both apps get exactly these settings, and both run on this same Python.
GUNICORN = ["--workers", "2", "--worker-class", "sync", "--log-level", "warning"]
WRK = ["-t2", "-c8"]
ROUND_SECONDS = 2  # the apps take turns in rounds this long, so a burst of background load hits both


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextmanager
def gunicorn(app_spec: str, chdir: Path, env: dict[str, str]) -> Iterator[str]:
    port = free_port()
    cmd = [sys.executable, "-m", "gunicorn", *GUNICORN, "--bind", f"127.0.0.1:{port}"]
    cmd += ["--chdir", str(chdir), "--pythonpath", str(ROOT), app_spec]
    proc = subprocess.Popen(cmd, env={**os.environ, **env})
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and proc.poll() is None:
            with socket.socket() as sock:
                if sock.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.2)
        else:
            raise RuntimeError(f"gunicorn did not start: {app_spec}")
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def wrk(url: str, cookie: str | None, seconds: int) -> float:
    cmd = ["wrk", *WRK, f"-d{seconds}s", "-H", f"User-Agent: {USER_AGENT}", url]
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


def check_page(url: str, cookie: str) -> None:
    """The page wrk will hammer shows a question and does not re-issue the session cookie."""
    out = subprocess.run(
        ["curl", "-s", "-i", "-A", USER_AGENT, "-H", f"Cookie: {cookie}", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    if "Which drug class is drug" not in out:
        raise RuntimeError("the study page did not show a question:\n" + out[:2000])
    if "set-cookie" in out.lower():
        raise RuntimeError("the study page rewrote the session cookie:\n" + out[:2000])


def compare(apps: dict[str, tuple[str, str | None]], seconds: int) -> dict[str, list[float]]:
    """Each app's req/s in every round, the apps taking turns (name -> (url, cookie))."""
    for url, cookie in apps.values():  # warm-up, untimed: imports, templates, pools, statement caches
        wrk(url, cookie, 1)
    rounds = max(1, seconds // ROUND_SECONDS)
    rates: dict[str, list[float]] = {name: [] for name in apps}
    for _ in range(rounds):
        for name, (url, cookie) in apps.items():
            rates[name].append(wrk(url, cookie, seconds // rounds))
    return rates


def measure_throughput(url: str, user: accounts.UserRecord, workdir: Path, seconds: int) -> None:
    """The study page, the same page with quizapp.fast_paths off, and a bare Flask app."""
    if shutil.which("wrk") is None:
        print("  wrk not found (apt-get install wrk): skipping the throughput comparison")
        return
    config = {"DATABASE_URL": url, "SECRET_KEY": "bench-secret", "INSTANCE_PATH": str(workdir / "instance")}
    env = {f"QUIZAPP_{key}": value for key, value in config.items()}
    app = create_app(config)
    cookie = login_cookie(app, user)
    app.extensions["quizapp"].engine.dispose()
    (workdir / "hello.py").write_text(HELLO)
    factory = "quizapp:create_app()"
    with (
        gunicorn(factory, ROOT, env) as ours,
        gunicorn(factory, ROOT, {**env, "QUIZAPP_FAST_PATHS": "0"}) as plain,
        gunicorn("hello:app", workdir, {}) as bare,
    ):
        page = f"/study?bank={BANK}"
        check_page(ours + page, cookie)
        check_page(plain + page, cookie)
        apps = {"ours": (ours + page, cookie), "plain": (plain + page, cookie), "bare": (bare, None)}
        rates = compare(apps, seconds)
    bare_rates = rates["bare"]
    ratios = {n: [o / b for o, b in zip(rates[n], bare_rates, strict=True)] for n in ("ours", "plain")}
    median = {name: statistics.median(found) for name, found in rates.items()}
    print(f"  study page under gunicorn        {median['ours']:8.0f} req/s")
    print(f"  the same, FAST_PATHS off         {median['plain']:8.0f} req/s")
    print(f"  bare Flask hello, same settings  {median['bare']:8.0f} req/s")
    print(f"  rounds, study / bare             {' '.join(f'{r:.2f}' for r in ratios['ours'])}")
    print(f"  rounds, FAST_PATHS off / bare    {' '.join(f'{r:.2f}' for r in ratios['plain'])}")
    print(f"  FAST_PATHS off / bare            {statistics.median(ratios['plain']):8.2f}×")
    print(f"  study page / bare app            {statistics.median(ratios['ours']):8.2f}×   (goal ≥ 0.45×)")
