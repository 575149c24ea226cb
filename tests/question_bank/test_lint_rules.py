"""The item-writing lint flags what a medical educator would, on items written by hand."""

from __future__ import annotations

import dataclasses
import re

import pytest
from click.testing import CliRunner

from question_bank import bundled_slugs
from question_bank.checks import KEY_TERMS
from question_bank.lint import bank_findings, lint
from question_bank.payloads import VignettePayload
from quizapp.cli import cli
from tests.exports.factories import make_question

CHOICES = ("An NSAID", "An opioid analgesic", "A benzodiazepine", "An anticonvulsant")


def test_a_lead_in_that_needs_the_options_is_flagged() -> None:
    item = make_question("mcq", prompt="Which of these is recommended for low back pain?")
    assert "the lead-in cannot be answered with the options covered" in lint(item)
    assert "the lead-in cannot be answered with the options covered" not in lint(make_question("mcq"))


def test_an_option_inside_another_is_flagged() -> None:
    item = make_question(
        "mcq", choices=("An NSAID", "A topical NSAID", "An opioid", "A steroid"), answer="An NSAID"
    )
    assert any("is contained in option" in flaw for flaw in lint(item))


def test_a_stem_naming_the_key_by_a_synonym_is_flagged() -> None:
    item = make_question(
        "mcq",
        prompt="Long-term corticosteroid exposure leads to which cause of disc calcification?",
        choices=("Glucocorticoid excess", "Gout", "Ochronosis", "Haemochromatosis"),
        answer="Glucocorticoid excess",
        meta={KEY_TERMS: "corticosteroid|steroid"},
    )
    assert any("names the key by another name: corticosteroid" in flaw for flaw in lint(item))


def test_a_vignette_must_explain_every_option() -> None:
    payload = VignettePayload(
        stem="A man has back pain.", lead_in="Which drug?", rationales=("Right.", "", "", "")
    )
    item = make_question(
        "vignette", choices=CHOICES, answer="An NSAID", prompt="A man has back pain. Which drug?"
    )
    flaws = lint(dataclasses.replace(item, payload=payload))
    assert "every option needs its own explanation" in flaws and "no educational objective" in flaws


def test_bank_findings_name_two_keys_for_one_stem_mirror_pairs_and_the_true_false_share() -> None:
    one = make_question("mcq", id="a", choices=CHOICES, answer="An NSAID")
    two = make_question("mcq", id="b", choices=CHOICES, answer="An opioid analgesic", fact="other")
    true = make_question("truefalse", id="t", fact="f1", answer="True")
    false = make_question(
        "truefalse", id="u", fact="f1", answer="False", prompt="True or false? Naproxen is an SNRI."
    )
    found = bank_findings([one, two, true, false])
    assert any(f.startswith("stem with 2 different keys") for f in found)
    assert "true/false mirror statements about one fact: f1" in found
    assert any("true/false items are 50%" in f for f in found)
    assert bank_findings([one]) == []


@pytest.mark.parametrize("slug", bundled_slugs())
def test_bank_stats_of_every_bundled_bank_meets_the_bar(slug: str) -> None:
    out = CliRunner().invoke(cli, ["bank", "stats", slug]).output
    assert "linter findings: 0" in out and "stems shared by items with different keys: 0" in out
    share = re.search(r"vignettes \d+ \((\d+)%\); true/false \d+ \((\d+)%\)", out)
    assert share and int(share.group(1)) >= 20 and int(share.group(2)) <= 10, out
    assert "not asked:" not in out  # every fact of the bank is asked by some item


def test_bank_stats_of_the_lumbar_bank_asks_its_clinical_sections() -> None:
    out = CliRunner().invoke(cli, ["bank", "stats", "lumbar-l1-l2"]).output
    sections = re.search(r"sections asked by a vignette: (.*)", out)
    assert sections
    for needed in (
        "symptoms",
        "nerve-root-table",
        "when-to-see-a-doctor",
        "causes",
        "diagnostic-tests",
        "surgery",
    ):
        assert needed in sections.group(1)
    assert "not asked:" not in out  # every fact of the bank is still asked by some item


def test_an_mcq_without_per_option_explanations_is_flagged() -> None:
    flaws = lint(make_question("mcq"))  # a hand-written item with only a general explanation
    assert "every option needs its own explanation" in flaws and "no educational objective" in flaws
