"""Builders for test data: questions, banks, users, and a settable clock."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from question_bank import Bank, Question
from tests.exports.factories import with_payload

START = datetime(2025, 3, 3, 10, 0, tzinfo=UTC)  # a Monday, 10:00 UTC: after the 04:00 rollover
_ids = itertools.count(1)


@dataclass
class FakeClock:
    now: datetime = field(default=START)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> datetime:
        self.now += timedelta(**delta)
        return self.now


def question(**overrides: Any) -> Question:
    n = next(_ids)
    values: dict[str, Any] = {
        "id": f"q{n:04d}",
        "type": "mcq",
        "prompt": f"Question {n}: which drug class is drug {n}?",
        "choices": ("NSAID", "Opioid", "Muscle relaxant", "Anticonvulsant"),
        "answer": "NSAID",
        "explanation": f"Drug {n} is an NSAID.",
        "tags": ("test-bank::pharmacology", "pharmacology"),
        "source": "Pharmacological Treatments (cited: NICE)",
        "bank": "test-bank",
        "topic": "pharmacology",
        "fact": f"fact-{n}",
    }
    values.update(overrides)
    return Question(**with_payload(values))


def bank(slug: str = "test-bank", title: str = "Test bank") -> Bank:
    return Bank(
        slug=slug,
        title=title,
        description="A bank for tests.",
        sections={},
        concepts={},
        entities={},
    )


def submit_shown(
    engine: Any,
    policy: Any,
    user: Any,
    found: Any,
    response: list[str],
    now: datetime,
    rating: int | None = None,
) -> Any:
    """Submit an answer to the card `study.next_card` showed, as the answer form does."""
    from quizapp.services import study

    return study.submit(
        engine,
        policy,
        user,
        card_id=found.card.card_id,
        version=found.card.version,
        response=response,
        rating=rating,
        duration_ms=1500,
        now=now,
    )
