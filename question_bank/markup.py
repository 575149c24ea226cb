"""Markdown that instructors write, rendered to HTML that is safe to show to students.

markdown-it-py renders with raw HTML turned off, and nh3 (the Ammonia sanitizer) cleans the
result with an allow-list: whatever an author types, no script, event handler, style or
foreign element reaches a student's page. Links open outside and carry no referrer.
"""

from __future__ import annotations

import html
from functools import lru_cache

import nh3
from markdown_it import MarkdownIt

TAGS = {
    "p", "br", "strong", "em", "code", "pre", "blockquote", "ul", "ol", "li",
    "table", "thead", "tbody", "tr", "th", "td", "sub", "sup", "a", "img", "h3", "h4", "hr",
}  # fmt: skip
ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "title"}, "th": {"align"}, "td": {"align"}}
URL_SCHEMES = {"http", "https", "mailto"}


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable("table")


def clean(html: str) -> str:
    return nh3.clean(
        html,
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
    )


@lru_cache(maxsize=4096)
def to_html(text: str, *, inline: bool = False) -> str:
    """Sanitized HTML of Markdown text; `inline` for an option or a title (no paragraph)."""
    parser = _parser()
    rendered = parser.renderInline(text) if inline else parser.render(text)
    return clean(rendered).strip()


def to_plain(text: str, *, inline: bool = False) -> str:
    """The text with its Markdown rendered and every tag dropped: for lint and plain exports;
    `inline` for an option or an answer (so `1. Aspirin` keeps its number, as it is shown)."""
    return html.unescape(nh3.clean(to_html(text, inline=inline), tags=set()))
