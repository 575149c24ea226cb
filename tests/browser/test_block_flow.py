"""A student builds exam blocks in the browser: timed with a reload and a clock that runs out,
tutor with every option explained, then studies the missed ones."""

from __future__ import annotations

import dataclasses
import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from question_bank import bundled_bank_path, generate, load_bank
from question_bank.payloads import VignettePayload
from quizapp.services import banks
from tests.browser.conftest import LiveApp
from tests.browser.test_accessibility import register
from tests.quizapp import factories

SHOTS = os.environ.get("QUIZAPP_SCREENSHOTS")


@pytest.fixture
def exam_bank(live_app: LiveApp) -> list[factories.Question]:
    """Twelve objective questions of the bundled bank: vignettes and MCQs."""
    bundled = generate(load_bank(bundled_bank_path("lumbar-l1-l2")))
    chosen = [q for q in bundled if q.type == "vignette"][:6] + [q for q in bundled if q.type == "mcq"][:6]
    questions = [dataclasses.replace(q, bank="test-bank") for q in chosen]
    banks.store(live_app.app.extensions["quizapp"].engine, factories.bank(), questions, now=live_app.clock())
    return questions


def shot(page: Page, name: str) -> None:
    if SHOTS:
        for width in (390, 1280):
            page.set_viewport_size({"width": width, "height": 900})
            page.screenshot(path=str(Path(SHOTS) / f"block-{name}-{width}.png"), full_page=True)


def build(page: Page, count: int, mode: str, seconds: int | None = None) -> None:
    page.get_by_role("link", name="Blocks", exact=True).click()
    page.get_by_role("link", name="Build a block").click()
    shot(page, "builder")
    page.get_by_label("Number of questions").fill(str(count))
    page.get_by_role("radio", name=re.compile(f"^{mode}:")).check()
    if seconds is not None:
        page.get_by_label("Seconds per question").fill(str(seconds))
    page.get_by_role("button", name="Start the block").click()
    expect(page.get_by_text(f"Question 1 of {count}")).to_be_visible()
    page.wait_for_selector("body[data-keys=ready]", state="attached")


def shown_question(page: Page, exam_bank: list[factories.Question]) -> factories.Question:
    heading = page.locator("h1.prompt").inner_text().strip()
    stem = page.locator("#stem").inner_text().strip() if page.locator("#stem").count() else ""

    def matches(question: factories.Question) -> bool:
        if isinstance(question.payload, VignettePayload):  # vignettes share lead-ins: match the case too
            return (question.payload.stem, question.payload.lead_in) == (stem, heading)
        return question.prompt == heading

    return next(q for q in exam_bank if matches(q))


def pick_wrong(page: Page, exam_bank: list[factories.Question]) -> None:
    """Pick an option that is not the key of the question shown."""
    question = shown_question(page, exam_bank)
    wrong = next(c for c in question.choices if c != question.answer)
    text = page.locator(".text", has_text=re.compile(f"^{re.escape(wrong)}$"))
    page.locator(".option").filter(has=text).locator("input").check()


def test_a_timed_block_survives_a_reload_and_submits_itself_when_time_runs_out(
    page: Page, live_app: LiveApp, exam_bank: list[factories.Question]
) -> None:
    page.clock.install()
    register(page, live_app)
    build(page, 10, "Timed", seconds=30)
    expect(page.locator("#clock")).to_have_text("5:00")
    for _ in range(3):
        pick_wrong(page, exam_bank)
        page.clock.run_for(2000)
        page.get_by_role("button", name="Next").click()
        expect(page.locator("#clock")).to_be_visible()
    shot(page, "timed-question")
    page.clock.run_for(12_000)  # a beat reports the time used
    page.reload()
    navigator = page.get_by_role("navigation", name="Questions of this block")
    expect(navigator.get_by_role("link", name=re.compile(", answered"))).to_have_count(3)
    current = navigator.get_by_role("link", name="Question 4, unanswered")
    expect(current).to_have_attribute("aria-current", "page")
    left = page.locator("#clock").inner_text()
    assert left < "5:00" and left >= "4:30", left  # the time used survived the reload
    navigator.get_by_role("link", name="Question 1, answered").click()
    expect(page.locator(".options input:checked")).to_have_count(1)  # the first answer kept

    page.clock.run_for(5 * 60 * 1000)  # the clock runs out: the block submits itself
    expect(page.get_by_role("heading", name="Block results")).to_be_visible()
    expect(page.locator(".score")).to_contain_text("0 of 10 correct")
    shot(page, "results")
    missed = page.locator(".block-review li", has=page.get_by_text("incorrect", exact=True))
    headings = {text.strip() for text in missed.locator("p.heading").all_inner_texts()}
    assert headings
    page.get_by_role("button", name="Study the missed ones now").click()
    expect(page.locator("[data-page=question]")).to_be_visible()
    assert page.locator("h1.prompt").inner_text().strip() in headings  # exactly the missed ones

    # The progress page shows what was answered: 3 wrong block answers today, 3 cards due.
    page.get_by_role("link", name="Progress").click()
    expect(page.get_by_text("3 answers on 1 of the last 364 days.")).to_be_visible()
    expect(page.get_by_role("img", name=re.compile("3 answers on 1 days"))).to_be_visible()
    expect(page.get_by_role("img", name=re.compile(r"Cards due per day .* 3 today"))).to_be_visible()
    expect(page.get_by_role("img", name=re.compile("Block scores over time.*: 0%"))).to_be_visible()
    shot(page, "progress")

    # Choose a desired retention from the simulator's workloads.
    page.get_by_role("link", name="Settings").click()
    page.get_by_role("link", name="Help me choose a desired retention").click()
    expect(page.get_by_role("img", name=re.compile("Minutes of study per day"))).to_be_visible()
    shot(page, "retention")
    page.get_by_role("button", name="Use 0.85").click()
    expect(page.get_by_text("Desired retention set to 0.85.")).to_be_visible()
    page.get_by_role("link", name="Back to settings").click()
    expect(page.get_by_label("Desired retention (0.70–0.97)")).to_have_value("0.85")


def test_a_tutor_block_explains_every_option_after_each_answer(
    page: Page, live_app: LiveApp, exam_bank: list[factories.Question]
) -> None:
    register(page, live_app)
    build(page, 3, "Tutor")
    page.keyboard.press("Shift+A")  # strike out option A
    expect(page.locator(".options .option").first).to_have_class("option struck")
    page.keyboard.press("b")
    page.get_by_role("button", name="Submit answer").click()
    expect(page.locator("#verdict")).to_be_visible()
    expect(page.locator(".option.right")).to_have_count(1)
    expect(page.locator(".option .why").first).to_be_visible()
    shot(page, "tutor-explained")
    page.get_by_role("button", name="Mark").click()
    expect(page.get_by_role("button", name="Unmark")).to_be_visible()
    page.get_by_role("button", name="Next").click()
    expect(page.get_by_text("Question 2 of 3")).to_be_visible()
    page.get_by_role("button", name="End block and see results").click()
    expect(page.locator(".score")).to_contain_text("of 3 correct")
    page.get_by_role("link", name="Blocks", exact=True).click()
    expect(page.get_by_role("link", name="Results of block")).to_have_count(1)
