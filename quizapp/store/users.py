"""Queries on users and their study settings."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Connection, Row, Table, bindparam, case, func, insert, select, update

from quizapp.store.models import User

_users = cast(Table, User.__table__)


@dataclass(frozen=True)
class UserRecord:
    id: int
    email: str
    password_hash: str
    role: str
    session_token: str
    new_per_day: int
    reviews_per_day: int
    desired_retention: float
    counted_day: datetime | None = None
    new_done: int = 0
    reviews_done: int = 0
    timezone: str = "UTC"
    rollover_hour: int | None = None  # None: the app's default
    fsrs_parameters: list[float] | None = None  # fitted to the student; None: the defaults
    learning_steps: list[float] | None = None  # minutes; None: the defaults (1 and 10)

    def done_on(self, day_start: datetime) -> tuple[int, int]:
        """(new cards started, reviews answered) in the study day starting at `day_start`."""
        if self.counted_day != day_start:
            return 0, 0
        return self.new_done, self.reviews_done


USER_COLUMNS = [_users.c[name] for name in UserRecord.__dataclass_fields__]


def _to_user(row: Row[Any]) -> UserRecord:
    return UserRecord(**row._mapping)


_GET = select(*USER_COLUMNS).where(_users.c.id == bindparam("user_id"))  # built once: hot path


def get(conn: Connection, user_id: int) -> UserRecord | None:
    row = conn.execute(_GET, {"user_id": user_id}).first()
    return _to_user(row) if row else None


def by_email(conn: Connection, email: str) -> UserRecord | None:
    row = conn.execute(select(*USER_COLUMNS).where(_users.c.email == email)).first()
    return _to_user(row) if row else None


def insert_user(
    conn: Connection, *, email: str, password_hash: str, role: str, token: str, now: datetime
) -> int:
    result = conn.execute(
        insert(_users)
        .values(
            email=email,
            password_hash=password_hash,
            role=role,
            session_token=token,
            created_at=now,
            new_per_day=20,
            reviews_per_day=200,
            desired_retention=0.9,
        )
        .returning(_users.c.id)
    )
    return int(result.scalar_one())


def set_session_token(conn: Connection, user_id: int, token: str) -> None:
    conn.execute(update(_users).where(_users.c.id == user_id).values(session_token=token))


def set_password(conn: Connection, user_id: int, password_hash: str, token: str) -> None:
    conn.execute(
        update(_users).where(_users.c.id == user_id).values(password_hash=password_hash, session_token=token)
    )


def set_role(conn: Connection, user_id: int, role: str) -> None:
    conn.execute(update(_users).where(_users.c.id == user_id).values(role=role))


def set_study_settings(conn: Connection, user_id: int, **values: Any) -> None:
    """Change study settings: new_per_day, reviews_per_day, desired_retention, timezone, rollover_hour."""
    conn.execute(update(_users).where(_users.c.id == user_id).values(**values))


def listing(conn: Connection, limit: int = 500) -> list[UserRecord]:
    """Accounts by email, for the admin's page."""
    rows = conn.execute(select(*USER_COLUMNS).order_by(_users.c.email).limit(limit))
    return [_to_user(row) for row in rows]


def admins(conn: Connection) -> int:
    return int(
        conn.execute(select(func.count()).select_from(_users).where(_users.c.role == "admin")).scalar_one()
    )


def count(conn: Connection) -> int:
    return int(conn.execute(select(func.count()).select_from(_users)).scalar_one())


def _count_statement() -> Any:
    same_day = _users.c.counted_day == bindparam("day")
    return (
        update(_users)
        .where(_users.c.id == bindparam("b_user_id"))
        .values(
            new_done=case((same_day, _users.c.new_done), else_=0) + bindparam("new"),
            reviews_done=case((same_day, _users.c.reviews_done), else_=0) + bindparam("review"),
            counted_day=bindparam("day"),
        )
    )


_COUNT = _count_statement()  # built once: on every answer


def count_answer(conn: Connection, user_id: int, day_start: datetime, *, new: int, review: int) -> None:
    """Add to today's counters, starting them afresh on a new study day (one atomic UPDATE)."""
    conn.execute(_COUNT, {"b_user_id": user_id, "day": day_start, "new": new, "review": review})


def uncount_answer(conn: Connection, user_id: int, day_start: datetime, *, new: int, review: int) -> None:
    """Take an undone answer off today's counters (answers from earlier days are not counted)."""
    conn.execute(
        update(_users)
        .where(_users.c.id == user_id, _users.c.counted_day == day_start)
        .values(
            new_done=func.max(_users.c.new_done - new, 0)
            if conn.dialect.name == "sqlite"
            else func.greatest(_users.c.new_done - new, 0),
            reviews_done=func.max(_users.c.reviews_done - review, 0)
            if conn.dialect.name == "sqlite"
            else func.greatest(_users.c.reviews_done - review, 0),
        )
    )
