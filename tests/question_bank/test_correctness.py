"""Every selected-response item has exactly one defensible answer: on the real bank and on random
synthetic banks with hierarchies, similar concepts, overlaps and not_distractor marks."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from question_bank import Bank, Concept, Entity, Question, Section, bundled_bank_path, bundled_slugs, generate
from question_bank.lint import lint
from question_bank.loader import load_bank
from question_bank.schema import load_kinds
from question_bank.types.matching import MatchItems
from tests.question_bank.oracle import (
    concept_by_display,
    entity_by_display,
    is_disputable,
    is_true,
    option_truths,
)

TYPES = {
    "drug-class": 6,
    "side-effect": 10,
    "test-category": 4,
    "finding": 8,
    "dermatome": 7,
    "myotome": 6,
    "reflex": 5,
}
KINDS = {
    "drug": {"drug_class": ("drug-class", True), "side_effects": ("side-effect", True)},
    "diagnostic_test": {"category": ("test-category", False), "assesses": ("finding", True)},
    "nerve_root": {
        "dermatome": ("dermatome", False),
        "myotome": ("myotome", False),
        "reflex": ("reflex", False),
    },
}


@st.composite
def concepts_of(draw: st.DrawFn, ctype: str, count: int) -> list[Concept]:
    out: list[Concept] = []
    for i in range(count):
        earlier = [c.id for c in out]
        broader = draw(st.lists(st.sampled_from(earlier), max_size=1)) if earlier else []
        similar = draw(st.lists(st.sampled_from(earlier), max_size=1)) if earlier else []
        out.append(
            Concept(
                id=f"{ctype}-{i}",
                type=ctype,
                label=f"{ctype} value {i}",
                broader=tuple(broader),
                similar=tuple(similar),
            )
        )
    return out


@st.composite
def entity_of(draw: st.DrawFn, kind: str, index: int, pools: dict[str, list[str]]) -> Entity:
    attrs: dict[str, object] = {}
    for attr, (ctype, many) in KINDS[kind].items():
        pool = pools[ctype]
        if many:
            attrs[attr] = tuple(draw(st.lists(st.sampled_from(pool), min_size=1, max_size=3, unique=True)))
        else:
            attrs[attr] = draw(st.sampled_from(pool))
    if kind == "drug":
        attrs["dose"] = f"{index + 1} mg"
    everything = [c for p in pools.values() for c in p]
    not_distractor = draw(st.lists(st.sampled_from(everything), max_size=2, unique=True))
    return Entity(
        id=f"{kind}-{index}",
        kind=kind,
        name=f"{kind.replace('_', ' ')} number {index}",
        attrs=attrs,
        section="s",
        not_distractor=tuple(not_distractor),
    )


@st.composite
def synthetic_banks(draw: st.DrawFn) -> Bank:
    concepts: dict[str, Concept] = {}
    pools: dict[str, list[str]] = {}
    for ctype, count in TYPES.items():
        made = draw(concepts_of(ctype, draw(st.integers(3, count))))
        concepts.update({c.id: c for c in made})
        pools[ctype] = [c.id for c in made]
    entities: dict[str, Entity] = {}
    for kind in KINDS:
        for i in range(draw(st.integers(2, 12))):
            entity = draw(entity_of(kind, i, pools))
            entities[entity.id] = entity
    ids = list(entities)
    for a, b in draw(st.lists(st.tuples(st.sampled_from(ids), st.sampled_from(ids)), max_size=3)):
        ea = entities[a]
        if entities[b].kind == ea.kind and a != b:
            entities[a] = Entity(**{**ea.__dict__, "overlaps": (*ea.overlaps, b)})
    return Bank(
        slug="synthetic",
        title="Synthetic",
        description="",
        sections={"s": Section("s", "Section")},
        concepts=concepts,
        entities=entities,
    )


def check_item(bank: Bank, q: Question) -> None:
    if q.type in ("mcq", "multi"):
        truths = option_truths(bank, q)
        right = [o for o, true, _ in truths if true]
        keys = set(q.answer) if isinstance(q.answer, tuple) else {q.answer}
        assert set(right) == keys, (q.prompt, q.choices, q.answer, truths)
        assert not [o for o, true, argued in truths if argued and not true], (q.prompt, truths)
        if q.type == "mcq":
            assert len(right) == 1 and 4 <= len(q.choices) <= 5
    elif q.type == "truefalse" and q.meta["template"] == "tf-finding":
        assert bank.cases is not None
        allowed = bank.cases.profiles[q.meta["entity"]].findings[q.meta["attr"].removeprefix("finding-")]
        assert (q.answer == "True") == (q.meta["shown"] in allowed), q.prompt
    elif q.type == "truefalse":
        entity, attr = bank.entities[q.meta["entity"]], q.meta["attr"]
        if q.answer == "True":
            assert is_true(bank, entity, attr, q.meta["key"]), q.prompt
        else:
            assert not is_disputable(bank, entity, attr, q.meta["shown"]), q.prompt
    elif q.type == "matching":
        check_matching(bank, q)


def check_matching(bank: Bank, q: Question) -> None:
    kind = bank.entities[q.meta["entity"]].kind
    ctype = load_kinds()[kind].attributes[q.meta["attr"]].concept_type
    for item, answer in MatchItems().pairs(q):
        entity = entity_by_display(bank, kind, item)
        for choice in q.choices:
            concept = concept_by_display(bank, ctype, choice)
            if choice == answer:
                assert is_true(bank, entity, q.meta["attr"], concept), (q.prompt, item, choice)
            else:
                assert not is_disputable(bank, entity, q.meta["attr"], concept), (item, choice)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(bank=synthetic_banks(), seed=st.integers(0, 2**16))
def test_synthetic_banks_have_one_defensible_answer(bank: Bank, seed: int) -> None:
    questions = generate(bank, seed=seed)
    assert len({q.id for q in questions}) == len(questions)
    for q in questions:
        check_item(bank, q)
        assert lint(q) == [], (q.prompt, q.choices, lint(q))


@pytest.mark.parametrize("slug", bundled_slugs())
def test_real_bank_has_one_defensible_answer(slug: str) -> None:
    bank = load_bank(bundled_bank_path(slug))
    questions = generate(bank)
    selected = [q for q in questions if q.type in ("mcq", "multi", "truefalse")]
    assert selected
    for q in questions:
        check_item(bank, q)
        assert lint(q) == [], (q.prompt, q.choices, lint(q))


OPEN_LISTS = {"drug": ("side_effects", "side-effect"), "diagnostic_test": ("assesses", "finding")}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(bank=synthetic_banks(), seed=st.integers(0, 2**16), data=st.data())
def test_a_true_but_unlisted_value_makes_no_item_wrong(bank: Bank, seed: int, data: st.DataObject) -> None:
    """A drug's adverse effects (or what a test detects) are never all listed. Add one that the
    bank did not list, as the world might: every item written from the shorter list stays right."""
    questions = generate(bank, seed=seed)
    candidates = [e for e in bank.entities.values() if e.kind in OPEN_LISTS]
    entity = data.draw(st.sampled_from(candidates))
    attr, ctype = OPEN_LISTS[entity.kind]
    extra = data.draw(st.sampled_from([c.id for c in bank.concepts.values() if c.type == ctype]))
    widened = Entity(**{**entity.__dict__, "attrs": {**entity.attrs, attr: (*entity.attrs[attr], extra)}})
    world = Bank(**{**bank.__dict__, "entities": {**bank.entities, entity.id: widened}})
    objective = [q for q in questions if q.type in ("mcq", "multi", "truefalse", "matching")]
    assume(objective)  # some random banks yield none; those say nothing here
    for q in objective:
        check_item(world, q)  # asserts every option's truth against the wider world
