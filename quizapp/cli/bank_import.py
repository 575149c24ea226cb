"""`quizapp bank import FILE --format gift|moodle-xml|aiken|csv`: questions from elsewhere, dry run first.

The file is refused before it is read when it is too large; its name never becomes a path or a
slug. Problems are printed as FILE:LINE: severity: message. An error (a question not understood)
stops the import unless --partial; questions of a kind the platform cannot hold yet are skipped
and reported, and the rest is imported.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import click
from flask.cli import with_appcontext

from exports import importers
from exports.gift_import import Parsed
from exports.gift_questions import dry_run as as_records
from exports.gift_questions import to_questions
from question_bank import Bank
from quizapp.services import banks
from quizapp.services.errors import ServiceError
from quizapp.state import engine, now

MAX_BYTES = 5 * 1024 * 1024
SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,99}$")


def _read(file: Path) -> bytes:
    try:
        size = file.stat().st_size
    except OSError as error:
        raise click.ClickException(f"{file}: cannot be read ({error.strerror})") from None
    if size > MAX_BYTES:
        raise click.ClickException(f"{file}: {size:,} bytes; files over {MAX_BYTES:,} bytes are refused")
    try:
        return file.read_bytes()
    except OSError as error:  # a folder, a file that vanished
        raise click.ClickException(f"{file}: cannot be read ({error.strerror})") from None


def _parsed(file: Path, fmt: str) -> Parsed:
    try:
        return importers.parse(_read(file), fmt)
    except importers.NotText as error:
        raise click.ClickException(f"{file}: {error}") from None


@click.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["gift", "moodle-xml", "aiken", "csv"]),
    default="gift",
    show_default=True,
)
@click.option("--dry-run", is_flag=True, help="Parse and report only; store nothing.")
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="With --dry-run: the JSON file."
)
@click.option("--bank", "slug", help="The bank to import into (created when new), e.g. my-course.")
@click.option("--title", help="The bank's title when it is created.")
@click.option("--partial", is_flag=True, help="Import what was understood even if some questions were not.")
@with_appcontext
def import_file(
    file: Path,
    fmt: str,
    dry_run: bool,
    output: Path | None,
    slug: str | None,
    title: str | None,
    partial: bool,
) -> None:
    """Import a GIFT, Moodle XML, Aiken or CSV file into a bank (or, with --dry-run, show what it holds)."""
    if not dry_run and (slug is None or not SLUG.match(slug)):
        raise click.UsageError("--bank: a slug of lower-case letters, digits and hyphens, e.g. my-course")
    found, problems = to_questions(_parsed(file, fmt), slug or "dry-run")
    for problem in problems:
        click.echo(f"{file}:{problem}", err=True)
    errors = [p for p in problems if p.severity == "error"]
    if dry_run:
        text = json.dumps(as_records(found), ensure_ascii=False, indent=2)
        if output is not None:
            output.write_text(text + "\n", encoding="utf-8")
        else:
            click.echo(text)
        click.echo(f"{len(found)} question(s) would be imported; {len(problems)} problem(s).", err=True)
        return
    if errors and not partial:
        raise click.ClickException(
            f"{len(errors)} question(s) not understood; nothing imported (--partial to import the rest)"
        )
    assert slug is not None
    bank = Bank(
        slug=slug,
        title=title or slug,
        description=f"Imported from {file.name}",
        sections={},
        concepts={},
        entities={},
    )
    try:
        report = banks.store(engine(), bank, [question for question, _ in found], now=now())
    except ServiceError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Imported {report.summary()}.")
