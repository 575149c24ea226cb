"""Study days: a day starts at the student's rollover hour in their own time zone, as in Anki.

Intervals are counted in study days, not 24-hour periods: a card answered at 22:00 and again at
09:00 the next morning is one day later, because a rollover (04:00 by default) came between.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

DAY_SECONDS = 86_400


@lru_cache(maxsize=64)
def zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


@lru_cache(maxsize=1024)  # pure, and asked several times per request with the same `now`
def next_day_at(now: datetime, timezone: str, rollover_hour: int) -> datetime:
    """The next rollover after `now` (Anki's `next_day_at`), in UTC."""
    local = now.astimezone(zone(timezone))
    start = local.replace(hour=rollover_hour, minute=0, second=0, microsecond=0)
    if start <= local:
        start = (start.replace(tzinfo=None) + timedelta(days=1)).replace(tzinfo=local.tzinfo)
    # Re-attach the zone after the wall-clock arithmetic, so a DST change is respected.
    return start.replace(tzinfo=zone(timezone)).astimezone(UTC)


@lru_cache(maxsize=1024)
def day_start(now: datetime, timezone: str, rollover_hour: int) -> datetime:
    """The rollover that began the study day `now` is in, in UTC."""
    following = next_day_at(now, timezone, rollover_hour).astimezone(zone(timezone))
    start = (following.replace(tzinfo=None) - timedelta(days=1)).replace(tzinfo=zone(timezone))
    return start.astimezone(UTC)


def days_from_now(now: datetime, days: int, timezone: str, rollover_hour: int) -> datetime:
    """When a card scheduled `days` study days after `now` falls due: that day's rollover."""
    start = day_start(now, timezone, rollover_hour).astimezone(zone(timezone))
    due = (start.replace(tzinfo=None) + timedelta(days=days)).replace(tzinfo=zone(timezone))
    return due.astimezone(UTC)


def elapsed_days(since: datetime, now: datetime, timezone: str, rollover_hour: int) -> int:
    """Study days from `since` to `now`, counted as Anki counts them for FSRS."""
    seconds = (next_day_at(now, timezone, rollover_hour) - since).total_seconds()
    return max(0, int(seconds)) // DAY_SECONDS


def interval_days(last_review: datetime, due: datetime, timezone: str, rollover_hour: int) -> int:
    """The interval a card was given, in study days (Anki's `ivl`): from its last review's day
    to the day it falls due."""
    start = day_start(last_review, timezone, rollover_hour)
    return max(0, round((due - start).total_seconds() / DAY_SECONDS))
