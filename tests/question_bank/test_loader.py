"""The loader reports every problem with file, line and field; a good bank loads."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from question_bank import BankError, bundled_bank_path, bundled_slugs, generate, load_bank
from quizapp.cli import cli

BANK_YAML = """\
slug: tiny
title: Tiny bank
sections:
  - {id: s1, title: Section one, cites: [Nature]}
"""
CONCEPTS = """\
concepts:
  - {id: nsaid, type: drug-class, label: an NSAID}
  - {id: sedation, type: side-effect, label: sedation}
"""


def write_bank(root: Path, drugs: str, concepts: str = CONCEPTS) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "bank.yaml").write_text(BANK_YAML)
    (root / "concepts.yaml").write_text(concepts)
    (root / "drugs.yaml").write_text(drugs)
    return root


GOOD_DRUG = """\
kind: drug
section: s1
entities:
  - id: ibuprofen
    name: ibuprofen
    drug_class: [nsaid]
    dose: 400 mg
"""


def problems_of(path: Path) -> list[str]:
    with pytest.raises(BankError) as caught:
        load_bank(path)
    return [str(p) for p in caught.value.problems]


def test_good_bank_loads(tmp_path: Path) -> None:
    bank = load_bank(write_bank(tmp_path / "tiny", GOOD_DRUG))
    assert bank.slug == "tiny"
    assert bank.entities["ibuprofen"].attrs["drug_class"] == ("nsaid",)
    assert bank.sections["s1"].cites == ("Nature",)


@pytest.mark.parametrize("slug", bundled_slugs())
def test_bundled_bank_loads(slug: str) -> None:
    bank = load_bank(bundled_bank_path(slug))
    assert bank.slug == slug and len(bank.entities) >= 2


def test_unknown_kind_is_reported_with_line(tmp_path: Path) -> None:
    drugs = "section: s1\nkind: potion\nentities: []\n"
    found = problems_of(write_bank(tmp_path / "tiny", drugs))
    assert any("tiny/drugs.yaml:2 [kind]: unknown kind 'potion'" in p for p in found), found


def test_missing_required_attribute(tmp_path: Path) -> None:
    drugs = GOOD_DRUG.replace("    dose: 400 mg\n", "")
    found = problems_of(write_bank(tmp_path / "tiny", drugs))
    assert any("drugs.yaml:4" in p and "missing required attribute 'dose'" in p for p in found)


def test_duplicate_id_names_both_places(tmp_path: Path) -> None:
    entity = GOOD_DRUG.split("entities:\n", 1)[1]
    found = problems_of(write_bank(tmp_path / "tiny", GOOD_DRUG + entity))
    assert any(
        "drugs.yaml:8 [id]: duplicate id 'ibuprofen' (first in tiny/drugs.yaml:4)" in p for p in found
    ), found


def test_dangling_and_wrongly_typed_concepts(tmp_path: Path) -> None:
    drugs = GOOD_DRUG.replace("[nsaid]", "[nsaid, opioid]") + "    side_effects: [nsaid]\n"
    found = problems_of(write_bank(tmp_path / "tiny", drugs))
    assert any("drugs.yaml:6 [drug_class]: unknown concept 'opioid'" in p for p in found), found
    assert any(
        "drugs.yaml:8 [side_effects]: concept 'nsaid' is a drug-class, expected a side-effect" in p
        for p in found
    ), found


def test_unknown_field_and_bad_type(tmp_path: Path) -> None:
    drugs = GOOD_DRUG + "    colour: blue\n    timing: [not, text]\n"
    found = problems_of(write_bank(tmp_path / "tiny", drugs))
    assert any("drugs.yaml:8 [colour]: unknown field 'colour'" in p for p in found), found
    assert any("drugs.yaml:9 [timing]: 'timing' must be non-empty text" in p for p in found), found


def test_bad_yaml_reports_line(tmp_path: Path) -> None:
    found = problems_of(write_bank(tmp_path / "tiny", GOOD_DRUG + "    dose: [unclosed\n"))
    assert len(found) == 1 and found[0].startswith("tiny/drugs.yaml:") and "bad YAML" in found[0]


def test_similar_to_inherits_and_checks_target(tmp_path: Path) -> None:
    drugs = GOOD_DRUG + (
        "    side_effects: [sedation]\n"
        "  - id: naproxen\n    name: naproxen\n    dose: 250 mg\n"
        "    similar_to: {entity: ibuprofen, attributes: [side_effects, drug_class]}\n"
    )
    bank = load_bank(write_bank(tmp_path / "tiny", drugs))
    naproxen = bank.entities["naproxen"]
    assert naproxen.attrs["side_effects"] == ("sedation",)
    assert "ibuprofen" in naproxen.overlaps
    broken = drugs.replace("entity: ibuprofen", "entity: aspirin")
    found = problems_of(write_bank(tmp_path / "tiny2", broken))
    assert any("[similar_to]" in p and "'aspirin'" in p for p in found), found


def test_validate_cli_exit_status_and_messages(tmp_path: Path) -> None:
    runner = CliRunner()
    good = runner.invoke(cli, ["bank", "validate", str(write_bank(tmp_path / "tiny", GOOD_DRUG))])
    assert good.exit_code == 0, good.output
    assert "tiny: valid" in good.output
    bad_path = write_bank(tmp_path / "bad" / "tiny", GOOD_DRUG.replace("kind: drug", "kind: potion"))
    bad = runner.invoke(cli, ["bank", "validate", str(bad_path)])
    assert bad.exit_code == 1
    assert "tiny/drugs.yaml:1 [kind]: unknown kind 'potion'" in bad.output
    assert "Traceback" not in bad.output


def test_entity_image_is_checked_and_carried_to_questions(tmp_path: Path) -> None:
    drugs = GOOD_DRUG + "    image: pills.png\n"
    root = write_bank(tmp_path / "tiny", drugs)
    found = problems_of(root)
    assert any("drugs.yaml:8 [image]: image file 'pills.png' not found" in p for p in found), found
    (root / "pills.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    bank = load_bank(root)
    assert bank.entities["ibuprofen"].image == "pills.png"
    # With the answer only: a picture of the entity could give away a question that asks for it.
    assert all(q.answer_media == ("pills.png",) and q.media == () for q in generate(bank))
    escaped = write_bank(tmp_path / "esc", GOOD_DRUG + "    image: ../secret.png\n")
    assert any("inside the bank folder" in p for p in problems_of(escaped))


def _alias_bomb(width: int, depth: int) -> str:
    lines = ['a0: &a0 "lol"']
    for level in range(1, depth + 1):
        refs = ", ".join([f"*a{level - 1}"] * width)
        lines.append(f"a{level}: &a{level} [{refs}]")
    return "\n".join(lines)


@pytest.mark.parametrize(("width", "depth"), [(9, 10), (4, 12)])
def test_an_alias_bomb_is_refused_quickly(tmp_path: Path, width: int, depth: int) -> None:
    import time

    root = write_bank(tmp_path / "tiny", GOOD_DRUG)
    (root / "bomb.yaml").write_text(
        "kind: drug\nsection: s1\nentities: []\n" + _alias_bomb(width, depth) + "\n"
    )
    started = time.perf_counter()
    found = problems_of(root)
    assert time.perf_counter() - started < 5
    assert any("bomb.yaml" in p and ("aliases" in p or "expands" in p) for p in found), found


def test_a_duplicate_key_is_refused_with_its_line(tmp_path: Path) -> None:
    drugs = GOOD_DRUG + "    dose: 800 mg\n"
    found = problems_of(write_bank(tmp_path / "tiny", drugs))
    assert any("drugs.yaml:8" in p and "duplicate key 'dose'" in p for p in found), found


def test_files_that_link_outside_the_bank_are_refused(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.png").write_bytes(b"\\x89PNG not really")
    (outside / "more.yaml").write_text("kind: drug\nsection: s1\nentities: []\n")
    root = write_bank(tmp_path / "tiny", GOOD_DRUG + "    image: secret.png\n")
    (root / "secret.png").symlink_to(outside / "secret.png")
    (root / "more.yaml").symlink_to(outside / "more.yaml")
    found = problems_of(root)
    assert any("drugs.yaml:8" in p and "inside the bank folder" in p for p in found), found
    assert any("more.yaml" in p and "links outside" in p for p in found), found
