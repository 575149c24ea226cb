"""The Alembic migrations and the models describe the same schema."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from quizapp.store.models import Base


def test_migrated_schema_matches_the_models(engine) -> None:
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []


def test_hot_path_indexes_exist(engine) -> None:
    inspector = inspect(engine)
    card_indexes = {tuple(ix["column_names"]) for ix in inspector.get_indexes("cards")}
    log_indexes = {tuple(ix["column_names"]) for ix in inspector.get_indexes("review_log")}
    assert {("user_id", "due"), ("user_id", "queue", "id")} <= card_indexes
    assert ("user_id", "reviewed_at") in log_indexes
    uniques = {tuple(u["column_names"]) for u in inspector.get_unique_constraints("review_log")}
    assert ("card_id", "card_version") in uniques
