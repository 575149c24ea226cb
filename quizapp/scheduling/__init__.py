"""Spaced-repetition scheduling: pure functions over card states, built on the `fsrs` package."""

from quizapp.scheduling.scheduler import (
    DEFAULT_PARAMETERS,
    CardState,
    Queue,
    Rating,
    SchedulerSettings,
    State,
    answer,
    format_interval,
    preview,
)

__all__ = [
    "DEFAULT_PARAMETERS",
    "CardState",
    "Queue",
    "Rating",
    "SchedulerSettings",
    "State",
    "answer",
    "format_interval",
    "preview",
]
