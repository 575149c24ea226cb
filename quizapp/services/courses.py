"""Courses: an instructor creates one, students join with its code and study its banks.

Who sees which bank is decided here and in `visible_banks`: public banks (the bundled ones) for
everyone, a course's banks for its students, a bank for its authors. A closed course keeps its
students and takes no new ones.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, Engine

from quizapp.services.errors import Conflict, Forbidden, InvalidInput, NotFound
from quizapp.store import courses
from quizapp.store.courses import CourseRecord
from quizapp.store.engine import reading
from quizapp.store.users import UserRecord

WRITERS = ("instructor", "admin")
# No 0/O or 1/I/L: a code is read off a slide and typed.
_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8


def require_writer(user: UserRecord) -> None:
    if user.role not in WRITERS:
        raise Forbidden("Only instructors create courses and banks.")


def new_code() -> str:
    return "".join(secrets.choice(_CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalized_code(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch.isalnum())[:32]


def visible_banks(conn: Connection, user: UserRecord) -> set[str]:
    return courses.visible_banks(conn, user.id)


def check_visible(conn: Connection, user: UserRecord, slug: str) -> None:
    """NotFound (as for a bank that does not exist) unless the account may see the bank."""
    if slug not in courses.visible_banks(conn, user.id):
        raise NotFound("No such bank.")


def create(engine: Engine, user: UserRecord, title: str, now: datetime) -> int:
    require_writer(user)
    title = title.strip()
    if not title:
        raise InvalidInput("Give the course a title.")
    with engine.begin() as conn:
        return courses.create_course(conn, title=title[:200], owner_id=user.id, join_code=new_code(), now=now)


@dataclass(frozen=True)
class CoursePage:
    course: CourseRecord
    students: list[str]
    banks: list[str]  # slugs attached
    attachable: list[tuple[str, str]]  # (slug, title) of banks the instructor can add


def owned(conn: Connection, user: UserRecord, course_id: int) -> CourseRecord:
    found = courses.course(conn, course_id)
    if found is None or found.owner_id != user.id:
        raise NotFound("No such course.")
    return found


def page(engine: Engine, user: UserRecord, course_id: int) -> CoursePage:
    with reading(engine) as conn:
        found = owned(conn, user, course_id)
        attached = courses.course_banks(conn, course_id)
        mine = [(b["slug"], b["title"]) for b in courses.editable_banks(conn, user.id)]
        return CoursePage(found, courses.members(conn, course_id), attached, mine)


def set_closed(engine: Engine, user: UserRecord, course_id: int, closed: bool) -> None:
    with engine.begin() as conn:
        owned(conn, user, course_id)
        courses.update_course(conn, course_id, closed=closed)


def renew_code(engine: Engine, user: UserRecord, course_id: int) -> str:
    """A new join code; the old one stops working (students already in stay in)."""
    code = new_code()
    with engine.begin() as conn:
        owned(conn, user, course_id)
        courses.update_course(conn, course_id, join_code=code)
    return code


def attach_bank(engine: Engine, user: UserRecord, course_id: int, slug: str) -> None:
    with engine.begin() as conn:
        owned(conn, user, course_id)
        if not courses.can_edit(conn, slug, user.id):
            raise InvalidInput("Choose one of the banks you write.")
        courses.add_course_bank(conn, course_id, slug)


def join(engine: Engine, user: UserRecord, code: str, now: datetime) -> CourseRecord:
    """Join the course with this code; InvalidInput for a wrong code, Conflict if it is closed."""
    with engine.begin() as conn:
        found = courses.course_by_code(conn, normalized_code(code))
        if found is None:
            raise InvalidInput("No course has that code. Check it with your instructor.")
        if found.closed:
            raise Conflict(f"{found.title} is closed to new students.")
        courses.join(conn, found.id, user.id, now)
        return found


@dataclass(frozen=True)
class MyCourses:
    teaching: list[CourseRecord]
    joined: list[CourseRecord]


def mine(engine: Engine, user: UserRecord) -> MyCourses:
    with reading(engine) as conn:
        return MyCourses(courses.taught_by(conn, user.id), courses.joined_by(conn, user.id))
