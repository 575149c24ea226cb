"""A clinical vignette in the browser: the case, the lead-in, and every option explained after."""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from question_bank import bundled_bank_path, generate, load_bank
from question_bank.payloads import VignettePayload
from quizapp.services import banks
from tests.browser.conftest import LiveApp
from tests.browser.test_study_flow import EMAIL, PASSWORD, keys_ready
from tests.quizapp import factories

SHOTS = os.environ.get("QUIZAPP_SCREENSHOTS")  # a folder: save what the student saw, to look at


@pytest.fixture
def vignette(live_app: LiveApp) -> factories.Question:
    bundled = generate(load_bank(bundled_bank_path("lumbar-l1-l2")))
    found = next(q for q in bundled if q.meta["template"] == "vignette-metabolic-cause")
    question = dataclasses.replace(found, bank="test-bank")
    engine = live_app.app.extensions["quizapp"].engine
    banks.store(engine, factories.bank(), [question], now=live_app.clock())
    return question


def register_and_study(page: Page, live_app: LiveApp) -> None:
    page.goto(live_app.url + "/auth/register")
    page.get_by_label("Email").fill(EMAIL)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Repeat password").fill(PASSWORD)
    page.get_by_role("button", name="Register").click()
    page.get_by_role("button", name="Start studying").click()
    keys_ready(page)


def shot(page: Page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=str(Path(SHOTS) / f"{name}-{page.viewport_size['width']}.png"), full_page=True)


@pytest.mark.parametrize("width", [390, 1280])
def test_a_vignette_is_answered_and_every_option_explained(
    page: Page, live_app: LiveApp, vignette: factories.Question, width: int
) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    payload = vignette.payload
    assert isinstance(payload, VignettePayload)
    register_and_study(page, live_app)

    expect(page.locator(".stem")).to_have_text(payload.stem)
    expect(page.get_by_role("heading", name=payload.lead_in)).to_be_visible()
    shot(page, "vignette-question")
    wrong = next(c for c in vignette.choices if c != vignette.answer)
    page.get_by_label(wrong).check()
    page.get_by_role("button", name="Check answer").click()

    expect(page.locator("#verdict")).to_have_text("Incorrect")
    expect(page.locator(".stem")).to_have_text(payload.stem)
    for option, why in zip(vignette.choices, payload.rationales, strict=True):
        expect(page.locator(".option", has_text=option).locator(".why")).to_have_text(why)
    expect(page.locator(".option.right")).to_contain_text(str(vignette.answer))
    expect(page.locator(".option.chosen")).to_contain_text(wrong)
    expect(page.locator(".objective")).to_contain_text(payload.objective)
    shot(page, "vignette-result")


def test_an_mcq_also_explains_every_option(page: Page, live_app: LiveApp) -> None:
    bundled = generate(load_bank(bundled_bank_path("lumbar-l1-l2")))
    mcq = dataclasses.replace(next(q for q in bundled if q.type == "mcq"), bank="test-bank")
    banks.store(live_app.app.extensions["quizapp"].engine, factories.bank(), [mcq], now=live_app.clock())
    register_and_study(page, live_app)
    page.get_by_label(str(mcq.answer)).check()
    page.get_by_role("button", name="Check answer").click()
    expect(page.locator("#verdict")).to_have_text("Correct")
    payload = mcq.payload
    for option, why in zip(mcq.choices, getattr(payload, "rationales", ()), strict=True):
        expect(page.locator(".option", has_text=option).locator(".why")).to_have_text(why)
    expect(page.locator(".objective")).to_contain_text(getattr(payload, "objective", ""))
    shot(page, "mcq-result")
