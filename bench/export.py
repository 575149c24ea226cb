"""Time our Anki export of 10k notes against bare genanki writing the same notes.

Run: .venv/bin/python bench/export.py [--notes 10000] [--repeats 3]

Both sides write the same notes (same field strings, tags and GUIDs) to a temporary .apkg, best of
3 each, taking turns in this process. "Bare" is the least code genanki needs: one Basic-like model
with enough fields, one deck, `guid_for(question id)`, `Package.write_to_file`. Its field strings are
computed before its clock starts, so the ratio charges us for turning Questions into fields, decks
and the zip. Peak memory is measured in a fresh subprocess per side: peak RSS (VmHWM, reset once
the inputs are loaded) and its growth. Goal: ratio <= 1.2.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import genanki

from exports import ExportOptions, export_questions
from exports.anki import build_note
from question_bank import Question, bundled_bank_path, generate, load_bank
from question_bank.synthetic import scaled_bank
from question_bank.types import question_from_dict

REPEATS = 3
TIMESTAMP = 1_700_000_000.0


def make_questions(count: int) -> list[Question]:
    """`count` questions from copies of the bundled bank: real wording, every type, unique ids."""
    bank = load_bank(bundled_bank_path("lumbar-l1-l2"))
    per_copy = len(generate(bank))
    questions = generate(scaled_bank(bank, -(-count // per_copy)))
    return questions[:count]


def bare_inputs(questions: list[Question]) -> list[tuple[list[str], list[str], str]]:
    rows = []
    for question in questions:
        note = build_note(question)
        rows.append((list(note.fields), list(note.tags), question.id))
    return rows


def bare_genanki(rows: list[tuple[list[str], list[str], str]], path: Path) -> None:
    width = max(len(fields) for fields, _, _ in rows)
    model = genanki.Model(
        1091735104,
        "Bare",
        fields=[{"name": f"F{i}"} for i in range(width)],
        templates=[{"name": "Card 1", "qfmt": "{{F0}}", "afmt": "{{FrontSide}}<hr id=answer>{{F1}}"}],
    )
    deck = genanki.Deck(2059400110, "Bare")
    for fields, tags, question_id in rows:
        padded = fields + [""] * (width - len(fields))
        deck.add_note(genanki.Note(model=model, fields=padded, tags=tags, guid=genanki.guid_for(question_id)))
    genanki.Package(deck).write_to_file(str(path), timestamp=TIMESTAMP)


def ours(questions: list[Question], path: Path) -> None:
    export_questions("anki", questions, path, ExportOptions(timestamp=TIMESTAMP))


def best_times(
    runs: dict[str, Callable[[Path], None]], folder: Path, repeats: int
) -> dict[str, tuple[float, float]]:
    """Best wall and best CPU time of each run; the runs take turns so a busy machine slows both alike."""
    best = dict.fromkeys(runs, (float("inf"), float("inf")))
    for attempt in range(repeats):
        for name, run in runs.items():
            gc.collect()
            path = folder / f"{name}-{attempt}.apkg"
            wall, cpu = time.perf_counter(), time.process_time()
            run(path)
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
            best[name] = (min(best[name][0], wall), min(best[name][1], cpu))
    return best


def _status_mb(field: str) -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024  # kB
    raise RuntimeError(f"{field} not in /proc/self/status")


def reset_peak() -> float:
    """Reset this process's peak RSS (Linux: /proc/self/clear_refs) and return the current RSS in MB."""
    with contextlib.suppress(OSError):  # then the peak includes loading the inputs
        Path("/proc/self/clear_refs").write_text("5")
    return _status_mb("VmRSS")


def peak(side: str, questions_json: Path) -> None:
    """Subprocess entry: read the questions, run one side once, print RSS before and peak RSS in MB."""
    questions = [question_from_dict(d) for d in json.loads(questions_json.read_text(encoding="utf-8"))]
    rows = bare_inputs(questions) if side == "bare" else []
    gc.collect()
    baseline = reset_peak()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "deck.apkg"
        if side == "bare":
            bare_genanki(rows, path)
        else:
            ours(questions, path)
        top = _status_mb("VmHWM")
    print(f"{baseline:.1f} {top:.1f}")


def measure_peak(side: str, questions_json: Path) -> tuple[float, float]:
    cmd = [sys.executable, __file__, "--peak", side, "--questions", str(questions_json)]
    baseline, top = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout.split()
    return float(baseline), float(top)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--notes", type=int, default=10_000)
    parser.add_argument("--repeats", type=int, default=REPEATS)
    parser.add_argument("--peak", choices=("ours", "bare"), help=argparse.SUPPRESS)
    parser.add_argument("--questions", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.peak:
        peak(args.peak, args.questions)
        return
    questions = make_questions(args.notes)
    rows = bare_inputs(questions)
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        runs = {"bare": lambda path: bare_genanki(rows, path), "ours": lambda path: ours(questions, path)}
        best = best_times(runs, folder, args.repeats)
        size = (folder / "ours-0.apkg").stat().st_size
        dump = folder / "questions.json"
        dump.write_text(json.dumps([q.to_dict() for q in questions]), encoding="utf-8")
        peaks = {side: measure_peak(side, dump) for side in ("bare", "ours")}
    (bare_wall, bare_cpu), (ours_wall, ours_cpu) = best["bare"], best["ours"]
    print(f"{len(questions)} notes, best of {args.repeats}; our .apkg {size / 1e6:.1f} MB")
    print(f"bare genanki: {bare_wall:.3f} s wall, {bare_cpu:.3f} s CPU")
    print(f"ours:         {ours_wall:.3f} s wall, {ours_cpu:.3f} s CPU")
    print(f"overhead ratio: {ours_wall / bare_wall:.2f}x wall, {ours_cpu / bare_cpu:.2f}x CPU (goal <= 1.2)")
    for side, (baseline, top) in peaks.items():
        print(f"peak RSS {side}: {top:.0f} MB, {top - baseline:+.0f} MB over {baseline:.0f} MB of inputs")


if __name__ == "__main__":
    main()
