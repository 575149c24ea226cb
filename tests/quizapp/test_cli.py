"""The study app's CLI commands: db upgrade, user create, serve; and Flask's own CLI."""

from __future__ import annotations

import os
import subprocess
import sys

from alembic.script import ScriptDirectory
from flask import Flask

from question_bank import bundled_slugs
from quizapp.cli import cli, serve
from quizapp.services import accounts
from quizapp.store import questions
from quizapp.store.migrate import alembic_config, current_revision


def test_db_upgrade_reports_head(runner, engine) -> None:
    result = runner.invoke(cli, args=["db", "upgrade"])
    assert result.exit_code == 0, result.output
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert f"revision {head}" in result.output and current_revision(engine) == head


def test_user_create_with_role_then_login(runner, engine) -> None:
    result = runner.invoke(
        cli,
        args=["user", "create", "Teacher@Example.org", "--role", "instructor", "--password", "long enough"],
    )
    assert result.exit_code == 0, result.output
    user = accounts.authenticate(engine, "teacher@example.org", "long enough")
    assert user is not None and user.role == "instructor"
    again = runner.invoke(
        cli, args=["user", "create", "teacher@example.org", "--role", "admin", "--password", "long enough"]
    )
    assert "Updated" in again.output
    assert accounts.authenticate(engine, "teacher@example.org", "long enough").role == "admin"


def test_user_create_prompts_for_the_password(runner, engine) -> None:
    result = runner.invoke(cli, args=["user", "create", "p@example.org"], input="s3cret-pass\n" * 2)
    assert result.exit_code == 0, result.output
    assert accounts.authenticate(engine, "p@example.org", "s3cret-pass") is not None


def test_user_create_refuses_a_short_password(runner) -> None:
    result = runner.invoke(cli, args=["user", "create", "p@example.org", "--password", "short"])
    assert result.exit_code != 0 and "at least 8" in result.output


def test_serve_loads_the_bundled_banks_and_prints_the_url(runner, engine, monkeypatch) -> None:
    calls: list[tuple[object, ...]] = []
    monkeypatch.setattr(serve, "run_simple", lambda *args, **kw: calls.append((*args, kw)))
    result = runner.invoke(cli, args=["serve"])
    assert result.exit_code == 0, result.output
    assert "Serving on http://127.0.0.1:5000" in result.output
    assert len(calls) == 1 and calls[0][:2] == ("127.0.0.1", 5000)
    assert isinstance(calls[0][2], Flask) and calls[0][3] == {"threaded": True}
    with engine.connect() as conn:
        assert all(questions.count_live(conn, slug) > 0 for slug in bundled_slugs())


def test_flasks_own_cli_finds_the_factory(app_config, tmp_path) -> None:
    # `flask --app quizapp` looks for quizapp.create_app and calls it with no arguments.
    env = {
        **os.environ,
        "QUIZAPP_DATABASE_URL": app_config["DATABASE_URL"],
        "QUIZAPP_INSTANCE_PATH": str(tmp_path / "flask-cli"),
        "QUIZAPP_SECRET_KEY": "cli-secret",
    }
    flask = [sys.executable, "-m", "flask", "--app", "quizapp", "routes"]
    found = subprocess.run(flask, env=env, capture_output=True, text=True, timeout=60, check=False)
    assert found.returncode == 0, found.stderr
    assert "study.question" in found.stdout and "/study" in found.stdout


def test_backup_and_restore_a_sqlite_database(runner, engine, make_user, tmp_path) -> None:
    if engine.dialect.name != "sqlite":
        result = runner.invoke(cli, args=["db", "backup", str(tmp_path / "x.db")])
        assert result.exit_code != 0 and "pg_dump" in result.output
        return
    make_user("kept@example.org")
    target = tmp_path / "backup.db"
    result = runner.invoke(cli, args=["db", "backup", str(target)])
    assert result.exit_code == 0, result.output
    assert (target.stat().st_mode & 0o777) == 0o600
    make_user("later@example.org")
    refused = runner.invoke(cli, args=["db", "restore", str(tmp_path / "nothing.db")])
    assert refused.exit_code != 0
    (tmp_path / "junk.db").write_text("not a database")
    junk = runner.invoke(cli, args=["db", "restore", str(tmp_path / "junk.db"), "--yes"])
    assert junk.exit_code != 0 and "not a QuizApp database backup" in junk.output
    restored = runner.invoke(cli, args=["db", "restore", str(target), "--yes"])
    assert restored.exit_code == 0, restored.output
    from quizapp.store import users

    with engine.connect() as conn:
        assert users.by_email(conn, "kept@example.org") is not None
        assert users.by_email(conn, "later@example.org") is None
