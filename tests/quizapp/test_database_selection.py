"""An unreachable TEST_DATABASE_URL skips on a developer machine and fails under CI=true."""

from __future__ import annotations

import pytest

from tests.quizapp.database import PostgresDatabase

UNREACHABLE = "postgresql+psycopg://postgres@127.0.0.1:1/test?connect_timeout=2"


def test_unreachable_server_skips_on_a_dev_machine(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="unreachable"):
        PostgresDatabase(UNREACHABLE)


def test_unreachable_server_fails_in_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI=true"):
        PostgresDatabase(UNREACHABLE)


def test_a_new_sqlite_file_is_private(tmp_path) -> None:
    import stat

    from quizapp.store.engine import make_engine

    path = tmp_path / "new.db"
    engine = make_engine(f"sqlite:///{path}")
    with engine.connect():
        pass
    engine.dispose()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
