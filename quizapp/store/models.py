"""Typed SQLAlchemy models. The schema itself is owned by the Alembic migrations."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from quizapp.store.engine import UTCDateTime

# SQLite only auto-increments an INTEGER PRIMARY KEY; PostgreSQL gets a bigint.
BigId = BigInteger().with_variant(Integer(), "sqlite")

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(20), default="student")
    # Part of the login cookie: rotating it on a password change signs out other sessions.
    session_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    new_per_day: Mapped[int] = mapped_column(Integer, default=20)
    reviews_per_day: Mapped[int] = mapped_column(Integer, default=200)
    desired_retention: Mapped[float] = mapped_column(Float, default=0.9)
    # Today's answers, kept on the row the login already loads so the study page needs no
    # count over the review log; `counted_day` is the start of the study day they belong to.
    counted_day: Mapped[datetime | None] = mapped_column(UTCDateTime)
    new_done: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    reviews_done: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # The student's study day: it starts at `rollover_hour` (None: the app's default) in `timezone`.
    timezone: Mapped[str] = mapped_column(String(64), default="UTC", server_default="UTC")
    rollover_hour: Mapped[int | None] = mapped_column(SmallInteger)
    # FSRS parameters fitted to this student's answers (None: the defaults).
    fsrs_parameters: Mapped[list[float] | None] = mapped_column(JSON)
    learning_steps: Mapped[list[float] | None] = mapped_column(JSON)  # minutes; None: 1 and 10, as Anki


class Bank(Base):
    __tablename__ = "banks"

    slug: Mapped[str] = mapped_column(String(100), primary_key=True)
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(Integer, default=1)  # bumped on every load
    loaded_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # The source of record: "files" (a bank folder, loaded by the CLI) or "database" (edited in
    # the browser). Loading files into a "database" bank is refused, never silently applied.
    source: Mapped[str] = mapped_column(String(20), default="files", server_default="files")
    owner_id: Mapped[int | None] = mapped_column(BigId)  # the instructor who created it in the browser
    # "public": every account studies it (the bundled banks); "courses": only the students of the
    # courses it is part of, and its authors.
    visibility: Mapped[str] = mapped_column(String(20), default="public", server_default="public")


class Question(Base):
    __tablename__ = "questions"

    id: Mapped[str] = mapped_column(String(255), primary_key=True)  # stable generator id
    bank: Mapped[str] = mapped_column(ForeignKey("banks.slug"), index=True)
    type: Mapped[str] = mapped_column(String(20))
    prompt: Mapped[str] = mapped_column(Text)
    choices: Mapped[list[str]] = mapped_column(JSON)
    answer: Mapped[Any] = mapped_column(JSON)  # a string, or a list for multi and matching
    explanation: Mapped[str] = mapped_column(Text, default="")
    tags: Mapped[list[str]] = mapped_column(JSON)
    source: Mapped[str] = mapped_column(Text, default="")
    fact: Mapped[str] = mapped_column(String(255), index=True)
    topic: Mapped[str] = mapped_column(String(255), default="")
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)  # what only its type has (question_bank.types)
    media: Mapped[list[str]] = mapped_column(JSON)
    # Images shown only with the answer (question_bank.Question.answer_media).
    answer_media: Mapped[list[str]] = mapped_column(JSON, default=list, server_default="[]")
    position: Mapped[int] = mapped_column(Integer, default=0)  # generation order: new-card order
    retired: Mapped[bool] = mapped_column(Boolean, default=False)  # no longer generated; kept
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # The current version; its content is also in the columns above, for the study queries.
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    content_hash: Mapped[str] = mapped_column(String(64), default="", server_default="")
    markup: Mapped[str] = mapped_column(String(20), default="plain", server_default="plain")  # or "markdown"


class QuestionVersion(Base):
    """Every wording a question has had: a new row whenever its content hash changes."""

    __tablename__ = "question_versions"

    question_id: Mapped[str] = mapped_column(ForeignKey("questions.id", ondelete="CASCADE"), primary_key=True)
    version: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    content_hash: Mapped[str] = mapped_column(String(64))
    content: Mapped[dict[str, Any]] = mapped_column(JSON)  # question_bank.versions.content_of
    origin: Mapped[str] = mapped_column(String(20))  # "files" or "editor"
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


class QuestionTag(Base):
    __tablename__ = "question_tags"
    __table_args__ = (Index("ix_question_tags_tag_question", "tag", "question_id"),)

    question_id: Mapped[str] = mapped_column(ForeignKey("questions.id", ondelete="CASCADE"), primary_key=True)
    tag: Mapped[str] = mapped_column(String(255), primary_key=True)


class Card(Base):
    """One student's schedule for one question (Anki's card)."""

    __tablename__ = "cards"
    __table_args__ = (
        UniqueConstraint("user_id", "question_id"),
        Index("ix_cards_user_due", "user_id", "due"),  # due learning/review cards
        Index("ix_cards_user_queue_id", "user_id", "queue", "id"),  # new cards in order
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    question_id: Mapped[str] = mapped_column(ForeignKey("questions.id"))
    queue: Mapped[int] = mapped_column(SmallInteger, default=0)  # scheduling.Queue
    state: Mapped[int] = mapped_column(SmallInteger, default=0)  # scheduling.State
    step: Mapped[int | None] = mapped_column(SmallInteger)
    stability: Mapped[float | None] = mapped_column(Float)
    difficulty: Mapped[float | None] = mapped_column(Float)
    due: Mapped[datetime | None] = mapped_column(UTCDateTime)  # None while new
    last_review: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reps: Mapped[int] = mapped_column(Integer, default=0)
    lapses: Mapped[int] = mapped_column(Integer, default=0)
    leech: Mapped[bool] = mapped_column(Boolean, default=False)
    buried_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Bumped by every change; the study form carries it, so one rendered question can be
    # answered once however often it is submitted.
    version: Mapped[int] = mapped_column(Integer, default=0)


class ReviewLog(Base):
    """Every answer: rating, time, duration, and the card state before and after."""

    __tablename__ = "review_log"
    __table_args__ = (
        # One review per rendered question; also serves lookups by card_id.
        UniqueConstraint("card_id", "card_version"),
        Index("ix_review_log_user_reviewed", "user_id", "reviewed_at"),
        Index("ix_review_log_question", "question_id"),  # per-item statistics
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    card_id: Mapped[int] = mapped_column(ForeignKey("cards.id", ondelete="CASCADE"))
    question_id: Mapped[str] = mapped_column(String(255))
    question_version: Mapped[int | None] = mapped_column(Integer)  # the wording answered
    card_version: Mapped[int] = mapped_column(Integer)
    mode: Mapped[str] = mapped_column(String(20), default="study")  # room for exam modes
    rating: Mapped[int] = mapped_column(SmallInteger)
    correct: Mapped[bool | None] = mapped_column(Boolean)  # None when self-graded
    response: Mapped[Any] = mapped_column(JSON)  # what the student chose, for item statistics
    reviewed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    duration_ms: Mapped[int | None] = mapped_column(Integer)
    state_before: Mapped[int] = mapped_column(SmallInteger)
    state_after: Mapped[int] = mapped_column(SmallInteger)
    before: Mapped[dict[str, Any]] = mapped_column(JSON)  # full card snapshots, for undo
    after: Mapped[dict[str, Any]] = mapped_column(JSON)
    # The interval the card had, in study days, when it was a review card (Anki's lastIvl):
    # lets true retention count mature cards without reading every snapshot.
    last_interval: Mapped[int | None] = mapped_column(Integer)


class Mark(Base):
    """A question a student marked to come back to: their "marked" set, listed and exportable."""

    __tablename__ = "marks"

    # The primary key is the unique key: one mark per (student, question); it also serves
    # the listing of one student's marks.
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    question_id: Mapped[str] = mapped_column(ForeignKey("questions.id", ondelete="CASCADE"), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Block(Base):
    """An exam-style block: questions drawn once, answered in tutor, timed or untimed mode."""

    __tablename__ = "blocks"
    __table_args__ = (Index("ix_blocks_user_id_created_at", "user_id", "created_at"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    mode: Mapped[str] = mapped_column(String(10))  # tutor | timed | untimed
    seed: Mapped[int] = mapped_column(BigInteger)  # drew the questions and shuffled their options
    spec: Mapped[dict[str, Any]] = mapped_column(JSON)  # what the student asked for
    seconds_per_question: Mapped[int | None] = mapped_column(Integer)  # timed blocks only
    time_used_ms: Mapped[int] = mapped_column(BigInteger, default=0)
    position: Mapped[int] = mapped_column(Integer, default=0)  # where the student left off
    total: Mapped[int] = mapped_column(Integer)
    correct: Mapped[int | None] = mapped_column(Integer)  # set when submitted
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class BlockItem(Base):
    """One question of a block, with what the student did with it."""

    __tablename__ = "block_items"

    block_id: Mapped[int] = mapped_column(
        ForeignKey("blocks.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    position: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    question_id: Mapped[str] = mapped_column(ForeignKey("questions.id"), index=True)
    question_version: Mapped[int | None] = mapped_column(Integer)
    option_order: Mapped[list[int]] = mapped_column(JSON)  # the options' original indices, as shown
    response: Mapped[list[str] | None] = mapped_column(JSON)  # original indices: what grade() takes
    correct: Mapped[bool | None] = mapped_column(Boolean)
    marked: Mapped[bool] = mapped_column(Boolean, default=False)
    struck: Mapped[list[int]] = mapped_column(JSON)  # original indices struck out
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class Course(Base):
    """An instructor's course: students join it with its code and study its banks."""

    __tablename__ = "courses"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    join_code: Mapped[str] = mapped_column(String(16), unique=True)
    closed: Mapped[bool] = mapped_column(Boolean, default=False)  # a closed course takes no new students
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class CourseMember(Base):
    __tablename__ = "course_members"

    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    joined_at: Mapped[datetime] = mapped_column(UTCDateTime)


class CourseBank(Base):
    __tablename__ = "course_banks"

    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id", ondelete="CASCADE"), primary_key=True)
    bank: Mapped[str] = mapped_column(ForeignKey("banks.slug", ondelete="CASCADE"), primary_key=True)


class BankAuthor(Base):
    """A co-author: edits the bank as its owner does."""

    __tablename__ = "bank_authors"

    bank: Mapped[str] = mapped_column(ForeignKey("banks.slug", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)


class QuestionDraft(Base):
    """An author's unpublished wording: of a new question, or of a published one (same id).

    Kept apart from `questions`, so no student query can ever reach a draft.
    """

    __tablename__ = "question_drafts"

    id: Mapped[str] = mapped_column(String(255), primary_key=True)  # the question id it publishes as
    bank: Mapped[str] = mapped_column(ForeignKey("banks.slug", ondelete="CASCADE"), index=True)
    content: Mapped[dict[str, Any]] = mapped_column(JSON)  # question_bank.versions.content_of
    topic: Mapped[str] = mapped_column(String(255), default="", server_default="")
    tags: Mapped[list[str]] = mapped_column(JSON)
    updated_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Media(Base):
    """An image uploaded to a bank, kept in the database so that every host serves it."""

    __tablename__ = "media"

    bank: Mapped[str] = mapped_column(ForeignKey("banks.slug", ondelete="CASCADE"), primary_key=True)
    name: Mapped[str] = mapped_column(String(100), primary_key=True)
    content_type: Mapped[str] = mapped_column(String(50))
    data: Mapped[bytes] = mapped_column(LargeBinary)
    uploaded_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class BankFacts(Base):
    """The facts of a bank written in the browser, as the bank files would hold them (one JSON
    value: condition, sections, concepts, entities by kind); checked by the same loader."""

    __tablename__ = "bank_facts"

    bank: Mapped[str] = mapped_column(ForeignKey("banks.slug", ondelete="CASCADE"), primary_key=True)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    updated_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
