"""`quizapp serve`: migrate, load the bundled banks, and serve the study app."""

from __future__ import annotations

import os

import click
from flask import current_app
from flask.cli import with_appcontext
from werkzeug.serving import run_simple

from question_bank import bundled_slugs
from quizapp.cli.bank_load import load_or_exit
from quizapp.config import cookies_over_plain_http


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--no-bank", is_flag=True, help="Do not load or update the bundled banks.")
@with_appcontext
def serve(host: str, port: int, no_bank: bool) -> None:
    """Upgrade the database, load or update the bundled banks, and serve the app.

    For production run gunicorn instead (see docs/deployment.md).
    """
    # The schema was upgraded when the app was created (AUTO_MIGRATE).
    if not no_bank:
        chosen = [s.strip() for s in str(current_app.config["BUNDLED_BANKS"]).split(",") if s.strip()]
        for slug in chosen or bundled_slugs():
            click.echo(f"Bank {load_or_exit(slug).summary()}.")
    # Werkzeug's server speaks plain HTTP: Secure cookies would never come back to it.
    cookies_over_plain_http(current_app.config, os.environ)
    click.echo(f"Serving on http://{host}:{port}")
    # run_simple rather than app.run, which Flask ignores inside its own CLI.
    run_simple(host, port, current_app._get_current_object(), threaded=True)  # type: ignore[attr-defined]
