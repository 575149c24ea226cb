"""Every importer by format name: bytes in, parsed questions and line-numbered problems out."""

from __future__ import annotations

from exports import aiken_import, csv_import, gift_import, moodle_xml_import
from exports.gift_import import Parsed

FORMATS = {"gift": "GIFT", "moodle-xml": "Moodle XML", "aiken": "Aiken", "csv": "CSV"}


class NotText(ValueError):
    """The file is not UTF-8 text; `str()` names the first bad byte."""


def parse(data: bytes, fmt: str) -> Parsed:
    """The file parsed by the named format's reader; NotText if a text format is not UTF-8."""
    if fmt == "moodle-xml":
        return moodle_xml_import.parse(data)
    reader = {"aiken": aiken_import.parse, "csv": csv_import.parse}.get(fmt, gift_import.parse)
    try:
        return reader(data.decode("utf-8"))
    except UnicodeDecodeError as error:
        raise NotText(f"not UTF-8 text (byte {error.start})") from None
