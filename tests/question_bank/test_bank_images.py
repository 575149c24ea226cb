"""Images of the bundled banks: safe SVG, drawn by the committed script, and carried by every
nerve-root question of the L1–L2 bank with the answer only (never where it could cue the key)."""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path
from types import ModuleType

import pytest

from question_bank import bundled_bank_path, generate, load_bank
from question_bank.banks import BANKS_DIR
from question_bank.model import Bank, Question

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "draw_dermatomes.py"
BUNDLED_SVGS = sorted(BANKS_DIR.rglob("*.svg"))
ROOTS = ("T12", "L1", "L2", "L3", "L4", "L5", "S1")

_SCRIPT_TAG = re.compile(r"<\s*script", re.I)
_HANDLER = re.compile(r"\son[a-z]+\s*=", re.I)  # onload=, onclick= ...
_HREF = re.compile(r"""\b(?:xlink:)?href\s*=\s*["']\s*([^"']*)""", re.I)
_URL = re.compile(r"""url\(\s*["']?\s*([^)"'\s]*)""", re.I)
_EXTERNAL = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//)", re.I)  # http:, https:, data:, javascript:, //host
_ACTIVE = re.compile(
    r"<\s*(?:foreignObject|iframe|embed|object|image|use|a)\b|<!ENTITY|<!DOCTYPE|<\?xml-stylesheet|@import",
    re.I,
)


def unsafe_parts(svg: str) -> list[str]:
    """What in an SVG could run, load or link to something: empty for a safe drawing."""
    found = [m.group(0) for m in (_SCRIPT_TAG.search(svg), _HANDLER.search(svg), _ACTIVE.search(svg)) if m]
    found += [f"href={m.group(1)!r}" for m in _HREF.finditer(svg) if _EXTERNAL.match(m.group(1))]
    found += [f"url({m.group(1)!r})" for m in _URL.finditer(svg) if _EXTERNAL.match(m.group(1))]
    return found


def draw_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("draw_dermatomes", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclass looks its module up
    try:
        spec.loader.exec_module(module)
    finally:
        del sys.modules[spec.name]
    return module


@pytest.fixture(scope="module")
def lumbar() -> Bank:
    return load_bank(bundled_bank_path("lumbar-l1-l2"))


@pytest.fixture(scope="module")
def questions(lumbar: Bank) -> list[Question]:
    return generate(lumbar)


def test_the_bundled_banks_have_svg_images() -> None:
    names = {p.name for p in BUNDLED_SVGS}
    assert {f"dermatome-{r.lower()}.svg" for r in ROOTS} | {"dermatomes-overview.svg"} <= names


@pytest.mark.parametrize("path", BUNDLED_SVGS, ids=lambda p: p.name)
def test_every_bundled_svg_is_free_of_script_handlers_and_external_references(path: Path) -> None:
    svg = path.read_text(encoding="utf-8")
    assert svg.lstrip().startswith("<svg"), "an SVG file holds one <svg> element and nothing before it"
    assert unsafe_parts(svg) == []
    assert re.search(r"<title\b[^>]*>[^<]+</title>", svg), "a <title> says what the picture shows"


@pytest.mark.parametrize(
    "svg",
    [
        "<svg><script>alert(1)</script></svg>",
        "<svg>< SCRIPT src=x></svg>",
        '<svg onload="alert(1)"></svg>',
        '<svg><rect ONCLICK = "x()"/></svg>',
        '<svg><a href="https://example.org">x</a></svg>',
        '<svg><use xlink:href="//evil.example/s.svg#a"/></svg>',
        "<svg><image href='data:image/png;base64,AAAA'/></svg>",
        '<svg><rect style="fill: url(https://evil.example/x)"/></svg>',
        '<svg><foreignObject><iframe src="x"></iframe></foreignObject></svg>',
        '<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]><svg>&x;</svg>',
    ],
)
def test_the_safety_check_catches_active_svg(svg: str) -> None:
    assert unsafe_parts(svg)


def test_the_committed_diagrams_are_what_the_script_draws() -> None:
    """Deterministic, and regenerated after any change to the script or the bank's dermatomes."""
    module = draw_module()
    drawn = module.drawings()
    folder = bundled_bank_path("lumbar-l1-l2") / "images"
    for name, body in drawn.items():
        assert (folder / name).read_text(encoding="utf-8") == body, f"run scripts/draw_dermatomes.py ({name})"
    assert module.drawings() == drawn  # the same bank gives the same bytes


def test_each_root_diagram_labels_the_banks_own_dermatome(lumbar: Bank) -> None:
    roots = lumbar.of_kind("nerve_root")
    assert [r.name for r in roots] == list(ROOTS)
    for root in roots:
        assert root.image == f"images/dermatome-{root.name.lower()}.svg"
        svg = (bundled_bank_path("lumbar-l1-l2") / root.image).read_text(encoding="utf-8")
        area = lumbar.concepts[root.attrs["dermatome"]].label
        assert f'<title id="title">{root.name} dermatome ({area})</title>' in svg
        assert f">{root.name} dermatome</text>" in svg  # the heading
        assert f">{area[:1].upper() + area[1:]}</text>" in svg  # the area, in the bank's words
        assert 'fill="#f08c3a"' in svg  # the area is shaded
        assert re.search(r'<rect [^>]*fill="#ffffff"', svg), "a light card behind the drawing (dark mode)"


def test_every_nerve_root_question_carries_its_diagram_with_the_answer_only(
    lumbar: Bank, questions: list[Question]
) -> None:
    images = {e.id: e.image for e in lumbar.of_kind("nerve_root")}
    about_roots = [q for q in questions if q.meta["entity"] in images]
    assert {q.type for q in about_roots} >= {"flashcard", "mcq", "vignette"}
    assert len(about_roots) >= 40
    for q in about_roots:
        assert q.answer_media == (images[q.meta["entity"]],), q.id
        assert q.media == (), f"{q.id}: a root's diagram on the question side would cue '{q.answers}'"
        assert (bundled_bank_path("lumbar-l1-l2") / q.answer_media[0]).is_file()
        assert q.to_dict()["answer_media"] == list(q.answer_media)
    others = [q for q in questions if q.meta["entity"] not in images]
    assert all(not q.media and not q.answer_media for q in others)


def test_the_diagrams_would_cue_the_keys_they_are_kept_from(lumbar: Bank, questions: list[Question]) -> None:
    """Why they go with the answer: for these questions the diagram's text states the key."""
    cued = 0
    for q in questions:
        if not q.answer_media:
            continue
        svg = (bundled_bank_path("lumbar-l1-l2") / q.answer_media[0]).read_text(encoding="utf-8").lower()
        if any(f">{key.lower()}" in svg for key in q.answers):
            cued += 1
    assert cued >= 14  # the dermatome questions (the area's words) and vignettes (the root's name)


def test_the_bank_notes_say_the_diagrams_are_drawn_for_the_project(lumbar: Bank) -> None:
    assert any("standard anatomy drawn for the project" in note for note in lumbar.notes)
