"""Facts written in the browser: sections, entities and the concepts they point at, checked by
the bank loader's rules, and the questions the generators write from them, previewed and then
published as versions (students keep their schedules; a changed key resets them).

Questions written by hand in the same bank are left alone: publishing facts only touches the
questions the generators make (ids `q…`).
"""

from __future__ import annotations

import copy
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Engine

from question_bank import BankError, Question, generate
from question_bank.errors import BankProblem
from question_bank.facts import EMPTY, kebab, load_facts
from question_bank.schema import KindSpec, load_kinds
from quizapp.services.authoring import check_editor
from quizapp.services.banks import LoadReport, plan_versions
from quizapp.services.errors import InvalidInput
from quizapp.store import cards, catalog, drafts, questions
from quizapp.store.engine import reading
from quizapp.store.users import UserRecord


class FactErrors(InvalidInput):
    """What the loader found wrong, by form field where it names one."""

    def __init__(self, problems: Sequence[BankProblem]) -> None:
        self.by_field: dict[str, list[str]] = {}
        for problem in problems:
            self.by_field.setdefault(problem.field or "form", []).append(problem.message)
        super().__init__("; ".join(p.message for p in problems))


@dataclass(frozen=True)
class Facts:
    slug: str
    title: str
    data: dict[str, Any]
    kinds: Mapping[str, KindSpec]

    def concepts_of(self, concept_type: str) -> list[tuple[str, str]]:
        return [(c["id"], c["label"]) for c in self.data["concepts"] if c["type"] == concept_type]

    def entities(self) -> list[tuple[str, dict[str, Any]]]:
        return [(kind, e) for kind, found in self.data["entities"].items() for e in found]


def facts(engine: Engine, user: UserRecord, slug: str) -> Facts:
    check_editor(engine, user, slug)
    with reading(engine) as conn:
        row = catalog.bank(conn, slug)
        data = drafts.facts(conn, slug) or copy.deepcopy(EMPTY)
    assert row is not None  # check_editor found it
    return Facts(slug, row.title, data, load_kinds())


def _meta(found: Facts) -> dict[str, str]:
    return {"slug": found.slug, "title": found.title}


def _save(engine: Engine, user: UserRecord, found: Facts, data: dict[str, Any], now: datetime) -> None:
    try:
        load_facts(_meta(found), data)
    except BankError as error:
        raise FactErrors(error.problems) from None
    with engine.begin() as conn:
        drafts.save_facts(conn, found.slug, data, user.id, now)


def set_condition(engine: Engine, user: UserRecord, slug: str, condition: str, now: datetime) -> None:
    found = facts(engine, user, slug)
    _save(engine, user, found, {**found.data, "condition": condition.strip()}, now)


def add_section(engine: Engine, user: UserRecord, slug: str, title: str, cites: str, now: datetime) -> str:
    found = facts(engine, user, slug)
    section_id = kebab(title)
    if not section_id:
        raise InvalidInput("Give the section a title.")
    if any(s["id"] == section_id for s in found.data["sections"]):
        raise InvalidInput(f"There is a section '{title}' already.")
    section = {"id": section_id, "title": title.strip(), "cites": _list(cites)}
    _save(engine, user, found, {**found.data, "sections": [*found.data["sections"], section]}, now)
    return section_id


@dataclass(frozen=True)
class Written:
    """An entity as the form gives it: values are concept ids, new concept labels or text."""

    kind: str
    name: str
    section: str
    values: Mapping[str, str | list[str]]  # text, or chosen concept ids
    new_values: Mapping[str, list[str]]  # labels of concepts to create for an attribute
    absent: Sequence[str] = ()
    cites: Sequence[str] = ()
    entity_id: str = ""


def add_entity(engine: Engine, user: UserRecord, slug: str, written: Written, now: datetime) -> str:
    """Add the entity (and the new concepts it names) if the whole bank still loads."""
    found = facts(engine, user, slug)
    spec = found.kinds.get(written.kind)
    if spec is None:
        raise InvalidInput("Choose a kind of fact.")
    data = copy.deepcopy(found.data)
    entity_id = written.entity_id or kebab(written.name)
    entity: dict[str, Any] = {"id": entity_id, "name": written.name.strip(), "section": written.section}
    if written.cites:
        entity["cites"] = list(written.cites)
    for name, attr in spec.attributes.items():
        value = _value(data, attr.concept_type, attr.type, written, name)
        if value not in (None, "", []):
            entity[name] = value
    if written.absent:
        entity["absent"] = list(written.absent)
    existing = data["entities"].setdefault(written.kind, [])
    if any(e["id"] == entity_id for _, e in found.entities()):
        raise FactErrors(
            [BankProblem("", 0, "name", f"There is a fact '{entity_id}' already; give another name.")]
        )
    existing.append(entity)
    _save(engine, user, found, data, now)
    return entity_id


def _value(data: dict[str, Any], concept_type: str, kind: str, written: Written, name: str) -> Any:
    given = written.values.get(name)
    if kind in ("text", "integer"):
        text = str(given or "").strip()
        return int(text) if kind == "integer" and text.lstrip("-").isdigit() else text
    chosen = [given] if isinstance(given, str) and given else list(given or [])
    for label in written.new_values.get(name, []):
        chosen.append(_concept(data, concept_type, label))
    if kind == "concept":
        return chosen[0] if chosen else ""
    return list(dict.fromkeys(chosen))


def _concept(data: dict[str, Any], concept_type: str, label: str) -> str:
    """The id of the concept of this type and label, created if it is new."""
    label = label.strip()
    for concept in data["concepts"]:
        if concept["type"] == concept_type and concept["label"].casefold() == label.casefold():
            return str(concept["id"])
    concept_id = kebab(label)
    taken = {c["id"] for c in data["concepts"]}
    base, n = concept_id, 1
    while concept_id in taken:
        n += 1
        concept_id = f"{base}-{n}"
    data["concepts"].append({"id": concept_id, "type": concept_type, "label": label})
    return concept_id


def remove_entity(engine: Engine, user: UserRecord, slug: str, entity_id: str, now: datetime) -> None:
    found = facts(engine, user, slug)
    data = copy.deepcopy(found.data)
    for kind, entities in data["entities"].items():
        data["entities"][kind] = [e for e in entities if e["id"] != entity_id]
    _save(engine, user, found, data, now)


def _list(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


@dataclass(frozen=True)
class Preview:
    questions: list[Question]
    new: set[str]
    changed: set[str]
    retired: list[str]


def preview(engine: Engine, user: UserRecord, slug: str) -> Preview:
    """The questions the facts make, and how they differ from what students study now."""
    found = facts(engine, user, slug)
    generated = _generated(found)
    with reading(engine) as conn:
        stored = questions.current_versions(conn, slug)
        live = {q.id for q in catalog.live_questions(conn, slug)}
    # Only which questions would change is wanted here: the time stamped on the rows is unused.
    _, versions, _ = plan_versions(slug, generated, stored, datetime.min)
    changed = {v["question_id"] for v in versions}
    new = {qid for qid in changed if qid not in stored}
    made = {q.id for q in generated}
    retired = sorted(qid for qid in live if qid not in made and not qid.startswith(f"{slug}:"))
    return Preview(generated, new, changed - new, retired)


def _generated(found: Facts) -> list[Question]:
    if not found.data["entities"]:
        return []
    try:
        return generate(load_facts(_meta(found), found.data))
    except BankError as error:
        raise FactErrors(error.problems) from None


def publish(engine: Engine, user: UserRecord, slug: str, now: datetime) -> LoadReport:
    """Store the questions the facts make as versions; hand-written questions are not touched."""
    found = facts(engine, user, slug)
    generated = _generated(found)
    with engine.begin() as conn:
        return _publish(conn, slug, generated, now)


def _publish(conn: Connection, slug: str, generated: list[Question], now: datetime) -> LoadReport:
    stored = questions.current_versions(conn, slug)
    start = questions.next_position(conn, slug)
    rows, versions, rekeyed = plan_versions(slug, generated, stored, now, first_position=start)
    questions.upsert_questions(conn, rows)
    questions.add_versions(conn, versions)
    keep = [q.id for q in generated] + [qid for qid in stored if qid.startswith(f"{slug}:")]
    retired = questions.retire_missing(conn, slug, keep, now)
    for question in generated:
        questions.replace_question_tags(conn, question.id, question.tags)
    reset = cards.reset_to_new(conn, rekeyed)
    added = sum(1 for v in versions if v["version"] == 1)
    return LoadReport(slug, 0, len(rows), added, len(versions) - added, retired, cards_reset=reset)
