"""What makes a new version of a question: a change of its content, found by a content hash.

Content is what a student reads and is graded on (wording, options, key, explanation, payload,
images, source). Where a question sits (topic, tags, order) is not content: moving it is no new
version.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any

from question_bank.model import Question

CONTENT_FIELDS = ("type", "prompt", "choices", "answer", "explanation", "source", "payload", "media")


def content_of(question: Question) -> dict[str, Any]:
    data = question.to_dict()
    data.setdefault("payload", {})
    data.setdefault("media", [])
    content = {name: data[name] for name in CONTENT_FIELDS}
    # Only a Markdown question names its markup, and only a question with answer-side images
    # names them, so other questions keep their hashes.
    for optional in ("markup", "answer_media"):
        if optional in data:
            content[optional] = data[optional]
    return content


def content_hash(content: Mapping[str, Any]) -> str:
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def key_changed(old: Mapping[str, Any], new: Mapping[str, Any]) -> bool:
    """True when what counts as the right answer changed: the type or the key."""
    return any(old.get(name) != new.get(name) for name in ("type", "answer"))
