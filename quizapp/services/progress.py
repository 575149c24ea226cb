"""The progress page: answers per study day, the due forecast, true retention, topics, blocks,
and one card's info (its memory state and history), as Anki's statistics and card info show."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import Engine

from exports.text import topic_title
from quizapp.scheduling import DEFAULT_PARAMETERS, CardState, State
from quizapp.scheduling.days import elapsed_days, zone
from quizapp.services.errors import NotFound
from quizapp.services.study import StudyPolicy
from quizapp.store import cards, progress, reviews
from quizapp.store.cards import StudyCard
from quizapp.store.engine import Bind, reading
from quizapp.store.users import UserRecord

MATURE_DAYS = 21  # Anki's line: a card whose interval reaches 21 days is mature
HEATMAP_DAYS = 364  # 52 weeks
FORECAST_DAYS = 30


@dataclass(frozen=True)
class Topic:
    name: str
    answered: int
    right: int
    cards: int
    mature: int

    @property
    def accuracy(self) -> float | None:
        return self.right / self.answered if self.answered else None

    @property
    def mastery(self) -> float:
        return self.mature / self.cards if self.cards else 0.0


@dataclass(frozen=True)
class Progress:
    today: date
    per_day: list[tuple[date, int]]  # the last HEATMAP_DAYS study days, oldest first
    forecast: list[tuple[date, int]]  # today (with anything overdue) and the next days
    true_retention: float | None  # passed / mature reviews, over the last year
    mature_reviews: int
    desired_retention: float
    topics: list[Topic]
    blocks: list[tuple[datetime, int]]  # (submitted, percent)

    @property
    def answers(self) -> int:
        return sum(n for _, n in self.per_day)

    @property
    def days_studied(self) -> int:
        return sum(1 for _, n in self.per_day if n)


class StudyDays:
    """Study-day dates in the student's zone: the local date of (time − rollover hours)."""

    def __init__(self, policy: StudyPolicy, user: UserRecord) -> None:
        self.zone, self.shift = zone(user.timezone), timedelta(hours=policy.rollover(user))

    def of(self, moment: datetime) -> date:
        return (moment.astimezone(self.zone) - self.shift).date()


def overview(engine: Engine, policy: StudyPolicy, user: UserRecord, now: datetime) -> Progress:
    day = StudyDays(policy, user)
    today = day.of(now)
    year_ago = now - timedelta(days=HEATMAP_DAYS + 1)
    with reading(engine) as conn:
        answered: Counter[date] = Counter()
        for hour, n in progress.answers_per_hour(conn, user.id, year_ago):
            answered[day.of(hour)] += n
        due = Counter(
            max(day.of(t), today)
            for t in progress.due_times(conn, user.id, now + timedelta(days=FORECAST_DAYS + 1))
        )
        passed, mature = progress.true_retention(conn, user.id, year_ago, MATURE_DAYS)
        topics = _topics(
            progress.accuracy_by_topic(conn, user.id), progress.mastery_by_topic(conn, user.id, MATURE_DAYS)
        )
        blocks = [
            (at, round(100 * right / total))
            for at, right, total in progress.block_scores(conn, user.id)
            if total
        ]
    per_day = [
        (today - timedelta(days=n), answered[today - timedelta(days=n)])
        for n in range(HEATMAP_DAYS - 1, -1, -1)
    ]
    forecast = [(today + timedelta(days=n), due[today + timedelta(days=n)]) for n in range(FORECAST_DAYS)]
    return Progress(
        today=today,
        per_day=per_day,
        forecast=forecast,
        true_retention=passed / mature if mature else None,
        mature_reviews=mature,
        desired_retention=user.desired_retention,
        topics=topics,
        blocks=blocks,
    )


def _topics(
    accuracy: list[tuple[str | None, int, int]], mastery: list[tuple[str | None, int, int]]
) -> list[Topic]:
    answered = {topic: (n, right) for topic, n, right in accuracy}
    found = []
    for topic, n_cards, mature in mastery:
        n, right = answered.get(topic, (0, 0))
        found.append(Topic(topic_title(topic or "other"), n, right, n_cards, mature))
    return sorted(found, key=lambda t: t.name)


@dataclass(frozen=True)
class CardInfo:
    card: StudyCard
    retrievability: float | None  # the chance of recalling it now, by the FSRS forgetting curve
    history: list[reviews.Review]  # oldest first


def retrievability(state: CardState, now: datetime, user: UserRecord, policy: StudyPolicy) -> float | None:
    """FSRS-6's forgetting curve: R = (1 + factor · t / S) ^ −decay, t in study days since the
    last review (as Anki's card info computes it)."""
    if state.state == State.NEW or state.stability is None or state.last_review is None:
        return None
    decay = DEFAULT_PARAMETERS[20]
    factor = 0.9 ** (-1 / decay) - 1
    t = elapsed_days(state.last_review, now, user.timezone, policy.rollover(user))
    return float((1 + factor * t / state.stability) ** -decay)


def card_info(bind: Bind, policy: StudyPolicy, user: UserRecord, card_id: int, now: datetime) -> CardInfo:
    with reading(bind) as conn:
        card = cards.get_for_user(conn, card_id, user.id)
        if card is None:
            raise NotFound("No such card.")
        history = reviews.for_card(conn, card_id)
    return CardInfo(card, retrievability(card.state, now, user, policy), history)
