"""Generators: determinism, stable ids, coverage, and the item-writing linter itself."""

from __future__ import annotations

import dataclasses
from collections import Counter

import pytest
from click.testing import CliRunner

from question_bank import Question, bundled_bank_path, bundled_slugs, generate, load_bank
from question_bank.lint import lint
from question_bank.model import Bank, Entity
from question_bank.payloads import ChoicePayload
from question_bank.schema import load_kinds
from question_bank.stats import bank_stats
from question_bank.types import QUESTION_TYPES
from quizapp.cli import cli


@pytest.fixture(scope="module", params=bundled_slugs())
def bank(request: pytest.FixtureRequest) -> Bank:
    """Each bundled bank in turn: what every bank must have, whatever its subject."""
    return load_bank(bundled_bank_path(request.param))


def test_every_type_is_registered_and_generated() -> None:
    generated = {"vignette", "mcq", "multi", "truefalse", "cloze", "matching", "flashcard"}
    assert set(QUESTION_TYPES) == generated | {"shortanswer", "numerical"}  # written, not generated
    counts = Counter(q.type for q in generate(load_bank(bundled_bank_path("lumbar-l1-l2"))))
    assert counts["flashcard"] > 0 and counts["truefalse"] > 0


def test_every_bundled_bank_generates_the_main_types(bank: Bank) -> None:
    counts = Counter(q.type for q in generate(bank))
    assert all(counts[t] > 0 for t in ("flashcard", "mcq", "vignette", "matching", "cloze")), counts


def test_generation_is_deterministic_per_seed(bank: Bank) -> None:
    first = [q.to_dict() for q in generate(bank, seed=7)]
    assert first == [q.to_dict() for q in generate(bank, seed=7)]


def test_ids_are_unique_and_survive_rewording(bank: Bank) -> None:
    before = generate(bank)
    assert len({q.id for q in before}) == len(before)
    kinds = load_kinds()

    def reword(entity: Entity) -> Entity:
        text = {k for k, a in kinds[entity.kind].attributes.items() if a.type == "text"}
        attrs = {k: v + " Revised." if k in text else v for k, v in entity.attrs.items()}
        return dataclasses.replace(entity, name=entity.name + " (revised)", attrs=attrs)

    reworded = {eid: reword(e) for eid, e in bank.entities.items()}
    after = generate(dataclasses.replace(bank, entities=reworded))
    assert_same_ids(before, after)


def asked(questions: list[Question]) -> dict[str, tuple[str, str, str, str]]:
    return {q.id: (q.meta["template"], q.meta["entity"], q.meta["attr"], q.meta["key"]) for q in questions}


def assert_same_ids(first: list[Question], second: list[Question]) -> None:
    """The same thing asked keeps its id. An item whose cue check passes with one draw of
    distractors and not another may come and go, so nearly all, not all, are in both."""
    a, b = asked(first), asked(second)
    common = a.keys() & b.keys()
    assert {a[i] for i in common} == {b[i] for i in common}
    assert len(set(a.values())) == len(a) and len(set(b.values())) == len(b)
    assert len(common) >= 0.95 * len(a), (len(common), len(a))


def test_ids_do_not_depend_on_seed(bank: Bank) -> None:
    first = generate(bank, seed=0)
    for seed in range(1, 4):
        assert_same_ids(first, generate(bank, seed=seed))


def test_every_fact_is_covered(bank: Bank) -> None:
    stats = bank_stats(bank, generate(bank))
    assert stats.facts > 0
    assert stats.uncovered == ()


def test_questions_carry_source_tags_and_explanation(bank: Bank) -> None:
    for q in generate(bank):
        assert q.source and q.tags and q.tags[0].startswith(f"{bank.slug}::")
        if q.type in ("mcq", "multi", "truefalse", "matching"):
            assert q.explanation


def _mcq(prompt: str, choices: tuple[str, ...], answer: str) -> Question:
    return Question(
        id="x",
        type="mcq",
        prompt=prompt,
        choices=choices,
        answer=answer,
        explanation="",
        tags=(),
        source="",
        bank="b",
        topic="t",
        fact="f",
        payload=ChoicePayload(rationales=tuple(f"Why {c}." for c in choices), objective="Know it."),
    )


@pytest.mark.parametrize(
    ("prompt", "choices", "answer", "flaw"),
    [
        (
            "Which drug is an NSAID?",
            ("Ibuprofen", "Baclofen", "None of the above", "Codeine"),
            "Ibuprofen",
            "all/none of the above",
        ),
        (
            "Which drug is NOT an NSAID?",
            ("Ibuprofen", "Baclofen", "Tramadol", "Codeine"),
            "Baclofen",
            "negative lead-in",
        ),
        (
            "Which of these drugs is not an opioid?",
            ("Ibuprofen", "Morphine", "Tramadol", "Codeine"),
            "Ibuprofen",
            "negative lead-in",
        ),
        ("Which drug relaxes muscle?", ("Ibuprofen", "Baclofen", "Tramadol", "Codeine"), "Baclofen", None),
        (
            "Name the muscle relaxant.",
            ("Ibuprofen", "Baclofen", "Tramadol", "Codeine"),
            "Baclofen",
            "not a question",
        ),
        (
            "Which adverse effect does tizanidine cause?",
            ("Hypotension with sedation, dry mouth and dizziness on standing up", "Rash", "Cough", "Ulcer"),
            "Hypotension with sedation, dry mouth and dizziness on standing up",
            "conspicuously longer",
        ),
        (
            "Which test assesses nerve-root tension?",
            ("Nerve-root tension sign", "Complete blood count", "Dual-energy CT", "Prone press-up"),
            "Nerve-root tension sign",
            "stem word repeated in the key only",
        ),
        (
            "Which drug is an NSAID?",
            ("Ibuprofen", "ibuprofen.", "Tramadol", "Codeine"),
            "Ibuprofen",
            "same after normalisation",
        ),
    ],
)
def test_linter_catches_each_flaw(
    prompt: str, choices: tuple[str, ...], answer: str, flaw: str | None
) -> None:
    flaws = lint(_mcq(prompt, choices, answer))
    if flaw is None:
        assert flaws == []
    else:
        assert any(flaw in f for f in flaws), flaws


@pytest.mark.parametrize("slug", bundled_slugs())
def test_stats_cli_prints_counts_and_coverage(slug: str) -> None:
    result = CliRunner().invoke(cli, ["bank", "stats", slug])
    assert result.exit_code == 0, result.output
    assert "facts covered:" in result.output and "flashcard" in result.output
