"""Moodle XML: a `<quiz>` of questions grouped into one category per topic, images embedded.

Built with ElementTree, so XML escaping is handled; HTML fields are HTML-escaped first, so a `<b>`
in a prompt reaches the student as the three visible characters, not as bold text. An author's
question (markup "markdown") goes as `format="markdown"` with its Markdown source, which Moodle renders.
"""

from __future__ import annotations

import base64
import html
import xml.etree.ElementTree as ET
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import BinaryIO

from exports.base import ExportFormat, ExportOptions
from exports.media import media_name, media_path
from exports.text import (
    general_feedback,
    grade_weight,
    html_text,
    is_markdown,
    lms_category,
    model_answer_html,
    model_answer_markdown,
    plain_text,
    shape_of,
)
from question_bank import Question
from question_bank.types import cloze_numbers, cloze_parts
from question_bank.types.numerical import number_text
from question_bank.types.shapes import Choice, Cloze, Matching, Numerical, Recall, TrueFalse, Typed

BLANK = "_____"
IDNUMBER_MAX = 100  # Moodle's column size for question idnumber


def _text(parent: ET.Element, tag: str, text: str, fmt: str | None = "html") -> ET.Element:
    element = ET.SubElement(parent, tag, {"format": fmt} if fmt else {})
    ET.SubElement(element, "text").text = text
    return element


def _value(parent: ET.Element, tag: str, value: str) -> None:
    ET.SubElement(parent, tag).text = value


def _format(question: Question) -> str:
    return "markdown" if is_markdown(question) else "html"


def _rich(question: Question, text: str) -> str:
    """A text in the question's format: Markdown source as written, or plain text as escaped HTML."""
    return text if is_markdown(question) else html_text(text)


def _body(question: Question, text: str) -> str:
    """The question text with its images, which `@@PLUGINFILE@@` points at the embedded files."""
    return _with_images(question, f"<p>{html_text(text)}</p>", question.media, text)


def _with_images(question: Question, html_part: str, images: Sequence[str], markdown: str) -> str:
    """A text (as HTML, or as Markdown for an author's question) followed by its images."""
    names = [media_name(m) for m in images]
    if is_markdown(question):
        return "\n\n".join([p for p in (markdown, *(f"![](<@@PLUGINFILE@@/{n}>)" for n in names)) if p])
    return html_part + "".join(
        f'<p><img src="@@PLUGINFILE@@/{html.escape(name, quote=True)}" alt=""></p>' for name in names
    )


class _Builder:
    """Turns questions into <question> elements; holds the media folder for embedded images."""

    def __init__(self, media_dir: Path | None) -> None:
        self.media_dir = media_dir

    def start(
        self, qtype: str, question: Question, text: str = "", suffix: str = "", with_answer: bool = False
    ) -> ET.Element:
        element = ET.Element("question", {"type": qtype})
        _text(element, "name", question.id + suffix, fmt=None)
        questiontext = _text(
            element, "questiontext", _body(question, text or question.prompt), _format(question)
        )
        self.embed(questiontext, question, question.media)
        # Answer-side images go with the general feedback, which Moodle shows after the attempt.
        feedback = general_feedback(question, with_answer=with_answer)
        if question.answer_media:
            feedback = _with_images(question, feedback, question.answer_media, feedback)
        general = _text(element, "generalfeedback", feedback, _format(question))
        self.embed(general, question, question.answer_media)
        _value(element, "defaultgrade", "1")
        _value(element, "penalty", "0.3333333")
        _value(element, "hidden", "0")
        idnumber = question.id + suffix
        _value(element, "idnumber", idnumber if len(idnumber) <= IDNUMBER_MAX else "")
        tags = ET.SubElement(element, "tags")
        for tag in question.tags:
            _text(tags, "tag", tag, fmt=None)
        return element

    def embed(self, parent: ET.Element, question: Question, images: Sequence[str]) -> None:
        for name in images:
            data = media_path(question, name, self.media_dir).read_bytes()
            attrs = {"name": media_name(name), "path": "/", "encoding": "base64"}
            ET.SubElement(parent, "file", attrs).text = base64.b64encode(data).decode("ascii")

    def choice(self, question: Question, shape: Choice) -> Iterator[ET.Element]:
        """Single-answer or select-all multichoice; see gift.choice for the weights."""
        keyed = set(shape.keyed)
        element = self.start("multichoice", question)
        _value(element, "single", "true" if shape.single else "false")
        _value(element, "shuffleanswers", "true")
        _value(element, "answernumbering", "ABCD")
        share = grade_weight(100 / len(keyed))
        for index, option in enumerate(shape.options):
            right = index in keyed
            fraction = ("100" if shape.single else share) if right else ("0" if shape.single else f"-{share}")
            answer = _text(element, "answer", _rich(question, option), _format(question))
            answer.set("fraction", fraction)
            _text(answer, "feedback", "")
        yield element

    def truefalse(self, question: Question, shape: TrueFalse) -> Iterator[ET.Element]:
        element = self.start("truefalse", question)
        for value in (True, False):
            answer = _text(element, "answer", str(value).lower(), fmt="moodle_auto_format")
            answer.set("fraction", "100" if value == shape.value else "0")
            _text(answer, "feedback", "")
        yield element

    def matching(self, question: Question, shape: Matching) -> Iterator[ET.Element]:
        used = {match for _, match in shape.pairs}
        # A subquestion with empty text is how Moodle stores an extra, never-correct answer.
        rows = [*shape.pairs, *(("", extra) for extra in shape.options if extra not in used)]
        element = self.start("matching", question)
        _value(element, "shuffleanswers", "true")
        for item, match in rows:
            sub = _text(element, "subquestion", _rich(question, item) if item else "", _format(question))
            _text(sub, "answer", plain_text(question, match), fmt=None)  # plain text in Moodle
        yield element

    def cloze(self, question: Question, shape: Cloze) -> Iterator[ET.Element]:
        """One short-answer question per cloze number, like gift.cloze."""
        numbers = cloze_numbers(shape.text)
        parts = cloze_parts(shape.text)
        for number in numbers:
            text = "".join(BLANK if p.number == number else p.text for p in parts)
            suffix = "" if len(numbers) == 1 else f"-c{number}"
            key = plain_text(question, next(p.text for p in parts if p.number == number))
            yield self.shortanswer(question, (key,), text, suffix)

    def typed(self, question: Question, shape: Typed) -> Iterator[ET.Element]:
        yield self.shortanswer(question, shape.accepted)

    def shortanswer(
        self, question: Question, accepted: Sequence[str], text: str = "", suffix: str = ""
    ) -> ET.Element:
        """Each accepted answer worth 100%, case ignored (our grading ignores it too). Answers are
        plain text in Moodle, so they are not HTML-escaped."""
        element = self.start("shortanswer", question, text, suffix)
        _value(element, "usecase", "0")
        for key in accepted:
            answer = _text(element, "answer", key, fmt="moodle_auto_format")
            answer.set("fraction", "100")
            _text(answer, "feedback", "")
        return element

    def numerical(self, question: Question, shape: Numerical) -> Iterator[ET.Element]:
        """Each value worth 100% within the tolerance, as Moodle's qformat_xml writes a numerical
        question; a unit goes in `<units>` (multiplier 1), optional for the student to type."""
        element = self.start("numerical", question)
        for value in shape.values:
            answer = _text(element, "answer", number_text(value), fmt="moodle_auto_format")
            answer.set("fraction", "100")
            _text(answer, "feedback", "")
            _value(answer, "tolerance", number_text(shape.tolerance))
        if shape.unit:
            unit = ET.SubElement(ET.SubElement(element, "units"), "unit")
            _value(unit, "multiplier", "1")
            _value(unit, "unit_name", shape.unit)
        _value(element, "unitgradingtype", "0")  # the unit is optional and not graded
        _value(element, "unitpenalty", "0.1000000")
        _value(element, "showunits", "0" if shape.unit else "3")  # 0: typed in the answer; 3: no units
        _value(element, "unitsleft", "0")
        yield element

    def recall(self, question: Question, shape: Recall) -> Iterator[ET.Element]:
        """An essay question; the model answer is shown to graders and, after answering, students."""
        element = self.start("essay", question, with_answer=True)
        _value(element, "responseformat", "editor")
        _value(element, "responserequired", "1")
        _value(element, "responsefieldlines", "5")
        _value(element, "attachments", "0")
        if is_markdown(question):
            _text(element, "graderinfo", model_answer_markdown(question), "markdown")
        else:
            _text(element, "graderinfo", model_answer_html(question))
        _text(element, "responsetemplate", "")
        yield element

    def build(self, question: Question) -> Iterator[ET.Element]:
        shape = shape_of(question)
        match shape:
            case Choice():
                return self.choice(question, shape)
            case TrueFalse():
                return self.truefalse(question, shape)
            case Matching():
                return self.matching(question, shape)
            case Cloze():
                return self.cloze(question, shape)
            case Recall():
                return self.recall(question, shape)
            case Typed():
                return self.typed(question, shape)
            case Numerical():
                return self.numerical(question, shape)


def quiz_element(questions: Sequence[Question], options: ExportOptions) -> ET.Element:
    quiz = ET.Element("quiz")
    builder = _Builder(options.media_dir)
    title = options.title_for(questions)
    category = None
    for question in questions:
        wanted = lms_category(title, question.topic)
        if wanted != category:
            category = wanted
            holder = ET.SubElement(quiz, "question", {"type": "category"})
            _text(holder, "category", category, fmt=None)
        # A list, not the generator: Element.extend reports any error raised while iterating
        # (a missing image) as "expected sequence", hiding the ExportError that says why.
        quiz.extend(list(builder.build(question)))
    return quiz


def write_moodle_xml(questions: Sequence[Question], out: BinaryIO, options: ExportOptions) -> None:
    quiz = quiz_element(questions, options)
    ET.indent(quiz)
    out.write(b'<?xml version="1.0" encoding="UTF-8"?>\n')
    out.write(ET.tostring(quiz, encoding="utf-8", xml_declaration=False, short_empty_elements=False) + b"\n")


FORMAT = ExportFormat(
    name="moodle-xml",
    extension="xml",
    mimetype="application/xml",
    description="Moodle XML quiz questions, one category per topic",
    write=write_moodle_xml,
)
