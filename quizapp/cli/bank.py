"""`quizapp bank validate|stats`: check a bank folder and summarise what it generates."""

from __future__ import annotations

from pathlib import Path

import click

from question_bank import Bank, BankError, bundled_bank_path, generate, load_bank
from question_bank.generate import generate_with_report
from question_bank.lint import lint
from question_bank.stats import bank_stats, format_stats


def resolve_bank_path(name_or_path: str) -> Path:
    """A bank folder given as a path or as the slug of a bundled bank."""
    path = Path(name_or_path)
    try:
        if path.is_dir():
            return path
    except (OSError, ValueError):  # a name too long for the file system, a NUL byte
        raise click.UsageError(f"{name_or_path[:80]!r}: not a usable folder name") from None
    try:
        return bundled_bank_path(name_or_path)
    except KeyError as exc:
        raise click.UsageError(f"{name_or_path}: neither a bank folder nor a bundled bank") from exc


def load_or_exit(name_or_path: str) -> Bank:
    """Load a bank, or print every problem (file:line [field]: message) and exit with status 1."""
    try:
        return load_bank(resolve_bank_path(name_or_path))
    except BankError as exc:
        for problem in exc.problems:
            click.echo(str(problem), err=True)
        click.echo(f"{len(exc.problems)} problem(s) found.", err=True)
        raise SystemExit(1) from None


@click.group()
def bank() -> None:
    """Check and summarise question banks."""


@bank.command()
@click.argument("path")
def validate(path: str) -> None:
    """Check a bank folder (or bundled bank slug) and report every error."""
    loaded = load_or_exit(path)
    questions = generate(loaded)
    flawed = [(q, f) for q in questions for f in lint(q)]
    for question, flaw in flawed:
        click.echo(f"lint {question.id}: {flaw}", err=True)
    click.echo(
        f"{loaded.slug}: valid — {len(loaded.entities)} entities, "
        f"{len(loaded.concepts)} concepts, {len(questions)} questions generated."
    )
    if flawed:
        raise SystemExit(1)


@bank.command()
@click.argument("path")
def stats(path: str) -> None:
    """Question counts by topic and type, and any fact no question covers."""
    loaded = load_or_exit(path)
    questions, held_back = generate_with_report(loaded)
    click.echo(format_stats(bank_stats(loaded, questions, held_back)))
