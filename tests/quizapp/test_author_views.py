"""The instructor's pages through HTTP: the editor, its live check, images, joining a course."""

from __future__ import annotations

import io
import re
from html.parser import HTMLParser

import pytest

from quizapp.services import authoring
from tests.quizapp.course_world import PNG, World, build_world, vignette


class Elements(HTMLParser):
    """Every attribute and script body of a page, as a browser would parse them."""

    def __init__(self) -> None:
        super().__init__()
        self.attributes: list[tuple[str, str]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.attributes += [(name, value or "") for name, value in attrs]
        self._in_script = tag == "script"

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts.append(data)

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False


@pytest.fixture
def world(engine, make_user, make_bank, clock) -> World:
    make_bank()
    return build_world(engine, make_user, clock)


def editor_fields(**overrides: str) -> dict[str, str]:
    fields = {
        "type": "mcq",
        "prompt": "Which nerve passes through the carpal tunnel?",
        "options-0-text": "Median nerve",
        "options-0-explanation": "It runs under the flexor retinaculum.",
        "options-0-correct": "y",
        "options-1-text": "Ulnar nerve",
        "options-1-explanation": "It passes through Guyon's canal.",
        "options-2-text": "Radial nerve",
        "options-2-explanation": "It stays on the back of the forearm.",
        "objective": "Know what passes through the carpal tunnel.",
        "true": "true",
        "action": "draft",
    }
    fields.update(overrides)
    return fields


def test_the_editor_shows_item_writing_findings_next_to_their_field(auth, client, world) -> None:
    auth.login(world.teacher.email)
    negative = editor_fields(prompt="Which nerve does NOT pass through the carpal tunnel?")
    page = auth.post(f"/write/banks/{world.slug}/new", negative, follow_redirects=True)
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Draft saved" in html
    findings = re.search(r'<ul class="findings" id="findings-prompt"[^>]*>(.*?)</ul>', html, re.S)
    assert findings and "negative lead-in" in findings.group(1), "the finding sits under the question field"


def test_what_cannot_be_saved_is_a_400_with_the_reason_at_the_field(auth, world) -> None:
    auth.login(world.teacher.email)
    response = auth.post(f"/write/banks/{world.slug}/new", editor_fields(**{"options-0-correct": ""}))
    assert response.status_code == 400
    errors = re.search(r'id="errors-options">(.*?)</ul>', response.get_data(as_text=True), re.S)
    assert errors and "Mark exactly one option" in errors.group(1)


def test_the_live_check_returns_a_sanitized_preview_and_the_findings(auth, world) -> None:
    auth.login(world.teacher.email)
    hostile = editor_fields(
        prompt="Which **nerve** is it? <script>alert(1)</script> [x](javascript:alert(1))",
        **{"options-1-text": "Ulnar <img src=x onerror=alert(1)> nerve"},
    )
    result = auth.post("/write/check", hostile).get_json()
    preview = result["preview"]
    assert "<strong>nerve</strong>" in preview
    assert "<script" not in preview and "onerror" not in preview.replace("onerror=alert", "")
    assert "<img" not in preview and 'href="javascript' not in preview
    assert result["errors"] == {}
    missing = auth.post("/write/check", editor_fields(prompt="")).get_json()
    assert missing["preview"] == "" and "prompt" in missing["errors"]


def test_a_student_reads_an_authors_markdown_rendered_and_nothing_of_their_script(
    auth, client, engine, world, clock
) -> None:
    hostile = vignette(
        stem=(
            'A man has **back pain**. <script>alert("stem")</script> <a href="x" onclick="alert(1)">here</a>'
        ),
        explanation="[More](javascript:alert(1)) and ![chart](/media/x/y.png)",
    )
    authoring.save_draft(engine, world.teacher, world.slug, world.question_id, hostile, clock())
    authoring.publish(engine, world.teacher, world.question_id, clock())
    auth.login(world.student.email)
    auth.post("/study/start", {"bank": world.slug})
    page = client.get(f"/study?bank={world.slug}").get_data(as_text=True)
    assert "<strong>back pain</strong>" in page
    elements = Elements()
    elements.feed(page)
    assert not [a for a in elements.attributes if a[0].startswith("on")], "no event handler"
    assert not [s for s in elements.scripts if "alert" in s], "no script of the author's"
    assert not [v for n, v in elements.attributes if n in ("href", "src") and v.startswith("javascript")]


def test_images_upload_under_their_own_name_and_serve_to_those_who_see_the_bank(
    auth, client, world, app
) -> None:
    auth.login(world.teacher.email)
    upload = {"csrf_token": auth.csrf(), "image": (io.BytesIO(PNG), "../../etc/passwd.png")}
    done = client.post(
        f"/write/banks/{world.slug}/images", data=upload, headers={"Accept": "application/json"}
    ).get_json()
    assert done["markdown"] == f"![Describe the image](/media/{world.slug}/{world.image})"
    svg = {"csrf_token": auth.csrf(), "image": (io.BytesIO(b"<svg onload=alert(1)>"), "a.svg")}
    refused = client.post(
        f"/write/banks/{world.slug}/images", data=svg, headers={"Accept": "application/json"}
    )
    assert refused.status_code == 400 and "PNG, JPEG, GIF or WebP" in refused.get_json()["error"]
    # Refused from its declared length, before the body is read.
    huge = b"-" * (app.config["MAX_CONTENT_LENGTH"] + 1)
    too_big = client.post(
        f"/write/banks/{world.slug}/images", data=huge, content_type="multipart/form-data; boundary=x"
    )
    assert too_big.status_code == 413
    served = client.get(f"/media/{world.slug}/{world.image}")
    assert served.data == PNG and served.headers["X-Content-Type-Options"] == "nosniff"
    auth.logout()
    auth.login(world.outsider.email)
    assert client.get(f"/media/{world.slug}/{world.image}").status_code == 404


def test_a_student_joins_with_the_code_and_finds_the_bank_on_the_decks_page(
    auth, client, make_user, world
) -> None:
    auth.login(make_user("new-student@example.org").email)
    assert "Hand and wrist" not in client.get("/").get_data(as_text=True)
    wrong = auth.post("/courses/join", {"code": "NOPE1234"}, follow_redirects=True)
    assert "No course has that code" in wrong.get_data(as_text=True)
    joined = auth.post("/courses/join", {"code": world.code.lower()}, follow_redirects=True)
    assert "You joined Block 3: musculoskeletal" in joined.get_data(as_text=True)
    assert "Hand and wrist" in joined.get_data(as_text=True)
