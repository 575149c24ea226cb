"""Read a bank's cases.yaml (variables, profiles, vignette plans), reporting file, line and field."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from question_bank.cases import CaseBook, FindingValue, Plan, Profile, Variable
from question_bank.errors import BankProblem
from question_bank.model import Entity, Section
from question_bank.yamlio import LineMap

CASES_FILE = "cases.yaml"
_TOP = {"variables", "profiles", "vignettes"}
_PLAN_KEYS = {
    "id",
    "section",
    "candidates",
    "keys",
    "uses",
    "asks",
    "opening",
    "lead_in",
    "objective",
    "patient",
}
_PROFILE_KEYS = {"entity", "findings", "source", "patient", "why", "option"}


class _Reader:
    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[BankProblem] = []

    def add(self, line: int, field: str, message: str) -> None:
        self.problems.append(BankProblem(self.file, line, field, message))

    def text(self, raw: LineMap, key: str, *, required: bool = True) -> str:
        value = raw.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
        if value is not None or required:
            self.add(raw.line_of(key), key, f"'{key}' must be non-empty text")
        return ""

    def strings(self, raw: LineMap, key: str) -> tuple[str, ...]:
        value = raw.get(key)
        if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
            return tuple(value)
        self.add(raw.line_of(key), key, f"'{key}' must be a non-empty list of ids")
        return ()

    def unknown_keys(self, raw: LineMap, allowed: set[str]) -> None:
        for key in sorted(set(raw) - allowed):
            self.add(raw.line_of(key), key, f"unknown field '{key}' (allowed: {', '.join(sorted(allowed))})")

    def items(self, data: LineMap, key: str) -> list[LineMap]:
        value = data.get(key) or []
        if not isinstance(value, list) or not all(isinstance(v, LineMap) for v in value):
            self.add(data.line_of(key), key, f"'{key}' must be a list of mappings")
            return []
        return value


def _variable(raw: LineMap, out: _Reader) -> Variable | None:
    vid = out.text(raw, "id")
    if "attribute" in raw:
        out.unknown_keys(raw, {"id", "attribute", "sentence", "phrase"})
        parts = {k: out.text(raw, k) for k in ("attribute", "sentence", "phrase")}
        for key in ("sentence", "phrase"):
            if parts[key] and "{label}" not in parts[key]:
                out.add(raw.line_of(key), key, f"'{key}' of an attribute variable must contain {{label}}")
        return Variable(vid, attribute=parts["attribute"], sentence=parts["sentence"], phrase=parts["phrase"])
    out.unknown_keys(raw, {"id", "values", "property"})
    values = raw.get("values")
    if not isinstance(values, LineMap) or not values:
        out.add(raw.line_of("values"), "values", "a variable needs 'values' (or an 'attribute')")
        return None
    found: dict[str, FindingValue] = {}
    for value_id, spec in values.items():
        if not isinstance(spec, LineMap):
            out.add(values.line_of(value_id), value_id, "each value needs a 'sentence' and a 'phrase'")
            continue
        out.unknown_keys(spec, {"sentence", "phrase"})
        sentence = out.text(spec, "sentence", required=False)  # needed only if a stem states it
        found[value_id] = FindingValue(value_id, sentence, out.text(spec, "phrase"))
    prop = raw.get("property", False)
    if not isinstance(prop, bool):
        out.add(raw.line_of("property"), "property", "'property' must be true or false")
    return Variable(vid, values=found, property=prop is True) if vid else None


def _findings(
    raw: LineMap, variables: Mapping[str, Variable], out: _Reader, key: str = "findings"
) -> dict[str, tuple[str, ...]]:
    findings = raw.get(key)
    if not isinstance(findings, LineMap) or not findings:
        out.add(raw.line_of(key), key, f"'{key}' must be a mapping of variable ids to value ids")
        return {}
    result: dict[str, tuple[str, ...]] = {}
    for vid, value in findings.items():
        values = (value,) if isinstance(value, str) else value
        variable = variables.get(vid)
        line = findings.line_of(vid)
        if variable is None or variable.attribute:
            out.add(line, vid, f"'{vid}' is not a variable defined with values in this file")
        elif not isinstance(values, list | tuple) or not values:
            out.add(line, vid, "a finding is one value id or a list of them")
        elif unknown := [v for v in values if v not in variable.values]:
            out.add(
                line,
                vid,
                f"unknown value(s) {', '.join(map(str, unknown))} (known: {', '.join(variable.values)})",
            )
        else:
            result[vid] = tuple(values)
    return result


def _profile(raw: LineMap, variables: Mapping[str, Variable], out: _Reader) -> Profile:
    out.unknown_keys(raw, _PROFILE_KEYS)
    return Profile(
        entity=out.text(raw, "entity"),
        findings=_findings(raw, variables, out),
        source=out.text(raw, "source"),
        patient=out.text(raw, "patient", required=False),
        why=out.text(raw, "why", required=False),
        option=out.text(raw, "option", required=False),
        line=raw.line,
    )


def _plan(
    raw: LineMap, variables: Mapping[str, Variable], sections: Mapping[str, Section], out: _Reader
) -> Plan:
    out.unknown_keys(raw, _PLAN_KEYS)
    asks = {k: v[0] for k, v in _findings(raw, variables, out, "asks").items()} if "asks" in raw else {}
    plan = Plan(
        id=out.text(raw, "id"),
        section=out.text(raw, "section"),
        candidates=out.strings(raw, "candidates"),
        uses=out.strings(raw, "uses") if "uses" in raw or not asks else (),
        asks=asks,
        keys=out.strings(raw, "keys") if "keys" in raw else (),
        opening=out.text(raw, "opening"),
        lead_in=out.text(raw, "lead_in"),
        objective=out.text(raw, "objective"),
        patient=out.text(raw, "patient", required=False) or "An adult",
        line=raw.line,
    )
    if plan.section and plan.section not in sections:
        out.add(raw.line_of("section"), "section", f"unknown section '{plan.section}'")
    for eid in plan.keys:
        if eid not in plan.candidates:
            out.add(raw.line_of("keys"), "keys", f"key '{eid}' is not among the candidates")
    for vid in plan.uses:
        if vid not in variables:
            out.add(raw.line_of("uses"), "uses", f"unknown variable '{vid}'")
    if plan.opening and "{patient}" not in plan.opening:
        out.add(raw.line_of("opening"), "opening", "the opening must introduce the patient with {patient}")
    if plan.lead_in and not plan.lead_in.endswith("?"):
        out.add(raw.line_of("lead_in"), "lead_in", "the lead-in must be a question ending in '?'")
    return plan


def parse_cases(data: Any, file: str, sections: Mapping[str, Section]) -> tuple[CaseBook, list[BankProblem]]:
    """The case book in `data`; entity references are checked later by `check_case_entities`."""
    out = _Reader(file)
    if not isinstance(data, LineMap):
        out.add(1, "", "cases.yaml must be a mapping with variables, profiles and vignettes")
        return CaseBook(), out.problems
    out.unknown_keys(data, _TOP)
    variables: dict[str, Variable] = {}
    for raw in out.items(data, "variables"):
        variable = _variable(raw, out)
        if variable is not None and variable.id in variables:
            out.add(raw.line, "id", f"duplicate variable id '{variable.id}'")
        elif variable is not None:
            variables[variable.id] = variable
    profiles: dict[str, Profile] = {}
    for raw in out.items(data, "profiles"):
        profile = _profile(raw, variables, out)
        if profile.entity in profiles:
            out.add(raw.line, "entity", f"'{profile.entity}' already has a profile")
        profiles[profile.entity] = profile
    plans = tuple(_plan(raw, variables, sections, out) for raw in out.items(data, "vignettes"))
    return CaseBook(variables, profiles, plans), out.problems


def check_case_entities(book: CaseBook, entities: Mapping[str, Entity], file: str) -> list[BankProblem]:
    """Profiles and plans name entities that exist; attribute variables name real attributes."""
    problems: list[BankProblem] = []
    attributes = {attr for entity in entities.values() for attr in entity.attrs}
    for variable in book.variables.values():
        if variable.attribute and variable.attribute not in attributes:
            problems.append(
                BankProblem(file, 0, variable.id, f"no entity has attribute '{variable.attribute}'")
            )
    for profile in book.profiles.values():
        if profile.entity not in entities:
            problems.append(BankProblem(file, profile.line, "entity", f"unknown entity '{profile.entity}'"))
    for plan in book.plans:
        for eid in (*plan.candidates, *plan.keys):
            if eid not in entities:
                problems.append(BankProblem(file, plan.line, "candidates", f"unknown entity '{eid}'"))
    return problems
