"""`quizapp bank dump`: a stored bank written back to a bank folder that loads to the same bank.

A bundled bank's folder is copied as it is (its facts are the source of its questions). A bank
written in the browser becomes its facts' files (bank.yaml, concepts.yaml, one file per kind)
and items.yaml, each hand-written question an item with its id, so that loading the folder
(`quizapp bank load`) gives the same questions under the same ids and students' schedules stay
attached.
"""

from __future__ import annotations

import copy
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import Engine

from question_bank import Question, bundled_bank_path
from question_bank.authoring import CHOICE_TYPES, written_from
from question_bank.facts import EMPTY, write_folder
from question_bank.parse_items import ITEMS_FILE
from quizapp.services.errors import InvalidInput, NotFound
from quizapp.store import catalog, drafts
from quizapp.store.engine import reading

SECTION = "written"


@dataclass(frozen=True)
class DumpReport:
    folder: Path
    items: int  # questions written to items.yaml
    copied: bool  # a bundled bank's folder was copied
    not_written: list[str]  # what the files cannot hold, each a sentence

    def summary(self) -> str:
        what = "copied the bundled bank's files" if self.copied else f"{self.items} questions in {ITEMS_FILE}"
        return f"{self.folder}: {what}" + "".join(f"\n  not written: {n}" for n in self.not_written)


def dump(engine: Engine, slug: str, folder: Path) -> DumpReport:
    """Write the bank to `folder` (which must not exist yet); NotFound for an unknown bank."""
    if folder.exists():
        raise InvalidInput(f"{folder} exists already; name a new folder so that nothing is overwritten.")
    with reading(engine) as conn:
        row = catalog.bank(conn, slug)
        if row is None:
            raise NotFound(f"No bank {slug!r} is stored.")
        live = catalog.live_questions(conn, slug)
        images = drafts.media_names(conn, slug)
        data = drafts.facts(conn, slug) or copy.deepcopy(EMPTY)
    try:
        shutil.copytree(bundled_bank_path(slug), folder)
        return DumpReport(folder, 0, True, [])
    except KeyError:
        pass  # not bundled: written in the browser or imported
    written = [q for q in live if q.id.startswith(f"{slug}:")]
    generated = [q for q in live if q.id not in {w.id for w in written}]
    # The facts (written in the browser) as their files, and a section for the written items.
    sections = [s for s in data["sections"] if s["id"] != SECTION]
    sections.append({"id": SECTION, "title": row.title, "cites": []})
    meta = {"slug": slug, "title": row.title, "description": row.description}
    write_folder(folder, meta, {**data, "sections": sections})
    _write(folder / ITEMS_FILE, {"items": [item(q, slug) for q in written]})
    missing = []
    if generated and not any(data["entities"].values()):
        missing.append(f"{len(generated)} question(s) whose ids are not of this bank ({slug}:…)")
    if images:
        missing.append(f"{len(images)} uploaded image(s): they stay in the database, named in the Markdown")
    return DumpReport(folder, len(written), False, missing)


def item(question: Question, slug: str) -> dict[str, Any]:
    """The question as an items.yaml entry (empty fields left out, the source always kept)."""
    written = written_from(question)
    entry: dict[str, Any] = {
        "id": question.id.removeprefix(f"{slug}:"),
        "type": question.type,
        "section": SECTION,
        "topic": question.topic,
        "stem": written.stem,
        "prompt": written.prompt,
        "options": [{"text": o.text, "why": o.explanation, "correct": o.correct} for o in written.options]
        if question.type in CHOICE_TYPES
        else [],
        "back": written.back,
        "accepted": list(written.accepted),
        "pairs": [list(pair) for pair in written.pairs],
        "explanation": written.explanation,
        "objective": written.objective,
        "tags": [t for t in written.tags if not t.endswith("::written")],
        "difficulty": written.difficulty,
        "tolerance": written.tolerance if question.type == "numerical" else "",
        "unit": written.unit,
    }
    entry = {k: v for k, v in entry.items() if v not in ("", [], None)}
    if question.type == "truefalse":
        entry["true"] = written.true
    entry["source"] = question.source
    return entry


def _write(path: Path, data: Any) -> None:
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
    path.write_text(text, encoding="utf-8")
