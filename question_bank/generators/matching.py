"""Matching sets: 4 entities of one kind paired with their values, every pairing unambiguous."""

from __future__ import annotations

from collections.abc import Iterator

from question_bank.generators.base import Context, display, fill, option_key, shuffled
from question_bank.knowledge import concept_values
from question_bank.model import Entity, Question
from question_bank.payloads import MatchingPayload
from question_bank.schema import AttrSpec

SET_SIZE = 4
_OPEN_GROUPS = 16  # bounded so grouping stays linear in the number of entities


def _fits(ctx: Context, spec: AttrSpec, group: list[Entity], entity: Entity) -> bool:
    know, value = ctx.know, concept_values(entity, spec.name)[0]
    for other in group:
        other_value = concept_values(other, spec.name)[0]
        if (
            know.overlapping(entity, other)
            or know.unsafe(other, spec.name, value)
            or know.unsafe(entity, spec.name, other_value)
            or option_key(ctx.label(value)) == option_key(ctx.label(other_value))
            or option_key(entity.name) == option_key(other.name)
        ):
            return False
    return True


def _groups(ctx: Context, spec: AttrSpec, entities: list[Entity]) -> Iterator[list[Entity]]:
    open_groups: list[list[Entity]] = []
    for entity in entities:
        home = next((g for g in open_groups if _fits(ctx, spec, g, entity)), None)
        if home is None:
            home = []
            open_groups.append(home)
            open_groups[:] = open_groups[-_OPEN_GROUPS:]
        home.append(entity)
        if len(home) == SET_SIZE:
            open_groups.remove(home)
            yield home


def _question(ctx: Context, spec: AttrSpec, group: list[Entity]) -> Question:
    anchor = group[0]
    values = [ctx.label(concept_values(e, spec.name)[0]) for e in group]
    rng = ctx.rng(f"match:{anchor.id}:{spec.name}")
    explanation = " ".join(ctx.statement(e, spec, [concept_values(e, spec.name)[0]]) for e in group)
    return ctx.question(
        template="matching",
        entity=anchor,
        attr=spec.name,
        type="matching",
        prompt=fill(spec.phrasing["match"]),
        payload=MatchingPayload(items=tuple(display(e.name) for e in group)),
        choices=tuple(shuffled(rng, [display(v) for v in values])),
        answer=tuple(display(v) for v in values),
        explanation=explanation,
    )


def generate_matching(ctx: Context) -> Iterator[Question]:
    for kind, spec_kind in ctx.know.kinds.items():
        for spec in spec_kind.attributes.values():
            if not spec.is_concept or "match" not in spec.phrasing or spec.grouping or spec.open_list:
                continue
            entities = sorted(
                (e for e in ctx.know.by_kind.get(kind, []) if spec.name in e.attrs), key=lambda e: e.id
            )
            for group in _groups(ctx, spec, entities):
                yield _question(ctx, spec, group)
