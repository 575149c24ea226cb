"""Every page against axe-core's WCAG 2.1 AA rules in Chromium, and its layout on a phone and zoomed.

The pages come from the app's URL map: a GET route that renders HTML must be listed in PAGES (how
a student reaches it) or in NOT_PAGES (why it is not a page), so a new page is audited from the
day it is written. Each question type is audited on its question page and its result page.
Reflow: a page must not scroll sideways at 390 px (a phone) or at 640 px, which is what a 1280 px
window shows at 200% zoom.
"""

from __future__ import annotations

import dataclasses
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Locator, Page, expect
from sqlalchemy import text

from question_bank import Question, bundled_bank_path, generate, load_bank
from quizapp.services import accounts, authoring, banks
from tests.browser.conftest import LiveApp
from tests.browser.test_study_flow import EMAIL, PASSWORD, keys_ready
from tests.question_bank.test_types import WRITTEN
from tests.quizapp import factories
from tests.quizapp.course_world import build_world, vignette

WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
WIDTHS = (390, 640)
SHOTS = os.environ.get("QUIZAPP_SCREENSHOTS")
TYPES = (
    "vignette",
    "mcq",
    "multi",
    "truefalse",
    "matching",
    "cloze",
    "flashcard",
    "shortanswer",
    "numerical",
)
# Signed-in pages reached by address once the student has studied; the others are audited
# on the way (landing, login, register, dashboard, bank, question and result of every type).
PAGES = {
    "main.missed": "/missed",
    "library.marked": "/marked",
    "main.suspended": "/suspended",
    "auth.password": "/auth/password",
    "main.progress_page": "/progress",
    "main.retention": "/settings/retention",
    "blocks.index": "/blocks",
    "blocks.new": "/blocks/new",
    "admin.users": "/admin/users",  # the walk's student is made an admin first
    "main.settings": "/settings",  # last: the walk saves it next
}
WALKED = {
    "main.home",
    "auth.login",
    "auth.register",
    "library.bank",
    "study.question",
    "study.result",
    "blocks.question",
    "blocks.results",
    "main.card_info",
}
NOT_PAGES = {
    "static": "files, not pages",
    "main.own_data": "a JSON download",
    "blocks.resume": "a redirect to where the block stands",
    "author.media": "an uploaded image",
    "library.bank_image": "an image",
}
# The instructor's pages, audited as the course world's teacher (tests.quizapp.course_world).
INSTRUCTOR_PAGES = {
    "courses.index": "/courses",
    "courses.course": "/courses/{course_id}",
    "author.index": "/write",
    "author.bank": "/write/banks/{author_slug}",
    "author.new_question": "/write/banks/{author_slug}/new?type=vignette",
    "author.edit_question": "/write/questions/{question_id}",
    "author.history": "/write/questions/{question_id}/history",
    "facts.index": "/write/banks/{author_slug}/facts",
    "facts.new": "/write/banks/{author_slug}/facts/new/drug",
    "facts.preview": "/write/banks/{author_slug}/facts/preview",
    "author.upload": "/write/import",
}


def one_of_each_type() -> list[Question]:
    bundled = [*generate(load_bank(bundled_bank_path("lumbar-l1-l2"))), *WRITTEN.values()]
    chosen = [next(q for q in bundled if q.type == kind) for kind in TYPES]
    return [dataclasses.replace(q, bank="test-bank") for q in chosen]


class Auditor:
    """Runs axe and the reflow check on each page shown; collects what fails, page by page."""

    def __init__(self, page: Page) -> None:
        self.page, self.axe = page, Axe()
        self.failures: list[str] = []
        self.audited: list[str] = []

    def __call__(self, name: str) -> None:
        self.audited.append(name)
        options = {"runOnly": {"type": "tag", "values": WCAG_21_AA}, "resultTypes": ["violations"]}
        results = self.axe.run(self.page, options=options)
        for violation in results.response["violations"]:
            targets = [node["target"] for node in violation["nodes"]][:3]
            self.failures.append(f"{name}: {violation['id']} ({violation['help']}) at {targets}")
        desktop = self.page.viewport_size
        for width in WIDTHS:
            self.page.set_viewport_size({"width": width, "height": 800})
            overflow = self.page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            if overflow > 0:
                self.failures.append(f"{name}: scrolls sideways by {overflow} px at {width} px wide")
            if SHOTS:
                self.page.screenshot(path=str(Path(SHOTS) / f"a11y-{name}-{width}.png"), full_page=True)
        assert desktop is not None
        self.page.set_viewport_size(desktop)


def register(page: Page, live_app: LiveApp) -> None:
    page.goto(live_app.url + "/auth/register")
    page.get_by_label("Email").fill(EMAIL)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Repeat password").fill(PASSWORD)
    page.get_by_role("button", name="Register").click()
    expect(page.get_by_role("heading", name="Your decks")).to_be_visible()


def answer_wrongly(page: Page, kind: str, button: str = "Check answer") -> None:
    """Answer the question shown, wrongly where the type allows, so the missed list fills."""
    if kind in ("cloze", "flashcard"):  # revealed already
        page.get_by_role("button", name="Again").click()
        return
    if kind == "matching":
        for select in page.locator("select").all():
            select.select_option(index=1)
    elif kind == "shortanswer":
        page.get_by_label("Your answer").fill("not it")
    elif kind == "numerical":
        page.get_by_label("Your answer").fill("1")
    else:
        page.locator(".options input").first.check()
    page.get_by_role("button", name=button).click()
    expect(page.locator("#verdict")).to_be_visible()


def study_every_type(page: Page, audit: Auditor) -> None:
    page.get_by_role("button", name="Start studying").click()
    for _ in TYPES:
        keys_ready(page)
        kind = page.locator("[data-type]").get_attribute("data-type") or "?"
        audit(f"question-{kind}")
        if kind in ("cloze", "flashcard"):
            page.get_by_text("Show answer").click()
            audit(f"question-{kind}-revealed")
        answer_wrongly(page, kind)
        if kind not in ("cloze", "flashcard"):
            audit(f"result-{kind}")
            if kind == "vignette":
                page.get_by_role("link", name="Card info").click()
                audit("card-info")
                page.go_back()
            page.get_by_role("button", name="Mark").click()
            page.get_by_role("link", name="Continue").click()
    audit("study-done")


def test_every_page_passes_axe_and_reflows(page: Page, live_app: LiveApp) -> None:
    engine = live_app.app.extensions["quizapp"].engine
    banks.store(engine, factories.bank(), one_of_each_type(), now=live_app.clock())
    page.set_viewport_size({"width": 1280, "height": 900})
    audit = Auditor(page)
    visit = visitor(page, live_app, audit)

    visit("/", "landing")
    visit("/auth/login", "login")
    page.get_by_label("Email").fill("nobody@example.org")
    page.get_by_label("Password").fill("wrong password")
    page.get_by_role("button", name="Log in").click()
    audit("login-failed")
    visit("/auth/register", "register")
    page.get_by_role("button", name="Register").click()
    audit("register-invalid")
    visit("/no/such/page", "not-found")

    register(page, live_app)
    audit("dashboard")
    visit("/banks/test-bank", "bank")
    study_every_type(page, audit)
    with engine.begin() as conn:
        conn.execute(text("UPDATE users SET role = 'admin'"))
    for endpoint, path in PAGES.items():
        visit(path, endpoint)
    page.get_by_role("button", name="Save").click()
    audit("settings-saved")
    take_a_block(page, audit, live_app.url)

    assert audit.failures == [], "\n".join(audit.failures)
    assert len(audit.audited) >= 20


def test_the_instructor_pages_pass_axe_and_reflow(page: Page, live_app: LiveApp) -> None:
    engine = live_app.app.extensions["quizapp"].engine

    def make_user(email: str, role: str = "student") -> Any:
        now = live_app.clock()
        return accounts.register(
            engine, email, PASSWORD, now=now, role=role, hash_method="pbkdf2:sha256:1000"
        )

    world = build_world(engine, make_user, live_app.clock)
    authoring.save_draft(engine, world.teacher, world.slug, world.question_id, vignette(), live_app.clock())
    page.set_viewport_size({"width": 1280, "height": 900})
    audit = Auditor(page)
    page.goto(live_app.url + "/auth/login")
    page.get_by_label("Email").fill(world.teacher.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    for endpoint, path in INSTRUCTOR_PAGES.items():
        page.goto(live_app.url + path.format(**world.ids()))
        audit(endpoint)
    page.goto(live_app.url + INSTRUCTOR_PAGES["author.new_question"].format(**world.ids()))
    page.get_by_label("Question (lead-in)").fill("Which of the following is NOT true?")
    expect(page.locator("#findings-prompt")).to_contain_text("negative lead-in")
    audit("editor-with-findings")
    page.get_by_role("button", name="Publish").click()
    audit("editor-refused")
    assert audit.failures == [], "\n".join(audit.failures)


def take_a_block(page: Page, audit: Auditor, base: str) -> None:
    """A tutor block over every objective type: each question before and after its answer, then
    the results; and a timed block's question with its clock."""
    for mode in ("Timed", "Tutor"):
        page.goto(base + "/blocks/new")
        page.get_by_label("Number of questions").fill("5")
        page.get_by_role("radio", name=re.compile(f"^{mode}:")).check()
        page.get_by_role("button", name="Start the block").click()
        expect(page.get_by_text("Question 1 of 5")).to_be_visible()
    audit("block-timed-question")
    for position in range(5):
        shown = page.locator(".options, .matching, #typed").first
        if shown.get_attribute("id") == "typed":
            kind = "numerical" if shown.get_attribute("inputmode") == "decimal" else "shortanswer"
        else:
            kind = (shown.get_attribute("class") or "?").split()[0]
        audit(f"block-{position}-{kind}")
        typed_or_matched = kind in ("matching", "shortanswer", "numerical")
        answer_wrongly(page, kind if typed_or_matched else "mcq", button="Submit answer")
        audit(f"block-{position}-explained")
        if position < 4:
            page.get_by_role("button", name="Next").click()
    page.get_by_role("button", name="End block and see results").click()
    audit("block-results")


def visitor(page: Page, live_app: LiveApp, audit: Auditor) -> Callable[[str, str], None]:
    def visit(path: str, name: str) -> None:
        page.goto(live_app.url + path)
        audit(name)

    return visit


def test_every_page_is_audited(live_app: LiveApp) -> None:
    gets = {rule.endpoint for rule in live_app.app.url_map.iter_rules() if "GET" in (rule.methods or set())}
    unlisted = gets - WALKED - set(PAGES) - set(NOT_PAGES) - set(INSTRUCTOR_PAGES)
    assert unlisted == set(), f"GET routes with no accessibility audit: {sorted(unlisted)}"


def tab_to(page: Page, target: Locator, limit: int = 40) -> None:
    """Press Tab until `target` has the focus, checking that every stop shows where focus is."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        ring = page.evaluate(FOCUS_RING)
        assert ring, f"no visible focus on {page.evaluate('document.activeElement.outerHTML')[:200]}"
        if target.evaluate("el => el === document.activeElement"):
            return
    raise AssertionError(f"Tab never reached {target}")


# The focused element draws an outline or a shadow (or is a native radio/checkbox/select,
# whose ring Chromium draws itself).
FOCUS_RING = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return false;
  const style = getComputedStyle(el);
  return (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0)
      || style.boxShadow !== "none";
}"""


def test_a_student_studies_by_keyboard_alone(
    page: Page, live_app: LiveApp, study_bank: list[factories.Question]
) -> None:
    page.goto(live_app.url + "/auth/register")
    expect(page.get_by_label("Email")).to_be_focused()  # autofocus: type straight away
    page.keyboard.type(EMAIL)
    for label in ("Password", "Repeat password"):
        tab_to(page, page.get_by_label(label, exact=True))
        page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Your decks")).to_be_visible()
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to content")).to_be_focused()
    page.keyboard.press("Enter")  # past the six links of the header
    tab_to(page, page.get_by_role("button", name="Start studying"), limit=5)
    page.keyboard.press("Enter")

    first, second, flashcard = study_bank
    expect(page.locator("h1.prompt")).to_have_text(first.prompt)
    tab_to(page, page.get_by_label("NSAID"))
    page.keyboard.press("Space")
    tab_to(page, page.get_by_role("button", name="Check answer"))
    page.keyboard.press("Enter")
    expect(page.locator("#verdict")).to_have_text("Correct")
    tab_to(page, page.get_by_role("link", name="Continue"))
    page.keyboard.press("Enter")

    expect(page.locator("h1.prompt")).to_have_text(second.prompt)
    tab_to(page, page.get_by_label("NSAID"))
    page.keyboard.press("ArrowDown")  # a radio group moves with the arrows
    expect(page.get_by_label("Opioid")).to_be_checked()
    tab_to(page, page.get_by_role("button", name="Check answer"))
    page.keyboard.press("Enter")
    expect(page.locator("#verdict")).to_have_text("Incorrect")
    tab_to(page, page.get_by_role("button", name="Mark"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name="Unmark")).to_be_visible()
    tab_to(page, page.get_by_role("link", name="Continue"))
    page.keyboard.press("Enter")

    expect(page.locator("h1.prompt")).to_have_text(flashcard.prompt)
    tab_to(page, page.get_by_text("Show answer"))
    page.keyboard.press("Enter")
    tab_to(page, page.get_by_role("button", name="Good"))
    page.keyboard.press("Enter")
    expect(page.locator("h1.prompt")).to_have_text(second.prompt)  # missed: back within minutes
    tab_to(page, page.get_by_role("link", name="Marked"))
    page.keyboard.press("Enter")
    expect(page.get_by_text(second.prompt)).to_be_visible()
    tab_to(page, page.get_by_role("button", name="Log out"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Log in")).to_be_visible()
