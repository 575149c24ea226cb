"""A new student's first day on the bundled bank: what the study order puts in front of them."""

from __future__ import annotations

import dataclasses

from question_bank import bundled_bank_path, generate, load_bank
from question_bank.types import get_type
from quizapp.scheduling import Rating, State
from quizapp.services import study
from tests.quizapp import factories
from tests.quizapp.test_study_service import ALL, reload


def test_a_first_session_on_the_bundled_bank_mixes_vignettes_mcqs_and_recall(
    engine, policy, clock, make_user, make_bank
) -> None:
    """A new student's first day (the daily new-card limit) is not twenty flashcards in a row,
    and no fact is asked twice."""
    questions = [
        dataclasses.replace(q, bank="test-bank")
        for q in generate(load_bank(bundled_bank_path("lumbar-l1-l2")))
    ]
    make_bank(questions)
    user = make_user()
    study.start(engine, user, ALL)
    seen: list[tuple[str, str]] = []
    while (found := study.next_card(engine, policy, reload(engine, user.id), ALL, clock())) is not None:
        q = found.card.question
        if found.card.state.state != State.NEW:
            break  # a learning step came back: the new cards of the day are done
        qtype = get_type(q.type)
        rating = None if qtype.auto_graded else Rating.GOOD
        factories.submit_shown(engine, policy, user, found, qtype.key_response(q), clock(), rating)
        seen.append((q.type, q.fact))
    types = {t for t, _ in seen}
    assert len(seen) == reload(engine, user.id).new_per_day
    assert {"vignette", "mcq"} <= types and types & {"flashcard", "cloze"}, seen
    assert len({fact for _, fact in seen}) == len(seen)
