"""Cross-reference checks (ids, concept types, sections) and `similar_to` inheritance."""

from __future__ import annotations

from collections.abc import Mapping

from question_bank.errors import BankProblem
from question_bank.model import Concept, Entity, Section
from question_bank.parse_entities import EntityRecord
from question_bank.schema import load_kinds
from question_bank.schema.wording import suggestion
from question_bank.text import normalize
from question_bank.yamlio import LineMap

Places = Mapping[str, tuple[str, LineMap]]  # concept id -> (file, the concept as written)


def _check_concepts(concepts: Mapping[str, Concept], places: Places) -> list[BankProblem]:
    problems = []
    for concept in concepts.values():
        file, raw = places.get(concept.id, ("concepts", LineMap()))
        for key in ("broader", "similar"):
            for ref in getattr(concept, key):
                if ref not in concepts:
                    message = f"concept '{concept.id}' refers to unknown concept '{ref}' in {key}"
                    line = raw.line_of(key) if hasattr(raw, "key_lines") else 0
                    problems.append(BankProblem(file, line, key, message + suggestion(ref, concepts)))
    return problems + _same_meaning(concepts, places)


def _same_meaning(concepts: Mapping[str, Concept], places: Places) -> list[BankProblem]:
    """Two concepts of one type sharing a name: one would be offered as wrong when the other is right."""
    seen: dict[tuple[str, str], str] = {}
    problems = []
    for concept in concepts.values():
        for name in {normalize(n) for n in (concept.label, *concept.synonyms)}:
            other = seen.setdefault((concept.type, name), concept.id)
            if other != concept.id:
                file, raw = places.get(concept.id, ("concepts", LineMap()))
                message = (
                    f"concepts '{other}' and '{concept.id}' both mean '{name}': merge them, "
                    "or keep one and give it the other's label as a synonym"
                )
                problems.append(BankProblem(file, getattr(raw, "line", 0), "label", message))
                break
    return problems


def _check_attr_refs(
    record: EntityRecord, concepts: Mapping[str, Concept], places: Places
) -> list[BankProblem]:
    spec = load_kinds()[record.kind]
    problems = []
    for name, value in record.attrs.items():
        attr = spec.attributes[name]
        if not attr.is_concept:
            continue
        for ref in (value,) if isinstance(value, str) else value:
            concept = concepts.get(ref)
            if concept is None:
                message = f"unknown concept '{ref}'{suggestion(ref, concepts)} (define it in a concepts file)"
            elif concept.type != attr.concept_type:
                message = f"concept '{ref}' is a {concept.type}, expected a {attr.concept_type}"
                if ref in places:
                    file, raw = places[ref]
                    message += f" (its type is set at {file}:{raw.line_of('type')})"
            else:
                continue
            problems.append(BankProblem(record.file, record.line_of(name), name, message))
    return problems


def _check_links(
    record: EntityRecord, by_id: Mapping[str, EntityRecord], concepts: Mapping[str, Concept]
) -> list[BankProblem]:
    problems = []

    def bad(key: str, message: str) -> None:
        problems.append(BankProblem(record.file, record.line_of(key), key, message))

    for ref in record.lists["overlaps"]:
        if ref not in by_id:
            bad("overlaps", f"unknown entity '{ref}'{suggestion(ref, by_id)}")
        elif by_id[ref].kind != record.kind:
            # Only same-kind entities are ever each other's distractors, so this would do nothing.
            bad(
                "overlaps",
                f"'{ref}' is a {by_id[ref].kind}, not a {record.kind}: "
                "overlaps names entities of the same kind",
            )
    for ref in record.lists["not_distractor"]:
        if ref not in concepts:
            bad("not_distractor", f"unknown concept '{ref}'")
    link = record.raw.get("similar_to")
    if link is None:
        return problems
    if not isinstance(link, Mapping) or not isinstance(link.get("entity"), str):
        bad("similar_to", "similar_to needs {entity: ID, attributes: [names]}")
        return problems
    other = by_id.get(link["entity"])
    if other is None or other.kind != record.kind:
        bad("similar_to", f"similar_to names '{link['entity']}', not an entity of kind '{record.kind}'")
    attrs = link.get("attributes")
    known = load_kinds()[record.kind].attributes
    if not isinstance(attrs, list) or not all(isinstance(a, str) and a in known for a in attrs):
        bad("similar_to", f"similar_to.attributes must list attributes of '{record.kind}'")
    return problems


def check_references(
    records: list[EntityRecord],
    concepts: Mapping[str, Concept],
    sections: Mapping[str, Section],
    places: Places | None = None,
) -> list[BankProblem]:
    """Every dangling or duplicate reference in the bank."""
    places = places or {}
    problems = _check_concepts(concepts, places)
    by_id: dict[str, EntityRecord] = {}
    for record in records:
        if record.id in by_id:
            first = by_id[record.id]
            problems.append(
                BankProblem(
                    record.file,
                    record.line_of("id"),
                    "id",
                    f"duplicate id '{record.id}' (first in {first.file}:{first.line_of('id')})",
                )
            )
            continue
        by_id[record.id] = record
        if record.section not in sections:
            problems.append(
                BankProblem(
                    record.file,
                    record.line_of("section"),
                    "section",
                    f"unknown section '{record.section}'"
                    f"{suggestion(record.section, sections)} (see bank.yaml)",
                )
            )
        problems += _check_attr_refs(record, concepts, places)
    for record in by_id.values():
        problems += _check_links(record, by_id, concepts)
    return problems


def _inherit(
    record: EntityRecord,
    by_id: Mapping[str, EntityRecord],
    seen: tuple[str, ...],
    problems: list[BankProblem],
) -> dict[str, object]:
    """The record's attributes with those it is `similar_to` merged in (own values added)."""
    link = record.raw.get("similar_to")
    attrs: dict[str, object] = dict(record.attrs)
    if not link:
        return attrs
    if record.id in seen:
        problems.append(
            BankProblem(
                record.file,
                record.line_of("similar_to"),
                "similar_to",
                f"similar_to cycle: {' -> '.join((*seen, record.id))}",
            )
        )
        return attrs
    base = _inherit(by_id[link["entity"]], by_id, (*seen, record.id), problems)
    for name in link["attributes"]:
        own, inherited = attrs.get(name), base.get(name)
        if isinstance(inherited, tuple):
            own_values = own if isinstance(own, tuple) else ()
            attrs[name] = tuple(dict.fromkeys((*inherited, *own_values)))
        elif own is None and inherited is not None:
            attrs[name] = inherited
    return attrs


def resolve_entities(records: list[EntityRecord], problems: list[BankProblem]) -> dict[str, Entity]:
    """Final entities; similar_to entities also never serve as each other's distractors."""
    by_id = {r.id: r for r in records}
    entities: dict[str, Entity] = {}
    kinds = load_kinds()
    for record in records:
        attrs = _inherit(record, by_id, (), problems)
        for name, attr in kinds[record.kind].attributes.items():
            if attr.required and name not in attrs and name not in record.lists["absent"]:
                problems.append(
                    BankProblem(
                        record.file,
                        record.line_of("id"),
                        name,
                        f"entity '{record.id}' is missing required attribute '{name}' (not inherited either)",
                    )
                )
        link = record.raw.get("similar_to")
        overlaps = record.lists["overlaps"] + ((link["entity"],) if link else ())
        entities[record.id] = Entity(
            id=record.id,
            kind=record.kind,
            name=record.name,
            attrs=attrs,
            section=record.section,
            aliases=record.lists["aliases"],
            cites=record.lists["cites"],
            overlaps=overlaps,
            not_distractor=record.lists["not_distractor"],
            standard_anatomy=bool(record.raw.get("standard_anatomy", False)),
            image=str(record.raw.get("image", "")),
            reference=str(record.raw.get("reference", "")),
            file=record.file,
            line=record.line_of("id"),
        )
    return entities
