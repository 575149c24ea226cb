"""Using the real Anki as the test oracle: skip without it on a dev machine, fail on CI."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest


def require_anki() -> None:
    """Skip when the `anki` package is missing; under CI=true fail instead, so CI cannot go green
    without the round-trip tests having run. Usable at module level."""
    try:
        import anki.collection  # noqa: F401
    except ImportError as exc:
        reason = f"the anki package is not installed ({exc}); pip install -e '.[test]'"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(reason, pytrace=False)
        pytest.skip(reason, allow_module_level=True)


@contextmanager
def empty_collection(tmp_path: Path) -> Iterator[Any]:
    """An empty Anki collection, as a new Anki desktop profile has; closed afterwards."""
    require_anki()
    from anki.collection import Collection  # after require_anki, so a missing package skips

    folder = tmp_path / "profile"
    folder.mkdir()
    col = Collection(str(folder / "collection.anki2"))
    try:
        yield col
    finally:
        col.close()
