"""Configuration: defaults, environment overrides and the instance-folder secret key."""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)


DEFAULTS: dict[str, Any] = {
    "DATABASE_URL": None,  # None: a SQLite file in the instance folder
    "AUTO_MIGRATE": True,  # upgrade the schema with Alembic when the app starts
    "CLOCK": utc_now,  # injected so tests can travel to "tomorrow"
    "DAY_ROLLOVER_HOUR": 4,  # a study day starts at 04:00 UTC, as Anki's default rollover
    "LEARN_AHEAD_MINUTES": 20,  # show a learning card early rather than stopping the session
    "LEECH_THRESHOLD": 8,
    "SCHEDULER_FUZZ": True,
    "BUNDLED_BANKS": "",  # what `quizapp serve` loads: slugs, comma-separated; empty: every bundled bank
    # A reload that changes a question's key resets students' cards for it ("reset") or not
    # ("keep"); see quizapp.services.banks.
    "KEY_CHANGE_POLICY": "reset",
    "RATELIMIT_STORAGE_URI": "memory://",  # set to redis://... when running several hosts
    "LOGIN_RATE_LIMIT": "10 per minute",  # failures per address and account together
    "LOGIN_ACCOUNT_RATE_LIMIT": "50 per hour",  # failures per account, from any address
    "LOGIN_ADDRESS_RATE_LIMIT": "200 per hour",  # failures per address, at any account
    "PASSWORD_HASH_METHOD": "scrypt",
    "SESSION_COOKIE_HTTPONLY": True,
    # Cookies over HTTPS only. Plain HTTP gets them only where it is meant to: debug, tests, and
    # `quizapp serve` on one machine; see cookies_over_plain_http().
    "SESSION_COOKIE_SECURE": True,
    "REMEMBER_COOKIE_SECURE": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "REMEMBER_COOKIE_SAMESITE": "Lax",
    "WTF_CSRF_TIME_LIMIT": None,  # tokens live as long as the session: no expiry mid-study
    "TRUSTED_PROXIES": 0,  # reverse proxies in front (X-Forwarded-For hops to trust)
    "FAST_PATHS": True,
    # A request body larger than this is refused (413) before it is read: an image is at most 2 MB.
    "MAX_CONTENT_LENGTH": 4
    * 1024
    * 1024,  # quizapp.fast_paths: session cookies read once, CSRF tokens signed once
}

# Environment variables read on start; QUIZAPP_* names take precedence over the bare ones.
ENV_KEYS = {
    "DATABASE_URL": ("QUIZAPP_DATABASE_URL", "DATABASE_URL"),
    "SECRET_KEY": ("QUIZAPP_SECRET_KEY", "SECRET_KEY"),
    "RATELIMIT_STORAGE_URI": ("QUIZAPP_RATELIMIT_STORAGE_URI",),
    "SESSION_COOKIE_SECURE": ("QUIZAPP_SESSION_COOKIE_SECURE",),
    "TRUSTED_PROXIES": ("QUIZAPP_TRUSTED_PROXIES",),
    "FAST_PATHS": ("QUIZAPP_FAST_PATHS",),
    "KEY_CHANGE_POLICY": ("QUIZAPP_KEY_CHANGE_POLICY",),
    "BUNDLED_BANKS": ("QUIZAPP_BUNDLED_BANKS",),
}


def from_environment(environ: Mapping[str, str]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for key, names in ENV_KEYS.items():
        for name in names:
            if environ.get(name):
                found[key] = environ[name]
                break
    if "SESSION_COOKIE_SECURE" in found:
        found["SESSION_COOKIE_SECURE"] = found["SESSION_COOKIE_SECURE"].lower() in ("1", "true")
        found["REMEMBER_COOKIE_SECURE"] = found["SESSION_COOKIE_SECURE"]
    if "FAST_PATHS" in found:
        found["FAST_PATHS"] = found["FAST_PATHS"].lower() not in ("0", "false", "no", "off")
    if "TRUSTED_PROXIES" in found:
        found["TRUSTED_PROXIES"] = int(found["TRUSTED_PROXIES"])
    return found


def cookies_over_plain_http(config: dict[str, Any], environ: Mapping[str, str]) -> None:
    """Let session cookies travel over plain HTTP, unless QUIZAPP_SESSION_COOKIE_SECURE says
    otherwise: for servers that can only speak HTTP (debug, tests, `quizapp serve`)."""
    if "SESSION_COOKIE_SECURE" not in from_environment(environ):
        config["SESSION_COOKIE_SECURE"] = config["REMEMBER_COOKIE_SECURE"] = False


def instance_secret_key(instance_path: str) -> str:
    """Read the secret key kept in the instance folder, creating it on first start.

    Sessions then survive restarts without a key ever living in the repository.
    """
    path = Path(instance_path) / "secret_key"
    if path.is_file():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    # O_EXCL: if two workers start at once, the loser reads the winner's key.
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text().strip()
    with os.fdopen(fd, "w") as handle:
        handle.write(key)
    return key


def sqlite_url(instance_path: str) -> str:
    return f"sqlite:///{Path(instance_path) / 'quizapp.db'}"
