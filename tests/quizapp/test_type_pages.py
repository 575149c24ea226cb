"""Every registered question type is shown on the study page and answered through it."""

from __future__ import annotations

import dataclasses
import html

import pytest

from question_bank import bundled_bank_path, generate, load_bank
from question_bank.types import QUESTION_TYPES
from tests.question_bank.test_types import WRITTEN
from tests.quizapp.test_study_views import answer_form

_BUNDLED = generate(load_bank(bundled_bank_path("lumbar-l1-l2")))


@pytest.mark.parametrize("name", sorted(QUESTION_TYPES))
def test_type_renders_and_is_answered(name: str, client, auth, make_user, make_bank) -> None:
    qtype = QUESTION_TYPES[name]
    question = WRITTEN.get(name) or next(q for q in _BUNDLED if q.type == name)
    make_bank([dataclasses.replace(question, bank="test-bank")])
    auth.login(make_user().email)
    auth.post("/study/start", {"bank": "test-bank"})
    page, fields = answer_form(client)
    assert f'data-type="{name}"' in page
    for option in qtype.options(question):
        assert html.escape(option, quote=False) in page
    if not qtype.auto_graded:
        assert "Show answer" in page
        response = auth.post("/study/answer", {**fields, "rating": "3"})
        assert response.status_code == 302 and "last=" in response.headers["Location"]
        return
    result = auth.post("/study/answer", {**fields, "choice": qtype.key_response(question)})
    shown = client.get(result.headers["Location"]).get_data(as_text=True)
    assert 'id="verdict">Correct<' in shown
