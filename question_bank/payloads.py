"""The typed payloads of the question types that carry data of their own.

Here rather than in each type's module so that generators (which the types call) can build them
without importing the registry. A type with no generator may declare its payload in its own module.
"""

from __future__ import annotations

from dataclasses import dataclass

from question_bank.model import Payload


@dataclass(frozen=True)
class ClozePayload(Payload):
    text: str = ""  # the sentence with its deletions in Anki's {{c1::...}} syntax


@dataclass(frozen=True)
class MatchingPayload(Payload):
    items: tuple[str, ...] = ()  # the left-hand items; the answer holds their matches in order


@dataclass(frozen=True)
class ChoicePayload(Payload):
    rationales: tuple[str, ...] = ()  # why each option is right or wrong, in the order of the choices
    objective: str = ""  # what the item teaches, one sentence


@dataclass(frozen=True)
class VignettePayload(ChoicePayload):
    stem: str = ""  # the case, 3–6 sentences
    lead_in: str = ""  # the question asked about it
