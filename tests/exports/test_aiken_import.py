"""Aiken import: Moodle's documented example, numbered problems for every malformed question."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from exports.aiken_import import parse
from exports.gift_questions import to_questions

EXAMPLE = """Is this an Aiken question?
A. Yes
B) No
ANSWER: A

Which LMS has the most quiz import formats?
A) Moodle
B) ATutor
C. Claroline
D) Blackboard
ANSWER: A
"""


def test_moodles_example_imports_as_two_single_answer_questions() -> None:
    found, problems = to_questions(parse(EXAMPLE), "aiken")
    assert problems == []
    assert [(q.prompt, q.choices, q.answer) for q, _ in found] == [
        ("Is this an Aiken question?", ("Yes", "No"), "Yes"),
        (
            "Which LMS has the most quiz import formats?",
            ("Moodle", "ATutor", "Claroline", "Blackboard"),
            "Moodle",
        ),
    ]
    assert [g.line for _, g in found] == [1, 6]


def test_malformed_questions_are_numbered_problems() -> None:
    parsed = parse("Q one?\nA. a\nC. c\nANSWER: A\n\nQ two?\nA. a\nB. b\nANSWER: D\n\nQ three?\nA. x\nB. y\n")
    assert [(p.line, p.message.split(",")[0]) for p in parsed.problems] == [
        (1, "options must be lettered A"),
        (6, "ANSWER: D names no option"),
        (11, "the last question has no 'ANSWER: X' line"),
    ]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ABCD.): ANSWERq?\n")), max_size=120))
def test_any_text_gives_questions_or_numbered_problems(text: str) -> None:
    parsed = parse(text)
    assert all(1 <= p.line <= max(1, len(text.splitlines())) for p in parsed.problems)
    to_questions(parsed, "fuzz")
