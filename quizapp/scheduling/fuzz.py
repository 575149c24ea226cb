"""Anki's interval fuzz (rslib/src/scheduler/states/fuzz.rs), to the same bounds and draw.

One fuzz factor in [0, 1) per answer picks a day uniformly within the fuzz range of the
unrounded interval, after the range is clamped to the button's minimum and the maximum.
"""

from __future__ import annotations

import math

# (start, end, factor): days of the interval in each range add factor × days of fuzz.
FUZZ_RANGES = ((2.5, 7.0, 0.15), (7.0, 20.0, 0.1), (20.0, math.inf, 0.05))


def round_half_up(value: float) -> int:
    """Rust's f32::round for the positive numbers used here (Python's round is half-even)."""
    return math.floor(value + 0.5)


def fuzz_delta(interval: float) -> float:
    if interval < 2.5:
        return 0.0
    return 1.0 + sum(factor * max(min(interval, end) - start, 0.0) for start, end, factor in FUZZ_RANGES)


def constrained_fuzz_bounds(interval: float, minimum: int, maximum: int) -> tuple[int, int]:
    minimum = min(minimum, maximum)
    interval = min(max(interval, float(minimum)), float(maximum))
    delta = fuzz_delta(interval)
    lower = min(max(round_half_up(interval - delta), minimum), maximum)
    upper = min(max(round_half_up(interval + delta), minimum), maximum)
    if upper == lower and 2 < upper < maximum:
        upper = lower + 1
    return lower, upper


def with_review_fuzz(factor: float | None, interval: float, minimum: int, maximum: int) -> int:
    if factor is None:
        return min(max(round_half_up(interval), minimum), maximum)
    lower, upper = constrained_fuzz_bounds(interval, minimum, maximum)
    return math.floor(lower + factor * (1 + upper - lower))


def minimum_review_fuzz_interval(interval: float, previous: int, maximum: int) -> int:
    """A passing review never gets a shorter interval from fuzz than the one it had."""
    rounded = round_half_up(interval)
    _, upper = constrained_fuzz_bounds(interval, 1, maximum)
    if rounded > previous:
        return previous + 1
    if previous <= upper:
        return previous
    return 0
