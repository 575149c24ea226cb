"""Request input the database cannot hold, refused as a 400 before any view runs.

- Ids in URLs: Werkzeug's `int` converter accepts any size, and 2**63 overflows SQLite while
  2**31 overflows a PostgreSQL INTEGER. The app's `int` converter stops at MAX_ID, so a larger
  id is simply a URL that matches no route (404).
- NUL bytes: PostgreSQL text cannot hold them; a request carrying one anywhere is refused.
"""

from __future__ import annotations

from flask import Flask, abort, request
from werkzeug.routing import IntegerConverter

MAX_ID = 2**31 - 1  # the largest value of an INTEGER column on PostgreSQL (and fine on SQLite)


class DatabaseInt(IntegerConverter):
    """`<int:...>` for ids that fit the database's integer columns."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("max", MAX_ID)
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]


def bounded_int(value: str | None) -> int | None:
    """A query-string id, or None when it is missing, not a number or out of range."""
    try:
        found = int(value) if value is not None else None
    except ValueError:
        return None
    return found if found is not None and 0 <= found <= MAX_ID else None


def _refuse_nul() -> None:
    values = [request.path, *request.args.values(), *(request.form.values() if request.form else ())]
    if any("\x00" in value for value in values):
        abort(400)


def install(app: Flask) -> None:
    """Before any blueprint is registered: the converter must be in place when routes are added."""
    app.url_map.converters["int"] = DatabaseInt
    app.before_request(_refuse_nul)
