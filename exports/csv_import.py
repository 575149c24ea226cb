"""Reading term/definition CSV (Quizlet-style, and our own CSV export) as flashcards.

One card per row: the first column is the front, the second the back; a `term,definition` header
is skipped; an apostrophe our exporter put before a formula character is taken off again. A row
without both cells is a numbered problem.
"""

from __future__ import annotations

import csv
import io

from exports.csv_export import HEADER
from exports.gift_import import ImportedQuestion, Parsed, Problem

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def restored(cell: str) -> str:
    """The cell as written before our exporter neutralised it for spreadsheets."""
    return cell[1:] if cell.startswith("'") and cell[1:].startswith(_FORMULA_START) else cell


def parse(source: str) -> Parsed:
    parsed = Parsed()
    reader = csv.reader(io.StringIO(source.lstrip("\ufeff"), newline=""))
    ended = 0  # reader.line_num is where a row ends; a quoted cell may span lines
    try:
        for row in reader:
            line, ended = ended + 1, reader.line_num
            cells = [restored(cell).strip() for cell in row]
            if not any(cells) or (line == 1 and tuple(c.lower() for c in cells[:2]) == HEADER):
                continue
            if len(cells) < 2 or not cells[0] or not cells[1]:
                parsed.problems.append(Problem(line, "a row needs a term and a definition"))
                continue
            parsed.questions.append(
                ImportedQuestion(line, "flashcard", cells[0][:40], cells[0], "plain", back=cells[1])
            )
    except csv.Error as error:
        parsed.problems.append(Problem(reader.line_num or 1, f"not CSV: {error}"))
    return parsed
