"""CSV import: our own term/definition export reads back as cards, formulas unneutralised."""

from __future__ import annotations

import io

from hypothesis import given, settings
from hypothesis import strategies as st

from exports import ExportOptions
from exports.csv_export import write_csv
from exports.csv_import import parse
from exports.gift_questions import to_questions
from tests.exports.factories import make_question


def test_our_csv_export_reads_back_as_flashcards() -> None:
    original = make_question("flashcard")
    formula = make_question("flashcard", prompt="=SUM(A1) is not a formula here", answer="-1")
    out = io.BytesIO()
    write_csv([original, formula], out, ExportOptions())
    found, problems = to_questions(parse(out.getvalue().decode("utf-8")), "cards")
    assert problems == []
    assert [(q.type, q.prompt, q.answer) for q, _ in found] == [
        ("flashcard", original.prompt, original.answer),
        ("flashcard", "=SUM(A1) is not a formula here", "-1"),
    ]
    assert [g.line for _, g in found] == [2, 3]


def test_rows_without_both_cells_are_numbered_problems() -> None:
    parsed = parse('term,definition\nfront only\n"quoted, comma",back\n,\n')
    assert [(p.line, p.message) for p in parsed.problems] == [(2, "a row needs a term and a definition")]
    assert [q.text for q in parsed.questions] == ["quoted, comma"]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("a,\"\n\r='-")), max_size=100))
def test_any_text_gives_cards_or_numbered_problems(text: str) -> None:
    parsed = parse(text)
    assert all(p.line >= 1 for p in parsed.problems)
    to_questions(parsed, "fuzz")
