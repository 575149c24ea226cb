"""Security headers on every page; private pages are never cached."""

from __future__ import annotations


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
