"""One Question -> one genanki Note, with every field HTML-escaped and a GUID from the question id.

The GUID is what makes re-imports update notes instead of duplicating them, so it depends on
nothing but `Question.id`: editing a question's wording keeps its GUID.
"""

from __future__ import annotations

import html
from collections.abc import Callable

import genanki

from exports.anki import models
from exports.base import ExportError
from exports.media import media_name
from exports.text import (
    LETTERS,
    answer_letters,
    answers_of,
    cloze_numbers,
    correct_indexes,
    html_text,
    matching_pairs,
    options_of,
)
from question_bank import Question

ID_TAG_PREFIX = "quizapp::id::"


def note_guid(question: Question) -> str:
    return str(genanki.guid_for(question.id))


def note_tags(question: Question) -> list[str]:
    """The question's hierarchical tags plus one naming its id; Anki tags cannot hold spaces."""
    tags = [_tag(t) for t in question.tags if t.strip()]
    tags.append(_tag(ID_TAG_PREFIX + question.id))
    return tags


def _tag(text: str) -> str:
    return "_".join(text.split())


def image_field(question: Question) -> str:
    return "".join(f'<img src="{html.escape(media_name(m), quote=True)}" alt="">' for m in question.media)


def _note(model: genanki.Model, question: Question, fields: list[str], due: int) -> genanki.Note:
    return genanki.Note(
        model=model, fields=fields, tags=note_tags(question), guid=note_guid(question), due=due
    )


def basic_note(question: Question, due: int) -> genanki.Note:
    back = html_text(" / ".join(answers_of(question)))
    return _basic(question, html_text(question.prompt), back, due)


def _basic(question: Question, front: str, back: str, due: int) -> genanki.Note:
    fields = [
        front,
        back,
        html_text(question.explanation),
        html_text(question.source),
        image_field(question),
        html_text(question.id),
    ]
    return _note(models.BASIC, question, fields, due)


def matching_note(question: Question, due: int) -> genanki.Note:
    """Basic card: the items (and the options to match them with) in front, the pairs on the back."""
    pairs = matching_pairs(question)
    items = "".join(f"<li>{html_text(item)}</li>" for item, _ in pairs)
    front = f'{html_text(question.prompt)}<ol class="items">{items}</ol>'
    if question.choices:
        options = "; ".join(html_text(c) for c in question.choices)
        front += f'<div class="match-options">Options: {options}</div>'
    rows = "".join(f"<li>{html_text(item)} → {html_text(match)}</li>" for item, match in pairs)
    return _basic(question, front, f'<ol class="pairs">{rows}</ol>', due)


def choice_note(question: Question, due: int) -> genanki.Note:
    """Single-best-answer, select-all and true/false share one note type; the key lists every letter."""
    options = options_of(question)
    if len(options) > len(models.OPTION_LETTERS):
        return _choice_as_basic(question, due)
    keyed = correct_indexes(question)
    slots = [html_text(o) for o in options]
    slots += [""] * (len(models.OPTION_LETTERS) - len(slots))
    fields = [
        html_text(question.prompt),
        *slots,
        answer_letters(question),
        html_text("; ".join(options[i] for i in keyed)),
        html_text(question.explanation),
        html_text(question.source),
        image_field(question),
        html_text(question.id),
    ]
    return _note(models.CHOICE, question, fields, due)


def _choice_as_basic(question: Question, due: int) -> genanki.Note:
    # More options than the note type has slots: lettered options go into a Basic front instead.
    options = options_of(question)
    rows = "".join(
        f'<li><span class="letter">{LETTERS[i]}</span> {html_text(o)}</li>' for i, o in enumerate(options)
    )
    front = f'{html_text(question.prompt)}<ol class="options">{rows}</ol>'
    keyed = correct_indexes(question)
    back = f"{answer_letters(question)}: " + html_text("; ".join(options[i] for i in keyed))
    return _basic(question, front, back, due)


def cloze_note(question: Question, due: int) -> genanki.Note:
    if not cloze_numbers(question.cloze):
        # Nothing to hide means Anki would make no card; ask it as a plain flashcard instead.
        return basic_note(question, due)
    fields = [
        html_text(question.cloze),
        html_text(question.explanation),
        html_text(question.source),
        image_field(question),
        html_text(question.id),
    ]
    return _note(models.CLOZE, question, fields, due)


NoteBuilder = Callable[[Question, int], genanki.Note]

NOTE_BUILDERS: dict[str, NoteBuilder] = {
    "mcq": choice_note,
    "multi": choice_note,
    "truefalse": choice_note,
    "cloze": cloze_note,
    "matching": matching_note,
    "flashcard": basic_note,
}


def build_note(question: Question, due: int = 0) -> genanki.Note:
    try:
        builder = NOTE_BUILDERS[question.type]
    except KeyError:
        raise ExportError(f"question {question.id}: unknown type {question.type!r}") from None
    return builder(question, due)
