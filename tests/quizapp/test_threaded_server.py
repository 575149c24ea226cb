"""The study page under a threaded server (what `quizapp serve` runs): open files stay flat.

Werkzeug's threaded server handles every request on a new thread, so anything kept per thread
(a connection, a file) would pile up with the number of requests, not of concurrent clients.
"""

from __future__ import annotations

import http.client
import os
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from http.cookies import SimpleCookie
from urllib.parse import urlencode

import pytest
from sqlalchemy import event
from werkzeug.serving import BaseWSGIServer, make_server

from tests.quizapp.conftest import CSRF, PASSWORD

FD_DIR = "/proc/self/fd"
CLIENTS = 16
WARM_UP = 400
REQUESTS = 3000
SLACK = 8  # descriptors that may come and go (an overflow connection, a socket being closed)

pytestmark = pytest.mark.skipif(not os.path.isdir(FD_DIR), reason="needs /proc/self/fd (Linux)")


@pytest.fixture
def server(app) -> Iterator[BaseWSGIServer]:
    found = make_server("127.0.0.1", 0, app, threaded=True)
    serving = threading.Thread(target=found.serve_forever, daemon=True)
    serving.start()
    yield found
    found.shutdown()
    serving.join(timeout=10)
    found.server_close()


def _request(server: BaseWSGIServer, method: str, path: str, **kwargs: object) -> http.client.HTTPResponse:
    conn = http.client.HTTPConnection("127.0.0.1", server.server_port, timeout=30)
    try:
        conn.request(method, path, **kwargs)  # type: ignore[arg-type]
        response = conn.getresponse()
        response.read()
        return response
    finally:
        conn.close()


def _session(response: http.client.HTTPResponse) -> str:
    cookie = SimpleCookie(response.headers["Set-Cookie"])
    return f"session={cookie['session'].value}"


def _signed_in(server: BaseWSGIServer, email: str) -> str:
    """Log in through the real form over HTTP; the session cookie it hands back."""
    conn = http.client.HTTPConnection("127.0.0.1", server.server_port, timeout=30)
    try:
        conn.request("GET", "/auth/login")
        page = conn.getresponse()
        match = CSRF.search(page.read().decode())
        assert match
        form = urlencode({"csrf_token": match.group(1), "email": email, "password": PASSWORD})
        headers = {"Cookie": _session(page), "Content-Type": "application/x-www-form-urlencoded"}
        conn.request("POST", "/auth/login", body=form, headers=headers)
        done = conn.getresponse()
        done.read()
        assert done.status == 302, done.status
        return _session(done)
    finally:
        conn.close()


def _open_files() -> int:
    return len(os.listdir(FD_DIR))


def _study(server: BaseWSGIServer, cookie: str, count: int) -> None:
    def one(_: int) -> int:
        return _request(server, "GET", "/study", headers={"Cookie": cookie}).status

    with ThreadPoolExecutor(CLIENTS) as clients:
        statuses = set(clients.map(one, range(count)))
    assert statuses == {200}


def test_open_files_stay_flat_under_thousands_of_threaded_requests(server, student) -> None:
    cookie = _signed_in(server, student.email)
    page = _request(server, "GET", "/study", headers={"Cookie": cookie})
    assert page.status == 200 and "Set-Cookie" not in page.headers  # the question, same session
    _study(server, cookie, WARM_UP)  # the pool fills up to what concurrent requests need
    after_warm_up = _open_files()
    _study(server, cookie, REQUESTS)
    assert _open_files() <= after_warm_up + SLACK, (after_warm_up, _open_files())


def test_study_page_takes_one_connection_and_gives_it_back(client, auth, engine, student) -> None:
    auth.login(student.email)
    taken: list[object] = []
    returned: list[object] = []
    event.listen(engine, "checkout", lambda conn, _record, _proxy: taken.append(conn))
    event.listen(engine, "checkin", lambda conn, _record: returned.append(conn))
    page = client.get("/study")
    assert page.status_code == 200 and 'data-page="question"' in page.get_data(as_text=True)
    # The signed-in user's load and the next card share the request's read connection.
    assert len(taken) == 1 and returned == taken
