"""Every mistake an instructor made writing a bank from the docs is an error at its file, line and
field, with a fix to make; nothing of it is accepted silently."""

from __future__ import annotations

from pathlib import Path

from question_bank import generate, load_bank
from tests.question_bank.test_loader import problems_of

BANK = """\
slug: broken
title: Broken
condition: gout
sections:
  - {id: s1, title: Section one, cites: [Nature]}
"""
CONCEPTS = """\
concepts:
  - {id: nsaid, type: drug-class, label: an NSAID, broader: [analgesc]}
  - {id: nsaid, type: drug-class, label: an NSAID again}
  - {id: NSAID Two, type: drug-class, label: a non-steroidal anti-inflammatory drug, synonyms: [NSAID]}
  - {id: analgesic, type: drug-class, label: an analgesic, similar: [opiod]}
  - {id: opioid, type: side-effect, label: an opioid}
"""
DRUGS = """\
kind: drug
section: s1
entities:
  - id: Ibuprofen
    name: ibuprofen
    drug_class: [nsaid, opioid]
    dose: 400 mg with [[food]
    overlaps: [beer]
  - id: naproxen
    name: naproxen
    drug_class: [nsaid]
    dose: 500 mg
    side_efects: [opioid]
"""
CAUSES = """\
kind: cause
section: s1
entites: []
entities:
  - id: beer
    name: beer
    category: [nsaid]
    mechanism: Its purines are broken down to urate.
"""


def write(root: Path, files: dict[str, str]) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (root / name).write_text(text)
    return root


def test_every_mistake_is_named_with_its_place_and_a_fix(tmp_path: Path) -> None:
    root = write(
        tmp_path / "broken",
        {"bank.yaml": BANK, "concepts.yaml": CONCEPTS, "drugs.yaml": DRUGS, "causes.yaml": CAUSES},
    )
    found = problems_of(root)
    expected = [
        "broken/causes.yaml:3 [entites]: unknown field 'entites' (did you mean 'entities'?); "
        "an entity file has kind, section, entities",
        "broken/concepts.yaml:3 [id]: duplicate concept id 'nsaid' (first at broken/concepts.yaml:2)",
        "broken/concepts.yaml:4 [id]: id 'NSAID Two' must be lower case, with hyphens between words "
        "(for example 'nsaid-two')",
        "broken/drugs.yaml:4 [id]: id 'Ibuprofen' must be lower case, with hyphens between words "
        "(for example 'ibuprofen')",
        "broken/drugs.yaml:7 [dose]: 'dose' has an unclosed cloze mark: write the term as [[term]]",
        "broken/drugs.yaml:13 [side_efects]: unknown field 'side_efects' for kind 'drug' "
        "(did you mean 'side_effects'?) (known: drug_class, dose, timing, side_effects)",
        "broken/concepts.yaml:2 [broader]: concept 'nsaid' refers to unknown concept 'analgesc' in broader "
        "(did you mean 'analgesic'?)",
        "broken/concepts.yaml:5 [similar]: concept 'analgesic' refers to unknown concept 'opiod' in similar "
        "(did you mean 'opioid'?)",
        "broken/concepts.yaml:4 [label]: concepts 'nsaid' and 'NSAID Two' both mean 'nsaid': merge them, "
        "or keep one and give it the other's label as a synonym",
        "broken/causes.yaml:7 [category]: concept 'nsaid' is a drug-class, expected a cause-category "
        "(its type is set at broken/concepts.yaml:2)",
        "broken/drugs.yaml:6 [drug_class]: concept 'opioid' is a side-effect, expected a drug-class "
        "(its type is set at broken/concepts.yaml:6)",
        "broken/drugs.yaml:8 [overlaps]: 'beer' is a cause, not a drug: "
        "overlaps names entities of the same kind",
    ]
    assert sorted(found) == sorted(expected)


def test_bad_indentation_is_called_indentation(tmp_path: Path) -> None:
    shifted = "kind: drug\nsection: s1\nentities:\n  - id: a\n    name: a\n     dose: 5 mg\n"
    (found,) = problems_of(write(tmp_path / "b", {"bank.yaml": BANK, "drugs.yaml": shifted}))
    assert found.startswith("b/drugs.yaml:6: bad YAML") and "check the indentation" in found


NERVE_ROOTS = """\
concepts:
  - {id: medial-forearm, type: dermatome, label: medial forearm}
  - {id: lateral-forearm, type: dermatome, label: lateral forearm}
  - {id: finger-abduction, type: myotome, label: finger abduction}
  - {id: elbow-flexion, type: myotome, label: elbow flexion}
  - {id: biceps-reflex, type: reflex, label: biceps reflex}
"""
ROOTS = """\
kind: nerve_root
section: s1
entities:
  - id: t1
    name: T1
    dermatome: medial-forearm
    myotome: finger-abduction
    absent: [reflex]
  - id: c5
    name: C5
    dermatome: lateral-forearm
    myotome: elbow-flexion
    reflex: biceps-reflex
"""


def test_a_required_attribute_can_be_declared_absent(tmp_path: Path) -> None:
    bank = load_bank(
        write(tmp_path / "roots", {"bank.yaml": BANK, "concepts.yaml": NERVE_ROOTS, "roots.yaml": ROOTS})
    )
    prompts = [q.prompt for q in generate(bank)]
    assert not [p for p in prompts if "T1" in p and "reflex" in p]
    assert "Which reflex does the C5 root serve?" in prompts
    wrong = ROOTS.replace("absent: [reflex]", "absent: [reflexes]\n    reflex: biceps-reflex")
    found = problems_of(
        write(tmp_path / "r2", {"bank.yaml": BANK, "concepts.yaml": NERVE_ROOTS, "roots.yaml": wrong})
    )
    assert found == [
        "r2/roots.yaml:8 [absent]: absent names 'reflexes', not an attribute of kind 'nerve_root' "
        "(did you mean 'reflex'?)"
    ]
    missing = ROOTS.replace("    absent: [reflex]\n", "")
    (found,) = problems_of(
        write(tmp_path / "r3", {"bank.yaml": BANK, "concepts.yaml": NERVE_ROOTS, "roots.yaml": missing})
    )
    assert "missing required attribute 'reflex' (if it has none, say so: absent: [reflex])" in found


def test_a_section_can_name_the_topic_of_its_facts(tmp_path: Path) -> None:
    topical = BANK.replace("cites: [Nature]}", "cites: [Nature], topic: upper-limb}")
    bank = load_bank(
        write(tmp_path / "t", {"bank.yaml": topical, "concepts.yaml": NERVE_ROOTS, "roots.yaml": ROOTS})
    )
    assert {q.topic for q in generate(bank)} == {"upper-limb"}
