"""Generated wording reads as English for every entity, on the bundled bank and on a bank on
another subject: articles by the following sound, no doubled words or stray punctuation, and no
'stand for' or quoted plural subjects from the old templates."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from question_bank import bundled_bank_path, bundled_slugs, generate, load_bank

SECOND_BANK = Path(__file__).parent / "banks" / "carpal-tunnel"
# "a" before a vowel sound is wrong, except where the vowel letter sounds like "you" or "one".
RULES = {
    # Acronyms said as words (RANKL, NICE, TENS) take the article of their first sound.
    "'a' before a vowel sound": re.compile(
        r"\b[Aa] (?!RANKL|NICE|TENS)(?=[aeio]|u(?!ni|s[eu]|r)|[AEIOFHLMNRSX][A-Z0-9])"
    ),
    "'an' before a consonant sound": re.compile(r"\b[Aa]n (?=[bcdgjkpqtvwyz]|[BCDGJKPQTUVWYZ][A-Z0-9])"),
    "a doubled word": re.compile(r"\b(\w{2,}) \1\b", re.IGNORECASE),
    "space before punctuation": re.compile(r"\s[,.;:?!]"),
    "doubled punctuation": re.compile(r"[.?!]{2}|\?\.|\.\?"),
    "'stand for' template": re.compile(r"\bstand for\b"),
    "quoted subject before 'present'": re.compile(r"How does '"),
}


def texts(path: Path) -> list[str]:
    found = []
    for q in generate(load_bank(path)):
        found += [q.prompt, q.explanation, *q.choices, *q.answers]
    return found


@pytest.mark.parametrize(
    "path",
    [*(bundled_bank_path(slug) for slug in bundled_slugs()), SECOND_BANK],
    ids=[*bundled_slugs(), "second"],
)
def test_generated_text_follows_the_rules(path: Path) -> None:
    problems = [
        f"{rule}: {text[max(0, m.start() - 30) : m.end() + 30]!r}"
        for text in texts(path)
        for rule, pattern in RULES.items()
        if (m := pattern.search(text))
    ]
    assert problems == []


def test_the_rules_catch_what_they_name() -> None:
    bad = {
        "'a' before a vowel sound": ["Ibuprofen is a NSAID.", "a effect"],
        "'an' before a consonant sound": ["It is an drug.", "an CT scan"],
        "a doubled word": ["the the disc"],
        "space before punctuation": ["Why ?"],
        "doubled punctuation": ["Why?."],
        "'stand for' template": ["What does CPPD stand for?"],
        "quoted subject before 'present'": ["How does 'sensory deficits' present?"],
    }
    for rule, examples in bad.items():
        assert all(RULES[rule].search(text) for text in examples), rule
    good = [
        "a unilateral facet",
        "an NSAID",
        "a useful test",
        "an SNRI",
        "a CT scan",
        "an MRI scan",
        "a RANKL inhibitor",
    ]
    assert not [t for t in good if any(rule.search(t) for rule in RULES.values())]
