"""What every format shares: a question's shape from its type, HTML text, titles and feedback."""

from __future__ import annotations

import html
from collections.abc import Sequence

from exports.base import ExportError
from question_bank import Question
from question_bank.markup import to_plain
from question_bank.types import InvalidQuestion, get_type
from question_bank.types.shapes import Shape

LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def html_text(text: str) -> str:
    """Plain text as HTML that shows the same characters: `<b>` stays visible text, newlines break."""
    # Most text needs nothing; five `in` scans are far cheaper than a regex or the replace chain.
    if "&" in text or "<" in text or ">" in text or "\n" in text or "\r" in text:
        return html.escape(text, quote=False).replace("\r\n", "\n").replace("\r", "\n").replace("\n", "<br>")
    return text


def is_markdown(question: Question) -> bool:
    """Written by an author in the editor: every text is Markdown, to be rendered, not escaped."""
    return question.markup == "markdown"


def plain_text(question: Question, text: str, *, block: bool = False) -> str:
    """A text of the question as the words a student sees, for places that take no markup (CSV
    cells, Moodle's plain-text matches and answers): an author's Markdown rendered, tags dropped."""
    return to_plain(text, inline=not block).strip() if is_markdown(question) else text


def topic_title(topic: str) -> str:
    """A topic slug as a deck or category name: 'clinical-features' -> 'Clinical features'."""
    text = topic.replace("-", " ").replace("_", " ").strip()
    return text[:1].upper() + text[1:] if text else "General"


def shape_of(question: Question) -> Shape:
    """The question's export shape from its type; a question its type rejects is an ExportError."""
    try:
        return get_type(question.type).shape(question)
    except InvalidQuestion as error:
        raise ExportError(str(error)) from None


def answer_letters(keyed: Sequence[int]) -> str:
    return ", ".join(LETTERS[i] for i in keyed)


def general_feedback(question: Question, *, with_answer: bool = False) -> str:
    """An LMS's general feedback, in the format the question's text goes out in: the explanation
    and the source (after the model answer, `with_answer`, for an essay). An author's question
    keeps its Markdown source, so it is the same text when imported back."""
    if not is_markdown(question):
        return (model_answer_html(question) if with_answer else "") + feedback_html(question)
    parts = [model_answer_markdown(question)] if with_answer else []
    if question.explanation.strip():
        parts.append(question.explanation)
    if question.source.strip():
        # The source is plain text, put in unescaped: a reference seldom holds Markdown's marks.
        parts.append(f"Source: {question.source}")
    return "\n\n".join(parts)


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
    return f"<p>Answer: {html_text(' / '.join(question.answers))}</p>"


def model_answer_markdown(question: Question) -> str:
    # A paragraph of its own: the answer may be several paragraphs or a list.
    return "Answer:\n\n" + " / ".join(question.answers)
