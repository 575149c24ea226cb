"""Problems found in a bank, each pinned to a file, a line and a field."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class BankProblem:
    file: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        field = f" [{self.field}]" if self.field else ""
        return f"{where}{field}: {self.message}"


class BankError(Exception):
    """A bank failed to load; `problems` lists every error found, not just the first."""

    def __init__(self, problems: list[BankProblem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))
