"""Loading banks: upsert by stable id, retire instead of delete, progress never orphaned."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

from sqlalchemy import func, select

from question_bank import bundled_bank_path, generate, load_bank
from quizapp.cli import cli
from quizapp.services import accounts, banks, study
from quizapp.store.cards import Scope
from quizapp.store.models import Card, Question, QuestionTag, ReviewLog
from tests.quizapp import factories


def test_reload_updates_questions_in_place_and_keeps_progress(
    engine, policy, clock, make_user, make_bank
) -> None:
    first, second = factories.question(), factories.question()
    make_bank([first, second])
    user = make_user()
    study.start(engine, user, Scope())
    found = study.next_card(engine, policy, accounts.load(engine, user.id), Scope(), clock())
    assert found is not None
    study.submit(
        engine,
        policy,
        user,
        card_id=found.card.card_id,
        version=found.card.version,
        response=["0"],
        rating=None,
        duration_ms=None,
        now=clock(),
    )

    edited = dataclasses.replace(first, prompt="Edited prompt?", tags=("renamed",))
    make_bank([edited])  # `second` is no longer generated

    with engine.connect() as conn:
        rows = dict(conn.execute(select(Question.id, Question.retired)).all())
        prompt = conn.execute(select(Question.prompt).where(Question.id == first.id)).scalar()
        tags = conn.execute(select(QuestionTag.tag)).scalars().all()
        cards = conn.execute(select(func.count()).select_from(Card)).scalar()
        logs = conn.execute(select(ReviewLog.question_id)).scalars().all()
    assert rows == {first.id: False, second.id: True}
    assert prompt == "Edited prompt?" and tags == ["renamed"]
    assert cards == 2 and logs == [first.id]
    shown = study.next_card(engine, policy, accounts.load(engine, user.id), Scope(), clock())
    assert shown is None or shown.card.question.id != second.id  # retired: never studied


def test_retired_question_comes_back_when_generated_again(engine, make_bank) -> None:
    q = factories.question()
    make_bank([q, factories.question()])
    make_bank([factories.question()])
    make_bank([q])
    with engine.connect() as conn:
        retired = conn.execute(select(Question.retired).where(Question.id == q.id)).scalar()
    assert retired is False


def test_bundled_bank_loads_twice_without_duplicates(engine, clock) -> None:
    path = bundled_bank_path("lumbar-l1-l2")
    expected = len(generate(load_bank(path)))
    first = banks.load_path(engine, path, now=clock())
    second = banks.load_path(engine, path, now=clock())
    with engine.connect() as conn:
        stored = conn.execute(select(func.count()).select_from(Question)).scalar()
    assert first.questions == second.questions == stored == expected > 0
    assert (first.version, second.version, second.retired) == (1, 2, 0)


def test_cli_bank_load_prints_every_problem_and_writes_nothing(runner, engine, tmp_path) -> None:
    broken = tmp_path / "broken"
    shutil.copytree(bundled_bank_path("lumbar-l1-l2"), broken)
    bank_file = broken / "bank.yaml"
    bank_file.write_text(bank_file.read_text().replace("slug:", "slug_typo:", 1))
    result = runner.invoke(cli, args=["bank", "load", str(broken)])
    assert result.exit_code == 1
    assert "nothing was loaded" in result.output
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(Question)).scalar() == 0


def test_cli_bank_load_by_path(runner, engine) -> None:
    path = Path(bundled_bank_path("lumbar-l1-l2"))
    count = len(generate(load_bank(path)))
    result = runner.invoke(cli, args=["bank", "load", str(path)])
    assert result.exit_code == 0, result.output
    assert f"Loaded lumbar-l1-l2: {count} questions ({count} new, 0 new versions, 0 retired)" in result.output
