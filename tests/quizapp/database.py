"""The database under test: SQLite files by default, PostgreSQL when TEST_DATABASE_URL is set.

SQLite: the schema is migrated once into a template file that each test copies.
PostgreSQL: one schema per test session is migrated once, and tables are truncated between
tests. An unreachable server skips on a developer machine and fails under CI=true.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from quizapp.store.engine import make_engine
from quizapp.store.migrate import upgrade
from quizapp.store.models import Base

TABLES = ", ".join(t.name for t in Base.metadata.sorted_tables)


def requested_url() -> str | None:
    return os.environ.get("TEST_DATABASE_URL") or None


def unavailable(reason: str) -> None:
    """Skip on a developer machine; fail in CI, where a missing service is a broken setup."""
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{reason} (CI=true: failing instead of skipping)", pytrace=False)
    pytest.skip(reason)


class SqliteDatabase:
    def __init__(self, root: Path) -> None:
        self.template = root / "template.db"
        engine = make_engine(f"sqlite:///{self.template}")
        upgrade(engine)
        engine.dispose()

    def fresh_url(self, directory: Path) -> str:
        target = directory / "test.db"
        shutil.copyfile(self.template, target)
        return f"sqlite:///{target}"

    def close(self) -> None:
        pass


class PostgresDatabase:
    def __init__(self, url: str) -> None:
        self.admin = make_engine(url, pool_size=1)
        try:
            with self.admin.connect() as conn:
                conn.execute(text("SELECT 1"))
        except OperationalError as error:
            self.admin.dispose()
            unavailable(f"PostgreSQL at TEST_DATABASE_URL is unreachable: {error.orig}")
        self.schema = f"quizapp_test_{uuid.uuid4().hex[:10]}"
        with self.admin.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{self.schema}"'))
        sep = "&" if "?" in url else "?"
        self.url = f"{url}{sep}options={quote(f'-csearch_path={self.schema}')}"
        engine = make_engine(self.url)
        upgrade(engine)
        self.engine = engine

    def fresh_url(self, directory: Path) -> str:
        with self.engine.begin() as conn:
            conn.execute(text(f"TRUNCATE {TABLES} RESTART IDENTITY CASCADE"))
        return self.url

    def close(self) -> None:
        self.engine.dispose()
        with self.admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{self.schema}" CASCADE'))
        self.admin.dispose()


@contextmanager
def test_database(root: Path) -> Iterator[SqliteDatabase | PostgresDatabase]:
    url = requested_url()
    database: SqliteDatabase | PostgresDatabase
    database = PostgresDatabase(url) if url else SqliteDatabase(root)
    try:
        yield database
    finally:
        database.close()
