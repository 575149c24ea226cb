"""Moodle XML import: our own Moodle XML export reads back to the same questions, each problem
carries its line, and hostile XML (entities, broken markup) is refused without a crash."""

from __future__ import annotations

import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from exports import ExportOptions
from exports.gift_questions import to_questions
from exports.moodle_xml import write_moodle_xml
from exports.moodle_xml_import import parse
from tests.exports.factories import make_question


def export(*kinds: str) -> bytes:
    out = io.BytesIO()
    write_moodle_xml([make_question(kind) for kind in kinds], out, ExportOptions(title="Test bank"))
    return out.getvalue()


@pytest.mark.parametrize("kind", ["mcq", "multi", "truefalse", "matching"])
def test_our_moodle_xml_imports_back_to_the_same_question(kind: str) -> None:
    original = make_question(kind)
    found, problems = to_questions(parse(export(kind)), "back")
    assert [p for p in problems if p.severity == "error"] == []
    ((question, _),) = found
    assert question.type == original.type and question.prompt == original.prompt
    assert set(question.choices) == set(original.choices) and question.answers == original.answers
    assert question.topic == original.topic


def test_types_we_cannot_hold_are_skipped_with_their_line() -> None:
    found, problems = to_questions(parse(export("mcq", "flashcard", "truefalse")), "x")
    assert [q.type for q, _ in found] == ["mcq", "truefalse"]
    (skipped,) = problems
    assert skipped.severity == "skipped" and "essay" in skipped.message and skipped.line > 1


@pytest.mark.parametrize(
    ("source", "words"),
    [
        (b'<?xml version="1.0"?><!DOCTYPE q [<!ENTITY a "aaaa">]><quiz>&a;</quiz>', "DOCTYPE"),
        (b"<quiz><question type='multichoice'>\n<name>", "not well-formed"),
        (b"<html></html>", "not a <quiz>"),
        (b"<quiz>\n<question type='multichoice'><answer fraction='x'/></question></quiz>", "fraction"),
    ],
)
def test_hostile_or_broken_xml_is_a_numbered_problem(source: bytes, words: str) -> None:
    parsed = parse(source)
    assert parsed.questions == [] and words in parsed.problems[0].message and parsed.problems[0].line >= 1


@settings(max_examples=200, deadline=None)
@given(
    st.binary(max_size=200)
    | st.text(alphabet=st.sampled_from(list("<>/=\"' quizanswerfrction1009")), max_size=150).map(str.encode)
)
def test_any_bytes_give_questions_or_numbered_problems(source: bytes) -> None:
    parsed = parse(source)
    assert all(p.line >= 1 for p in parsed.problems)
    to_questions(parsed, "fuzz")
