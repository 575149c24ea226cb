"""Queries on users and their study settings."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import cast

from sqlalchemy import Connection, Table, bindparam, func, insert, select, update

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


_COLUMNS = [_users.c[name] for name in UserRecord.__dataclass_fields__]


_GET = select(*_COLUMNS).where(_users.c.id == bindparam("user_id"))  # built once: hot path


def get(conn: Connection, user_id: int) -> UserRecord | None:
    row = conn.execute(_GET, {"user_id": user_id}).first()
    return UserRecord(*row) if row else None


def by_email(conn: Connection, email: str) -> UserRecord | None:
    row = conn.execute(select(*_COLUMNS).where(_users.c.email == email)).first()
    return UserRecord(*row) if row else None


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


def set_password(conn: Connection, user_id: int, password_hash: str, token: str) -> None:
    conn.execute(
        update(_users).where(_users.c.id == user_id).values(password_hash=password_hash, session_token=token)
    )


def set_role(conn: Connection, user_id: int, role: str) -> None:
    conn.execute(update(_users).where(_users.c.id == user_id).values(role=role))


def set_study_settings(
    conn: Connection, user_id: int, *, new_per_day: int, reviews_per_day: int, retention: float
) -> None:
    conn.execute(
        update(_users)
        .where(_users.c.id == user_id)
        .values(new_per_day=new_per_day, reviews_per_day=reviews_per_day, desired_retention=retention)
    )


def count(conn: Connection) -> int:
    return int(conn.execute(select(func.count()).select_from(_users)).scalar_one())
