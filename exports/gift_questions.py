"""GIFT questions as the platform's questions, and what cannot cross, said per question and line.

Single-answer multiple choice (and missing-word) becomes `mcq`, with per-answer feedback as each
option's explanation; several-answer multiple choice becomes `multi` (all-or-nothing: partial
weights are reported); true/false, matching and short answer (full-credit answers accepted) cross
as they are. Numerical questions become `numerical`: every full-credit value with one tolerance (the
largest, reported when they differ; a range `min..max` is its midpoint with half its width), and
Moodle XML's unit with multiplier 1; partial-credit values are reported and dropped. Essay and
description have no type here yet: they are reported, and the rest is imported. A `[markdown]`
question (GIFT) or `format="markdown"` one (Moodle XML) becomes a Markdown question (markup
"markdown") with its source kept as written.
"""

from __future__ import annotations

import html
import re
from dataclasses import asdict
from typing import Any

import nh3

from exports.gift_import import ImportedQuestion, Number, Parsed, Problem
from question_bank import Question
from question_bank.model import Payload
from question_bank.payloads import ChoicePayload, MatchingPayload
from question_bank.types import InvalidQuestion, NumericalPayload, get_type
from question_bank.types.numerical import number_text

UNSUPPORTED = {
    "essay": "essay questions",
    "description": "descriptions (text without a question)",
}


def plain(text: str, fmt: str) -> str:
    """The text students will see (always escaped on our pages): HTML reduced to its words.
    Markdown is kept as written (rendered on our pages): its spaces and line breaks mean something."""
    if fmt == "markdown":
        return text.strip()
    if fmt == "html":
        text = html.unescape(nh3.clean(text, tags=set()))
    return re.sub(r"[ \t]+", " ", text).strip()


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60] or "question"


def to_questions(parsed: Parsed, bank: str) -> tuple[list[tuple[Question, ImportedQuestion]], list[Problem]]:
    """The questions that cross (each with its GIFT original) and the problems, in file order."""
    found: list[tuple[Question, ImportedQuestion]] = []
    problems = list(parsed.problems)
    used: set[str] = set()
    for gift in parsed.questions:
        if gift.kind in UNSUPPORTED:
            problems.append(Problem(gift.line, f"{UNSUPPORTED[gift.kind]} cannot be imported yet", "skipped"))
            continue
        try:
            question, notes = _convert(gift, bank, _unique(f"{bank}:{slug(gift.name)}", used))
            get_type(question.type).shape(question)  # the type accepts it, or says why not
        except (InvalidQuestion, ValueError) as error:
            problems.append(Problem(gift.line, f"not imported: {error}"))
            continue
        problems += [Problem(gift.line, note, "note") for note in notes]
        found.append((question, gift))
    return found, sorted(problems, key=lambda p: p.line)


def _unique(candidate: str, used: set[str]) -> str:
    name, n = candidate, 2
    while name in used:
        name, n = f"{candidate}-{n}", n + 1
    used.add(name)
    return name


def _convert(gift: ImportedQuestion, bank: str, qid: str) -> tuple[Question, list[str]]:
    fmt = gift.text_format
    topic = slug(gift.category.split("/")[-1]) if gift.category else "imported"
    common: dict[str, Any] = {
        "id": qid,
        "prompt": plain(gift.text, fmt),
        "explanation": plain(gift.general_feedback, fmt),
        "tags": (f"{bank}::{topic}",),
        "source": f"Imported from GIFT, line {gift.line}" + (f" ({gift.name})" if gift.name else ""),
        "bank": bank,
        "topic": topic,
        "fact": qid,
        "markup": "markdown" if fmt == "markdown" else "plain",
    }
    notes: list[str] = []
    if gift.kind == "shortanswer":
        # Moodle keeps short answers as plain text whatever the question's format (`a<b` is an answer).
        accepted = tuple(plain(a.text, "plain") for a in gift.answers if a.fraction >= 1)
        if not accepted:
            raise ValueError("no answer gets full credit")
        if len(accepted) < len(gift.answers):
            notes.append("answers with partial credit dropped: only full-credit answers are accepted")
        return Question(type="shortanswer", choices=(), answer=accepted, **common), notes
    if gift.kind == "numerical":
        return _numerical(gift, common)
    if gift.kind == "flashcard":
        return Question(type="flashcard", choices=(), answer=plain(gift.back, fmt), **common), notes
    if gift.kind == "truefalse":
        joiner = "\n\n" if fmt == "markdown" else " "  # two Markdown texts stay two paragraphs
        explanation = joiner.join(p for p in (common["explanation"], plain(gift.feedback_right, fmt)) if p)
        return Question(
            type="truefalse",
            choices=("True", "False"),
            answer="True" if gift.truth else "False",
            **{**common, "explanation": explanation},
        ), notes
    if gift.kind == "match":
        items = tuple(plain(item, fmt) for item, _ in gift.pairs)
        matches = tuple(plain(match, fmt) for _, match in gift.pairs)
        payload: Payload = MatchingPayload(items=items)
        return Question(
            type="matching",
            choices=tuple(dict.fromkeys(sorted(matches))),
            answer=matches,
            payload=payload,
            **common,
        ), notes
    options = tuple(plain(a.text, fmt) for a in gift.answers)
    if gift.single:
        keys = [o for o, a in zip(options, gift.answers, strict=True) if a.fraction >= 1]
        if len(keys) != 1:
            raise ValueError(f"a single-answer question needs exactly one '=' answer, found {len(keys)}")
        rationales = tuple(plain(a.feedback, fmt) for a in gift.answers)
        payload = ChoicePayload(rationales=rationales if any(rationales) else ())
        return Question(type="mcq", choices=options, answer=keys[0], payload=payload, **common), notes
    keys = [o for o, a in zip(options, gift.answers, strict=True) if a.fraction > 0]
    if not keys:
        raise ValueError("no answer has a positive weight")
    if any(0 < a.fraction < 1 for a in gift.answers) or any(a.fraction < 0 for a in gift.answers):
        notes.append("imported as select-all-that-apply, graded all or nothing: partial weights dropped")
    if any(a.feedback for a in gift.answers):
        notes.append("per-answer feedback dropped: select-all questions here explain as a whole")
    return Question(type="multi", choices=options, answer=tuple(keys), **common), notes


def _numerical(gift: ImportedQuestion, common: dict[str, Any]) -> tuple[Question, list[str]]:
    """Full-credit values with the largest of their tolerances, and the unit Moodle grades against."""
    full = [n for n in gift.numbers if n.value is not None and n.fraction >= 1]
    if not full:
        raise ValueError("no value gets full credit")
    notes: list[str] = []
    partial = [n for n in gift.numbers if n.value is not None and 0 < n.fraction < 1]
    if partial:
        dropped = ", ".join(f"{_range_text(n)} at {n.fraction * 100:g}%" for n in partial)
        notes.append(f"partial-credit answers dropped (only full credit can be given here): {dropped}")
    if any(n.feedback for n in gift.numbers):
        notes.append("per-answer feedback dropped: a numerical question here explains as a whole")
    tolerances = {n.tolerance for n in full}
    tolerance = max(tolerances)
    if len(tolerances) > 1:
        notes.append(
            f"one tolerance for every value here: the largest, ± {number_text(tolerance)}, "
            f"where the answers had ± {', ± '.join(number_text(t) for t in sorted(tolerances))}"
        )
    # The values are in the unit whose multiplier is 1; other units (mg for g, × 1000) cannot cross.
    base = [name.strip() for name, multiplier in gift.units if multiplier == 1]
    unit = base[0] if base else ""
    others = [f"{name} (× {multiplier:g})" for name, multiplier in gift.units if name.strip() != unit]
    if others:
        notes.append(f"other units dropped, only {unit or 'the number'} is accepted: {', '.join(others)}")
    values = tuple(dict.fromkeys(number_text(n.value) for n in full if n.value is not None))
    answer: str | tuple[str, ...] = values[0] if len(values) == 1 else values
    payload = NumericalPayload(tolerance=tolerance, unit=unit)
    return Question(type="numerical", choices=(), answer=answer, payload=payload, **common), notes


def _range_text(number: Number) -> str:
    value = number_text(number.value or 0.0)
    return f"{value}:{number_text(number.tolerance)}" if number.tolerance else value


def dry_run(found: list[tuple[Question, ImportedQuestion]]) -> list[dict[str, Any]]:
    """The JSON export's dict for each question, with what GIFT carried beyond it under "gift"."""
    return [{**question.to_dict(), "gift": asdict(gift)} for question, gift in found]
