"""Numerical questions: a typed number is right within the tolerance of any accepted value; a
decimal comma, an exponent and the question's unit are understood; anything else is asked again."""

from __future__ import annotations

import dataclasses
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from question_bank import Question
from question_bank.types import QUESTION_TYPES, InvalidQuestion, InvalidResponse, NumericalPayload
from question_bank.types.numerical import number_text, parse_number
from question_bank.types.shapes import Numerical

NUMERICAL = QUESTION_TYPES["numerical"]


def numerical(answer: str | tuple[str, ...] = "360", tolerance: float = 10, unit: str = "µmol/L") -> Question:
    return Question(
        "q-urate",
        "numerical",
        "Below what serum urate is urate-lowering therapy aimed?",
        (),
        answer,
        "",
        (),
        "",
        "b",
        "t",
        "f",
        payload=NumericalPayload(tolerance=tolerance, unit=unit),
    )


def right(question: Question, typed: str) -> bool:
    return NUMERICAL.grade(question, [typed]).correct


@pytest.mark.parametrize("typed", ["360", "360.0", " 3.6e2 ", "+360", "350", "370", "369.9999", "3.5E+2"])
def test_a_number_within_the_tolerance_is_right(typed: str) -> None:
    assert right(numerical(), typed)


@pytest.mark.parametrize("typed", ["349.99", "370.01", "-360", "0", "3600"])
def test_a_number_outside_the_tolerance_is_wrong(typed: str) -> None:
    assert not right(numerical(), typed)


def test_the_tolerance_edges_count_even_where_floats_round() -> None:
    assert right(numerical("0.3", tolerance=0, unit=""), "0.30000000000000004")
    assert right(numerical("0.3", tolerance=0.1, unit=""), "0.2")  # 0.3 - 0.2 is 0.09999999999999998
    assert right(numerical("0.3", tolerance=0.1, unit=""), "0.4")  # 0.4 - 0.3 is 0.10000000000000003
    assert not right(numerical("0.3", tolerance=0.1, unit=""), "0.41")
    tiny = numerical("1e-12", tolerance=0, unit="")  # the slack is relative: tiny values stay exact
    assert right(tiny, "0.000000000001") and not right(tiny, "1.1e-12") and not right(tiny, "0")
    exact = numerical("7.4", tolerance=0, unit="")
    assert right(exact, "7.4") and right(exact, "7.40") and not right(exact, "7.41")


@pytest.mark.parametrize("typed", ["360 µmol/L", "360µmol/L", "360 µMOL/l", "360 μmol/L", "3,6e2 µmol/L"])
def test_the_unit_may_be_typed_after_the_number_in_any_case(typed: str) -> None:
    assert right(numerical(), typed)  # μ (Greek mu) is the micro sign µ once case is folded


def test_a_decimal_comma_and_a_typographic_minus_are_numbers() -> None:
    assert right(numerical("0.5", tolerance=0, unit="mg"), "0,5")
    assert right(numerical("0.5", tolerance=0, unit="mg"), "0,5 mg")
    assert right(numerical("-1.5", tolerance=0, unit=""), "\u22121,5")


def test_any_accepted_value_is_right() -> None:
    question = numerical(("360", "6"), tolerance=0.5, unit="")
    assert right(question, "6.4") and right(question, "359.5")
    assert not right(question, "7") and not right(question, "358")
    assert NUMERICAL.key_response(question) == ["360"]  # the first value


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Type a number."),
        ("   ", "Type a number."),
        ("three hundred", "Type a number."),
        ("360 360", "Type a number."),
        ("nan", "Type a number."),
        ("inf", "Type a number."),
        ("1e999", "Type a number."),
        ("0x10", "Type a number"),
        ("1_000", "Type a number."),
        ("<script>", "Type a number."),
        ("3" * 101, "Type a number."),
        ("360 mg/dL", "Type a number, in µmol/L."),
        ("6 mg/dL", "Type a number, in µmol/L."),
        ("1,000", "thousands separator"),
        ("12,345,678", "thousands separator"),
    ],
)
def test_anything_but_a_number_is_asked_again_never_graded(typed: str, message: str) -> None:
    with pytest.raises(InvalidResponse, match=re.escape(message)):
        NUMERICAL.grade(numerical(), [typed])


def test_a_response_of_several_values_or_none_is_asked_again() -> None:
    for response in ([], ["360", "360"]):
        with pytest.raises(InvalidResponse, match="Type a number"):
            NUMERICAL.grade(numerical(), response)


def test_what_was_typed_is_kept_as_typed_for_the_statistics() -> None:
    assert NUMERICAL.grade(numerical(), ["  0360,0 µmol/L "]).chosen == ("0360,0 µmol/L",)


@pytest.mark.parametrize(
    ("question", "words"),
    [
        (numerical("three sixty"), "not a number"),
        (numerical("0,5"), "not a number"),  # a key is written with a decimal point
        (numerical(("360", "")), "not a number"),
        (numerical("inf"), "not a number"),
        (numerical(()), "needs a value"),
        (numerical(tolerance=-1), "0 or more"),
        (numerical(tolerance=float("nan")), "0 or more"),
        (dataclasses.replace(numerical(), payload=NumericalPayload(tolerance="10")), "not a number"),  # type: ignore[arg-type]
    ],
)
def test_a_question_with_a_bad_key_or_tolerance_is_refused(question: Question, words: str) -> None:
    with pytest.raises(InvalidQuestion, match=words):
        NUMERICAL.shape(question)


def test_its_shape_is_every_value_with_one_tolerance_and_the_unit() -> None:
    assert NUMERICAL.shape(numerical(("360", "6.5"))) == Numerical((360.0, 6.5), 10.0, "µmol/L")
    assert NUMERICAL.accepted(numerical()) == ("360 µmol/L (± 10)",)
    assert NUMERICAL.accepted(numerical("7.4", tolerance=0, unit="")) == ("7.4",)


def test_numbers_are_written_the_way_an_author_writes_them() -> None:
    assert [number_text(v) for v in (360.0, 0.5, -2.0, 1e-05, 1e20)] == ["360", "0.5", "-2", "1e-05", "1e+20"]
    assert parse_number("1.") == 1.0 and parse_number(".5") == 0.5 and parse_number("0,5") is None
    assert parse_number("0,5", decimal_comma=True) == 0.5


def test_the_payload_round_trips_through_its_json_form() -> None:
    question = numerical(("360", "6"))
    again = QUESTION_TYPES["numerical"].payload_class.from_dict(question.payload.to_dict())
    assert again == question.payload


@settings(max_examples=300, deadline=None)
@given(
    st.text(max_size=40)
    | st.from_regex(r"\s*[+-]?[0-9.,]{0,8}([eE][+-]?[0-9]{0,4})?\s*(µmol/L|mg)?", fullmatch=True)
)
def test_any_text_is_graded_or_asked_again_never_a_crash(typed: str) -> None:
    try:
        graded = NUMERICAL.grade(numerical(), [typed])
    except InvalidResponse as error:
        assert str(error).startswith("Type")
    else:
        assert graded.chosen == (typed.strip(),)
