"""`quizapp bank load PATH`: store a bank in the database, updating questions by stable id."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from question_bank import BankError
from quizapp.cli.bank import resolve_bank_path
from quizapp.services import banks
from quizapp.state import engine, now


@click.command("load")
@click.argument("path")
@with_appcontext
def load(path: str) -> None:
    """Load or update a bank folder (or bundled bank slug); nothing is written if it is invalid."""
    try:
        report = banks.load_path(engine(), resolve_bank_path(path), now=now())
    except BankError as error:
        for problem in error.problems:
            click.echo(str(problem), err=True)
        click.echo(f"{len(error.problems)} problem(s) found; nothing was loaded.", err=True)
        raise SystemExit(1) from None
    click.echo(
        f"Loaded {report.slug} (version {report.version}): {report.questions} questions, "
        f"{report.retired} retired."
    )
