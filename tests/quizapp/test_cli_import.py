"""`quizapp bank import`: a dry run that stores nothing, an import into a named bank, and hostile files."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import func, select

from quizapp.cli import cli
from quizapp.cli.bank_import import MAX_BYTES
from quizapp.store.models import Question
from tests.exports.test_gift_import import MOODLE_EXAMPLES


def questions_stored(engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(Question)).scalar_one())


def test_a_dry_run_writes_json_reports_lines_and_stores_nothing(runner, engine, tmp_path: Path) -> None:
    source, out = tmp_path / "grant.gift", tmp_path / "parsed.json"
    source.write_text(MOODLE_EXAMPLES)
    result = runner.invoke(cli, ["bank", "import", str(source), "--dry-run", "-o", str(out)])
    assert result.exit_code == 0, result.output
    records = json.loads(out.read_text())
    assert [r["type"] for r in records] == ["mcq", "mcq", "truefalse", "shortanswer", "numerical", "matching"]
    assert records[4]["answer"] == "1822" and records[4]["payload"] == {"tolerance": 5.0, "unit": ""}
    assert "skipped" not in result.output
    assert "6 question(s) would be imported" in result.output
    assert questions_stored(engine) == 0


def test_an_import_stores_the_questions_in_the_named_bank(runner, engine, tmp_path: Path) -> None:
    source = tmp_path / "grant.gift"
    source.write_text(MOODLE_EXAMPLES)
    result = runner.invoke(cli, ["bank", "import", str(source), "--bank", "grant", "--title", "Grant"])
    assert result.exit_code == 0, result.output
    assert "Imported grant: 6 questions" in result.output
    assert questions_stored(engine) == 6
    again = runner.invoke(
        cli, ["bank", "import", str(source), "--bank", "grant"]
    )  # by stable ids: no doubles
    assert again.exit_code == 0 and questions_stored(engine) == 6


def test_a_malformed_file_imports_nothing_unless_asked(runner, engine, tmp_path: Path) -> None:
    source = tmp_path / "bad.gift"
    source.write_text(MOODLE_EXAMPLES + "\n::Broken:: {=a ~b\n")
    refused = runner.invoke(cli, ["bank", "import", str(source), "--bank", "grant"])
    assert refused.exit_code == 1 and f"{source}:line 14: error:" in refused.output
    assert "nothing imported" in refused.output and questions_stored(engine) == 0
    partial = runner.invoke(cli, ["bank", "import", str(source), "--bank", "grant", "--partial"])
    assert partial.exit_code == 0 and questions_stored(engine) == 6


def test_hostile_files_are_refused_before_they_are_read(runner, tmp_path: Path) -> None:
    big = tmp_path / "big.gift"
    with big.open("wb") as handle:
        handle.truncate(MAX_BYTES + 1)  # sparse: nothing to read, refused on its size
    assert "are refused" in runner.invoke(cli, ["bank", "import", str(big), "--bank", "x"]).output
    latin = tmp_path / "latin.gift"
    latin.write_bytes("Caf\xe9?{=a ~b}".encode("latin-1"))
    assert "not UTF-8" in runner.invoke(cli, ["bank", "import", str(latin), "--bank", "x"]).output
    missing = runner.invoke(cli, ["bank", "import", str(tmp_path / "none.gift"), "--bank", "x"])
    assert missing.exit_code == 1 and "cannot be read" in missing.output
    bad_slug = runner.invoke(cli, ["bank", "import", str(latin), "--bank", "../etc"])
    assert bad_slug.exit_code == 2 and "--bank" in bad_slug.output


def test_moodle_xml_imports_through_the_same_command(runner, engine, tmp_path: Path) -> None:
    from tests.exports.test_moodle_xml_import import export

    source = tmp_path / "quiz.xml"
    source.write_bytes(export("mcq", "flashcard", "matching"))
    dry = runner.invoke(cli, ["bank", "import", str(source), "--format", "moodle-xml", "--dry-run"])
    assert dry.exit_code == 0 and "2 question(s) would be imported" in dry.output
    assert "skipped: essay questions cannot be imported yet" in dry.output
    done = runner.invoke(
        cli, ["bank", "import", str(source), "--format", "moodle-xml", "--bank", "from-moodle"]
    )
    assert done.exit_code == 0, done.output
    assert questions_stored(engine) == 2
