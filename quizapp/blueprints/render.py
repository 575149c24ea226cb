"""Template helpers: option letters, cloze deletions, grade labels and question types, all autoescaped."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

from flask import Flask, url_for
from markupsafe import Markup, escape

from question_bank import Question
from question_bank.markup import to_html
from question_bank.types import cloze_parts, get_type
from quizapp.scheduling import Rating

GRADE_NAMES = {Rating.AGAIN: "Again", Rating.HARD: "Hard", Rating.GOOD: "Good", Rating.EASY: "Easy"}


def letter(index: int) -> str:
    return "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[index] if 0 <= index < 26 else str(index + 1)


def _cloze(text: str, reveal: bool) -> Markup:
    # Escape every piece of content; only our own <span> tags are markup.
    parts: list[str] = []
    for part in cloze_parts(text):
        if not part.number:
            parts.append(str(escape(part.text)))
        elif reveal:
            parts.append(f'<span class="cloze">{escape(part.text)}</span>')
        else:
            parts.append(f'<span class="cloze">[{escape(part.hint or "…")}]</span>')
    return Markup("".join(parts))


def cloze_front(text: str) -> Markup:
    return _cloze(text, reveal=False)


def cloze_back(text: str) -> Markup:
    return _cloze(text, reveal=True)


@lru_cache(maxsize=128)
def link(endpoint: str, filename: str | None = None) -> str:
    """url_for for fixed links (navigation, static files), built once per process.

    The layout has a dozen of them on every page; building each anew was a tenth of the
    study page's time. An app object is served under one mount point, so caching is safe.
    """
    return url_for(endpoint, filename=filename) if filename else url_for(endpoint)


class Links(dict[str, str]):
    """The same fixed links for the busiest templates: `links["main.home"]`,
    `static_files["style.css"]`, each built on first use.

    Looking a key up costs a template a fraction of calling link(), and the study page
    has ten of them.
    """

    def __init__(self, build: Callable[[str], str]) -> None:
        super().__init__()
        self.build = build

    def __missing__(self, key: str) -> str:
        self[key] = url = self.build(key)
        return url


def rich(text: str, question: Question, block: bool = False) -> Markup | str:
    """A piece of the question as HTML: Markdown rendered and sanitized for an author's
    question, the plain text (autoescaped by the template) for a generated one."""
    if question.markup != "markdown":
        return text
    return Markup(to_html(str(text), inline=not block))


def tag_label(tag: str) -> str:
    """'lumbar-l1-l2::diagnosis::diagnostic_test' -> 'diagnosis › diagnostic test'."""
    parts = tag.split("::")
    shown = parts[1:] if len(parts) > 1 else parts
    return " › ".join(part.replace("_", " ") for part in shown)


def register_template_helpers(app: Flask) -> None:
    app.jinja_env.filters.update(
        cloze_front=cloze_front, cloze_back=cloze_back, letter=letter, tag_label=tag_label, rich=rich
    )
    app.jinja_env.globals.update(
        GRADE_NAMES=GRADE_NAMES,
        Rating=Rating,
        question_type=get_type,  # the registry: which partial shows a question, its options
        link=link,
        links=Links(url_for),
        static_files=Links(lambda name: url_for("static", filename=name)),
    )
