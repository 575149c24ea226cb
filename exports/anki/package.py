"""Decks and the .apkg file: one deck per bank, one subdeck per topic, media alongside.

genanki writes the notes into a scratch SQLite file, which is zipped here with fixed entry dates and
modes, so the same questions and timestamp give a byte-identical package.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import os
import sqlite3
import tempfile
import time
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import BinaryIO

import genanki

from exports.anki.notes import build_note
from exports.base import DEFAULT_OPTIONS, ExportError, ExportOptions
from exports.media import media_files
from exports.text import topic_title
from question_bank import Question

_ZIP_DATE = (1980, 1, 1, 0, 0, 0)  # the earliest date a zip entry can carry
_ZIP_EPOCH = time.mktime((*_ZIP_DATE, 0, 1, -1))  # that date as a local file time, as zip stores it
_FILE_MODE = 0o644


def deck_id(slug: str, topic: str = "") -> int:
    """A deck id in [2**30, 2**31) from the bank slug and topic ("" for the bank's own deck)."""
    digest = hashlib.sha256(f"quizapp-deck\x1f{slug}\x1f{topic}".encode()).digest()
    return (1 << 30) + int.from_bytes(digest[:4], "big") % (1 << 30)


# Typed in `deck:` searches: an en dash ("L1–L2") is one no keyboard offers.
_DASHES = str.maketrans({"\u2013": "-", "\u2014": "-", "\u2212": "-"})


def deck_part(text: str) -> str:
    # "::" separates deck levels in Anki, so it cannot appear inside one level's name.
    return " ".join(text.translate(_DASHES).replace("::", ":").split()) or "Questions"


def build_decks(questions: Sequence[Question], options: ExportOptions) -> list[genanki.Deck]:
    """The bank's deck, and a subdeck per topic numbered in the bank's order (Anki lists subdecks
    alphabetically: "01 Anatomy" before "02 Causes"), unless `one_deck` (topics are in the tags)."""
    slug = options.slug_for(questions)
    title = deck_part(options.title_for(questions))
    description = options.bank.description if options.bank and not options.title else ""
    decks = [genanki.Deck(deck_id(slug), title, description)]
    by_topic: dict[str, genanki.Deck] = {}
    for due, question in enumerate(questions, start=1):
        topic = "" if options.one_deck else question.topic
        deck = decks[0] if not topic else by_topic.get(topic)
        if deck is None:
            name = f"{title}::{len(by_topic) + 1:02d} {deck_part(topic_title(topic))}"
            deck = by_topic[topic] = genanki.Deck(deck_id(slug, topic), name)
            decks.append(deck)
        # `due` keeps the bank's order as Anki's new-card order.
        deck.add_note(build_note(question, due))
    return decks


def write_apkg(
    questions: Sequence[Question], out: BinaryIO, options: ExportOptions = DEFAULT_OPTIONS
) -> None:
    """Write `questions` as an Anki package to the binary stream `out`."""
    if not questions:
        raise ExportError("no questions to export")
    timestamp = time.time() if options.timestamp is None else options.timestamp
    decks = build_decks(questions, options)
    media = media_files(questions, options.media_dir)
    with tempfile.TemporaryDirectory(prefix="quizapp-apkg-") as folder:
        # On disk, not in memory: the zip streams it, so peak memory stays near genanki's own.
        database = Path(folder) / "collection.anki2"
        _write_collection(decks, timestamp, database)
        with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
            _add_file(archive, "collection.anki2", database)
            _add(archive, "media", json.dumps({str(i): p.name for i, p in enumerate(media)}))
            for index, path in enumerate(media):
                _add(archive, str(index), path.read_bytes())


def _write_collection(decks: list[genanki.Deck], timestamp: float, path: Path) -> None:
    connection = sqlite3.connect(path)
    try:
        # A scratch file: no journal and no fsync (a crash just loses the export being written).
        connection.execute("PRAGMA journal_mode = OFF")
        connection.execute("PRAGMA synchronous = OFF")
        # Note and card ids count up from the timestamp in milliseconds, as genanki does.
        ids = itertools.count(int(timestamp * 1000))
        genanki.Package(decks).write_to_db(connection.cursor(), timestamp, ids)
        connection.commit()
    finally:
        connection.close()


def _add(archive: zipfile.ZipFile, name: str, data: bytes | str) -> None:
    info = zipfile.ZipInfo(name, date_time=_ZIP_DATE)
    info.external_attr = _FILE_MODE << 16
    archive.writestr(info, data, archive.compression, archive.compresslevel)


def _add_file(archive: zipfile.ZipFile, name: str, path: Path) -> None:
    """Stream a file into the archive; its date and mode are fixed first so the zip is reproducible."""
    os.utime(path, (_ZIP_EPOCH, _ZIP_EPOCH))
    path.chmod(_FILE_MODE)
    archive.write(path, name)
