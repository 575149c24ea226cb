"""What a question is, as the export formats see it: a handful of shapes every format knows.

A question type maps each of its questions to one shape (`QuestionType.shape`); each format has one
writer per shape, or refuses a shape with a stated reason. A new type that fits an existing shape is
exported by every format with no change to any of them.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Choice:
    """Options to pick from and the positions of the keyed ones (one unless `single` is False)."""

    options: tuple[str, ...]
    keyed: tuple[int, ...]
    single: bool


@dataclass(frozen=True)
class TrueFalse:
    value: bool


@dataclass(frozen=True)
class Matching:
    """Items paired with their matches; `options` are what a student matches from (may be more)."""

    pairs: tuple[tuple[str, str], ...]
    options: tuple[str, ...]


@dataclass(frozen=True)
class Cloze:
    """Text in Anki's {{c1::...}} syntax with at least one deletion."""

    text: str


@dataclass(frozen=True)
class Recall:
    """A prompt answered from memory and graded by the student against `answer`."""

    answer: str


@dataclass(frozen=True)
class Typed:
    """A prompt answered by typing; any of `accepted` (in the author's order) is right."""

    accepted: tuple[str, ...]


@dataclass(frozen=True)
class Numerical:
    """A number typed; right within `tolerance` of any of `values` (in the author's order).
    `unit` (may be empty) is what the number is measured in: "µmol/L"."""

    values: tuple[float, ...]
    tolerance: float
    unit: str


Shape = Choice | TrueFalse | Matching | Cloze | Recall | Typed | Numerical
