"""Security headers on every page; private pages are never cached."""

from __future__ import annotations

from typing import Any

import pytest

from quizapp.app import create_app
from tests.quizapp.conftest import PASSWORD, AuthActions


def test_every_page_has_the_security_headers(client, auth, make_user, make_bank) -> None:
    make_bank()
    for path in ("/", "/auth/login", "/auth/register", "/static/style.css"):
        response = client.get(path)
        response.close()  # a static file is streamed from disk
        csp = response.headers["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp and "unsafe-inline" not in csp
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["X-Frame-Options"] == "DENY"
        assert response.headers["Referrer-Policy"] == "same-origin"


def test_signed_in_pages_are_not_stored(client, auth, make_user, make_bank) -> None:
    make_bank()
    auth.login(make_user().email)
    for path in ("/", "/settings", "/missed", "/marked"):
        assert client.get(path).headers["Cache-Control"] == "no-store", path
    static = client.get("/static/style.css")
    static.close()
    assert static.headers.get("Cache-Control") != "no-store"


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def test_text_colours_meet_wcag_aa_on_the_page_backgrounds() -> None:
    """The colours used for text (counts, grade labels, verdicts) against every page background."""
    import re
    from pathlib import Path

    css = (Path(__file__).parents[2] / "quizapp" / "static" / "style.css").read_text()
    colours = dict(re.findall(r"--(\w+): (#[0-9a-fA-F]{6})", css))
    for text in ("fg", "muted", "accent", "good", "bad", "hard", "easy"):
        for background in ("#ffffff", colours["bg"], "#f3f5f8"):
            light, dark = sorted([_luminance(colours[text]), _luminance(background)], reverse=True)
            assert (light + 0.05) / (dark + 0.05) >= 4.5, (text, background)


def login_cookies(app_config: dict[str, Any], email: str, **config: Any) -> list[str]:
    """The Set-Cookie headers of a remembered login on an app built with `config`."""
    app = create_app({**app_config, **config})
    try:
        form = {"email": email, "password": PASSWORD, "remember": "y"}
        response = AuthActions(app.test_client()).post("/auth/login", form)
        assert response.status_code == 302
        cookies: list[str] = response.headers.getlist("Set-Cookie")
        return cookies
    finally:
        app.extensions["quizapp"].engine.dispose()


@pytest.mark.parametrize(
    ("testing", "env", "secure"),
    [
        (False, None, True),  # production: HTTPS only, by default
        (True, None, False),  # the test client speaks plain HTTP
        (False, "0", False),  # opted out, e.g. a plain-HTTP intranet
        (True, "1", True),  # the environment's word wins
    ],
)
def test_cookies_are_secure_unless_the_server_only_speaks_http(
    app_config, make_user, monkeypatch, testing: bool, env: str | None, secure: bool
) -> None:
    if env is not None:
        monkeypatch.setenv("QUIZAPP_SESSION_COOKIE_SECURE", env)
    cookies = login_cookies(app_config, make_user().email, TESTING=testing)
    assert {c.split("=")[0] for c in cookies} == {"session", "remember_token"}
    for cookie in cookies:
        assert ("; Secure" in cookie) is secure, cookie
        assert "; HttpOnly" in cookie and "SameSite=Lax" in cookie, cookie
