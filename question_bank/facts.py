"""A bank's facts held as one value (what the browser edits), written out as bank files and read
back by the loader: the same rules and the same generators as for a bank folder.

The value: {"condition": str, "sections": [{id, title, cites}], "concepts": [{id, type, label,
synonyms, ...}], "entities": {kind: [{id, name, section, <attributes>}]}}.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from question_bank.loader import load_bank
from question_bank.model import Bank

EMPTY: dict[str, Any] = {"condition": "", "sections": [], "concepts": [], "entities": {}}


def kebab(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:80]


def write_folder(root: Path, meta: Mapping[str, str], data: Mapping[str, Any]) -> None:
    """The bank files for the facts: bank.yaml, concepts.yaml and one file per kind."""
    root.mkdir(parents=True, exist_ok=True)
    bank_yaml: dict[str, Any] = {**meta, "sections": data.get("sections") or []}
    if data.get("condition"):
        bank_yaml["condition"] = data["condition"]
    _dump(root / "bank.yaml", bank_yaml)
    if data.get("concepts"):
        _dump(root / "concepts.yaml", {"concepts": data["concepts"]})
    for kind, entities in (data.get("entities") or {}).items():
        if entities:
            first = entities[0].get("section", "")
            _dump(root / f"{kind}.yaml", {"kind": kind, "section": first, "entities": entities})


def load_facts(meta: Mapping[str, str], data: Mapping[str, Any]) -> Bank:
    """The facts as a loaded, checked bank; BankError lists every problem (files named by kind)."""
    with tempfile.TemporaryDirectory(prefix="quizapp-facts-") as scratch:
        root = Path(scratch) / str(meta["slug"])
        write_folder(root, meta, data)
        return load_bank(root)


def _dump(path: Path, value: Any) -> None:
    path.write_text(yaml.safe_dump(value, allow_unicode=True, sort_keys=False, width=100), encoding="utf-8")
