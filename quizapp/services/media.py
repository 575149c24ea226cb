"""Images uploaded to a bank: recognised by their bytes, named by their content, kept in the
database (so that every host serves them) and served only to accounts that see the bank."""

from __future__ import annotations

import hashlib
from datetime import datetime

from sqlalchemy import Engine

from quizapp.services.authoring import check_editor_in
from quizapp.services.errors import InvalidInput, NotFound
from quizapp.store import courses, drafts
from quizapp.store.engine import reading
from quizapp.store.users import UserRecord

MAX_IMAGE_BYTES = 2 * 1024 * 1024
# Recognised by their first bytes, never by the name or the browser's word: SVG (which can
# carry script) and anything else is refused.
_SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "image/png", "png"),
    (b"\xff\xd8\xff", "image/jpeg", "jpg"),
    (b"GIF87a", "image/gif", "gif"),
    (b"GIF89a", "image/gif", "gif"),
)


def image_kind(data: bytes) -> tuple[str, str] | None:
    """(content type, extension) of a PNG, JPEG, GIF or WebP image; None for anything else."""
    for signature, content_type, extension in _SIGNATURES:
        if data.startswith(signature):
            return content_type, extension
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp", "webp"
    return None


def upload(engine: Engine, user: UserRecord, slug: str, data: bytes, now: datetime) -> str:
    """Store an image in the bank; returns its name (from its content, never the file's name)."""
    if len(data) > MAX_IMAGE_BYTES:
        raise InvalidInput("That image is larger than 2 MB; make it smaller and upload it again.")
    kind = image_kind(data)
    if kind is None:
        raise InvalidInput("Upload a PNG, JPEG, GIF or WebP image.")
    content_type, extension = kind
    name = f"{hashlib.sha256(data).hexdigest()[:20]}.{extension}"
    with engine.begin() as conn:
        check_editor_in(conn, user, slug)
        drafts.add_media(
            conn,
            {
                "bank": slug,
                "name": name,
                "content_type": content_type,
                "data": data,
                "uploaded_by": user.id,
                "created_at": now,
            },
        )
    return name


def get(engine: Engine, user: UserRecord, slug: str, name: str) -> tuple[str, bytes]:
    """An uploaded image, for an account that may see its bank (NotFound otherwise)."""
    with reading(engine) as conn:
        if slug not in courses.visible_banks(conn, user.id):
            raise NotFound("No such image.")
        found = drafts.media(conn, slug, name)
    if found is None:
        raise NotFound("No such image.")
    return found
