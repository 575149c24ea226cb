"""Browser fixtures: the app served from a thread on a free loopback port, driven by Chromium.

Playwright drives Debian's /usr/bin/chromium (never `playwright install`). Without it the tests
skip on a developer machine and fail under CI=true.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import Browser, Page, sync_playwright
from werkzeug.serving import make_server

from quizapp.app import create_app
from quizapp.services import banks
from tests.quizapp import factories
from tests.quizapp.database import PostgresDatabase, SqliteDatabase, test_database, unavailable

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


@dataclass
class LiveApp:
    url: str
    app: Flask
    clock: factories.FakeClock


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.is_file():
        unavailable(f"{CHROMIUM} is missing (apt-get install chromium)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="session")
def database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SqliteDatabase | PostgresDatabase]:
    with test_database(tmp_path_factory.mktemp("browser-db")) as db:
        yield db


@pytest.fixture
def live_app(database: SqliteDatabase | PostgresDatabase, tmp_path: Path) -> Iterator[LiveApp]:
    clock = factories.FakeClock()
    app = create_app(
        {
            "DATABASE_URL": database.fresh_url(tmp_path),
            "INSTANCE_PATH": str(tmp_path / "instance"),
            "SECRET_KEY": "browser-test",
            "CLOCK": clock,
            "SCHEDULER_FUZZ": False,
            "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
            "RATELIMIT_STORAGE_URI": "memory://",
        }
    )
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield LiveApp(f"http://127.0.0.1:{server.server_port}", app, clock)
    finally:
        server.shutdown()
        thread.join(timeout=5)
        app.extensions["quizapp"].engine.dispose()


@pytest.fixture
def study_bank(live_app: LiveApp) -> list[factories.Question]:
    """Two MCQs (answer: option A) and a flashcard, in that order."""
    questions = [
        factories.question(prompt="Which class is ibuprofen?", explanation="Ibuprofen is an NSAID."),
        factories.question(prompt="Which class is naproxen?", explanation="Naproxen is an NSAID."),
        factories.question(
            type="flashcard",
            choices=(),
            prompt="Usual ibuprofen dose?",
            answer="200–400 mg every 6–8 hours",
            explanation="",
        ),
    ]
    engine = live_app.app.extensions["quizapp"].engine
    banks.store(engine, factories.bank(), questions, now=live_app.clock())
    return questions


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 390, "height": 844})  # a phone
    opened = context.new_page()
    opened.set_default_timeout(10_000)
    yield opened
    context.close()
