"""Time loading + generating the bundled bank, and generating a synthetic bank 100× larger.

Run: .venv/bin/python bench/generate.py
Prints seconds for each, questions per second, and the per-entity cost ratio (≈1 means linear).
"""

from __future__ import annotations

import time
from collections.abc import Callable

from question_bank import bundled_bank_path, generate, load_bank
from question_bank.synthetic import scaled_bank

FACTOR = 100
REPEATS = 3


def best_of(fn: Callable[[], int], repeats: int = REPEATS) -> tuple[float, int]:
    best, count = float("inf"), 0
    for _ in range(repeats):
        start = time.perf_counter()
        count = fn()
        best = min(best, time.perf_counter() - start)
    return best, count


def main() -> None:
    path = bundled_bank_path("lumbar-l1-l2")
    bank = load_bank(path)
    small, n_small = best_of(lambda: len(generate(load_bank(path))))
    gen_only, _ = best_of(lambda: len(generate(bank)))
    big_bank = scaled_bank(bank, FACTOR)
    big, n_big = best_of(lambda: len(generate(big_bank)), repeats=1)
    per_small = gen_only / len(bank.entities)
    per_big = big / len(big_bank.entities)
    print(
        f"bundled bank: {len(bank.entities)} entities, {n_small} questions, "
        f"load+generate {small * 1000:.0f} ms (generate only {gen_only * 1000:.0f} ms)"
    )
    print(
        f"synthetic x{FACTOR}: {len(big_bank.entities)} entities, {n_big} questions, "
        f"generate {big:.2f} s ({n_big / big:,.0f} questions/s)"
    )
    print(
        f"per-entity cost ratio x{FACTOR} / x1: {per_big / per_small:.2f} (1.0 = linear; "
        f"quadratic would be ~{FACTOR})"
    )


if __name__ == "__main__":
    main()
