"""`quizapp bank load|dump|source|history`: store a bank, write it back to files, choose its source
of record, show versions."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from question_bank import BankError
from quizapp.cli.bank import resolve_bank_path
from quizapp.services import bank_files, banks
from quizapp.services.errors import ServiceError
from quizapp.state import engine, now


def load_or_exit(path: str) -> banks.LoadReport:
    """Load a bank folder (or bundled slug) into the database, or print why not and exit 1."""
    policy = current_app.config["KEY_CHANGE_POLICY"]
    if policy not in banks.KEY_CHANGE_POLICIES:
        raise click.UsageError(f"KEY_CHANGE_POLICY is {policy!r}; use one of {banks.KEY_CHANGE_POLICIES}")
    try:
        return banks.load_path(engine(), resolve_bank_path(path), now=now(), key_change=policy)
    except BankError as error:
        for problem in error.problems:
            click.echo(str(problem), err=True)
        click.echo(f"{len(error.problems)} problem(s) found; nothing was loaded.", err=True)
    except ServiceError as error:
        click.echo(str(error), err=True)
    raise SystemExit(1)


@click.command("load")
@click.argument("path")
@with_appcontext
def load(path: str) -> None:
    """Load or update a bank folder (or bundled bank slug); nothing is written if it is invalid.

    Each changed question is stored as a new version; see KEY_CHANGE_POLICY for changed keys.
    """
    click.echo(f"Loaded {load_or_exit(path).summary()}.")


@click.command("dump")
@click.argument("slug")
@click.option(
    "-o", "--output", "folder", required=True, type=click.Path(path_type=Path), help="A new folder."
)
@with_appcontext
def dump(slug: str, folder: Path) -> None:
    """Write a stored bank (browser edits included) to a folder that `bank load` loads back."""
    try:
        report = bank_files.dump(engine(), slug, folder)
    except ServiceError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Wrote {report.summary()}")


@click.command("source")
@click.argument("slug")
@click.argument("source", type=click.Choice(banks.SOURCES))
@with_appcontext
def source(slug: str, source: str) -> None:
    """Make a stored bank's files or its database copy (browser edits) the source of record."""
    try:
        banks.set_source(engine(), slug, source)
    except ServiceError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"{slug}: source of record is now {source}.")


@click.command("history")
@click.argument("question_id")
@with_appcontext
def history(question_id: str) -> None:
    """Every stored version of a question: when, from where, and its wording and key."""
    try:
        versions = banks.history(engine(), question_id)
    except ServiceError as error:
        raise click.ClickException(str(error)) from None
    for record in versions:
        content = record.content
        click.echo(f"v{record.version}  {record.created_at:%Y-%m-%d %H:%M}  {record.origin}")
        click.echo(f"    {content['prompt']}")
        click.echo(f"    answer: {content['answer']}")
