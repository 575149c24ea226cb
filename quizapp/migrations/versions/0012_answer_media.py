"""answer_media: images a question shows only with its answer

Revision ID: 0012
Revises: 0011
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("questions", sa.Column("answer_media", sa.JSON(), server_default="[]", nullable=False))


def downgrade() -> None:
    # Plain ALTER TABLE on both backends, as in 0004 (batch mode would rebuild the table on SQLite).
    op.execute("ALTER TABLE questions DROP COLUMN answer_media")
