"""Flask extensions, created unbound here and bound to an app in create_app()."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from flask_login import LoginManager
from flask_wtf import CSRFProtect
from limits import RateLimitItem, parse
from limits.storage import storage_from_string
from limits.strategies import FixedWindowRateLimiter
from sqlalchemy import Engine

from quizapp.services.study import StudyPolicy

csrf = CSRFProtect()
login_manager = LoginManager()


class LoginThrottle:
    """Counts failed logins per client address, in the store RATELIMIT_STORAGE_URI names.

    Built on `limits` (Flask-Limiter's engine) and checked only by the login view, so other
    requests pay nothing for it. memory:// suits one process; give several workers or hosts
    a shared store such as redis://.
    """

    def __init__(self, storage_uri: str, limit: str) -> None:
        self.limiter = FixedWindowRateLimiter(storage_from_string(storage_uri))
        self.limit: RateLimitItem = parse(limit)

    def blocked(self, client: str) -> bool:
        return not self.limiter.test(self.limit, "login", client)

    def failed(self, client: str) -> None:
        self.limiter.hit(self.limit, "login", client)


@dataclass
class AppState:
    """Per-app objects kept in app.extensions, never in module globals."""

    engine: Engine
    policy: StudyPolicy
    throttle: LoginThrottle


def state() -> AppState:
    found: AppState = current_app.extensions["quizapp"]
    return found


def engine() -> Engine:
    return state().engine


def throttle() -> LoginThrottle:
    return state().throttle


def policy() -> StudyPolicy:
    return state().policy


def now() -> datetime:
    """The current time from the configured clock (tests inject their own)."""
    value: datetime = current_app.config["CLOCK"]()
    if value.tzinfo is None or value.utcoffset() != timedelta(0):
        raise RuntimeError("CLOCK must return a timezone-aware UTC datetime")
    return value
