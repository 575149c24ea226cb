"""Every registered question type is generated, graded and exported by every format."""

from __future__ import annotations

import dataclasses
import io

import pytest

from exports import FORMATS, ExportError, export_questions
from question_bank import Question, bundled_bank_path, generate, load_bank
from question_bank.types import QUESTION_TYPES, InvalidResponse, NumericalPayload, question_from_dict

# A format may refuse a type only with a stated reason, listed here: (format, type) -> reason.
REFUSED: dict[tuple[str, str], str] = {}


# Types only instructors write (no generator makes them): a hand-made example each.
WRITTEN = {
    "shortanswer": Question(
        "q-short",
        "shortanswer",
        "Which drug class is ibuprofen?",
        (),
        ("NSAID", "non-steroidal anti-inflammatory"),
        "Ibuprofen is an NSAID.",
        (),
        "Pharmacological Treatments",
        "b",
        "pharmacology",
        "f",
    ),
    "numerical": Question(
        "q-numerical",
        "numerical",
        "Below what serum urate do NICE and EULAR aim urate-lowering therapy in most people with gout?",
        (),
        "360",
        "Below 360 µmol/L (6 mg/dL); below 300 µmol/L with tophi or frequent flares.",
        (),
        "NICE NG219; EULAR 2016",
        "b",
        "pharmacology",
        "f-numerical",
        payload=NumericalPayload(tolerance=10, unit="µmol/L"),
    ),
}


@pytest.fixture(scope="module")
def one_of_each() -> dict[str, Question]:
    found: dict[str, Question] = dict(WRITTEN)
    for question in generate(load_bank(bundled_bank_path("lumbar-l1-l2"))):
        found.setdefault(question.type, question)
    return found


@pytest.mark.parametrize("name", sorted(QUESTION_TYPES))
def test_type_is_generated_and_round_trips(name: str, one_of_each: dict[str, Question]) -> None:
    question = one_of_each.get(name)
    assert question is not None, f"no {name} question generated from the bundled bank"
    if name in WRITTEN:
        assert question_from_dict(question.to_dict()) == question
        return
    # `meta` is the generators' own bookkeeping, not part of the exported question.
    assert question_from_dict(question.to_dict()) == dataclasses.replace(question, meta={})


@pytest.mark.parametrize("name", sorted(QUESTION_TYPES))
def test_type_grades_its_key_right_and_others_wrong(name: str, one_of_each: dict[str, Question]) -> None:
    qtype, question = QUESTION_TYPES[name], one_of_each[name]
    if not qtype.auto_graded:
        with pytest.raises(InvalidResponse):
            qtype.grade(question, [])
        return
    key = qtype.key_response(question)
    assert qtype.grade(question, key).correct
    if name == "shortanswer":
        assert qtype.grade(question, ["  Non-Steroidal   anti-inflammatory. "]).correct  # any accepted one
        assert not qtype.grade(question, ["opioid"]).correct
        with pytest.raises(InvalidResponse):
            qtype.grade(question, ["  "])
        return
    if name == "numerical":
        assert qtype.grade(question, [" 3.65e2 µmol/l "]).correct  # within ± 10, its unit typed
        assert not qtype.grade(question, ["371"]).correct
        with pytest.raises(InvalidResponse):
            qtype.grade(question, ["not a number"])
        return
    options = qtype.options(question)
    wrong = [str((int(key[0]) + 1) % len(options)), *key[1:]]
    assert not qtype.grade(question, wrong).correct
    with pytest.raises(InvalidResponse):
        qtype.grade(question, ["not an option"])


@pytest.mark.parametrize("name", sorted(QUESTION_TYPES))
@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_every_format_writes_every_type(fmt: str, name: str, one_of_each: dict[str, Question]) -> None:
    out = io.BytesIO()
    reason = REFUSED.get((fmt, name))
    if reason is not None:
        with pytest.raises(ExportError, match=reason):
            export_questions(fmt, [one_of_each[name]], out)
        return
    export_questions(fmt, [one_of_each[name]], out)
    assert out.getvalue()


def test_a_true_false_item_without_choices_is_shown_and_graded_as_true_false() -> None:
    # The lists used to disagree: rendered with True/False, but every answer refused.
    qtype = QUESTION_TYPES["truefalse"]
    question = Question("q", "truefalse", "True or false? X.", (), "False", "", (), "", "b", "t", "f")
    assert qtype.options(question) == ("True", "False")
    assert qtype.grade(question, ["1"]).correct and not qtype.grade(question, ["0"]).correct
