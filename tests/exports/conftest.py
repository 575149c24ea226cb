"""Fixtures for exporter tests: a fresh real Anki collection per test (test-only AGPL dependency)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.exports.anki_support import empty_collection


@pytest.fixture
def collection(tmp_path: Path) -> Iterator[Any]:
    """An empty Anki collection, as a new Anki desktop profile has."""
    with empty_collection(tmp_path) as col:
        yield col
