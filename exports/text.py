"""Reading a Question the same way in every format: its key, its cloze deletions, its pairs."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from exports.base import ExportError
from question_bank import Question

LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
TRUE_FALSE = ("True", "False")

# Anki's cloze syntax: {{c1::text}} or {{c1::text::hint}}. Non-greedy so two deletions on a line stay apart.
_CLOZE = re.compile(r"\{\{c(\d+)::(.*?)(?:::(.*?))?\}\}", re.DOTALL)


def html_text(text: str) -> str:
    """Plain text as HTML that shows the same characters: `<b>` stays visible text, newlines break."""
    # Most text needs nothing; five `in` scans are far cheaper than a regex or the replace chain.
    if "&" in text or "<" in text or ">" in text or "\n" in text or "\r" in text:
        return html.escape(text, quote=False).replace("\r\n", "\n").replace("\r", "\n").replace("\n", "<br>")
    return text


def topic_title(topic: str) -> str:
    """A topic slug as a deck or category name: 'clinical-features' -> 'Clinical features'."""
    text = topic.replace("-", " ").replace("_", " ").strip()
    return text[:1].upper() + text[1:] if text else "General"


def options_of(question: Question) -> tuple[str, ...]:
    """The options a student chooses from; true/false questions may leave `choices` empty."""
    if question.type == "truefalse" and not question.choices:
        return TRUE_FALSE
    return question.choices


def answers_of(question: Question) -> tuple[str, ...]:
    return question.answer if isinstance(question.answer, tuple) else (question.answer,)


def correct_indexes(question: Question) -> list[int]:
    """Positions of the keyed options; a key that is not among the options is a broken question."""
    options = options_of(question)
    keys = answers_of(question)
    if len(keys) == 1 and keys[0] in options:
        return [options.index(keys[0])]
    if all(key in options for key in keys):
        return sorted({options.index(key) for key in keys})
    folded = [o.casefold() for o in options]  # keys may differ in case, as "true" from "True"
    indexes = []
    for key in keys:
        try:
            indexes.append(folded.index(key.casefold()))
        except ValueError:
            raise ExportError(f"question {question.id}: answer {key!r} is not one of its choices") from None
    return sorted(set(indexes))


def answer_letters(question: Question, keyed: list[int] | None = None) -> str:
    return ", ".join(LETTERS[i] for i in (correct_indexes(question) if keyed is None else keyed))


def matching_pairs(question: Question) -> list[tuple[str, str]]:
    answers = answers_of(question)
    if len(answers) != len(question.items):
        raise ExportError(f"question {question.id}: {len(question.items)} items but {len(answers)} matches")
    return list(zip(question.items, answers, strict=True))


@dataclass(frozen=True)
class ClozePart:
    """A run of cloze text: plain when `number` is 0, else deletion `number` with an optional hint."""

    text: str
    number: int = 0
    hint: str = ""


def cloze_parts(text: str) -> list[ClozePart]:
    parts: list[ClozePart] = []
    pos = 0
    for match in _CLOZE.finditer(text):
        if match.start() > pos:
            parts.append(ClozePart(text[pos : match.start()]))
        parts.append(ClozePart(match.group(2), int(match.group(1)), match.group(3) or ""))
        pos = match.end()
    if pos < len(text):
        parts.append(ClozePart(text[pos:]))
    return parts


def cloze_numbers(text: str) -> list[int]:
    return sorted({int(m.group(1)) for m in _CLOZE.finditer(text) if int(m.group(1)) > 0})


def cloze_masked(text: str, mask: str = "[...]") -> str:
    return "".join(p.text if p.number == 0 else mask for p in cloze_parts(text))


def cloze_revealed(text: str) -> str:
    return "".join(p.text for p in cloze_parts(text))


def cloze_deletions(text: str) -> list[str]:
    return [p.text for p in cloze_parts(text) if p.number]


def feedback_html(question: Question) -> str:
    """The explanation and the source as HTML, for an LMS's general feedback."""
    parts = []
    if question.explanation.strip():
        parts.append(f"<p>{html_text(question.explanation)}</p>")
    if question.source.strip():
        parts.append(f"<p>Source: {html_text(question.source)}</p>")
    return "".join(parts)


def grade_weight(percent: float) -> str:
    """A grade percentage the way Moodle lists them: '100', '50', '33.33333', '-25'."""
    return f"{percent:.5f}".rstrip("0").rstrip(".")


def lms_category(title: str, topic: str) -> str:
    """A Moodle question-category path; Moodle reads '/' as a level break and '//' as a slash."""
    parts = [p.replace("/", "//") for p in (title, topic_title(topic))]
    return "$course$/top/" + "/".join(parts)


def model_answer_html(question: Question) -> str:
    return f"<p>Answer: {html_text(' / '.join(answers_of(question)))}</p>"
