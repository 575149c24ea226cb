"""Prebuilt selects run straight on a pooled DB-API cursor, for the query on every study page.

Under load, SQLAlchemy's Connection and execution context cost about twice the study page's
query itself on SQLite (~0.15 ms of a request). A DriverSelect keeps the statement in Core,
the one source of truth for its SQL, compiles it once per dialect, and converts values with
the column types' own bind and result processors, so rows come back exactly as
Connection.execute would give them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, Select
from sqlalchemy.engine import Dialect

Processor = Callable[[Any], Any]


@dataclass
class _Compiled:
    sql: str
    positional: bool
    names: list[str]  # the parameters in the order the SQL takes them
    fixed: dict[str, Any]  # values written in the statement (queue numbers, the LIMIT), processed
    given: list[tuple[str, str, Processor | None]]  # (name in the SQL, caller's key, processor)
    results: list[tuple[int, Processor]] | None = None  # from the first cursor description

    def parameters(self, params: Mapping[str, Any]) -> Sequence[Any] | dict[str, Any]:
        values = dict(self.fixed)
        for name, key, process in self.given:
            values[name] = process(params[key]) if process else params[key]
        return [values[name] for name in self.names] if self.positional else values


class DriverSelect:
    """A Core select compiled once per dialect and run on a pooled DB-API connection."""

    def __init__(self, stmt: Select[Any]) -> None:
        self.stmt = stmt
        self._compiled: dict[str, _Compiled] = {}

    def first(self, engine: Engine, params: Mapping[str, Any]) -> list[Any] | None:
        """The first row for `params`, read outside any transaction (like store.engine.reading)."""
        dialect = engine.dialect
        compiled = self._compiled.get(dialect.name) or self._compile(dialect)
        raw = engine.raw_connection()
        driver = raw.dbapi_connection
        autocommit = dialect.name == "postgresql" and driver is not None
        try:
            if autocommit:  # no BEGIN and ROLLBACK round trips around one read
                dialect.set_isolation_level(driver, "AUTOCOMMIT")  # type: ignore[arg-type]
            cursor = raw.cursor()
            try:
                cursor.execute(compiled.sql, compiled.parameters(params))
                found = cursor.fetchone()
                if compiled.results is None:
                    compiled.results = self._result_processors(dialect, cursor.description)
            finally:
                cursor.close()
                if autocommit:
                    dialect.reset_isolation_level(driver)  # type: ignore[arg-type]
        finally:
            raw.close()  # back to the pool
        if found is None:
            return None
        row = list(found)
        for index, process in compiled.results:
            row[index] = process(row[index])
        return row

    def _compile(self, dialect: Dialect) -> _Compiled:
        compiled = self.stmt.compile(dialect=dialect)
        fixed: dict[str, Any] = {}
        given: list[tuple[str, str, Processor | None]] = []
        for bind, name in compiled.bind_names.items():
            process = bind.type.dialect_impl(dialect).bind_processor(dialect)
            if bind.required:
                given.append((name, bind.key, process))
            else:
                value = bind.effective_value
                fixed[name] = process(value) if process else value
        names = list(compiled.positiontup or ()) if dialect.positional else []
        found = _Compiled(str(compiled), dialect.positional, names, fixed, given)
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
