"""A numerical question on the study page and in a block: a field for a number (a phone's digit
keyboard, the unit in its label), what was typed and the accepted value ± tolerance on the result,
and anything not a number asked again with a message, never a 500 and never a review."""

from __future__ import annotations

import dataclasses
import html

from question_bank.types import NumericalPayload
from quizapp.services import blocks
from quizapp.services.blocks import BlockSpec
from tests.question_bank.test_types import WRITTEN
from tests.quizapp.test_study_views import answer_form, count_reviews

URATE = dataclasses.replace(WRITTEN["numerical"], bank="test-bank")


def test_a_numerical_question_is_typed_and_shown_with_its_tolerance(
    client, auth, make_user, make_bank
) -> None:
    make_bank([URATE])
    auth.login(make_user().email)
    auth.post("/study/start", {"bank": "test-bank"})
    page, fields = answer_form(client)
    assert 'inputmode="decimal"' in page and 'name="choice"' in page and " required " in page
    assert "Your answer (in µmol/L)" in page
    result = auth.post("/study/answer", {**fields, "choice": " 365 µmol/L "})
    shown = client.get(result.headers["Location"]).get_data(as_text=True)
    assert 'id="verdict">Correct<' in shown
    assert "You wrote: <strong>365 µmol/L</strong>" in shown
    assert "<strong>Accepted:</strong> 360 µmol/L (± 10)" in shown


def test_what_is_not_a_number_is_asked_again_with_a_message(
    client, auth, engine, make_user, make_bank
) -> None:
    make_bank([URATE])
    auth.login(make_user().email)
    auth.post("/study/start", {"bank": "test-bank"})
    _, fields = answer_form(client)
    for typed, message in [
        ("three hundred", "Type a number."),
        ("", "Type a number."),
        ("1,000", "without a thousands separator"),
        ("360 mg/dL", "Type a number, in µmol/L."),
    ]:
        response = auth.post("/study/answer", {**fields, "choice": typed})
        assert response.status_code == 302 and "/study/result/" not in response.headers["Location"]
        assert message in client.get(response.headers["Location"]).get_data(as_text=True)
    assert count_reviews(engine) == 0
    wrong = auth.post("/study/answer", {**fields, "choice": "0,5"})
    assert 'id="verdict">Incorrect<' in client.get(wrong.headers["Location"]).get_data(as_text=True)


def test_the_unit_and_the_typed_answer_are_escaped(client, auth, make_user, make_bank) -> None:
    hostile = dataclasses.replace(URATE, payload=NumericalPayload(tolerance=10, unit="<b>u</b>"))
    make_bank([hostile])
    auth.login(make_user().email)
    auth.post("/study/start", {"bank": "test-bank"})
    page, fields = answer_form(client)
    assert "<b>u</b>" not in page and html.escape("(in <b>u</b>)") in page
    result = auth.post("/study/answer", {**fields, "choice": "360 <b>u</b>"})
    shown = client.get(result.headers["Location"]).get_data(as_text=True)
    assert "<b>u</b>" not in shown and 'id="verdict">Correct<' in shown


def test_a_numerical_question_is_answered_in_a_block(
    client, auth, engine, make_user, make_bank, clock
) -> None:
    make_bank([URATE])
    user = make_user()
    auth.login(user.email)
    block_id = blocks.build(engine, user, BlockSpec(count=1, types=("numerical",), mode="tutor"), clock())
    page = client.get(f"/blocks/{block_id}/0").get_data(as_text=True)
    assert 'id="typed"' in page and 'inputmode="decimal"' in page and "Your answer (in µmol/L)" in page
    refused = auth.post(f"/blocks/{block_id}/0", {"choice": "lots"})
    assert refused.status_code == 302
    assert "Type a number." in client.get(refused.headers["Location"]).get_data(as_text=True)
    assert blocks.view(engine, user, block_id).items[0].answered_at is None
    answered = auth.post(f"/blocks/{block_id}/0", {"choice": "3,55e2"})
    shown = client.get(answered.headers["Location"]).get_data(as_text=True)
    assert blocks.view(engine, user, block_id).items[0].correct is True
    assert "<strong>Accepted:</strong> 360 µmol/L (± 10)" in shown and 'value="3,55e2"' in shown
