"""Load a bank folder (bank.yaml, concept files, one file per entity kind) into a `Bank`.

Every problem is collected with its file, line and field, so an author fixes them all in one pass.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from question_bank.cases import CaseBook
from question_bank.errors import BankError, BankProblem
from question_bank.model import Bank, Concept, Question, Section
from question_bank.parse_cases import CASES_FILE, check_case_entities, parse_cases
from question_bank.parse_entities import EntityRecord, id_problem, parse_entity_file
from question_bank.parse_items import ITEMS_FILE, parse_items
from question_bank.references import check_references, resolve_entities
from question_bank.schema import load_kinds
from question_bank.schema.wording import bank_kinds, suggestion
from question_bank.yamlio import LineMap, read_yaml

_CONCEPT_KEYS = {"id", "type", "label", "synonyms", "broader", "similar", "note"}
_BANK_KEYS = ("slug", "title", "description", "condition", "sections", "notes", "kinds")


class _Collector:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.problems: list[BankProblem] = []

    def label(self, path: Path) -> str:
        return str(path.relative_to(self.root.parent)) if path.is_relative_to(self.root.parent) else str(path)

    def add(self, file: str, line: int, field: str, message: str) -> None:
        self.problems.append(BankProblem(file, line, field, message))


def _strings(value: Any) -> tuple[str, ...] | None:
    if value is None:
        return ()
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(value)
    return None


def _parse_meta(
    data: Any, file: str, out: _Collector
) -> tuple[str, str, str, dict[str, Section], tuple[str, ...]]:
    if not isinstance(data, LineMap):
        out.add(file, 1, "", "bank.yaml must be a mapping with slug, title and sections")
        return "", "", "", {}, ()
    for key in ("slug", "title", "sections"):
        if key not in data:
            out.add(file, data.line, key, f"missing required field '{key}'")
    for key in data:
        if key not in _BANK_KEYS:
            message = (
                f"unknown field '{key}'{suggestion(key, _BANK_KEYS)}; bank.yaml has {', '.join(_BANK_KEYS)}"
            )
            out.add(file, data.line_of(key), key, message)
    sections: dict[str, Section] = {}
    for raw in data.get("sections") or []:
        if not isinstance(raw, LineMap) or not isinstance(raw.get("id"), str) or "title" not in raw:
            out.add(file, getattr(raw, "line", data.line), "sections", "each section needs an id and a title")
            continue
        if raw["id"] in sections:
            out.add(file, raw.line, "sections.id", f"duplicate section id '{raw['id']}'")
        cites = _strings(raw.get("cites"))
        if cites is None:
            out.add(file, raw.line_of("cites"), "cites", "cites must be a list of source names")
        for key in sorted(set(raw) - {"id", "title", "cites", "topic"}):
            out.add(
                file,
                raw.line_of(key),
                f"sections.{key}",
                f"unknown section field '{key}'" + suggestion(key, ("id", "title", "cites", "topic")),
            )
        topic = raw.get("topic") or ""
        if not isinstance(topic, str) or (topic and id_problem(topic)):
            out.add(
                file,
                raw.line_of("topic"),
                "sections.topic",
                "a topic is lower case, with hyphens: 'risk-factors'",
            )
            topic = ""
        sections[raw["id"]] = Section(raw["id"], str(raw["title"]), cites or (), topic)
    notes = _strings(data.get("notes")) or ()
    return (
        str(data.get("slug", "")),
        str(data.get("title", "")),
        str(data.get("description", "")),
        sections,
        notes,
    )


def _parse_concepts(
    data: LineMap,
    file: str,
    out: _Collector,
    concepts: dict[str, Concept],
    places: dict[str, tuple[str, LineMap]],
) -> None:
    raw_list = data["concepts"]
    if not isinstance(raw_list, list):
        out.add(file, data.line_of("concepts"), "concepts", "must be a list of concepts")
        return
    for raw in raw_list:
        if not isinstance(raw, LineMap):
            out.add(file, data.line_of("concepts"), "concepts", "each concept must be a mapping")
            continue
        for key in sorted(set(raw) - _CONCEPT_KEYS):
            out.add(file, raw.line_of(key), key, f"unknown concept field '{key}'")
        missing = [k for k in ("id", "type", "label") if not isinstance(raw.get(k), str) or not raw.get(k)]
        for key in missing:
            out.add(file, raw.line, key, f"concept is missing required field '{key}'")
        if missing:
            continue
        lists = {k: _strings(raw.get(k)) for k in ("synonyms", "broader", "similar")}
        for key, value in lists.items():
            if value is None:
                out.add(file, raw.line_of(key), key, f"{key} must be a list of strings")
        if message := id_problem(raw["id"]):
            out.add(file, raw.line_of("id"), "id", message)
        if raw["id"] in concepts:
            first_file, first = places[raw["id"]]
            message = f"duplicate concept id '{raw['id']}' (first at {first_file}:{first.line_of('id')})"
            out.add(file, raw.line_of("id"), "id", message)
            continue
        places[raw["id"]] = (file, raw)
        concepts[raw["id"]] = Concept(
            id=raw["id"],
            type=raw["type"],
            label=raw["label"],
            synonyms=lists["synonyms"] or (),
            broader=lists["broader"] or (),
            similar=lists["similar"] or (),
        )


IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp")


def _check_images(root: Path, records: list[EntityRecord], out: _Collector) -> None:
    """An entity's `image` must be a picture file inside the bank folder."""
    for record in records:
        image = record.raw.get("image")
        if image is None:
            continue
        line = record.line_of("image")
        if not isinstance(image, str) or not image.lower().endswith(IMAGE_SUFFIXES):
            out.add(
                record.file, line, "image", f"image must be a file name ending in {', '.join(IMAGE_SUFFIXES)}"
            )
        elif Path(image).is_absolute() or ".." in Path(image).parts or not inside(root, root / image):
            out.add(record.file, line, "image", "image must be a path inside the bank folder")
        elif not (root / image).is_file():
            out.add(record.file, line, "image", f"image file '{image}' not found in the bank folder")


def inside(root: Path, path: Path) -> bool:
    """`path`, with every symlink followed, is within `root` (a link may point anywhere)."""
    return path.resolve().is_relative_to(root.resolve())


def load_bank(path: Path | str) -> Bank:
    """Read and check a bank folder; raise BankError listing every problem found."""
    root = Path(path)
    out = _Collector(root)
    meta_file = root / "bank.yaml"
    if not meta_file.is_file():
        raise BankError([BankProblem(str(root), 0, "", "not a bank folder: bank.yaml is missing")])
    data, problems = read_yaml(meta_file, out.label(meta_file))
    out.problems += problems
    slug, title, description, sections, notes = _parse_meta(data, out.label(meta_file), out)
    meta = data if isinstance(data, LineMap) else LineMap()
    condition = str(meta.get("condition") or "").strip()
    concepts: dict[str, Concept] = {}
    places: dict[str, tuple[str, LineMap]] = {}
    records: list[EntityRecord] = []
    cases: CaseBook | None = None
    items_data: tuple[Any, str] | None = None
    for file in sorted(root.glob("*.yaml")):
        if file.name == "bank.yaml":
            continue
        label = out.label(file)
        if not inside(root, file):
            out.add(label, 0, "", "a bank file must be inside the bank folder (this one links outside it)")
            continue
        content, problems = read_yaml(file, label)
        out.problems += problems
        if problems:
            continue
        if file.name == ITEMS_FILE:
            items_data = (content, label)
        elif file.name == CASES_FILE:
            cases, problems = parse_cases(content, label, sections)
            out.problems += problems
        elif isinstance(content, LineMap) and "concepts" in content:
            _parse_concepts(content, label, out, concepts, places)
        elif isinstance(content, LineMap) and "kind" in content:
            records += parse_entity_file(content, label, out.problems)
        else:
            out.add(label, 1, "", "file must have a top-level 'kind' (entities) or 'concepts' list")
    kinds, problems = bank_kinds(
        load_kinds(),
        meta.get("kinds"),
        condition,
        {r.kind for r in records},
        out.label(meta_file),
        meta.line_of("kinds") if "kinds" in meta else 1,
    )
    out.problems += problems
    out.problems += check_references(records, concepts, sections, places)
    items: list[Question] = []
    if items_data is not None:
        items, problems = parse_items(items_data[0], items_data[1], slug, sections)
        out.problems += problems
    _check_images(root, records, out)
    if out.problems:
        raise BankError(out.problems)
    entities = resolve_entities(records, out.problems)
    if cases is not None:
        out.problems += check_case_entities(cases, entities, out.label(root / CASES_FILE))
    if out.problems:
        raise BankError(out.problems)
    return Bank(
        slug=slug,
        title=title,
        description=description,
        sections=sections,
        concepts=concepts,
        entities=entities,
        notes=notes,
        cases=cases,
        condition=condition,
        kinds=kinds,
        items=tuple(items),
    )
