"""Queries on courses, their students and banks, bank authors, and who may see which bank."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Connection, Table, delete, func, insert, select, union, update

from quizapp.store.engine import dialect_insert
from quizapp.store.models import (
    Bank,
    BankAuthor,
    Course,
    CourseBank,
    CourseMember,
    Question,
    QuestionDraft,
    User,
)

_banks = cast(Table, Bank.__table__)
_authors = cast(Table, BankAuthor.__table__)
_courses = cast(Table, Course.__table__)
_members = cast(Table, CourseMember.__table__)
_course_banks = cast(Table, CourseBank.__table__)
_users = cast(Table, User.__table__)
_questions = cast(Table, Question.__table__)
_drafts = cast(Table, QuestionDraft.__table__)


@dataclass(frozen=True)
class CourseRecord:
    id: int
    title: str
    owner_id: int
    join_code: str
    closed: bool
    created_at: datetime


_COURSE_COLUMNS = [_courses.c[name] for name in CourseRecord.__dataclass_fields__]


def visible_banks(conn: Connection, user_id: int) -> set[str]:
    """Slugs of the banks the account may study: public ones, its courses' banks, its own."""
    public = select(_banks.c.slug).where(_banks.c.visibility == "public")
    owned = select(_banks.c.slug).where(_banks.c.owner_id == user_id)
    authored = select(_authors.c.bank).where(_authors.c.user_id == user_id)
    joined = (
        select(_course_banks.c.bank)
        .join(_members, _members.c.course_id == _course_banks.c.course_id)
        .where(_members.c.user_id == user_id)
    )
    taught = (
        select(_course_banks.c.bank)
        .join(_courses, _courses.c.id == _course_banks.c.course_id)
        .where(_courses.c.owner_id == user_id)
    )
    return set(conn.execute(union(public, owned, authored, joined, taught)).scalars())


def authors_of(conn: Connection, slug: str) -> tuple[int | None, list[tuple[int, str]]]:
    """The bank's owner id and its co-authors as (id, email)."""
    owner = conn.execute(select(_banks.c.owner_id).where(_banks.c.slug == slug)).scalar()
    stmt = (
        select(_users.c.id, _users.c.email)
        .join(_authors, _authors.c.user_id == _users.c.id)
        .where(_authors.c.bank == slug)
        .order_by(_users.c.email)
    )
    return owner, [(int(i), str(e)) for i, e in conn.execute(stmt)]


def can_edit(conn: Connection, slug: str, user_id: int) -> bool:
    owner, coauthors = authors_of(conn, slug)
    return owner == user_id or any(uid == user_id for uid, _ in coauthors)


def editable_banks(conn: Connection, user_id: int) -> list[dict[str, Any]]:
    """The banks the account owns or co-authors, with their question counts, by title."""
    live = (
        select(func.count())
        .where(_questions.c.bank == _banks.c.slug, ~_questions.c.retired)
        .scalar_subquery()
    )
    drafted = select(func.count()).where(_drafts.c.bank == _banks.c.slug).scalar_subquery()
    mine = (_banks.c.owner_id == user_id) | _banks.c.slug.in_(
        select(_authors.c.bank).where(_authors.c.user_id == user_id)
    )
    stmt = select(
        _banks.c.slug, _banks.c.title, _banks.c.visibility, live.label("published"), drafted.label("drafts")
    ).where(mine)
    return [dict(row) for row in conn.execute(stmt.order_by(_banks.c.title)).mappings()]


def create_bank(
    conn: Connection, *, slug: str, title: str, description: str, owner_id: int, now: datetime
) -> None:
    conn.execute(
        insert(_banks).values(
            slug=slug,
            title=title,
            description=description,
            version=1,
            loaded_at=now,
            source="database",
            owner_id=owner_id,
            visibility="courses",
        )
    )


def claim_bank(conn: Connection, slug: str, owner_id: int) -> None:
    """An uploaded bank: the instructor's, seen by their courses only."""
    conn.execute(update(_banks).where(_banks.c.slug == slug).values(owner_id=owner_id, visibility="courses"))


def set_visibility(conn: Connection, slug: str, visibility: str) -> None:
    conn.execute(update(_banks).where(_banks.c.slug == slug).values(visibility=visibility))


def add_author(conn: Connection, slug: str, user_id: int) -> None:
    stmt = dialect_insert(conn, _authors).values(bank=slug, user_id=user_id)
    conn.execute(stmt.on_conflict_do_nothing(index_elements=["bank", "user_id"]))


def remove_author(conn: Connection, slug: str, user_id: int) -> None:
    conn.execute(delete(_authors).where(_authors.c.bank == slug, _authors.c.user_id == user_id))


def create_course(conn: Connection, *, title: str, owner_id: int, join_code: str, now: datetime) -> int:
    stmt = insert(_courses).values(
        title=title, owner_id=owner_id, join_code=join_code, closed=False, created_at=now
    )
    return int(conn.execute(stmt.returning(_courses.c.id)).scalar_one())


def course(conn: Connection, course_id: int) -> CourseRecord | None:
    row = conn.execute(select(*_COURSE_COLUMNS).where(_courses.c.id == course_id)).first()
    return CourseRecord(**row._mapping) if row else None


def course_by_code(conn: Connection, code: str) -> CourseRecord | None:
    row = conn.execute(select(*_COURSE_COLUMNS).where(_courses.c.join_code == code)).first()
    return CourseRecord(**row._mapping) if row else None


def taught_by(conn: Connection, user_id: int) -> list[CourseRecord]:
    stmt = select(*_COURSE_COLUMNS).where(_courses.c.owner_id == user_id).order_by(_courses.c.title)
    return [CourseRecord(**row._mapping) for row in conn.execute(stmt)]


def joined_by(conn: Connection, user_id: int) -> list[CourseRecord]:
    stmt = (
        select(*_COURSE_COLUMNS)
        .join(_members, _members.c.course_id == _courses.c.id)
        .where(_members.c.user_id == user_id)
        .order_by(_courses.c.title)
    )
    return [CourseRecord(**row._mapping) for row in conn.execute(stmt)]


def update_course(conn: Connection, course_id: int, **values: Any) -> None:
    conn.execute(update(_courses).where(_courses.c.id == course_id).values(**values))


def join(conn: Connection, course_id: int, user_id: int, now: datetime) -> bool:
    """Add the student; False if they were in the course already."""
    stmt = dialect_insert(conn, _members).values(course_id=course_id, user_id=user_id, joined_at=now)
    stmt = stmt.on_conflict_do_nothing(index_elements=["course_id", "user_id"])
    return bool(conn.execute(stmt).rowcount)


def members(conn: Connection, course_id: int) -> list[str]:
    stmt = (
        select(_users.c.email)
        .join(_members, _members.c.user_id == _users.c.id)
        .where(_members.c.course_id == course_id)
        .order_by(_users.c.email)
    )
    return list(conn.execute(stmt).scalars())


def course_banks(conn: Connection, course_id: int) -> list[str]:
    stmt = select(_course_banks.c.bank).where(_course_banks.c.course_id == course_id)
    return sorted(conn.execute(stmt).scalars())


def add_course_bank(conn: Connection, course_id: int, slug: str) -> None:
    stmt = dialect_insert(conn, _course_banks).values(course_id=course_id, bank=slug)
    conn.execute(stmt.on_conflict_do_nothing(index_elements=["course_id", "bank"]))
