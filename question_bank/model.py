"""The content model: concepts, entities, banks, and the questions generated from them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import TYPE_CHECKING, Any, Self

if TYPE_CHECKING:
    from question_bank.cases import CaseBook
    from question_bank.schema import KindSpec


@dataclass(frozen=True)
class Section:
    """A section of the source text; every fact points at one."""

    id: str
    title: str
    cites: tuple[str, ...] = ()
    topic: str = ""  # the topic its facts' questions are filed under (else each kind's topic)


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
    cases: CaseBook | None = None  # cases.yaml: findings, profiles and vignette plans
    condition: str = ""  # what the bank is about, as its wording names it: "gout"
    kinds: Mapping[str, KindSpec] | None = None  # the kinds as this bank words them (None: the schema's)
    items: tuple[Question, ...] = ()  # written by hand (items.yaml), beside the generated ones

    def of_kind(self, kind: str) -> list[Entity]:
        return [e for e in self.entities.values() if e.kind == kind]


@dataclass(frozen=True)
class Payload:
    """Type-specific data of a question. Each question type (question_bank.types) declares its
    own subclass; a type with no data of its own uses this empty one. Stored as one JSON value."""

    def to_dict(self) -> dict[str, Any]:
        return {f.name: _plain(getattr(self, f.name)) for f in fields(self)}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Self:
        """The payload from its JSON form; ValueError names a field this type does not have."""
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise ValueError(f"unknown payload field(s) for {cls.__name__}: {', '.join(unknown)}")
        return cls(**{name: tuple(v) if isinstance(v, list) else v for name, v in data.items()})


def _plain(value: Any) -> Any:
    return list(value) if isinstance(value, tuple) else value


NO_PAYLOAD = Payload()


@dataclass(frozen=True)
class Question:
    """A question. `fact` groups siblings asked about the same entity attribute; `payload` holds
    what only its type has (matching items, cloze text); `version` is the stored version answered
    (0 for a question not stored yet)."""

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
    payload: Payload = NO_PAYLOAD
    media: tuple[str, ...] = ()  # file names of images shown with the question
    # Images shown only once the question is answered, with the key and explanation: an entity's
    # picture illustrates the fact, and on the question side it could give the key away.
    answer_media: tuple[str, ...] = ()
    meta: Mapping[str, str] = field(default_factory=dict)  # relation/subject/direction for checks
    version: int = 0
    markup: str = "plain"  # or "markdown": rendered (and sanitized) wherever it is shown

    @property
    def answers(self) -> tuple[str, ...]:
        """The key as a tuple, whether it is one value or several."""
        return self.answer if isinstance(self.answer, tuple) else (self.answer,)

    @property
    def all_media(self) -> tuple[str, ...]:
        """Every image file the question names, question side first, each once."""
        return tuple(dict.fromkeys((*self.media, *self.answer_media)))

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": self.id,
            "type": self.type,
            "prompt": self.prompt,
            "choices": list(self.choices),
            "answer": _plain(self.answer),
            "explanation": self.explanation,
            "tags": list(self.tags),
            "source": self.source,
            "bank": self.bank,
            "topic": self.topic,
            "fact": self.fact,
        }
        payload = self.payload.to_dict()
        if payload:
            data["payload"] = payload
        if self.media:
            data["media"] = list(self.media)
        if self.answer_media:
            data["answer_media"] = list(self.answer_media)
        if self.markup != "plain":
            data["markup"] = self.markup
        return data
