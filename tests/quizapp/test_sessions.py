"""Session cookies read once per cookie (quizapp.fast_paths)."""

from __future__ import annotations

import time

from tests.quizapp.conftest import AuthActions


def signed_in(client, make_user) -> None:
    AuthActions(client).login(make_user().email)
    assert client.get("/settings").status_code == 200  # the cookie has been read (and kept)


def test_a_kept_cookie_still_expires(app, client, make_user, monkeypatch) -> None:
    signed_in(client, make_user)
    later = time.time() + app.permanent_session_lifetime.total_seconds() + 5
    monkeypatch.setattr(time, "time", lambda: later)
    assert client.get("/settings").status_code == 302


def test_a_tampered_cookie_is_refused_after_the_real_one_was_read(client, make_user) -> None:
    signed_in(client, make_user)
    cookie = client.get_cookie("session")
    assert cookie is not None
    forged = cookie.value[:-2] + ("AA" if not cookie.value.endswith("AA") else "BB")
    client.set_cookie("session", forged, domain=cookie.domain)
    assert client.get("/settings").status_code == 302
    client.set_cookie("session", cookie.value, domain=cookie.domain)
    assert client.get("/settings").status_code == 200


def test_a_flashed_message_shows_once(client, make_user) -> None:
    signed_in(client, make_user)
    auth = AuthActions(client)
    form = {"new_per_day": "20", "reviews_per_day": "200", "desired_retention": "0.9"}
    assert auth.post("/settings", form).status_code == 302
    assert "Settings saved." in client.get("/settings").get_data(as_text=True)
    assert "Settings saved." not in client.get("/settings").get_data(as_text=True)
