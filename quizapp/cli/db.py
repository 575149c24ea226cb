"""`quizapp db upgrade|current`: the Alembic migrations shipped in the package."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

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
