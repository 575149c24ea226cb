"""A bank words its own questions: its `condition` in the default wording, its `kinds:` overrides,
and every mistake in them reported at bank.yaml's line with a suggestion."""

from __future__ import annotations

from pathlib import Path

from question_bank import bundled_bank_path, generate, load_bank
from question_bank.schema import load_kinds
from tests.question_bank.test_loader import BANK_YAML, CONCEPTS, problems_of

CAUSES = """\
concepts:
  - {id: metabolic, type: cause-category, label: metabolic}
  - {id: genetic, type: cause-category, label: genetic}
"""
CAUSE_FILE = """\
kind: cause
section: s1
entities:
  - id: hyperuricaemia
    name: hyperuricaemia
    category: [metabolic]
    mechanism: Urate above its solubility limit crystallises in joints.
  - id: urate-transporter-variants
    name: urate transporter variants
    category: [genetic]
    mechanism: Less urate is excreted by the kidney, so blood urate rises.
"""


def write(root: Path, bank_yaml: str) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "bank.yaml").write_text(bank_yaml)
    (root / "concepts.yaml").write_text(CONCEPTS + CAUSES.removeprefix("concepts:\n"))
    (root / "causes.yaml").write_text(CAUSE_FILE)
    return root


def test_no_default_wording_names_a_subject() -> None:
    words = " ".join(
        " ".join([k.label, *(p for a in k.attributes.values() for p in a.phrasing.values())])
        for k in load_kinds().values()
    )
    for subject in ("L1", "disc", "calcification", "spine", "lumbar"):
        assert subject not in words, subject


def test_the_condition_names_the_banks_subject_in_every_question(tmp_path: Path) -> None:
    bank = load_bank(write(tmp_path / "gout", BANK_YAML + "condition: gout\n"))
    prompts = [q.prompt for q in generate(bank)]
    assert "How does hyperuricaemia lead to gout?" in prompts
    assert not [p for p in prompts if "disc" in p or "{condition}" in p]


def test_a_bank_rewords_a_kind(tmp_path: Path) -> None:
    reworded = BANK_YAML + (
        "condition: gout\n"
        "kinds:\n"
        "  cause:\n"
        "    label: risk factor\n"
        "    attributes:\n"
        '      mechanism: {front: "How does {subject} raise the risk of a gout flare?"}\n'
    )
    bank = load_bank(write(tmp_path / "gout", reworded))
    assert bank.kinds is not None and bank.kinds["cause"].label == "risk factor"
    prompts = [q.prompt for q in generate(bank)]
    assert "How does hyperuricaemia raise the risk of a gout flare?" in prompts


def test_wording_mistakes_are_reported_where_they_are(tmp_path: Path) -> None:
    wrong = BANK_YAML + (
        "condtion: gout\n"
        "kinds:\n"
        "  couse: {label: risk factor}\n"
        "  cause:\n"
        "    lable: risk factor\n"
        "    attributes:\n"
        '      mechanisms: {front: "How?"}\n'
        '      category: {fornt: "Which?"}\n'
    )
    found = problems_of(write(tmp_path / "gout", wrong))
    assert found == [
        "gout/bank.yaml:5 [condtion]: unknown field 'condtion' (did you mean 'condition'?); "
        "bank.yaml has slug, title, description, condition, sections, notes, kinds",
        "gout/bank.yaml:7 [kinds.couse]: unknown kind 'couse' (did you mean 'cause'?)",
        "gout/bank.yaml:9 [kinds.cause.lable]: unknown key 'lable' (did you mean 'label'?): "
        "a kind's wording has label, topic, attributes",
        "gout/bank.yaml:11 [kinds.cause.attributes.mechanisms]: kind 'cause' has no attribute "
        "'mechanisms' (did you mean 'mechanism'?)",
        "gout/bank.yaml:12 [kinds.cause.attributes.category.fornt]: unknown wording 'fornt' "
        "(did you mean 'front'?); use one of front, forward, reverse, multi, statement, plural, match",
        "gout/bank.yaml:1 [condition]: the wording of kind 'cause' names the condition: add `condition:` "
        "(for example `condition: gout`), or reword the kind under `kinds:`",
    ]


def test_the_bundled_bank_words_its_disc_in_its_own_file() -> None:
    bank = load_bank(bundled_bank_path("lumbar-l1-l2"))
    assert bank.condition == "disc calcification"
    assert bank.kinds is not None and bank.kinds["anatomy_component"].label == "disc component"
    assert load_kinds()["anatomy_component"].label == "structure"
