"""Prebuilt selects run straight on a DB-API cursor, for the query on every study page.

Under load, SQLAlchemy's Connection and execution context cost about twice the study page's
query itself on SQLite (~0.15 ms of a request). A DriverSelect keeps the statement in Core,
the one source of truth for its SQL, compiles it once per dialect, and converts values with
the column types' own bind and result processors, so rows come back exactly as
Connection.execute would give them.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from weakref import WeakKeyDictionary

from sqlalchemy import Engine, Select, event
from sqlalchemy.engine import Dialect
from sqlalchemy.pool import PoolProxiedConnection, QueuePool

Processor = Callable[[Any], Any]


class _Readers(threading.local):
    connection: PoolProxiedConnection | None = None


@dataclass
class _SqliteReaders:
    this_thread: _Readers
    opened: list[PoolProxiedConnection]  # every thread's, to close when the engine is disposed


_sqlite_readers: WeakKeyDictionary[Engine, _SqliteReaders] = WeakKeyDictionary()
_opening = threading.Lock()


def _sqlite_reader(engine: Engine) -> PoolProxiedConnection:
    """This thread's SQLite connection for DriverSelect, kept open between requests.

    Checking a connection out of the pool and back in cost as much as a quarter of the
    study page's query. A SQLite connection is a local file handle, so each thread keeps
    one, made by the engine (same arguments and PRAGMAs) and detached from its pool; reads
    run outside any transaction, so each sees the latest commit. Disposing of the engine
    closes them all (like the pool's, they are for the life of the engine).
    """
    readers = _sqlite_readers.get(engine)
    if readers is None or readers.this_thread.connection is None:
        with _opening:
            if engine not in _sqlite_readers:
                _sqlite_readers[engine] = _SqliteReaders(_Readers(), [])
                event.listen(engine, "engine_disposed", _close_readers)
            readers = _sqlite_readers[engine]
            connection = engine.raw_connection()
            connection.detach()
            readers.this_thread.connection = connection
            readers.opened.append(connection)
    connection = readers.this_thread.connection
    assert connection is not None
    return connection


def _close_readers(engine: Engine) -> None:
    readers = _sqlite_readers.pop(engine, None)
    for connection in readers.opened if readers else ():
        connection.close()


@dataclass
class _Compiled:
    sql: str
    # The parameters as the driver takes them (a list for ?-style SQL, else a dict), with the
    # values written in the statement (queue numbers, the LIMIT) already in their places.
    template: list[Any] | dict[str, Any]
    # Each caller-given value: its key, its type, the type's bind processor, and its places.
    given: list[tuple[str, type, Processor | None, list[Any]]]
    results: list[tuple[int, Processor]] | None = None  # from the first cursor description

    def parameters(self, params: Mapping[str, Any]) -> list[Any] | dict[str, Any]:
        values = self.template.copy()
        processed: dict[tuple[int, type], Any] = {}  # one value under two keys (now, ahead): once
        for key, kind, process, places in self.given:
            value = params[key]
            if process:
                if (id(value), kind) not in processed:
                    processed[id(value), kind] = process(value)
                value = processed[id(value), kind]
            for place in places:
                values[place] = value
        return values


class DriverSelect:
    """A Core select compiled once per dialect and run on a DB-API connection: this thread's
    kept one for a SQLite file, a pooled one otherwise.

    Columns from `raw_from` on come back as the driver gives them, for a caller that keeps
    what it builds from them; `decode` converts them when it has to.
    """

    def __init__(self, stmt: Select[Any], *, raw_from: int | None = None) -> None:
        self.stmt = stmt
        self.raw_from = len(stmt.selected_columns) if raw_from is None else raw_from
        self._compiled: dict[str, _Compiled] = {}

    def first(self, engine: Engine, params: Mapping[str, Any]) -> list[Any] | None:
        """The first row for `params`, read outside any transaction (like store.engine.reading)."""
        dialect = engine.dialect
        compiled = self._compiled.get(dialect.name) or self._compile(dialect)
        if dialect.name == "sqlite" and isinstance(engine.pool, QueuePool):  # a file, not :memory:
            found = self._fetch(_sqlite_reader(engine), dialect, compiled, params)
        else:
            raw = engine.raw_connection()
            driver = raw.dbapi_connection
            assert driver is not None
            try:
                # Autocommit on PostgreSQL: no BEGIN and ROLLBACK round trips around one read.
                dialect.set_isolation_level(driver, "AUTOCOMMIT")
                try:
                    found = self._fetch(raw, dialect, compiled, params)
                finally:
                    dialect.reset_isolation_level(driver)
            finally:
                raw.close()  # back to the pool
        if found is None:
            return None
        row = list(found)
        for index, process in compiled.results or ():
            if index < self.raw_from:
                row[index] = process(row[index])
        return row

    def decode(self, dialect: Dialect, raw: Sequence[Any]) -> list[Any]:
        """The columns from `raw_from` on, converted as `first` converts the others."""
        values = list(raw)
        for index, process in self._compiled[dialect.name].results or ():
            if index >= self.raw_from:
                values[index - self.raw_from] = process(values[index - self.raw_from])
        return values

    def _fetch(
        self,
        connection: PoolProxiedConnection,
        dialect: Dialect,
        compiled: _Compiled,
        params: Mapping[str, Any],
    ) -> Any:
        cursor = connection.cursor()
        try:
            cursor.execute(compiled.sql, compiled.parameters(params))
            found = cursor.fetchone()
            if compiled.results is None:
                compiled.results = self._result_processors(dialect, cursor.description)
            return found
        finally:
            cursor.close()

    def _compile(self, dialect: Dialect) -> _Compiled:
        compiled = self.stmt.compile(dialect=dialect)
        order = list(compiled.positiontup or ())
        template: Any = [None] * len(order) if dialect.positional else {}
        processors: dict[str, tuple[type, Processor | None]] = {}
        places: dict[str, set[Any]] = {}  # caller's key -> places in the parameters
        for bind, name in compiled.bind_names.items():
            where = {i for i, n in enumerate(order) if n == name} if dialect.positional else {name}
            process = bind.type.dialect_impl(dialect).bind_processor(dialect)
            if bind.required:
                processors[bind.key] = type(bind.type), process
                places.setdefault(bind.key, set()).update(where)
            else:
                value = process(bind.effective_value) if process else bind.effective_value
                for place in where:
                    template[place] = value
        given = [(key, *processors[key], sorted(where)) for key, where in places.items()]
        found = _Compiled(str(compiled), template, given)
        self._compiled[dialect.name] = found
        return found

    def _result_processors(self, dialect: Dialect, description: Any) -> list[tuple[int, Processor]]:
        columns = zip(self.stmt.selected_columns, description, strict=True)
        found: list[tuple[int, Processor]] = []
        for index, (column, described) in enumerate(columns):
            process = column.type.dialect_impl(dialect).result_processor(dialect, described[1])
            if process is not None:  # most columns need none: only dates, JSON, booleans
                found.append((index, process))
        return found
