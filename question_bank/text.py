"""Text comparison shared by the generators and the linter."""

from __future__ import annotations

import re

_ARTICLES = re.compile(r"^(a|an|the)\s+")
_NON_WORD = re.compile(r"[^a-z0-9]+")
_WORD = re.compile(r"[a-z0-9][a-z0-9'-]*")
_STOPWORDS = frozenset(
    [
        "which",
        "what",
        "when",
        "where",
        "does",
        "with",
        "from",
        "that",
        "this",
        "these",
        "those",
        "into",
        "than",
        "then",
        "them",
        "they",
        "their",
        "have",
        "been",
        "being",
        "most",
        "best",
        "also",
        "only",
        "each",
        "other",
        "following",
        "about",
        "after",
        "before",
        "under",
        "over",
        "used",
        "using",
        "patient",
        "patients",
        "listed",
        "known",
        "true",
        "false",
        "statement",
    ]
)


def normalize(text: str) -> str:
    """Comparable form of an option: case, articles and punctuation ignored."""
    lowered = _ARTICLES.sub("", text.strip().lower())
    return _NON_WORD.sub(" ", lowered).strip()


def _stem(word: str) -> str:
    word = word.strip("'-")
    return word[:-1] if len(word) > 4 and word.endswith("s") else word


def content_words(text: str) -> set[str]:
    """Lower-cased, crudely singular words of four letters or more, minus question filler."""
    words = _WORD.findall(text.lower().replace("–", "-"))
    parts = {p for w in words for p in (w, *w.split("-"))}
    return {_stem(w) for w in parts if len(w) >= 4 and w not in _STOPWORDS}
