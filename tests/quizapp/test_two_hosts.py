"""Two app processes on one database (two hosts behind a balancer): one student's session,
answers and logout hold whichever host serves each request."""

from __future__ import annotations

import re
from typing import Any

from quizapp.app import create_app
from quizapp.services import banks
from tests.quizapp import factories
from tests.quizapp.conftest import AuthActions
from tests.quizapp.test_study_views import answer_form


def carry_cookies(source: Any, target: Any) -> None:
    for name in ("session", "remember_token"):
        cookie = source.get_cookie(name)
        if cookie is not None:
            target.set_cookie(name, cookie.value)


def test_session_answers_and_logout_hold_across_two_hosts(app_config: dict[str, Any], make_user) -> None:
    first, second = create_app(app_config), create_app(app_config)
    try:
        question = factories.question()
        banks.store(
            first.extensions["quizapp"].engine,
            factories.bank(),
            [question],
            now=app_config["CLOCK"](),
        )
        user = make_user()
        on_first, on_second = first.test_client(), second.test_client()
        AuthActions(on_first).login(user.email)
        carry_cookies(on_first, on_second)
        assert on_second.get("/settings").status_code == 200  # signed in on the other host too

        AuthActions(on_first).post("/study/start", {"bank": "test-bank"})
        _, fields = answer_form(on_first)
        answered = AuthActions(on_first).post("/study/answer", {**fields, "choice": "1"})
        result = re.search(r"/study/result/\d+", answered.headers["Location"])
        assert result and on_second.get(result.group(0)).status_code == 200  # the answer is there
        assert question.prompt in on_second.get("/missed").get_data(as_text=True)  # missed, seen there

        assert AuthActions(on_second).logout().status_code == 302
        assert on_first.get("/settings").status_code == 302  # logged out on the first host as well
    finally:
        for host in (first, second):
            host.extensions["quizapp"].engine.dispose()
