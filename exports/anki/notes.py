"""One Question -> one genanki Note, with every field HTML-escaped and a GUID from the question id.

The GUID is what makes re-imports update notes instead of duplicating them, so it depends on
nothing but `Question.id`: editing a question's wording keeps its GUID.
"""

from __future__ import annotations

import hashlib
import html
import string

import genanki

from exports.anki import models
from exports.media import media_name
from exports.text import LETTERS, answer_letters, html_text, shape_of
from question_bank import Question
from question_bank.types.shapes import Choice, Cloze, Matching, Recall, TrueFalse, Typed

ID_TAG_PREFIX = "quizapp::id::"
_FIELD_SEP = "\x1f"
_SLOTS = len(models.OPTION_LETTERS)
_EMPTY_SLOTS = ("",) * _SLOTS
# Anki's base-91 alphabet for GUIDs, in genanki.util's order.
_BASE91 = string.ascii_letters + string.digits + "!#$%&()*+,-./:;<=>?@[]^_`{|}~"
_DIGIT_BASE = len(_BASE91)
_PAIR_BASE = _DIGIT_BASE * _DIGIT_BASE
_PAIRS = [high + low for high in _BASE91 for low in _BASE91]


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
    """The question's hierarchical tags plus one naming its id; Anki tags cannot hold spaces."""
    tags = [*question.tags, ID_TAG_PREFIX + question.id]
    joined = "".join(tags)
    if " " in joined or not joined.isprintable():  # any whitespace (isprintable is False for the rest)
        tags = ["_".join(t.split()) for t in tags if t.strip()]
    return tags


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


class EscapedNote(genanki.Note):  # type: ignore[misc]  # genanki ships no type hints
    """A genanki Note whose fields are HTML built here, with every plain text passed through html_text.

    genanki scans every field of every note with a regex for tags that look unescaped (a warning for
    callers who forget html.escape). Here that is redundant, and it was the largest single cost of an
    export after SQLite; tests/exports/test_anki_import.py checks the escaping in real Anki instead.
    """

    def _check_invalid_html_tags_in_fields(self) -> None:
        return None


def _note(model: genanki.Model, question: Question, fields: list[str], due: int) -> genanki.Note:
    guid = note_guid(question)
    return EscapedNote(model=model, fields=fields, tags=note_tags(question), guid=guid, due=due)


def basic_note(question: Question, due: int, back: str) -> genanki.Note:
    front, back, explanation, source, qid = html_fields(
        [question.prompt, back, question.explanation, question.source, question.id]
    )
    return _note(models.BASIC, question, [front, back, explanation, source, image_field(question), qid], due)


def _basic_html(question: Question, front: str, back: str, due: int) -> genanki.Note:
    """A Basic note whose front and back are already HTML."""
    explanation, source, qid = html_fields([question.explanation, question.source, question.id])
    return _note(models.BASIC, question, [front, back, explanation, source, image_field(question), qid], due)


def matching_note(question: Question, due: int, shape: Matching) -> genanki.Note:
    """Basic card: the items (and the options to match them with) in front, the pairs on the back."""
    items = "".join(f"<li>{html_text(item)}</li>" for item, _ in shape.pairs)
    front = f'{html_text(question.prompt)}<ol class="items">{items}</ol>'
    if shape.options:
        options = "; ".join(html_text(c) for c in shape.options)
        front += f'<div class="match-options">Options: {options}</div>'
    rows = "".join(f"<li>{html_text(item)} → {html_text(match)}</li>" for item, match in shape.pairs)
    return _basic_html(question, front, f'<ol class="pairs">{rows}</ol>', due)


def choice_note(question: Question, due: int, shape: Choice) -> genanki.Note:
    """Single-best-answer, select-all and true/false share one note type; the key lists every letter."""
    options, keyed = shape.options, shape.keyed
    if len(options) > _SLOTS:
        return _choice_as_basic(question, due, shape)
    fields = html_fields(
        [
            question.prompt,
            *options,
            *_EMPTY_SLOTS[len(options) :],
            answer_letters(keyed),
            "; ".join(options[i] for i in keyed),
            question.explanation,
            question.source,
            question.id,
        ]
    )
    fields.insert(len(fields) - 1, image_field(question))
    return _note(models.CHOICE, question, fields, due)


def _choice_as_basic(question: Question, due: int, shape: Choice) -> genanki.Note:
    # More options than the note type has slots: lettered options go into a Basic front instead.
    rows = "".join(
        f'<li><span class="letter">{LETTERS[i]}</span> {html_text(o)}</li>'
        for i, o in enumerate(shape.options)
    )
    front = f'{html_text(question.prompt)}<ol class="options">{rows}</ol>'
    back = f"{answer_letters(shape.keyed)}: " + html_text("; ".join(shape.options[i] for i in shape.keyed))
    return _basic_html(question, front, back, due)


def cloze_note(question: Question, due: int, shape: Cloze) -> genanki.Note:
    fields = html_fields([shape.text, question.explanation, question.source, question.id])
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
            return basic_note(question, due, " / ".join(shape.accepted))
