"""Every route, from the app's URL map, for every role: who may use it, and CSRF on every POST.

A route added without an entry in ACCESS fails `test_every_route_has_an_entry`, so its access
rule is decided when it is written.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from sqlalchemy import text

from quizapp.services import accounts, authoring, blocks
from quizapp.services.accounts import ROLES
from quizapp.services.blocks import BlockSpec
from tests.quizapp.conftest import AuthActions
from tests.quizapp.course_world import World, build_world, vignette
from tests.quizapp.test_study_views import answer_form

PUBLIC, STUDENT, OWNER, ADMIN = "anyone", "signed-in", "the owning student", "admins only"
WRITER = "instructors and admins"  # 403 for students
AUTHOR = "the bank's owner and co-authors"  # 404 for everyone else, admins included
BANK_OWNER = "the bank's owner"  # who its co-authors are; 404 for everyone else
TEACHER = "the course's instructor"  # 404 for everyone else
VIEWER = "accounts that see the bank"  # its course's students and its authors; 404 for others
ACCESS = {
    "static": PUBLIC,
    "main.home": PUBLIC,  # the landing page for visitors, the dashboard for students
    "auth.login": PUBLIC,
    "auth.register": PUBLIC,
    "auth.logout": STUDENT,
    "auth.password": STUDENT,
    "main.settings": STUDENT,
    "main.own_data": STUDENT,
    "main.missed": STUDENT,
    "main.suspended": STUDENT,
    "main.unsuspend": OWNER,
    "library.bank": STUDENT,
    "library.bank_download": STUDENT,
    "library.own_download": STUDENT,
    "library.marked": STUDENT,
    "library.mark": STUDENT,
    "library.unmark": STUDENT,
    # A bundled bank's image: 404 unless the account sees the bank (as library.bank); the route
    # table's bank has no folder, so tests/quizapp/test_bank_images.py checks the 200s.
    "library.bank_image": STUDENT,
    "study.question": STUDENT,
    "study.start": STUDENT,
    "study.answer": STUDENT,
    "study.result": OWNER,
    "study.regrade": OWNER,
    "study.undo": OWNER,
    "study.suspend": OWNER,
    "main.progress_page": STUDENT,
    "main.optimize": STUDENT,
    "main.reschedule": STUDENT,
    "main.retention": STUDENT,
    "main.card_info": OWNER,
    "admin.users": ADMIN,
    "admin.set_role": ADMIN,
    "blocks.index": STUDENT,
    "blocks.new": STUDENT,
    "blocks.resume": OWNER,
    "blocks.question": OWNER,
    "blocks.answer": OWNER,
    "blocks.mark": OWNER,
    "blocks.strike": OWNER,
    "blocks.time": OWNER,
    "blocks.submit": OWNER,
    "blocks.results": OWNER,
    "courses.index": STUDENT,
    "courses.join": STUDENT,
    "courses.create": WRITER,
    "courses.course": TEACHER,
    "courses.attach": TEACHER,
    "courses.set_closed": TEACHER,
    "courses.renew_code": TEACHER,
    "author.index": WRITER,
    "author.upload": WRITER,
    "author.create_bank": WRITER,
    "author.check": WRITER,
    "author.bank": AUTHOR,
    "author.add_coauthor": BANK_OWNER,
    "author.remove_coauthor": BANK_OWNER,
    "author.new_question": AUTHOR,
    "author.edit_question": AUTHOR,
    "author.publish": AUTHOR,
    "author.discard": AUTHOR,
    "author.history": AUTHOR,
    "author.restore": AUTHOR,
    "author.upload_image": AUTHOR,
    "author.media": VIEWER,
    "facts.index": AUTHOR,
    "facts.set_condition": AUTHOR,
    "facts.add_section": AUTHOR,
    "facts.new": AUTHOR,
    "facts.remove": AUTHOR,
    "facts.preview": AUTHOR,
    "facts.publish": AUTHOR,
}


def routes(app: Any) -> list[tuple[str, str, str]]:
    """(endpoint, method, rule) for every route of the app."""
    return [
        (rule.endpoint, method, rule.rule)
        for rule in app.url_map.iter_rules()
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"})
    ]


def url_for_rule(rule: str, ids: dict[str, Any]) -> str:
    values = {
        "slug": "test-bank",
        "selection": "missed",
        "filename": "style.css",
        "question_id": "none",
        "name": "none.png",
        "course_id": "1",
        "version": "1",
        "kind": "drug",
        "entity_id": "none",
        **{k: str(v) for k, v in ids.items()},
    }
    if rule.startswith(("/write", "/media")):  # an instructor's bank, not the public one
        values["slug"] = str(ids.get("author_slug", "none"))
    return re.sub(r"<(?:[^:>]+:)?(\w+)>", lambda m: values[m.group(1)], rule)


@pytest.fixture
def world(engine, make_user, clock) -> World:
    return build_world(engine, make_user, clock)


@pytest.fixture
def owned(client, auth, make_user, make_bank, engine, clock, world) -> dict[str, Any]:
    """A student who has answered one card and started a block: their ids, then signed out;
    and the course world's bank, question, image and course."""
    make_bank()
    owner = make_user("owner@example.org")
    block_id = blocks.build(engine, owner, BlockSpec(count=2, mode="untimed"), clock())
    auth.login(owner.email)
    auth.post("/study/start", {"bank": "test-bank"})
    _, fields = answer_form(client)
    response = auth.post("/study/answer", {**fields, "choice": "0"})
    review_id = int(re.search(r"/result/(\d+)", response.headers["Location"]).group(1))
    auth.logout()
    return {
        "card_id": int(fields["card_id"]),
        "review_id": review_id,
        "block_id": block_id,
        "position": 0,
        "user_id": owner.id,
        **world.ids(),
    }


def test_every_route_has_an_entry(app) -> None:
    missing = sorted({endpoint for endpoint, _, _ in routes(app)} - set(ACCESS))
    assert missing == [], f"decide who may use these routes and add them to ACCESS: {missing}"


def test_anonymous_visitors_reach_only_public_routes(app, client, owned) -> None:
    token = AuthActions(client).csrf()
    for endpoint, method, rule in routes(app):
        response = client.open(url_for_rule(rule, owned), method=method, data={"csrf_token": token})
        response.close()
        if ACCESS[endpoint] == PUBLIC:
            assert response.status_code < 500, (endpoint, method, response.status_code)
        else:
            assert response.status_code == 302 and "/auth/login" in response.headers["Location"], (
                endpoint,
                method,
                response.status_code,
            )


@pytest.mark.parametrize("role", ROLES)
def test_every_role_reaches_the_signed_in_routes(app, client, auth, make_user, owned, role: str) -> None:
    """Instructors and admins study too; no route for students is closed to them."""
    auth.login(make_user(f"{role}@example.org", role=role).email)
    token = auth.csrf()
    for endpoint, method, rule in routes(app):
        if ACCESS[endpoint] != STUDENT or endpoint == "auth.logout":
            continue
        response = client.open(url_for_rule(rule, owned), method=method, data={"csrf_token": token})
        response.close()
        assert response.status_code < 500, (role, endpoint, method, response.status_code)
        assert "/auth/login" not in response.headers.get("Location", ""), (role, endpoint, method)


@pytest.mark.parametrize("role", ROLES)
def test_another_account_cannot_use_the_owners_answers_or_cards(
    app, client, auth, make_user, owned, role: str
) -> None:
    auth.login(make_user("intruder@example.org", role=role).email)
    token = auth.csrf()
    for endpoint, method, rule in routes(app):
        if ACCESS[endpoint] != OWNER:
            continue
        response = client.open(
            url_for_rule(rule, owned), method=method, data={"csrf_token": token, "rating": "3"}
        )
        assert response.status_code == 404, (role, endpoint, method, response.status_code)


def test_every_state_change_needs_this_sessions_csrf_token(app, client, auth, make_user, owned) -> None:
    other = AuthActions(app.test_client())
    foreign_token = other.csrf()  # a valid token, but of another session
    auth.login(make_user("student@example.org").email)
    posts = [(e, r) for e, m, r in routes(app) if m == "POST"]
    assert len(posts) >= 10
    for endpoint, rule in posts:
        for data in ({}, {"csrf_token": foreign_token}, {"csrf_token": "forged"}):
            response = client.post(url_for_rule(rule, owned), data=data)
            assert response.status_code == 400, (endpoint, data, response.status_code)


def test_a_session_logged_out_changes_nothing(app, client, auth, make_user, owned, engine) -> None:
    """A tab left open after logout (its page's token still in hand) is sent to log in."""
    auth.login(make_user("student@example.org").email)
    token = auth.csrf()
    before = own_data_size(engine)
    auth.logout()
    for endpoint, method, rule in routes(app):
        if method != "POST" or ACCESS[endpoint] == PUBLIC:
            continue
        response = client.post(url_for_rule(rule, owned), data={"csrf_token": token, "rating": "3"})
        assert response.status_code in (302, 400), (endpoint, response.status_code)
        assert response.status_code == 400 or "/auth/login" in response.headers["Location"], endpoint
    assert own_data_size(engine) == before


def own_data_size(engine) -> tuple[int, ...]:
    """Rows a student's actions write: reviews, cards, marks, and the users' settings and counters."""
    with engine.connect() as conn:
        return tuple(
            conn.execute(text(sql)).scalar_one()
            for sql in (
                "SELECT count(*) FROM review_log",
                "SELECT count(*) FROM cards",
                "SELECT count(*) FROM marks",
                "SELECT sum(new_per_day + reviews_per_day + new_done + reviews_done) FROM users",
            )
        )


@pytest.mark.parametrize("role", ["student", "instructor"])
def test_only_admins_reach_the_admin_routes(app, client, auth, make_user, owned, role: str) -> None:
    auth.login(make_user(f"{role}@example.org", role=role).email)
    token = auth.csrf()
    for endpoint, method, rule in routes(app):
        if ACCESS[endpoint] != ADMIN:
            continue
        response = client.open(url_for_rule(rule, owned), method=method, data={"csrf_token": token})
        assert response.status_code == 403, (role, endpoint, method, response.status_code)


def test_an_admin_changes_roles_but_never_removes_the_last_admin(client, auth, make_user, engine) -> None:
    admin, other = make_user("admin@example.org", role="admin"), make_user("someone@example.org")
    auth.login(admin.email)
    page = client.get("/admin/users").get_data(as_text=True)
    assert "someone@example.org" in page and 'aria-label="Role of someone@example.org"' in page
    auth.post(f"/admin/users/{other.id}/role", {"role": "instructor"})
    assert accounts.load(engine, other.id).role == "instructor"
    refused = auth.post(f"/admin/users/{admin.id}/role", {"role": "student"}, follow_redirects=True)
    assert "only admin" in refused.get_data(as_text=True) and accounts.load(engine, admin.id).role == "admin"
    assert (
        auth.post(f"/admin/users/{other.id}/role", {"role": "wizard"}, follow_redirects=True).status_code
        == 200
    )
    assert accounts.load(engine, other.id).role == "instructor"  # an unknown role changes nothing


def reached(response: Any) -> bool:
    """The route did its work or said what was wrong with the input: not refused, not a crash."""
    refused = response.status_code in (403, 404) or "/auth/login" in response.headers.get("Location", "")
    return not refused and response.status_code < 500


def visit_all(
    app: Any, client: Any, auth: AuthActions, owned: dict[str, Any], level: str, before: Any = None
) -> dict[str, int]:
    """Every route of the access level, as the signed-in account: {endpoint method: status}."""
    token = auth.csrf()
    seen = {}
    for endpoint, method, rule in routes(app):
        if ACCESS[endpoint] != level:
            continue
        if before is not None:
            before()
        response = client.open(url_for_rule(rule, owned), method=method, data={"csrf_token": token})
        response.close()
        assert response.status_code < 500, (endpoint, method, response.status_code)
        seen[f"{endpoint} {method}"] = response.status_code if not reached(response) else 200
    assert seen, level
    return seen


PERSONAS = ("teacher", "coauthor", "other_teacher", "student", "outsider", "admin")


def persona(world: World, make_user: Any, name: str) -> Any:
    return make_user("admin@example.org", role="admin") if name == "admin" else getattr(world, name)


@pytest.mark.parametrize("name", PERSONAS)
def test_instructor_routes_for_every_role(
    app, client, auth, make_user, engine, clock, owned, world, name: str
) -> None:
    """Writers' pages: 403 for students. A bank's pages: its owner and co-authors only (404 for
    others, admins too). A course's pages: its instructor only. Its images: those who see it."""
    auth.login(persona(world, make_user, name).email)

    def a_draft_to_publish() -> None:  # publish and discard each need one
        authoring.save_draft(engine, world.teacher, world.slug, world.question_id, vignette(), clock())

    expected = {
        WRITER: 403 if name in ("student", "outsider") else 200,
        AUTHOR: 200 if name in ("teacher", "coauthor") else 404,
        BANK_OWNER: 200 if name == "teacher" else 404,
        TEACHER: 200 if name == "teacher" else 404,
        VIEWER: 200 if name in ("teacher", "coauthor", "student") else 404,
    }
    for level, status in expected.items():
        seen = visit_all(app, client, auth, owned, level, before=a_draft_to_publish)
        assert set(seen.values()) == {status}, (name, level, seen)
