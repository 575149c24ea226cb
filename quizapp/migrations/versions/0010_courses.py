"""courses, their members and banks; bank owners, co-authors and visibility; question drafts,
Markdown questions and uploaded images

Revision ID: 0010
Revises: 0009
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from quizapp.store.engine import UTCDateTime

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def _user(column: str, *, nullable: bool = False, ondelete: str = "CASCADE") -> sa.Column[int]:
    return sa.Column(column, BigId, sa.ForeignKey("users.id", ondelete=ondelete), nullable=nullable)


def upgrade() -> None:
    # Plain ADD COLUMN on both backends (no batch rebuild, which would cascade on SQLite).
    op.add_column("banks", sa.Column("owner_id", BigId, nullable=True))
    op.add_column("banks", sa.Column("visibility", sa.String(20), server_default="public", nullable=False))
    op.add_column("questions", sa.Column("markup", sa.String(20), server_default="plain", nullable=False))
    op.create_table(
        "courses",
        sa.Column("id", BigId, primary_key=True),
        sa.Column("title", sa.String(200), nullable=False),
        _user("owner_id"),
        sa.Column("join_code", sa.String(16), nullable=False, unique=True),
        sa.Column("closed", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("created_at", UTCDateTime(), nullable=False),
    )
    op.create_table(
        "course_members",
        sa.Column("course_id", BigId, sa.ForeignKey("courses.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("user_id", BigId, sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("joined_at", UTCDateTime(), nullable=False),
    )
    op.create_index("ix_course_members_user_id", "course_members", ["user_id"])
    op.create_table(
        "course_banks",
        sa.Column("course_id", BigId, sa.ForeignKey("courses.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("bank", sa.String(100), sa.ForeignKey("banks.slug", ondelete="CASCADE"), primary_key=True),
    )
    op.create_table(
        "bank_authors",
        sa.Column("bank", sa.String(100), sa.ForeignKey("banks.slug", ondelete="CASCADE"), primary_key=True),
        sa.Column("user_id", BigId, sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    )
    op.create_table(
        "question_drafts",
        sa.Column("id", sa.String(255), primary_key=True),
        sa.Column("bank", sa.String(100), sa.ForeignKey("banks.slug", ondelete="CASCADE"), nullable=False),
        sa.Column("content", sa.JSON(), nullable=False),
        sa.Column("topic", sa.String(255), nullable=False, server_default=""),
        sa.Column("tags", sa.JSON(), nullable=False),
        _user("updated_by", nullable=True, ondelete="SET NULL"),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
    )
    op.create_index("ix_question_drafts_bank", "question_drafts", ["bank"])
    op.create_table(
        "media",
        sa.Column("bank", sa.String(100), sa.ForeignKey("banks.slug", ondelete="CASCADE"), primary_key=True),
        sa.Column("name", sa.String(100), primary_key=True),
        sa.Column("content_type", sa.String(50), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        _user("uploaded_by", nullable=True, ondelete="SET NULL"),
        sa.Column("created_at", UTCDateTime(), nullable=False),
    )


def downgrade() -> None:
    for table in ("media", "question_drafts", "bank_authors", "course_banks", "course_members", "courses"):
        op.drop_table(table)
    op.execute("ALTER TABLE questions DROP COLUMN markup")
    op.execute("ALTER TABLE banks DROP COLUMN visibility")
    op.execute("ALTER TABLE banks DROP COLUMN owner_id")
