"""Bench data: the bench bank, students with review history, and the measured student."""

from __future__ import annotations

import json
import random
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Engine, text

from question_bank import Question
from quizapp.scheduling import CardState, Queue, State
from quizapp.services import accounts
from quizapp.services.study import StudyPolicy
from quizapp.store.cards import Scope

NOW = datetime(2025, 6, 2, 12, 0, tzinfo=UTC)
BANK = "bench"
QUESTIONS = 10_000
DUE = 320
SCOPE = Scope(BANK)
POLICY = StudyPolicy(fuzz=True)
PASSWORD = "bench-password"

CARD_COLUMNS = [
    "user_id",
    "question_id",
    "queue",
    "state",
    "step",
    "stability",
    "difficulty",
    "due",
    "last_review",
    "reps",
    "lapses",
    "leech",
    "version",
]
REVIEW_COLUMNS = [
    "user_id",
    "card_id",
    "question_id",
    "card_version",
    "mode",
    "rating",
    "correct",
    "response",
    "reviewed_at",
    "duration_ms",
    "state_before",
    "state_after",
    "before",
    "after",
    "last_interval",
]
USER_COLUMNS = [
    "email",
    "password_hash",
    "role",
    "session_token",
    "created_at",
    "new_per_day",
    "reviews_per_day",
    "desired_retention",
]


@dataclass(frozen=True)
class Sizes:
    steps: tuple[int, ...]  # review-log rows after each fill step
    reviews_per_student: int
    cards_per_student: int
    samples: int


FULL = Sizes((10_000, 100_000, 1_000_000), 100, 50, 1000)
QUICK = Sizes((10_000, 30_000, 100_000), 100, 50, 300)


def bench_questions() -> list[Question]:
    choices = ("NSAID", "Opioid", "Muscle relaxant", "Anticonvulsant")
    return [
        Question(
            id=f"bench-{i:05d}",
            type="mcq",
            prompt=f"Which drug class is drug {i}?",
            choices=choices,
            answer="NSAID",
            explanation=f"Drug {i} is an NSAID.",
            tags=(f"{BANK}::topic-{i % 20}",),
            source="Bench section (cited: none)",
            bank=BANK,
            topic=f"topic-{i % 20}",
            fact=f"fact-{i}",
        )
        for i in range(QUESTIONS)
    ]


class Filler:
    """Bulk-writes cards and review rows with driver-level executemany: fast, and dialect-aware."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.sqlite = engine.dialect.name == "sqlite"
        self.mark = "?" if self.sqlite else "%s"
        self.rng = random.Random(7)

    def when(self, value: datetime) -> Any:
        # UTCDateTime stores naive UTC text on SQLite, timestamptz on PostgreSQL.
        return value.strftime("%Y-%m-%d %H:%M:%S.%f") if self.sqlite else value

    def insert(self, table: str, columns: list[str], rows: list[tuple[Any, ...]]) -> None:
        marks = ", ".join([self.mark] * len(columns))
        sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})"
        with self.engine.begin() as conn:
            for start in range(0, len(rows), 20_000):
                conn.exec_driver_sql(sql, rows[start : start + 20_000])  # type: ignore[arg-type]

    def review_state(self, due: datetime) -> CardState:
        return CardState(
            state=State.REVIEW,
            queue=Queue.REVIEW,
            stability=self.rng.uniform(5, 60),
            difficulty=self.rng.uniform(3, 8),
            due=due,
            last_review=due - timedelta(days=20),
            reps=5,
            lapses=self.rng.randint(0, 2),
        )

    def cards(self, user_id: int, question_ids: list[str], due: list[datetime]) -> None:
        rows = []
        for qid, when in zip(question_ids, due, strict=True):
            s = self.review_state(when)
            last_review = self.when(when - timedelta(days=20))
            rows.append(
                (
                    user_id,
                    qid,
                    int(s.queue),
                    int(s.state),
                    None,
                    s.stability,
                    s.difficulty,
                    self.when(when),
                    last_review,
                    s.reps,
                    s.lapses,
                    False,
                    5,
                )
            )
        self.insert("cards", CARD_COLUMNS, rows)

    def reviews(
        self, user_id: int, card_ids: list[int], question_ids: list[str], n: int, every: float = 97
    ) -> None:
        """`n` answers, `every` minutes apart from 400 days before NOW."""
        rows = []
        for k in range(n):
            i = k % len(card_ids)
            at = NOW - timedelta(days=400) + timedelta(minutes=k * every + user_id % 600)
            before = json.dumps(self.review_state(at).to_dict())
            after = json.dumps(self.review_state(at + timedelta(days=9)).to_dict())
            rating = self.rng.choice((1, 3, 3, 3, 4))
            rows.append(
                (
                    user_id,
                    card_ids[i],
                    question_ids[i],
                    k // len(card_ids),
                    "study",
                    rating,
                    rating > 1,
                    json.dumps(["NSAID"]),
                    self.when(at),
                    4000,
                    2,
                    2,
                    before,
                    after,
                    20 + k % 20,  # review_state's cards were given 20 days; some longer
                )
            )
        self.insert("review_log", REVIEW_COLUMNS, rows)

    def card_ids(self, user_id: int) -> tuple[list[int], list[str]]:
        with self.engine.connect() as conn:
            rows = conn.execute(
                text("SELECT id, question_id FROM cards WHERE user_id = :u ORDER BY id"),
                {"u": user_id},
            ).all()
        return [r[0] for r in rows], [r[1] for r in rows]


def make_students(engine: Engine, filler: Filler, count: int, sizes: Sizes, start: int) -> None:
    """`count` students with their cards and review history; password hashing is skipped."""
    created = filler.when(NOW)
    users = [
        (f"student{start + i}@bench.example", "x", "student", uuid.uuid4().hex, created, 20, 200, 0.9)
        for i in range(count)
    ]
    filler.insert("users", USER_COLUMNS, users)
    with engine.connect() as conn:
        ids = conn.execute(
            text("SELECT id FROM users WHERE email LIKE 'student%' ORDER BY id DESC LIMIT :n"),
            {"n": count},
        ).scalars()
        user_ids = sorted(ids)
    all_ids = [f"bench-{i:05d}" for i in range(QUESTIONS)]
    for user_id in user_ids:
        picked = filler.rng.sample(all_ids, sizes.cards_per_student)
        due = [NOW + timedelta(days=filler.rng.randint(1, 90)) for _ in picked]
        filler.cards(user_id, picked, due)
        card_ids, qids = filler.card_ids(user_id)
        filler.reviews(user_id, card_ids, qids, sizes.reviews_per_student)


def make_measured_student(engine: Engine, filler: Filler) -> accounts.UserRecord:
    """One student with a card for all 10k questions, all in review, none due yet."""
    user = accounts.register(
        engine, "measured@bench.example", PASSWORD, now=NOW, hash_method="pbkdf2:sha256:1000"
    )
    # Limits above the due count, in Anki's deck too, so every sample finds a due card.
    accounts.update_settings(engine, user, new_per_day=20, reviews_per_day=9999, retention=0.9)
    user = accounts.load(engine, user.id) or user
    ids = [f"bench-{i:05d}" for i in range(QUESTIONS)]
    filler.cards(user.id, ids, [NOW + timedelta(days=filler.rng.randint(2, 365)) for _ in ids])
    return user


def analyze(engine: Engine) -> None:
    """Refresh planner statistics after a bulk load, as autovacuum would in production.

    Without them PostgreSQL guesses a handful of rows per user and sorts 10k cards instead of
    walking the (user_id, due) index.
    """
    with engine.begin() as conn:
        conn.exec_driver_sql("ANALYZE")


def make_due(engine: Engine, user_id: int) -> None:
    """Put a few hundred of the measured student's cards due again before a measurement."""
    with engine.begin() as conn:
        conn.execute(
            text(
                "UPDATE cards SET due = :due, queue = 2, state = 2 WHERE id IN "
                "(SELECT id FROM cards WHERE user_id = :u ORDER BY id LIMIT :n)"
            ),
            {"due": Filler(engine).when(NOW - timedelta(hours=3)), "u": user_id, "n": DUE},
        )
