"""Questions written by hand: the editor's fields, the question they make, and the item-writing
findings placed next to the field they concern.

The same fields serve every registered type; each type reads the ones it has (a vignette its
case and options, a short answer its accepted answers) and `build` refuses what it cannot use,
naming the field, so an author sees the problem where they typed.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Iterable
from dataclasses import dataclass, field

from question_bank.lint import lint
from question_bank.markup import to_plain
from question_bank.model import NO_PAYLOAD, Payload, Question
from question_bank.payloads import ChoicePayload, ClozePayload, MatchingPayload, VignettePayload
from question_bank.types import InvalidQuestion, cloze_numbers, cloze_parts, get_type
from question_bank.types.numerical import NumericalPayload

CHOICE_TYPES = ("vignette", "mcq", "multi")
WRITABLE = (
    "vignette", "mcq", "multi", "truefalse", "cloze", "matching", "flashcard", "shortanswer", "numerical",
)  # fmt: skip
MAX_OPTIONS = 8
DIFFICULTIES = ("easy", "medium", "hard")
DIFFICULTY_TAG = "difficulty::"  # kept as a tag: studied, filtered and exported as tags are


@dataclass(frozen=True)
class Option:
    text: str
    explanation: str = ""
    correct: bool = False


@dataclass(frozen=True)
class Written:
    """What an author typed into the editor; every text is Markdown."""

    type: str
    prompt: str  # the lead-in, the question, the statement, the card's front or the cloze text
    stem: str = ""  # a vignette's case
    options: tuple[Option, ...] = ()
    back: str = ""  # a flashcard's answer
    accepted: tuple[str, ...] = ()  # a short answer's accepted answers, a numerical item's values
    tolerance: str = ""  # numerical: how far from a value an answer may be (as typed: "10")
    unit: str = ""  # numerical: "µmol/L"
    pairs: tuple[tuple[str, str], ...] = ()  # matching: (item, its match)
    true: bool = True  # a true/false statement's key
    explanation: str = ""
    objective: str = ""
    source: str = ""
    topic: str = ""
    tags: tuple[str, ...] = ()
    difficulty: str = ""  # the author's rating: "", or one of DIFFICULTIES


class FieldErrors(ValueError):
    """The fields the question cannot be built from, each with what to change."""

    def __init__(self, errors: dict[str, list[str]]) -> None:
        super().__init__("; ".join(f"{name}: {' '.join(found)}" for name, found in errors.items()))
        self.errors = errors


@dataclass(frozen=True)
class _Parts:
    choices: tuple[str, ...] = ()
    answer: str | tuple[str, ...] = ""
    payload: Payload = NO_PAYLOAD


@dataclass
class _Problems:
    errors: dict[str, list[str]] = field(default_factory=dict)

    def add(self, name: str, message: str) -> None:
        self.errors.setdefault(name, []).append(message)


def build(written: Written, *, question_id: str, bank: str) -> Question:
    """The question the fields make; FieldErrors names each field that cannot be used."""
    question, problems = assemble(written, question_id=question_id, bank=bank)
    if problems:
        raise FieldErrors(problems)
    try:
        get_type(question.type).shape(question)
    except InvalidQuestion as error:
        raise FieldErrors({"prompt": [str(error).split(": ", 1)[-1]]}) from None
    return question


def assemble(written: Written, *, question_id: str, bank: str) -> tuple[Question, dict[str, list[str]]]:
    """The question as far as the fields go, and what is still missing, by field: for the
    lint while an author is still writing (`build` refuses an unfinished question)."""
    problems = _Problems()
    if written.type not in WRITABLE:
        problems.add("type", f"Choose one of: {', '.join(WRITABLE)}.")
        written = dataclasses.replace(written, type="flashcard")
    if not written.prompt.strip():
        problems.add("prompt", "Write the question.")
    if written.difficulty and written.difficulty not in DIFFICULTIES:
        problems.add("difficulty", f"Difficulty is one of {', '.join(DIFFICULTIES)}, or not rated.")
    parts = _typed_parts(written, problems)
    prompt = written.prompt.strip()
    if written.type == "cloze":  # the prompt (shown by exports without cloze support) hides the answers
        prompt = "".join(f"[{p.hint or '…'}]" if p.number else p.text for p in cloze_parts(prompt))
    if written.type == "vignette":
        prompt = f"{written.stem.strip()}\n\n{prompt}"  # as generated vignettes: the case, then the lead-in
    question = Question(
        id=question_id,
        type=written.type,
        prompt=prompt,
        explanation=written.explanation.strip(),
        tags=_tags(written),
        source=written.source.strip(),
        bank=bank,
        topic=written.topic.strip(),
        fact=question_id,
        markup="markdown",
        choices=parts.choices,
        answer=parts.answer,
        payload=parts.payload,
    )
    return question, problems.errors


def _tags(written: Written) -> tuple[str, ...]:
    typed = [t.strip() for t in written.tags if t.strip() and not t.strip().startswith(DIFFICULTY_TAG)]
    if written.difficulty in DIFFICULTIES:
        typed.append(DIFFICULTY_TAG + written.difficulty)
    return tuple(dict.fromkeys(typed))


def difficulty_of(tags: Iterable[str]) -> str:
    found = [t.removeprefix(DIFFICULTY_TAG) for t in tags if t.startswith(DIFFICULTY_TAG)]
    return found[0] if found and found[0] in DIFFICULTIES else ""


def _typed_parts(written: Written, problems: _Problems) -> _Parts:
    if written.type in CHOICE_TYPES:
        return _choice_parts(written, problems)
    if written.type == "truefalse":
        return _Parts(("True", "False"), "True" if written.true else "False")
    if written.type == "cloze":
        if not cloze_numbers(written.prompt):
            problems.add("prompt", "Mark what to hide as {{c1::answer}}.")
            return _Parts()
        hidden = tuple(p.text for p in cloze_parts(written.prompt) if p.number)
        return _Parts((), hidden[0] if len(hidden) == 1 else hidden, ClozePayload(written.prompt))
    if written.type == "matching":
        pairs = [(a.strip(), b.strip()) for a, b in written.pairs if a.strip() or b.strip()]
        if len(pairs) < 2 or any(not a or not b for a, b in pairs):
            problems.add("pairs", "Write at least two lines of the form: item = its match.")
            return _Parts()
        items, matches = zip(*pairs, strict=True)
        return _Parts((), tuple(matches), MatchingPayload(tuple(items)))
    if written.type == "numerical":
        return _numerical_parts(written, problems)
    if written.type == "flashcard":
        if not written.back.strip():
            problems.add("back", "Write the answer on the back.")
        return _Parts((), written.back.strip())
    accepted = tuple(dict.fromkeys(a.strip() for a in written.accepted if a.strip()))
    if not accepted:
        problems.add("accepted", "Write at least one accepted answer, one per line.")
    return _Parts((), accepted if len(accepted) > 1 else (accepted[0] if accepted else ""))


def _numerical_parts(written: Written, problems: _Problems) -> _Parts:
    values = [v.strip().replace(",", ".") for v in written.accepted if v.strip()]
    if not values or not all(_is_number(v) for v in values):
        problems.add("accepted", "Write the right value as a number (one per line if several are right).")
    tolerance = written.tolerance.strip().replace(",", ".") or "0"
    if not _is_number(tolerance) or float(tolerance) < 0:
        problems.add("tolerance", "The tolerance is a number of 0 or more (0: exactly the value).")
        tolerance = "0"
    payload = NumericalPayload(float(tolerance), written.unit.strip())
    return _Parts((), values[0] if len(values) == 1 else tuple(values), payload)


def _is_number(text: str) -> bool:
    try:
        return math.isfinite(float(text))
    except ValueError:
        return False


def _choice_parts(written: Written, problems: _Problems) -> _Parts:
    options = [o for o in written.options if o.text.strip()]
    keys = [o.text.strip() for o in options if o.correct]
    if len(options) < 2:
        problems.add("options", "Write at least two options.")
    if written.type == "multi" and not keys:
        problems.add("options", "Mark at least one option correct.")
    elif written.type != "multi" and len(keys) != 1:
        problems.add("options", "Mark exactly one option as the best answer.")
    if written.type == "vignette" and not written.stem.strip():
        problems.add("stem", "Write the case: who the patient is, what they report, what is found.")
    choices = tuple(o.text.strip() for o in options)
    answer: str | tuple[str, ...] = keys[0] if len(keys) == 1 and written.type != "multi" else tuple(keys)
    if written.type == "multi":
        return _Parts(choices, answer)
    rationales = tuple(o.explanation.strip() for o in options)
    objective = written.objective.strip()
    payload: ChoicePayload = (
        VignettePayload(rationales, objective, written.stem.strip(), written.prompt.strip())
        if written.type == "vignette"
        else ChoicePayload(rationales, objective)
    )
    return _Parts(choices, answer, payload)


def written_from(question: Question) -> Written:
    """The editor's fields for a stored question (to edit it, or a version to restore)."""
    payload = question.payload
    rationales = getattr(payload, "rationales", ())
    keys = set(question.answers)
    options = tuple(
        Option(text, rationales[i] if i < len(rationales) else "", text in keys)
        for i, text in enumerate(question.choices)
    )
    prompt = question.prompt
    if isinstance(payload, VignettePayload):
        prompt = payload.lead_in or prompt
    if isinstance(payload, ClozePayload) and payload.text:
        prompt = payload.text
    pairs: tuple[tuple[str, str], ...] = ()
    if isinstance(payload, MatchingPayload):
        pairs = tuple(zip(payload.items, question.answers, strict=False))
    return Written(
        type=question.type,
        prompt=prompt,
        stem=getattr(payload, "stem", ""),
        options=options if question.type in CHOICE_TYPES else (),
        back=str(question.answer) if question.type == "flashcard" else "",
        accepted=question.answers if question.type in ("shortanswer", "numerical") else (),
        tolerance=_number(getattr(payload, "tolerance", "")),
        unit=getattr(payload, "unit", ""),
        pairs=pairs,
        true=str(question.answer).casefold() != "false",
        explanation=question.explanation,
        objective=getattr(payload, "objective", ""),
        source=question.source,
        topic=question.topic,
        tags=tuple(t for t in question.tags if not t.startswith(DIFFICULTY_TAG)),
        difficulty=difficulty_of(question.tags),
    )


# Which field each item-writing finding is about, by the words it uses.
_FIELD_WORDS = (
    ("objective", ("educational objective",)),
    ("prompt", ("lead-in", "stem", "question")),
    ("options", ("option", "key", "distractor", "explanation")),
)


def _number(value: object) -> str:
    return "" if value == "" else f"{value:g}" if isinstance(value, float) else str(value)


def field_of(finding: str) -> str:
    lowered = finding.casefold()
    for name, words in _FIELD_WORDS:
        if any(word in lowered for word in words):
            return name
    return "prompt"


def findings(question: Question) -> dict[str, list[str]]:
    """The item-writing lint of the question as its text reads (Markdown set aside), by field."""
    plain = _plain_copy(question)
    found: dict[str, list[str]] = {}
    for finding in lint(plain):
        found.setdefault(field_of(finding), []).append(finding)
    return found


def _plain_copy(question: Question) -> Question:
    def plain(values: Iterable[str]) -> tuple[str, ...]:
        return tuple(to_plain(v) for v in values)

    payload = question.payload
    if isinstance(payload, ChoicePayload):
        payload = dataclasses.replace(
            payload, rationales=plain(payload.rationales), objective=to_plain(payload.objective)
        )
    if isinstance(payload, VignettePayload):
        payload = dataclasses.replace(payload, stem=to_plain(payload.stem), lead_in=to_plain(payload.lead_in))
    answer = question.answer
    return dataclasses.replace(
        question,
        prompt=to_plain(question.prompt),
        choices=plain(question.choices),
        answer=plain(answer) if isinstance(answer, tuple) else to_plain(answer),
        payload=payload,
    )
