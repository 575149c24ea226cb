"""Queries on exam blocks and their items, and the question pools a block is drawn from."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Connection, Row, Table, and_, exists, func, insert, select, true, update

from question_bank import Question as BankQuestion
from question_bank.authoring import DIFFICULTY_TAG
from quizapp.store.models import Block, BlockItem, Mark, Question, QuestionTag, ReviewLog
from quizapp.store.questions import QUESTION_COLUMNS, to_question

_blocks = cast(Table, Block.__table__)
_items = cast(Table, BlockItem.__table__)
_questions = cast(Table, Question.__table__)
_marks = cast(Table, Mark.__table__)
_log = cast(Table, ReviewLog.__table__)
_tags = cast(Table, QuestionTag.__table__)

POOLS = ("all", "unused", "incorrect", "marked", "omitted")


@dataclass(frozen=True)
class BlockRecord:
    id: int
    user_id: int
    mode: str
    seed: int
    spec: dict[str, Any]
    seconds_per_question: int | None
    time_used_ms: int
    position: int
    total: int
    correct: int | None
    created_at: datetime
    submitted_at: datetime | None

    @property
    def limit_ms(self) -> int | None:
        """The whole block's time limit (timed blocks only)."""
        return None if self.seconds_per_question is None else self.seconds_per_question * self.total * 1000

    @property
    def time_left_ms(self) -> int | None:
        limit = self.limit_ms
        return None if limit is None else max(0, limit - self.time_used_ms)


@dataclass(frozen=True)
class ItemRecord:
    position: int
    question: BankQuestion
    option_order: list[int]
    response: list[str] | None
    correct: bool | None
    marked: bool
    struck: list[int]
    answered_at: datetime | None


def _to_block(row: Row[Any]) -> BlockRecord:
    return BlockRecord(**row._mapping)


def create(conn: Connection, values: dict[str, Any], items: Sequence[dict[str, Any]]) -> int:
    block_id = int(conn.execute(insert(_blocks).values(**values).returning(_blocks.c.id)).scalar_one())
    conn.execute(insert(_items), [{**item, "block_id": block_id} for item in items])
    return block_id


def get(conn: Connection, block_id: int, user_id: int) -> BlockRecord | None:
    row = conn.execute(select(_blocks).where(_blocks.c.id == block_id, _blocks.c.user_id == user_id)).first()
    return _to_block(row) if row else None


def for_user(conn: Connection, user_id: int, limit: int = 200) -> list[BlockRecord]:
    rows = conn.execute(
        select(_blocks).where(_blocks.c.user_id == user_id).order_by(_blocks.c.id.desc()).limit(limit)
    )
    return [_to_block(row) for row in rows]


def items(conn: Connection, block_id: int) -> list[ItemRecord]:
    rows = conn.execute(
        select(_items, *QUESTION_COLUMNS)
        .join_from(_items, _questions, _questions.c.id == _items.c.question_id)
        .where(_items.c.block_id == block_id)
        .order_by(_items.c.position)
    )
    return [
        ItemRecord(
            position=row.position,
            question=to_question(row._mapping),
            option_order=row.option_order,
            response=row.response,
            correct=row.correct,
            marked=row.marked,
            struck=row.struck,
            answered_at=row.answered_at,
        )
        for row in rows
    ]


def update_item(conn: Connection, block_id: int, position: int, **values: Any) -> bool:
    """Change one item of a block still open; False if the block was submitted meanwhile."""
    still_open = exists().where(_blocks.c.id == block_id, _blocks.c.submitted_at.is_(None))
    result = conn.execute(
        update(_items)
        .where(_items.c.block_id == block_id, _items.c.position == position, still_open)
        .values(**values)
    )
    return bool(result.rowcount)


def record_progress(
    conn: Connection, block_id: int, *, position: int | None, time_used_ms: int | None
) -> None:
    """Where the student is and the time used so far; the time never runs backwards."""
    values: dict[str, Any] = {}
    if position is not None:
        values["position"] = position
    if time_used_ms is not None:
        values["time_used_ms"] = (
            func.max(_blocks.c.time_used_ms, time_used_ms)
            if _sqlite(conn)
            else func.greatest(_blocks.c.time_used_ms, time_used_ms)
        )
    if values:
        conn.execute(
            update(_blocks).where(_blocks.c.id == block_id, _blocks.c.submitted_at.is_(None)).values(**values)
        )


def _sqlite(conn: Connection) -> bool:
    return conn.dialect.name == "sqlite"


def mark_submitted(conn: Connection, block_id: int, now: datetime, correct: int) -> bool:
    """Submit the block: True for the one request that did it (a second submit changes nothing)."""
    result = conn.execute(
        update(_blocks)
        .where(_blocks.c.id == block_id, _blocks.c.submitted_at.is_(None))
        .values(submitted_at=now, correct=correct)
    )
    return bool(result.rowcount)


def candidates(
    conn: Connection,
    user_id: int,
    *,
    banks: Sequence[str],
    topics: Sequence[str],
    types: Sequence[str],
    pool: str,
    difficulties: Sequence[str] = (),
) -> list[tuple[str, int]]:
    """(question id, version) of the live questions matching the builder's choices, in bank order."""
    conditions = [~_questions.c.retired, _questions.c.type.in_(types)]
    if difficulties:  # rated by their authors, as a tag (question_bank.authoring.DIFFICULTY_TAG)
        rated = [f"{DIFFICULTY_TAG}{d}" for d in difficulties]
        conditions.append(exists().where(_tags.c.question_id == _questions.c.id, _tags.c.tag.in_(rated)))
    if banks:
        conditions.append(_questions.c.bank.in_(banks))
    if topics:
        conditions.append(_questions.c.topic.in_(topics))
    conditions.append(_pool_condition(user_id, pool))
    rows = conn.execute(
        select(_questions.c.id, _questions.c.version)
        .where(*conditions)
        .order_by(_questions.c.bank, _questions.c.position)
    )
    return [(row.id, row.version) for row in rows]


def _pool_condition(user_id: int, pool: str) -> Any:
    q = _questions.c.id
    mine = and_(_blocks.c.id == _items.c.block_id, _blocks.c.user_id == user_id)
    in_a_block = exists().where(_items.c.question_id == q, mine)
    reviewed = exists().where(_log.c.question_id == q, _log.c.user_id == user_id)
    if pool == "unused":
        return and_(~in_a_block, ~reviewed)
    if pool == "marked":
        return exists().where(_marks.c.question_id == q, _marks.c.user_id == user_id)
    if pool == "omitted":
        return exists().where(
            _items.c.question_id == q,
            mine,
            _blocks.c.submitted_at.is_not(None),
            _items.c.answered_at.is_(None),
        )
    if pool == "incorrect":
        return q.in_(_last_wrong(user_id))
    return true()


def _last_wrong(user_id: int) -> Any:
    """Questions whose latest graded answer, in a block or in study, was wrong."""
    attempts = (
        select(_items.c.question_id.label("qid"), _items.c.answered_at.label("at"), _items.c.correct)
        .join_from(_items, _blocks, _blocks.c.id == _items.c.block_id)
        .where(_blocks.c.user_id == user_id, _items.c.correct.is_not(None))
        .union_all(
            select(_log.c.question_id, _log.c.reviewed_at, _log.c.correct).where(
                _log.c.user_id == user_id, _log.c.correct.is_not(None)
            )
        )
        .subquery()
    )
    latest = select(attempts.c.qid, func.max(attempts.c.at).label("at")).group_by(attempts.c.qid).subquery()
    return (
        select(attempts.c.qid)
        .join(latest, and_(latest.c.qid == attempts.c.qid, latest.c.at == attempts.c.at))
        .where(~attempts.c.correct)
    )


def topics(conn: Connection, banks: Sequence[str]) -> list[tuple[str, str, int]]:
    """(bank, topic, live questions) for the builder's topic choices."""
    stmt = (
        select(_questions.c.bank, _questions.c.topic, func.count())
        .where(~_questions.c.retired, _questions.c.topic.is_not(None))
        .group_by(_questions.c.bank, _questions.c.topic)
        .order_by(_questions.c.bank, _questions.c.topic)
    )
    if banks:
        stmt = stmt.where(_questions.c.bank.in_(banks))
    return [(row[0], row[1], int(row[2])) for row in conn.execute(stmt)]
