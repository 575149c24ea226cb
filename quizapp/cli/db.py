"""`quizapp db upgrade|current|backup|restore`: the schema, and copies of a SQLite database."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import click
from flask.cli import with_appcontext
from sqlalchemy import Engine, inspect

from quizapp.state import engine
from quizapp.store.migrate import current_revision, upgrade


@click.group()
def db() -> None:
    """Database schema."""


@db.command("upgrade")
@click.option("--revision", default="head", show_default=True)
@with_appcontext
def upgrade_command(revision: str) -> None:
    """Create the database or bring its schema up to date."""
    upgrade(engine(), revision)
    click.echo(f"Database at revision {current_revision(engine())}.")


@db.command("current")
@with_appcontext
def current_command() -> None:
    """Print the schema revision."""
    click.echo(current_revision(engine()) or "empty")


def _sqlite_only(found: Engine) -> None:
    if found.dialect.name != "sqlite":
        raise click.UsageError(
            "backup and restore copy a SQLite database; for PostgreSQL use pg_dump -Fc and pg_restore "
            "(docs/deployment.md)"
        )


@db.command("backup")
@click.argument("target", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def backup_command(target: Path) -> None:
    """Copy the SQLite database to TARGET while the app keeps serving (SQLite's online backup)."""
    found = engine()
    _sqlite_only(found)
    if target.exists():
        raise click.UsageError(f"{target} exists; choose a new file")
    raw = found.raw_connection()
    try:
        with closing(sqlite3.connect(target)) as copy:
            raw.driver_connection.backup(copy)  # type: ignore[union-attr]
    finally:
        raw.close()
    target.chmod(0o600)  # it holds password hashes and every student's answers
    click.echo(f"Backed up to {target}.")


@db.command("restore")
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Replace the current database without asking.")
@with_appcontext
def restore_command(source: Path, yes: bool) -> None:
    """Replace the SQLite database with the backup SOURCE (stop the app's other processes first)."""
    found = engine()
    _sqlite_only(found)
    with closing(sqlite3.connect(f"file:{source}?mode=ro", uri=True)) as backup:
        try:
            tables = {row[0] for row in backup.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        except sqlite3.DatabaseError:
            tables = set()
        if "alembic_version" not in tables:
            raise click.UsageError(f"{source} is not a QuizApp database backup")
        if not yes:
            click.confirm("Replace every account, card and answer with the backup?", abort=True)
        raw = found.raw_connection()
        try:
            backup.backup(raw.driver_connection)  # type: ignore[arg-type]
        finally:
            raw.close()
    found.dispose()  # pooled connections may hold pages of the old file
    upgrade(found)  # a backup from an older version is brought to this schema
    click.echo(f"Restored from {source} ({len(inspect(found).get_table_names())} tables).")
