"""The session cookie as Chromium holds it: Secure (loopback counts as a secure origin, so the
production setting is what runs here) and out of reach of scripts."""

from __future__ import annotations

from playwright.sync_api import Page

from tests.browser.conftest import LiveApp
from tests.browser.test_study_flow import register_and_start
from tests.quizapp import factories


def test_the_session_cookie_is_secure_and_hidden_from_scripts(
    page: Page, live_app: LiveApp, study_bank: list[factories.Question]
) -> None:
    assert live_app.app.config["SESSION_COOKIE_SECURE"] is True
    register_and_start(page, live_app)
    cookies = {cookie["name"]: cookie for cookie in page.context.cookies()}
    assert cookies["session"]["secure"] and cookies["session"]["httpOnly"]
    assert cookies["session"]["sameSite"] == "Lax"
    assert page.evaluate("document.cookie") == ""
