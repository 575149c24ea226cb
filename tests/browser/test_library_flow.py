"""A student marks a question on its answer page, finds it under Marked, and downloads it for Anki."""

from __future__ import annotations

import zipfile
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.browser.conftest import LiveApp
from tests.browser.test_study_flow import register_and_start
from tests.quizapp import factories


def test_mark_a_question_and_download_the_marked_set_for_anki(
    page: Page, live_app: LiveApp, study_bank: list[factories.Question], tmp_path: Path
) -> None:
    first = study_bank[0]
    register_and_start(page, live_app)
    page.get_by_text("NSAID", exact=True).click()
    page.get_by_role("button", name="Check answer").click()
    expect(page.locator("#verdict")).to_have_text("Correct")

    page.get_by_role("button", name="Mark", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("Marked")
    expect(page.get_by_role("button", name="Unmark")).to_be_visible()  # back on the same answer

    page.goto(live_app.url + "/")
    page.get_by_role("link", name="Marked questions").click()
    expect(page.locator(".marked .prompt")).to_have_text([first.prompt])
    expect(page.get_by_label("Download format")).to_have_value("anki")
    with page.expect_download() as info:
        page.get_by_role("button", name="Download").click()
    download = info.value
    assert download.suggested_filename.endswith(".apkg")
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    with zipfile.ZipFile(saved) as archive:
        assert {"collection.anki2", "collection.anki21"} & set(archive.namelist())
