"""A bundled bank's image files: served to accounts that see the bank, nothing else from its
folder, shown after answering, and packaged into downloads."""

from __future__ import annotations

import dataclasses
import io
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest

import question_bank.banks
from question_bank import bundled_bank_path
from quizapp.services import bank_images, banks, study
from quizapp.store import courses
from quizapp.store.cards import Scope
from tests.quizapp import factories
from tests.quizapp.test_study_views import hidden

SLUG = "lumbar-l1-l2"
L4 = "images/dermatome-l4.svg"
SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><title>Disc &amp; root</title></svg>\n'


@pytest.fixture
def lumbar(engine, clock) -> None:
    banks.load_path(engine, bundled_bank_path(SLUG), now=clock())


@pytest.fixture
def signed_in(auth, make_user) -> Any:
    user = make_user()
    auth.login(user.email)
    return user


@pytest.fixture
def tmp_banks(tmp_path, monkeypatch) -> Path:
    """An empty bundled-banks folder with a bank 'test-bank' holding img/root.svg."""
    folder = tmp_path / "banks" / "test-bank"
    (folder / "img").mkdir(parents=True)
    (folder / "bank.yaml").write_text("slug: test-bank\n")
    (folder / "img" / "root.svg").write_text(SVG)
    monkeypatch.setattr(question_bank.banks, "BANKS_DIR", tmp_path / "banks")
    return folder


def test_a_signed_in_student_gets_a_banks_diagram_with_safe_headers(client, lumbar, signed_in) -> None:
    response = client.get(f"/banks/{SLUG}/images/{L4}")
    assert response.status_code == 200
    assert response.mimetype == "image/svg+xml"
    assert response.data == (bundled_bank_path(SLUG) / L4).read_bytes()
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Content-Security-Policy"] == "default-src 'none'; style-src 'unsafe-inline'"


def test_anonymous_visitors_are_sent_to_log_in(client, lumbar) -> None:
    response = client.get(f"/banks/{SLUG}/images/{L4}")
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]


@pytest.mark.parametrize(
    "name",
    [
        "bank.yaml",  # in the folder, but no image
        "nerve-roots.yaml",
        "images/missing.svg",
        "images/../bank.yaml",
        "images/%2e%2e/bank.yaml",
        "../gout/bank.yaml",
        "%2e%2e/%2e%2e/banks/__init__.py",
        "/etc/hostname",
        "images/./dermatome-l4.svg",
        "images%5Cdermatome-l4.svg",  # a backslash
        "images/dermatome-l4.svg%00.png",
    ],
)
def test_nothing_but_an_image_file_inside_the_bank_folder_is_served(client, lumbar, signed_in, name) -> None:
    # Werkzeug merges a double slash by redirecting, and refuses a NUL byte itself (400).
    response = client.get(f"/banks/{SLUG}/images/{name}", follow_redirects=True)
    assert response.status_code in (400, 404) if "%00" in name else response.status_code == 404


def test_an_unknown_bank_or_one_without_a_folder_is_a_404(client, lumbar, signed_in, make_bank) -> None:
    assert client.get(f"/banks/no-such-bank/images/{L4}").status_code == 404
    make_bank()  # stored, visible, but no bundled folder
    assert client.get("/banks/test-bank/images/img/root.svg").status_code == 404


def test_a_bank_the_account_does_not_see_is_a_404(client, engine, lumbar, signed_in) -> None:
    with engine.begin() as conn:
        courses.set_visibility(conn, SLUG, "courses")  # only its courses' students see it now
    assert client.get(f"/banks/{SLUG}/images/{L4}").status_code == 404


def test_a_symlink_out_of_the_folder_is_refused(client, signed_in, make_bank, tmp_banks, tmp_path) -> None:
    make_bank()
    outside = tmp_path / "secret.svg"
    outside.write_text(SVG)
    (tmp_banks / "img" / "link.svg").symlink_to(outside)
    (tmp_banks / "img" / "inside.svg").symlink_to(tmp_banks / "img" / "root.svg")
    assert client.get("/banks/test-bank/images/img/root.svg").status_code == 200
    assert client.get("/banks/test-bank/images/img/inside.svg").status_code == 200
    assert client.get("/banks/test-bank/images/img/link.svg").status_code == 404


def test_content_types_follow_the_suffix(client, signed_in, make_bank, tmp_banks) -> None:
    make_bank()
    (tmp_banks / "img" / "scan.PNG").write_bytes(b"\x89PNG\r\n\x1a\n")
    (tmp_banks / "img" / "photo.jpeg").write_bytes(b"\xff\xd8\xff")
    assert client.get("/banks/test-bank/images/img/scan.PNG").mimetype == "image/png"
    assert client.get("/banks/test-bank/images/img/photo.jpeg").mimetype == "image/jpeg"
    assert client.get("/banks/test-bank/images/img/root.svg").mimetype == "image/svg+xml"


def test_alt_text_is_an_svgs_title_or_the_file_name(tmp_banks) -> None:
    assert bank_images.description("test-bank", "img/root.svg") == "Diagram: Disc & root"
    (tmp_banks / "img" / "lateral-view.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    assert bank_images.description("test-bank", "img/lateral-view.png") == "Image: lateral view"
    assert bank_images.description("test-bank", "img/gone.svg") is None
    assert bank_images.description("no-bank", "img/root.svg") is None


def study_page(engine: Any, client: Any, user: Any) -> tuple[str, dict[str, str]]:
    study.start(engine, user, Scope())
    page = client.get("/study?bank=test-bank").get_data(as_text=True)
    return page, {n: hidden(page, n) for n in ("card_id", "version")}


def test_the_result_page_shows_the_answers_diagram(
    client, auth, engine, signed_in, make_bank, tmp_banks
) -> None:
    make_bank([factories.question(answer_media=("img/root.svg",))])
    page, fields = study_page(engine, client, signed_in)
    assert "img/root.svg" not in page, "the picture is not shown before answering"
    html = auth.post("/study/answer", {**fields, "bank": "test-bank", "choice": "0"}, follow_redirects=True)
    assert '<img src="/banks/test-bank/images/img/root.svg" alt="Diagram: Disc &amp; root"' in html.get_data(
        as_text=True
    )


def test_a_picture_the_folder_lacks_is_left_out(
    client, auth, engine, signed_in, make_bank, tmp_banks
) -> None:
    make_bank([factories.question(answer_media=("img/gone.svg",))])
    _, fields = study_page(engine, client, signed_in)
    result = auth.post("/study/answer", {**fields, "bank": "test-bank", "choice": "0"}, follow_redirects=True)
    assert "answer-media" not in result.get_data(as_text=True)


def test_answer_media_is_stored_and_read_back(engine, make_bank, tmp_banks) -> None:
    from quizapp.store import questions

    make_bank([factories.question(id="qimg", answer_media=("img/root.svg",))])
    with engine.connect() as conn:
        stored = questions.get(conn, "qimg")
    assert stored is not None and stored.answer_media == ("img/root.svg",) and stored.media == ()


def test_an_anki_download_of_the_bundled_bank_packages_the_root_diagrams(auth, lumbar, signed_in) -> None:
    response = auth.post(f"/banks/{SLUG}/download", {"format": "anki", "topic": ["neuroanatomy"]})
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    with zipfile.ZipFile(io.BytesIO(response.data)) as archive:
        names = json.loads(archive.read("media"))
        by_name = {name: archive.read(number) for number, name in names.items()}
    roots = {f"dermatome-{r}.svg" for r in ("t12", "l1", "l2", "l3", "l4", "l5", "s1")}
    assert set(by_name) == roots
    assert by_name["dermatome-l4.svg"] == (bundled_bank_path(SLUG) / L4).read_bytes()


def test_a_moodle_download_puts_the_diagram_in_the_general_feedback_only(auth, lumbar, signed_in) -> None:
    import xml.etree.ElementTree as ET

    response = auth.post(f"/banks/{SLUG}/download", {"format": "moodle-xml", "topic": ["neuroanatomy"]})
    quiz = ET.fromstring(response.data)
    with_images = [q for q in quiz.iter("question") if q.find("generalfeedback/file") is not None]
    assert with_images
    for question in with_images:
        assert question.find("questiontext/file") is None
        assert "@@PLUGINFILE@@/dermatome-" in (question.findtext("generalfeedback/text") or "")


def test_a_tutor_block_shows_the_diagram_with_the_explanation(
    client, auth, engine, clock, signed_in, make_bank, tmp_banks
) -> None:
    from quizapp.services import blocks
    from quizapp.services.blocks import BlockSpec

    make_bank([factories.question(answer_media=("img/root.svg",))])
    block_id = blocks.build(engine, signed_in, BlockSpec(count=1, mode="tutor"), clock())
    before = client.get(f"/blocks/{block_id}/0").get_data(as_text=True)
    assert "img/root.svg" not in before, "not before answering"
    after = auth.post(f"/blocks/{block_id}/0", {"choice": "0"}, follow_redirects=True).get_data(as_text=True)
    assert 'class="explanation"' in after
    assert '<img src="/banks/test-bank/images/img/root.svg" alt="Diagram: Disc &amp; root"' in after


def test_a_flashcards_diagram_is_on_its_back(client, engine, signed_in, make_bank, tmp_banks) -> None:
    card = factories.question(type="flashcard", choices=(), answer="Ankle dorsiflexion", explanation="")
    make_bank([dataclasses.replace(card, answer_media=("img/root.svg",))])
    page, _ = study_page(engine, client, signed_in)
    front, back = page.split('id="back"', 1)
    assert "img/root.svg" not in front and '<img src="/banks/test-bank/images/img/root.svg"' in back
