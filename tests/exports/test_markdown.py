"""Questions written in the editor (markup "markdown") in every export format: Anki fields hold the
sanitized HTML of their Markdown, GIFT and Moodle XML carry the Markdown source and import back to
it, CSV holds the words a student sees, JSON says "markdown"; a generated question is unchanged."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from exports import ExportOptions, export_questions, gift_import, moodle_xml_import
from exports.anki import build_note
from exports.gift_import import Parsed
from exports.gift_questions import to_questions
from question_bank import Question
from question_bank.authoring import WRITABLE, Option, Written, build
from tests.exports.factories import make_question

PROMPT = "Which drug is **bold**?\n\n- one\n- two\n\na < b & c <script>alert(1)</script>"
WRITTEN = Written(
    type="mcq",
    prompt=PROMPT,
    options=(
        Option("An *NSAID*", "It inhibits COX: `a = b`.", correct=True),
        Option("An opioid {x}: y = z ~ #1"),
        Option("a < b & c"),
    ),
    explanation="Because:\n\n1. first\n2. second",
)
MCQ = build(WRITTEN, question_id="md-mcq", bank="course")


def exported(fmt: str, questions: list[Question]) -> bytes:
    out = io.BytesIO()
    export_questions(fmt, questions, out, ExportOptions(title="Test bank", timestamp=1_700_000_000.0))
    return out.getvalue()


def read_gift(data: bytes) -> Parsed:
    return gift_import.parse(data.decode("utf-8"))


ROUND_TRIPS = [
    pytest.param("gift", read_gift, id="gift"),
    pytest.param("moodle-xml", moodle_xml_import.parse, id="moodle-xml"),
]


def one_of_each_written() -> list[Question]:
    """An editor-made question of every writable type, each with Markdown in its texts."""
    options = (Option("**yes**", correct=True), Option("*no*"))
    fields: dict[str, Written] = {
        "vignette": Written(
            "vignette", "What is the **diagnosis**?", stem="A *40-year-old*.", options=options
        ),
        "mcq": WRITTEN,
        "multi": Written("multi", "Which are **true**?", options=(*options, Option("`both`", correct=True))),
        "truefalse": Written("truefalse", "**Naproxen** is an NSAID.", true=False),
        "cloze": Written("cloze", "The {{c1::**annulus**}} surrounds the *nucleus*."),
        "matching": Written(
            "matching", "Match **each**.", pairs=(("*Ibuprofen*", "NSAID"), ("Codeine", "opioid"))
        ),
        "flashcard": Written("flashcard", "Dose of **ibuprofen**?", back="- 200 mg\n- 400 mg"),
        "shortanswer": Written("shortanswer", "Class of **ibuprofen**?", accepted=("NSAID", "a<b")),
        "numerical": Written(
            "numerical", "Target **urate**?", accepted=("360",), tolerance="10", unit="µmol/L"
        ),
    }
    assert set(fields) == set(WRITABLE)
    return [build(written, question_id=f"md-{kind}", bank="course") for kind, written in fields.items()]


def test_anki_fields_are_sanitized_html_of_the_markdown() -> None:
    stem, a, b, c, *_, letters, answer_text, explanation, source, image, qid = build_note(MCQ).fields
    assert "<strong>bold</strong>" in stem and "<li>one</li>" in stem
    assert "a &lt; b &amp; c" in stem and "<script" not in stem
    assert (a, b, c) == ("An <em>NSAID</em>", "An opioid {x}: y = z ~ #1", "a &lt; b &amp; c")
    assert (letters, answer_text) == ("A", "An <em>NSAID</em>")
    assert explanation == "<p>Because:</p>\n<ol>\n<li>first</li>\n<li>second</li>\n</ol>"
    assert (source, image, qid) == ("", "", "md-mcq")


def import_into(collection: Any, tmp_path: Path, questions: list[Question]) -> None:
    # Imported here: the `collection` fixture has skipped the test already when anki is missing.
    from anki.collection import ImportAnkiPackageOptions, ImportAnkiPackageRequest

    path = tmp_path / "deck.apkg"
    path.write_bytes(exported("anki", questions))
    request = ImportAnkiPackageRequest(package_path=str(path), options=ImportAnkiPackageOptions())
    collection.import_anki_package(request)


def test_real_anki_imports_the_markdown_as_html(tmp_path: Path, collection: Any) -> None:
    import_into(collection, tmp_path, [MCQ])
    (note_id,) = collection.find_notes("tag:#Quizapp::id::md-mcq")
    note = collection.get_note(note_id)
    fields = dict(note.items())
    front, back = note.cards()[0].question(), note.cards()[0].answer()
    assert "<strong>bold</strong>" in fields["Stem"] and "a &lt; b &amp; c" in fields["Stem"]
    assert not any("<script" in value for value in fields.values())
    assert "<strong>bold</strong>" in front and "<em>NSAID</em>" in front and "<script" not in front
    assert "<li>second</li>" in back


def test_real_anki_makes_cards_of_every_markdown_type(tmp_path: Path, collection: Any) -> None:
    import_into(collection, tmp_path, one_of_each_written())
    assert collection.note_count() == len(WRITABLE)
    (cloze_note,) = collection.find_notes("tag:#Quizapp::id::md-cloze")
    (cloze_card,) = collection.get_note(cloze_note).cards()  # the deletion survived the rendering
    assert "<strong>annulus</strong>" in cloze_card.answer() and "<em>nucleus</em>" in cloze_card.question()
    (flashcard,) = collection.find_notes("tag:#Quizapp::id::md-flashcard")
    assert "<li>400 mg</li>" in collection.get_note(flashcard).cards()[0].answer()


@pytest.mark.parametrize(("fmt", "read"), ROUND_TRIPS)
def test_markdown_imports_back_as_the_same_markdown(fmt: str, read: Callable[[bytes], Parsed]) -> None:
    found, problems = to_questions(read(exported(fmt, [MCQ])), "back")
    assert problems == []
    ((question, imported),) = found
    assert imported.text_format == "markdown" and question.markup == "markdown"
    assert (question.prompt, question.choices, question.answer) == (MCQ.prompt, MCQ.choices, MCQ.answer)
    assert question.explanation == MCQ.explanation


@pytest.mark.parametrize(("fmt", "read"), ROUND_TRIPS)
def test_every_type_that_crosses_keeps_its_markdown(fmt: str, read: Callable[[bytes], Parsed]) -> None:
    originals = {q.id: q for q in one_of_each_written() if q.type not in ("cloze", "flashcard")}
    found, problems = to_questions(read(exported(fmt, list(originals.values()))), "back")
    assert [p for p in problems if p.severity != "note"] == []  # select-all always notes its weights
    for question, imported in found:
        original = originals[imported.name]
        assert question.markup == "markdown", original.type
        assert (question.prompt, question.answers) == (original.prompt, original.answers), original.type
        if original.choices:  # an editor-made matching question has none: its matches are the options
            assert question.choices == original.choices, original.type
        assert getattr(question.payload, "items", ()) == getattr(original.payload, "items", ()), original.type


def test_gift_marks_markdown_and_escapes_only_what_gift_reserves() -> None:
    text = exported("gift", [MCQ]).decode("utf-8")
    assert "::md-mcq::[markdown]Which drug is **bold**?\\n\\n- one\\n- two\\n\\na < b & c <script>" in text
    assert "\t=An *NSAID*\n\t~An opioid \\{x\\}\\: y \\= z \\~ \\#1\n\t~a < b & c\n" in text
    assert "\t####Because\\:\\n\\n1. first\\n2. second\n}" in text


def test_moodle_xml_text_answers_and_feedback_are_markdown() -> None:
    (element,) = ET.fromstring(exported("moodle-xml", [MCQ])).findall("question[@type='multichoice']")
    questiontext = element.find("questiontext")
    assert questiontext is not None and questiontext.get("format") == "markdown"
    assert questiontext.findtext("text") == PROMPT
    assert [(a.get("format"), a.findtext("text")) for a in element.findall("answer")] == [
        ("markdown", option) for option in MCQ.choices
    ]
    feedback = element.find("generalfeedback")
    assert feedback is not None and feedback.get("format") == "markdown"
    assert feedback.findtext("text") == MCQ.explanation


def test_plain_slots_get_the_words_not_the_markup() -> None:
    """Moodle's matches and short answers are plain text; a cloze answer is compared as typed."""
    by_type = {q.type: q for q in one_of_each_written()}
    gift = exported("gift", [by_type["matching"], by_type["cloze"], by_type["shortanswer"]]).decode("utf-8")
    assert "\t=*Ibuprofen* -> NSAID\n" in gift
    assert "[markdown]The _____ surrounds the *nucleus*.{\n\t=annulus\n" in gift
    assert "{\n\t=NSAID\n\t=a<b\n" in gift


def test_csv_cells_hold_the_rendered_words() -> None:
    data = exported("csv", [MCQ]).decode("utf-8")
    ((term, definition),) = list(csv.reader(io.StringIO(data, newline="")))[1:]
    assert term.startswith("Which drug is bold?\n\none\ntwo\n\na < b & c <script>alert(1)</script>\n")
    assert term.endswith("A. An NSAID\nB. An opioid {x}: y = z ~ #1\nC. a < b & c")
    assert definition == "A. An NSAID\nBecause:\n\nfirst\nsecond"


def test_json_keeps_the_source_and_says_markdown() -> None:
    data = exported("json", [MCQ])
    (record,) = json.loads(data)
    assert record["markup"] == "markdown" and record["prompt"] == PROMPT


@pytest.mark.parametrize("fmt", ["anki", "csv", "gift", "json", "moodle-xml"])
def test_every_writable_type_exports(fmt: str) -> None:
    assert exported(fmt, one_of_each_written())


def test_a_generated_question_with_markdown_characters_stays_literal() -> None:
    plain = make_question("mcq", prompt="Is **x** < y?", choices=("*a*", "b"), answer="b", source="")
    assert build_note(plain).fields[:3] == ["Is **x** &lt; y?", "*a*", "b"]
    gift = exported("gift", [plain]).decode("utf-8")
    assert "::q-mcq::[html]Is **x** &lt; y?{\n\t~*a*\n\t=b\n" in gift
    found, _ = to_questions(read_gift(gift.encode("utf-8")), "back")
    assert found[0][0].markup == "plain"
