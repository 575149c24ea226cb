"""GIFT output pinned to exact text (golden), written the way Moodle's own GIFT exporter writes it."""

from __future__ import annotations

import io

import pytest

from exports import ExportError, ExportOptions
from exports.gift import escape, write_gift
from question_bank import Question
from tests.exports.factories import make_question

SOURCE = "<p>Source\\: Pharmacological Treatments (cited\\: NICE)</p>"


def gift(*questions: Question) -> str:
    out = io.BytesIO()
    write_gift(list(questions), out, ExportOptions(title="Test bank"))
    return out.getvalue().decode("utf-8")


def test_escape_backslashes_every_reserved_character() -> None:
    assert escape("a~b=c#d{e}f:g\\h\ni\r") == "a\\~b\\=c\\#d\\{e\\}f\\:g\\\\h\\ni"


def test_single_answer_multiple_choice() -> None:
    assert gift(make_question("mcq")) == (
        "$CATEGORY: $course$/top/Test bank/Pharmacology\n\n"
        "::q-mcq::[html]Which drug class is ibuprofen?{\n"
        "\t~An opioid\n\t=An NSAID\n\t~A steroid\n\t~A bisphosphonate\n"
        f"\t####<p>Because of mcq.</p>{SOURCE}\n}}\n"
    )


def test_select_all_shares_credit_and_penalises_wrong_picks() -> None:
    text = gift(make_question("multi"))
    assert "\t~%33.33333%GI irritation\n\t~%-33.33333%Hair loss\n\t~%33.33333%Renal impairment\n" in text
    assert "\t~%-33.33333%Tinnitus\n\t~%33.33333%Peptic ulcer\n" in text
    two_keys = make_question("multi", answer=("GI irritation", "Tinnitus"))
    assert "~%50%GI irritation" in gift(two_keys) and "~%-50%Hair loss" in gift(two_keys)


def test_true_false() -> None:
    assert "::q-truefalse::[html]True or false? Naproxen is an NSAID.{\n\tTRUE\n\t####" in gift(
        make_question("truefalse")
    )
    assert "{\n\tFALSE\n" in gift(make_question("truefalse", answer="False"))
    with pytest.raises(ExportError, match="true/false"):
        gift(make_question("truefalse", answer="Maybe"))


def test_matching_with_an_extra_option() -> None:
    question = make_question("matching", choices=("An opioid", "A steroid", "An NSAID", "A diuretic"))
    assert gift(question) == (
        "$CATEGORY: $course$/top/Test bank/Anatomy\n\n"
        "::q-matching::[html]Match each drug with its class.{\n"
        "\t=Ibuprofen -> An NSAID\n\t=Codeine -> An opioid\n\t=Prednisolone -> A steroid\n"
        "\t= -> A diuretic\n"
        f"\t####<p>Because of matching.</p>{SOURCE}\n}}\n"
    )


def test_cloze_becomes_one_short_answer_per_deletion() -> None:
    text = gift(make_question("cloze"))
    assert "::q-cloze c1::[html]The _____ surrounds the nucleus pulposus.{\n\t=annulus fibrosus\n" in text
    assert "::q-cloze c2::[html]The annulus fibrosus surrounds the _____.{\n\t=nucleus pulposus\n" in text
    single = make_question("cloze", cloze="The {{c1::annulus}} is outside.")
    assert "::q-cloze::[html]The _____ is outside.{\n\t=annulus\n" in gift(single)


def test_flashcard_is_an_essay_with_the_answer_as_feedback() -> None:
    assert gift(make_question("flashcard")).endswith(
        "::q-flashcard::[html]What is the usual adult dose of ibuprofen?{\n"
        "\t####<p>Answer\\: 200–400 mg every 6–8 hours</p><p>Because of flashcard.</p>"
        f"{SOURCE}\n}}\n"
    )


def test_markup_and_reserved_characters_in_text_are_neutralised() -> None:
    question = make_question(
        "mcq",
        id="q:1",
        prompt="Is <b>x</b> = {y} # ~z?",
        choices=("a: <i>b</i>", "c=d"),
        answer="c=d",
        explanation="",
        source="",
    )
    assert gift(question).endswith(
        "::q\\:1::[html]Is &lt;b&gt;x&lt;/b&gt; \\= \\{y\\} \\# \\~z?{\n"
        "\t~a\\: &lt;i&gt;b&lt;/i&gt;\n\t=c\\=d\n}\n"
    )


def test_categories_follow_topic_changes() -> None:
    text = gift(make_question("mcq"), make_question("matching"), make_question("flashcard"))
    assert text.count("$CATEGORY:") == 3
    assert all(block.strip() for block in text.split("\n\n"))
