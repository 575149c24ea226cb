"""How often the scheduler gives exactly Anki's interval: 2,000 random histories per desired
retention, every button before every answer, against the `anki` package (fuzz off on both).

    .venv/bin/python bench/anki_agreement.py
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from quizapp.scheduling import SchedulerSettings
from tests.quizapp.test_anki_agreement import anki, compare, history


def main() -> None:
    for retention in (0.70, 0.80, 0.90, 0.95, 0.97):
        rng = random.Random(int(retention * 100))
        settings = SchedulerSettings(fuzz=False, desired_retention=retention)
        started = time.perf_counter()
        asked = [one for _ in range(2000) for one in history(rng, settings, answers=10)]
        ours = time.perf_counter() - started
        started = time.perf_counter()
        same, total, differences = compare(asked, anki([one.case for one in asked]))
        theirs = time.perf_counter() - started
        print(
            f"retention {retention:.2f}: {same}/{total} outcomes equal to Anki's ({same / total:.3%}); "
            f"ours {ours:.1f} s, Anki {theirs:.1f} s"
        )
        for line in differences[:3]:
            print("   ", line[:300])


if __name__ == "__main__":
    main()
