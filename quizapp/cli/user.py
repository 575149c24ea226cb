"""`quizapp user create EMAIL --role ROLE`: make accounts from the shell."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext

from quizapp.services import accounts
from quizapp.services.errors import ServiceError
from quizapp.state import engine, now


@click.group()
def user() -> None:
    """User accounts."""


@user.command("create")
@click.argument("email")
@click.option("--role", type=click.Choice(accounts.ROLES), default="student", show_default=True)
@click.option(
    "--password",
    prompt=True,
    hide_input=True,
    confirmation_prompt=True,
    help="Prompted for when not given.",
)
@with_appcontext
def create(email: str, role: str, password: str) -> None:
    """Create an account, or set the role of an existing one."""
    try:
        record, created = accounts.create_or_update(
            engine(),
            email,
            password,
            role,
            now=now(),
            hash_method=current_app.config["PASSWORD_HASH_METHOD"],
        )
    except ServiceError as error:
        raise click.ClickException(str(error)) from None
    verb = "Created" if created else "Updated"
    click.echo(f"{verb} {record.email} ({record.role}).")
