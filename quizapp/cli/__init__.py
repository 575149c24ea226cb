"""The `quizapp` command line, following Flask's CLI conventions (a FlaskGroup)."""

from __future__ import annotations

import click
from flask.cli import FlaskGroup

from quizapp.app import create_app
from quizapp.cli import bank_load, db, serve, user
from quizapp.cli.bank import bank
from quizapp.cli.export import export


@click.group(cls=FlaskGroup, create_app=create_app, add_default_commands=False)
def cli() -> None:
    """Medical question bank, spaced-repetition study app and Anki export."""


cli.add_command(bank)
cli.add_command(export)
# The study app's commands (serve, db, user, bank load) need the app; FlaskGroup builds it.
for command in (bank_load.load, bank_load.source, bank_load.history):
    bank.add_command(command)
for command in (serve.serve, db.db, user.user):
    cli.add_command(command)


def main() -> None:
    cli(prog_name="quizapp")
