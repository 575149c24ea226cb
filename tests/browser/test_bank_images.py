"""A bundled bank's diagram in a real browser: shown on the answer page, never before answering."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from question_bank import bundled_bank_path, generate, load_bank
from quizapp.services import banks
from tests.browser.conftest import LiveApp
from tests.browser.test_vignette_flow import register_and_study


def store_one_root_question(live_app: LiveApp) -> str:
    """The bundled bank with one question only: which movement L4 chiefly supplies (an MCQ)."""
    bank = load_bank(bundled_bank_path("lumbar-l1-l2"))
    question = next(
        q
        for q in generate(bank)
        if q.meta["entity"] == "root-l4" and q.type == "mcq" and q.meta["attr"] == "myotome"
    )
    engine = live_app.app.extensions["quizapp"].engine
    banks.store(engine, bank, [question], now=live_app.clock())
    return str(question.answer)


def test_the_answer_page_shows_the_roots_dermatome_diagram(page: Page, live_app: LiveApp) -> None:
    key = store_one_root_question(live_app)
    register_and_study(page, live_app)

    expect(page.locator("h1.prompt")).to_have_text("Which movement does the L4 root chiefly supply?")
    assert page.locator("img").count() == 0, "no picture before answering: it would cue the key"
    page.get_by_text(key, exact=True).click()
    page.get_by_role("button", name="Check answer").click()

    expect(page.locator("#verdict")).to_have_text("Correct")
    diagram = page.get_by_role("img", name="Diagram: L4 dermatome (medial leg and medial malleolus)")
    expect(diagram).to_be_visible()
    diagram.scroll_into_view_if_needed()
    page.wait_for_function("() => document.querySelector('.answer-media img').complete")
    assert diagram.evaluate("img => img.naturalWidth") > 0
    box = diagram.bounding_box()
    assert box is not None and box["width"] <= 390, "the diagram fits a phone's width"
