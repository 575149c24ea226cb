"""A new student in a real browser: register, study with mouse and keyboard, come back tomorrow."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser.conftest import LiveApp
from tests.quizapp import factories

EMAIL, PASSWORD = "new.student@example.org", "correct horse battery"


def register_and_start(page: Page, live_app: LiveApp) -> None:
    page.goto(live_app.url + "/")
    page.get_by_role("link", name="Create an account").click()
    page.get_by_label("Email").fill(EMAIL)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Repeat password").fill(PASSWORD)
    page.get_by_role("button", name="Register").click()
    expect(page.get_by_role("heading", name="Your decks")).to_be_visible()
    expect(page.locator(".counts .new")).to_have_text("3 new")
    page.get_by_role("button", name="Start studying").click()
    keys_ready(page)


def keys_ready(page: Page) -> None:
    """Wait until study.js has attached its shortcuts to the page now shown."""
    page.wait_for_selector("body[data-keys=ready]", state="attached")


def test_new_student_studies_and_gets_the_due_card_tomorrow(
    page: Page, live_app: LiveApp, study_bank: list[factories.Question]
) -> None:
    register_and_start(page, live_app)
    first, second, flashcard = study_bank

    # Right answer with the mouse.
    expect(page.locator("h1.prompt")).to_have_text(first.prompt)
    page.get_by_text("NSAID", exact=True).click()
    page.get_by_role("button", name="Check answer").click()
    expect(page.locator("#verdict")).to_have_text("Correct")
    expect(page.locator(".explanation")).to_contain_text(first.explanation)
    expect(page.locator(".source")).to_contain_text(first.source)
    expect(page.locator(".grade.selected")).to_contain_text("Good")
    expect(page.locator(".grade.g3 small")).to_have_text("10m")

    # Wrong answer with the keyboard: B picks "Opioid", Enter checks, Space continues.
    page.keyboard.press("Space")
    expect(page.locator("h1.prompt")).to_have_text(second.prompt)
    keys_ready(page)
    page.keyboard.press("b")
    expect(page.locator(".options input").nth(1)).to_be_checked()
    page.keyboard.press("Enter")
    expect(page.locator("#verdict")).to_have_text("Incorrect")
    expect(page.locator(".grade.selected")).to_contain_text("Again")
    expect(page.locator(".answer")).to_contain_text("NSAID")
    keys_ready(page)
    page.keyboard.press("Enter")

    # A flashcard: Space reveals, 3 grades Good.
    expect(page.locator("h1.prompt")).to_have_text(flashcard.prompt)
    expect(page.locator(".back")).to_be_hidden()
    keys_ready(page)
    page.keyboard.press("Space")
    expect(page.locator(".back .answer")).to_have_text(str(flashcard.answer))
    page.keyboard.press("3")
    expect(page.get_by_role("button", name="Undo last answer")).to_be_visible()

    # The missed question is listed on the missed page.
    page.get_by_role("link", name="Missed").click()
    expect(page.locator(".missed .prompt")).to_have_text([second.prompt])

    # Tomorrow the cards are due again, the missed one first.
    live_app.clock.advance(days=1)
    page.goto(live_app.url + "/")
    page.get_by_role("button", name="Start studying").click()
    expect(page.locator("h1.prompt")).to_have_text(second.prompt)
    expect(page.locator(".meta")).to_contain_text("today 0 new · 0 reviews")


def test_undo_and_regrade_in_the_browser(
    page: Page, live_app: LiveApp, study_bank: list[factories.Question]
) -> None:
    register_and_start(page, live_app)
    page.keyboard.press("1")
    page.keyboard.press("Enter")
    expect(page.locator("#verdict")).to_have_text("Correct")
    keys_ready(page)
    page.keyboard.press("4")  # change the grade to Easy and move on
    expect(page.locator("h1.prompt")).to_have_text(study_bank[1].prompt)
    page.get_by_role("button", name="Undo last answer").click()
    expect(page.locator("h1.prompt")).to_have_text(study_bank[0].prompt)
    expect(page.get_by_role("status")).to_have_text("Answer undone.")


def test_the_study_page_fits_a_phone(
    page: Page, live_app: LiveApp, study_bank: list[factories.Question]
) -> None:
    register_and_start(page, live_app)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    box = page.get_by_role("button", name="Check answer").bounding_box()
    assert box is not None and box["height"] >= 40  # big enough to tap
