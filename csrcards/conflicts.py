"""git's conflict markers: finding them in a file, and taking the file apart.

When git cannot merge a text file it writes both sides into it between marker
lines, and (with `merge.conflictStyle diff3` or `zdiff3`) the common ancestor
too:

    <<<<<<< HEAD
    our lines
    ||||||| base
    the ancestor's lines
    =======
    their lines
    >>>>>>> branch

The sources and the lock refuse such a file with the line of its first
marker; the lock can then be merged from the sides this module recovers.
"""

from __future__ import annotations

import re
from typing import NamedTuple

_START, _BASE, _SPLIT, _END = "<" * 7, "|" * 7, "=" * 7, ">" * 7
_START_LINE = re.compile(rf"^{_START}(?: |$)", re.MULTILINE)


class Sides(NamedTuple):
    ours: str
    theirs: str
    base: str | None  # None when git wrote no ancestor (the default conflict style)


class MarkerError(ValueError):
    """Markers that do not pair up; `line` is where reading stopped (from 1)."""

    def __init__(self, line: int, message: str):
        self.line = line
        super().__init__(message)


def conflict_lines(text: str) -> list[int]:
    """The line (from 1) of each conflict's opening marker."""
    if _START not in text:  # a quick look rules out almost every file
        return []
    return [text.count("\n", 0, match.start()) + 1 for match in _START_LINE.finditer(text)]


def split(text: str) -> Sides:
    """Each side of a file with conflicts, as git would have written it alone."""
    ours: list[str] = []
    theirs: list[str] = []
    base: list[str] = []
    has_base = False
    part = "both"
    for number, line in enumerate(text.splitlines(keepends=True), 1):
        marker = _marker(line)
        if marker is None:
            if part in ("both", "ours"):
                ours.append(line)
            if part in ("both", "theirs"):
                theirs.append(line)
            if part in ("both", "base"):
                base.append(line)
            continue
        expected = {"both": (_START,), "ours": (_BASE, _SPLIT), "base": (_SPLIT,), "theirs": (_END,)}[part]
        if marker not in expected:
            raise MarkerError(number, f"conflict marker {marker} where {' or '.join(expected)} was expected")
        has_base |= marker == _BASE
        part = {_START: "ours", _BASE: "base", _SPLIT: "theirs", _END: "both"}[marker]
    if part != "both":
        raise MarkerError(text.count("\n") + 1, f"the last conflict has no closing {_END} line")
    return Sides("".join(ours), "".join(theirs), "".join(base) if has_base else None)


def _marker(line: str) -> str | None:
    head = line[:7]
    if head in (_START, _BASE, _END) and line[7:8] in ("", " ", "\n", "\r"):
        return head
    if line.rstrip("\r\n") == _SPLIT:
        return _SPLIT
    return None
