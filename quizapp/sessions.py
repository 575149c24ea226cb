"""Flask's signed-cookie sessions, with the work of reading the cookie done once per cookie.

Reading the cookie (building the serializer, checking the signature, decoding the payload)
was a tenth of the study page under load, repeated for the same cookie on every request.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from flask import Flask, Request
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface
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
