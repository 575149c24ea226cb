"""Numerical questions go to GIFT (`{#360:10}`) and Moodle XML (`<question type="numerical">`, a
unit in `<units>`) and come back as the same question; Moodle's numerical questions, ranges and
several answers included, import as numerical questions; card formats show "360 µmol/L (± 10)"."""

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
from question_bank.types import QUESTION_TYPES, NumericalPayload
from question_bank.types.shapes import Numerical
from tests.exports.factories import make_question

Writer = Callable[[list[Question], BinaryIO, ExportOptions], None]


def numerical(answer: str | tuple[str, ...] = "360", tolerance: float = 10, unit: str = "µmol/L") -> Question:
    return make_question(
        "numerical",
        prompt="Below what serum urate is urate-lowering therapy aimed?",
        answer=answer,
        payload=NumericalPayload(tolerance=tolerance, unit=unit),
        source="",
    )


ONE = numerical()
SEVERAL = numerical(("360", "6.5", "-0.25", "1e-05"), tolerance=0.5, unit="")
MARKDOWN = make_question(
    "numerical",
    prompt="Target **urate**, in µmol/L?",
    answer="300",
    payload=NumericalPayload(tolerance=0, unit="µmol/L"),
    markup="markdown",
    source="",
)


def exported(write: Writer, *questions: Question) -> bytes:
    out = io.BytesIO()
    write(list(questions), out, ExportOptions(title="Test bank"))
    return out.getvalue()


def read_gift(data: bytes) -> Parsed:
    return gift_import.parse(data.decode("utf-8"))


FORMATS = [
    pytest.param(write_gift, read_gift, id="gift"),
    pytest.param(write_moodle_xml, moodle_xml_import.parse, id="moodle-xml"),
]


def shape(question: Question) -> Numerical:
    found = QUESTION_TYPES["numerical"].shape(question)
    assert isinstance(found, Numerical)
    return found


@pytest.mark.parametrize("original", [ONE, SEVERAL, MARKDOWN], ids=["one value", "several", "markdown"])
@pytest.mark.parametrize(("write", "read"), FORMATS)
def test_a_numerical_question_imports_back_to_the_same_question(
    write: Writer, read: Callable[[bytes], Parsed], original: Question
) -> None:
    found, problems = to_questions(read(exported(write, original)), "back")
    assert problems == []
    ((question, imported),) = found
    assert imported.kind == "numerical" and question.type == "numerical"
    assert question.answers == original.answers
    assert question.prompt == original.prompt and question.explanation == original.explanation
    assert question.markup == original.markup
    back, before = shape(question), shape(original)
    assert (back.values, back.tolerance) == (before.values, before.tolerance)
    if write is write_moodle_xml:
        assert back.unit == before.unit  # GIFT has no units
    else:
        assert back.unit == ""


def test_gift_writes_one_value_with_its_tolerance_and_several_each_at_full_credit() -> None:
    assert exported(write_gift, ONE).decode("utf-8") == (
        "$CATEGORY: $course$/top/Test bank/Pharmacology\n\n"
        "::q-numerical::[html]Below what serum urate is urate-lowering therapy aimed?{#\n"
        "\t360:10\n"
        "\t####<p>Because of numerical.</p>\n}\n"
    )
    assert (
        "{#\n\t=360:0.5\n\t=6.5:0.5\n\t=-0.25:0.5\n\t=1e-05:0.5\n\t####"
        in exported(write_gift, SEVERAL).decode()
    )


def test_moodle_xml_is_a_numerical_question_with_a_tolerance_per_answer_and_the_unit() -> None:
    root = ET.fromstring(exported(write_moodle_xml, ONE, SEVERAL))
    first, second = root.findall("question[@type='numerical']")
    answers = [
        (a.get("fraction"), a.findtext("text"), a.findtext("tolerance")) for a in first.findall("answer")
    ]
    assert answers == [("100", "360", "10")]
    assert all(a.find("feedback/text") is not None for a in first.findall("answer"))
    units = [(u.findtext("unit_name"), u.findtext("multiplier")) for u in first.findall("units/unit")]
    assert units == [("µmol/L", "1")]
    assert (first.findtext("unitgradingtype"), first.findtext("showunits")) == ("0", "0")
    assert [a.findtext("text") for a in second.findall("answer")] == ["360", "6.5", "-0.25", "1e-05"]
    assert second.find("units") is None and second.findtext("showunits") == "3"


def test_card_formats_show_the_value_its_unit_and_its_tolerance() -> None:
    assert card_for(ONE) == (ONE.prompt, "360 µmol/L (± 10)")
    assert card_for(numerical(("6", "8"), tolerance=0, unit="mmol/L"))[1] == "6 or 8 mmol/L"
    assert build_note(numerical(unit="<b>")).fields[1] == "360 &lt;b&gt; (± 10)"


GIFT = """\
::year::When was Ulysses S. Grant born?{#1822:5}

::range::What is a normal adult respiratory rate, breaths per minute?{#12..20}

::several::Name a value.{#=360:10 =6:0.5 ####Either unit's target.}

::partial::Serum sodium, mmol/L?{#=140:5 =%50%140:10#close ~#not close}

::none::Nothing is right.{#=%50%5}
"""


def test_moodles_numerical_questions_import_with_what_cannot_cross_noted() -> None:
    found, problems = to_questions(gift_import.parse(GIFT), "grant")
    by_name = {gift.name: question for question, gift in found}
    assert set(by_name) == {"year", "range", "several", "partial"}
    assert all(q.type == "numerical" for q in by_name.values())
    assert shape(by_name["year"]) == Numerical((1822.0,), 5.0, "")
    assert by_name["year"].answer == "1822"
    assert shape(by_name["range"]) == Numerical((16.0,), 4.0, "")
    assert shape(by_name["several"]) == Numerical((360.0, 6.0), 10.0, "")
    assert (
        by_name["several"].answer == ("360", "6")
        and by_name["several"].explanation == "Either unit's target."
    )
    assert shape(by_name["partial"]) == Numerical((140.0,), 5.0, "")
    assert [(p.line, p.severity) for p in problems] == [(5, "note"), (7, "note"), (7, "note"), (9, "error")]
    several, partial, feedback, none = problems
    assert "the largest, ± 10" in several.message and "± 0.5, ± 10" in several.message
    assert "partial-credit answers dropped" in partial.message and "140:10 at 50%" in partial.message
    assert "feedback dropped" in feedback.message
    assert "no value gets full credit" in none.message and str(none).startswith("line 9: error")


def moodle(answers: str, units: str = "") -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<quiz>\n<question type="numerical">\n'
        "<name><text>urate</text></name>\n"
        '<questiontext format="html"><text>Urate target?</text></questiontext>\n'
        f"{answers}{units}\n</question>\n</quiz>\n"
    ).encode()


def answer(value: str, tolerance: str, fraction: str = "100") -> str:
    return f'<answer fraction="{fraction}"><text>{value}</text><tolerance>{tolerance}</tolerance></answer>'


def unit(name: str, multiplier: str) -> str:
    return f"<unit><multiplier>{multiplier}</multiplier><unit_name>{name}</unit_name></unit>"


def test_moodle_xml_units_keep_the_one_with_multiplier_one_and_note_the_others() -> None:
    source = moodle(answer("0.36", "0.01"), f"<units>{unit('mmol/L', '1')}{unit('µmol/L', '1000')}</units>")
    ((question, imported),), problems = to_questions(moodle_xml_import.parse(source), "x")
    assert imported.units == (("mmol/L", 1.0), ("µmol/L", 1000.0))
    assert shape(question) == Numerical((0.36,), 0.01, "mmol/L")
    (note,) = problems
    assert note.severity == "note" and "µmol/L (× 1000)" in note.message and note.line == 3


def test_moodle_xml_catch_all_and_partial_answers_are_dropped_with_a_note() -> None:
    source = moodle(answer("360", "10") + answer("360", "30", "50") + answer("*", "0", "0"))
    ((question, _),), problems = to_questions(moodle_xml_import.parse(source), "x")
    assert shape(question) == Numerical((360.0,), 10.0, "")
    assert [p.severity for p in problems] == ["note"] and "360:30 at 50%" in problems[0].message


@pytest.mark.parametrize(
    ("answers", "words"),
    [
        (answer("360", "-1"), "0 or more"),
        (answer("inf", "1"), "not a number"),
        (answer("*", "0"), "no value gets full credit"),
    ],
)
def test_a_numerical_question_we_cannot_use_is_a_numbered_error(answers: str, words: str) -> None:
    found, problems = to_questions(moodle_xml_import.parse(moodle(answers)), "x")
    assert found == [] and [p.severity for p in problems] == ["error"] and words in problems[0].message
