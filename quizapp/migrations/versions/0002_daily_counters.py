"""daily answer counters on users

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from quizapp.store.engine import UTCDateTime

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("counted_day", UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column("new_done", sa.Integer(), server_default="0", nullable=False))
        batch_op.add_column(sa.Column("reviews_done", sa.Integer(), server_default="0", nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("reviews_done")
        batch_op.drop_column("new_done")
        batch_op.drop_column("counted_day")
