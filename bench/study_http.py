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


def compare(ours: str, bare: str, cookie: str, seconds: int) -> tuple[float, float, list[float]]:
    """Median req/s of each app and the ratio of each round, over alternating rounds."""
    wrk(ours, cookie, 1)  # warm-up, untimed: imports, templates, pools, statement caches
    wrk(bare, None, 1)
    rounds = max(1, seconds // ROUND_SECONDS)
    ours_rates, bare_rates = [], []
    for _ in range(rounds):
        ours_rates.append(wrk(ours, cookie, seconds // rounds))
        bare_rates.append(wrk(bare, None, seconds // rounds))
    ratios = [o / b for o, b in zip(ours_rates, bare_rates, strict=True)]
    return statistics.median(ours_rates), statistics.median(bare_rates), ratios


def measure_throughput(url: str, user: accounts.UserRecord, workdir: Path, seconds: int) -> None:
    if shutil.which("wrk") is None:
        print("  wrk not found (apt-get install wrk): skipping the throughput comparison")
        return
    config = {"DATABASE_URL": url, "SECRET_KEY": "bench-secret", "INSTANCE_PATH": str(workdir / "instance")}
    env = {f"QUIZAPP_{key}": value for key, value in config.items()}
    app = create_app(config)
    cookie = login_cookie(app, user)
    app.extensions["quizapp"].engine.dispose()
    (workdir / "hello.py").write_text(HELLO)
    with gunicorn("quizapp.app:create_app()", ROOT, env) as ours, gunicorn("hello:app", workdir, {}) as bare:
        page = f"{ours}/study?bank={BANK}"
        check_page(page, cookie)
        ours_rate, bare_rate, ratios = compare(page, f"{bare}/", cookie, seconds)
    print(f"  study page under gunicorn        {ours_rate:8.0f} req/s")
    print(f"  bare Flask hello, same settings  {bare_rate:8.0f} req/s")
    print(f"  rounds, study / bare             {' '.join(f'{r:.2f}' for r in ratios)}")
    print(f"  study page / bare app            {statistics.median(ratios):8.2f}×   (goal ≥ 0.5×)")
