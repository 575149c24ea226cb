"""Exported decks imported into a fresh collection by the real Anki, with the options a new Anki
desktop profile uses (update notes and note types "if newer", no merging, no scheduling)."""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

import pytest

from tests.exports.anki_support import require_anki

require_anki()

from anki.collection import ImportAnkiPackageOptions, ImportAnkiPackageRequest  # noqa: E402
from anki.scheduler.v3 import CardAnswer  # noqa: E402

from exports import ExportOptions, export_questions, select_questions  # noqa: E402
from exports.anki import CHOICE_MODEL_ID, note_guid  # noqa: E402
from exports.anki.package import deck_part  # noqa: E402
from question_bank import Bank, Question, bundled_bank_path, generate, load_bank  # noqa: E402
from tests.exports.factories import edited, make_question, one_of_each, write_png  # noqa: E402

T1 = 1_700_000_000.0
T2 = T1 + 86_400


def export_deck(tmp_path: Path, questions: list[Question], *, timestamp: float = T1, **opts: Any) -> Path:
    path = tmp_path / f"deck-{int(timestamp)}-{len(list(tmp_path.iterdir()))}.apkg"
    export_questions("anki", questions, path, ExportOptions(timestamp=timestamp, **opts))
    return path


def import_deck(col: Any, path: Path) -> Any:
    request = ImportAnkiPackageRequest(package_path=str(path), options=ImportAnkiPackageOptions())
    return col.import_anki_package(request).log


def text(fragment: str) -> str:
    """What a reader sees: tags and <style> dropped, entities decoded, whitespace collapsed."""
    fragment = re.sub(r"<style>.*?</style>", "", fragment, flags=re.DOTALL)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def rendered_cards(col: Any) -> list[tuple[Any, str, str]]:
    cards = [col.get_card(cid) for cid in col.find_cards("")]
    return [(card, card.question(), card.answer()) for card in cards]


def note_for(col: Any, question: Question) -> Any:
    (note_id,) = col.find_notes(f"tag:#Quizapp::id::{question.id}")
    return col.get_note(note_id)


def test_default_import_options_are_what_a_new_profile_uses(collection: Any) -> None:
    # The tests rely on these defaults; if Anki changes them, update docs/export-formats.md too.
    assert collection._backend.get_import_anki_package_presets() == ImportAnkiPackageOptions()


def test_every_question_type_becomes_notes_and_cards(tmp_path: Path, collection: Any) -> None:
    questions = one_of_each()
    log = import_deck(collection, export_deck(tmp_path, questions, title="Test bank"))

    assert len(log.new) == len(questions) == collection.note_count()
    # The cloze question has two deletions, so two cards; every other question has one.
    assert collection.card_count() == len(questions) + 1
    names = {d.name for d in collection.decks.all_names_and_ids()}
    assert "Test bank" in names
    topics = sorted(name.split("::")[1] for name in names if name.startswith("Test bank::"))
    assert topics == ["01 Pharmacology", "02 Anatomy"], "numbered in the bank's order"


def test_no_card_has_an_empty_front(tmp_path: Path, collection: Any) -> None:
    import_deck(collection, export_deck(tmp_path, one_of_each()))
    for card, front, back in rendered_cards(collection):
        assert text(front), f"empty front for card {card.id}"
        assert len(text(back)) > len(text(front)) or "cloze" in front


def test_choice_cards_show_stem_options_and_key(tmp_path: Path, collection: Any) -> None:
    mcq, multi, truefalse = make_question("mcq"), make_question("multi"), make_question("truefalse")
    import_deck(collection, export_deck(tmp_path, [mcq, multi, truefalse]))

    card = note_for(collection, mcq).cards()[0]
    front, back = text(card.question()), text(card.answer())
    assert mcq.prompt in front
    assert all(f"{letter} {option}" in front for letter, option in zip("ABCD", mcq.choices, strict=True))
    assert "B An NSAID" in back and mcq.explanation in back and mcq.source in back

    back = text(note_for(collection, multi).cards()[0].answer())
    assert "A, C, E GI irritation; Renal impairment; Peptic ulcer" in back

    card = note_for(collection, truefalse).cards()[0]
    assert "A True B False" in text(card.question()) and "A True" in text(card.answer())


def test_cloze_matching_and_flashcard_cards(tmp_path: Path, collection: Any) -> None:
    cloze, matching, flashcard = (make_question(t) for t in ("cloze", "matching", "flashcard"))
    import_deck(collection, export_deck(tmp_path, [cloze, matching, flashcard]))

    first, second = sorted(note_for(collection, cloze).cards(), key=lambda c: c.ord)
    assert "annulus fibrosus" not in text(first.question()) and "[...]" in text(first.question())
    assert "annulus fibrosus" in text(first.answer()) and "nucleus pulposus" in text(first.question())
    assert "nucleus pulposus" not in text(second.question())

    card = note_for(collection, matching).cards()[0]
    assert "Ibuprofen" in text(card.question()) and "A steroid" in text(card.question())
    assert "Codeine → An opioid" in text(card.answer())

    card = note_for(collection, flashcard).cards()[0]
    assert flashcard.prompt in text(card.question())
    assert str(flashcard.answer) in text(card.answer())


def test_markup_in_questions_is_shown_as_text(tmp_path: Path, collection: Any) -> None:
    hostile = make_question(
        "mcq",
        prompt="Is <script>alert(1)</script> or <b>bold</b> a drug?",
        choices=("<i>yes</i>", "no & never"),
        answer="no & never",
        explanation="Tags like <img src=x> are text.",
    )
    import_deck(collection, export_deck(tmp_path, [hostile]))
    card = note_for(collection, hostile).cards()[0]
    front, back = card.question(), card.answer()

    assert "<script>" not in front and "<b>bold" not in front and "<i>yes" not in front
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in front and "&lt;b&gt;bold&lt;/b&gt;" in front
    assert "<img src=x>" not in back and "no &amp; never" in back


def test_reimporting_an_edited_export_updates_notes_and_keeps_history(
    tmp_path: Path, collection: Any
) -> None:
    questions = one_of_each()
    import_deck(collection, export_deck(tmp_path, questions, timestamp=T1, title="Test bank"))
    target = questions[0]
    note_id = note_for(collection, target).id
    card_id = note_for(collection, target).cards()[0].id
    review_card(collection, card_id)
    counts = collection.note_count(), collection.card_count()

    changed = [edited(target, prompt="Which class does ibuprofen belong to?"), *questions[1:]]
    log = import_deck(collection, export_deck(tmp_path, changed, timestamp=T2, title="Test bank"))

    # Every note in a newer export counts as updated, changed or not; none is added.
    assert len(log.new) == 0 and len(log.updated) == len(questions)
    assert (collection.note_count(), collection.card_count()) == counts
    note = collection.get_note(note_id)
    assert note["Stem"] == "Which class does ibuprofen belong to?"
    card = collection.get_card(card_id)
    assert card.reps == 1 and card.type != 0  # still reviewed, not reset to new
    assert collection.db.scalar("select count() from revlog where cid = ?", card_id) == 1


def review_card(col: Any, card_id: int) -> None:
    """Answer one card 'Good' through the v3 scheduler, as a student reviewing it would."""
    col.decks.select(col.get_card(card_id).did)
    queued = next(q for q in col.sched.get_queued_cards(fetch_limit=50).cards if q.card.id == card_id)
    card = col.get_card(card_id)
    card.start_timer()
    answer = col.sched.build_answer(card=card, states=queued.states, rating=CardAnswer.GOOD)
    col.sched.answer_card(answer)


def test_unchanged_reexport_updates_without_adding(tmp_path: Path, collection: Any) -> None:
    questions = one_of_each()
    import_deck(collection, export_deck(tmp_path, questions, timestamp=T1))
    log = import_deck(collection, export_deck(tmp_path, questions, timestamp=T2))
    assert len(log.new) == 0 and collection.note_count() == len(questions)


def test_an_older_export_does_not_overwrite_newer_notes(tmp_path: Path, collection: Any) -> None:
    # "If newer" is what protects edits a student made in Anki after importing.
    question = make_question("flashcard")
    import_deck(collection, export_deck(tmp_path, [question], timestamp=T2))
    log = import_deck(collection, export_deck(tmp_path, [edited(question, prompt="Old?")], timestamp=T1))
    assert len(log.updated) == 0
    assert note_for(collection, question)["Front"] == question.prompt


def test_images_reach_the_media_folder_and_the_card(tmp_path: Path, collection: Any) -> None:
    bank_dir = tmp_path / "bank"
    (bank_dir / "images").mkdir(parents=True)
    write_png(bank_dir / "images" / "disc.png")
    question = make_question("mcq", media=("images/disc.png",))
    import_deck(collection, export_deck(tmp_path, [question], media_dir=bank_dir))

    media_file = Path(collection.media.dir()) / "disc.png"
    assert media_file.read_bytes() == (bank_dir / "images" / "disc.png").read_bytes()
    assert '<img src="disc.png"' in note_for(collection, question).cards()[0].question()


@pytest.mark.parametrize("kind", ["mcq", "flashcard", "cloze"])
def test_an_answer_side_image_is_on_the_back_only(tmp_path: Path, collection: Any, kind: str) -> None:
    bank_dir = tmp_path / "bank"
    (bank_dir / "images").mkdir(parents=True)
    write_png(bank_dir / "images" / "root.png")
    question = make_question(kind, answer_media=("images/root.png",))
    import_deck(collection, export_deck(tmp_path, [question], media_dir=bank_dir))

    card = note_for(collection, question).cards()[0]
    assert '<img src="root.png"' not in card.question(), "a diagram on the front could give the key away"
    assert '<img src="root.png"' in card.answer()
    assert (Path(collection.media.dir()) / "root.png").is_file()


def test_tags_are_hierarchical_and_name_the_question(tmp_path: Path, collection: Any) -> None:
    question = make_question("mcq")
    import_deck(collection, export_deck(tmp_path, [question]))
    note = note_for(collection, question)
    assert set(note.tags) == {
        "#Quizapp::test-bank::pharmacology::mcq",
        "#Quizapp::test-bank::pharmacology::drug",
        f"#Quizapp::id::{question.id}",
    }
    assert note.guid == note_guid(question)
    assert note.note_type()["id"] == CHOICE_MODEL_ID


def test_a_missed_questions_selection_exports_only_those(tmp_path: Path, collection: Any) -> None:
    questions = one_of_each()
    missed = {questions[1].id, questions[4].id}
    chosen = select_questions(questions, ids=missed)
    import_deck(collection, export_deck(tmp_path, chosen))
    ids = {collection.get_note(n)["QuestionId"] for n in collection.find_notes("")}
    assert ids == missed


@pytest.fixture(scope="module")
def bundled() -> tuple[Bank, Path, list[Question]]:
    folder = bundled_bank_path("lumbar-l1-l2")
    bank = load_bank(folder)
    return bank, folder, generate(bank)


def test_the_bundled_bank_round_trips(
    tmp_path: Path, collection: Any, bundled: tuple[Bank, Path, list[Question]]
) -> None:
    bank, folder, questions = bundled
    path = tmp_path / "bank.apkg"
    export_questions("anki", questions, path, ExportOptions(bank=bank, media_dir=folder, timestamp=T1))
    log = import_deck(collection, path)

    assert len(log.new) == len(questions) == collection.note_count()
    assert collection.card_count() >= len(questions)
    for card, front, back in rendered_cards(collection):
        assert text(front), f"empty front for card {card.id}"
        assert text(back) != text(front)
    topics = {q.topic for q in questions}
    names = {d.name for d in collection.decks.all_names_and_ids()}
    assert len([n for n in names if n.startswith(deck_part(bank.title) + "::")]) == len(topics)
    assert not [n for n in names if "\u2013" in n], "no en dash to type in a deck: search"


def test_a_newer_export_updates_tags_and_the_note_type_styling(
    tmp_path: Path, collection: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    question = make_question("mcq")
    import_deck(collection, export_deck(tmp_path, [question], timestamp=T1))
    note_types = len(collection.models.all_names_and_ids())

    from exports.anki import models

    monkeypatch.setattr(models.CHOICE, "css", models.CSS + "\n.stem { letter-spacing: 1px; }")
    retagged = edited(question, tags=("test-bank::pharmacology::nsaid",))
    import_deck(collection, export_deck(tmp_path, [retagged], timestamp=T2))

    note = note_for(collection, question)
    assert "#Quizapp::test-bank::pharmacology::nsaid" in note.tags
    assert "#Quizapp::test-bank::pharmacology::drug" not in note.tags
    assert "letter-spacing: 1px" in note.note_type()["css"]
    assert len(collection.models.all_names_and_ids()) == note_types  # updated, not duplicated
