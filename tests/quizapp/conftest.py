"""Fixtures: a fresh database per test, app, client, runner, auth helper and factories."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import Engine

from question_bank import Question
from quizapp.app import create_app
from quizapp.services import accounts, banks, study
from quizapp.services.study import StudyPolicy
from quizapp.store.cards import Scope
from quizapp.store.users import UserRecord
from tests.quizapp import factories
from tests.quizapp.database import PostgresDatabase, SqliteDatabase, test_database

PASSWORD = "correct horse"
FAST_HASH = "pbkdf2:sha256:1000"  # scrypt is deliberately slow; tests need not be


@pytest.fixture(scope="session")
def database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SqliteDatabase | PostgresDatabase]:
    with test_database(tmp_path_factory.mktemp("db")) as db:
        yield db


@pytest.fixture
def clock() -> factories.FakeClock:
    return factories.FakeClock()


@pytest.fixture
def app_config(
    database: SqliteDatabase | PostgresDatabase, tmp_path: Path, clock: factories.FakeClock
) -> dict[str, Any]:
    return {
        "TESTING": True,
        "DATABASE_URL": database.fresh_url(tmp_path),
        "INSTANCE_PATH": str(tmp_path / "instance"),
        "SECRET_KEY": "test-secret",
        "CLOCK": clock,
        "SCHEDULER_FUZZ": False,
        "PASSWORD_HASH_METHOD": FAST_HASH,
        "RATELIMIT_STORAGE_URI": "memory://",
    }


@pytest.fixture
def app(app_config: dict[str, Any]) -> Iterator[Flask]:
    app = create_app(app_config)
    yield app
    app.extensions["quizapp"].engine.dispose()


@pytest.fixture
def engine(app: Flask) -> Engine:
    found: Engine = app.extensions["quizapp"].engine
    return found


@pytest.fixture
def policy() -> StudyPolicy:
    return StudyPolicy(fuzz=False)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> FlaskCliRunner:
    return app.test_cli_runner()


@pytest.fixture
def make_user(engine: Engine, clock: factories.FakeClock) -> Callable[..., UserRecord]:
    counter = iter(range(1, 10_000))

    def make(email: str | None = None, role: str = "student", password: str = PASSWORD) -> UserRecord:
        email = email or f"student{next(counter)}@example.org"
        return accounts.register(engine, email, password, now=clock(), role=role, hash_method=FAST_HASH)

    return make


@pytest.fixture
def make_bank(engine: Engine, clock: factories.FakeClock) -> Callable[..., list[Question]]:
    def make(questions: list[Question] | None = None, slug: str = "test-bank") -> list[Question]:
        questions = questions if questions is not None else [factories.question(bank=slug) for _ in range(3)]
        banks.store(engine, factories.bank(slug), questions, now=clock())
        return questions

    return make


@pytest.fixture
def student(
    engine: Engine, make_user: Callable[..., UserRecord], make_bank: Callable[..., list[Question]]
) -> UserRecord:
    """A student with a new card for every question of the default test bank."""
    make_bank()
    user = make_user()
    study.start(engine, user, Scope())
    return user


CSRF = re.compile(r'name="csrf-token" content="([^"]+)"')


class AuthActions:
    """Log in and out through the real forms, CSRF token included."""

    def __init__(self, client: FlaskClient) -> None:
        self.client = client

    def csrf(self) -> str:
        page = self.client.get("/auth/login").get_data(as_text=True)
        match = CSRF.search(page)
        assert match, "no CSRF token in the page"
        return match.group(1)

    def post(self, url: str, data: dict[str, Any] | None = None, **kwargs: Any) -> Any:
        return self.client.post(url, data={"csrf_token": self.csrf(), **(data or {})}, **kwargs)

    def register(self, email: str = "new@example.org", password: str = PASSWORD) -> Any:
        return self.post("/auth/register", {"email": email, "password": password, "confirm": password})

    def login(self, email: str, password: str = PASSWORD) -> Any:
        return self.post("/auth/login", {"email": email, "password": password})

    def logout(self) -> Any:
        return self.post("/auth/logout")


@pytest.fixture
def auth(client: FlaskClient) -> AuthActions:
    return AuthActions(client)
