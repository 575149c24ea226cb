"""Clinical vignettes: one option fits the stated findings, read back from the stem as a student would."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from question_bank import bundled_bank_path, bundled_slugs, generate, load_bank
from question_bank.cases import CaseBook, FindingValue, Plan, Profile, Variable
from question_bank.generators import Context
from question_bank.generators.vignette import generate_vignettes, sentence_count
from question_bank.knowledge import Knowledge
from question_bank.model import Bank, Entity, Section
from question_bank.payloads import VignettePayload
from tests.question_bank.test_loader import GOOD_DRUG, problems_of, write_bank

VALUES = ("low", "normal", "high")
CLINICAL_SECTIONS = {
    "symptoms",
    "nerve-root-table",
    "when-to-see-a-doctor",
    "causes",
    "diagnostic-tests",
    "pharmacological-treatments",
    "surgery",
}


def _sentence(variable: str, value: str) -> str:
    return f"Marker {variable} is {value}."


@st.composite
def case_banks(draw: st.DrawFn) -> Bank:
    """A bank of 4–7 candidates with random profiles over 2–4 variables, and one plan."""
    n_vars = draw(st.integers(2, 4))
    variables = {
        f"v{i}": Variable(
            f"v{i}",
            values={x: FindingValue(x, _sentence(f"v{i}", x), f"{x} v{i}") for x in VALUES},
        )
        for i in range(n_vars)
    }
    names = [f"c{i}" for i in range(draw(st.integers(4, 7)))]
    profiles = {}
    for name in names:
        chosen = draw(st.lists(st.sampled_from(sorted(variables)), unique=True, max_size=n_vars))
        findings = {
            v: tuple(draw(st.lists(st.sampled_from(VALUES), min_size=1, max_size=2, unique=True)))
            for v in chosen
        }
        profiles[name] = Profile(name, findings, source="test")
    plan = Plan(
        id="p",
        section="s",
        candidates=tuple(names),
        uses=tuple(sorted(variables)),
        opening="{patient} has a problem.",
        lead_in="Which condition is most likely?",
        objective="Tell the conditions apart.",
    )
    entities = {
        n: Entity(id=n, kind="faq", name=f"condition {n}", attrs={"answer": "x"}, section="s") for n in names
    }
    return Bank(
        slug="synthetic",
        title="Synthetic",
        description="",
        sections={"s": Section("s", "Section")},
        concepts={},
        entities=entities,
        cases=CaseBook(variables, profiles, (plan,)),
    )


def read_findings(stem: str, book: CaseBook) -> dict[str, str]:
    """The findings a stem states, found by their sentences (independent of the generator)."""
    by_sentence = {
        value.sentence: (variable.id, value.id)
        for variable in book.variables.values()
        for value in variable.values.values()
    }
    return dict(by_sentence[s] for s in re.split(r"(?<=\.)\s+", stem) if s in by_sentence)


def fits(profile: Profile | None, findings: dict[str, str]) -> bool:
    """An option fits unless its profile names a stated variable without the stated value."""
    named = profile.findings if profile else {}
    return all(value in named.get(variable, (value,)) for variable, value in findings.items())


def assert_single_best(bank: Bank) -> None:
    """Every vignette of the bank: exactly one option (the key) fits what its stem states."""
    assert bank.cases is not None
    by_name = {e.name.capitalize(): e.id for e in bank.entities.values()}
    for question in generate_vignettes(Context(bank=bank, know=Knowledge(bank), seed=0)):
        assert isinstance(question.payload, VignettePayload)
        findings = read_findings(question.payload.stem, bank.cases)
        options = [by_name[c] for c in question.choices]
        key = by_name[str(question.answer)]
        fitting = [e for e in options if fits(bank.cases.profiles.get(e), findings)]
        assert fitting == [key], (question.prompt, question.choices, question.answer)
        # The key is not merely not ruled out: its profile names every finding the stem states.
        assert set(findings) <= set(bank.cases.profiles[key].findings)
        assert len(options) >= 4


@settings(max_examples=300, deadline=None)
@given(case_banks())
def test_every_vignette_has_exactly_one_option_that_fits_its_findings(bank: Bank) -> None:
    assert_single_best(bank)


@settings(max_examples=150, deadline=None)
@given(case_banks(), st.data())
def test_a_fact_added_to_a_distractor_never_leaves_a_wrong_item(bank: Bank, data: st.DataObject) -> None:
    """Widen one candidate's profile (a value the bank had not listed turns out to be true of it):
    regenerated, no item keys an option that no longer fits or shows a second option that fits."""
    assert bank.cases is not None
    name = data.draw(st.sampled_from(sorted(bank.cases.profiles)))
    old = bank.cases.profiles[name]
    if not old.findings:
        return
    variable = data.draw(st.sampled_from(sorted(old.findings)))
    widened = {**old.findings, variable: tuple(dict.fromkeys((*old.findings[variable], *VALUES)))}
    profiles = {**bank.cases.profiles, name: Profile(name, widened, source="test")}
    book = CaseBook(bank.cases.variables, profiles, bank.cases.plans)
    assert_single_best(dataclasses.replace(bank, cases=book))


@pytest.mark.parametrize("slug", bundled_slugs())
def test_bundled_vignettes_read_as_items(slug: str) -> None:
    bank = load_bank(bundled_bank_path(slug))
    vignettes = [q for q in generate(bank) if q.type == "vignette"]
    assert len(vignettes) >= 3
    for q in vignettes:
        payload = q.payload
        assert isinstance(payload, VignettePayload)
        assert 3 <= sentence_count(payload.stem) <= 6, payload.stem
        assert payload.lead_in.endswith("?") and payload.objective
        assert len(payload.rationales) == len(q.choices) >= 4
        assert all(payload.rationales), q.id
        assert q.answer not in payload.stem
    stems = {}
    for q in vignettes:
        assert stems.setdefault(q.prompt, q.answer) == q.answer, f"two keys for one stem: {q.prompt}"


def test_the_lumbar_bank_has_vignettes_across_its_clinical_sections() -> None:
    bank = load_bank(bundled_bank_path("lumbar-l1-l2"))
    vignettes = [q for q in generate(bank) if q.type == "vignette"]
    assert len(vignettes) >= 20
    sections = {bank.entities[q.meta["entity"]].section for q in vignettes}
    assert sections >= CLINICAL_SECTIONS


CASES_BAD = """\
variables:
  - id: calcium
    values:
      high: {sentence: "Calcium is raised.", phrase: "raised calcium"}
profiles:
  - entity: ibuprofen
    findings: {calcium: sky-high, sodium: low}
    source: test
  - entity: paracetamol
    findings: {calcium: high}
    source: test
vignettes:
  - id: bad
    section: nowhere
    candidates: [ibuprofen]
    uses: [calcium]
    opening: "A patient has pain."
    lead_in: "Which drug"
    objective: "x"
"""


def test_cases_file_problems_name_file_line_and_field(tmp_path: Path) -> None:
    root = write_bank(tmp_path / "tiny", GOOD_DRUG)
    (root / "cases.yaml").write_text(CASES_BAD)
    found = problems_of(root)
    assert any("cases.yaml:7" in p and "sky-high" in p for p in found), found
    assert any("cases.yaml:7" in p and "'sodium' is not a variable" in p for p in found), found
    assert any("unknown section 'nowhere'" in p for p in found), found
    assert any("{patient}" in p for p in found), found
    assert any("ending in '?'" in p for p in found), found


def test_cases_file_names_only_entities_the_bank_has(tmp_path: Path) -> None:
    root = write_bank(tmp_path / "tiny", GOOD_DRUG)
    good_otherwise = CASES_BAD.replace("sky-high, sodium: low", "high").replace("nowhere", "s1")
    (root / "cases.yaml").write_text(
        good_otherwise.replace("A patient", "{patient}").replace('"Which drug"', '"Which drug?"')
    )
    found = problems_of(root)
    assert any("cases.yaml:9" in p and "unknown entity 'paracetamol'" in p for p in found), found
