"""Queries on cards: the per-student schedule of each question, and the study queues.

The next-card queries walk the (user_id, due) and (user_id, queue, id) indexes and stop at the
first match, so their cost does not grow with the size of the review history.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any, cast

from sqlalchemy import (
    Connection,
    Row,
    RowMapping,
    Select,
    Table,
    and_,
    bindparam,
    case,
    exists,
    func,
    literal,
    or_,
    select,
    update,
)
from sqlalchemy.sql.elements import ColumnElement

from question_bank import Question as BankQuestion
from quizapp.scheduling import CardState, Queue, State
from quizapp.store.engine import dialect_insert
from quizapp.store.models import BlockItem, Card, Question, QuestionTag
from quizapp.store.questions import QUESTION_COLUMNS, to_question

_cards = cast(Table, Card.__table__)
_questions = cast(Table, Question.__table__)
_tags = cast(Table, QuestionTag.__table__)
_items = cast(Table, BlockItem.__table__)

_STATE_FIELDS = (
    "state",
    "queue",
    "step",
    "stability",
    "difficulty",
    "due",
    "last_review",
    "reps",
    "lapses",
    "leech",
)
# Labeled so a row is read by name next to the question's q_-prefixed columns.
_CARD_COLUMNS = [
    _cards.c.id.label("card_id"),
    _cards.c.version.label("card_version"),
    *(_cards.c[name] for name in _STATE_FIELDS),
]


@dataclass(frozen=True)
class Scope:
    """What a student chose to study: a bank (None: every bank), optionally one tag, or the
    questions missed in one of their exam blocks."""

    bank: str | None = None
    tag: str | None = None
    block: int | None = None
    topics: tuple[str, ...] = ()  # any of these topics
    qtype: str | None = None  # one question type

    @property
    def shape(self) -> tuple[bool, bool, bool, bool, bool]:
        """Which conditions the scope has: one prepared statement per shape."""
        return (
            self.bank is not None,
            self.tag is not None,
            self.block is not None,
            bool(self.topics),
            self.qtype is not None,
        )


@dataclass(frozen=True)
class StudyCard:
    card_id: int
    version: int
    state: CardState
    question: BankQuestion


def _to_state(row: RowMapping) -> CardState:
    return CardState(
        state=State(row["state"]),
        queue=Queue(row["queue"]),
        step=row["step"],
        stability=row["stability"],
        difficulty=row["difficulty"],
        due=row["due"],
        last_review=row["last_review"],
        reps=row["reps"],
        lapses=row["lapses"],
        leech=bool(row["leech"]),
    )


def _to_study_card(row: Row[Any]) -> StudyCard:
    found = row._mapping
    return StudyCard(
        card_id=found["card_id"],
        version=found["card_version"],
        state=_to_state(found),
        question=to_question(found),
    )


# The hot statements are built once per shape with bind parameters: building a select() costs
# more than running it, and a reused statement also hits SQLAlchemy's compiled cache.
def _study_select(
    has_bank: bool,
    has_tag: bool,
    has_block: bool = False,
    has_topics: bool = False,
    has_type: bool = False,
) -> Select[Any]:
    conditions: list[ColumnElement[bool]] = [
        _cards.c.user_id == bindparam("user_id"),
        ~_questions.c.retired,
        or_(_cards.c.buried_until.is_(None), _cards.c.buried_until <= bindparam("now")),
    ]
    if has_bank:
        conditions.append(_questions.c.bank == bindparam("bank"))
    if has_tag:
        conditions.append(
            exists().where(_tags.c.question_id == _cards.c.question_id, _tags.c.tag == bindparam("tag"))
        )
    if has_topics:
        conditions.append(_questions.c.topic.in_(bindparam("topics", expanding=True)))
    if has_type:
        conditions.append(_questions.c.type == bindparam("qtype"))
    if has_block:
        conditions.append(
            exists().where(
                _items.c.block_id == bindparam("block"),
                _items.c.question_id == _cards.c.question_id,
                _items.c.correct.is_(False),
            )
        )
    return (
        select(*_CARD_COLUMNS, *QUESTION_COLUMNS)
        .join_from(_cards, _questions, _questions.c.id == _cards.c.question_id)
        .where(*conditions)
    )


@lru_cache(maxsize=128)
def _next_due_statement(shape: tuple[bool, ...], include_reviews: bool) -> Select[Any]:
    learning = and_(_cards.c.queue == Queue.LEARNING, _cards.c.due <= bindparam("ahead"))
    due = or_(learning, _cards.c.queue == Queue.REVIEW) if include_reviews else learning
    return _study_select(*shape).where(_cards.c.due < bindparam("bound"), due).order_by(_cards.c.due).limit(1)


@lru_cache(maxsize=16)
def _next_new_statement(shape: tuple[bool, ...]) -> Select[Any]:
    return _study_select(*shape).where(_cards.c.queue == Queue.NEW).order_by(_cards.c.id).limit(1)


def _scope_params(user_id: int, scope: Scope, now: datetime) -> dict[str, Any]:
    params: dict[str, Any] = {"user_id": user_id, "now": now}
    if scope.bank is not None:
        params["bank"] = scope.bank
    if scope.tag is not None:
        params["tag"] = scope.tag
    if scope.block is not None:
        params["block"] = scope.block
    if scope.topics:
        params["topics"] = list(scope.topics)
    if scope.qtype is not None:
        params["qtype"] = scope.qtype
    return params


def next_due(
    conn: Connection,
    user_id: int,
    scope: Scope,
    *,
    now: datetime,
    day_end: datetime,
    learn_ahead_until: datetime,
    include_reviews: bool,
) -> StudyCard | None:
    """The earliest due card: learning cards due by `learn_ahead_until`, reviews due today."""
    stmt = _next_due_statement(scope.shape, include_reviews)
    params = _scope_params(user_id, scope, now)
    params.update(ahead=learn_ahead_until, bound=max(day_end, learn_ahead_until))
    row = conn.execute(stmt, params).first()
    return _to_study_card(row) if row else None


def next_new(conn: Connection, user_id: int, scope: Scope, *, now: datetime) -> StudyCard | None:
    """The first new card in bank order (cards are created in generation order)."""
    stmt = _next_new_statement(scope.shape)
    row = conn.execute(stmt, _scope_params(user_id, scope, now)).first()
    return _to_study_card(row) if row else None


_GET_FOR_USER = (
    select(*_CARD_COLUMNS, *QUESTION_COLUMNS)
    .join_from(_cards, _questions, _questions.c.id == _cards.c.question_id)
    .where(_cards.c.id == bindparam("card_id"), _cards.c.user_id == bindparam("user_id"))
)


def get_for_user(conn: Connection, card_id: int, user_id: int) -> StudyCard | None:
    """A card with its question, only if it belongs to `user_id`."""
    row = conn.execute(_GET_FOR_USER, {"card_id": card_id, "user_id": user_id}).first()
    return _to_study_card(row) if row else None


def for_questions(conn: Connection, user_id: int, question_ids: Sequence[str]) -> list[StudyCard]:
    """The student's cards for these questions (those they have)."""
    rows = conn.execute(
        select(*_CARD_COLUMNS, *QUESTION_COLUMNS)
        .join_from(_cards, _questions, _questions.c.id == _cards.c.question_id)
        .where(_cards.c.user_id == user_id, _cards.c.question_id.in_(question_ids))
    )
    return [_to_study_card(row) for row in rows]


def ensure_cards(
    conn: Connection,
    user_id: int,
    bank: str | None,
    question_ids: Sequence[str] | None = None,
    *,
    banks: Collection[str],
) -> int:
    """Create new cards for the live questions the student has no card for yet, in bank order
    (only `question_ids`, when given), of the `banks` the student may see."""
    missing = ~exists().where(_cards.c.user_id == user_id, _cards.c.question_id == _questions.c.id)
    source = select(
        literal(user_id),
        _questions.c.id,
        literal(int(Queue.NEW)),
        literal(int(State.NEW)),
        literal(0),
        literal(0),
        literal(False),
        literal(0),
    ).where(~_questions.c.retired, missing, _questions.c.bank.in_(sorted(banks)))
    if bank is not None:
        source = source.where(_questions.c.bank == bank)
    if question_ids is not None:
        source = source.where(_questions.c.id.in_(question_ids))
    source = source.order_by(_questions.c.bank, _questions.c.position)
    columns = ["user_id", "question_id", "queue", "state", "reps", "lapses", "leech", "version"]
    # DO NOTHING: two requests creating the same cards at once (two tabs on the dashboard).
    stmt = dialect_insert(conn, _cards).from_select(columns, source)
    stmt = stmt.on_conflict_do_nothing(index_elements=["user_id", "question_id"])
    return int(conn.execute(stmt).rowcount or 0)


# Built once; the SET columns come from the parameter names given at execution.
_SAVE_STATE = update(_cards).where(
    _cards.c.id == bindparam("b_card_id"), _cards.c.version == bindparam("b_expected")
)


def save_state(
    conn: Connection, card_id: int, expected_version: int, state: CardState, new_version: int
) -> bool:
    """Write a new schedule if the card is still at `expected_version` (optimistic lock)."""
    params = {
        "b_card_id": card_id,
        "b_expected": expected_version,
        "state": int(state.state),
        "queue": int(state.queue),
        "step": state.step,
        "stability": state.stability,
        "difficulty": state.difficulty,
        "due": state.due,
        "last_review": state.last_review,
        "reps": state.reps,
        "lapses": state.lapses,
        "leech": state.leech,
        "version": new_version,
    }
    return conn.execute(_SAVE_STATE, params).rowcount == 1


_SIBLINGS = select(_questions.c.id).where(
    _questions.c.fact == bindparam("fact"), _questions.c.id != bindparam("except_question")
)
_BURY = (
    update(_cards)
    .where(_cards.c.user_id == bindparam("b_user_id"), _cards.c.question_id.in_(_SIBLINGS.scalar_subquery()))
    .values(buried_until=bindparam("b_until"))
)


def bury_siblings(conn: Connection, user_id: int, fact: str, except_question: str, until: datetime) -> None:
    """Hide the other questions about the same fact until the next study day."""
    params = {"b_user_id": user_id, "fact": fact, "except_question": except_question, "b_until": until}
    conn.execute(_BURY, params)


def set_queue(
    conn: Connection, card_id: int, user_id: int, queue: Queue, *, leech: bool | None = None
) -> bool:
    values: dict[str, Any] = {"queue": int(queue), "version": _cards.c.version + 1}
    if leech is not None:
        values["leech"] = leech
    result = conn.execute(
        update(_cards).where(_cards.c.id == card_id, _cards.c.user_id == user_id).values(values)
    )
    return result.rowcount == 1


def due_counts(
    conn: Connection, user_id: int, scope: Scope, *, now: datetime, day_end: datetime
) -> dict[Queue, int]:
    """How many learning, review and new cards are waiting in the scope today."""
    base = _study_select(*scope.shape)
    base = base.with_only_columns(_cards.c.queue, func.count())
    waiting = or_(
        and_(_cards.c.queue == Queue.LEARNING, _cards.c.due <= day_end),
        and_(_cards.c.queue == Queue.REVIEW, _cards.c.due < day_end),
        _cards.c.queue == Queue.NEW,
    )
    counts = {queue: 0 for queue in Queue}
    stmt = base.where(waiting).group_by(_cards.c.queue)
    for queue, n in conn.execute(stmt, _scope_params(user_id, scope, now)):
        counts[Queue(queue)] = int(n)
    return counts


def suspended(conn: Connection, user_id: int, limit: int = 200) -> list[tuple[int, bool, str]]:
    """(card id, is leech, prompt) of the student's suspended cards."""
    stmt = (
        select(_cards.c.id, _cards.c.leech, _questions.c.prompt)
        .join_from(_cards, _questions, _questions.c.id == _cards.c.question_id)
        .where(_cards.c.user_id == user_id, _cards.c.queue == Queue.SUSPENDED)
        .order_by(_cards.c.id)
        .limit(limit)
    )
    return [(int(cid), bool(leech), prompt) for cid, leech, prompt in conn.execute(stmt)]


def reset_to_new(conn: Connection, question_ids: Sequence[str]) -> int:
    """Every student's card for these questions back to new (a changed key: the old schedule
    measured memory of another answer). Suspended cards stay suspended; the log is kept."""
    if not question_ids:
        return 0
    stmt = (
        update(_cards)
        .where(_cards.c.question_id.in_(list(question_ids)))
        .values(
            queue=case((_cards.c.queue == int(Queue.SUSPENDED), _cards.c.queue), else_=int(Queue.NEW)),
            state=int(State.NEW),
            step=None,
            stability=None,
            difficulty=None,
            due=None,
            last_review=None,
            reps=0,
            lapses=0,
            leech=False,
            version=_cards.c.version + 1,
        )
    )
    return int(conn.execute(stmt).rowcount or 0)


def review_cards(conn: Connection, user_id: int) -> list[StudyCard]:
    """The student's cards in the review queue, with their questions."""
    rows = conn.execute(
        select(*_CARD_COLUMNS, *QUESTION_COLUMNS)
        .join_from(_cards, _questions, _questions.c.id == _cards.c.question_id)
        .where(_cards.c.user_id == user_id, _cards.c.queue == int(Queue.REVIEW))
    )
    return [_to_study_card(row) for row in rows]


def set_due(conn: Connection, card_id: int, due: datetime) -> None:
    conn.execute(update(_cards).where(_cards.c.id == card_id).values(due=due, version=_cards.c.version + 1))


def count(conn: Connection, user_id: int) -> int:
    return int(
        conn.execute(select(func.count()).select_from(_cards).where(_cards.c.user_id == user_id)).scalar_one()
    )
