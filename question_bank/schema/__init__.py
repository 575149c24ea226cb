"""The entity kinds a bank may use (kinds.yaml), read into typed specs."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml

ATTR_TYPES = ("text", "concept", "concepts", "integer")
CONCEPT_TYPES = ("concept", "concepts")


@dataclass(frozen=True)
class AttrSpec:
    name: str
    type: str
    required: bool = False
    concept_type: str = ""
    distinctive: bool = False
    phrasing: Mapping[str, str] = field(default_factory=dict)  # front/forward/reverse/multi/...
    # A grouping the bank uses to organise entities (a test's section of the article): it orders
    # topics but is never asked, so it is never a key.
    grouping: bool = False
    # An open list (a drug's adverse effects): what is not listed may still be true, so the value
    # is asked from memory only, never offered as a wrong option or stated as false.
    open_list: bool = False

    @property
    def is_concept(self) -> bool:
        return self.type in CONCEPT_TYPES


@dataclass(frozen=True)
class KindSpec:
    name: str
    label: str
    topic: str
    attributes: Mapping[str, AttrSpec]


PHRASINGS = ("front", "forward", "reverse", "multi", "statement", "plural", "match")


def _attr(name: str, raw: Mapping[str, object]) -> AttrSpec:
    return AttrSpec(
        name=name,
        type=str(raw["type"]),
        required=bool(raw.get("required", False)),
        concept_type=str(raw.get("concept_type", "")),
        distinctive=bool(raw.get("distinctive", False)),
        phrasing={k: str(raw[k]) for k in PHRASINGS if k in raw},
        grouping=bool(raw.get("grouping", False)),
        open_list=bool(raw.get("open", False)),
    )


@cache
def load_kinds(path: Path | None = None) -> Mapping[str, KindSpec]:
    """Kinds by name; the packaged kinds.yaml unless another file is given."""
    source = path or Path(__file__).with_name("kinds.yaml")
    raw = yaml.safe_load(source.read_text(encoding="utf-8"))["kinds"]
    return {
        name: KindSpec(
            name=name,
            label=str(spec["label"]),
            topic=str(spec["topic"]),
            attributes={a: _attr(a, r) for a, r in spec["attributes"].items()},
        )
        for name, spec in raw.items()
    }
