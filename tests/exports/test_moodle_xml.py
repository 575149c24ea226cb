"""Moodle XML: well-formed, one category per topic, each question type in Moodle's own structure."""

from __future__ import annotations

import base64
import io
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from exports import ExportOptions
from exports.base import ExportError
from exports.moodle_xml import write_moodle_xml
from question_bank import Question
from tests.exports.factories import make_question, one_of_each, write_png


def quiz(*questions: Question, media_dir: Path | None = None) -> ET.Element:
    out = io.BytesIO()
    write_moodle_xml(list(questions), out, ExportOptions(title="Test bank", media_dir=media_dir))
    data = out.getvalue()
    assert data.startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n<quiz>')
    return ET.fromstring(data)


def only(root: ET.Element, qtype: str) -> ET.Element:
    (element,) = root.findall(f"question[@type='{qtype}']")
    return element


def test_every_type_maps_to_a_moodle_question_type() -> None:
    root = quiz(*one_of_each())
    types = [q.get("type") for q in root.findall("question")]
    assert types == [
        "category",
        "multichoice",
        "multichoice",
        "truefalse",
        "category",
        "matching",
        "shortanswer",
        "shortanswer",
        "category",
        "essay",
    ]
    categories = [c.findtext("category/text") for c in root.findall("question[@type='category']")]
    assert categories[:2] == ["$course$/top/Test bank/Pharmacology", "$course$/top/Test bank/Anatomy"]


def test_single_answer_multichoice() -> None:
    element = only(quiz(make_question("mcq")), "multichoice")
    assert element.findtext("name/text") == "q-mcq" and element.findtext("idnumber") == "q-mcq"
    assert element.findtext("single") == "true"
    answers = [(a.get("fraction"), a.findtext("text")) for a in element.findall("answer")]
    assert answers == [("0", "An opioid"), ("100", "An NSAID"), ("0", "A steroid"), ("0", "A bisphosphonate")]
    assert "Because of mcq." in (element.findtext("generalfeedback/text") or "")
    assert [t.text for t in element.findall("tags/tag/text")] == ["test-bank::pharmacology::drug"]


def test_select_all_fractions_sum_to_100_for_the_keys() -> None:
    element = only(quiz(make_question("multi")), "multichoice")
    assert element.findtext("single") == "false"
    fractions = [float(a.get("fraction") or "nan") for a in element.findall("answer")]
    assert round(sum(f for f in fractions if f > 0), 2) == 100
    assert fractions == [33.33333, -33.33333, 33.33333, -33.33333, 33.33333]


def test_truefalse_matching_shortanswer_and_essay() -> None:
    root = quiz(
        make_question("truefalse", answer="False"), make_question("matching"), make_question("flashcard")
    )
    truefalse = only(root, "truefalse")
    assert [(a.findtext("text"), a.get("fraction")) for a in truefalse.findall("answer")] == [
        ("true", "0"),
        ("false", "100"),
    ]
    pairs = [
        (s.findtext("text"), s.findtext("answer/text")) for s in only(root, "matching").iter("subquestion")
    ]
    assert pairs == [("Ibuprofen", "An NSAID"), ("Codeine", "An opioid"), ("Prednisolone", "A steroid")]
    essay = only(root, "essay")
    assert essay.findtext("graderinfo/text") == "<p>Answer: 200–400 mg every 6–8 hours</p>"

    short = quiz(make_question("cloze", cloze="The {{c1::annulus}} is outside.")).find(
        "question[@type='shortanswer']"
    )
    assert short is not None
    assert short.findtext("questiontext/text") == "<p>The _____ is outside.</p>"
    assert short.findtext("answer/text") == "annulus" and short.find("answer").get("fraction") == "100"  # type: ignore[union-attr]


def test_markup_in_questions_stays_text() -> None:
    question = make_question("mcq", prompt="Is <script>alert(1)</script> & <b>x</b> ok?")
    text = only(quiz(question), "multichoice").findtext("questiontext/text")
    assert text == "<p>Is &lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;x&lt;/b&gt; ok?</p>"


def test_images_are_embedded_as_plugin_files(tmp_path: Path) -> None:
    write_png(tmp_path / "disc.png")
    element = only(quiz(make_question("mcq", media=("disc.png",)), media_dir=tmp_path), "multichoice")
    assert '<img src="@@PLUGINFILE@@/disc.png" alt="">' in (element.findtext("questiontext/text") or "")
    file = element.find("questiontext/file")
    assert file is not None and file.attrib == {"name": "disc.png", "path": "/", "encoding": "base64"}
    assert base64.b64decode(file.text or "") == (tmp_path / "disc.png").read_bytes()


def test_a_missing_image_is_an_export_error_that_says_so(tmp_path: Path) -> None:
    with pytest.raises(ExportError, match=r"image 'gone\.png' not found"):
        quiz(make_question("mcq", media=("gone.png",)), media_dir=tmp_path)
