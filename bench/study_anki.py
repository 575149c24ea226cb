"""Anki's own backend on a collection of the same size: get_queued_cards and answer_card."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from study_fill import DUE, QUESTIONS
from study_timing import report, timed


def build_collection(workdir: Path, revlog_rows: int) -> tuple[Any, int, dict[str, Any]]:
    """10k review cards in one deck, DUE of them due, and `revlog_rows` of history."""
    from anki.collection import AddNoteRequest, Collection  # test-only dependency, AGPL

    col = Collection(str(workdir / "bench.anki2"))
    deck_id = col.decks.id("Bench")
    assert deck_id is not None
    basic = col.models.by_name("Basic")
    requests = []
    for i in range(QUESTIONS):
        note = col.new_note(basic)
        note["Front"], note["Back"] = f"Which drug class is drug {i}?", "NSAID"
        requests.append(AddNoteRequest(note, deck_id))
    col.add_notes(requests)
    col.set_config("fsrs", True)
    config = col.decks.config_dict_for_deck_id(deck_id)
    config["rev"]["perDay"] = 9999
    col.decks.save(config)
    today = col.sched.today
    col.db.execute("update cards set type=2, queue=2, ivl=30, factor=2500, reps=5, due=?", today + 30)
    cids = col.db.list("select id from cards order by id")
    col.db.execute(f"update cards set due=? where id in ({','.join(map(str, cids[:DUE]))})", today - 1)
    base = int(time.time() * 1000) - revlog_rows * 1000
    rows = [(base + k * 1000, cids[k % len(cids)], -1, 3, 30, 20, 2500, 4000, 1) for k in range(revlog_rows)]
    for start in range(0, len(rows), 100_000):
        col.db.executemany(
            "insert into revlog (id,cid,usn,ease,ivl,lastIvl,factor,time,type) values (?,?,?,?,?,?,?,?,?)",
            rows[start : start + 100_000],
        )
    col.decks.select(deck_id)
    return col, deck_id, config


def time_answers(col: Any, samples: int) -> list[float]:
    from anki.scheduler_pb2 import CardAnswer

    answers = []
    for _ in range(min(samples, DUE - 20)):
        queued = col.sched.get_queued_cards(fetch_limit=1).cards[0]
        answer = CardAnswer(
            card_id=queued.card.id,
            current_state=queued.states.current,
            new_state=queued.states.good,
            rating=CardAnswer.GOOD,
            answered_at_millis=int(time.time() * 1000),
            milliseconds_taken=3000,
        )
        answers.append(timed(lambda answer=answer: col.sched.answer_card(answer)))
    return answers


def measure_anki(workdir: Path, revlog_rows: int, samples: int) -> tuple[float, float]:
    """p99 of Anki's next-card fetch on a fresh queue and of answer_card, in milliseconds."""
    col, _deck_id, config = build_collection(workdir, revlog_rows)
    try:

        def fresh_next() -> float:
            # Saving the deck options clears Anki's cached queues (selecting a deck does not).
            col.decks.save(config)
            return timed(lambda: col.sched.get_queued_cards(fetch_limit=1))

        for _ in range(10):
            fresh_next()
        nexts = [fresh_next() for _ in range(samples)]
        answers = time_answers(col, samples)
        return report("Anki get_queued_cards (fresh)", nexts), report("Anki answer_card", answers)
    finally:
        col.close()
