"""Any text given to the CLI's commands: a usage error or a clear message, never a traceback."""

from __future__ import annotations

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from quizapp.cli import cli

TEXT = st.one_of(
    st.text(max_size=60).filter(lambda s: not s.startswith("-")),
    st.sampled_from(["", "\x00", "../../etc/passwd", "/dev/null", "a@b", "x" * 300, "é@example.org"]),
)
COMMANDS = st.one_of(
    st.tuples(st.just("user"), st.just("create"), TEXT, st.just("--password"), TEXT, st.just("--role"), TEXT),
    st.tuples(st.just("bank"), st.sampled_from(["validate", "stats", "load", "source", "history"]), TEXT),
    st.tuples(st.just("db"), st.sampled_from(["restore", "upgrade", "current"]), TEXT),
    st.tuples(st.just("bank"), st.just("import"), TEXT, st.just("--dry-run")),
    st.tuples(st.just("bank"), st.just("import"), TEXT, st.just("--bank"), TEXT),
)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(args=COMMANDS)
@example(args=("db", "restore", "\x00"))  # found by this test: os.stat raised ValueError
@example(args=("bank", "validate", "x" * 300))  # found: ENAMETOOLONG from Path.is_dir
@example(args=("bank", "history", "\x00"))  # found on PostgreSQL: NUL refused by the server
@example(args=("bank", "import", "/tmp", "--dry-run"))  # a folder
def test_no_cli_input_gives_a_traceback(runner, args: tuple[str, ...]) -> None:
    result = runner.invoke(cli, args=list(args), input="n\n")
    # Click turns usage errors and aborts into exit codes; anything else escaping is a crash.
    assert result.exception is None or isinstance(result.exception, SystemExit), (args, result.output)
    assert "Traceback" not in result.output
