"""question versions, one payload column for type-specific data, the bank's source of record

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from alembic import op

from question_bank.versions import CONTENT_FIELDS, content_hash
from quizapp.store.engine import UTCDateTime

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.add_column("banks", sa.Column("source", sa.String(20), server_default="files", nullable=False))
    op.add_column("questions", sa.Column("payload", sa.JSON(), server_default="{}", nullable=False))
    op.add_column("questions", sa.Column("version", sa.Integer(), server_default="1", nullable=False))
    op.add_column("questions", sa.Column("content_hash", sa.String(64), server_default="", nullable=False))
    op.add_column("review_log", sa.Column("question_version", sa.Integer(), nullable=True))
    versions = op.create_table(
        "question_versions",
        sa.Column("question_id", sa.String(255), nullable=False),
        sa.Column("version", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("content", sa.JSON(), nullable=False),
        sa.Column("origin", sa.String(20), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("created_by", BigId, nullable=True),
        sa.ForeignKeyConstraint(
            ["question_id"],
            ["questions.id"],
            name=op.f("fk_question_versions_question_id_questions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["created_by"],
            ["users.id"],
            name=op.f("fk_question_versions_created_by_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("question_id", "version", name=op.f("pk_question_versions")),
    )
    _first_versions(versions)
    op.execute("UPDATE review_log SET question_version = 1")
    # Plain ALTER TABLE on both backends: Alembic's batch mode would rebuild the table on SQLite,
    # and dropping the old one cascades to cards' tags and marks.
    op.execute("ALTER TABLE questions DROP COLUMN items")
    op.execute("ALTER TABLE questions DROP COLUMN cloze")


def _first_versions(versions: sa.Table) -> None:
    """Move items and cloze into the payload, and record each stored question as its version 1."""
    conn = op.get_bind()
    questions = sa.table(
        "questions",
        *(sa.column(name, sa.JSON()) for name in ("choices", "answer", "items", "media", "payload")),
        *(sa.column(name) for name in ("id", "type", "prompt", "explanation", "source", "cloze")),
        sa.column("content_hash"),
        sa.column("updated_at", UTCDateTime()),
    )
    now = datetime.now(UTC)
    rows = conn.execute(sa.select(questions)).mappings().all()
    history: list[dict[str, Any]] = []
    for row in rows:
        payload = _payload(row)
        content = {name: payload if name == "payload" else row[name] for name in CONTENT_FIELDS}
        digest = content_hash(content)
        where = questions.c.id == row["id"]
        conn.execute(sa.update(questions).where(where).values(payload=payload, content_hash=digest))
        history.append(
            {
                "question_id": row["id"],
                "version": 1,
                "content_hash": digest,
                "content": content,
                "origin": "files",
                "created_at": row["updated_at"] or now,
            }
        )
    if history:
        conn.execute(sa.insert(versions), history)


def _payload(row: Any) -> dict[str, Any]:
    if row["type"] == "matching":
        return {"items": list(row["items"] or [])}
    if row["type"] == "cloze":
        return {"text": row["cloze"] or ""}
    return {}


def downgrade() -> None:
    op.add_column("questions", sa.Column("items", sa.JSON(), server_default="[]", nullable=False))
    op.add_column("questions", sa.Column("cloze", sa.Text(), server_default="", nullable=False))
    conn = op.get_bind()
    questions = sa.table("questions", sa.column("id"), sa.column("payload", sa.JSON()))
    items = sa.table("questions", sa.column("id"), sa.column("items", sa.JSON()), sa.column("cloze"))
    for qid, payload in conn.execute(sa.select(questions.c.id, questions.c.payload)).all():
        values = {"items": (payload or {}).get("items", []), "cloze": (payload or {}).get("text", "")}
        conn.execute(sa.update(items).where(items.c.id == qid).values(values))
    op.drop_table("question_versions")
    for table, column in (
        ("review_log", "question_version"),
        ("questions", "content_hash"),
        ("questions", "version"),
        ("questions", "payload"),
        ("banks", "source"),
    ):
        op.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
