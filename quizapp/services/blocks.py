"""Exam blocks: build one, answer it (each answer saved as given), submit it exactly once.

A block draws its questions once, with a seed stored on the block, and shuffles each question's
options; every response is stored as the options' original indices, so it refers to the option
and not to where it was shown. Submitting a block feeds spaced repetition: each question answered
wrong is rated Again on the student's card (a review with mode "block"), so it is due within
minutes, with no tagging by hand.
"""

from __future__ import annotations

import random
import secrets
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import Connection, Engine

from question_bank import Question
from question_bank.authoring import DIFFICULTIES
from question_bank.types import QUESTION_TYPES, get_type
from quizapp.scheduling import Queue, Rating, answer
from quizapp.services.errors import Conflict, InvalidInput, NotFound
from quizapp.services.grading import grade
from quizapp.services.study import StudyPolicy, fuzz_seed
from quizapp.store import blocks, cards, courses, reviews
from quizapp.store.blocks import POOLS, BlockRecord, ItemRecord
from quizapp.store.engine import Bind, reading
from quizapp.store.users import UserRecord

MODES = ("tutor", "timed", "untimed")
# Exam blocks hold questions the app grades; flashcards and cloze stay in spaced repetition.
BLOCK_TYPES = tuple(name for name, kind in QUESTION_TYPES.items() if kind.auto_graded)
UNSHUFFLED = {"truefalse", "matching"}  # True/False keep their order; matching lists are shared
MAX_QUESTIONS = 200


@dataclass(frozen=True)
class BlockSpec:
    banks: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    types: tuple[str, ...] = BLOCK_TYPES
    pool: str = "all"
    difficulties: tuple[str, ...] = ()  # the authors' ratings to draw from (none: any, rated or not)
    count: int = 40
    mode: str = "tutor"
    seconds_per_question: int = 90

    def problems(self) -> list[str]:
        found = []
        if not 1 <= self.count <= MAX_QUESTIONS:
            found.append(f"Number of questions: choose 1 to {MAX_QUESTIONS}.")
        if self.mode not in MODES:
            found.append("Mode: choose tutor, timed or untimed.")
        if self.pool not in POOLS:
            found.append(f"Pool: choose one of {', '.join(POOLS)}.")
        if not self.types or set(self.types) - set(BLOCK_TYPES):
            found.append(f"Question types: choose among {', '.join(BLOCK_TYPES)}.")
        if set(self.difficulties) - set(DIFFICULTIES):
            found.append(f"Difficulty: choose among {', '.join(DIFFICULTIES)}.")
        if self.mode == "timed" and not 10 <= self.seconds_per_question <= 600:
            found.append("Seconds per question: choose 10 to 600.")
        return found


@dataclass(frozen=True)
class BlockView:
    block: BlockRecord
    items: list[ItemRecord]

    @property
    def finished(self) -> bool:
        return self.block.submitted_at is not None

    def item(self, position: int) -> ItemRecord:
        if not 0 <= position < len(self.items):
            raise NotFound("No such question in this block.")
        return self.items[position]

    def reveals(self, item: ItemRecord) -> bool:
        """Whether the key and explanations show: tutor mode once answered, any mode once submitted."""
        return self.finished or (self.block.mode == "tutor" and item.answered_at is not None)


@dataclass(frozen=True)
class Score:
    correct: int
    total: int
    by_topic: list[tuple[str, int, int]] = field(default_factory=list)  # (name, correct, total)
    by_type: list[tuple[str, int, int]] = field(default_factory=list)

    @property
    def percent(self) -> int:
        return round(100 * self.correct / self.total) if self.total else 0


def build(engine: Engine, user: UserRecord, spec: BlockSpec, now: datetime, seed: int | None = None) -> int:
    if problems := spec.problems():
        raise InvalidInput(" ".join(problems))
    seed = secrets.randbits(48) if seed is None else seed
    with engine.begin() as conn:
        visible = courses.visible_banks(conn, user.id)
        if not set(spec.banks) <= visible:
            raise InvalidInput("Choose banks from the list.")
        found = blocks.candidates(
            conn,
            user.id,
            banks=spec.banks or sorted(visible),
            topics=spec.topics,
            types=spec.types,
            pool=spec.pool,
            difficulties=spec.difficulties,
        )
        if not found:
            raise InvalidInput(
                "No questions match these choices; widen the pool, topics, types or difficulty."
            )
        rng = random.Random(seed)
        chosen = rng.sample(found, min(spec.count, len(found)))
        questions = {q.id: q for q in _questions(conn, [qid for qid, _ in chosen])}
        items = [
            {
                "position": position,
                "question_id": qid,
                "question_version": version,
                "option_order": _option_order(questions[qid], rng),
                "marked": False,
                "struck": [],
            }
            for position, (qid, version) in enumerate(chosen)
        ]
        values = {
            "user_id": user.id,
            "mode": spec.mode,
            "seed": seed,
            "spec": _spec_dict(spec),
            "seconds_per_question": spec.seconds_per_question if spec.mode == "timed" else None,
            "time_used_ms": 0,
            "position": 0,
            "total": len(items),
            "created_at": now,
        }
        return blocks.create(conn, values, items)


def _questions(conn: Connection, ids: list[str]) -> list[Question]:
    from quizapp.store.questions import get

    return [q for q in (get(conn, qid) for qid in ids) if q is not None]


def _option_order(question: Question, rng: random.Random) -> list[int]:
    order = list(range(len(get_type(question.type).options(question))))
    if question.type not in UNSHUFFLED:
        rng.shuffle(order)
    return order


def _spec_dict(spec: BlockSpec) -> dict[str, object]:
    return {
        "banks": list(spec.banks),
        "topics": list(spec.topics),
        "types": list(spec.types),
        "pool": spec.pool,
        "count": spec.count,
    }


def view(bind: Bind, user: UserRecord, block_id: int) -> BlockView:
    with reading(bind) as conn:
        block = blocks.get(conn, block_id, user.id)
        if block is None:
            raise NotFound("No such block.")
        return BlockView(block, blocks.items(conn, block_id))


def history(bind: Bind, user: UserRecord) -> list[BlockRecord]:
    with reading(bind) as conn:
        return blocks.for_user(conn, user.id)


def _open_block(conn: Connection, user: UserRecord, block_id: int, time_used_ms: int | None) -> BlockRecord:
    block = blocks.get(conn, block_id, user.id)
    if block is None:
        raise NotFound("No such block.")
    if block.submitted_at is not None:
        raise Conflict("This block is finished; here are its results.")
    limit = block.limit_ms
    if limit is not None and max(block.time_used_ms, time_used_ms or 0) >= limit:
        raise TimeUp("Time is up: the block was submitted.")
    return block


class TimeUp(Conflict):
    """A timed block's clock ran out: the caller submits it."""


def save_answer(
    engine: Engine,
    user: UserRecord,
    block_id: int,
    position: int,
    response: Sequence[str],
    *,
    time_used_ms: int | None,
    now: datetime,
) -> None:
    """Store the response to one question (replacing an earlier one, except in tutor mode)."""
    with engine.begin() as conn:
        block = _open_block(conn, user, block_id, time_used_ms)
        item = BlockView(block, blocks.items(conn, block_id)).item(position)
        if block.mode == "tutor" and item.answered_at is not None:
            raise Conflict("You answered this question already; its explanation is below.")
        graded = grade(item.question, response)
        values = {"response": list(response), "correct": graded.correct, "answered_at": now}
        if not blocks.update_item(conn, block_id, position, **values):
            raise Conflict("This block is finished; here are its results.")
        blocks.record_progress(conn, block_id, position=position, time_used_ms=time_used_ms)


def toggle_mark(engine: Engine, user: UserRecord, block_id: int, position: int) -> bool:
    with engine.begin() as conn:
        block = _open_block(conn, user, block_id, None)
        item = BlockView(block, blocks.items(conn, block_id)).item(position)
        blocks.update_item(conn, block_id, position, marked=not item.marked)
        return not item.marked


def toggle_strike(engine: Engine, user: UserRecord, block_id: int, position: int, option: int) -> bool:
    """Strike an option out (or back in); True if it is now struck."""
    with engine.begin() as conn:
        block = _open_block(conn, user, block_id, None)
        item = BlockView(block, blocks.items(conn, block_id)).item(position)
        if option not in item.option_order:
            raise InvalidInput("No such option.")
        struck = sorted(set(item.struck) ^ {option})
        blocks.update_item(conn, block_id, position, struck=struck)
        return option in struck


def record_progress(
    engine: Engine, user: UserRecord, block_id: int, *, position: int | None, time_used_ms: int | None
) -> BlockRecord:
    """Where the student is and the time used; raises TimeUp once a timed block's clock is out."""
    with engine.begin() as conn:
        block = _open_block(conn, user, block_id, time_used_ms)
        if position is not None and not 0 <= position < block.total:
            raise NotFound("No such question in this block.")
        blocks.record_progress(conn, block_id, position=position, time_used_ms=time_used_ms)
    return block


def submit(
    engine: Engine,
    policy: StudyPolicy,
    user: UserRecord,
    block_id: int,
    now: datetime,
    time_used_ms: int | None,
) -> bool:
    """Submit the block once; True for the request that did. Wrong answers become due cards."""
    with engine.begin() as conn:
        block = blocks.get(conn, block_id, user.id)
        if block is None:
            raise NotFound("No such block.")
        items = blocks.items(conn, block_id)
        if time_used_ms is not None:
            blocks.record_progress(conn, block_id, position=None, time_used_ms=time_used_ms)
        if not blocks.mark_submitted(conn, block_id, now, sum(1 for i in items if i.correct)):
            return False
        _missed_into_study(conn, policy, user, [i for i in items if i.correct is False], now)
    return True


def _missed_into_study(
    conn: Connection, policy: StudyPolicy, user: UserRecord, missed: list[ItemRecord], now: datetime
) -> None:
    ids = [item.question.id for item in missed]
    if not ids:
        return
    cards.ensure_cards(conn, user.id, None, question_ids=ids, banks=courses.visible_banks(conn, user.id))
    responses = {item.question.id: item.response for item in missed}
    settings = policy.settings(user)
    for card in cards.for_questions(conn, user.id, ids):
        if card.state.queue == Queue.SUSPENDED:
            continue
        after = answer(card.state, Rating.AGAIN, now, settings, fuzz_seed(card.card_id, card.state.reps))
        if not cards.save_state(conn, card.card_id, card.version, after, card.version + 1):
            raise Conflict("A card changed while the block was submitted; submit again.")
        reviews.record(
            conn,
            user_id=user.id,
            card_id=card.card_id,
            question_id=card.question.id,
            question_version=card.question.version,
            card_version=card.version,
            rating=Rating.AGAIN,
            correct=False,
            response=responses[card.question.id],
            reviewed_at=now,
            duration_ms=None,
            before=card.state,
            after=after,
            mode="block",
            last_interval=policy.last_interval(card.state, user),
        )


def score(view: BlockView, topic_names: dict[str, str] | None = None) -> Score:
    names = topic_names or {}
    topics: Counter[str] = Counter()
    topics_right: Counter[str] = Counter()
    types: Counter[str] = Counter()
    types_right: Counter[str] = Counter()
    for item in view.items:
        topic = names.get(item.question.topic or "", item.question.topic or "other")
        label = get_type(item.question.type).label
        topics[topic] += 1
        types[label] += 1
        if item.correct:
            topics_right[topic] += 1
            types_right[label] += 1
    correct = sum(1 for item in view.items if item.correct)
    return Score(
        correct=correct,
        total=len(view.items),
        by_topic=[(name, topics_right[name], n) for name, n in sorted(topics.items())],
        by_type=[(name, types_right[name], n) for name, n in sorted(types.items())],
    )
