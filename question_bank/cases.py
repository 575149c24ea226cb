"""What a bank knows about patients: findings, the findings each entity implies, and vignette plans.

A bank's `cases.yaml` holds three lists:
- variables: something a vignette can say about a patient (serum calcium, the reflex that is
  reduced), each value with the sentence a stem uses and the phrase an explanation uses. A
  variable with `attribute` takes its values from that entity attribute's concepts instead.
- profiles: for an entity (a cause, a test), the values of each variable it is compatible with,
  with the source that says so. A variable a profile does not mention is unknown, never false.
- vignettes: plans for one kind of item: candidates, the variables its stems state, an opening
  sentence, a lead-in and an educational objective.

The single-best-answer proof (`Cases.contradiction`, `Cases.holds`) is deliberately simple:
a finding rules a candidate out only when the candidate's profile names that variable and not
that value. So a fact the bank does not hold can never make a distractor wrong by omission.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from question_bank.knowledge import Knowledge, concept_values
from question_bank.model import Entity

Findings = Mapping[str, str]  # variable id -> the value a stem states


@dataclass(frozen=True)
class FindingValue:
    id: str
    sentence: str  # as a stem states it: "Serum calcium is raised."
    phrase: str  # as an explanation names it: "a raised serum calcium"


@dataclass(frozen=True)
class Variable:
    id: str
    values: Mapping[str, FindingValue] = field(default_factory=dict)
    attribute: str = ""  # an entity attribute whose concepts are the values (nerve-root dermatome)
    sentence: str = ""  # for attribute variables: "Sensation is reduced over the {label}."
    phrase: str = ""  # for attribute variables: "sensory loss over the {label}"
    # A property of the options (what a test shows, what an operation does), not of the patient:
    # its phrases are clauses ("it shows ..."), and it may be asked without being stated in the stem.
    property: bool = False


@dataclass(frozen=True)
class Profile:
    entity: str
    findings: Mapping[str, tuple[str, ...]]  # variable -> compatible values, the typical one first
    source: str
    patient: str = ""  # how a stem introduces this entity's typical patient, from the source
    why: str = ""  # one sentence, from the source: why the findings point here
    option: str = ""  # the option text, when the entity's name would not read as one
    line: int = 0


@dataclass(frozen=True)
class Plan:
    id: str
    section: str
    candidates: tuple[str, ...]
    uses: tuple[str, ...]
    opening: str  # "{patient} has low back pain, and a radiograph shows a calcified L1–L2 disc."
    lead_in: str
    objective: str
    patient: str = "A patient"  # when the key's profile names no typical patient
    asks: Mapping[str, str] = field(default_factory=dict)  # findings every stem of the plan states
    keys: tuple[str, ...] = ()  # the candidates that may be keyed (default: all of them)
    line: int = 0


@dataclass(frozen=True)
class CaseBook:
    variables: Mapping[str, Variable] = field(default_factory=dict)
    profiles: Mapping[str, Profile] = field(default_factory=dict)
    plans: tuple[Plan, ...] = ()


class Cases:
    """A bank's case book joined to its entities: profiles, stem sentences, and the proof."""

    def __init__(self, book: CaseBook, know: Knowledge) -> None:
        self.book = book
        self.know = know

    def profile(self, entity: Entity) -> dict[str, tuple[str, ...]]:
        """Variable -> compatible values, from the case book and from attribute variables."""
        found = dict(self.book.profiles[entity.id].findings) if entity.id in self.book.profiles else {}
        for variable in self.book.variables.values():
            if variable.attribute and variable.attribute in entity.attrs:
                found[variable.id] = self._attribute_values(entity, variable.attribute)
        return found

    def _attribute_values(self, entity: Entity, attr: str) -> tuple[str, ...]:
        # What the entity has first, then every value it must never be said not to have.
        own = concept_values(entity, attr)
        pool = self.know.pool.get((entity.kind, attr), [])
        return own + tuple(c for c in pool if c not in own and self.know.unsafe(entity, attr, c))

    def holds(self, entity: Entity, findings: Findings) -> bool:
        """Every finding is named by the entity's profile and allowed by it: what a key needs."""
        profile = self.profile(entity)
        return all(value in profile.get(variable, ()) for variable, value in findings.items())

    def misses(self, entity: Entity, findings: Findings) -> int:
        """How many findings the entity's profile rules out."""
        profile = self.profile(entity)
        return sum(1 for v, value in findings.items() if v in profile and value not in profile[v])

    def contradiction(self, entity: Entity, findings: Findings) -> str:
        """The first stated variable whose value the entity's profile rules out, or ''."""
        profile = self.profile(entity)
        for variable, value in findings.items():
            allowed = profile.get(variable)
            if allowed is not None and value not in allowed:
                return variable
        return ""

    def sentence(self, variable_id: str, value: str) -> str:
        variable = self.book.variables[variable_id]
        if variable.attribute:
            return variable.sentence.format(label=self.know.concept(value).label)
        return variable.values[value].sentence

    def phrase(self, variable_id: str, value: str) -> str:
        variable = self.book.variables[variable_id]
        if variable.attribute:
            return variable.phrase.format(label=self.know.concept(value).label)
        return variable.values[value].phrase
