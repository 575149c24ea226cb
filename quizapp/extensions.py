"""Flask extensions, created unbound here and bound to an app in create_app()."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app, request
from flask_login import LoginManager
from flask_wtf import CSRFProtect
from limits import RateLimitItem, parse
from limits.storage import storage_from_string
from limits.strategies import FixedWindowRateLimiter
from sqlalchemy import Engine

from quizapp.services.study import StudyPolicy

csrf = CSRFProtect()
login_manager = LoginManager()


def csrf_protect() -> None:
    """Flask-WTF's check on every state-changing request, run as a before_request hook.

    Flask-WTF's own hook (turned off with WTF_CSRF_CHECK_DEFAULT) looks the view up for
    exemptions before it looks at the method, so every GET paid for it; this looks at the
    method first. Nothing here is exempt.
    """
    config = current_app.config
    if config["WTF_CSRF_ENABLED"] and request.method in config["WTF_CSRF_METHODS"] and request.endpoint:
        csrf.protect()


def remember_session_identifiers(manager: LoginManager, size: int = 4096) -> None:
    """Keep Flask-Login's session identifier per client instead of hashing it on every request.

    Session protection hashes the client's address and user agent with SHA-512 on every
    request; the hash is kept here, keyed by exactly the values it is computed from.
    `_session_identifier_generator` is Flask-Login's hook for this (flask-login#316).
    """
    compute: Callable[[], str] = manager._session_identifier_generator
    known: dict[tuple[str | None, ...], str] = {}

    def identifier() -> str:
        environ = request.environ
        key = (
            environ.get("HTTP_X_FORWARDED_FOR"),
            environ.get("REMOTE_ADDR"),
            environ.get("HTTP_USER_AGENT"),
        )
        found = known.get(key)
        if found is None:
            if len(known) >= size:
                known.clear()
            found = known[key] = compute()
        return found

    manager._session_identifier_generator = identifier


remember_session_identifiers(login_manager)


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
