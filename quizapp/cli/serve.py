"""`quizapp serve`: migrate, load the bundled bank, and serve the study app."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext
from werkzeug.serving import run_simple

from question_bank import BankError, bundled_bank_path
from quizapp.services import banks
from quizapp.state import engine, now


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--no-bank", is_flag=True, help="Do not load or update the bundled bank.")
@with_appcontext
def serve(host: str, port: int, no_bank: bool) -> None:
    """Upgrade the database, load or update the bundled bank, and serve the app.

    For production run gunicorn instead (see docs/deployment.md).
    """
    # The schema was upgraded when the app was created (AUTO_MIGRATE).
    if not no_bank:
        slug = current_app.config["BUNDLED_BANK"]
        try:
            report = banks.load_path(engine(), bundled_bank_path(slug), now=now())
        except BankError as error:
            for problem in error.problems:
                click.echo(str(problem), err=True)
            raise SystemExit(1) from None
        click.echo(f"Bank {report.slug}: {report.questions} questions ({report.retired} retired).")
    click.echo(f"Serving on http://{host}:{port}")
    # run_simple rather than app.run, which Flask ignores inside its own CLI.
    run_simple(host, port, current_app._get_current_object(), threaded=True)  # type: ignore[attr-defined]
