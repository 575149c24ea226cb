"""Read one entity file (`kind:` + `entities:`) into records, checking fields against the schema."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from question_bank.errors import BankProblem
from question_bank.schema import AttrSpec, KindSpec, load_kinds
from question_bank.schema.wording import suggestion
from question_bank.yamlio import LineMap

RESERVED = {
    "image",
    "id",
    "name",
    "aliases",
    "section",
    "cites",
    "overlaps",
    "not_distractor",
    "similar_to",
    "standard_anatomy",
    "reference",
    "note",
    "absent",
}
FILE_KEYS = ("kind", "section", "entities")
ID = re.compile(r"^[a-z0-9]+(?:[-_.][a-z0-9]+)*$")
_UNCLOSED = re.compile(r"\[\[(?![^\[\]]*\]\])")  # a [[ with no ]] before the next bracket


def id_problem(value: str) -> str:
    """Why a value cannot be an id ('' if it can): ids are lower-case words joined by hyphens."""
    if ID.match(value):
        return ""
    fixed = re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-")
    return f"id '{value}' must be lower case, with hyphens between words (for example '{fixed}')"


def unclosed_mark(text: str) -> bool:
    return bool(_UNCLOSED.search(text)) or text.count("]]") > text.count("[[")


@dataclass
class EntityRecord:
    """An entity as written, before cross-references are checked and inheritance applied."""

    id: str
    kind: str
    name: str
    section: str
    file: str
    raw: LineMap
    attrs: dict[str, Any] = field(default_factory=dict)
    lists: dict[str, tuple[str, ...]] = field(default_factory=dict)  # aliases, cites, overlaps...

    def line_of(self, key: str) -> int:
        return self.raw.line_of(key)


def _check_value(spec: AttrSpec, value: Any) -> str:
    """An error message, or '' when the value fits the attribute's type."""
    if spec.type == "text":
        return "" if isinstance(value, str) and value.strip() else "must be non-empty text"
    if spec.type == "integer":
        return "" if isinstance(value, int) and not isinstance(value, bool) else "must be a whole number"
    if spec.type == "concept":
        return "" if isinstance(value, str) and value else "must be one concept id"
    ok = isinstance(value, list) and value and all(isinstance(v, str) for v in value)
    return "" if ok else "must be a non-empty list of concept ids"


def _string_list(raw: LineMap, key: str, file: str, problems: list[BankProblem]) -> tuple[str, ...]:
    value = raw.get(key)
    if value is None:
        return ()
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(value)
    problems.append(BankProblem(file, raw.line_of(key), key, f"{key} must be a list of strings"))
    return ()


def _parse_entity(
    raw: LineMap, spec: KindSpec, section: str, file: str, problems: list[BankProblem]
) -> EntityRecord | None:
    def bad(key: str, message: str) -> None:
        problems.append(BankProblem(file, raw.line_of(key), key, message))

    missing = [k for k in ("id", "name") if not isinstance(raw.get(k), str) or not raw[k].strip()]
    for key in missing:
        bad(key, f"entity is missing required field '{key}'")
    if missing:
        return None
    if message := id_problem(raw["id"]):
        bad("id", message)
    record = EntityRecord(
        id=raw["id"],
        kind=spec.name,
        name=raw["name"].strip(),
        section=str(raw.get("section", section)),
        file=file,
        raw=raw,
    )
    for key in ("aliases", "cites", "overlaps", "not_distractor", "absent"):
        record.lists[key] = _string_list(raw, key, file, problems)
    for key, value in raw.items():
        if key in RESERVED:
            continue
        attr = spec.attributes.get(key)
        if attr is None:
            hint = suggestion(key, [*spec.attributes, *RESERVED])
            bad(
                key,
                f"unknown field '{key}' for kind '{spec.name}'{hint} (known: {', '.join(spec.attributes)})",
            )
            continue
        message = _check_value(attr, value)
        if message:
            bad(key, f"'{key}' {message}")
            continue
        if attr.type == "text" and unclosed_mark(value):
            bad(key, f"'{key}' has an unclosed cloze mark: write the term as [[term]]")
        record.attrs[key] = tuple(value) if attr.type == "concepts" else value
    absent = set(record.lists["absent"])
    for name in sorted(absent - set(spec.attributes)):
        bad(
            "absent",
            f"absent names '{name}', not an attribute of kind '{spec.name}'"
            + suggestion(name, spec.attributes),
        )
    for name in sorted(absent & set(record.attrs)):
        bad(name, f"'{name}' is declared absent, so it cannot have a value")
    inherits = "similar_to" in raw
    for name, attr in spec.attributes.items():
        if attr.required and name not in raw and name not in absent and not inherits:
            bad(
                "id",
                f"entity '{record.id}' is missing required attribute '{name}' "
                f"(if it has none, say so: absent: [{name}])",
            )
    return record


def parse_entity_file(data: LineMap, file: str, problems: list[BankProblem]) -> list[EntityRecord]:
    kinds = load_kinds()
    kind = data.get("kind")
    for key in data:
        if key not in FILE_KEYS:
            has = ", ".join(FILE_KEYS)
            message = f"unknown field '{key}'{suggestion(key, FILE_KEYS)}; an entity file has {has}"
            problems.append(BankProblem(file, data.line_of(key), key, message))
    if not isinstance(kind, str) or kind not in kinds:
        hint = suggestion(str(kind), kinds)
        message = f"unknown kind '{kind}'{hint} (known: {', '.join(sorted(kinds))})"
        problems.append(BankProblem(file, data.line_of("kind"), "kind", message))
        return []
    section = data.get("section")
    if not isinstance(section, str):
        problems.append(
            BankProblem(
                file, data.line_of("section"), "section", "missing default 'section' id for this file"
            )
        )
        section = ""
    entities = data.get("entities")
    if not isinstance(entities, list):
        problems.append(BankProblem(file, data.line_of("entities"), "entities", "'entities' must be a list"))
        return []
    records = []
    for raw in entities:
        if not isinstance(raw, LineMap):
            problems.append(
                BankProblem(file, data.line_of("entities"), "entities", "each entity must be a mapping")
            )
            continue
        record = _parse_entity(raw, kinds[kind], section, file, problems)
        if record is not None:
            records.append(record)
    return records
