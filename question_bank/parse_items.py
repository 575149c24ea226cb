"""items.yaml: questions an author writes by hand, beside the generated ones.

Each item is what the browser editor takes (question_bank.authoring.Written), in YAML, with an
`id` (its question id is `<bank slug>:<id>`, stable across edits) and the `section` it comes
from (its source, and its topic unless the item names one). Items are Markdown, checked by the
same rules as the editor's, and every problem is reported at its line and field.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

from question_bank.authoring import WRITABLE, FieldErrors, Option, Written, build
from question_bank.errors import BankProblem
from question_bank.model import Question, Section
from question_bank.parse_entities import id_problem
from question_bank.schema.wording import suggestion
from question_bank.yamlio import LineMap

ITEMS_FILE = "items.yaml"
ITEM_KEYS = (
    "id", "type", "section", "topic", "stem", "prompt", "options", "back", "accepted", "pairs", "true",
    "explanation", "objective", "tags", "cites", "source", "difficulty", "tolerance", "unit",
)  # fmt: skip
OPTION_KEYS = ("text", "why", "correct")


def item_id(slug: str, local: str) -> str:
    return f"{slug}:{local}"


def parse_items(
    data: Any, file: str, slug: str, sections: Mapping[str, Section]
) -> tuple[list[Question], list[BankProblem]]:
    problems: list[BankProblem] = []
    raw_items = data.get("items") if isinstance(data, LineMap) else None
    if not isinstance(raw_items, list):
        return [], [
            BankProblem(file, getattr(data, "line", 1), "items", "items.yaml holds a list under 'items:'")
        ]
    questions: list[Question] = []
    seen: dict[str, int] = {}
    for raw in raw_items:
        if not isinstance(raw, LineMap):
            problems.append(BankProblem(file, data.line_of("items"), "items", "each item is a mapping"))
            continue
        before = len(problems)
        question = _item(raw, file, slug, sections, problems)
        local = str(raw.get("id", ""))
        if local in seen:
            message = f"duplicate item id '{local}' (first at {file}:{seen[local]})"
            problems.append(BankProblem(file, raw.line_of("id"), "id", message))
        elif question is not None and len(problems) == before:
            seen[local] = raw.line_of("id")
            questions.append(question)
    return questions, problems


def _item(
    raw: LineMap, file: str, slug: str, sections: Mapping[str, Section], problems: list[BankProblem]
) -> Question | None:
    def bad(key: str, message: str) -> None:
        problems.append(BankProblem(file, raw.line_of(key), key, message))

    for key in raw:
        if key not in ITEM_KEYS:
            bad(key, f"unknown item field '{key}'{suggestion(key, ITEM_KEYS)}")
    local, section_id = raw.get("id"), raw.get("section")
    if not isinstance(local, str) or id_problem(local):
        bad("id", id_problem(str(local)) if isinstance(local, str) else "an item needs an id")
        return None
    section = sections.get(section_id) if isinstance(section_id, str) else None
    if section is None:
        bad("section", f"an item names the section it comes from{suggestion(str(section_id), sections)}")
        return None
    if raw.get("type") not in WRITABLE:
        bad("type", f"type must be one of {', '.join(WRITABLE)}{suggestion(str(raw.get('type')), WRITABLE)}")
        return None
    written = _written(raw, section, bad)
    try:
        question = build(written, question_id=item_id(slug, local), bank=slug)
    except FieldErrors as error:
        for name, messages in error.errors.items():
            bad(name, " ".join(messages))
        return None
    cites = _strings(raw.get("cites")) or section.cites
    source = section.title + (f" (cited: {', '.join(cites)})" if cites else "")
    if "source" in raw:  # written out: as the author gave it (by `quizapp bank dump`, even empty)
        source = str(raw["source"] or "")
    tag = f"{slug}::{question.topic}::written"
    tags = question.tags if tag in question.tags else (*question.tags, tag)
    return dataclasses.replace(question, source=source, tags=tags)


def _written(raw: LineMap, section: Section, bad: Any) -> Written:
    options = []
    for option in raw.get("options") or []:
        if not isinstance(option, LineMap) or not isinstance(option.get("text"), str):
            bad("options", "each option is {text: ..., why: ..., correct: true} (why and correct optional)")
            continue
        for key in sorted(set(option) - set(OPTION_KEYS)):
            bad("options", f"unknown option field '{key}'{suggestion(key, OPTION_KEYS)}")
        options.append(Option(option["text"], str(option.get("why") or ""), option.get("correct") is True))
    pairs = tuple(
        (str(pair[0]), str(pair[1]))
        for pair in raw.get("pairs") or []
        if isinstance(pair, list) and len(pair) == 2
    )
    return Written(
        type=str(raw["type"]),
        prompt=str(raw.get("prompt") or ""),
        stem=str(raw.get("stem") or ""),
        options=tuple(options),
        back=str(raw.get("back") or ""),
        accepted=_strings(raw.get("accepted")),
        pairs=pairs,
        true=raw.get("true") is not False,
        explanation=str(raw.get("explanation") or ""),
        objective=str(raw.get("objective") or ""),
        topic=str(raw.get("topic") or section.topic or "written"),
        tags=_strings(raw.get("tags")),
        difficulty=str(raw.get("difficulty") or ""),
        tolerance=str(raw.get("tolerance") if raw.get("tolerance") is not None else ""),
        unit=str(raw.get("unit") or ""),
    )


def _strings(value: Any) -> tuple[str, ...]:
    return tuple(str(v) for v in value) if isinstance(value, list) else ()
