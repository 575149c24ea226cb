"""Short answers go to GIFT and Moodle XML as Moodle short-answer questions, every accepted answer at
100%, and our importers read them back to the same question; card formats keep them as cards."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from collections.abc import Callable
from typing import BinaryIO

import pytest

from exports import ExportOptions, gift_import, moodle_xml_import
from exports.anki import build_note
from exports.csv_export import card_for
from exports.gift import write_gift
from exports.gift_import import Parsed
from exports.gift_questions import to_questions
from exports.moodle_xml import write_moodle_xml
from question_bank import Question
from tests.exports.factories import make_question

Writer = Callable[[list[Question], BinaryIO, ExportOptions], None]

SPECIAL = "= ~ # { } : & <"
ONE = make_question("shortanswer", prompt="Which drug class is ibuprofen?", answer=("NSAID",), source="")
THREE = make_question(
    "shortanswer",
    prompt=f"Which ones: {SPECIAL} a<b?",
    answer=("K+ = 5 {mmol}", "~#1: a<b", "Na & Cl < 3"),
    explanation=f"Because {SPECIAL} x.",
    source="",
)


def exported(write: Writer, question: Question) -> bytes:
    out = io.BytesIO()
    write([question], out, ExportOptions(title="Test bank"))
    return out.getvalue()


def read_gift(data: bytes) -> Parsed:
    return gift_import.parse(data.decode("utf-8"))


FORMATS = [
    pytest.param(write_gift, read_gift, id="gift"),
    pytest.param(write_moodle_xml, moodle_xml_import.parse, id="moodle-xml"),
]


@pytest.mark.parametrize("original", [ONE, THREE], ids=["one answer", "three answers"])
@pytest.mark.parametrize(("write", "read"), FORMATS)
def test_a_short_answer_imports_back_to_the_same_question(
    write: Writer, read: Callable[[bytes], Parsed], original: Question
) -> None:
    found, problems = to_questions(read(exported(write, original)), "back")
    assert problems == []
    ((question, imported),) = found
    assert imported.kind == "shortanswer" and [a.fraction for a in imported.answers] == [1.0] * len(
        original.answers
    )
    assert question.type == "shortanswer" and question.answers == original.answers
    assert question.prompt == original.prompt and question.explanation == original.explanation


def test_gift_writes_every_accepted_answer_at_full_credit() -> None:
    question = make_question("shortanswer", answer=("NSAID", "non-steroidal"), source="")
    assert exported(write_gift, question).decode("utf-8") == (
        "$CATEGORY: $course$/top/Test bank/Pharmacology\n\n"
        "::q-shortanswer::[html]Prompt for shortanswer?{\n"
        "\t=NSAID\n\t=non-steroidal\n"
        "\t####<p>Because of shortanswer.</p>\n}\n"
    )


def test_gift_answers_are_escaped_but_not_html_escaped() -> None:
    text = exported(write_gift, THREE).decode("utf-8")
    # Moodle compares answers as plain text: `&` stays `&`, GIFT's reserved characters get a backslash.
    assert "{\n\t=K+ \\= 5 \\{mmol\\}\n\t=\\~\\#1\\: a<b\n\t=Na & Cl < 3\n" in text


def test_moodle_xml_is_a_shortanswer_with_one_answer_per_accepted_answer() -> None:
    root = ET.fromstring(exported(write_moodle_xml, THREE))
    (element,) = root.findall("question[@type='shortanswer']")
    assert element.findtext("usecase") == "0"
    assert element.findtext("questiontext/text") == "<p>Which ones: = ~ # { } : &amp; &lt; a&lt;b?</p>"
    answers = [(a.get("fraction"), a.get("format"), a.findtext("text")) for a in element.findall("answer")]
    assert answers == [("100", "moodle_auto_format", answer) for answer in THREE.answers]
    assert all(a.find("feedback/text") is not None for a in element.findall("answer"))


def test_card_formats_keep_a_short_answer_as_a_card_with_its_answers_joined() -> None:
    assert card_for(THREE) == (THREE.prompt, "K+ = 5 {mmol} / ~#1: a<b / Na & Cl < 3")
    assert build_note(THREE).fields[1] == "K+ = 5 {mmol} / ~#1: a&lt;b / Na &amp; Cl &lt; 3"
