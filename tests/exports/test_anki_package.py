"""The Anki exporter without Anki: fixed ids, GUIDs, field escaping, determinism, bad input."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import genanki
import pytest
from hypothesis import given
from hypothesis import strategies as st

from exports import ExportError, ExportOptions
from exports.anki import (
    BASIC_MODEL_ID,
    CHOICE_MODEL_ID,
    CLOZE_MODEL_ID,
    build_note,
    deck_id,
    note_guid,
    write_apkg,
)
from exports.anki.models import CHOICE_FIELDS, OPTION_LETTERS
from question_bank import Question
from tests.exports.factories import edited, make_question, one_of_each, write_png


def apkg_bytes(questions: list[Question], media_dir: Path | None = None) -> bytes:
    out = io.BytesIO()
    write_apkg(questions, out, ExportOptions(timestamp=1_700_000_000.0, media_dir=media_dir))
    return out.getvalue()


def test_model_ids_are_the_documented_constants() -> None:
    # Changing any of these splits every user's existing notes from their note type: never do it.
    assert (BASIC_MODEL_ID, CLOZE_MODEL_ID, CHOICE_MODEL_ID) == (1363309207, 1607052548, 2046502494)


def test_deck_ids_are_stable_31_bit_and_distinct() -> None:
    assert deck_id("lumbar-l1-l2") == deck_id("lumbar-l1-l2")
    ids = {deck_id("lumbar-l1-l2"), deck_id("lumbar-l1-l2", "anatomy"), deck_id("other", "anatomy")}
    assert len(ids) == 3
    assert all((1 << 30) <= i < (1 << 31) for i in ids)
    assert deck_id("lumbar-l1-l2", "anatomy") == 1615118332  # golden: documented derivation


def test_guid_follows_the_question_id_not_its_wording() -> None:
    question = make_question("mcq")
    assert build_note(question).guid == build_note(edited(question, prompt="Reworded?")).guid
    assert build_note(question).guid != build_note(edited(question, id="q-other")).guid


def test_choice_fields_hold_letters_key_and_escaped_text() -> None:
    question = make_question("multi", prompt="A <b> & B\nnext line")
    fields = dict(zip(CHOICE_FIELDS, build_note(question).fields, strict=True))
    assert fields["Stem"] == "A &lt;b&gt; &amp; B<br>next line"
    assert fields["Answer"] == "A, C, E"
    assert fields["OptionE"] == "Peptic ulcer" and fields["OptionF"] == ""
    assert fields["QuestionId"] == question.id


def test_more_options_than_slots_fall_back_to_a_basic_card() -> None:
    choices = tuple(f"Option {n}" for n in range(len(OPTION_LETTERS) + 1))
    question = make_question("mcq", choices=choices, answer="Option 3")
    note = build_note(question)
    assert note.model.model_id == BASIC_MODEL_ID
    assert "Option 8" in note.fields[0] and note.fields[1].startswith("D: Option 3")


def test_a_cloze_without_deletions_becomes_a_basic_card() -> None:
    note = build_note(make_question("cloze", cloze="Nothing hidden here."))
    assert note.model.model_id == BASIC_MODEL_ID


def test_a_key_missing_from_the_choices_is_refused() -> None:
    with pytest.raises(ExportError, match="not one of its choices"):
        build_note(make_question("mcq", answer="A diuretic"))


def test_same_questions_and_timestamp_give_identical_bytes() -> None:
    assert apkg_bytes(one_of_each()) == apkg_bytes(one_of_each())
    assert apkg_bytes(one_of_each()) != apkg_bytes(one_of_each()[1:])


def test_package_holds_collection_and_media_map(tmp_path: Path) -> None:
    write_png(tmp_path / "a.png")
    questions = [make_question("mcq", media=("a.png",)), make_question("flashcard", media=("a.png",))]
    with zipfile.ZipFile(io.BytesIO(apkg_bytes(questions, media_dir=tmp_path))) as archive:
        assert sorted(archive.namelist()) == ["0", "collection.anki2", "media"]
        assert json.loads(archive.read("media")) == {"0": "a.png"}
        assert archive.read("0") == (tmp_path / "a.png").read_bytes()


def test_missing_images_and_name_clashes_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="not found"):
        apkg_bytes([make_question("mcq", media=("gone.png",))], media_dir=tmp_path)
    for folder in ("x", "y"):
        (tmp_path / folder).mkdir()
        write_png(tmp_path / folder / "same.png", rgb=(len(folder), 0, 0))
    clash = [make_question("mcq", media=("x/same.png",)), make_question("flashcard", media=("y/same.png",))]
    with pytest.raises(ExportError, match="share one name"):
        apkg_bytes(clash, media_dir=tmp_path)


def test_nothing_to_export_is_an_error() -> None:
    with pytest.raises(ExportError, match="no questions"):
        apkg_bytes([])


@given(st.text(max_size=40))
def test_note_guid_is_genankis_guid_for_the_question_id(question_id: str) -> None:
    assert note_guid(make_question("mcq", id=question_id)) == genanki.guid_for(question_id)


def test_fields_cannot_smuggle_ankis_field_separator() -> None:
    note = build_note(make_question("flashcard", prompt="a\x1fb", answer="c & d"))
    assert note.fields[:2] == ["ab", "c &amp; d"]
    assert len(note.fields) == len(note.model.fields)
