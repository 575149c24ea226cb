"""Ask Anki's own scheduler (the `anki` package, test-only: AGPL) what it would do with cards.

Run as a script with ANKI_TEST_MODE=1 (Anki then draws no fuzz), it reads cases as JSON on stdin
and writes, for each, the next states Anki computes for Again, Hard, Good and Easy. The clock is
controlled by placing each card's last review relative to Anki's own day cutoff, so the study
days elapsed are exactly the case's.

A case: {"kind": "new"|"learning"|"review"|"relearning", "remaining": steps left,
"stability", "difficulty", "ivl": the last interval in days, "elapsed": study days since the
last review, "retention"}.
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path
from typing import Any

from anki import cards_pb2
from anki.collection import Collection
from anki.consts import CARD_TYPE_LRN, CARD_TYPE_NEW, CARD_TYPE_RELEARNING, CARD_TYPE_REV

KINDS = {
    "new": CARD_TYPE_NEW,
    "learning": CARD_TYPE_LRN,
    "review": CARD_TYPE_REV,
    "relearning": CARD_TYPE_RELEARNING,
}
QUEUES = {"new": 0, "learning": 1, "review": 2, "relearning": 1}


def outcome(state: Any) -> dict[str, Any]:
    normal = state.normal
    kind = normal.WhichOneof("kind")
    inner = getattr(normal, kind)
    if kind == "relearning":
        learning = inner.learning
        return {
            "kind": kind,
            "secs": learning.scheduled_secs,
            "s": learning.memory_state.stability,
            "d": learning.memory_state.difficulty,
        }
    if kind == "learning":
        return {
            "kind": kind,
            "secs": inner.scheduled_secs,
            "s": inner.memory_state.stability,
            "d": inner.memory_state.difficulty,
        }
    return {
        "kind": kind,
        "days": inner.scheduled_days,
        "s": inner.memory_state.stability,
        "d": inner.memory_state.difficulty,
    }


def ask(col: Collection, note_id: int, case: dict[str, Any]) -> dict[str, Any]:
    card = col.get_note(note_id).cards()[0]
    cutoff, today = col.sched.day_cutoff, col.sched.today
    kind = case["kind"]
    card.type, card.queue = KINDS[kind], QUEUES[kind]
    if kind != "new":
        card.memory_state = cards_pb2.FsrsMemoryState(
            stability=case["stability"], difficulty=case["difficulty"]
        )
        card.last_review_time = cutoff - case["elapsed"] * 86400 - 3600
        card.reps = 1
    if kind in ("learning", "relearning"):
        card.left = case["remaining"]
        card.due = cutoff - 7200
    if kind in ("review", "relearning"):
        card.ivl = case["ivl"]
    if kind == "review":
        card.due = today - case["elapsed"] + case["ivl"]
    col.update_card(card)
    states = col._backend.get_scheduling_states(card.id)
    return {
        "cutoff": cutoff,
        "again": outcome(states.again),
        "hard": outcome(states.hard),
        "good": outcome(states.good),
        "easy": outcome(states.easy),
    }


def main() -> None:
    cases = json.load(sys.stdin)
    with tempfile.TemporaryDirectory() as tmp:
        col = Collection(str(Path(tmp) / "reference.anki2"))
        col.set_config("fsrs", True)
        conf = col.decks.config_dict_for_deck_id(1)
        answers = []
        model = col.models.by_name("Basic")
        for case in cases:
            conf["desiredRetention"] = case["retention"]
            col.decks.update_config(conf)
            note = col.new_note(model)
            note["Front"], note["Back"] = "q", "a"
            col.add_note(note, 1)
            answers.append(ask(col, note.id, case))
        col.close()
    json.dump(answers, sys.stdout)


if __name__ == "__main__":
    main()
