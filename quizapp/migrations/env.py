"""Alembic environment: migrations run on a connection the app hands over (store.migrate)."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from quizapp.store.engine import make_engine
from quizapp.store.models import Base


def _run(connection: Connection) -> None:
    # Batch mode lets later migrations alter tables on SQLite, which has little ALTER TABLE.
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=True,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def main() -> None:
    connection = context.config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    url = context.config.get_main_option("sqlalchemy.url")
    if not url:
        raise RuntimeError("set sqlalchemy.url or pass a connection in config.attributes")
    with make_engine(url).begin() as conn:
        _run(conn)


main()
