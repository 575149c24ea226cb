"""Accounts: registration, authentication, passwords, roles and study settings."""

from __future__ import annotations

import functools
import secrets
import zoneinfo
from datetime import datetime
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError
from werkzeug.security import check_password_hash, generate_password_hash

from quizapp.services.errors import Conflict, InvalidInput, NotFound
from quizapp.store import marks, reviews, users
from quizapp.store.engine import Bind, reading
from quizapp.store.users import UserRecord

ROLES = ("student", "instructor", "admin")
TIMEZONES = frozenset(zoneinfo.available_timezones()) | {"UTC"}
MIN_PASSWORD = 8
RETENTION_RANGE = (0.70, 0.97)


# A real hash to check against when the email is unknown, so timing does not reveal accounts.
@functools.cache
def dummy_hash(method: str) -> str:
    """A hash made the way real ones are, so a login for an unknown email takes as long as one
    with a wrong password (the email's existence is not given away by timing)."""
    return generate_password_hash(secrets.token_hex(16), method=method)


def normalize_email(email: str) -> str:
    email = email.strip().lower()
    if "@" not in email or len(email) > 254 or email.startswith("@") or email.endswith("@"):
        raise InvalidInput("Enter a valid email address.")
    return email


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise InvalidInput(f"Use a password of at least {MIN_PASSWORD} characters.")


def register(
    engine: Engine,
    email: str,
    password: str,
    *,
    now: datetime,
    role: str = "student",
    hash_method: str = "scrypt",
) -> UserRecord:
    """Create an account; raises Conflict if the email is taken."""
    email = normalize_email(email)
    _check_password(password)
    if role not in ROLES:
        raise InvalidInput(f"Role must be one of: {', '.join(ROLES)}.")
    password_hash = generate_password_hash(password, method=hash_method)
    try:
        with engine.begin() as conn:
            user_id = users.insert_user(
                conn,
                email=email,
                password_hash=password_hash,
                role=role,
                token=secrets.token_hex(16),
                now=now,
            )
            user = users.get(conn, user_id)
    except IntegrityError:
        raise Conflict("An account with that email already exists.") from None
    assert user is not None
    return user


def authenticate(
    engine: Engine, email: str, password: str, *, hash_method: str = "scrypt"
) -> UserRecord | None:
    """The user if the email and password match, else None."""
    with reading(engine) as conn:
        user = users.by_email(conn, email.strip().lower())
    if user is None:
        check_password_hash(dummy_hash(hash_method), password)
        return None
    return user if check_password_hash(user.password_hash, password) else None


def load(bind: Bind, user_id: int) -> UserRecord | None:
    with reading(bind) as conn:
        return users.get(conn, user_id)


def change_password(
    engine: Engine, user: UserRecord, current: str, new: str, *, hash_method: str = "scrypt"
) -> UserRecord:
    """Set a new password and rotate the session token, signing out other sessions."""
    if not check_password_hash(user.password_hash, current):
        raise InvalidInput("The current password is not correct.")
    _check_password(new)
    with engine.begin() as conn:
        users.set_password(
            conn, user.id, generate_password_hash(new, method=hash_method), secrets.token_hex(16)
        )
        updated = users.get(conn, user.id)
    assert updated is not None
    return updated


def own_data(engine: Engine, user: UserRecord) -> dict[str, Any]:
    """Everything the app stores about the student, except the password hash and session token."""
    with reading(engine) as conn:
        answers = reviews.history(conn, user.id)
        marked = marks.marked(conn, user.id, limit=1_000_000)
    return {
        "account": {"email": user.email, "role": user.role},
        "settings": {
            "new_per_day": user.new_per_day,
            "reviews_per_day": user.reviews_per_day,
            "desired_retention": user.desired_retention,
        },
        "answers": answers,
        "marked": [{"question_id": m.question.id, "marked_at": m.marked_at.isoformat()} for m in marked],
    }


def sign_out_everywhere(engine: Engine, user_id: int) -> None:
    """Rotate the session token: every session cookie and remember-me cookie issued before
    (they carry the old token in the user id Flask-Login stores) stops signing in."""
    with engine.begin() as conn:
        users.set_session_token(conn, user_id, secrets.token_hex(16))


def create_or_update(
    engine: Engine, email: str, password: str, role: str, *, now: datetime, hash_method: str
) -> tuple[UserRecord, bool]:
    """For the CLI: create the account, or give an existing one the role. True if created."""
    try:
        return register(engine, email, password, now=now, role=role, hash_method=hash_method), True
    except Conflict:
        pass
    with engine.begin() as conn:
        existing = users.by_email(conn, normalize_email(email))
        if existing is None:
            raise NotFound("The account vanished while it was being updated.")
        users.set_role(conn, existing.id, role)
        updated = users.get(conn, existing.id)
    assert updated is not None
    return updated, False


def list_accounts(engine: Engine) -> list[UserRecord]:
    with engine.connect() as conn:
        return users.listing(conn)


def set_role(engine: Engine, user_id: int, role: str) -> UserRecord:
    """Give an account a role; the last admin cannot be made anything else (nobody could undo it)."""
    if role not in ROLES:
        raise InvalidInput(f"Role: choose one of {', '.join(ROLES)}.")
    with engine.begin() as conn:
        account = users.get(conn, user_id)
        if account is None:
            raise NotFound("No such account.")
        if account.role == "admin" and role != "admin" and users.admins(conn) <= 1:
            raise Conflict("That is the only admin: make another admin first.")
        users.set_role(conn, user_id, role)
        updated = users.get(conn, user_id)
    assert updated is not None
    return updated


def parse_steps(text: str) -> list[float]:
    """Learning steps as Anki writes them: "1m 10m", "10m 1h 1d" (a bare number is minutes)."""
    units = {"s": 1 / 60, "m": 1.0, "h": 60.0, "d": 1440.0}
    steps = []
    for word in text.replace(",", " ").split():
        unit = word[-1].lower() if word[-1].isalpha() else "m"
        number = word[:-1] if word[-1].isalpha() else word
        try:
            minutes = float(number) * units[unit]
        except (ValueError, KeyError):
            raise InvalidInput(f"Learning steps: {word!r} is not a step like 1m, 10m, 1h or 1d.") from None
        if not 0 < minutes <= 60 * 24 * 30:
            raise InvalidInput(f"Learning steps: {word!r} must be more than 0 and at most 30 days.")
        steps.append(round(minutes, 4))
    if len(steps) > 10:
        raise InvalidInput("Learning steps: at most 10 steps.")
    return steps


def format_steps(steps: list[float] | None) -> str:
    found = steps if steps is not None else [1.0, 10.0]
    words = []
    for minutes in found:
        for unit, size in (("d", 1440.0), ("h", 60.0), ("m", 1.0)):
            if minutes >= size and minutes % size == 0:
                words.append(f"{minutes / size:g}{unit}")
                break
        else:
            words.append(f"{minutes:g}m")
    return " ".join(words)


def update_settings(
    engine: Engine,
    user: UserRecord,
    *,
    new_per_day: int,
    reviews_per_day: int,
    retention: float,
    timezone: str | None = None,
    rollover_hour: int | None = None,
    learning_steps: str | None = None,
) -> None:
    """Change the student's limits, retention and (when given) the zone and hour their day starts."""
    low, high = RETENTION_RANGE
    if not low <= retention <= high:
        raise InvalidInput(f"Desired retention must be between {low:.2f} and {high:.2f}.")
    if not 0 <= new_per_day <= 9999 or not 0 <= reviews_per_day <= 99999:
        raise InvalidInput("Daily limits must be between 0 and 9999 new, 99999 reviews.")
    values: dict[str, object] = {
        "new_per_day": new_per_day,
        "reviews_per_day": reviews_per_day,
        "desired_retention": retention,
    }
    if timezone is not None:
        if timezone not in TIMEZONES:
            raise InvalidInput("Time zone: choose one from the list, e.g. Europe/London.")
        values["timezone"] = timezone
    if rollover_hour is not None:
        if not 0 <= rollover_hour <= 23:
            raise InvalidInput("The day starts at an hour from 0 to 23.")
        values["rollover_hour"] = rollover_hour
    if learning_steps is not None:
        values["learning_steps"] = parse_steps(learning_steps)
    with engine.begin() as conn:
        users.set_study_settings(conn, user.id, **values)
