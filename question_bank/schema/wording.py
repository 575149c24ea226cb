"""A bank's own wording of the kinds: its `condition` put into the default wording, and its
`kinds:` overrides (labels, topics, question phrasings) merged over kinds.yaml.

Only wording can be overridden: a kind's attributes and their types stay the schema's, so every
bank is checked by the same rules and generated with the same guarantees.
"""

from __future__ import annotations

import dataclasses
import difflib
from collections.abc import Collection, Mapping
from typing import Any

from question_bank.errors import BankProblem
from question_bank.schema import PHRASINGS, AttrSpec, KindSpec
from question_bank.yamlio import LineMap

CONDITION = "{condition}"
_KIND_KEYS = ("label", "topic", "attributes")


def suggestion(word: str, known: Collection[str]) -> str:
    """' (did you mean 'x'?)' for a near miss, else ''."""
    close = difflib.get_close_matches(word, list(known), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def bank_kinds(
    base: Mapping[str, KindSpec],
    overrides: Any,
    condition: str,
    used: Collection[str],
    file: str,
    line: int,
) -> tuple[dict[str, KindSpec], list[BankProblem]]:
    """The kinds as this bank words them; problems name bank.yaml's line and field."""
    problems: list[BankProblem] = []
    kinds = dict(base)
    if overrides is not None and not isinstance(overrides, LineMap):
        problems.append(BankProblem(file, line, "kinds", "kinds must map kind names to their wording"))
    elif overrides:
        for name, raw in overrides.items():
            if name not in kinds:
                message = f"unknown kind '{name}'{suggestion(name, kinds)}"
                problems.append(BankProblem(file, overrides.line_of(name), f"kinds.{name}", message))
                continue
            kinds[name] = _override(kinds[name], raw, file, overrides.line_of(name), problems)
    for name in sorted(set(used) & set(kinds)):
        if CONDITION in _words(kinds[name]) and not condition:
            message = (
                f"the wording of kind '{name}' names the condition: add `condition:` (for example "
                "`condition: gout`), or reword the kind under `kinds:`"
            )
            problems.append(BankProblem(file, 1, "condition", message))  # a top-level field
            break
    return {name: _with_condition(spec, condition) for name, spec in kinds.items()}, problems


def _words(spec: KindSpec) -> str:
    return " ".join([spec.label, *(p for a in spec.attributes.values() for p in a.phrasing.values())])


def _with_condition(spec: KindSpec, condition: str) -> KindSpec:
    def put(text: str) -> str:
        return text.replace(CONDITION, condition) if condition else text

    attributes = {
        name: dataclasses.replace(a, phrasing={k: put(v) for k, v in a.phrasing.items()})
        for name, a in spec.attributes.items()
    }
    return dataclasses.replace(spec, label=put(spec.label), attributes=attributes)


def _override(spec: KindSpec, raw: Any, file: str, line: int, problems: list[BankProblem]) -> KindSpec:
    where = f"kinds.{spec.name}"
    if not isinstance(raw, LineMap):
        problems.append(
            BankProblem(file, line, where, "a kind's wording is a mapping: label, topic, attributes")
        )
        return spec
    for key in raw:
        if key not in _KIND_KEYS:
            has = ", ".join(_KIND_KEYS)
            message = f"unknown key '{key}'{suggestion(key, _KIND_KEYS)}: a kind's wording has {has}"
            problems.append(BankProblem(file, raw.line_of(key), f"{where}.{key}", message))
    changed = {k: str(raw[k]) for k in ("label", "topic") if isinstance(raw.get(k), str)}
    attributes = dict(spec.attributes)
    raw_attributes = raw.get("attributes")
    if isinstance(raw_attributes, LineMap):
        for attr, wording in raw_attributes.items():
            at = raw_attributes.line_of(attr)
            if attr not in attributes:
                message = f"kind '{spec.name}' has no attribute '{attr}'{suggestion(attr, attributes)}"
                problems.append(BankProblem(file, at, f"{where}.attributes.{attr}", message))
                continue
            attributes[attr] = _reword(
                attributes[attr], wording, file, at, f"{where}.attributes.{attr}", problems
            )
    elif raw_attributes is not None:
        problems.append(
            BankProblem(file, raw.line_of("attributes"), f"{where}.attributes", "must be a mapping")
        )
    return dataclasses.replace(spec, attributes=attributes, **changed)


def _reword(
    spec: AttrSpec, wording: Any, file: str, line: int, where: str, problems: list[BankProblem]
) -> AttrSpec:
    if not isinstance(wording, LineMap):
        problems.append(
            BankProblem(file, line, where, f"give the wording as a mapping of {', '.join(PHRASINGS)}")
        )
        return spec
    phrasing = dict(spec.phrasing)
    for key, text in wording.items():
        if key not in PHRASINGS:
            message = (
                f"unknown wording '{key}'{suggestion(key, PHRASINGS)}; use one of {', '.join(PHRASINGS)}"
            )
            problems.append(BankProblem(file, wording.line_of(key), f"{where}.{key}", message))
        elif not isinstance(text, str) or not text.strip():
            problems.append(BankProblem(file, wording.line_of(key), f"{where}.{key}", "must be a sentence"))
        else:
            phrasing[key] = text
    return dataclasses.replace(spec, phrasing=phrasing)
