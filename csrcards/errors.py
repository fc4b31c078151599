"""The one error type for problems in the card sources.

Every problem carries where it is (file, line, column, counted from 1) so that
editors and terminals can jump to it. Problems are collected, never raised one
by one: the trainer sees all of them at once.
"""

from __future__ import annotations

from typing import NamedTuple


class Problem(NamedTuple):
    """Ordered by place, so problems print file by file, top to bottom.

    (A NamedTuple rather than a dataclass: the CLI imports this module, and
    `csrcards --help` should not pay for importing dataclasses.)
    """

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
