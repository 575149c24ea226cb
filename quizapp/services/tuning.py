"""Scheduling tuned to one student: FSRS parameters fitted to their own answers, and a desired
retention chosen by the workload it costs (Anki's "Help me decide").

fsrs-rs-python is the optimizer: it is the crate Anki runs, it needs no torch (py-fsrs's
Optimizer does), and it has the time-series evaluation and the simulator built in.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

import fsrs_rs_python as fsrs_rs
from sqlalchemy import Engine, select

from quizapp.scheduling import DEFAULT_PARAMETERS
from quizapp.scheduling.days import days_from_now, interval_days
from quizapp.services.errors import InvalidInput
from quizapp.services.progress import StudyDays
from quizapp.services.study import StudyPolicy
from quizapp.store import cards, users
from quizapp.store.engine import reading
from quizapp.store.models import ReviewLog
from quizapp.store.users import UserRecord

MIN_ITEMS = 400  # Anki's optimizer asks for at least 400 reviews' worth of items
RETENTIONS = tuple(round(0.70 + 0.03 * n, 2) for n in range(10))  # 0.70 … 0.97
SIMULATED_DAYS = 365


@dataclass(frozen=True)
class Fit:
    items: int
    before: tuple[float, float]  # (log loss, RMSE) of the parameters in use
    after: tuple[float, float]  # of the fitted ones, by time-series splits (never on training data)
    applied: bool


def training_items(
    engine: Engine, policy: StudyPolicy, user: UserRecord
) -> tuple[list[fsrs_rs.FSRSItem], list[int]]:
    """One FSRS item per long-term answer: the card's answers up to it, days apart in study days."""
    day = StudyDays(policy, user)
    history: dict[int, list[tuple[int, datetime]]] = defaultdict(list)
    with reading(engine) as conn:
        rows = conn.execute(
            select(ReviewLog.card_id, ReviewLog.rating, ReviewLog.reviewed_at)
            .where(ReviewLog.user_id == user.id)
            .order_by(ReviewLog.card_id, ReviewLog.reviewed_at, ReviewLog.id)
        )
        for card_id, rating, at in rows:
            history[card_id].append((int(rating), at))
    found: list[tuple[datetime, int, fsrs_rs.FSRSItem]] = []
    for card_id, answers in history.items():
        reviews, previous = [], None
        for rating, at in answers:
            delta = 0 if previous is None else (day.of(at) - day.of(previous)).days
            reviews.append(fsrs_rs.FSRSReview(rating, delta))
            previous = at
            if len(reviews) > 1 and delta > 0:
                found.append((at, card_id, fsrs_rs.FSRSItem(list(reviews))))
    found.sort(key=lambda entry: entry[0])  # the time-series split needs them in time order
    return [item for _, _, item in found], [card_id for _, card_id, _ in found]


def parameters(user: UserRecord) -> tuple[float, ...]:
    return tuple(user.fsrs_parameters) if user.fsrs_parameters else DEFAULT_PARAMETERS


def fit(engine: Engine, policy: StudyPolicy, user: UserRecord) -> Fit:
    """Fit the student's parameters; keep them only if they predict the student's answers better."""
    items, card_ids = training_items(engine, policy, user)
    if len(items) < MIN_ITEMS:
        raise InvalidInput(
            f"Optimizing needs at least {MIN_ITEMS} answers to cards seen on earlier days; "
            f"you have {len(items)}."
        )
    current = list(parameters(user))
    before = fsrs_rs.FSRS(current).evaluate(items)
    fitted = fsrs_rs.FSRS(current).compute_parameters(items, card_ids=card_ids)
    after = fsrs_rs.evaluate_with_time_series_splits(items, card_ids=card_ids)
    better = after.log_loss < before.log_loss
    if better:
        with engine.begin() as conn:
            users.set_study_settings(conn, user.id, fsrs_parameters=[float(w) for w in fitted])
    return Fit(len(items), (before.log_loss, before.rmse_bins), (after.log_loss, after.rmse_bins), better)


def reschedule(engine: Engine, policy: StudyPolicy, user: UserRecord, now: datetime) -> int:
    """Give every review card the interval its own history earns under the student's parameters."""
    model = fsrs_rs.FSRS(list(parameters(user)))
    zone, hour = user.timezone, policy.rollover(user)
    changed = 0
    with engine.begin() as conn:
        for card in cards.review_cards(conn, user.id):
            state = card.state
            if state.last_review is None or state.stability is None:
                continue
            days = max(1, round(model.next_interval(state.stability, user.desired_retention, 3)))
            days = min(days, 36500)
            due = days_from_now(state.last_review, days, zone, hour)
            if interval_days(state.last_review, state.due or due, zone, hour) != days:
                cards.set_due(conn, card.card_id, due)
                changed += 1
    return changed


@dataclass(frozen=True)
class Workload:
    retention: float
    reviews: int  # over the simulated year
    minutes_per_day: float
    remembered: int  # cards remembered at the end


def workloads(engine: Engine, user: UserRecord) -> list[Workload]:
    """A year of study simulated at each desired retention, from the student's parameters and
    deck: what each costs in reviews and time, and how much is remembered."""
    with reading(engine) as conn:
        deck = max(cards.count(conn, user.id), 1)
    config = fsrs_rs.default_simulator_config()
    config.deck_size, config.learn_span = deck, SIMULATED_DAYS
    config.learn_limit, config.review_limit = max(user.new_per_day, 1), max(user.reviews_per_day, 1)
    found = []
    for retention in RETENTIONS:
        result = fsrs_rs.simulate(list(parameters(user)), retention, config, 42)
        found.append(
            Workload(
                retention=retention,
                reviews=int(sum(result.review_cnt_per_day)),
                minutes_per_day=sum(result.cost_per_day) / 60 / SIMULATED_DAYS,
                remembered=round(result.memorized_cnt_per_day[-1]),
            )
        )
    return found
