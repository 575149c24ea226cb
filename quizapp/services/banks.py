"""Loading a bank into the database: upsert questions by stable id, retire the rest."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from question_bank import Bank, Question, generate, load_bank
from quizapp.store import questions


@dataclass(frozen=True)
class LoadReport:
    slug: str
    version: int
    questions: int
    retired: int


def load_path(engine: Engine, path: Path, *, now: datetime) -> LoadReport:
    """Validate and generate the bank at `path`, then store it.

    Raises question_bank.BankError before anything is written if the bank is invalid.
    """
    bank = load_bank(path)
    return store(engine, bank, generate(bank), now=now)


def store(engine: Engine, bank: Bank, generated: list[Question], *, now: datetime) -> LoadReport:
    """Upsert the bank's questions in one transaction.

    Questions keep their ids across edits, so students' cards and review history stay attached;
    questions no longer generated are marked retired, never deleted.
    """
    rows = [_row(q, bank.slug, position, now) for position, q in enumerate(generated)]
    tags = [{"question_id": q.id, "tag": tag} for q in generated for tag in sorted(set(q.tags))]
    with engine.begin() as conn:
        version = questions.upsert_bank(
            conn, slug=bank.slug, title=bank.title, description=bank.description, now=now
        )
        questions.upsert_questions(conn, rows)
        retired = questions.retire_missing(conn, bank.slug, (q.id for q in generated), now)
        questions.replace_tags(conn, bank.slug, tags)
    return LoadReport(bank.slug, version, len(rows), retired)


def _row(question: Question, slug: str, position: int, now: datetime) -> dict[str, Any]:
    data = question.to_dict()
    return {
        "id": question.id,
        "bank": slug,
        "type": question.type,
        "prompt": question.prompt,
        "choices": data["choices"],
        "answer": data["answer"],
        "explanation": question.explanation,
        "tags": data["tags"],
        "source": question.source,
        "fact": question.fact or question.id,
        "topic": question.topic,
        "items": list(question.items),
        "cloze": question.cloze,
        "media": list(question.media),
        "position": position,
        "retired": False,
        "updated_at": now,
    }
