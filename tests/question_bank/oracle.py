"""An independent reading of what a bank says is true, used to check generated items.

Deliberately re-implemented here rather than imported from question_bank.knowledge, so a bug
there cannot hide itself.
"""

from __future__ import annotations

from question_bank.generators.base import display
from question_bank.model import Bank, Entity, Question
from question_bank.schema import load_kinds


def _ancestors(bank: Bank, concept: str) -> set[str]:
    out, todo = set(), [concept]
    while todo:
        c = todo.pop()
        if c not in out:
            out.add(c)
            todo.extend(bank.concepts[c].broader)
    return out


def values(entity: Entity, attr: str) -> list[str]:
    v = entity.attrs.get(attr)
    return [] if v is None else [v] if isinstance(v, str) else list(v)


def is_true(bank: Bank, entity: Entity, attr: str, concept: str) -> bool:
    return any(concept in _ancestors(bank, v) for v in values(entity, attr))


def is_disputable(bank: Bank, entity: Entity, attr: str, concept: str) -> bool:
    """True, or close enough to true that a clinician could argue for it."""
    if is_true(bank, entity, attr, concept) or concept in entity.not_distractor:
        return True
    truths = set().union(*(_ancestors(bank, v) for v in values(entity, attr)), entity.not_distractor)
    similar = {s for c in truths for s in bank.concepts[c].similar}
    similar |= {c.id for c in bank.concepts.values() if set(c.similar) & truths}
    return concept in similar or bool(_ancestors(bank, concept) & truths)


def concept_by_display(bank: Bank, attr_type: str, text: str) -> str:
    found = [c.id for c in bank.concepts.values() if c.type == attr_type and display(c.label) == text]
    assert len(found) == 1, f"option {text!r} matches {found}"
    return found[0]


def entity_by_display(bank: Bank, kind: str, text: str) -> Entity:
    found = [e for e in bank.entities.values() if e.kind == kind and display(e.name) == text]
    assert len(found) == 1, f"option {text!r} matches {[e.id for e in found]}"
    return found[0]


def finding_truths(bank: Bank, q: Question) -> list[tuple[str, bool, bool]]:
    """A findings item read against the entity's case profile: an option is true when its value is
    one the profile allows; a variable the profile does not name could be argued either way."""
    assert bank.cases is not None
    profile = bank.cases.profiles[q.meta["entity"]].findings
    by_phrase = {
        display(value.phrase): (variable.id, value.id)
        for variable in bank.cases.variables.values()
        for value in variable.values.values()
    }
    out = []
    for option in q.choices:
        variable, value = by_phrase[option]
        true = value in profile.get(variable, (value,))
        out.append((option, true, true or variable not in profile))
    return out


def option_truths(bank: Bank, q: Question) -> list[tuple[str, bool, bool]]:
    """(option, is it true, could it be argued true) for each option of a selected-response item."""
    if q.meta["template"] == "findings-multi":
        return finding_truths(bank, q)
    entity = bank.entities[q.meta["entity"]]
    attr, template = q.meta["attr"], q.meta["template"]
    spec = load_kinds()[entity.kind].attributes[attr]
    out = []
    for option in q.choices:
        if template in ("mcq-forward", "multi"):
            c = concept_by_display(bank, spec.concept_type, option)
            out.append((option, is_true(bank, entity, attr, c), is_disputable(bank, entity, attr, c)))
        elif template == "mcq-reverse":
            other = entity_by_display(bank, entity.kind, option)
            key = q.meta["key"]
            right = is_true(bank, other, attr, key)
            argued = (
                is_disputable(bank, other, attr, key)
                or other.id in entity.overlaps
                or entity.id in other.overlaps
            )
            out.append((option, right, argued or right))
        elif template == "mcq-definition":
            other = entity_by_display(bank, entity.kind, option)
            same = other.id == entity.id
            out.append((option, same, same or other.id in entity.overlaps or entity.id in other.overlaps))
        else:
            raise AssertionError(f"unexpected template {template}")
    return out
