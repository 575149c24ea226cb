"""`quizapp bank dump`: a bank written in the browser goes back to files that load to the same
questions, under the same ids."""

from __future__ import annotations

from pathlib import Path

import pytest

from question_bank import generate, load_bank
from question_bank.authoring import Option, Written
from question_bank.versions import content_of
from quizapp.cli import cli
from quizapp.services import authoring, bank_files, facts
from quizapp.services.errors import InvalidInput
from quizapp.store import catalog
from tests.quizapp.course_world import build_world, vignette


def written(kind: str, prompt: str, **fields: object) -> Written:
    return vignette(**{"type": kind, "stem": "", "options": (), "prompt": prompt, **fields})


PLEXUS = (Option("Median nerve", correct=True), Option("Ulnar nerve", correct=True), Option("Vagus nerve"))
OTHER_TYPES = [
    vignette(type="mcq", stem="", prompt="Which nerve passes through the carpal tunnel?"),
    written("multi", "Which of these come from the brachial plexus? Select all that apply.", options=PLEXUS),
    written("truefalse", "The median nerve passes through the carpal tunnel.", true=True),
    written("cloze", "The median nerve passes through the {{c1::carpal tunnel}}."),
    written(
        "matching",
        "Match each nerve with what it serves.",
        pairs=(("Median", "thumb"), ("Ulnar", "little finger")),
    ),
    written("flashcard", "What does *Phalen's test* do?", back="Wrist flexion for 60 s."),
    written(
        "shortanswer",
        "Name the nerve compressed in carpal tunnel syndrome.",
        accepted=("median nerve", "median"),
    ),
    written(
        "numerical",
        "Above what distal motor latency is median nerve conduction slowed?",
        accepted=("4.2",),
        tolerance="0.1",
        unit="ms",
    ),
]


def test_a_browser_bank_dumps_to_files_that_load_to_the_same_questions(
    engine, make_user, clock, tmp_path: Path
) -> None:
    world = build_world(engine, make_user, clock)
    for written in OTHER_TYPES:
        qid = authoring.save_draft(engine, world.teacher, world.slug, None, written, clock())
        authoring.publish(engine, world.teacher, qid, clock())
    facts.publish(engine, world.teacher, world.slug, clock())  # the questions of its one fact
    report = bank_files.dump(engine, world.slug, tmp_path / "dumped")
    assert report.items == 9 and report.not_written == [
        "1 uploaded image(s): they stay in the database, named in the Markdown"
    ]
    with engine.connect() as conn:
        stored = {q.id: content_of(q) for q in catalog.live_questions(conn, world.slug)}
    loaded = {q.id: content_of(q) for q in generate(load_bank(tmp_path / "dumped"))}
    assert loaded == stored and len(stored) > 8, "facts' questions and written ones"
    with pytest.raises(InvalidInput, match="exists already"):
        bank_files.dump(engine, world.slug, tmp_path / "dumped")


def test_a_bundled_bank_dumps_as_its_folder(runner, tmp_path: Path) -> None:
    runner.invoke(cli, args=["bank", "load", "lumbar-l1-l2"])
    result = runner.invoke(cli, args=["bank", "dump", "lumbar-l1-l2", "-o", str(tmp_path / "lumbar")])
    assert result.exit_code == 0, result.output
    assert len(generate(load_bank(tmp_path / "lumbar"))) == 733
    unknown = runner.invoke(cli, args=["bank", "dump", "nope", "-o", str(tmp_path / "x")])
    assert unknown.exit_code == 1 and "No bank 'nope' is stored" in unknown.output
