"""Anki packages (.apkg) written with genanki; see docs/export-formats.md for ids and note types."""

from exports.anki.models import BASIC_MODEL_ID, CHOICE_MODEL_ID, CLOZE_MODEL_ID
from exports.anki.notes import build_note, note_guid, note_tags
from exports.anki.package import build_decks, deck_id, write_apkg
from exports.base import ExportFormat

FORMAT = ExportFormat(
    name="anki",
    extension="apkg",
    mimetype="application/apkg",
    description="an Anki deck package, one subdeck per topic",
    write=write_apkg,
)

__all__ = [
    "BASIC_MODEL_ID",
    "CHOICE_MODEL_ID",
    "CLOZE_MODEL_ID",
    "FORMAT",
    "build_decks",
    "build_note",
    "deck_id",
    "note_guid",
    "note_tags",
    "write_apkg",
]
