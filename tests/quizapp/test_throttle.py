"""The login throttle: per account across addresses, per address across accounts, shared by hosts."""

from __future__ import annotations

import socket
import uuid
from typing import Any

import pytest

from quizapp.app import create_app
from quizapp.services import accounts
from tests.quizapp.conftest import PASSWORD, AuthActions
from tests.quizapp.database import unavailable

SMALL = {
    "LOGIN_RATE_LIMIT": "3 per minute",
    "LOGIN_ACCOUNT_RATE_LIMIT": "6 per minute",
    "LOGIN_ADDRESS_RATE_LIMIT": "20 per minute",
}


def login_from(app: Any, address: str, email: str, password: str) -> int:
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return int(AuthActions(client).login(email, password).status_code)


@pytest.fixture
def small_limits_app(app_config: dict[str, Any]):
    app = create_app({**app_config, **SMALL})
    yield app
    app.extensions["quizapp"].engine.dispose()


def test_guesses_spread_over_addresses_block_the_account(small_limits_app, make_user) -> None:
    user = make_user()
    codes = [login_from(small_limits_app, f"10.0.0.{i}", user.email, "wrong") for i in range(8)]
    assert codes[:6] == [401] * 6 and set(codes[6:]) == {429}


def test_mistakes_behind_one_address_do_not_lock_out_other_students(small_limits_app, make_user) -> None:
    careless, other = make_user("careless@example.org"), make_user("other@example.org")
    nat = "192.0.2.7"
    codes = [login_from(small_limits_app, nat, careless.email, "wrong") for _ in range(5)]
    assert codes[:3] == [401] * 3 and codes[3] == 429  # that pair is throttled
    assert login_from(small_limits_app, nat, other.email, PASSWORD) == 302


def test_one_address_guessing_many_accounts_is_blocked(small_limits_app, make_user) -> None:
    codes = [login_from(small_limits_app, "198.51.100.9", f"u{i}@example.org", "wrong") for i in range(22)]
    assert codes[:20] == [401] * 20 and codes[20:] == [429, 429]


def test_an_unknown_email_is_checked_against_a_hash_of_the_real_kind(app) -> None:
    method = app.config["PASSWORD_HASH_METHOD"]
    assert accounts.dummy_hash(method).startswith(method.split(":")[0])
    assert accounts.dummy_hash("scrypt").startswith("scrypt")


def _redis_up() -> bool:
    with socket.socket() as sock:
        sock.settimeout(1)
        return sock.connect_ex(("127.0.0.1", 6379)) == 0


def test_two_hosts_sharing_redis_count_failures_together(app_config: dict[str, Any], make_user) -> None:
    if not _redis_up():
        unavailable("Redis at 127.0.0.1:6379 is not running")
    shared = {**app_config, **SMALL, "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379"}
    first, second = create_app(shared), create_app(shared)
    user = make_user(f"{uuid.uuid4().hex[:12]}@example.org")  # fresh keys in the shared store
    address = f"203.0.113.{uuid.uuid4().int % 250}"
    try:
        codes = [login_from(host, address, user.email, "wrong") for host in (first, second, first)]
        assert codes == [401, 401, 401]
        assert login_from(second, address, user.email, PASSWORD) == 429  # not 3 per host
    finally:
        for host in (first, second):
            host.extensions["quizapp"].engine.dispose()
