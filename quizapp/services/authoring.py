"""Writing banks in the browser: banks and co-authors, drafts, publishing, versions, images.

A question is a draft until it is published; drafts live in their own table, so nothing a
student studies can reach one. Publishing stores a new version of the question (who, when,
what), exactly as loading a bank does for generated questions, and students keep their
schedules; a changed key resets them, as `quizapp bank load` does by default.
"""

from __future__ import annotations

import re
import secrets
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Engine

from question_bank import Question
from question_bank.authoring import Written, build, written_from
from question_bank.types import question_from_dict
from question_bank.versions import content_hash, content_of, key_changed
from quizapp.services.banks import question_row
from quizapp.services.courses import require_writer
from quizapp.services.errors import Forbidden, InvalidInput, NotFound
from quizapp.store import cards, courses, drafts, questions, users
from quizapp.store.drafts import DraftRecord
from quizapp.store.engine import reading
from quizapp.store.questions import VersionRecord
from quizapp.store.users import UserRecord

VISIBILITIES = ("courses", "public")


def _slug(title: str) -> str:
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")[:60] or "bank"


def create_bank(engine: Engine, user: UserRecord, title: str, description: str, now: datetime) -> str:
    """A new bank owned by the instructor, seen only by the courses it is added to."""
    require_writer(user)
    title = title.strip()
    if not title:
        raise InvalidInput("Give the bank a title.")
    base = _slug(title)
    with engine.begin() as conn:
        slug, n = base, 1
        while questions.bank_exists(conn, slug):
            n += 1
            slug = f"{base}-{n}"
        courses.create_bank(
            conn, slug=slug, title=title[:300], description=description.strip(), owner_id=user.id, now=now
        )
    return slug


def my_banks(engine: Engine, user: UserRecord) -> list[dict[str, Any]]:
    with reading(engine) as conn:
        return courses.editable_banks(conn, user.id)


def check_editor(engine: Engine, user: UserRecord, slug: str) -> None:
    """NotFound unless the account owns or co-authors the bank."""
    with reading(engine) as conn:
        check_editor_in(conn, user, slug)


def check_editor_in(conn: Connection, user: UserRecord, slug: str) -> None:
    """In an open transaction: NotFound unless the account owns or co-authors the bank."""
    # Another instructor's bank answers as a missing one: its existence is not theirs to know.
    if not courses.can_edit(conn, slug, user.id):
        raise NotFound("No such bank among yours.")


@dataclass(frozen=True)
class Listed:
    id: str
    type: str
    heading: str
    status: str  # "published", "draft", or "published, draft pending"
    version: int


@dataclass(frozen=True)
class BankEditor:
    slug: str
    title: str
    visibility: str
    owner: str
    coauthors: list[tuple[int, str]]
    items: list[Listed]
    images: list[str]
    is_owner: bool


def bank_editor(engine: Engine, user: UserRecord, slug: str) -> BankEditor:
    with reading(engine) as conn:
        check_editor_in(conn, user, slug)
        row = questions.bank_row(conn, slug)
        owner_id, coauthors = courses.authors_of(conn, slug)
        owner = users.get(conn, owner_id) if owner_id is not None else None
        pending = {d.id: d for d in drafts.of_bank(conn, slug)}
        items = [_listed(q, pending.pop(q.id, None)) for q in questions.editable(conn, slug)]
        items = [_draft_listed(d) for d in pending.values()] + items
        return BankEditor(
            slug,
            row["title"],
            row["visibility"],
            owner.email if owner else "",
            coauthors,
            items,
            drafts.media_names(conn, slug),
            owner_id == user.id,
        )


def _listed(question: Question, draft: DraftRecord | None) -> Listed:
    status = "published, draft pending" if draft else "published"
    return Listed(
        question.id, question.type, question.prompt.splitlines()[-1][:140], status, question.version
    )


def _draft_listed(draft: DraftRecord) -> Listed:
    content = draft.content
    prompt = str(content.get("prompt", "")).splitlines()
    return Listed(draft.id, str(content.get("type", "")), (prompt[-1] if prompt else "")[:140], "draft", 0)


def set_visibility(engine: Engine, user: UserRecord, slug: str, visibility: str) -> None:
    if visibility not in VISIBILITIES:
        raise InvalidInput("A bank is seen by its courses or by everyone.")
    if visibility == "public" and user.role != "admin":
        raise Forbidden("Only an admin makes a bank public to every account.")
    with engine.begin() as conn:
        check_editor_in(conn, user, slug)
        courses.set_visibility(conn, slug, visibility)


def check_owner(engine: Engine, user: UserRecord, slug: str) -> None:
    """NotFound unless the account owns the bank (co-authors edit it; only its owner adds them)."""
    with reading(engine) as conn:
        _check_owner(conn, user, slug)


def _check_owner(conn: Connection, user: UserRecord, slug: str) -> None:
    owner_id, _ = courses.authors_of(conn, slug)
    if owner_id != user.id:
        raise NotFound("No such bank among yours.")


def add_coauthor(engine: Engine, user: UserRecord, slug: str, email: str) -> str:
    with engine.begin() as conn:
        _check_owner(conn, user, slug)
        other = users.by_email(conn, email.strip().lower())
        if other is None or other.role not in ("instructor", "admin"):
            raise InvalidInput("A co-author needs an instructor account; ask an admin to give them the role.")
        if other.id != user.id:
            courses.add_author(conn, slug, other.id)
        return other.email


def remove_coauthor(engine: Engine, user: UserRecord, slug: str, coauthor_id: int) -> None:
    with engine.begin() as conn:
        _check_owner(conn, user, slug)
        courses.remove_author(conn, slug, coauthor_id)


@dataclass(frozen=True)
class Editing:
    id: str
    bank: str
    written: Written
    published_version: int  # 0: never published
    has_draft: bool


def editing(engine: Engine, user: UserRecord, question_id: str) -> Editing:
    """The fields to edit: the draft if there is one, else the published question."""
    with reading(engine) as conn:
        published = questions.get(conn, question_id)
        draft = drafts.get(conn, question_id)
        bank = draft.bank if draft else (published.bank if published else "")
        if not bank:
            raise NotFound("No such question.")
        check_editor_in(conn, user, bank)
    if draft is not None:
        question = _draft_question(draft)
    else:
        assert published is not None
        question = published
    return Editing(
        question_id, bank, written_from(question), published.version if published else 0, bool(draft)
    )


def _draft_question(draft: DraftRecord) -> Question:
    data: dict[str, Any] = {**draft.content, "id": draft.id, "bank": draft.bank, "topic": draft.topic}
    return question_from_dict({**data, "tags": draft.tags})


def new_id(slug: str) -> str:
    return f"{slug}:w{secrets.token_hex(5)}"


def save_draft(
    engine: Engine, user: UserRecord, slug: str, question_id: str | None, written: Written, now: datetime
) -> str:
    """Keep the fields as a draft (built first: FieldErrors for what cannot be a question)."""
    with engine.begin() as conn:
        if question_id is not None:
            slug = _bank_of(conn, question_id) or slug
        check_editor_in(conn, user, slug)
        qid = question_id or new_id(slug)
        question = build(written, question_id=qid, bank=slug)
        keep_draft(conn, question, user, now)
    return qid


def keep_draft(conn: Connection, question: Question, user: UserRecord, now: datetime) -> None:
    """Store the question as its bank's draft (of a new question, or of the published one)."""
    values = {
        "id": question.id,
        "bank": question.bank,
        "content": content_of(question),
        "topic": question.topic,
        "tags": list(question.tags),
        "updated_by": user.id,
        "updated_at": now,
    }
    drafts.save(conn, values)


def _bank_of(conn: Connection, question_id: str) -> str | None:
    draft = drafts.get(conn, question_id)
    if draft is not None:
        return draft.bank
    published = questions.get(conn, question_id)
    if published is None:
        raise NotFound("No such question.")
    return published.bank


def publish(engine: Engine, user: UserRecord, question_id: str, now: datetime) -> int:
    """Publish the question's draft as its next version; returns the version number."""
    with engine.begin() as conn:
        draft = drafts.get(conn, question_id)
        if draft is None:
            raise NotFound("There is no draft of that question to publish.")
        check_editor_in(conn, user, draft.bank)
        version = _store_version(conn, _draft_question(draft), user, now)
        drafts.discard(conn, question_id)
    return version


def discard_draft(engine: Engine, user: UserRecord, question_id: str) -> str:
    with engine.begin() as conn:
        draft = drafts.get(conn, question_id)
        if draft is None:
            raise NotFound("There is no draft of that question.")
        check_editor_in(conn, user, draft.bank)
        drafts.discard(conn, question_id)
        return draft.bank


def _store_version(conn: Connection, question: Question, user: UserRecord, now: datetime) -> int:
    stored = questions.current_versions(conn, question.bank).get(question.id)
    content = content_of(question)
    digest = content_hash(content)
    if stored is not None and stored.content_hash == digest:
        return stored.version  # nothing changed: no new version
    version = stored.version + 1 if stored else 1
    position = questions.position_of(conn, question.id)
    if position is None:
        position = questions.next_position(conn, question.bank)
    questions.upsert_questions(conn, [question_row(question, question.bank, position, version, digest, now)])
    questions.add_versions(
        conn,
        [
            {
                "question_id": question.id,
                "version": version,
                "content_hash": digest,
                "content": content,
                "origin": "editor",
                "created_at": now,
                "created_by": user.id,
            }
        ],
    )
    questions.replace_question_tags(conn, question.id, question.tags)
    if stored is not None and key_changed(stored.content, content):
        cards.reset_to_new(conn, [question.id])
    return version


# How a changed content field is named to an author.
CHANGE_NAMES = {
    "type": "type",
    "prompt": "wording",
    "choices": "options",
    "answer": "key",
    "explanation": "explanation",
    "source": "source",
    "payload": "case, option explanations or objective",
    "media": "images",
    "markup": "format",
}


@dataclass(frozen=True)
class Change:
    record: VersionRecord
    changed: list[str]  # the content fields that differ from the version before


def history(engine: Engine, user: UserRecord, question_id: str) -> tuple[str, list[Change]]:
    """The bank and every version of the question, newest first, with what each one changed."""
    with reading(engine) as conn:
        bank = _bank_of(conn, question_id)
        assert bank is not None
        check_editor_in(conn, user, bank)
        records = questions.history(conn, question_id)
    changes, before = [], None
    for record in records:
        changed = [
            CHANGE_NAMES.get(k, k)
            for k in record.content
            if before is None or before.get(k) != record.content.get(k)
        ]
        changes.append(Change(record, changed if before is not None else ["created"]))
        before = record.content
    return bank, changes[::-1]


def restore(engine: Engine, user: UserRecord, question_id: str, version: int, now: datetime) -> int:
    """Publish an old version's content again, as the next version."""
    with engine.begin() as conn:
        current = questions.get(conn, question_id)
        if current is None:
            raise NotFound("No such question.")
        check_editor_in(conn, user, current.bank)
        old = next((r for r in questions.history(conn, question_id) if r.version == version), None)
        if old is None:
            raise NotFound(f"Question {question_id} has no version {version}.")
        data = {**current.to_dict(), **old.content}
        restored = question_from_dict({**data, "version": current.version})
        return _store_version(conn, restored, user, now)
