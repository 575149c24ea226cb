"""An instructor runs a course in the browser, and a student who joined with its code answers
the question they wrote: a vignette in Markdown with an image, a lint warning seen and fixed,
published, edited into a second version."""

from __future__ import annotations

import os
import re
import struct
import zlib
from pathlib import Path

from playwright.sync_api import Browser, Page, expect

from quizapp.services import accounts
from tests.browser.conftest import LiveApp
from tests.browser.test_study_flow import PASSWORD, keys_ready

SHOTS = os.environ.get("QUIZAPP_SCREENSHOTS")
TEACHER = "teacher@example.org"


def png(width: int = 160, height: int = 80) -> bytes:
    """A real PNG (a blue box), drawn here so the test needs no image file."""
    row = b"\x00" + b"\x24\x57\xc5" * width
    raw = zlib.compress(row * height)

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", raw) + chunk(b"IEND", b"")


def shot(page: Page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=str(Path(SHOTS) / f"{name}-{page.viewport_size['width']}.png"), full_page=True)


def log_in(page: Page, live_app: LiveApp, email: str) -> None:
    page.goto(live_app.url + "/auth/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def write_the_vignette(page: Page, tmp_path: Path) -> None:
    page.get_by_role("link", name="Clinical vignette").click()
    page.get_by_label("Case (vignette stem)").fill(
        "A **34-year-old** woman has woken at night for two months with numbness of the thumb, "
        "index and middle fingers. Shaking the hand relieves it. Tapping the front of the wrist "
        "reproduces the tingling."
    )
    image = tmp_path / "wrist.png"
    image.write_bytes(png())
    page.get_by_label("Add an image to the case").set_input_files(str(image))
    page.get_by_role("button", name="Upload image").click()
    expect(page.get_by_role("status").filter(has_text="Image added to the case")).to_be_visible()
    page.get_by_label("Question (lead-in)").fill("Which nerve is NOT compressed?")
    for letter, text, why in (
        ("A", "Median nerve", "It runs through the carpal tunnel under the flexor retinaculum."),
        ("B", "Ulnar nerve", "It passes through Guyon's canal and serves the little finger."),
        ("C", "Radial nerve", "Its sensory branch serves the back of the hand."),
        ("D", "Anterior interosseous nerve", "It is purely motor: no numbness."),
    ):
        page.get_by_label(f"Option {letter}", exact=True).fill(text)
        page.get_by_label(f"Why {letter} is right or wrong").fill(why)
    page.get_by_label("A is correct").check()
    page.get_by_label("Educational objective").fill("Recognise median nerve compression at the wrist.")


def test_an_instructor_writes_publishes_and_edits_and_a_student_answers(
    browser: Browser, live_app: LiveApp, tmp_path: Path
) -> None:
    engine = live_app.app.extensions["quizapp"].engine
    accounts.register(
        engine, TEACHER, PASSWORD, now=live_app.clock(), role="instructor", hash_method="pbkdf2:sha256:1000"
    )
    teacher = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    log_in(teacher, live_app, TEACHER)

    teacher.get_by_role("link", name="Write").click()
    teacher.get_by_label("Bank title").fill("Hand and wrist")
    teacher.get_by_role("button", name="Create bank").click()
    write_the_vignette(teacher, tmp_path)
    lint = teacher.locator("#findings-prompt")
    expect(lint).to_contain_text("negative lead-in")  # seen while writing, next to the lead-in
    shot(teacher, "editor-lint")
    teacher.get_by_label("Question (lead-in)").fill("Which nerve is most likely compressed?")
    expect(lint).to_be_hidden()
    expect(teacher.locator("#preview strong").first).to_have_text("34-year-old")
    expect(teacher.locator("#preview img")).to_be_visible()
    teacher.get_by_role("button", name="Publish").click()
    expect(teacher.get_by_role("status").filter(has_text="Published as version 1")).to_be_visible()

    teacher.get_by_label("Question (lead-in)").fill("Which nerve is most likely compressed at the wrist?")
    teacher.get_by_role("button", name="Publish").click()
    expect(teacher.get_by_role("status").filter(has_text="Published as version 2")).to_be_visible()
    teacher.get_by_role("link", name=re.compile("History")).click()
    expect(teacher.get_by_role("row")).to_have_count(3)  # the heading row and two versions
    expect(teacher.get_by_role("row").nth(1)).to_contain_text(TEACHER)
    shot(teacher, "history")

    teacher.get_by_role("link", name="Courses").click()
    teacher.get_by_label("Course title").fill("Block 3: musculoskeletal")
    teacher.get_by_role("button", name="Create course").click()
    teacher.get_by_label("Bank").select_option(label="Hand and wrist")
    teacher.get_by_role("button", name="Add to the course").click()
    code = teacher.locator("#join-code").inner_text()
    shot(teacher, "course")

    student = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    student.goto(live_app.url + "/auth/register")
    student.get_by_label("Email").fill("student@example.org")
    student.get_by_label("Password", exact=True).fill(PASSWORD)
    student.get_by_label("Repeat password").fill(PASSWORD)
    student.get_by_role("button", name="Register").click()
    expect(student.get_by_text("Hand and wrist")).to_have_count(0)  # not before joining
    student.get_by_role("link", name="Courses").click()
    student.get_by_label("Join code").fill(code.lower())
    student.get_by_role("button", name="Join").click()
    expect(student.get_by_role("status").filter(has_text="You joined Block 3")).to_be_visible()
    student.get_by_role("button", name="Start studying").click()
    keys_ready(student)
    expect(
        student.get_by_role("heading", name="Which nerve is most likely compressed at the wrist?")
    ).to_be_visible()
    expect(student.locator(".stem strong")).to_have_text("34-year-old")
    expect(student.locator(".stem img")).to_be_visible()
    shot(student, "student-question")
    student.get_by_label("Median nerve").check()
    student.get_by_role("button", name="Check answer").click()
    expect(student.get_by_text("It runs through the carpal tunnel")).to_be_visible()
    shot(student, "student-result")
    teacher.context.close()
    student.context.close()
