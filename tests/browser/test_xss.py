"""Script in bank content never runs: OWASP-style filter-evasion payloads in every field a question
shows (stem, lead-in, options, explanations, objective, source, topic), on every page that shows it."""

from __future__ import annotations

import dataclasses

from playwright.sync_api import Page

from question_bank.payloads import VignettePayload
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


# Escaped content makes no elements: no inline script, no event-handler attribute, no javascript: URL.
# (The content security policy would also stop them running; this checks the escaping itself.)
INJECTED = """[...document.querySelectorAll('*')].filter(e =>
    (e.tagName === 'SCRIPT' && !e.src) || e.tagName === 'IFRAME' || e.tagName === 'OBJECT' ||
    [...e.attributes].some(a => a.name.startsWith('on') || /^\\s*javascript:/i.test(a.value))
).length"""


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
