"""The one error type for problems in the card sources.

Every problem carries where it is (file, line, column, counted from 1) so that
editors and terminals can jump to it. Problems are collected, never raised one
by one: the trainer sees all of them at once.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    column: int
    message: str
    hint: str = ""

    def __str__(self) -> str:
        text = f"{self.path}:{self.line}:{self.column}: {self.message}"
        return f"{text} ({self.hint})" if self.hint else text


class CardsError(Exception):
    """The sources have problems; nothing was written."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))
