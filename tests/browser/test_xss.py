"""Script in bank content never runs: OWASP-style filter-evasion payloads in every field a question
shows (stem, lead-in, options, explanations, objective, source, topic), on every page that shows it."""

from __future__ import annotations

import dataclasses
import itertools
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

import yaml
from playwright.sync_api import Page

from question_bank import generate, load_bank
from question_bank.payloads import VignettePayload
from quizapp.cli import cli
from quizapp.services import banks
from tests.browser.conftest import LiveApp
from tests.browser.test_vignette_flow import register_and_study
from tests.quizapp import factories

RUN = "window.__pwned=(window.__pwned||0)+1"
PAYLOADS = [
    f"<script>{RUN}</script>",
    f'<img src=x onerror="{RUN}">',
    f'<svg onload="{RUN}">',
    f"<svg><script>{RUN}</script></svg>",
    f'<body onload="{RUN}">',
    f'<iframe src="javascript:{RUN}"></iframe>',
    f'<a href="javascript:{RUN}">x</a>',
    f'"><script>{RUN}</script>',
    f"'><img src=x onerror={RUN}>",
    f"<ScRiPt>{RUN}</sCrIpT>",
    f"<scr<script>ipt>{RUN}</scr</script>ipt>",
    '<img src="x" onerror="&#119;indow.__pwned=1">',
    f'<details open ontoggle="{RUN}">',
    f'<video><source onerror="{RUN}"></video>',
    f'<audio src=x onerror="{RUN}">',
    f'<input autofocus onfocus="{RUN}">',
    f'<select autofocus onfocus="{RUN}"></select>',
    f'<textarea autofocus onfocus="{RUN}"></textarea>',
    f'<marquee onstart="{RUN}">',
    f'<object data="javascript:{RUN}"></object>',
    f'<embed src="javascript:{RUN}">',
    f'<form><button formaction="javascript:{RUN}">x</button></form>',
    f'<math><mtext><table><mglyph><style><img src=x onerror="{RUN}">',
    f'<meta http-equiv="refresh" content="0;url=javascript:{RUN}">',
    f'<link rel=import href="data:text/html,<script>{RUN}</script>">',
    f'<base href="javascript:{RUN}//">',
    f'<div style="background:url(javascript:{RUN})">',
    f"<style>@import 'javascript:{RUN}';</style>",
    f"{{{{constructor.constructor('{RUN}')()}}}}",
    f"{{% raw %}}<script>{RUN}</script>",
    f"{{{{ '<script>{RUN}</script>'|safe }}}}",
    f"[[<script>{RUN}</script>]]",
    f"{{{{c1::<img src=x onerror={RUN}>}}}}",
    "<img src=x:alert(1) onerror=eval(src)>",
    f"<svg/onload={RUN}>",
    f"<img/src/onerror={RUN}>",
    f'<x onmouseover="{RUN}">hover</x>',
    f'<a onclick="{RUN}">click</a>',
    f"<isindex type=image src=1 onerror={RUN}>",
    f"<keygen autofocus onfocus={RUN}>",
    f"<frameset onload={RUN}>",
    f'<table background="javascript:{RUN}">',
    f'<img dynsrc="javascript:{RUN}">',
    f'<img lowsrc="javascript:{RUN}">',
    f'<bgsound src="javascript:{RUN}">',
    f'<br size="&{{{RUN}}}">',
    f'<xss style="xss:expression({RUN})">',
    f'<!--<img src="--><img src=x onerror={RUN}//">',
    f'<noscript><p title="</noscript><img src=x onerror={RUN}>">',
    # The "polyglot" that breaks out of many contexts at once (split to fit the line length).
    "jaVasCript:/*-/*`/*\\`/*'/*\"/**/(/* */oNcliCk=" + RUN + " )//%0D%0A%0d%0a//</stYle/</titLe/"
    "</teXtarEa/</scRipt/--!>\\x3csVg/<sVg/oNloAd=" + RUN + "//>\\x3e",
]


def evil_questions() -> list[factories.Question]:
    questions = []
    for i in range(0, len(PAYLOADS), 5):
        chunk = PAYLOADS[i : i + 5]
        options = tuple(f"{p} #{i}-{n}" for n, p in enumerate(chunk[:4]))
        vignette = factories.question(
            type="vignette",
            prompt=f"{chunk[0]} stem {chunk[-1]} lead?",
            choices=options,
            answer=options[0],
            explanation=chunk[-1],
            source=chunk[1 % len(chunk)],
            topic=chunk[2 % len(chunk)],
        )
        payload = VignettePayload(
            stem=chunk[0],
            lead_in=f"{chunk[-1]}?",
            rationales=tuple(chunk[:4]),
            objective=chunk[3 % len(chunk)],
        )
        questions.append(dataclasses.replace(vignette, payload=payload))
    return questions


# Escaped content makes no elements: no inline script, no event-handler attribute, no javascript: URL
# in an attribute that loads or follows one (a form field's value may hold any text).
# (The content security policy would also stop them running; this checks the escaping itself.)
INJECTED = """[...document.querySelectorAll('*')].filter(e =>
    (e.tagName === 'SCRIPT' && !e.src) || e.tagName === 'IFRAME' || e.tagName === 'OBJECT' ||
    [...e.attributes].some(a => a.name.startsWith('on') ||
        (URL_ATTRIBUTES.includes(a.name) && /^\\s*javascript:/i.test(a.value)))
).length""".replace(
    "URL_ATTRIBUTES",
    '["href", "src", "action", "formaction", "data", "background", "poster", "lowsrc", "dynsrc", "content"]',
)


def clean(page: Page) -> bool:
    return page.evaluate("window.__pwned || 0") == 0 and page.evaluate(INJECTED) == 0


def test_no_payload_runs_in_any_page(page: Page, live_app: LiveApp) -> None:
    assert len(PAYLOADS) >= 50
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    questions = evil_questions()
    banks.store(live_app.app.extensions["quizapp"].engine, factories.bank(), questions, now=live_app.clock())
    register_and_study(page, live_app)
    visited = 0
    for _ in questions:
        page.locator(".options input").first.check()
        page.get_by_role("button", name="Check answer").click()
        page.wait_for_selector("#verdict")
        page.get_by_role("button", name="Mark").click() if page.get_by_role(
            "button", name="Mark"
        ).count() else None
        visited += 2
        assert clean(page), page.url
        page.get_by_role("link", name="Continue").click()
        assert clean(page), page.url
    for path in ("/missed", "/marked", "/banks/test-bank", "/"):
        page.goto(live_app.url + path)
        visited += 1
        assert clean(page), path
    assert dialogs == [] and visited >= 2 * len(questions) + 4


BANK_FOLDER = Path(__file__).parents[1] / "question_bank" / "banks" / "carpal-tunnel"
TEXT_KEYS = {"title", "description", "name", "label", "dose"}  # what the pages show; ids stay ids


def poison(data: Any, payloads: Iterator[str]) -> Any:
    """`data` with two payloads appended to every string a page can show (41 strings in the test
    bank: 82 places, so every payload is used)."""
    if isinstance(data, dict):
        return {
            key: f"{value} {next(payloads)} {next(payloads)}"
            if key in TEXT_KEYS and isinstance(value, str)
            else poison(value, payloads)
            for key, value in data.items()
        }
    if isinstance(data, list):
        return [poison(item, payloads) for item in data]
    return data


def leaves(data: Any) -> Iterator[str]:
    if isinstance(data, dict):
        data = list(data.values())
    if isinstance(data, list):
        for item in data:
            yield from leaves(item)
    elif isinstance(data, str):
        yield data


def test_no_payload_in_a_bank_file_runs(page: Page, live_app: LiveApp, tmp_path: Path) -> None:
    """Payloads in the YAML of a bank folder, through the loader and every generator, into the pages."""
    folder = tmp_path / "evil-bank"
    shutil.copytree(BANK_FOLDER, folder)
    payloads = itertools.cycle(PAYLOADS)
    written: list[str] = []
    for path in sorted(folder.glob("*.yaml")):
        poisoned = poison(yaml.safe_load(path.read_text()), payloads)
        path.write_text(yaml.safe_dump(poisoned, allow_unicode=True))
        written += leaves(poisoned)
    assert all(any(p in text for text in written) for p in PAYLOADS)
    result = live_app.app.test_cli_runner().invoke(cli, args=["bank", "load", str(folder)])
    assert result.exit_code == 0, result.output
    register_and_study(page, live_app)
    page.goto(live_app.url + "/settings")
    page.get_by_label("New cards per day").fill("100")  # the whole bank today
    page.get_by_role("button", name="Save").click()
    seen: set[str] = set()
    for _ in range(3):  # siblings of an answered card wait for the next day
        seen |= study_until_done(page, live_app)
        live_app.clock.advance(days=1)
    for path in ("/", "/banks/carpal-tunnel", "/missed"):
        page.goto(live_app.url + path)
        assert clean(page), path
    assert seen == {q.type for q in generate(load_bank(folder))}


def study_until_done(page: Page, live_app: LiveApp) -> set[str]:
    """Answer every card the deck offers now, checking each question and result page; the types seen."""
    page.goto(live_app.url + "/study?bank=carpal-tunnel")
    seen: set[str] = set()
    while page.locator("#answer-form").count():
        seen.add(page.locator("[data-type]").get_attribute("data-type") or "?")
        assert clean(page), page.url
        answer_anything(page)
        assert clean(page), page.url
        if page.locator("#verdict").count():  # a result page: Easy, so the card does not come back today
            with page.expect_navigation():
                page.get_by_role("button", name="Easy").click()
    return seen


def answer_anything(page: Page) -> None:
    if page.locator("#reveal").count():
        page.locator("#show").click()
        with page.expect_navigation():
            page.get_by_role("button", name="Easy").click()  # graduates: not shown again today
        return
    for select in page.locator("select[name=choice]").all():
        select.select_option(index=1)
    if page.locator(".options input").count():
        page.locator(".options input").first.check()
    page.get_by_role("button", name="Check answer").click()
    page.wait_for_selector("#verdict")


def typed(page: Page, values: dict[str, str], button: str) -> None:
    """Put `values` in the form's fields as typed (a number field made a text field first, as a
    crafted request would send it) and submit the form with `button`."""
    for name, value in values.items():
        page.locator(f"[name={name}]").evaluate("(el, v) => { el.type = 'text'; el.value = v; }", value)
    with page.expect_navigation():
        page.get_by_role("button", name=button).click()


def rotations(fields: list[str]) -> Iterator[dict[str, str]]:
    """One submission per payload, each field holding a different one: every payload in every field."""
    for i in range(len(PAYLOADS)):
        yield {name: PAYLOADS[(i + j) % len(PAYLOADS)] for j, name in enumerate(fields)}


def test_no_payload_a_student_types_runs(page: Page, live_app: LiveApp) -> None:
    """Payloads in every field and address parameter a student controls, echoed back on errors."""
    banks.store(
        live_app.app.extensions["quizapp"].engine,
        factories.bank(),
        evil_questions()[:1],
        now=live_app.clock(),
    )
    tried = 0

    def check(values: dict[str, str], where: str) -> None:
        nonlocal tried
        tried += len(values)
        assert clean(page), f"{where}: {values}"

    forms = {
        "/auth/register": (["email", "password", "confirm"], "Register"),
        "/auth/login": (["email", "password"], "Log in"),
    }
    for path, (fields, button) in forms.items():
        for values in rotations(fields):
            page.goto(live_app.url + path)
            typed(page, values, button)
            check(values, path)
    register_and_study(page, live_app)
    signed_in = {
        "/settings": (["new_per_day", "reviews_per_day", "desired_retention"], "Save"),
        "/auth/password": (["current", "password", "confirm"], "Change password"),
    }
    for path, (fields, button) in signed_in.items():
        for values in rotations(fields):
            page.goto(live_app.url + path)
            typed(page, values, button)
            check(values, path)
    for values in rotations(["bank", "tag"]):
        page.goto(f"{live_app.url}/study?{urlencode(values)}")
        check(values, "/study")
        page.goto(f"{live_app.url}/banks/{quote(values['bank'], safe='')}")
        check({"slug": values["bank"]}, "/banks/<slug>")
    assert tried >= 10 * len(PAYLOADS)
