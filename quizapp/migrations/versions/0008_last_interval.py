"""review_log.last_interval: the interval a review card had when answered (Anki's lastIvl)

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def _interval(before: object) -> int | None:
    """From the stored snapshot: days from the last review's study day (04:00 UTC) to the due."""
    data = json.loads(before) if isinstance(before, str) else before
    if (
        not isinstance(data, dict)
        or data.get("state") != 2
        or not data.get("due")
        or not data.get("last_review")
    ):
        return None
    due, last = datetime.fromisoformat(data["due"]), datetime.fromisoformat(data["last_review"])
    start = last.replace(hour=4, minute=0, second=0, microsecond=0)
    if start > last:
        start -= timedelta(days=1)
    return max(0, round((due - start).total_seconds() / 86400))


def upgrade() -> None:
    with op.batch_alter_table("review_log") as batch_op:
        batch_op.add_column(sa.Column("last_interval", sa.Integer(), nullable=True))
    conn = op.get_bind()
    rows = conn.execute(sa.text("SELECT id, before FROM review_log WHERE state_before = 2")).all()
    values = [{"i": row.id, "v": _interval(row.before)} for row in rows]
    if values:
        conn.execute(sa.text("UPDATE review_log SET last_interval = :v WHERE id = :i"), values)


def downgrade() -> None:
    with op.batch_alter_table("review_log") as batch_op:
        batch_op.drop_column("last_interval")
