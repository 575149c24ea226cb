"""The app's own per-app objects (engine, study policy, login throttle) and the clock.

They live in app.extensions["quizapp"], set by create_app(), never in module globals; views
and CLI commands reach them through these accessors inside an app context.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import Flask, current_app
from sqlalchemy import Engine

from quizapp.services.study import StudyPolicy
from quizapp.throttle import LoginThrottle

KEY = "quizapp"


@dataclass(frozen=True)
class AppState:
    engine: Engine
    policy: StudyPolicy
    throttle: LoginThrottle


def install(app: Flask, found: AppState) -> None:
    app.extensions[KEY] = found


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
