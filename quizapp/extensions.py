"""Flask extensions, created unbound here and bound to an app in create_app()."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_wtf import CSRFProtect
from sqlalchemy import Engine

from quizapp.services.study import StudyPolicy

csrf = CSRFProtect()
login_manager = LoginManager()
# Storage comes from RATELIMIT_STORAGE_URI, so several hosts can share one counter store.
limiter = Limiter(key_func=get_remote_address, default_limits=[])


@dataclass
class AppState:
    """Per-app objects kept in app.extensions, never in module globals."""

    engine: Engine
    policy: StudyPolicy


def state() -> AppState:
    found: AppState = current_app.extensions["quizapp"]
    return found


def engine() -> Engine:
    return state().engine


def policy() -> StudyPolicy:
    return state().policy


def now() -> datetime:
    """The current time from the configured clock (tests inject their own)."""
    value: datetime = current_app.config["CLOCK"]()
    if value.tzinfo is None or value.utcoffset() != timedelta(0):
        raise RuntimeError("CLOCK must return a timezone-aware UTC datetime")
    return value
