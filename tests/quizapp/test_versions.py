"""Question versions: a reload keeps cards and history, each review names the wording answered."""

from __future__ import annotations

import dataclasses

import pytest
from sqlalchemy import select

from quizapp.cli import cli
from quizapp.services import accounts, banks, study
from quizapp.store.cards import Scope
from quizapp.store.models import Card, QuestionVersion, ReviewLog
from tests.quizapp import factories

ALL = Scope()


def _answer(engine, policy, clock, user) -> None:
    found = study.next_card(engine, policy, accounts.load(engine, user.id), ALL, clock())
    assert found is not None
    q = found.card.question
    study.submit(
        engine,
        policy,
        user,
        card_id=found.card.card_id,
        version=found.card.version,
        response=[str(q.choices.index(str(q.answer)))],
        rating=None,
        duration_ms=None,
        now=clock(),
    )


def test_an_edit_is_a_new_version_and_reviews_name_the_version_answered(
    engine, policy, clock, make_user, make_bank
) -> None:
    question = factories.question()
    make_bank([question])
    user = make_user()
    study.start(engine, user, ALL)
    _answer(engine, policy, clock, user)
    make_bank([dataclasses.replace(question, prompt="Reworded: which class is it?")])
    make_bank([dataclasses.replace(question, prompt="Reworded: which class is it?", tags=("moved",))])
    clock.advance(minutes=10)
    _answer(engine, policy, clock, user)
    with engine.connect() as conn:
        versions = conn.execute(select(QuestionVersion.version, QuestionVersion.content)).all()
        logged = conn.execute(select(ReviewLog.question_version).order_by(ReviewLog.id)).scalars().all()
        reps = conn.execute(select(Card.reps)).scalar_one()
    # Moving a question (tags) is no new version; the old wording stays readable.
    prompts = [(v, c["prompt"]) for v, c in versions]
    assert prompts == [(1, question.prompt), (2, "Reworded: which class is it?")]
    assert logged == [1, 2] and reps == 2  # the schedule carried over


@pytest.mark.parametrize(("policy_name", "reset"), [("reset", True), ("keep", False)])
def test_a_changed_key_resets_cards_by_policy(
    engine, policy, clock, make_user, make_bank, policy_name, reset
) -> None:
    question = factories.question()
    make_bank([question])
    user = make_user()
    study.start(engine, user, ALL)
    _answer(engine, policy, clock, user)
    rekeyed = dataclasses.replace(question, answer="Opioid")
    report = banks.store(engine, factories.bank(), [rekeyed], now=clock(), key_change=policy_name)
    with engine.connect() as conn:
        reps = conn.execute(select(Card.reps)).scalar_one()
        logs = conn.execute(select(ReviewLog.id)).scalars().all()
    assert (report.changed, report.cards_reset) == (1, 1 if reset else 0)
    assert reps == (0 if reset else 1) and len(logs) == 1  # history is never dropped


def test_files_never_overwrite_a_bank_edited_in_the_browser(engine, clock, make_bank) -> None:
    question = factories.question()
    make_bank([question])
    banks.set_source(engine, "test-bank", "database")
    with pytest.raises(banks.EditedInBrowser, match="nothing was loaded"):
        make_bank([dataclasses.replace(question, prompt="From the files?")])
    assert [v.content["prompt"] for v in banks.history(engine, question.id)] == [question.prompt]
    banks.set_source(engine, "test-bank", "files")
    make_bank([dataclasses.replace(question, prompt="From the files?")])
    assert len(banks.history(engine, question.id)) == 2


def test_cli_shows_a_questions_versions(runner, make_bank) -> None:
    question = factories.question()
    make_bank([question])
    make_bank([dataclasses.replace(question, prompt="Second wording?")])
    result = runner.invoke(cli, args=["bank", "history", question.id])
    assert result.exit_code == 0, result.output
    assert "v1" in result.output and "v2" in result.output and "Second wording?" in result.output
    missing = runner.invoke(cli, args=["bank", "history", "no-such-question"])
    assert missing.exit_code != 0 and "No question" in missing.output
