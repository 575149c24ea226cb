"""Exam blocks: drawing, shuffling, saving answers, the clock, exactly-once submit, and what a
missed question does to the student's spaced repetition."""

from __future__ import annotations

import dataclasses
import threading
from datetime import timedelta

import pytest
from sqlalchemy import select

from quizapp.scheduling import Queue
from quizapp.services import blocks, study
from quizapp.services.blocks import BlockSpec, TimeUp
from quizapp.services.errors import Conflict, InvalidInput
from quizapp.store import marks
from quizapp.store.cards import Scope
from quizapp.store.models import ReviewLog
from tests.quizapp import factories

KEY = 0  # factories' MCQs: option 0 ("NSAID") is the key


@pytest.fixture
def bank(make_bank):
    return make_bank(
        [factories.question() for _ in range(6)]
        + [factories.question(type="flashcard", choices=(), answer="x", prompt="Front?")]
    )


def right(item) -> list[str]:
    return [str(KEY)]


def wrong(item) -> list[str]:
    return ["1"]


def test_a_block_draws_the_count_asked_shuffles_options_and_is_reproducible(engine, make_user, bank, clock):
    user = make_user()
    first = blocks.build(engine, user, BlockSpec(count=5), clock(), seed=7)
    again = blocks.build(engine, user, BlockSpec(count=5), clock(), seed=7)
    one, two = blocks.view(engine, user, first), blocks.view(engine, user, again)
    assert len(one.items) == 5 and {i.question.type for i in one.items} == {"mcq"}  # no flashcards
    assert [i.question.id for i in one.items] == [i.question.id for i in two.items]
    assert [i.option_order for i in one.items] == [i.option_order for i in two.items]
    assert any(i.option_order != [0, 1, 2, 3] for i in one.items)
    assert all(sorted(i.option_order) == [0, 1, 2, 3] for i in one.items)


def test_the_answer_refers_to_the_option_not_where_it_was_shown(engine, make_user, bank, clock):
    user = make_user()
    block_id = blocks.build(engine, user, BlockSpec(count=6), clock(), seed=3)
    for item in blocks.view(engine, user, block_id).items:
        blocks.save_answer(engine, user, block_id, item.position, [str(KEY)], time_used_ms=None, now=clock())
    assert all(i.correct for i in blocks.view(engine, user, block_id).items)


def test_timed_answers_can_change_but_tutor_answers_are_final(engine, make_user, bank, clock):
    user = make_user()
    timed = blocks.build(engine, user, BlockSpec(count=2, mode="timed"), clock())
    blocks.save_answer(engine, user, timed, 0, ["1"], time_used_ms=1000, now=clock())
    blocks.save_answer(engine, user, timed, 0, ["0"], time_used_ms=2000, now=clock())
    assert blocks.view(engine, user, timed).items[0].correct is True
    tutor = blocks.build(engine, user, BlockSpec(count=2, mode="tutor"), clock())
    blocks.save_answer(engine, user, tutor, 0, ["1"], time_used_ms=None, now=clock())
    with pytest.raises(Conflict):
        blocks.save_answer(engine, user, tutor, 0, ["0"], time_used_ms=None, now=clock())


def test_the_clock_keeps_the_time_used_and_refuses_answers_once_it_is_out(engine, make_user, bank, clock):
    user = make_user()
    block_id = blocks.build(engine, user, BlockSpec(count=2, mode="timed", seconds_per_question=30), clock())
    blocks.record_progress(engine, user, block_id, position=1, time_used_ms=20_000)
    blocks.record_progress(engine, user, block_id, position=1, time_used_ms=5_000)  # an old tab: ignored
    block = blocks.view(engine, user, block_id).block
    assert (block.time_used_ms, block.time_left_ms, block.position) == (20_000, 40_000, 1)
    with pytest.raises(TimeUp):
        blocks.save_answer(engine, user, block_id, 0, ["0"], time_used_ms=60_000, now=clock())


def test_submit_happens_once_and_missed_questions_come_due_in_study(engine, make_user, bank, clock, policy):
    user = make_user()
    block_id = blocks.build(engine, user, BlockSpec(count=4, mode="untimed"), clock(), seed=1)
    items = blocks.view(engine, user, block_id).items
    blocks.save_answer(engine, user, block_id, 0, ["0"], time_used_ms=None, now=clock())
    blocks.save_answer(engine, user, block_id, 1, ["2"], time_used_ms=None, now=clock())
    barrier, results = threading.Barrier(4), []

    def submit() -> None:
        barrier.wait()
        results.append(blocks.submit(engine, policy, user, block_id, clock(), None))

    threads = [threading.Thread(target=submit) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(results) == [False, False, False, True]
    done = blocks.view(engine, user, block_id)
    assert done.finished and done.block.correct == 1
    with engine.connect() as conn:
        logged = conn.execute(select(ReviewLog.question_id, ReviewLog.mode)).all()
    assert logged == [(items[1].question.id, "block")]  # one wrong answer; the omitted ones are not
    card = study.next_card(engine, policy, user, Scope(block=block_id), clock() + timedelta(minutes=1))
    assert card is not None and card.card.question.id == items[1].question.id
    assert card.card.state.queue == Queue.LEARNING and card.card.state.due <= clock() + timedelta(days=1)
    assert user.done_on(policy.day_start(clock())) == (0, 0)  # not counted as today's study


def test_pools(engine, make_user, bank, clock, policy):
    user = make_user()
    first = blocks.build(engine, user, BlockSpec(count=3, mode="untimed"), clock(), seed=2)
    items = blocks.view(engine, user, first).items
    blocks.save_answer(engine, user, first, 0, ["1"], time_used_ms=None, now=clock())  # wrong
    blocks.save_answer(engine, user, first, 1, ["0"], time_used_ms=None, now=clock())  # right
    blocks.submit(engine, policy, user, first, clock(), None)  # item 2 omitted
    with engine.begin() as conn:
        marks.add(conn, user.id, items[1].question.id, clock())

    def pool(name: str) -> set[str]:
        block_id = blocks.build(engine, user, BlockSpec(count=200, pool=name), clock())
        return {i.question.id for i in blocks.view(engine, user, block_id).items}

    ids = [i.question.id for i in items]
    assert pool("incorrect") == {ids[0]}
    assert pool("omitted") == {ids[2]}
    assert pool("marked") == {ids[1]}
    unused = pool("unused")
    assert len(unused) == 3 and not unused & set(ids)
    with pytest.raises(InvalidInput):  # all drawn into the block just built
        pool("unused")
    assert len(pool("all")) == 6


def test_bad_choices_are_refused_with_the_reason(engine, make_user, bank, clock):
    user = make_user()
    for spec, words in (
        (BlockSpec(count=0), "Number of questions"),
        (BlockSpec(count=201), "Number of questions"),
        (BlockSpec(mode="speed"), "Mode"),
        (BlockSpec(types=("flashcard",)), "Question types"),
        (BlockSpec(topics=("nothing-here",)), "No questions match"),
    ):
        with pytest.raises(InvalidInput, match=words):
            blocks.build(engine, user, spec, clock())


def test_the_score_by_topic_and_type(engine, make_user, make_bank, clock, policy):
    make_bank(
        [factories.question(topic="anatomy") for _ in range(2)]
        + [factories.question(topic="pharmacology") for _ in range(2)]
    )
    user = make_user()
    block_id = blocks.build(engine, user, BlockSpec(count=4, mode="untimed"), clock())
    for item in blocks.view(engine, user, block_id).items:
        answer = ["0"] if item.question.topic == "anatomy" or item.position % 2 else ["1"]
        blocks.save_answer(engine, user, block_id, item.position, answer, time_used_ms=None, now=clock())
    blocks.submit(engine, policy, user, block_id, clock(), None)
    done = blocks.view(engine, user, block_id)
    pharm_right = sum(1 for i in done.items if i.question.topic == "pharmacology" and i.position % 2)
    score = blocks.score(done, {"anatomy": "Anatomy", "pharmacology": "Pharmacology"})
    assert score.by_topic == [("Anatomy", 2, 2), ("Pharmacology", pharm_right, 2)]
    assert score.by_type == [("Multiple choice", 2 + pharm_right, 4)]
    assert (score.correct, score.total) == (2 + pharm_right, 4)
    assert score.percent == round(100 * (2 + pharm_right) / 4)


def test_a_short_answer_is_typed_and_checked_in_a_block(engine, make_user, make_bank, clock, policy):
    from tests.question_bank.test_types import WRITTEN

    make_bank([dataclasses.replace(WRITTEN["shortanswer"], bank="test-bank", id="short-1")])
    user = make_user()
    block_id = blocks.build(engine, user, BlockSpec(count=1, types=("shortanswer",), mode="untimed"), clock())
    assert blocks.view(engine, user, block_id).items[0].option_order == []
    blocks.save_answer(engine, user, block_id, 0, [" nsaid. "], time_used_ms=None, now=clock())
    assert blocks.view(engine, user, block_id).items[0].correct is True
