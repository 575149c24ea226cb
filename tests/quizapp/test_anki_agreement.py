"""The scheduler against Anki's own (the `anki` package, in a subprocess) on random histories.

Each history is a student answering one card on a realistic timeline: on time or late, at any
hour, with Again/Hard/Good/Easy drawn as students press them. Before every answer, the card's
state is handed to Anki as it stands, and the four outcomes compared: learning delays in
seconds, review intervals in days (fuzz off on both sides), and the memory state.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from quizapp.scheduling import CardState, Rating, SchedulerSettings, State, answer, preview
from quizapp.scheduling.days import day_start, elapsed_days

HARNESS = Path(__file__).with_name("anki_reference.py")
START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
RATINGS = [Rating.AGAIN] * 10 + [Rating.HARD] * 8 + [Rating.GOOD] * 75 + [Rating.EASY] * 7


@dataclass(frozen=True)
class Asked:
    case: dict[str, Any]
    ours: dict[Rating, tuple[str, int, float, float]]  # kind, secs or days, stability, difficulty


def case_for(card: CardState, now: datetime, settings: SchedulerSettings) -> dict[str, Any]:
    kind = {
        State.NEW: "new",
        State.LEARNING: "learning",
        State.REVIEW: "review",
        State.RELEARNING: "relearning",
    }
    case: dict[str, Any] = {"kind": kind[card.state], "retention": settings.desired_retention}
    if card.state == State.NEW:
        return case
    assert card.last_review is not None and card.due is not None
    steps = settings.learning_steps if card.state == State.LEARNING else settings.relearning_steps
    case.update(
        stability=card.stability,
        difficulty=card.difficulty,
        elapsed=elapsed_days(card.last_review, now, "UTC", 4),
        remaining=len(steps) - (card.step or 0),
        ivl=round((card.due - day_start(card.last_review, "UTC", 4)) / timedelta(days=1)),
    )
    return case


def ours_for(
    card: CardState, now: datetime, settings: SchedulerSettings
) -> dict[Rating, tuple[str, int, float, float]]:
    found = {}
    for rating, shown in preview(card, now, settings).items():
        after = answer(card, rating, now, settings)
        kind = "review" if after.state == State.REVIEW else "learning"
        amount = shown.days if kind == "review" else int(shown.total_seconds())
        found[rating] = (kind, amount, after.stability or 0.0, after.difficulty or 0.0)
    return found


def history(rng: random.Random, settings: SchedulerSettings, answers: int) -> list[Asked]:
    card, now, asked = CardState(), START + timedelta(hours=rng.uniform(0, 24)), []
    for _ in range(answers):
        asked.append(Asked(case_for(card, now, settings), ours_for(card, now, settings)))
        card = answer(card, rng.choice(RATINGS), now, settings)
        assert card.due is not None
        late = timedelta(0)
        if card.state == State.REVIEW:  # a review: on the day, or some days late, at any hour
            late = timedelta(hours=rng.uniform(0, 20)) + timedelta(days=int(rng.expovariate(0.5)))
        now = max(card.due, now) + late
    return asked


def anki(cases: list[dict[str, Any]]) -> list[dict[str, Any]]:
    env = {**os.environ, "ANKI_TEST_MODE": "1"}  # Anki draws no fuzz in its test mode
    done = subprocess.run(
        [sys.executable, str(HARNESS)],
        input=json.dumps(cases),
        capture_output=True,
        text=True,
        env=env,
        check=True,
        timeout=600,
    )
    result: list[dict[str, Any]] = json.loads(done.stdout)
    return result


def compare(asked: list[Asked], theirs: list[dict[str, Any]]) -> tuple[int, int, list[str]]:
    same = total = 0
    differences = []
    for one, answer_of in zip(asked, theirs, strict=True):
        for rating, (kind, amount, stability, difficulty) in one.ours.items():
            anki_says = answer_of[rating.name.lower()]
            anki_kind = "review" if anki_says["kind"] == "review" else "learning"
            anki_amount = anki_says["days"] if anki_kind == "review" else anki_says["secs"]
            total += 1
            memory = (
                abs(stability - anki_says["s"]) <= 1e-3 * max(1.0, stability)
                and abs(difficulty - anki_says["d"]) <= 1e-3
            )
            if (kind, amount) == (anki_kind, anki_amount) and memory:
                same += 1
            else:
                differences.append(
                    f"{one.case} {rating.name}: ours {kind} {amount} s={stability:.4f} "
                    f"d={difficulty:.4f}; Anki {anki_kind} {anki_amount} {anki_says}"
                )
    return same, total, differences


def test_intervals_agree_with_anki_on_random_histories() -> None:
    rng = random.Random(20261204)
    settings = SchedulerSettings(fuzz=False)
    asked = [one for _ in range(150) for one in history(rng, settings, answers=8)]
    same, total, differences = compare(asked, anki([one.case for one in asked]))
    assert total == 150 * 8 * 4
    assert same / total >= 0.99, "\n".join(differences[:20])


def test_fuzz_draws_over_the_same_days_as_anki_and_keeps_the_buttons_in_order() -> None:
    """With fuzz on, Anki's draws (one card each, so one fuzz factor each) and ours (one seed
    each) land on the same set of days for every button, and Hard < Good < Easy in every draw."""
    settings = SchedulerSettings()
    last = START - timedelta(days=12, hours=3)
    card = CardState(
        state=State.REVIEW,
        stability=14.0,
        difficulty=5.5,
        reps=4,
        last_review=last,
        due=day_start(last, "UTC", 4) + timedelta(days=11),
    )
    now = START + timedelta(hours=2)
    case = case_for(card, now, settings)
    draws = 400
    env = {k: v for k, v in os.environ.items() if k != "ANKI_TEST_MODE"}  # Anki fuzzes
    done = subprocess.run(
        [sys.executable, str(HARNESS)],
        input=json.dumps([case] * draws),
        capture_output=True,
        text=True,
        env=env,
        check=True,
        timeout=600,
    )
    theirs = json.loads(done.stdout)
    ours = [preview(card, now, settings, seed) for seed in range(draws)]
    for rating in (Rating.HARD, Rating.GOOD, Rating.EASY):
        anki_days = {t[rating.name.lower()]["days"] for t in theirs}
        our_days = {o[rating].days for o in ours}
        assert our_days == anki_days, (rating, sorted(our_days), sorted(anki_days))
    for t in theirs:
        assert t["hard"]["days"] < t["good"]["days"] < t["easy"]["days"]
    for o in ours:
        assert o[Rating.HARD] < o[Rating.GOOD] < o[Rating.EASY]
