"""Exporters from generated questions to files: Anki, JSON, CSV, GIFT and Moodle XML.

Imports question_bank only. Typical use::

    questions = select_questions(generate(bank), tags=["lumbar-l1-l2::pharmacology"])
    export_questions("anki", questions, Path("deck.apkg"), ExportOptions(bank=bank, media_dir=folder))
"""

from exports.base import ExportError, ExportFormat, ExportOptions
from exports.registry import FORMATS, export_questions, get_format
from exports.selection import Selection, select_questions

__all__ = [
    "FORMATS",
    "ExportError",
    "ExportFormat",
    "ExportOptions",
    "Selection",
    "export_questions",
    "get_format",
    "select_questions",
]
