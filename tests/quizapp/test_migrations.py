"""The Alembic migrations and the models describe the same schema."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, select, text

from quizapp.store.engine import make_engine
from quizapp.store.migrate import upgrade
from quizapp.store.models import Base, Question, QuestionVersion


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


def test_0004_moves_items_and_cloze_into_the_payload_and_records_version_1(tmp_path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'old.db'}")
    upgrade(engine, "0003")
    when = "2025-01-01 00:00:00"
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO banks VALUES ('b', 'B', '', 1, :t)"), {"t": when})
        for qid, qtype, items, cloze in (
            ("m", "matching", '["Ibuprofen"]', ""),
            ("c", "cloze", "[]", "An {{c1::NSAID}}"),
        ):
            conn.execute(
                text(
                    "INSERT INTO questions (id, bank, type, prompt, choices, answer, explanation, tags,"
                    " source, fact, topic, items, cloze, media, position, retired, updated_at)"
                    " VALUES (:id, 'b', :type, 'P?', '[]', '\"NSAID\"', '', '[]', '', 'f', 't', :items,"
                    " :cloze, '[]', 0, 0, :t)"
                ),
                {"id": qid, "type": qtype, "items": items, "cloze": cloze, "t": when},
            )
    upgrade(engine)
    with engine.connect() as conn:
        payloads = dict(conn.execute(select(Question.id, Question.payload)).all())
        versions = conn.execute(select(QuestionVersion.question_id, QuestionVersion.version)).all()
    assert payloads == {"m": {"items": ["Ibuprofen"]}, "c": {"text": "An {{c1::NSAID}}"}}
    assert sorted(versions) == [("c", 1), ("m", 1)]
    engine.dispose()
