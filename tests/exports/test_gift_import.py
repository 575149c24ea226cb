"""GIFT import read as Moodle reads it (question/format/gift/format.php and its examples), our own
GIFT export read back to the same questions, and arbitrary text never crashing the parser."""

from __future__ import annotations

import io
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from exports import ExportOptions
from exports.gift import write_gift
from exports.gift_import import Answer, Number, parse
from exports.gift_questions import dry_run, to_questions
from tests.exports.factories import make_question

MOODLE_EXAMPLES = """// Moodle's own examples, from the GIFT format's documentation
Who's buried in Grant's tomb?{~Grant ~Jefferson =no one}

Grant is {~buried =entombed ~living} in Grant's tomb.

Grant is buried in Grant's tomb.{FALSE}

Who's buried in Grant's tomb?{=no one =nobody}

When was Ulysses S. Grant born?{#1822:5}

Match the following countries with their corresponding capitals.{=Canada->Ottawa =Italy->Rome =Japan->Tokyo}
"""


def test_moodles_examples_parse_as_moodle_parses_them() -> None:
    parsed = parse(MOODLE_EXAMPLES)
    assert parsed.problems == []
    kinds = [q.kind for q in parsed.questions]
    assert kinds == ["multichoice", "multichoice", "truefalse", "shortanswer", "numerical", "match"]
    choice, missing, truth, short, number, match = parsed.questions
    assert [a.fraction for a in choice.answers] == [0, 0, 1] and choice.answers[2].text == "no one"
    assert missing.missing_word and missing.text == "Grant is _____ in Grant's tomb."
    assert truth.truth is False
    assert [a.text for a in short.answers] == ["no one", "nobody"]
    assert number.numbers == (Number(1822.0, 5.0, 1.0),)
    assert match.pairs == (("Canada", "Ottawa"), ("Italy", "Rome"), ("Japan", "Tokyo"))
    assert [q.line for q in parsed.questions] == [2, 4, 6, 8, 10, 12]


def test_titles_categories_weights_feedback_formats_and_escapes() -> None:
    source = (
        "$CATEGORY: $course$/top/Pharmacology\n\n"
        "::Q\\: one::[markdown]Pick **the** NSAID \\{x\\} \\~ 1\\=1 \\#2 a\\\\b{\n"
        "  =ibuprofen#right, it is\n  ~%-50%morphine#an opioid\n  ~gabapentin\n  ####Class effect.\n}\n\n"
        "::Which::{~%50%ibuprofen ~%50%naproxen ~%-100%morphine}\n\n"
        "::Range::{#1..5 ~#too far}\n"
    )
    first, several, number = parse(source).questions
    assert (first.name, first.text_format, first.category) == (
        "Q: one",
        "markdown",
        "$course$/top/Pharmacology",
    )
    assert first.text == "Pick **the** NSAID {x} ~ 1=1 #2 a\\b"
    assert first.answers == (
        Answer("ibuprofen", 1.0, "right, it is"),
        Answer("morphine", -0.5, "an opioid"),
        Answer("gabapentin", 0.0),
    )
    assert first.general_feedback == "Class effect." and first.single
    assert not several.single and [a.fraction for a in several.answers] == [0.5, 0.5, -1.0]
    assert number.numbers == (Number(3.0, 2.0, 1.0), Number(None, 0.0, 0.0, "too far"))


def test_what_cannot_be_imported_is_reported_with_its_line_and_the_rest_imported() -> None:
    found, problems = to_questions(parse(MOODLE_EXAMPLES + "\n::Broken:: {=a ~b\n\nWhy? {}\n"), "grant")
    assert [q.type for q, _ in found] == ["mcq", "mcq", "truefalse", "shortanswer", "numerical", "matching"]
    assert [q.answer for q, _ in found][3] == ("no one", "nobody")
    assert [q.answer for q, _ in found][4] == "1822"
    assert [(p.line, p.severity) for p in problems] == [(14, "error"), (16, "skipped")]
    assert "essay questions cannot be imported yet" in problems[-1].message
    assert "braces" in problems[0].message


def export(*kinds: str) -> str:
    out = io.BytesIO()
    write_gift([make_question(kind) for kind in kinds], out, ExportOptions(title="Test bank"))
    return out.getvalue().decode("utf-8")


@pytest.mark.parametrize("kind", ["mcq", "multi", "truefalse", "matching"])
def test_our_gift_export_imports_back_to_the_same_question(kind: str) -> None:
    original = make_question(kind)
    found, problems = to_questions(parse(export(kind)), "back")
    assert [p for p in problems if p.severity == "error"] == []
    ((question, _),) = found
    assert question.choices == original.choices or set(question.choices) == set(original.choices)
    assert question.answers == original.answers
    assert question.topic == original.topic and question.prompt == original.prompt


def test_the_dry_run_keeps_what_gift_carries_beyond_the_json_export() -> None:
    found, _ = to_questions(parse("::Q:: Pick.{=a#yes ~%-50%b#no}"), "x")
    (record,) = json.loads(json.dumps(dry_run(found)))
    assert record["type"] == "mcq" and record["choices"] == ["a", "b"] and record["answer"] == "a"
    assert record["gift"]["answers"][1] == {"text": "b", "fraction": -0.5, "feedback": "no"}
    assert record["payload"]["rationales"] == ["yes", "no"]


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet=st.sampled_from(list("{}=~#:->%\\/$:: \nabc[]T0.9")), max_size=120)
    | st.text(max_size=80)
)
def test_any_text_gives_questions_or_numbered_problems_never_a_crash(text: str) -> None:
    parsed = parse(text)
    lines = max(1, len(text.splitlines()))
    assert all(1 <= p.line <= lines for p in parsed.problems)
    found, problems = to_questions(parsed, "fuzz")
    assert all(1 <= p.line <= lines for p in problems)
    assert len({q.id for q, _ in found}) == len(found)
