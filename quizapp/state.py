"""The app's own per-app objects (engine, study policy, login throttle) and the clock.

They live in app.extensions["quizapp"], set by create_app(), never in module globals; views
and CLI commands reach them through these accessors inside an app context.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import Flask, current_app, g
from sqlalchemy import Connection, Engine

from quizapp.services.study import StudyPolicy
from quizapp.store.engine import read_connection
from quizapp.throttle import LoginThrottle

KEY = "quizapp"
_READER = "quizapp_reader"


@dataclass(frozen=True)
class AppState:
    engine: Engine
    policy: StudyPolicy
    throttle: LoginThrottle


def install(app: Flask, found: AppState) -> None:
    app.extensions[KEY] = found
    app.teardown_appcontext(_close_reader)


def reader() -> Connection:
    """This app context's read-only connection, opened on first use and closed at teardown.

    A page's reads (the signed-in user, then what the page shows) share one pool checkout
    instead of taking one each. Writes still go through engine().begin().
    """
    conn: Connection | None = g.get(_READER)
    if conn is None:
        conn = read_connection(engine())
        setattr(g, _READER, conn)
    return conn


def _close_reader(_error: BaseException | None) -> None:
    conn: Connection | None = g.pop(_READER, None)
    if conn is not None:
        conn.close()


def state() -> AppState:
    found: AppState = current_app.extensions[KEY]
    return found


def engine() -> Engine:
    return state().engine


def policy() -> StudyPolicy:
    return state().policy


def throttle() -> LoginThrottle:
    return state().throttle


def now() -> datetime:
    """The current time from the configured clock (tests inject their own)."""
    value: datetime = current_app.config["CLOCK"]()
    if value.tzinfo is None or value.utcoffset() != timedelta(0):
        raise RuntimeError("CLOCK must return a timezone-aware UTC datetime")
    return value
