"""Any text in any field of any form, sent to every POST route: a 4xx or a redirect, never a 5xx."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.quizapp.course_world import build_world
from tests.quizapp.test_route_table import routes, url_for_rule

FIELDS = [
    "email",
    "password",
    "confirm",
    "current",
    "remember",
    "new_per_day",
    "reviews_per_day",
    "desired_retention",
    "card_id",
    "version",
    "duration_ms",
    "rating",
    "bank",
    "tag",
    "choice",
    "format",
    "topic",
    "question_id",
    "next",
    "banks",
    "topics",
    "types",
    "pool",
    "count",
    "mode",
    "seconds_per_question",
    "go",
    "option",
    "time_used_ms",
    "block",
    "role",
    "title",
    "description",
    "code",
    "closed",
    "type",
    "stem",
    "prompt",
    "options-0-text",
    "options-0-explanation",
    "options-0-correct",
    "options-7-text",
    "options-99-correct",
    "back",
    "accepted",
    "pairs",
    "true",
    "explanation",
    "objective",
    "source",
    "tags",
    "action",
    "image",
    "condition",
    "cites",
    "name",
    "section",
    "attr_dose",
    "attr_drug_class",
    "new_drug_class",
    "absent_dose",
    "file",
    "check_only",
    "difficulty",
    "difficulties",
]
NASTY = st.sampled_from(
    [
        "",
        "0",
        "-1",
        "1e309",
        "NaN",
        str(2**63),
        str(2**31),
        "\x00",
        "\u202e",
        "' OR 1=1 --",
        "<script>alert(1)</script>",
        "../../etc/passwd",
        "é" * 300,
        "//evil.example",
        "a\r\nb",
    ]
)
VALUES = st.one_of(NASTY, st.text(max_size=40), st.integers(-(2**70), 2**70).map(str))


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_no_form_input_gives_a_server_error(
    app, client, auth, engine, clock, make_user, make_bank, data: st.DataObject
) -> None:
    """As an instructor who studies too, so that the editor's forms are reached as well."""
    if not app.extensions.get("fuzz-ready"):  # one account, bank and course for all examples
        make_bank()
        world = build_world(engine, make_user, clock)
        app.extensions["fuzz-world"] = world.ids()
        auth.login(world.teacher.email)
        auth.post("/study/start", {"bank": "test-bank"})
        auth.post("/blocks/new", {"count": "3", "mode": "timed", "pool": "all", "types": "mcq"})
        app.extensions["fuzz-ready"] = auth.csrf()
    token = app.extensions["fuzz-ready"]
    posts = [rule for _, method, rule in routes(app) if method == "POST" and "logout" not in rule]
    rule = data.draw(st.sampled_from(posts))
    fields = data.draw(st.dictionaries(st.sampled_from(FIELDS), VALUES, max_size=6))
    some_id = st.one_of(st.integers(0, 3), st.integers(0, 2**70))  # small ones exist
    names = ("card_id", "review_id", "block_id", "position", "user_id")
    ids = {**app.extensions["fuzz-world"], **{name: data.draw(some_id) for name in names}}
    url = re.sub(r"%00", "", url_for_rule(rule, ids))
    response = client.post(url, data={**fields, "csrf_token": token})
    response.close()
    assert response.status_code < 500, (url, fields, response.status_code)
