"""Larger banks with the same shape as a real one, for benchmarks and scaling checks."""

from __future__ import annotations

import dataclasses

from question_bank.model import Bank, Concept, Entity
from question_bank.schema import load_kinds


def _suffix(ids: tuple[str, ...], n: int) -> tuple[str, ...]:
    return tuple(f"{i}~{n}" for i in ids)


def _copy_concept(c: Concept, n: int) -> Concept:
    return dataclasses.replace(
        c,
        id=f"{c.id}~{n}",
        label=f"{c.label} ({n})",
        broader=_suffix(c.broader, n),
        similar=_suffix(c.similar, n),
    )


def _copy_entity(e: Entity, n: int) -> Entity:
    specs = load_kinds()[e.kind].attributes
    attrs: dict[str, object] = {}
    for name, value in e.attrs.items():
        if specs[name].type == "concept":
            attrs[name] = f"{value}~{n}"
        elif specs[name].type == "concepts":
            attrs[name] = _suffix(value, n)
        else:
            attrs[name] = value
    return dataclasses.replace(
        e,
        id=f"{e.id}~{n}",
        name=f"{e.name} ({n})",
        attrs=attrs,
        overlaps=_suffix(e.overlaps, n),
        not_distractor=_suffix(e.not_distractor, n),
    )


def scaled_bank(bank: Bank, factor: int) -> Bank:
    """`factor` disjoint copies of the bank in one: factor× the entities, concepts and facts."""
    concepts = [_copy_concept(c, n) for n in range(factor) for c in bank.concepts.values()]
    entities = [_copy_entity(e, n) for n in range(factor) for e in bank.entities.values()]
    return dataclasses.replace(
        bank,
        slug=f"{bank.slug}-x{factor}",
        concepts={c.id: c for c in concepts},
        entities={e.id: e for e in entities},
        cases=None,  # vignette plans name the original entities; the copies have none
    )
