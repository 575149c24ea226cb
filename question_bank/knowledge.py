"""What the whole bank says is true, and what is therefore safe to offer as a wrong answer.

Two notions:
- `true_of`: the entity has the concept, or a narrower one (an NSAID is a non-opioid analgesic).
- `unsafe`: true_of, or similar to something true_of, or marked `not_distractor` for the entity.
A distractor must never be `unsafe`. Indexes are built once so each question costs O(1) lookups.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from functools import cached_property

from question_bank.model import Bank, Concept, Entity
from question_bank.schema import KindSpec, load_kinds
from question_bank.text import content_words


def concept_values(entity: Entity, attr: str) -> tuple[str, ...]:
    value = entity.attrs.get(attr)
    if value is None:
        return ()
    return (value,) if isinstance(value, str) else tuple(value)


class Knowledge:
    """Indexes over a bank used by the generators and by the correctness checks."""

    def __init__(self, bank: Bank) -> None:
        self.bank = bank
        self.kinds: dict[str, KindSpec] = dict(bank.kinds or load_kinds())
        self._ancestors: dict[str, frozenset[str]] = {}

    @cached_property
    def by_kind(self) -> dict[str, list[Entity]]:
        groups: dict[str, list[Entity]] = defaultdict(list)
        for entity in self.bank.entities.values():
            groups[entity.kind].append(entity)
        return dict(groups)

    @cached_property
    def holders(self) -> dict[tuple[str, str, str], list[Entity]]:
        """(kind, attr, concept) -> entities of which the concept is true."""
        index: dict[tuple[str, str, str], list[Entity]] = defaultdict(list)
        for entity in self.bank.entities.values():
            for attr, spec in self.kinds[entity.kind].attributes.items():
                if spec.is_concept:
                    for concept in self.true_closure(concept_values(entity, attr)):
                        index[(entity.kind, attr, concept)].append(entity)
        return dict(index)

    @cached_property
    def _named_with(self) -> dict[tuple[str, str], list[Entity]]:
        index: dict[tuple[str, str], list[Entity]] = defaultdict(list)
        for entity in self.bank.entities.values():
            for word in content_words(entity.name):
                index[(entity.kind, word)].append(entity)
        return dict(index)

    def named_with(self, kind: str, word: str) -> list[Entity]:
        """Entities of a kind whose name contains the content word (for clue-free options)."""
        return self._named_with.get((kind, word), [])

    @cached_property
    def pool(self) -> dict[tuple[str, str], list[str]]:
        """(kind, attr) -> concepts used as values there, in bank order, no repeats."""
        index: dict[tuple[str, str], dict[str, None]] = defaultdict(dict)
        for entity in self.bank.entities.values():
            for attr, spec in self.kinds[entity.kind].attributes.items():
                if spec.is_concept:
                    for concept in concept_values(entity, attr):
                        index[(entity.kind, attr)][concept] = None
        return {key: list(values) for key, values in index.items()}

    @cached_property
    def _by_type(self) -> dict[str, list[str]]:
        index: dict[str, list[str]] = defaultdict(list)
        for concept in self.bank.concepts.values():
            index[concept.type].append(concept.id)
        return dict(index)

    @cached_property
    def _candidates(self) -> dict[tuple[str, str], list[str]]:
        return {}

    def candidates(self, kind: str, attr: str, concept_type: str) -> list[str]:
        """Distractor candidates for an attribute: values used there first, then same-type concepts."""
        key = (kind, attr)
        if key not in self._candidates:
            used = self.pool.get(key, [])
            seen = set(used)
            rest = [c for c in self._by_type.get(concept_type, []) if c not in seen]
            self._candidates[key] = used + rest
        return self._candidates[key]

    @cached_property
    def _similar(self) -> dict[str, set[str]]:
        pairs: dict[str, set[str]] = defaultdict(set)
        for concept in self.bank.concepts.values():
            for other in concept.similar:
                pairs[concept.id].add(other)
                pairs[other].add(concept.id)
        return dict(pairs)

    def ancestors(self, concept_id: str) -> frozenset[str]:
        """The concept and everything broader than it, transitively."""
        if concept_id not in self._ancestors:
            seen: set[str] = set()
            stack = [concept_id]
            while stack:
                current = stack.pop()
                if current in seen:
                    continue
                seen.add(current)
                concept = self.bank.concepts.get(current)
                stack.extend(concept.broader if concept else ())
            self._ancestors[concept_id] = frozenset(seen)
        return self._ancestors[concept_id]

    def true_closure(self, values: Iterable[str]) -> set[str]:
        closure: set[str] = set()
        for value in values:
            closure |= self.ancestors(value)
        return closure

    def true_of(self, entity: Entity, attr: str, concept: str) -> bool:
        return concept in self.true_closure(concept_values(entity, attr))

    def unsafe(self, entity: Entity, attr: str, concept: str) -> bool:
        """True when stating `concept` as false about the entity could be disputed."""
        # What the author marked as not-false counts as true here, so its similars are unsafe too.
        closure = self.true_closure(concept_values(entity, attr)) | set(entity.not_distractor)
        if concept in closure:
            return True
        related = self.ancestors(concept) | self._similar.get(concept, set())
        return any(c in closure or self._similar.get(c, set()) & closure for c in related)

    def overlapping(self, a: Entity, b: Entity) -> bool:
        return a.id == b.id or b.id in a.overlaps or a.id in b.overlaps

    def concept(self, concept_id: str) -> Concept:
        return self.bank.concepts[concept_id]
