"""Item-writing checks after the NBME item-writing guide; reusable for instructor-written items.

Each question type says which checks apply to it (question_bank.types); `question_bank.lint.lint`
runs them. An empty list of flaws means the item passes.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from question_bank.model import Question
from question_bank.text import content_words, normalize

_NEGATIVE_UPPER = re.compile(r"\b(EXCEPT|NOT|LEAST)\b")
_NEGATIVE_LOWER = re.compile(r"\b(except|not|least|never)\b", re.IGNORECASE)
_ALL_NONE = re.compile(r"\b(all|none|both|neither) of the (above|options|these)\b", re.IGNORECASE)
_INSTRUCTION = re.compile(r"\s*(select|choose) all that apply\.?$", re.IGNORECASE)
_LONG_KEY_RATIO = 1.6
_LONG_KEY_MARGIN = 15


_SENTENCES = re.compile(r"(?<=[.!?])\s+")


def _lead_in(prompt: str) -> str:
    # The lead-in is the last sentence (a vignette's stem comes before it), and a colon introduces
    # quoted content (a definition, a mechanism), so only the question before it counts.
    return _SENTENCES.split(prompt.strip())[-1].split(":", 1)[0]


def _check_options(q: Question) -> list[str]:
    flaws = []
    if any(_ALL_NONE.search(c) for c in q.choices):
        flaws.append("uses 'all/none of the above' as an option")
    normalized = [normalize(c) for c in q.choices]
    if len(set(normalized)) != len(normalized):
        flaws.append("two options are the same after normalisation")
    if any(k not in q.choices for k in list(q.answers)):
        flaws.append("the key is not among the options")
    return flaws


def _check_long_key(q: Question) -> list[str]:
    keys = list(q.answers)
    distractors = [c for c in q.choices if c not in keys]
    if len(keys) != 1 or not distractors:
        return []
    key, longest = len(keys[0]), max(len(d) for d in distractors)
    mean = sum(len(d) for d in distractors) / len(distractors)
    if key > longest and key > _LONG_KEY_RATIO * mean and key - longest > _LONG_KEY_MARGIN:
        return ["the key is conspicuously longer than the distractors"]
    return []


_ROOT, _ROOT_WORD = 4, 7  # a word root: the first 4 letters of words of 7 letters or more
KEY_TERMS = "key_terms"  # meta: other names of the key (synonyms, aliases), "|"-separated


def _check_clang(q: Question) -> list[str]:
    """A stem word that only the key shares, also through one of the key's other names."""
    keys = list(q.answers)
    stem = content_words(q.prompt)
    distractor_words: set[str] = set()
    for choice in q.choices:
        if choice not in keys:
            distractor_words |= content_words(choice)
    clues = sorted(w for k in keys for w in content_words(k) & stem if w not in distractor_words)
    if clues:
        return [f"stem word repeated in the key only: {', '.join(clues)}"]
    # The same root in another form: 'repeated overloading' and 'repetitive microtrauma'.
    roots = {w[:_ROOT] for w in stem if len(w) >= _ROOT_WORD} - {w[:_ROOT] for w in distractor_words}
    kin = sorted(w for k in keys for w in content_words(k) if len(w) >= _ROOT_WORD and w[:_ROOT] in roots)
    if kin:
        return [f"stem shares a word root with the key only: {', '.join(kin)}"]
    synonyms = content_words(" ".join(q.meta.get(KEY_TERMS, "").split("|")))
    hinted = sorted((synonyms & stem) - distractor_words)
    return [f"stem names the key by another name: {', '.join(hinted)}"] if hinted else []


# Lead-ins that cannot be answered with the options covered: they ask which option is true.
_NEEDS_OPTIONS = re.compile(
    r"^which (of (these|the following)|one of these)\b|\b(is|are) (true|correct|recommended)\?$",
    re.IGNORECASE,
)


def _check_cover_the_options(q: Question) -> list[str]:
    if q.type == "multi" or not _NEEDS_OPTIONS.search(_lead_in(q.prompt).strip()):
        return []
    return ["the lead-in cannot be answered with the options covered"]


def _check_nested(q: Question) -> list[str]:
    """One option inside another ('Vitamin D' and 'Vitamin D intoxication'): a guessable pair."""
    words = [f" {normalize(c)} " for c in q.choices]
    nested = [
        (a, b)
        for i, a in enumerate(q.choices)
        for j, b in enumerate(q.choices)
        if i != j and words[i] in words[j]
    ]
    return [f"option {a!r} is contained in option {b!r}" for a, b in nested[:1]]


def _check_lead_in(q: Question) -> list[str]:
    if _NEGATIVE_UPPER.search(q.prompt) or _NEGATIVE_LOWER.search(_lead_in(q.prompt)):
        return ["negative lead-in (EXCEPT/NOT)"]
    return []


def _check_is_question(q: Question) -> list[str]:
    if not _INSTRUCTION.sub("", q.prompt.rstrip()).endswith("?"):
        return ["the lead-in is not a question"]
    return []


def _check_rationales(q: Question) -> list[str]:
    """A single best answer explains every option and states what it teaches."""
    rationales = getattr(q.payload, "rationales", ())
    flaws = []
    if len(rationales) != len(q.choices) or not all(rationales):
        flaws.append("every option needs its own explanation")
    if not getattr(q.payload, "objective", ""):
        flaws.append("no educational objective")
    return flaws


Check = Callable[[Question], list[str]]

# Selected-response items (single best answer, select all): every check.
CHOICE_CHECKS: tuple[Check, ...] = (
    _check_options,
    _check_long_key,
    _check_clang,
    _check_lead_in,
    _check_is_question,
    _check_cover_the_options,
    _check_nested,
)
# Single best answers (MCQs and vignettes) also explain every option.
BEST_ANSWER_CHECKS: tuple[Check, ...] = (*CHOICE_CHECKS, _check_rationales)
# A true/false statement has no options of its own to check.
STATEMENT_CHECKS: tuple[Check, ...] = (_check_lead_in,)


def run_checks(question: Question, checks: tuple[Check, ...]) -> list[str]:
    return [flaw for check in checks for flaw in check(question)]
