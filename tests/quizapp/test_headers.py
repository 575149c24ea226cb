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
