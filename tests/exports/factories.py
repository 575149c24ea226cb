"""Questions of every type, built by hand so exporter tests do not depend on the generators."""

from __future__ import annotations

import dataclasses
import struct
import zlib
from pathlib import Path
from typing import Any

from question_bank import Question
from question_bank.payloads import ClozePayload, MatchingPayload
from question_bank.types import QUESTION_TYPES

BANK = "test-bank"


def make_question(type_: str = "mcq", **overrides: Any) -> Question:
    base: dict[str, Any] = {
        "id": f"q-{type_}",
        "type": type_,
        "prompt": f"Prompt for {type_}?",
        "choices": (),
        "answer": "",
        "explanation": f"Because of {type_}.",
        "tags": (f"{BANK}::pharmacology::drug",),
        "source": "Pharmacological Treatments (cited: NICE)",
        "bank": BANK,
        "topic": "pharmacology",
        "fact": f"{BANK}:thing:{type_}",
    }
    base.update(_TYPE_DEFAULTS.get(type_, {}))
    base.update(overrides)
    return Question(**with_payload(base))


def with_payload(values: dict[str, Any]) -> dict[str, Any]:
    """Question fields with the shorthands `items=` (matching) and `cloze=` made into payloads."""
    values = dict(values)
    if "items" in values:
        values["payload"] = MatchingPayload(items=tuple(values.pop("items")))
    if "cloze" in values:
        values["payload"] = ClozePayload(text=values.pop("cloze"))
    if "payload" not in values and values.get("type") in QUESTION_TYPES:
        values["payload"] = QUESTION_TYPES[values["type"]].payload_class()  # the type's empty payload
    return values


_TYPE_DEFAULTS: dict[str, dict[str, Any]] = {
    "mcq": {
        "prompt": "Which drug class is ibuprofen?",
        "choices": ("An opioid", "An NSAID", "A steroid", "A bisphosphonate"),
        "answer": "An NSAID",
    },
    "multi": {
        "prompt": "Which adverse effects are listed for ibuprofen? Select all that apply.",
        "choices": ("GI irritation", "Hair loss", "Renal impairment", "Tinnitus", "Peptic ulcer"),
        "answer": ("GI irritation", "Renal impairment", "Peptic ulcer"),
    },
    "truefalse": {
        "prompt": "True or false? Naproxen is an NSAID.",
        "choices": ("True", "False"),
        "answer": "True",
    },
    "matching": {
        "prompt": "Match each drug with its class.",
        "items": ("Ibuprofen", "Codeine", "Prednisolone"),
        "choices": ("An opioid", "A steroid", "An NSAID"),
        "answer": ("An NSAID", "An opioid", "A steroid"),
        "topic": "anatomy",
        "tags": (f"{BANK}::anatomy::drug",),
    },
    "cloze": {
        "prompt": "The _____ surrounds the nucleus pulposus.",
        "cloze": "The {{c1::annulus fibrosus}} surrounds the {{c2::nucleus pulposus}}.",
        "answer": "annulus fibrosus",
        "topic": "anatomy",
        "tags": (f"{BANK}::anatomy::component",),
    },
    "flashcard": {
        "prompt": "What is the usual adult dose of ibuprofen?",
        "answer": "200–400 mg every 6–8 hours",
    },
}

TYPES = tuple(_TYPE_DEFAULTS)


def one_of_each() -> list[Question]:
    return [make_question(t) for t in TYPES]


def edited(question: Question, **changes: Any) -> Question:
    return dataclasses.replace(question, **changes)


def write_png(path: Path, rgb: tuple[int, int, int] = (200, 30, 30), size: int = 4) -> Path:
    """A tiny valid PNG written with zlib and struct only."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    rows = b"".join(b"\x00" + bytes(rgb) * size for _ in range(size))
    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows))
    path.write_bytes(png + chunk(b"IEND", b""))
    return path
