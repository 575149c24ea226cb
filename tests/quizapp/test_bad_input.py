"""Input the database cannot hold gets a 4xx on every route, never a 500: huge ids, NUL bytes."""

from __future__ import annotations

import re

import pytest

from tests.quizapp.test_study_views import answer_form

HUGE = [2**31, 2**63, 10**30]


def int_routes(app) -> list[tuple[str, str]]:
    """(method, URL with a placeholder) for every route that takes an integer in its path."""
    found = []
    for rule in app.url_map.iter_rules():
        if "<int:" not in rule.rule:
            continue
        path = re.sub(r"<int:\w+>", "{n}", rule.rule)
        found += [(method, path) for method in sorted(rule.methods - {"HEAD", "OPTIONS"})]
    return found


def test_every_integer_route_refuses_ids_the_database_cannot_hold(
    app, client, auth, make_user, make_bank
) -> None:
    make_bank()
    auth.login(make_user().email)
    routes = int_routes(app)
    assert len(routes) >= 5
    token = auth.csrf()
    for method, path in routes:
        for n in HUGE:
            response = client.open(path.format(n=n), method=method, data={"csrf_token": token})
            assert 400 <= response.status_code < 500, (method, path, n, response.status_code)


@pytest.mark.parametrize("field", ["card_id", "version", "duration_ms"])
def test_huge_numbers_in_the_answer_form_are_refused(client, auth, make_user, make_bank, field: str) -> None:
    make_bank()
    auth.login(make_user().email)
    auth.post("/study/start", {"bank": "test-bank"})
    _, fields = answer_form(client)
    for n in HUGE:
        response = auth.post("/study/answer", {**fields, field: str(n), "choice": "0"})
        assert response.status_code == 400, (field, n, response.status_code)


def test_nul_bytes_are_refused_everywhere(client, auth, make_user, make_bank) -> None:
    make_bank()
    user = make_user()
    assert client.get("/study?bank=test%00bank").status_code == 400
    assert client.get("/auth/login%00").status_code in (400, 404)
    response = auth.post("/auth/login", {"email": user.email + "\x00", "password": "x\x00"})
    assert response.status_code == 400
    auth.login(user.email)
    assert client.get("/study?tag=a%00").status_code == 400
    assert client.get("/study?last=1%00").status_code == 400
