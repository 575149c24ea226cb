"""Instructors' banks and courses as the services see them: who sees what, drafts, versions."""

from __future__ import annotations

import dataclasses

import pytest

from question_bank.authoring import FieldErrors, Option
from quizapp.services import authoring, blocks, courses, dashboard, library, media, study
from quizapp.services.blocks import BlockSpec
from quizapp.services.errors import Conflict, Forbidden, InvalidInput, NotFound
from quizapp.store.cards import Scope
from tests.quizapp.course_world import PNG, World, build_world, vignette
from tests.quizapp.factories import submit_shown


@pytest.fixture
def world(engine, make_user, make_bank, clock) -> World:
    make_bank()  # the public bank every account sees
    return build_world(engine, make_user, clock)


def bank_slugs(engine, policy, user, clock) -> set[str]:
    return {b.slug for b in dashboard.overview(engine, policy, user, clock()).banks}


def test_a_course_bank_is_seen_by_its_students_and_authors_only(engine, policy, world, clock) -> None:
    assert bank_slugs(engine, policy, world.student, clock) == {"test-bank", world.slug}
    assert bank_slugs(engine, policy, world.coauthor, clock) == {"test-bank", world.slug}
    assert bank_slugs(engine, policy, world.outsider, clock) == {"test-bank", world.other_slug}
    assert world.slug not in bank_slugs(engine, policy, world.other_teacher, clock)
    with pytest.raises(NotFound):
        library.bank_overview(engine, world.outsider, world.slug)
    with pytest.raises(NotFound):
        study.start(engine, world.outsider, Scope(world.slug))
    with pytest.raises(NotFound):
        media.get(engine, world.outsider, world.slug, world.image)
    assert media.get(engine, world.student, world.slug, world.image) == ("image/png", PNG)


def test_joining_takes_the_code_as_typed_and_a_closed_course_takes_nobody(
    engine, make_user, world, clock
) -> None:
    late = make_user("late@example.org")
    spaced = " " + "-".join([world.code[:4].lower(), world.code[4:]]) + " "
    assert courses.join(engine, late, spaced, clock()).id == world.course_id
    courses.set_closed(engine, world.teacher, world.course_id, True)
    with pytest.raises(Conflict, match="closed"):
        courses.join(engine, make_user("later@example.org"), world.code, clock())
    courses.set_closed(engine, world.teacher, world.course_id, False)
    courses.renew_code(engine, world.teacher, world.course_id)
    with pytest.raises(InvalidInput, match="No course has that code"):
        courses.join(engine, make_user("old-code@example.org"), world.code, clock())


def test_only_instructors_write_and_only_a_banks_authors_edit_it(engine, world, clock) -> None:
    with pytest.raises(Forbidden):
        authoring.create_bank(engine, world.student, "Mine", "", clock())
    with pytest.raises(Forbidden):
        courses.create(engine, world.student, "Mine", clock())
    for outsider in (world.other_teacher, world.student):
        with pytest.raises(NotFound):
            authoring.editing(engine, outsider, world.question_id)
        with pytest.raises(NotFound):
            authoring.save_draft(engine, outsider, world.slug, world.question_id, vignette(), clock())
        with pytest.raises(NotFound):  # not their course
            courses.attach_bank(engine, outsider, world.course_id, world.slug)
    other_course = courses.create(engine, world.other_teacher, "Theirs", clock())
    with pytest.raises(InvalidInput):  # their course, not their bank
        courses.attach_bank(engine, world.other_teacher, other_course, world.slug)
    with pytest.raises(NotFound):  # a co-author edits the bank, but the course is the teacher's
        courses.page(engine, world.coauthor, world.course_id)
    edited = vignette(prompt="Which nerve is most likely compressed at the wrist?")
    authoring.save_draft(engine, world.coauthor, world.slug, world.question_id, edited, clock())


def test_a_draft_reaches_no_student_until_it_is_published(engine, policy, world, clock) -> None:
    qid = authoring.save_draft(
        engine, world.teacher, world.slug, None, vignette(prompt="A draft lead-in?"), clock()
    )
    study.start(engine, world.student, Scope(world.slug))
    shown = study.next_card(engine, policy, world.student, Scope(world.slug), clock())
    assert shown is not None and shown.card.question.id == world.question_id
    exported = library.export_selection(engine, world.student, "bank", "json", bank=world.slug)
    assert b"A draft lead-in" not in exported.data and exported.count == 1
    authoring.publish(engine, world.teacher, qid, clock())
    assert library.export_selection(engine, world.student, "bank", "json", bank=world.slug).count == 2


def test_editing_a_published_question_makes_a_version_and_keeps_the_schedule(
    engine, policy, world, clock
) -> None:
    study.start(engine, world.student, Scope(world.slug))
    shown = study.next_card(engine, policy, world.student, Scope(world.slug), clock())
    submit_shown(engine, policy, world.student, shown, ["0"], clock())
    reworded = vignette(prompt="Which nerve is most likely compressed in the carpal tunnel?")
    authoring.save_draft(engine, world.teacher, world.slug, world.question_id, reworded, clock())
    assert authoring.editing(engine, world.teacher, world.question_id).published_version == 1
    assert authoring.publish(engine, world.teacher, world.question_id, clock()) == 2
    card = study.next_card(engine, policy, world.student, Scope(world.slug), clock().replace(year=2026))
    assert card is not None and card.card.state.reps == 1, "the reworded question keeps the student's card"
    assert card.card.question.version == 2 and "carpal tunnel" in card.card.question.prompt
    bank, changes = authoring.history(engine, world.teacher, world.question_id)
    assert bank == world.slug and [c.record.version for c in changes] == [2, 1]
    assert changes[0].record.author == "teacher@example.org" and changes[0].changed == [
        "wording",
        "case, option explanations or objective",
    ]
    assert authoring.restore(engine, world.teacher, world.question_id, 1, clock()) == 3
    restored = authoring.editing(engine, world.teacher, world.question_id).written
    assert restored.prompt == "Which nerve is most likely compressed?"


def test_a_changed_key_resets_the_students_card(engine, policy, world, clock) -> None:
    study.start(engine, world.student, Scope(world.slug))
    shown = study.next_card(engine, policy, world.student, Scope(world.slug), clock())
    submit_shown(engine, policy, world.student, shown, ["0"], clock())
    options = list(vignette().options)
    options[0], options[1] = (
        dataclasses.replace(options[0], correct=False),
        dataclasses.replace(options[1], correct=True),
    )
    authoring.save_draft(
        engine, world.teacher, world.slug, world.question_id, vignette(options=tuple(options)), clock()
    )
    authoring.publish(engine, world.teacher, world.question_id, clock())
    again = study.next_card(engine, policy, world.student, Scope(world.slug), clock())
    assert again is not None and again.card.state.reps == 0


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"options": (Option("Median nerve", correct=True), Option("Ulnar nerve", correct=True))}, "options"),
        ({"options": (Option("Median nerve"), Option("Ulnar nerve"))}, "options"),
        ({"stem": "  "}, "stem"),
        ({"prompt": ""}, "prompt"),
        ({"type": "cloze", "prompt": "No deletion here."}, "prompt"),
        ({"type": "matching", "pairs": (("Median", ""),)}, "pairs"),
        ({"type": "shortanswer", "accepted": ("", " ")}, "accepted"),
        ({"type": "flashcard", "back": ""}, "back"),
    ],
)
def test_what_cannot_be_a_question_is_refused_at_its_field(engine, world, clock, change, field) -> None:
    with pytest.raises(FieldErrors) as refused:
        authoring.save_draft(engine, world.teacher, world.slug, None, vignette(**change), clock())
    assert field in refused.value.errors


def test_images_are_recognised_by_their_bytes(engine, world, clock) -> None:
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    for refused in (svg, b"GIF8", b"", b"\x89PNG\r\n\x1a\n" + b"\x00" * (2 * 1024 * 1024)):
        with pytest.raises(InvalidInput):
            media.upload(engine, world.teacher, world.slug, refused, clock())
    with pytest.raises(NotFound):
        media.upload(engine, world.other_teacher, world.slug, PNG, clock())
    assert media.upload(engine, world.teacher, world.slug, PNG, clock()) == world.image


def test_an_authors_difficulty_rating_is_kept_and_a_block_draws_by_it(engine, world, clock) -> None:
    hard = authoring.save_draft(engine, world.teacher, world.slug, None, vignette(difficulty="hard"), clock())
    authoring.publish(engine, world.teacher, hard, clock())
    assert authoring.editing(engine, world.teacher, hard).written.difficulty == "hard"
    assert authoring.editing(engine, world.teacher, world.question_id).written.difficulty == ""
    spec = BlockSpec(banks=(world.slug,), difficulties=("hard",), count=5)
    block_id = blocks.build(engine, world.student, spec, clock())
    shown = blocks.view(engine, world.student, block_id)
    assert [item.question.id for item in shown.items] == [hard]
    with pytest.raises(InvalidInput):
        blocks.build(engine, world.student, BlockSpec(difficulties=("brutal",)), clock())
    with pytest.raises(FieldErrors) as refused:
        authoring.save_draft(engine, world.teacher, world.slug, None, vignette(difficulty="brutal"), clock())
    assert "difficulty" in refused.value.errors


def test_a_numerical_item_is_written_with_its_tolerance_and_unit(engine, world, clock) -> None:
    urate = vignette(
        type="numerical",
        stem="",
        options=(),
        prompt="What serum urate target does NICE advise?",
        accepted=("360",),
        tolerance="10",
        unit="µmol/L",
    )
    qid = authoring.save_draft(engine, world.teacher, world.slug, None, urate, clock())
    authoring.publish(engine, world.teacher, qid, clock())
    again = authoring.editing(engine, world.teacher, qid).written
    assert (again.accepted, again.tolerance, again.unit) == (("360",), "10", "µmol/L")
    wrongs = (
        (dataclasses.replace(urate, accepted=("about 360",)), "accepted"),
        (dataclasses.replace(urate, tolerance="-1"), "tolerance"),
    )
    for wrong, field in wrongs:
        with pytest.raises(FieldErrors) as refused:
            authoring.save_draft(engine, world.teacher, world.slug, None, wrong, clock())
        assert field in refused.value.errors
