"""Two gunicorn servers on different ports, sharing the test database and Redis, as two hosts
behind a balancer: one student's session, answers, login throttle and logout hold whichever
server answers each request."""

from __future__ import annotations

import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

from tests.quizapp.conftest import PASSWORD
from tests.quizapp.database import unavailable
from tests.quizapp.test_throttle import _redis_up

ROOT = Path(__file__).resolve().parents[2]
CSRF = re.compile(r'name="csrf-token" content="([^"]+)"')


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def serve(env: dict[str, str]) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    cmd = [sys.executable, "-m", "gunicorn", "--workers", "2", "--bind", f"127.0.0.1:{port}"]
    proc = subprocess.Popen(
        [*cmd, "--chdir", str(ROOT), "quizapp.app:create_app()"],
        env={**os.environ, **env},
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            requests.get(f"http://127.0.0.1:{port}/auth/login", timeout=5)
            return proc, f"http://127.0.0.1:{port}"
        except requests.ConnectionError:
            time.sleep(0.2)
    os.killpg(proc.pid, signal.SIGKILL)
    raise AssertionError(f"gunicorn did not start on port {port}")


@pytest.fixture
def hosts(app_config: dict[str, Any], tmp_path: Path) -> Iterator[tuple[str, str]]:
    if not _redis_up():
        unavailable("Redis at 127.0.0.1:6379 is not running")
    shared = {
        "QUIZAPP_DATABASE_URL": app_config["DATABASE_URL"],
        "QUIZAPP_SECRET_KEY": secrets.token_hex(32),
        "QUIZAPP_RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379",
        "QUIZAPP_TRUSTED_PROXIES": "1",  # the balancer in front sets X-Forwarded-For
        "QUIZAPP_SESSION_COOKIE_SECURE": "0",  # plain HTTP here; the balancer would speak TLS
    }
    started = [serve({**shared, "QUIZAPP_INSTANCE_PATH": str(tmp_path / f"host{i}")}) for i in (1, 2)]
    try:
        yield started[0][1], started[1][1]
    finally:
        for proc, _ in started:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=30)


class Browser:
    """One cookie jar sent to both servers (cookies ignore the port), like one site name."""

    def __init__(self, address: str) -> None:
        self.http = requests.Session()
        self.http.headers["X-Forwarded-For"] = address

    def get(self, host: str, path: str) -> requests.Response:
        return self.http.get(host + path, allow_redirects=False, timeout=30)

    def post(self, host: str, path: str, data: dict[str, Any] | None = None) -> requests.Response:
        match = CSRF.search(self.http.get(f"{host}/auth/login", timeout=30).text)
        assert match, "no CSRF token on the login page"
        form = {"csrf_token": match.group(1), **(data or {})}
        return self.http.post(host + path, data=form, allow_redirects=False, timeout=30)


def test_session_answers_throttle_and_logout_hold_across_two_servers(hosts, make_user, make_bank) -> None:
    first, second = hosts
    make_bank()
    user = make_user(f"{uuid.uuid4().hex[:12]}@example.org")  # fresh keys in the shared Redis
    address = f"198.18.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}"
    browser = Browser(address)
    login = {"email": user.email, "password": PASSWORD}
    assert browser.post(first, "/auth/login", login).status_code == 302
    assert browser.get(second, "/settings").status_code == 200  # signed in on the other server

    assert browser.post(second, "/study/start", {"bank": "test-bank"}).status_code == 302
    page = browser.get(first, "/study?bank=test-bank").text
    fields = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', page))
    answered = browser.post(second, "/study/answer", {**fields, "choice": "1"})
    result = re.search(r"/study/result/\d+", answered.headers["Location"])
    assert result and browser.get(first, result.group(0)).status_code == 200  # stored, seen there

    guesser = Browser(address)
    wrong = {"email": user.email, "password": "wrong password"}
    codes = [guesser.post((first, second)[i % 2], "/auth/login", wrong).status_code for i in range(10)]
    assert codes == [401] * 10
    assert guesser.post(first, "/auth/login", login).status_code == 429  # 10 per minute in all
    assert guesser.post(second, "/auth/login", login).status_code == 429

    captured = dict(browser.http.cookies)
    assert browser.post(first, "/auth/logout").status_code == 302
    assert browser.get(second, "/settings").status_code == 302  # signed out there too
    replay = requests.get(f"{second}/settings", cookies=captured, allow_redirects=False, timeout=30)
    assert replay.status_code == 302  # and the cookie captured before logout is dead
