"""Choosing which questions to export: by topic, by tag, or by an explicit set of question ids.

Tags match hierarchically and without regard to case, as in Anki: `lumbar-l1-l2::pharmacology`
selects `lumbar-l1-l2::pharmacology::drug` too.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field

from question_bank import Question


def tag_matches(wanted: str, tag: str) -> bool:
    wanted, tag = wanted.casefold().strip(":"), tag.casefold()
    return tag == wanted or tag.startswith(wanted + "::")


@dataclass(frozen=True)
class Selection:
    """Topics and tags are each "any of"; when both are given a question must pass both.

    `ids`, when not None, keeps only those question ids (a student's missed or marked set);
    an empty Selection keeps everything.
    """

    topics: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    ids: frozenset[str] | None = field(default=None)

    def keeps(self, question: Question) -> bool:
        if self.ids is not None and question.id not in self.ids:
            return False
        if self.topics and question.topic.casefold() not in {t.casefold() for t in self.topics}:
            return False
        return not self.tags or any(tag_matches(w, t) for w in self.tags for t in question.tags)

    def apply(self, questions: Iterable[Question]) -> list[Question]:
        """The kept questions in their original (bank) order."""
        return [q for q in questions if self.keeps(q)]

    def unmatched(self, questions: Sequence[Question]) -> list[str]:
        """Each topic or tag that matches no question, for telling the user which filter is wrong."""
        missing = [
            f"topic {t!r}"
            for t in self.topics
            if not any(q.topic.casefold() == t.casefold() for q in questions)
        ]
        missing += [
            f"tag {w!r}" for w in self.tags if not any(tag_matches(w, t) for q in questions for t in q.tags)
        ]
        return missing


def select_questions(
    questions: Iterable[Question],
    *,
    topics: Iterable[str] = (),
    tags: Iterable[str] = (),
    ids: Collection[str] | None = None,
) -> list[Question]:
    """Shortcut for `Selection(...).apply(questions)`."""
    selection = Selection(tuple(topics), tuple(tags), None if ids is None else frozenset(ids))
    return selection.apply(questions)
