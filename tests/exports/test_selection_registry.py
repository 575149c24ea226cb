"""Selecting questions (topics, hierarchical tags, id sets) and looking formats up by name."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from exports import FORMATS, ExportError, Selection, export_questions, get_format, select_questions
from exports.selection import tag_matches
from question_bank import Question
from tests.exports.factories import make_question, one_of_each


def ids(questions: list[Question]) -> list[str]:
    return [q.id for q in questions]


def test_tags_match_themselves_and_their_children_case_insensitively() -> None:
    assert tag_matches("test-bank::pharmacology", "test-bank::pharmacology::drug")
    assert tag_matches("Test-Bank::Pharmacology::Drug", "test-bank::pharmacology::drug")
    assert not tag_matches("test-bank::pharm", "test-bank::pharmacology::drug")
    assert not tag_matches("test-bank::pharmacology::drug::x", "test-bank::pharmacology::drug")


def test_topics_tags_and_ids_combine() -> None:
    questions = one_of_each()
    assert ids(select_questions(questions, topics=["anatomy"])) == ["q-matching", "q-cloze"]
    assert ids(select_questions(questions, tags=["test-bank::anatomy::component"])) == ["q-cloze"]
    assert ids(select_questions(questions, topics=["anatomy"], tags=["test-bank::anatomy::drug"])) == [
        "q-matching"
    ]
    assert ids(select_questions(questions, ids={"q-flashcard", "q-mcq", "gone"})) == ["q-mcq", "q-flashcard"]
    assert select_questions(questions, ids=set()) == []
    assert select_questions(questions) == questions


def test_unmatched_names_each_filter_that_selects_nothing() -> None:
    selection = Selection(topics=("anatomy", "nope"), tags=("test-bank::x",))
    assert selection.unmatched(one_of_each()) == ["topic 'nope'", "tag 'test-bank::x'"]


@given(
    st.sets(st.sampled_from([q.id for q in one_of_each()])),
    st.lists(st.sampled_from(["anatomy", "pharmacology"])),
)
def test_selection_keeps_bank_order_and_only_matching_questions(wanted: set[str], topics: list[str]) -> None:
    questions = one_of_each()
    kept = select_questions(questions, ids=wanted, topics=topics)
    assert kept == [q for q in questions if q in kept]  # a subsequence, in bank order
    assert all(q.id in wanted and (not topics or q.topic in topics) for q in kept)
    assert len(kept) == sum(1 for q in questions if q.id in wanted and (not topics or q.topic in topics))


def test_every_format_is_registered_once_under_its_name() -> None:
    assert sorted(FORMATS) == ["anki", "csv", "gift", "json", "moodle-xml"]
    assert all(get_format(name).name == name for name in FORMATS)
    with pytest.raises(KeyError, match="unknown export format 'pdf'"):
        get_format("pdf")


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_every_format_writes_every_question_type(name: str) -> None:
    out = io.BytesIO()
    export_questions(name, one_of_each(), out)
    assert len(out.getvalue()) > 100


def test_a_failed_export_leaves_no_file_behind(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    broken = make_question("mcq", answer="not a choice")
    with pytest.raises(ExportError):
        export_questions("gift", [make_question("flashcard"), broken], target)
    assert list(tmp_path.iterdir()) == []


def test_an_export_to_a_path_replaces_the_file(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    target.write_text("old")
    export_questions("json", one_of_each(), target)
    assert target.read_text(encoding="utf-8").startswith("[")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.json"]
