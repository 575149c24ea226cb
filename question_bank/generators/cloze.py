"""Cloze deletions from descriptive text: one item per [[marked]] term."""

from __future__ import annotations

import re
from collections.abc import Iterator

from question_bank.generators.base import Context, display
from question_bank.model import Question
from question_bank.payloads import ClozePayload

MARK = re.compile(r"\[\[(.+?)\]\]")
BLANK = "_____"


def generate_cloze(ctx: Context) -> Iterator[Question]:
    for entity in ctx.bank.entities.values():
        for spec in ctx.know.kinds[entity.kind].attributes.values():
            text = entity.attrs.get(spec.name)
            if spec.type != "text" or not isinstance(text, str):
                continue
            marks = list(MARK.finditer(text))
            plain = MARK.sub(r"\1", text)
            # A heading that is itself a question ("Is it reversible?") needs no colon after it.
            head = display(entity.name) + ("" if entity.name.endswith("?") else ":")
            for index, mark in enumerate(marks):
                before, after = MARK.sub(r"\1", text[: mark.start()]), MARK.sub(r"\1", text[mark.end() :])
                yield ctx.question(
                    template="cloze",
                    entity=entity,
                    attr=spec.name,
                    key=str(index),
                    type="cloze",
                    prompt=f"{head} {before}{BLANK}{after}",
                    choices=(),
                    answer=mark.group(1),
                    payload=ClozePayload(f"{head} {before}{{{{c1::{mark.group(1)}}}}}{after}"),
                    explanation=f"{head} {plain}",
                )
