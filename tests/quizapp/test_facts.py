"""Facts written in the browser: checked by the bank loader's rules, previewed as the questions
the generators write, published as versions beside hand-written questions."""

from __future__ import annotations

import pytest

from quizapp.services import facts
from quizapp.services.errors import NotFound
from quizapp.store import catalog
from tests.quizapp.course_world import World, build_world


@pytest.fixture
def world(engine, make_user, clock) -> World:
    return build_world(engine, make_user, clock)


def drug(name: str, drug_class: str, *side_effects: str, dose: str = "500 mg twice daily") -> facts.Written:
    return facts.Written(
        kind="drug",
        name=name,
        section="drug-treatment",
        values={"dose": dose},
        new_values={"drug_class": [drug_class], "side_effects": list(side_effects)},
    )


def test_facts_are_checked_previewed_and_published_beside_written_questions(engine, world, clock) -> None:
    teacher, slug = world.teacher, world.slug
    facts.set_condition(engine, teacher, slug, "gout", clock())
    facts.add_section(engine, teacher, slug, "Drug treatment", "NICE NG219", clock())
    for written in (
        drug("allopurinol", "a xanthine oxidase inhibitor", "rash", dose="100 mg daily, raised by 100 mg"),
        drug("febuxostat", "a xanthine oxidase inhibitor", "liver enzyme rise", dose="80 mg daily"),
        drug(
            "colchicine",
            "an anti-inflammatory for flares",
            "diarrhoea",
            dose="500 micrograms two to four times daily",
        ),
        drug("naproxen", "an NSAID", "indigestion", dose="500 mg twice daily with food"),
    ):
        facts.add_entity(engine, teacher, slug, written, clock())
    found = facts.facts(engine, teacher, slug)
    assert [c["id"] for c in found.data["concepts"] if c["type"] == "drug-class"] == [
        "a-corticosteroid",  # the world's prednisolone
        "a-xanthine-oxidase-inhibitor",
        "an-anti-inflammatory-for-flares",
        "an-nsaid",
    ], "a concept named twice is made once"
    preview = facts.preview(engine, teacher, slug)
    prompts = [q.prompt for q in preview.questions]
    assert "What is the usual adult dose of colchicine in this setting?" in prompts
    assert preview.new == {q.id for q in preview.questions} and not preview.retired
    report = facts.publish(engine, teacher, slug, clock())
    assert report.added == len(preview.questions) and report.retired == 0
    with engine.connect() as conn:
        live = {q.id for q in catalog.live_questions(conn, slug)}
    assert world.question_id in live, "the hand-written vignette stays"
    assert {q.id for q in preview.questions} <= live

    facts.remove_entity(engine, teacher, slug, "naproxen", clock())
    again = facts.preview(engine, teacher, slug)
    assert again.retired and not again.new
    assert facts.publish(engine, teacher, slug, clock()).retired == len(again.retired)
    with engine.connect() as conn:
        assert world.question_id in {q.id for q in catalog.live_questions(conn, slug)}


def test_a_fact_the_loader_refuses_is_not_kept_and_says_which_field(engine, world, clock) -> None:
    no_dose = facts.Written(
        kind="drug",
        name="probenecid",
        section="treatment",
        values={},
        new_values={"drug_class": ["a uricosuric"]},
    )
    with pytest.raises(facts.FactErrors) as refused:
        facts.add_entity(engine, world.teacher, world.slug, no_dose, clock())
    assert "missing required attribute 'dose'" in " ".join(refused.value.by_field["id"])
    kept = facts.facts(engine, world.teacher, world.slug).data["entities"]["drug"]
    assert [e["id"] for e in kept] == ["prednisolone"], "nothing of the refused fact is stored"
    facts.set_condition(engine, world.teacher, world.slug, "", clock())
    mechanism = {"mechanism": "Urate crystallises above its solubility limit."}
    cause = facts.Written("cause", "hyperuricaemia", "treatment", mechanism, {"category": ["metabolic"]})
    with pytest.raises(facts.FactErrors) as refused:
        facts.add_entity(engine, world.teacher, world.slug, cause, clock())
    assert "condition" in refused.value.by_field, "the cause wording needs the bank's condition"


def test_only_the_banks_authors_write_its_facts(engine, world, clock) -> None:
    for outsider in (world.other_teacher, world.student):
        with pytest.raises(NotFound):
            facts.add_section(engine, outsider, world.slug, "Mine", "", clock())
    facts.add_section(engine, world.coauthor, world.slug, "Co-written", "", clock())
