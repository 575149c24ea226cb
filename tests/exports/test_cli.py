"""`quizapp export FORMAT --bank ... -o FILE` through click's CliRunner."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from exports import FORMATS
from question_bank import Question, bundled_bank_path, generate, load_bank
from quizapp.cli.export import export

SLUG = "lumbar-l1-l2"


def run(*args: str, env: dict[str, str] | None = None) -> Result:
    result = CliRunner().invoke(export, list(args), env=env)
    # Bad input must end in a message and an exit code, never in a traceback.
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result


@pytest.fixture(scope="module")
def questions() -> list[Question]:
    return generate(load_bank(bundled_bank_path(SLUG)))


def test_json_export_of_the_bundled_bank(tmp_path: Path, questions: list[Question]) -> None:
    out = tmp_path / "questions.json"
    result = run("json", "--bank", SLUG, "-o", str(out))
    assert result.exit_code == 0, result.output
    assert f"Wrote {len(questions)} questions" in result.output
    assert json.loads(out.read_text(encoding="utf-8")) == [q.to_dict() for q in questions]


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_every_format_from_a_bank_folder(tmp_path: Path, fmt: str) -> None:
    folder = shutil.copytree(bundled_bank_path(SLUG), tmp_path / "my-bank")
    out = tmp_path / f"out.{FORMATS[fmt].extension}"
    result = run(fmt, "--bank", str(folder), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert out.stat().st_size > 0


def test_tags_topics_and_id_files_narrow_the_export(tmp_path: Path, questions: list[Question]) -> None:
    topic = questions[-1].topic
    tag = questions[-1].tags[0]
    out = tmp_path / "out.json"

    assert run("json", "--bank", SLUG, "--topic", topic, "-o", str(out)).exit_code == 0
    assert {d["topic"] for d in json.loads(out.read_text(encoding="utf-8"))} == {topic}

    assert run("json", "--bank", SLUG, "--tag", tag, "-o", str(out)).exit_code == 0
    assert all(tag in d["tags"] for d in json.loads(out.read_text(encoding="utf-8")))

    missed = tmp_path / "missed.txt"
    missed.write_text(f"# missed questions\n{questions[0].id}\n\n{questions[2].id}\n", encoding="utf-8")
    assert run("json", "--bank", SLUG, "--ids", str(missed), "-o", str(out)).exit_code == 0
    assert [d["id"] for d in json.loads(out.read_text(encoding="utf-8"))] == [
        questions[0].id,
        questions[2].id,
    ]


def test_a_tag_that_selects_nothing_is_an_error(tmp_path: Path) -> None:
    out = tmp_path / "deck.apkg"
    result = run("anki", "--bank", SLUG, "--tag", "no::such::tag", "-o", str(out))
    assert result.exit_code == 1
    assert "tag 'no::such::tag' matches no question" in result.output
    assert not out.exists()


def test_unknown_bank_and_format_are_usage_errors(tmp_path: Path) -> None:
    result = run("csv", "--bank", "no-such-bank", "-o", str(tmp_path / "x.csv"))
    assert result.exit_code == 2 and "neither a bank folder nor a bundled bank" in result.output
    result = run("pdf", "--bank", SLUG, "-o", str(tmp_path / "x.pdf"))
    assert result.exit_code == 2 and "No such command 'pdf'" in result.output


def test_an_unwritable_path_is_reported(tmp_path: Path) -> None:
    result = run("gift", "--bank", SLUG, "-o", str(tmp_path / "missing-dir" / "x.txt"))
    assert result.exit_code == 1 and "cannot write" in result.output


def test_source_date_epoch_makes_anki_packages_reproducible(tmp_path: Path) -> None:
    env = {"SOURCE_DATE_EPOCH": "1700000000"}
    first, second = tmp_path / "a.apkg", tmp_path / "b.apkg"
    assert run("anki", "--bank", SLUG, "-o", str(first), env=env).exit_code == 0
    assert run("anki", "--bank", SLUG, "-o", str(second), env=env).exit_code == 0
    assert first.read_bytes() == second.read_bytes()
    assert run("anki", "--bank", SLUG, "-o", str(first), env={"SOURCE_DATE_EPOCH": "soon"}).exit_code == 2


def test_the_root_command_offers_export() -> None:
    from quizapp.cli import cli

    result = CliRunner().invoke(cli, ["export", "--help"])
    assert result.exit_code == 0
    assert all(name in result.output for name in FORMATS)
