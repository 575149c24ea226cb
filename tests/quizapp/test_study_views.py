"""The study pages through the test client: question, result, grades, undo, suspend, missed."""

from __future__ import annotations

import dataclasses
import re

import pytest
from sqlalchemy import func, select

from quizapp.store.models import ReviewLog
from tests.quizapp import factories
from tests.quizapp.conftest import AuthActions


def count_reviews(engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(ReviewLog)).scalar_one())


def hidden(page: str, name: str) -> str:
    match = re.search(rf'<input type="hidden" name="{name}" value="([^"]*)"', page)
    assert match, f"no hidden {name} field"
    return match.group(1)


@pytest.fixture
def student(auth, make_user, make_bank):
    questions = make_bank()
    user = make_user()
    auth.login(user.email)
    assert auth.post("/study/start", {"bank": "test-bank"}).status_code == 302
    return user, questions


def answer_form(client) -> tuple[str, dict[str, str]]:
    page = client.get("/study?bank=test-bank").get_data(as_text=True)
    fields = {n: hidden(page, n) for n in ("card_id", "version", "bank")}
    return page, fields


def test_question_page_shows_lettered_options(client, student) -> None:
    _, questions = student
    page, _ = answer_form(client)
    assert questions[0].prompt in page
    for letter, choice in zip("ABCD", questions[0].choices, strict=True):
        assert f'<span class="letter">{letter}</span>' in page and choice in page


def test_right_answer_shows_result_with_explanation_and_good_selected(client, auth, student) -> None:
    _, questions = student
    _, fields = answer_form(client)
    response = auth.post("/study/answer", {**fields, "choice": "0"})
    assert response.status_code == 302 and "/study/result/" in response.headers["Location"]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Correct" in page and questions[0].explanation in page and questions[0].source in page
    selected = re.search(r'class="grade g(\d) selected"', page)
    assert selected and selected.group(1) == "3"  # Good
    assert re.search(r"<span>Again</span><small>1m</small>", page)


def test_wrong_answer_preselects_again_and_lands_in_missed(client, auth, student) -> None:
    _, questions = student
    _, fields = answer_form(client)
    response = auth.post("/study/answer", {**fields, "choice": "2"})
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Incorrect" in page and 'class="grade g1 selected"' in page
    missed = client.get("/missed").get_data(as_text=True)
    assert questions[0].prompt in missed and "Muscle relaxant" in missed
    assert 'id="missed-export"' in missed


def test_resubmitting_the_form_records_one_review(client, auth, engine, student) -> None:
    _, fields = answer_form(client)
    first = auth.post("/study/answer", {**fields, "choice": "0"})
    again = auth.post("/study/answer", {**fields, "choice": "1"})
    assert first.headers["Location"] == again.headers["Location"]
    assert count_reviews(engine) == 1


def test_regrade_then_next_question(client, auth, student) -> None:
    _, questions = student
    _, fields = answer_form(client)
    result = auth.post("/study/answer", {**fields, "choice": "0"}).headers["Location"]
    review_id = result.split("/")[-1].split("?")[0]
    graded = auth.post(f"/study/result/{review_id}/grade?bank=test-bank", {"rating": "4"})
    assert graded.status_code == 302
    page = client.get(graded.headers["Location"]).get_data(as_text=True)
    assert questions[1].prompt in page and "Undo last answer" in page


def test_undo_shows_the_same_question_again(client, auth, engine, student) -> None:
    _, questions = student
    _, fields = answer_form(client)
    result = auth.post("/study/answer", {**fields, "choice": "0"}).headers["Location"]
    review_id = result.split("/")[-1].split("?")[0]
    undone = auth.post(f"/study/result/{review_id}/undo?bank=test-bank")
    page = client.get(undone.headers["Location"]).get_data(as_text=True)
    assert questions[0].prompt in page and count_reviews(engine) == 0


def test_suspend_skips_the_question(client, auth, student) -> None:
    _, questions = student
    _, fields = answer_form(client)
    suspended = auth.post(f"/study/cards/{fields['card_id']}/suspend?bank=test-bank")
    page = client.get(suspended.headers["Location"]).get_data(as_text=True)
    assert questions[1].prompt in page
    assert questions[0].prompt in client.get("/suspended").get_data(as_text=True)


def test_bad_answers_get_a_message_not_a_500(client, auth, student) -> None:
    _, fields = answer_form(client)
    assert auth.post("/study/answer", {**fields, "choice": "17"}).status_code == 302
    assert "not one of the options" in client.get("/study").get_data(as_text=True)
    assert auth.post("/study/answer", {"card_id": "x", "version": "0"}).status_code == 400
    assert auth.post("/study/answer", {**fields, "card_id": "999999"}).status_code == 404
    assert client.get("/study/result/999999").status_code == 404
    assert client.post("/study/answer", data={**fields, "choice": "0"}).status_code == 400


def test_another_students_result_is_404(client, auth, make_user, student) -> None:
    _, fields = answer_form(client)
    result = auth.post("/study/answer", {**fields, "choice": "0"}).headers["Location"]
    auth.logout()
    auth.login(make_user().email)
    assert client.get(result).status_code == 404
    review_id = result.split("/")[-1].split("?")[0]
    assert auth.post(f"/study/result/{review_id}/grade", {"rating": "1"}).status_code == 404


def test_flashcard_is_self_graded_with_intervals(client, auth, make_user, make_bank) -> None:
    card = factories.question(type="flashcard", choices=(), answer="An NSAID")
    make_bank([card])
    auth.login(make_user().email)
    auth.post("/study/start", {"bank": "test-bank"})
    page, fields = answer_form(client)
    assert "Show answer" in page and "An NSAID" in page
    assert re.search(r"<span>Easy</span><small>8d</small>", page)
    response = auth.post("/study/answer", {**fields, "rating": "3"})
    assert "last=" in response.headers["Location"]


def test_cloze_hides_the_deletion_until_revealed(client, auth, make_user, make_bank) -> None:
    make_bank(
        [
            factories.question(
                type="cloze", choices=(), answer="NSAID", cloze="Ibuprofen is an {{c1::NSAID}} <b>drug</b>"
            )
        ]
    )
    auth.login(make_user().email)
    auth.post("/study/start", {"bank": "test-bank"})
    page, _ = answer_form(client)
    assert '<span class="cloze">[…]</span>' in page
    assert '<span class="cloze">NSAID</span>' in page  # on the hidden back
    assert "&lt;b&gt;drug&lt;/b&gt;" in page  # content is escaped


def test_matching_multi_and_truefalse_render_and_grade(client, auth, make_user, make_bank) -> None:
    questions = [
        factories.question(
            type="matching",
            items=("Ibuprofen", "Morphine"),
            choices=("Opioid", "NSAID"),
            answer=("NSAID", "Opioid"),
        ),
        factories.question(type="multi", choices=("A", "B", "C"), answer=("A", "C")),
        factories.question(type="truefalse", choices=("True", "False"), answer="False"),
    ]
    make_bank(questions)
    auth.login(make_user().email)
    auth.post("/study/start", {"bank": "test-bank"})
    for answer in (["1", "0"], ["0", "2"], ["1"]):
        _, fields = answer_form(client)
        result = auth.post("/study/answer", {**fields, "choice": answer}).headers["Location"]
        assert "Correct" in client.get(result).get_data(as_text=True)


def test_done_page_when_nothing_is_left(client, auth, make_user, make_bank) -> None:
    make_bank([])
    auth.login(make_user().email)
    assert "Congratulations" in client.get("/study?bank=test-bank").get_data(as_text=True)


def test_settings_validate_retention(client, auth, make_user) -> None:
    auth.login(make_user().email)
    bad = auth.post("/settings", {"new_per_day": "10", "reviews_per_day": "100", "desired_retention": "0.99"})
    assert bad.status_code == 400
    good = auth.post(
        "/settings", {"new_per_day": "10", "reviews_per_day": "100", "desired_retention": "0.85"}
    )
    assert good.status_code == 302
    assert 'value="0.85"' in client.get("/settings").get_data(as_text=True)


def test_come_back_tomorrow_and_the_card_is_due(client, auth, clock, student) -> None:
    _, questions = student
    for _ in questions:
        _, fields = answer_form(client)
        auth.post("/study/answer", {**fields, "choice": "1"})  # all wrong: relearn in 1m
    clock.advance(days=1)
    page = client.get("/study?bank=test-bank").get_data(as_text=True)
    assert questions[0].prompt in page


def test_a_student_downloads_their_own_data_and_nobody_elses(app, client, auth, make_user, make_bank) -> None:
    import json

    make_bank()
    auth.login(make_user("me@example.org").email)
    auth.post("/study/start", {"bank": "test-bank"})
    _, fields = answer_form(client)
    auth.post("/study/answer", {**fields, "choice": "0"})
    other = app.test_client()
    AuthActions(other).login(make_user("other@example.org").email)
    response = client.get("/settings/data")
    assert response.status_code == 200 and "attachment" in response.headers["Content-Disposition"]
    data = json.loads(response.data)
    assert data["account"]["email"] == "me@example.org" and len(data["answers"]) == 1
    assert "password_hash" not in response.get_data(as_text=True)
    assert json.loads(other.get("/settings/data").data)["answers"] == []


def test_the_trip_ups_students_reported(client, auth, make_user, make_bank) -> None:
    """A bank that does not exist is a 404; a second answer after Back says so; the dashboard counts
    every answer and tells new cards allowed today from cards not yet seen; unanswered cards can
    be marked."""
    make_bank([factories.question() for _ in range(25)])
    auth.login(make_user().email)
    assert client.get("/study?bank=nonexistent").status_code == 404
    auth.post("/study/start", {"bank": "test-bank"})
    page, fields = answer_form(client)
    assert 'class="secondary mark"' in page  # Mark, before answering
    auth.post("/study/answer", {**fields, "choice": "1"})
    again = auth.post("/study/answer", {**fields, "choice": "0"}, follow_redirects=True)
    assert "You had already answered this question" in again.get_data(as_text=True)
    home = " ".join(client.get("/").get_data(as_text=True).split())
    assert "Today: 1 answer (1 of 20 new cards" in home
    assert "24 not yet seen of 25 questions" in home and "19 new" in home


def test_a_student_studies_several_topics_or_one_type(client, auth, make_user, make_bank) -> None:
    flashcard = factories.question(topic="surgery", type="flashcard", choices=(), answer="x")
    make_bank([factories.question(topic="anatomy"), factories.question(topic="causes"), flashcard])
    auth.login(make_user().email)
    start = auth.post("/study/start", {"bank": "test-bank", "topic": ["anatomy", "surgery"]})
    assert start.status_code == 302 and "topic=anatomy" in start.headers["Location"]
    topics_seen = set()
    for _ in range(4):
        page = client.get("/study?bank=test-bank&topic=anatomy&topic=surgery").get_data(as_text=True)
        if 'id="answer-form"' not in page:
            break
        topics_seen.add(re.search(r"<span>(\w+)</span> ·", page).group(1))
        assert page.count('name="topic"') == 2  # the scope is carried by the answer form
        fields = {n: hidden(page, n) for n in ("card_id", "version", "bank")}
        answered = auth.post(
            "/study/answer", {**fields, "topic": ["anatomy", "surgery"], "choice": "0", "rating": "4"}
        )
        assert "topic=anatomy&topic=surgery" in answered.headers["Location"]
    assert topics_seen == {"anatomy", "surgery"}  # never "causes"
    one_type = client.get("/study?bank=test-bank&type=flashcard").get_data(as_text=True)
    assert 'data-type="flashcard"' in one_type or "Congratulations" in one_type
    assert client.get("/study?type=nonsense").status_code == 400


def test_the_missed_page_shows_what_was_asked_and_filters(client, auth, make_user, make_bank) -> None:
    """Options with the key and the last pick, matching pairs, flashcards rated Again; a topic filter."""
    from question_bank.payloads import MatchingPayload

    matching = factories.question(
        type="matching",
        prompt="Match each drug with its class.",
        choices=("NSAID", "Opioid"),
        answer=("NSAID", "Opioid"),
        topic="causes",
    )
    matching = dataclasses.replace(matching, payload=MatchingPayload(items=("ibuprofen", "morphine")))
    card = factories.question(
        type="flashcard", choices=(), answer="Two a day", prompt="Dose?", topic="causes"
    )
    make_bank([factories.question(topic="anatomy"), matching, card])
    auth.login(make_user().email)
    auth.post("/study/start", {"bank": "test-bank"})
    for _ in range(3):
        page = client.get("/study?bank=test-bank").get_data(as_text=True)
        fields = {n: hidden(page, n) for n in ("card_id", "version", "bank")}
        choice = ["1", "0"] if 'data-type="matching"' in page else ["1"]
        auth.post("/study/answer", {**fields, "choice": choice, "rating": "1"})
    page = " ".join(client.get("/missed").get_data(as_text=True).split())
    assert "3 questions you got wrong or rated Again" in page
    assert 'ibuprofen → <strong>NSAID</strong> <span class="muted">(you: Opioid)</span>' in page
    assert "Two a day" in page  # the flashcard rated Again, with its answer
    assert "· correct" in page and "· your last answer" in page  # the MCQ's options
    causes = client.get("/missed?topic=causes").get_data(as_text=True)
    assert "2 questions" in causes and "Match each drug" in causes and "which drug class" not in causes
    assert "Practise the missed ones" in page
