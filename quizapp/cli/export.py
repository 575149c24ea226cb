"""`quizapp export FORMAT --bank SLUG -o FILE`: one subcommand per registered export format."""

from __future__ import annotations

import os
from pathlib import Path

import click

from exports import FORMATS, ExportError, ExportFormat, ExportOptions, Selection, export_questions
from question_bank import generate
from quizapp.cli.bank import load_or_exit, resolve_bank_path


@click.group()
def export() -> None:
    """Export a bank's questions as an Anki deck, JSON, CSV, GIFT or Moodle XML."""


def _read_ids(path: Path | None) -> frozenset[str] | None:
    if path is None:
        return None
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def _timestamp() -> float | None:
    # The reproducible-builds convention: a fixed clock gives byte-identical Anki packages.
    value = os.environ.get("SOURCE_DATE_EPOCH")
    if not value:
        return None
    try:
        return float(value)
    except ValueError:
        raise click.UsageError(f"SOURCE_DATE_EPOCH={value!r} is not a number") from None


def run_export(
    fmt: ExportFormat,
    bank_name: str,
    selection: Selection,
    output: Path,
    *,
    seed: int,
    title: str | None,
    one_deck: bool = False,
) -> None:
    folder = resolve_bank_path(bank_name)
    bank = load_or_exit(bank_name)
    generated = generate(bank, seed=seed)
    questions = selection.apply(generated)
    if not questions:
        wrong = selection.unmatched(generated) or ["the selection"]
        raise click.ClickException(f"nothing to export: {', '.join(wrong)} matches no question")
    options = ExportOptions(
        bank=bank, media_dir=folder, timestamp=_timestamp(), title=title, one_deck=one_deck
    )
    try:
        export_questions(fmt.name, questions, output, options)
    except ExportError as exc:
        raise click.ClickException(str(exc)) from None
    except OSError as exc:
        raise click.ClickException(f"cannot write {output}: {exc.strerror or exc}") from None
    click.echo(f"Wrote {len(questions)} questions to {output} ({fmt.name}).")


def _command(fmt: ExportFormat) -> click.Command:
    @click.command(name=fmt.name, help=f"Write {fmt.description} (.{fmt.extension}).")
    @click.option("--bank", "bank_name", required=True, help="Bundled bank slug or bank folder.")
    @click.option("--tag", "tags", multiple=True, help="Only questions with this tag (or a child).")
    @click.option("--topic", "topics", multiple=True, help="Only questions of this topic.")
    @click.option(
        "--ids",
        "ids_file",
        type=click.Path(exists=True, dir_okay=False, path_type=Path),
        help="Only the question ids listed in this file, one per line (e.g. missed questions).",
    )
    @click.option("--seed", default=0, show_default=True, help="Generator seed.")
    @click.option("--title", default=None, help="Deck or category title instead of the bank's.")
    @click.option("--one-deck", is_flag=True, help="Anki: one deck, topics as tags (no subdeck per topic).")
    @click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path))
    def command(
        bank_name: str,
        tags: tuple[str, ...],
        topics: tuple[str, ...],
        ids_file: Path | None,
        seed: int,
        title: str | None,
        one_deck: bool,
        output: Path,
    ) -> None:
        selection = Selection(topics=topics, tags=tags, ids=_read_ids(ids_file))
        run_export(fmt, bank_name, selection, output, seed=seed, title=title, one_deck=one_deck)

    return command


for _fmt in FORMATS.values():
    export.add_command(_command(_fmt))
