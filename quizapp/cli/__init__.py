"""The `quizapp` command line, following Flask's CLI conventions (a FlaskGroup)."""

from __future__ import annotations

import click
from flask.cli import FlaskGroup

from quizapp.app import create_app
from quizapp.cli import bank_import, bank_load, db, serve, user
from quizapp.cli.bank import bank
from quizapp.cli.export import export


class QuizappGroup(FlaskGroup):
    """FlaskGroup that refuses a NUL byte in any argument: no file name or database text can hold
    one (os.stat raises ValueError, PostgreSQL refuses it), so it is a usage error up front."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if any("\x00" in arg for arg in args):
            raise click.UsageError("arguments cannot contain a NUL byte", ctx)
        return super().parse_args(ctx, args)


@click.group(cls=QuizappGroup, create_app=create_app, add_default_commands=False)
def cli() -> None:
    """Medical question bank, spaced-repetition study app and Anki export."""


cli.add_command(bank)
cli.add_command(export)
# The study app's commands (serve, db, user, bank load) need the app; FlaskGroup builds it.
for command in (bank_load.load, bank_load.dump, bank_load.source, bank_load.history, bank_import.import_file):
    bank.add_command(command)
for command in (serve.serve, db.db, user.user):
    cli.add_command(command)


def main() -> None:
    cli(prog_name="quizapp")
