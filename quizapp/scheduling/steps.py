"""Learning and relearning steps as Anki applies them (rslib/src/scheduler/states/steps.rs)."""

from __future__ import annotations

from datetime import timedelta

DAY = 86_400


def _round_in_days(secs: int) -> int:
    return round(secs / DAY) * DAY if secs > DAY else secs


def _secs(steps: tuple[timedelta, ...], index: int) -> int | None:
    return int(steps[index].total_seconds()) if 0 <= index < len(steps) else None


def again_delay(steps: tuple[timedelta, ...]) -> int | None:
    return _secs(steps, 0)


def hard_delay(steps: tuple[timedelta, ...], index: int) -> int | None:
    """The current step again; on the first step, halfway to the second (or 1.5× the first)."""
    current = _secs(steps, index)
    if current is None:
        return None
    if index > 0:
        return current
    following = _secs(steps, 1)
    if following is not None:
        return _round_in_days((current + following) // 2)
    return _round_in_days(min(current * 3 // 2, current + DAY))


def good_delay(steps: tuple[timedelta, ...], index: int) -> int | None:
    """The next step's delay, or None when Good graduates the card."""
    return _secs(steps, index + 1)
