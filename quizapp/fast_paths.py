"""The study app's measured fast paths, in one place, each over a library's public API.

Every page reads the session cookie and the study page signs a CSRF token; both redo the
same work for the same input on every request. Under load (bench/study.py, SQLite, the
study page) the two together are worth about 0.3 ms of a ~1.2 ms request in process and
0.05-0.08 of the ratio to a bare Flask app under gunicorn: the bench serves the app with
FAST_PATHS off too and prints both. Turn them off (config FAST_PATHS, or QUIZAPP_FAST_PATHS=0)
to rule them out when something looks wrong.

- CookieSessions: Flask's SecureCookieSessionInterface, overriding only the methods Flask
  documents for that (get_signing_serializer, open_session). Each Cookie header is checked
  and decoded once per process; its age is still checked on every request.
- signed_csrf_token: Flask-WTF's generate_csrf, called once per session token and key.
  Validation is Flask-WTF's own (its CSRFProtect hook), untouched.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from flask import Flask, Request, current_app, session
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface
from flask_wtf.csrf import generate_csrf
from itsdangerous import BadSignature, URLSafeTimedSerializer

CACHED_COOKIES = 4096  # per process and key; the cache starts over when full
_PLAIN = (str, int, float, bool, type(None))


@dataclass
class _Keyed:
    serializer: URLSafeTimedSerializer
    # Cookie header -> (session payload, when it was signed), for signatures that checked out
    opened: dict[str, tuple[dict[str, Any], int]] = field(default_factory=dict)


class CookieSessions(SecureCookieSessionInterface):
    """SecureCookieSessionInterface with its serializer built once per key, and each cookie's
    signature checked and payload decoded once.

    The same cookie string always verifies and decodes the same way under the same keys;
    only its age changes, and that is checked on every request exactly as itsdangerous
    does. Payloads holding anything but plain values (flashed messages) are not kept, so a
    cached payload is never shared with a request that could change it in place.
    """

    def __init__(self) -> None:
        self._keyed: dict[tuple[Any, ...], _Keyed | None] = {}

    def _for(self, app: Flask) -> _Keyed | None:
        keys = (app.secret_key, *(app.config["SECRET_KEY_FALLBACKS"] or ()))
        if keys not in self._keyed:
            serializer = super().get_signing_serializer(app)
            self._keyed[keys] = _Keyed(serializer) if serializer else None
        return self._keyed[keys]

    def get_signing_serializer(self, app: Flask) -> URLSafeTimedSerializer | None:
        keyed = self._for(app)
        return keyed.serializer if keyed else None

    def open_session(self, app: Flask, request: Request) -> SecureCookieSession | None:
        keyed = self._for(app)
        # Keyed by the whole Cookie header: parsing it is itself a fair part of the work saved.
        header = request.environ.get("HTTP_COOKIE")
        if keyed is None or not header:
            return super().open_session(app, request)
        max_age = int(app.permanent_session_lifetime.total_seconds())
        found = keyed.opened.get(header)
        if found is not None:
            payload, signed = found
            if 0 <= int(time.time()) - signed <= max_age:  # itsdangerous's own expiry test
                return self.session_class(payload)
        value = request.cookies.get(self.get_cookie_name(app))
        if not value:
            return self.session_class()
        try:
            payload, signed_at = keyed.serializer.loads(value, max_age=max_age, return_timestamp=True)
        except BadSignature:
            return self.session_class()
        if all(isinstance(v, _PLAIN) for v in payload.values()):
            if len(keyed.opened) >= CACHED_COOKIES:
                keyed.opened.clear()
            keyed.opened[header] = (payload, int(signed_at.timestamp()))
        return self.session_class(payload)


@lru_cache(maxsize=4096)
def _signed_csrf(_secret_key: object, _field: str, _raw: str) -> str:
    token: str = generate_csrf()  # signs the session's raw token, which the key here names
    return token


def signed_csrf_token() -> str:
    """generate_csrf, but signing each session's token once per process, not on every page.

    The signed form only wraps the raw token kept in the session and a timestamp, and with
    no WTF_CSRF_TIME_LIMIT any signature of the same token and key is as good as a fresh
    one. With a time limit, or before the session has a token, it signs every time.
    """
    config = current_app.config
    name = config.get("WTF_CSRF_FIELD_NAME", "csrf_token")
    raw = session.get(name)
    if raw is None or config.get("WTF_CSRF_TIME_LIMIT", 3600) is not None:
        token: str = generate_csrf()
        return token
    return _signed_csrf(config.get("WTF_CSRF_SECRET_KEY") or current_app.secret_key, name, raw)


def install(app: Flask) -> None:
    app.session_interface = CookieSessions()
    app.jinja_env.globals["csrf_token"] = signed_csrf_token
    # Flask-WTF puts its generate_csrf in every template context; a later processor wins.
    app.context_processor(lambda: {"csrf_token": signed_csrf_token})
