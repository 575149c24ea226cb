"""One Question -> one genanki Note, with every field HTML and a GUID from the question id.

A generated question's texts are escaped plain text. An author's (markup "markdown") are their
Markdown rendered and sanitized by question_bank.markup; its source and id stay plain text.

The GUID is what makes re-imports update notes instead of duplicating them, so it depends on
nothing but `Question.id`: editing a question's wording keeps its GUID.
"""

from __future__ import annotations

import hashlib
import html
import string
from collections.abc import Sequence

import genanki

from exports.anki import models
from exports.media import media_name
from exports.text import LETTERS, answer_letters, html_text, is_markdown, shape_of
from question_bank import Question
from question_bank.markup import to_html
from question_bank.types.numerical import shown_answer
from question_bank.types.shapes import Choice, Cloze, Matching, Numerical, Recall, TrueFalse, Typed

TAG_ROOT = "#Quizapp"  # one root for every tag, as AnKing-style decks have: `tag:#Quizapp::*`
ID_TAG_PREFIX = f"{TAG_ROOT}::id::"
_FIELD_SEP = "\x1f"
_SLOTS = len(models.OPTION_LETTERS)
_EMPTY_SLOTS = ("",) * _SLOTS
# Anki's base-91 alphabet for GUIDs, in genanki.util's order.
_BASE91 = string.ascii_letters + string.digits + "!#$%&()*+,-./:;<=>?@[]^_`{|}~"
_DIGIT_BASE = len(_BASE91)
_PAIR_BASE = _DIGIT_BASE * _DIGIT_BASE
_PAIRS = [high + low for high in _BASE91 for low in _BASE91]

# What a text of an author's question becomes: escaped plain text, or Markdown rendered inline
# (options, answers: no paragraph) or as blocks (stems, explanations: paragraphs and lists).
TEXT, INLINE, BLOCK = "text", "inline", "block"


def note_guid(question: Question) -> str:
    """genanki.guid_for(question.id): base-91 digits of the first 8 bytes of its SHA-256.

    Same result as genanki's, two digits per step instead of its per-byte loop (10k notes per export).
    """
    number = int.from_bytes(hashlib.sha256(question.id.encode("utf-8")).digest()[:8], "big")
    chunks = []
    while number >= _PAIR_BASE:
        number, pair = divmod(number, _PAIR_BASE)
        chunks.append(_PAIRS[pair])
    if number:
        chunks.append(_PAIRS[number] if number >= _DIGIT_BASE else _BASE91[number])
    return "".join(reversed(chunks))


def note_tags(question: Question) -> list[str]:
    """Every tag under one root: #Quizapp::<bank>::<topic>::<type>, the bank's own tags under
    #Quizapp::<bank>::tag::…, and #Quizapp::id::<id>; levels are lower case with hyphens."""
    bank = tag_part(question.bank or "questions")
    tags = [f"{TAG_ROOT}::{bank}::{tag_part(question.topic or 'general')}::{tag_part(question.type)}"]
    for tag in question.tags:
        levels = [tag_part(level) for level in tag.split("::") if level.strip()]
        if not levels:
            continue
        if levels[0] != bank:  # a tag of the author's: under the bank, apart from its topics
            levels = [bank, "tag", *levels]
        # A level repeating the one above says nothing ("surgery::surgery").
        levels = [level for i, level in enumerate(levels) if i == 0 or level != levels[i - 1]]
        tags.append("::".join([TAG_ROOT, *levels]))
    return [*dict.fromkeys(tags), ID_TAG_PREFIX + "".join(question.id.split())]


def tag_part(text: str) -> str:
    """One level of a tag: lower case, words joined by hyphens (Anki tags hold no spaces)."""
    words = text.replace("_", " ").replace("::", " ").lower().split()
    return "-".join(words) or "none"


def image_field(question: Question) -> str:
    if not question.media:
        return ""
    return "".join(f'<img src="{html.escape(media_name(m), quote=True)}" alt="">' for m in question.media)


def html_fields(texts: list[str]) -> list[str]:
    """`html_text` of each text, done in one pass over their \\x1f-joined string (export speed).

    \\x1f is Anki's field separator in its database, so it is dropped from texts that contain it.
    """
    joined = _FIELD_SEP.join(texts)
    if joined.count(_FIELD_SEP) != len(texts) - 1:
        texts = [t.replace(_FIELD_SEP, "") for t in texts]
        joined = _FIELD_SEP.join(texts)
    escaped = html_text(joined)
    return texts if escaped is joined else escaped.split(_FIELD_SEP)


def field_html(question: Question, text: str, kind: str = INLINE) -> str:
    """One text of the question as field HTML; `kind` says how an author's Markdown renders."""
    if not is_markdown(question) or kind == TEXT:
        return html_text(text.replace(_FIELD_SEP, ""))
    return to_html(text.replace(_FIELD_SEP, ""), inline=kind == INLINE)


def note_fields(question: Question, texts: Sequence[tuple[str, str]]) -> list[str]:
    """Each (text, kind) as field HTML: a plain question's in one pass (`html_fields`), an
    author's text by text (rendering costs more than escaping; author banks are small)."""
    if not is_markdown(question):
        return html_fields([text for text, _ in texts])
    return [field_html(question, text, kind) for text, kind in texts]


class EscapedNote(genanki.Note):  # type: ignore[misc]  # genanki ships no type hints
    """A genanki Note whose fields are HTML built here: plain text passed through html_text, Markdown
    through question_bank.markup's sanitizer.

    genanki scans every field of every note with a regex for tags that look unescaped (a warning for
    callers who forget html.escape). Here that is redundant, and it was the largest single cost of an
    export after SQLite; tests/exports/test_anki_import.py checks the escaping in real Anki instead.
    """

    def _check_invalid_html_tags_in_fields(self) -> None:
        return None


# The field of each note type shown only with the answer: where `answer_media` goes.
_ANSWER_SIDE = {"Explanation", "Extra"}


def _note(model: genanki.Model, question: Question, fields: list[str], due: int) -> genanki.Note:
    guid = note_guid(question)
    if question.answer_media:  # on the back only: a diagram on the front could give the answer away
        names = [f["name"] for f in model.fields]
        at = next(i for i, name in enumerate(names) if name in _ANSWER_SIDE)
        fields = [*fields]
        fields[at] += answer_images(question)
    return EscapedNote(model=model, fields=fields, tags=note_tags(question), guid=guid, due=due)


def answer_images(question: Question) -> str:
    names = [html.escape(media_name(m), quote=True) for m in question.answer_media]
    return '<div class="media">' + "".join(f'<img src="{n}" alt="">' for n in names) + "</div>"


def basic_note(question: Question, due: int, back: str, back_kind: str = BLOCK) -> genanki.Note:
    front, back, explanation, source, qid = note_fields(
        question,
        [
            (question.prompt, BLOCK),
            (back, back_kind),
            (question.explanation, BLOCK),
            (question.source, TEXT),
            (question.id, TEXT),
        ],
    )
    return _note(models.BASIC, question, [front, back, explanation, source, image_field(question), qid], due)


def _basic_html(question: Question, front: str, back: str, due: int) -> genanki.Note:
    """A Basic note whose front and back are already HTML."""
    explanation, source, qid = note_fields(
        question, [(question.explanation, BLOCK), (question.source, TEXT), (question.id, TEXT)]
    )
    return _note(models.BASIC, question, [front, back, explanation, source, image_field(question), qid], due)


def matching_note(question: Question, due: int, shape: Matching) -> genanki.Note:
    """Basic card: the items (and the options to match them with) in front, the pairs on the back."""

    def text(value: str) -> str:
        return field_html(question, value)

    items = "".join(f"<li>{text(item)}</li>" for item, _ in shape.pairs)
    front = f'{field_html(question, question.prompt, BLOCK)}<ol class="items">{items}</ol>'
    if shape.options:
        options = "; ".join(text(c) for c in shape.options)
        front += f'<div class="match-options">Options: {options}</div>'
    rows = "".join(f"<li>{text(item)} → {text(match)}</li>" for item, match in shape.pairs)
    return _basic_html(question, front, f'<ol class="pairs">{rows}</ol>', due)


def choice_note(question: Question, due: int, shape: Choice) -> genanki.Note:
    """Single-best-answer, select-all and true/false share one note type; the key lists every letter."""
    options, keyed = shape.options, shape.keyed
    if len(options) > _SLOTS:
        return _choice_as_basic(question, due, shape)
    fields = note_fields(
        question,
        [
            (question.prompt, BLOCK),
            *((option, INLINE) for option in options),
            *((empty, TEXT) for empty in _EMPTY_SLOTS[len(options) :]),
            (answer_letters(keyed), TEXT),
            ("; ".join(options[i] for i in keyed), INLINE),
            (question.explanation, BLOCK),
            (question.source, TEXT),
            (question.id, TEXT),
        ],
    )
    fields.insert(len(fields) - 1, image_field(question))
    return _note(models.CHOICE, question, fields, due)


def _choice_as_basic(question: Question, due: int, shape: Choice) -> genanki.Note:
    # More options than the note type has slots: lettered options go into a Basic front instead.
    rows = "".join(
        f'<li><span class="letter">{LETTERS[i]}</span> {field_html(question, o)}</li>'
        for i, o in enumerate(shape.options)
    )
    front = f'{field_html(question, question.prompt, BLOCK)}<ol class="options">{rows}</ol>'
    keys = "; ".join(shape.options[i] for i in shape.keyed)
    back = f"{answer_letters(shape.keyed)}: " + field_html(question, keys)
    return _basic_html(question, front, back, due)


def cloze_note(question: Question, due: int, shape: Cloze) -> genanki.Note:
    fields = note_fields(
        question,
        [(shape.text, BLOCK), (question.explanation, BLOCK), (question.source, TEXT), (question.id, TEXT)],
    )
    fields.insert(3, image_field(question))
    return _note(models.CLOZE, question, fields, due)


TRUE_FALSE = ("True", "False")


def build_note(question: Question, due: int = 0) -> genanki.Note:
    shape = shape_of(question)
    match shape:
        case Choice():
            return choice_note(question, due, shape)
        case TrueFalse():
            return choice_note(question, due, Choice(TRUE_FALSE, (0 if shape.value else 1,), single=True))
        case Matching():
            return matching_note(question, due, shape)
        case Cloze():
            return cloze_note(question, due, shape)
        case Recall():
            return basic_note(question, due, shape.answer)
        case Typed():
            # A card to recall: Anki's type-in-the-answer checks one text, not several accepted ones.
            # Accepted answers are plain text (compared with what a student types), even an author's.
            return basic_note(question, due, " / ".join(shape.accepted), TEXT)
        case Numerical():
            # A card to recall, "360 µmol/L (± 10)": Anki's type-in check knows no tolerance.
            return basic_note(question, due, shown_answer(shape), TEXT)
