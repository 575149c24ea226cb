"""blocks and block_items: exam-style blocks

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from quizapp.store.engine import UTCDateTime

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "blocks",
        sa.Column("id", BigId, nullable=False),
        sa.Column("user_id", BigId, nullable=False),
        sa.Column("mode", sa.String(length=10), nullable=False),
        sa.Column("seed", sa.BigInteger(), nullable=False),
        sa.Column("spec", sa.JSON(), nullable=False),
        sa.Column("seconds_per_question", sa.Integer(), nullable=True),
        sa.Column("time_used_ms", sa.BigInteger(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("correct", sa.Integer(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("submitted_at", UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_blocks_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_blocks")),
    )
    op.create_index("ix_blocks_user_id_created_at", "blocks", ["user_id", "created_at"])
    op.create_table(
        "block_items",
        sa.Column("block_id", BigId, autoincrement=False, nullable=False),
        sa.Column("position", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("question_id", sa.String(length=255), nullable=False),
        sa.Column("question_version", sa.Integer(), nullable=True),
        sa.Column("option_order", sa.JSON(), nullable=False),
        sa.Column("response", sa.JSON(), nullable=True),
        sa.Column("correct", sa.Boolean(), nullable=True),
        sa.Column("marked", sa.Boolean(), nullable=False),
        sa.Column("struck", sa.JSON(), nullable=False),
        sa.Column("answered_at", UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["block_id"], ["blocks.id"], name=op.f("fk_block_items_block_id_blocks"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["question_id"], ["questions.id"], name=op.f("fk_block_items_question_id_questions")
        ),
        sa.PrimaryKeyConstraint("block_id", "position", name=op.f("pk_block_items")),
    )
    op.create_index("ix_block_items_question_id", "block_items", ["question_id"])


def downgrade() -> None:
    op.drop_table("block_items")
    op.drop_table("blocks")
