"""Bank pages, downloads of a bank or of a student's missed and marked sets, and marks."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import question_bank.banks
from exports import FORMATS
from quizapp.services import accounts, library, study
from quizapp.services.errors import NotFound
from quizapp.services.library import ExportFailed, NothingToExport, UnknownFormat
from quizapp.store.cards import Scope
from tests.exports.anki_support import empty_collection
from tests.exports.factories import write_png
from tests.quizapp import factories

MIMETYPES = {
    "anki": "application/apkg",
    "csv": "text/csv",
    "gift": "text/plain",
    "moodle-xml": "application/xml",
    "json": "application/json",
}


def pharmacology(**overrides: Any) -> factories.Question:
    return factories.question(**overrides)


def surgery(**overrides: Any) -> factories.Question:
    values = {"topic": "surgery", "tags": ("test-bank::surgery::surgery",), "prompt": "Which surgery?"}
    return factories.question(**{**values, **overrides})


@pytest.fixture
def mixed_bank(make_bank) -> list[factories.Question]:
    """Three pharmacology questions (two MCQs, a flashcard) and two surgery true/false ones."""
    return make_bank(
        [
            pharmacology(),
            pharmacology(),
            pharmacology(type="flashcard", choices=(), answer="An NSAID"),
            surgery(type="truefalse", choices=("True", "False"), answer="True"),
            surgery(type="truefalse", choices=("True", "False"), answer="False"),
        ]
    )


@pytest.fixture
def student(auth, make_user):
    user = make_user()
    auth.login(user.email)
    return user


@pytest.fixture
def anki_collection(tmp_path: Path) -> Iterator[Any]:
    with empty_collection(tmp_path) as col:
        yield col


def import_apkg(col: Any, data: bytes, tmp_path: Path) -> Any:
    from anki.collection import ImportAnkiPackageOptions, ImportAnkiPackageRequest

    path = tmp_path / "download.apkg"
    path.write_bytes(data)
    request = ImportAnkiPackageRequest(package_path=str(path), options=ImportAnkiPackageOptions())
    return col.import_anki_package(request).log


def download(auth, url: str, fmt: str = "json", **data: Any) -> Any:
    return auth.post(url, {"format": fmt, **data})


def json_ids(response: Any) -> list[str]:
    assert response.status_code == 200, response.get_data(as_text=True)
    return [item["id"] for item in json.loads(response.data)]


def answer_all(engine, policy, clock, user, wrong: set[str]) -> None:
    """Answer each question once through the service: wrongly for the ids in `wrong`."""
    study.start(engine, user, Scope())
    answered: set[str] = set()
    while found := study.next_card(engine, policy, accounts.load(engine, user.id), Scope(), clock()):
        question = found.card.question
        if question.id in answered:  # a missed card coming back to be relearned
            break
        answered.add(question.id)
        right = question.choices.index(question.answer) if question.choices else 0
        study.submit(
            engine,
            policy,
            user,
            card_id=found.card.card_id,
            version=found.card.version,
            response=[str(right ^ 1 if question.id in wrong else right)],
            rating=None if question.type != "flashcard" else 3,
            duration_ms=None,
            now=clock(),
        )


def result_page(client, auth) -> tuple[str, str]:
    """Answer the first question of test-bank through the views; (result URL, its page)."""
    auth.post("/study/start", {"bank": "test-bank"})
    page = client.get("/study?bank=test-bank").get_data(as_text=True)
    fields = {
        name: re.search(rf'name="{name}" value="([^"]*)"', page).group(1)  # type: ignore[union-attr]
        for name in ("card_id", "version", "bank")
    }
    url = auth.post("/study/answer", {**fields, "choice": "0"}).headers["Location"]
    return url, client.get(url).get_data(as_text=True)


# The bank page


def test_bank_page_counts_live_questions_by_topic_and_type(client, make_bank, mixed_bank, student) -> None:
    make_bank(mixed_bank[:4])  # the last surgery question is no longer generated: retired
    page = client.get("/banks/test-bank").get_data(as_text=True)
    assert "<h1>Test bank</h1>" in page and "A bank for tests." in page
    assert "<h2>4 questions</h2>" in page
    rows = dict(re.findall(r'<th scope="row">([^<]+)</th><td>(\d+)</td>', page))
    assert rows == {
        "Pharmacology": "3",
        "Surgery": "1",
        "Multiple choice": "2",
        "Flashcard": "1",
        "True or false": "1",
    }
    # The study start form, and the download form with every format and a box per topic.
    assert 'action="/study/start"' in page and 'name="bank" value="test-bank"' in page
    assert 'action="/banks/test-bank/download"' in page
    assert all(f'<option value="{name}"' in page for name in FORMATS)
    assert '<option value="anki" selected>' in page
    topic_boxes = re.findall(r'name="topic" value="([^"]+)"', page)
    assert topic_boxes == ["pharmacology", "surgery"] * 2  # the study form's, the download form's


def test_dashboard_links_each_bank_to_its_page(client, mixed_bank, student) -> None:
    page = client.get("/").get_data(as_text=True)
    assert '<a href="/banks/test-bank">Test bank</a>' in page
    assert "Start studying" in page  # the shared start form


def test_unknown_bank_is_a_404_page(client, auth, student) -> None:
    response = client.get("/banks/no-such-bank")
    assert response.status_code == 404 and "does not exist" in response.get_data(as_text=True)
    assert download(auth, "/banks/no-such-bank/download").status_code == 404


def test_bank_pages_and_downloads_need_a_login(client, auth, mixed_bank) -> None:
    assert "/auth/login" in client.get("/banks/test-bank").headers["Location"]
    for url in ("/banks/test-bank/download", "/missed/download", "/marked/download"):
        assert "/auth/login" in download(auth, url).headers["Location"]
    assert "/auth/login" in client.get("/marked").headers["Location"]


# Downloads


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_each_format_downloads_with_its_type_and_name(auth, mixed_bank, student, fmt) -> None:
    response = download(auth, "/banks/test-bank/download", fmt)
    assert response.status_code == 200
    assert response.mimetype == MIMETYPES[fmt]
    extension = FORMATS[fmt].extension
    disposition = response.headers["Content-Disposition"]
    assert disposition == f"attachment; filename=test-bank-all.{extension}"
    assert len(response.data) > 100


def test_topic_selection_downloads_only_those_topics(auth, mixed_bank, student) -> None:
    response = download(auth, "/banks/test-bank/download", topic=["surgery"])
    assert json_ids(response) == [q.id for q in mixed_bank[3:]]
    assert "filename=test-bank-surgery.json" in response.headers["Content-Disposition"]


def test_anki_download_of_a_topic_imports_into_anki(
    auth, mixed_bank, student, anki_collection, tmp_path
) -> None:
    response = download(auth, "/banks/test-bank/download", "anki", topic=["pharmacology"])
    assert response.status_code == 200
    log = import_apkg(anki_collection, response.data, tmp_path)
    assert len(log.new) == 3 == anki_collection.note_count()
    names = {d.name for d in anki_collection.decks.all_names_and_ids()}
    assert "Test bank::01 Pharmacology" in names and not [n for n in names if n.endswith("Surgery")]


def test_an_anki_download_in_one_deck_keeps_topics_in_tags(
    auth, mixed_bank, student, anki_collection, tmp_path
) -> None:
    response = download(auth, "/banks/test-bank/download", "anki", one_deck="1")
    log = import_apkg(anki_collection, response.data, tmp_path)
    assert len(log.new) == 5 == anki_collection.note_count()
    names = {d.name for d in anki_collection.decks.all_names_and_ids()} - {"Default"}
    assert names == {"Test bank"}
    tagged = anki_collection.find_notes("tag:#Quizapp::test-bank::surgery::*")
    assert len(tagged) == 2, "the topic is in every note's tags"


def test_images_of_a_bundled_bank_reach_anki(
    auth, make_bank, student, anki_collection, tmp_path, monkeypatch
) -> None:
    banks_dir = tmp_path / "banks"
    (banks_dir / "test-bank" / "img").mkdir(parents=True)
    (banks_dir / "test-bank" / "bank.yaml").write_text("slug: test-bank\n")
    png = write_png(banks_dir / "test-bank" / "img" / "disc.png")
    monkeypatch.setattr(question_bank.banks, "BANKS_DIR", banks_dir)
    make_bank([pharmacology(media=("img/disc.png",))])

    response = download(auth, "/banks/test-bank/download", "anki")
    import_apkg(anki_collection, response.data, tmp_path)
    assert (Path(anki_collection.media.dir()) / "disc.png").read_bytes() == png.read_bytes()
    (note_id,) = anki_collection.find_notes("")
    assert '<img src="disc.png"' in anki_collection.get_note(note_id)["Image"]


def test_a_missing_image_is_a_message_not_a_500(client, auth, make_bank, student) -> None:
    make_bank([pharmacology(media=("img/gone.png",))])  # not a bundled bank: no image folder
    response = download(auth, "/banks/test-bank/download", "anki")
    assert response.status_code == 302 and response.headers["Location"] == "/banks/test-bank"
    assert "could not be written as Anki deck" in client.get("/banks/test-bank").get_data(as_text=True)


def test_unknown_format_is_a_400_that_says_so(auth, mixed_bank, student) -> None:
    response = download(auth, "/banks/test-bank/download", "docx")
    assert response.status_code == 400
    assert "Unknown download format &#39;docx&#39;" in response.get_data(as_text=True)
    assert download(auth, "/banks/test-bank/download", "").status_code == 400


def test_an_empty_selection_redirects_back_with_a_message(client, auth, mixed_bank, student) -> None:
    for url, back in (
        ("/missed/download", "/missed"),
        ("/marked/download", "/marked"),
        ("/banks/test-bank/download", "/banks/test-bank"),
    ):
        response = download(auth, url, "anki", topic=["no-such-topic"])
        assert response.status_code == 302 and response.headers["Location"] == back
        assert "no questions to download" in client.get(back).get_data(as_text=True)


def test_missed_download_holds_exactly_the_missed_questions(
    client, auth, engine, policy, clock, mixed_bank, student
) -> None:
    missed = {mixed_bank[0].id, mixed_bank[3].id}
    answer_all(engine, policy, clock, student, wrong=missed)
    page = client.get("/missed").get_data(as_text=True)
    assert 'action="/missed/download"' in page and '<option value="anki" selected>' in page
    response = download(auth, "/missed/download")
    assert set(json_ids(response)) == missed
    assert "filename=test-bank-missed.json" in response.headers["Content-Disposition"]
    anki = download(auth, "/missed/download", "anki")
    assert anki.status_code == 200 and anki.headers["Content-Disposition"].endswith("-missed.apkg")


# Marks


def test_mark_from_the_result_page_list_download_and_unmark(client, auth, mixed_bank, student) -> None:
    url, page = result_page(client, auth)
    question_id = re.search(r'name="question_id" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    assert question_id == mixed_bank[0].id and 'action="/marks"' in page

    marked = auth.post("/marks", {"question_id": question_id, "next": url})
    assert marked.status_code == 302 and marked.headers["Location"] == url
    again = client.get(url).get_data(as_text=True)
    assert 'action="/marks/remove"' in again and 'aria-pressed="true"' in again

    listing = client.get("/marked").get_data(as_text=True)
    assert mixed_bank[0].prompt in listing and 'action="/marked/download"' in listing
    assert json_ids(download(auth, "/marked/download")) == [question_id]

    auth.post("/marks/remove", {"question_id": question_id, "next": "/marked"})
    assert mixed_bank[0].prompt not in client.get("/marked").get_data(as_text=True)
    assert 'action="/marks"' in client.get(url).get_data(as_text=True)


def test_marking_is_idempotent_and_needs_a_real_question(engine, clock, make_user, mixed_bank) -> None:
    user = make_user()
    assert library.mark(engine, user, mixed_bank[1].id, clock()) is True
    assert library.mark(engine, user, mixed_bank[1].id, clock()) is False
    assert [m.question.id for m in library.list_marked(engine, user)] == [mixed_bank[1].id]
    with pytest.raises(NotFound):
        library.mark(engine, user, "no-such-question", clock())
    assert library.unmark(engine, user, mixed_bank[1].id) is True
    assert library.unmark(engine, user, mixed_bank[1].id) is False


def test_marking_an_unknown_question_is_a_404(auth, student) -> None:
    assert auth.post("/marks", {"question_id": "nope"}).status_code == 404


def test_marks_are_private_to_their_student(client, auth, engine, clock, make_user, mixed_bank) -> None:
    owner, other = make_user(), make_user()
    library.mark(engine, owner, mixed_bank[2].id, clock())

    auth.login(other.email)
    assert mixed_bank[2].prompt not in client.get("/marked").get_data(as_text=True)
    assert download(auth, "/marked/download").headers["Location"] == "/marked"  # nothing of theirs
    # Unmarking names a question, never a user: the owner's mark stays.
    auth.post("/marks/remove", {"question_id": mixed_bank[2].id})
    assert [m.question.id for m in library.list_marked(engine, owner)] == [mixed_bank[2].id]
    assert library.list_marked(engine, other) == []
    # A user id in the request is ignored; the mark goes to the signed-in student.
    auth.post("/marks", {"question_id": mixed_bank[0].id, "user_id": str(owner.id)})
    assert [m.question.id for m in library.list_marked(engine, owner)] == [mixed_bank[2].id]
    assert [m.question.id for m in library.list_marked(engine, other)] == [mixed_bank[0].id]


def test_missed_sets_are_private_too(client, auth, engine, policy, clock, make_user, mixed_bank) -> None:
    owner, other = make_user(), make_user()
    answer_all(engine, policy, clock, owner, wrong={mixed_bank[0].id})
    auth.login(other.email)
    assert mixed_bank[0].prompt not in client.get("/missed").get_data(as_text=True)
    assert download(auth, "/missed/download").headers["Location"] == "/missed"


def test_mark_routes_refuse_a_missing_csrf_token(app, client, auth, engine, mixed_bank, student) -> None:
    app.config["WTF_CSRF_ENABLED"] = True
    for url in ("/marks", "/marks/remove"):
        response = client.post(url, data={"question_id": mixed_bank[0].id})
        assert response.status_code == 400 and "form expired" in response.get_data(as_text=True)
        bad = client.post(url, data={"question_id": mixed_bank[0].id, "csrf_token": "forged"})
        assert bad.status_code == 400
    assert library.list_marked(engine, student) == []
    assert client.post("/banks/test-bank/download", data={"format": "json"}).status_code == 400


def test_mark_redirects_only_within_the_site(auth, mixed_bank, student) -> None:
    response = auth.post("/marks", {"question_id": mixed_bank[0].id, "next": "https://evil.example/"})
    assert response.headers["Location"] == "/"


# The service, directly


def test_a_set_spanning_banks_takes_each_image_from_its_bank(
    engine, clock, make_user, make_bank, tmp_path, anki_collection
) -> None:
    folders = {slug: tmp_path / slug for slug in ("bank-a", "bank-b")}
    for slug, folder in folders.items():
        (folder / "img").mkdir(parents=True)
        write_png(folder / "img" / f"{slug}.png")
    a = make_bank([pharmacology(bank="bank-a", media=("img/bank-a.png",))], slug="bank-a")
    b = make_bank([pharmacology(bank="bank-b", media=("img/bank-b.png",))], slug="bank-b")
    user = make_user()
    for question in (*a, *b):
        library.mark(engine, user, question.id, clock())

    found = library.export_selection(engine, user, "marked", "anki", media_folder=folders.get)
    assert found.filename == "quizapp-marked.apkg" and found.count == 2
    import_apkg(anki_collection, found.data, tmp_path)
    assert sorted(p.name for p in Path(anki_collection.media.dir()).iterdir()) == ["bank-a.png", "bank-b.png"]


def test_two_banks_with_different_images_of_one_name_are_refused(
    engine, clock, make_user, make_bank, tmp_path
) -> None:
    folders = {slug: tmp_path / slug for slug in ("bank-a", "bank-b")}
    for rgb, folder in zip(((1, 2, 3), (4, 5, 6)), folders.values(), strict=True):
        (folder / "img").mkdir(parents=True)
        write_png(folder / "img" / "same.png", rgb=rgb)
    user = make_user()
    for slug in folders:
        (question,) = make_bank([pharmacology(bank=slug, media=("img/same.png",))], slug=slug)
        library.mark(engine, user, question.id, clock())
    with pytest.raises(ExportFailed):
        library.export_selection(engine, user, "marked", "anki", media_folder=folders.get)


def test_service_errors(engine, make_user, mixed_bank) -> None:
    user = make_user()
    with pytest.raises(UnknownFormat):
        library.export_selection(engine, user, "bank", "pdf", bank="test-bank")
    with pytest.raises(NotFound):
        library.export_selection(engine, user, "bank", "json", bank="nope")
    with pytest.raises(NothingToExport):
        library.export_selection(engine, user, "missed", "json")
    with pytest.raises(NotFound):
        library.bank_overview(engine, user, "nope")
    overview = library.bank_overview(engine, user, "test-bank")
    assert overview.questions == 5 and overview.topics == [("pharmacology", 3), ("surgery", 2)]
