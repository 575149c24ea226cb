"""One simulated student for bench/load.py: registers, studies, sometimes undoes; keeps receipts.

A receipt is what the server acknowledged: an answer it redirected to its review, an undo it
confirmed. A request cut off by a dead server is retried as a browser's resubmit would be, so the
server's idempotency (one review per rendered question) is what keeps a retried answer single.
"""

from __future__ import annotations

import random
import re
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import requests

RETRY_FOR = 60.0  # seconds a request keeps retrying while the server is down or restarting
PASSWORD = "load-test-password"
_ROUTE_IDS = re.compile(r"/\d+")
_REVIEW = re.compile(r"/study(?:/result/(\d+)|\?.*\blast=(\d+))")


@dataclass
class Stats:
    """Latencies per route and status counts, shared by every student thread."""

    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    statuses: dict[int, int] = field(default_factory=lambda: defaultdict(int))
    retries: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, route: str, seconds: float, status: int) -> None:
        with self.lock:
            self.latencies[route].append(seconds)
            self.statuses[status] += 1

    def retried(self) -> None:
        with self.lock:
            self.retries += 1


@dataclass
class Receipts:
    # (card id, card version) -> review id: the database's one review per rendered question
    answers: dict[tuple[int, int], int] = field(default_factory=dict)
    undone: set[tuple[int, int]] = field(default_factory=set)
    unexpected: list[str] = field(default_factory=list)  # 5xx, unexpected 4xx, unparsable pages


class ServerError(Exception):
    pass


class Student:
    def __init__(self, base: str, email: str, bank: str, stats: Stats, seed: int) -> None:
        self.base, self.email, self.bank, self.stats = base, email, bank, stats
        self.http = requests.Session()
        self.receipts = Receipts()
        self.random = random.Random(seed)
        self.retries = 0

    def call(self, method: str, path: str, data: dict[str, Any] | None = None) -> requests.Response:
        """One request, retried on a refused or cut connection; any 5xx is recorded and raised."""
        route = f"{method} {_ROUTE_IDS.sub('/<id>', path.split('?')[0])}"
        deadline = time.monotonic() + RETRY_FOR
        while True:
            started = time.perf_counter()
            try:
                response = self.http.request(
                    method, self.base + path, data=data, allow_redirects=False, timeout=30
                )
            except (requests.ConnectionError, requests.exceptions.ChunkedEncodingError):
                # Refused, reset, or the reply cut off mid-body by the kill: resubmit, as a browser would.
                if time.monotonic() > deadline:
                    raise
                self.stats.retried()
                self.retries += 1
                time.sleep(0.1)
                continue
            self.stats.record(route, time.perf_counter() - started, response.status_code)
            if response.status_code >= 500:
                raise ServerError(f"{route}: {response.status_code}")
            return response

    def csrf(self, page: str) -> str:
        match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
        if match is None:
            raise ServerError("no CSRF token on the page")
        return match.group(1)

    def register(self) -> None:
        token = self.csrf(self.call("GET", "/auth/register").text)
        form = {"csrf_token": token, "email": self.email, "password": PASSWORD, "confirm": PASSWORD}
        before = self.retries
        response = self.call("POST", "/auth/register", form)
        if response.status_code != 302 and self.retries != before:
            # The server died after creating the account: a student would now log in.
            token = self.csrf(self.call("GET", "/auth/login").text)
            login = {"csrf_token": token, "email": self.email, "password": PASSWORD}
            response = self.call("POST", "/auth/login", login)
        self.expect(response, 302, "register")
        settings = self.call("GET", "/settings").text
        form = {"csrf_token": self.csrf(settings), "new_per_day": "9999", "reviews_per_day": "9999"}
        form["desired_retention"] = "0.9"
        self.expect(self.call("POST", "/settings", form), 302, "settings")
        start = {"csrf_token": self.csrf(settings), "bank": self.bank}
        self.expect(self.call("POST", "/study/start", start), 302, "start")

    def expect(self, response: requests.Response, status: int, what: str) -> None:
        if response.status_code != status:
            self.receipts.unexpected.append(f"{what}: {response.status_code}")
            raise ServerError(f"{what}: {response.status_code}")

    def study(self, stop: threading.Event) -> None:
        try:
            self.register()
            while not stop.is_set():
                self.step()
        except (ServerError, requests.RequestException) as error:
            self.receipts.unexpected.append(str(error))

    def step(self) -> None:
        page = self.call("GET", f"/study?bank={self.bank}").text
        if 'id="answer-form"' not in page:
            time.sleep(0.5)  # nothing due: the done page
            return
        form = self.answer_form(page)
        review_id = self.answer(form)
        if review_id is None:
            return
        shown = (int(form["card_id"]), int(form["version"]))
        roll = self.random.random()
        if roll < 0.05:
            self.undo(review_id, shown, form["csrf_token"])
        elif roll < 0.35:
            self.expect(self.call("GET", f"/study/result/{review_id}"), 200, "result")
        elif roll < 0.40:
            self.expect(self.call("GET", "/"), 200, "dashboard")

    def answer_form(self, page: str) -> dict[str, Any]:
        fields = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', page))
        if 'name="rating"' in page:  # self-graded
            fields["rating"] = str(self.random.choice([1, 3, 3, 3, 4]))
        else:
            options = len(re.findall(r'<input type="(?:radio|checkbox)" name="choice"', page))
            selects = page.count('<select name="choice"')
            if selects:
                fields["choice"] = [str(self.random.randrange(4)) for _ in range(selects)]
            else:
                fields["choice"] = [str(self.random.randrange(max(options, 1)))]
        return fields

    def answer(self, form: dict[str, Any]) -> int | None:
        response = self.call("POST", "/study/answer", form)
        self.expect(response, 302, "answer")
        match = _REVIEW.search(response.headers.get("Location", ""))
        if match is None:  # refused (flashed), e.g. an option out of range: nothing stored
            return None
        review_id = int(match.group(1) or match.group(2))
        self.receipts.answers[int(form["card_id"]), int(form["version"])] = review_id
        return review_id

    def undo(self, review_id: int, shown: tuple[int, int], token: str) -> None:
        before = self.retries
        response = self.call("POST", f"/study/result/{review_id}/undo", {"csrf_token": token})
        self.expect(response, 302, "undo")
        page = self.call("GET", response.headers["Location"]).text
        if "Answer undone." in page:
            self.receipts.undone.add(shown)
        elif self.retries != before:
            # The first attempt may have landed before the server died: ask the server, as a
            # student would by opening the answer again.
            if self.call("GET", f"/study/result/{review_id}").status_code == 404:
                self.receipts.undone.add(shown)
        else:
            self.receipts.unexpected.append(f"undo of {review_id} refused")
