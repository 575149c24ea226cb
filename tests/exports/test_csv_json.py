"""CSV (term/definition) and the canonical JSON dump, read back with the standard library."""

from __future__ import annotations

import csv
import io
import json

import pytest

from exports import ExportOptions, export_questions
from question_bank import Question
from question_bank.types import question_from_dict
from tests.exports.factories import make_question, one_of_each


def written(fmt: str, questions: list[Question]) -> bytes:
    out = io.BytesIO()
    export_questions(fmt, questions, out, ExportOptions())
    return out.getvalue()


def csv_rows(questions: list[Question]) -> list[list[str]]:
    data = written("csv", questions)
    assert not data.startswith(b"\xef\xbb\xbf")  # no BOM: Quizlet-style importers show it as text
    return list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))


def test_csv_has_a_header_and_one_two_column_row_per_question() -> None:
    rows = csv_rows(one_of_each())
    assert rows[0] == ["term", "definition"]
    assert len(rows) == 1 + len(one_of_each())
    assert all(len(row) == 2 and all(cell.strip() for cell in row) for row in rows)


def test_csv_cells_survive_commas_quotes_and_newlines() -> None:
    tricky = make_question("flashcard", prompt='Say "hi", then\nwave', answer='a, b; "c"')
    assert csv_rows([tricky])[1] == ['Say "hi", then\nwave', 'a, b; "c"']
    assert written("csv", [tricky]).endswith(b"\r\n")


def test_csv_choice_terms_list_lettered_options_and_definitions_the_key() -> None:
    term, definition = csv_rows([make_question("mcq")])[1]
    assert (
        term == "Which drug class is ibuprofen?\nA. An opioid\nB. An NSAID\nC. A steroid\nD. A bisphosphonate"
    )
    assert definition == "B. An NSAID\nBecause of mcq."
    term, definition = csv_rows([make_question("matching")])[1]
    assert "- Codeine" in term and "Codeine → An opioid" in definition
    term, definition = csv_rows([make_question("cloze")])[1]
    assert (term, definition) == ("The _____ surrounds the nucleus pulposus.", "annulus fibrosus")


def test_json_is_the_to_dict_list_and_round_trips() -> None:
    questions = one_of_each()
    data = json.loads(written("json", questions))
    assert data == [q.to_dict() for q in questions]
    assert {"id", "type", "prompt", "choices", "answer", "explanation", "tags", "source"} <= set(data[0])
    assert [question_from_dict(d) for d in data] == questions
    assert written("json", [make_question("flashcard", prompt="Ça va — ok?")]).count("Ça va".encode()) == 1


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t"])
def test_csv_cells_never_start_a_formula(start: str) -> None:
    evil = make_question("flashcard", prompt=f'{start}HYPERLINK("http://x")', answer=f"{start}1+1")
    rows = csv_rows([evil])[1:]
    assert all(not cell.startswith(("=", "+", "-", "@", "\t")) for row in rows for cell in row)
    assert rows[0][0] == f'\'{start}HYPERLINK("http://x")'
