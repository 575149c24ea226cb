"""The content model: concepts, entities, banks, and the questions generated from them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

QUESTION_TYPES = ("mcq", "multi", "truefalse", "cloze", "matching", "flashcard")


@dataclass(frozen=True)
class Section:
    """A section of the source text; every fact points at one."""

    id: str
    title: str
    cites: tuple[str, ...] = ()


@dataclass(frozen=True)
class Concept:
    """A value that recurs across entities (a side effect, a finding, a drug class)."""

    id: str
    type: str
    label: str
    synonyms: tuple[str, ...] = ()
    broader: tuple[str, ...] = ()  # ancestors: an NSAID is a non-opioid analgesic
    similar: tuple[str, ...] = ()  # never used as each other's distractors


@dataclass(frozen=True)
class Entity:
    """One thing the bank knows about, of a kind from the schema, with its attribute values."""

    id: str
    kind: str
    name: str
    attrs: Mapping[str, Any]  # text -> str, concept -> str, concepts -> tuple[str, ...]
    section: str
    aliases: tuple[str, ...] = ()
    cites: tuple[str, ...] = ()
    overlaps: tuple[str, ...] = ()  # same-kind entities never offered as its distractors
    not_distractor: tuple[str, ...] = ()  # concept ids never stated as false about it
    standard_anatomy: bool = False  # from standard references, not from the article
    image: str = ""  # file name relative to the bank folder, shown with its questions
    reference: str = ""
    file: str = ""
    line: int = 0


@dataclass(frozen=True)
class Bank:
    """A loaded, validated bank: its sections, concepts and entities by id."""

    slug: str
    title: str
    description: str
    sections: Mapping[str, Section]
    concepts: Mapping[str, Concept]
    entities: Mapping[str, Entity]
    notes: tuple[str, ...] = ()

    def of_kind(self, kind: str) -> list[Entity]:
        return [e for e in self.entities.values() if e.kind == kind]


@dataclass(frozen=True)
class Question:
    """A generated question. `fact` groups siblings asked about the same entity attribute."""

    id: str
    type: str
    prompt: str
    choices: tuple[str, ...]
    answer: str | tuple[str, ...]
    explanation: str
    tags: tuple[str, ...]
    source: str
    bank: str
    topic: str
    fact: str
    items: tuple[str, ...] = ()  # matching: the left-hand items, answer holds their matches
    cloze: str = ""  # cloze: the text in Anki's {{c1::...}} syntax
    media: tuple[str, ...] = ()  # file names of images shown with the question
    meta: Mapping[str, str] = field(default_factory=dict)  # relation/subject/direction for checks

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": self.id,
            "type": self.type,
            "prompt": self.prompt,
            "choices": list(self.choices),
            "answer": list(self.answer) if isinstance(self.answer, tuple) else self.answer,
            "explanation": self.explanation,
            "tags": list(self.tags),
            "source": self.source,
            "bank": self.bank,
            "topic": self.topic,
            "fact": self.fact,
        }
        if self.items:
            data["items"] = list(self.items)
        if self.cloze:
            data["cloze"] = self.cloze
        if self.media:
            data["media"] = list(self.media)
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Question:
        answer = data["answer"]
        return cls(
            id=data["id"],
            type=data["type"],
            prompt=data["prompt"],
            choices=tuple(data.get("choices", ())),
            answer=tuple(answer) if isinstance(answer, list) else answer,
            explanation=data.get("explanation", ""),
            tags=tuple(data.get("tags", ())),
            source=data.get("source", ""),
            bank=data.get("bank", ""),
            topic=data.get("topic", ""),
            fact=data.get("fact", data["id"]),
            items=tuple(data.get("items", ())),
            cloze=data.get("cloze", ""),
            media=tuple(data.get("media", ())),
        )
