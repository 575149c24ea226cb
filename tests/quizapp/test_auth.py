"""Accounts through the web forms: register, log in/out, passwords, CSRF, rate limit, sessions."""

from __future__ import annotations

from pathlib import Path

import pytest

from quizapp.app import create_app
from quizapp.extensions import csrf
from tests.quizapp.conftest import PASSWORD, AuthActions


def test_register_logs_in_and_shows_the_dashboard(client, auth, make_bank) -> None:
    make_bank()
    response = auth.register("New@Example.org")
    assert response.status_code == 302
    page = client.get("/").get_data(as_text=True)
    assert "Your decks" in page and "Test bank" in page


def test_register_refuses_a_taken_email_and_short_password(auth, make_user) -> None:
    make_user("taken@example.org")
    taken = auth.register("taken@example.org")
    assert taken.status_code == 400 and b"already exists" in taken.data
    short = auth.post("/auth/register", {"email": "x@example.org", "password": "short", "confirm": "short"})
    assert short.status_code == 400


def test_passwords_are_hashed(engine, make_user) -> None:
    user = make_user(password=PASSWORD)
    assert PASSWORD not in user.password_hash and user.password_hash.startswith("pbkdf2:")


def test_login_logout(client, auth, make_user) -> None:
    user = make_user()
    assert auth.login(user.email).status_code == 302
    assert client.get("/settings").status_code == 200
    assert auth.logout().status_code == 302
    assert client.get("/settings").status_code == 302  # back to the login page


def test_wrong_password_is_401_with_a_message(auth, make_user) -> None:
    user = make_user()
    response = auth.login(user.email, "not the password")
    assert response.status_code == 401 and b"Wrong email or password" in response.data


def test_login_failures_are_rate_limited(app, auth, make_user) -> None:
    user = make_user()
    limit = int(app.config["LOGIN_RATE_LIMIT"].split()[0])
    for _ in range(limit):
        assert auth.login(user.email, "wrong password").status_code == 401
    blocked = auth.login(user.email, PASSWORD)
    assert blocked.status_code == 429 and b"Too many attempts" in blocked.data


def test_successful_logins_are_not_counted(app, auth, make_user) -> None:
    user = make_user()
    limit = int(app.config["LOGIN_RATE_LIMIT"].split()[0])
    for _ in range(limit + 2):
        assert auth.login(user.email).status_code == 302


def test_forms_without_a_csrf_token_are_refused(client, make_user) -> None:
    user = make_user()
    response = client.post("/auth/login", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 400 and b"form expired" in response.data


def test_change_password_signs_out_other_sessions(app, client, auth, make_user) -> None:
    user = make_user()
    other = app.test_client()
    AuthActions(other).login(user.email)
    auth.login(user.email)
    changed = auth.post(
        "/auth/password", {"current": PASSWORD, "password": "a new password", "confirm": "a new password"}
    )
    assert changed.status_code == 302
    assert client.get("/settings").status_code == 200  # this session stays in
    assert other.get("/settings").status_code == 302  # the other one is out
    assert auth.logout().status_code == 302
    assert auth.login(user.email, PASSWORD).status_code == 401
    assert auth.login(user.email, "a new password").status_code == 302


def test_wrong_current_password_is_refused(auth, make_user) -> None:
    user = make_user()
    auth.login(user.email)
    response = auth.post(
        "/auth/password", {"current": "nope nope", "password": "a new password", "confirm": "a new password"}
    )
    assert response.status_code == 400 and b"not correct" in response.data


def test_login_never_redirects_off_site(client, auth, make_user) -> None:
    user = make_user()
    token = auth.csrf()
    response = client.post(
        "/auth/login?next=//evil.example/x",
        data={"csrf_token": token, "email": user.email, "password": PASSWORD},
    )
    assert response.headers["Location"] == "/"


def test_session_survives_a_restart_with_the_instance_secret(app_config, make_user) -> None:
    config = {k: v for k, v in app_config.items() if k != "SECRET_KEY"}
    first = create_app(config)
    key_file = Path(config["INSTANCE_PATH"]) / "secret_key"
    assert key_file.is_file() and first.config["SECRET_KEY"] == key_file.read_text().strip()
    client = first.test_client()
    user = make_user()
    AuthActions(client).login(user.email)
    second = create_app(config)  # a "restarted server" reading the same instance folder
    client.application = second
    assert second.config["SECRET_KEY"] == first.config["SECRET_KEY"]
    assert client.get("/settings").status_code == 200
    for made in (first, second):
        made.extensions["quizapp"].engine.dispose()


def test_pages_need_login(client) -> None:
    for url in ("/settings", "/missed", "/study", "/suspended", "/auth/password"):
        response = client.get(url)
        assert response.status_code == 302 and "/auth/login" in response.headers["Location"]


def test_the_study_page_turns_away_a_stale_session(app, client, auth, make_user, make_bank) -> None:
    # The study page reads the student with their next card in one query; the session token
    # must still be checked there, as on every other page.
    make_bank()
    user = make_user()
    other = app.test_client()
    AuthActions(other).login(user.email)
    auth.login(user.email)
    assert auth.post("/study/start", {"bank": "test-bank"}).status_code == 302
    assert other.get("/study?bank=test-bank").status_code == 200
    auth.post(
        "/auth/password", {"current": PASSWORD, "password": "a new password", "confirm": "a new password"}
    )
    assert client.get("/study?bank=test-bank").status_code == 200
    stale = other.get("/study?bank=test-bank")
    assert stale.status_code == 302 and "/auth/login" in stale.headers["Location"]


def test_the_study_page_accepts_a_remember_me_cookie(client, auth, make_user, make_bank) -> None:
    questions = make_bank()
    user = make_user()
    auth.post("/auth/login", {"email": user.email, "password": PASSWORD, "remember": "y"})
    assert auth.post("/study/start", {"bank": "test-bank"}).status_code == 302
    client.delete_cookie("session")  # the browser was closed; the remember-me cookie is left
    page = client.get("/study?bank=test-bank")
    assert page.status_code == 200 and questions[0].prompt in page.get_data(as_text=True)


def test_a_csrf_token_only_works_in_its_own_session(app, client, auth, make_user) -> None:
    # Signed tokens are cached per session's raw token; one session's must not pass in another.
    user = make_user()
    other = AuthActions(app.test_client())
    mine, theirs = auth.csrf(), other.csrf()
    assert mine != theirs and auth.csrf() == mine
    data = {"email": user.email, "password": PASSWORD}
    assert client.post("/auth/login", data={**data, "csrf_token": theirs}).status_code == 400
    assert client.post("/auth/login", data={**data, "csrf_token": mine}).status_code == 302


def test_every_state_changing_route_refuses_a_missing_csrf_token(app, client, auth, make_user) -> None:
    auth.login(make_user().email)
    urls = app.url_map.bind("localhost")
    changing = [r for r in app.url_map.iter_rules() if r.methods and r.methods - {"GET", "HEAD", "OPTIONS"}]
    assert len(changing) > 10
    for rule in changing:
        sample = {"selection": "missed", "slug": "test-bank"}  # values the converters accept
        url = urls.build(rule.endpoint, {arg: sample.get(arg, 1) for arg in rule.arguments})
        for method in sorted(rule.methods - {"GET", "HEAD", "OPTIONS"}):
            response = client.open(url, method=method, data={"csrf_token": "forged"})
            assert response.status_code == 400, (method, url)
            assert client.open(url, method=method).status_code == 400, (method, url)


def test_csrf_exempt_views_are_exempt_and_others_are_not(app_config) -> None:
    # CSRF goes through Flask-WTF's own before_request hook, so its exemptions apply.
    made = create_app(app_config)

    @made.post("/hook")
    @csrf.exempt
    def hook() -> str:
        return "received"

    @made.post("/form")
    def form() -> str:
        return "accepted"

    client = made.test_client()
    try:
        assert client.post("/hook").get_data(as_text=True) == "received"
        assert client.post("/form").status_code == 400
    finally:
        made.extensions["quizapp"].engine.dispose()


@pytest.mark.parametrize(
    "target",
    [
        "//evil.example/x",
        "/\t/evil.example",
        "/\\evil.example",
        "https://evil.example/",
        "/\n/evil.example",
        "/\r\nSet-Cookie:x=1",
        "javascript:alert(1)",
        "evil.example",
    ],
)
def test_next_never_leaves_the_site_nor_fails(client, auth, make_user, target: str) -> None:
    from urllib.parse import quote

    user = make_user()
    token = auth.csrf()
    response = client.post(
        "/auth/login?next=" + quote(target, safe=""),
        data={"csrf_token": token, "email": user.email, "password": PASSWORD},
    )
    assert response.status_code == 302
    location = response.headers["Location"]
    assert location.startswith("/") and not location.startswith("//") and "evil" not in location


def test_logout_revokes_the_session_and_remember_cookies(app, client, auth, make_user) -> None:
    """A cookie copied before logout (session or remember-me) does not sign in afterwards."""
    user = make_user()
    auth.post("/auth/login", {"email": user.email, "password": PASSWORD, "remember": "y"})
    assert client.get("/settings").status_code == 200
    cookies = {name: client.get_cookie(name) for name in ("session", "remember_token")}
    captured = {name: c.value for name, c in cookies.items() if c is not None}  # what a thief copied
    assert set(captured) == {"session", "remember_token"}
    assert auth.logout().status_code == 302
    for name in ("session", "remember_token"):
        thief = app.test_client()
        thief.set_cookie(name, captured[name])
        assert thief.get("/settings").status_code == 302, f"{name} cookie still signs in"


def test_a_shared_database_without_a_configured_secret_key_refuses_to_start(tmp_path) -> None:
    config = {"DATABASE_URL": "postgresql+psycopg://nobody@127.0.0.1:1/none", "INSTANCE_PATH": str(tmp_path)}
    with pytest.raises(RuntimeError, match="QUIZAPP_SECRET_KEY must be set"):
        create_app(config)
