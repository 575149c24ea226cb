"""Image files of a bundled bank's folder (entities' `image`, questions' media), served only to
accounts that see the bank, and only when the name is a plain path to an image file inside it.

Uploaded images live in the database instead (quizapp.services.media).
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path, PurePosixPath

from sqlalchemy import Engine

from question_bank.loader import IMAGE_SUFFIXES, inside
from quizapp.services.errors import NotFound
from quizapp.services.library import bundled_media_folder
from quizapp.store import courses
from quizapp.store.engine import reading
from quizapp.store.users import UserRecord

CONTENT_TYPES = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".svg": "image/svg+xml",
    ".webp": "image/webp",
}
assert set(CONTENT_TYPES) == set(IMAGE_SUFFIXES), "every image a bank may name has a content type"
# An SVG opened on its own is a document: it may load nothing and run nothing, only style itself.
IMAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'"
_TITLE = re.compile(r"<title\b[^>]*>(.*?)</title>", re.S)
_MAX_TITLE = 300

Folder = Callable[[str], Path | None]


@dataclass(frozen=True)
class BankImage:
    content_type: str
    data: bytes


def image_path(folder: Path, name: str) -> Path | None:
    """The image file `name` names inside the bank folder; None for anything else: an absolute
    path, `..` or any dot-file part, a backslash, a name without an image suffix, a symlink that
    leads out of the folder, a missing file."""
    parts = name.split("/")
    if not name or "\\" in name or "\x00" in name or any(not p or p.startswith(".") for p in parts):
        return None
    pure = PurePosixPath(name)
    if pure.is_absolute() or pure.suffix.lower() not in CONTENT_TYPES:
        return None
    path = folder.joinpath(*parts)
    if not inside(folder, path) or not path.is_file():
        return None
    return path


def get(
    engine: Engine, user: UserRecord, slug: str, name: str, folder_of: Folder = bundled_media_folder
) -> BankImage:
    """A bank's image file for an account that may see the bank (NotFound otherwise)."""
    with reading(engine) as conn:
        visible = slug in courses.visible_banks(conn, user.id)
    folder = folder_of(slug) if visible else None
    path = image_path(folder, name) if folder else None
    if path is None:
        raise NotFound("No such image.")
    return BankImage(CONTENT_TYPES[path.suffix.lower()], path.read_bytes())


def description(slug: str, name: str, folder_of: Folder = bundled_media_folder) -> str | None:
    """Alt text for a bank's image: "Diagram: " and an SVG's <title>, else words of its file name;
    None when the bank has no such image file (it would show broken)."""
    folder = folder_of(slug)
    path = image_path(folder, name) if folder else None
    if path is None:
        return None
    return _described(path, path.stat().st_mtime_ns)


@lru_cache(maxsize=256)
def _described(path: Path, _mtime: int) -> str:
    if path.suffix.lower() == ".svg":
        found = _TITLE.search(path.read_text(encoding="utf-8", errors="replace"))
        title = " ".join(html.unescape(found.group(1)).split())[:_MAX_TITLE] if found else ""
        if title:
            return f"Diagram: {title}"
    words = " ".join(path.stem.replace("-", " ").replace("_", " ").split())
    return f"Image: {words}" if words else "Image"
