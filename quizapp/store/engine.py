"""Engine creation for SQLite (default) and PostgreSQL, and the column types both share."""

from __future__ import annotations

import os
from contextlib import AbstractContextManager, nullcontext
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, DateTime, Engine, Table, create_engine, event, make_url
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC datetimes on every backend.

    SQLite has no time zones, so values are stored as naive UTC and given UTC back on read;
    PostgreSQL stores timestamptz. Either way the app only ever sees `tzinfo=UTC`.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    # WAL lets readers proceed while one writer commits; busy_timeout waits instead of failing.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    # 32 MB of page cache (default 2 MB) keeps the hot index pages of a large review log in
    # memory, so inserting an answer does not slow down as the log grows.
    cursor.execute("PRAGMA cache_size=-32000")
    cursor.close()


def _create_private(database: str | None) -> None:
    """Create a new SQLite file readable by its owner only: it holds password hashes and every
    student's answers. (SQLite would create it with the process umask, usually 0644.)"""
    if not database or database == ":memory:" or database.startswith("file:") or os.path.exists(database):
        return
    os.close(os.open(database, os.O_CREAT | os.O_WRONLY, 0o600))


def make_engine(url: str, **options: Any) -> Engine:
    """An engine for `url`; PostgreSQL URLs are pointed at psycopg 3."""
    if url.startswith(("postgres://", "postgresql://")):
        url = "postgresql+psycopg://" + url.split("://", 1)[1]
    if url.startswith("sqlite"):
        _create_private(make_url(url).database)
        engine = create_engine(url, connect_args={"timeout": 5}, **options)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    # No pre-ping: it costs a round trip on every checkout. Recycling connections well before
    # server or proxy idle timeouts covers the usual cause of dead pooled connections.
    options.setdefault("pool_recycle", 1800)
    return create_engine(url, **options)


Bind = Engine | Connection  # what read-only services take: an engine, or a connection to borrow


def read_connection(engine: Engine) -> Connection:
    """A new connection for read-only use; the caller closes it.

    On PostgreSQL, autocommit: no BEGIN and ROLLBACK around the queries, which are two of the
    three round trips of a one-query read; each statement still sees a consistent snapshot.
    SQLite has no round trips, and switching its isolation level costs more than it saves.
    """
    conn = engine.connect()
    if engine.dialect.name == "postgresql":
        conn = conn.execution_options(isolation_level="AUTOCOMMIT")
    return conn


def reading(bind: Bind) -> AbstractContextManager[Connection]:
    """A read-only connection for a `with` block: `bind` itself if it is a connection (its
    owner closes it), else a new one from the engine, closed at the end of the block."""
    if isinstance(bind, Connection):
        return nullcontext(bind)
    return read_connection(bind)


def dialect_insert(conn: Connection, table: Table) -> Any:
    """An INSERT that supports ON CONFLICT on both backends (SQLite and PostgreSQL share it)."""
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    return dialect.insert(table)
