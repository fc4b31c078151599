"""Cloze numbers that learners already have cards for.

A learner's card of a cloze note is its deletion number: card 2 belongs to
`{{c2::…}}`, and its review history stays with the number whatever text the
deletion holds. An import cannot undo either of these:

- a number gone from the text: learners keep its card, which now shows
  Anki's "No cloze 3 found" in their reviews;
- a number that now holds what another number held (c3 renumbered to c2):
  the history of card 2 now sits on other text, and the learner is asked
  what they had learned as card 3 as if it were well known.

So a trainer who edits a released cloze note keeps its numbers, or retires
the note and adds the new text under a new id. This module finds both
changes, from the numbers and a hash of their answers:

- the lock keeps them per note, language and number
  ("cloze/<note>/<language>/<number>"); `csrcards build` and `check` warn
  when the sources differ from the last build, and a build records the new
  numbers, so the warning comes with the build that makes the change;
- `csrcards diff` compares the released packages with the sources, so it
  warns until the new release is handed out.

The lock rather than the last package, for build and check: it is already
the record of what each note was when last built, in every language, and it
is there whatever `--out` and `--lang` a build is given.
"""

from __future__ import annotations

from typing import NamedTuple

from . import cloze
from .errors import Problem
from .lock import Entry, Lock, content_hash
from .model import Course, Note


class Renumbering(NamedTuple):
    """What learners' cards of one note lose: numbers gone, and numbers that hold another's text."""

    removed: tuple[int, ...] = ()
    moved: tuple[tuple[int, int], ...] = ()  # (the number that held the text, the number that holds it now)

    def __bool__(self) -> bool:
        return bool(self.removed or self.moved)

    def describe(self) -> str:
        parts = [f"c{number} is gone (learners keep its card, which now shows \"No cloze {number} found\")"
                 for number in self.removed]
        parts += [f"c{new} now holds what c{old} held (learners' history of card {new} now belongs to other text)"
                  for old, new in self.moved]
        return "; ".join(parts)


HINT = "keep the numbers of a released note; to change them, retire the note and give the new text a new id"


def answer_hashes(text: str | cloze.Reading) -> dict[int, str]:
    """Each deletion number of a cloze text (or its reading) with a hash of the answers it hides."""
    return {number: content_hash(*answers) for number, answers in cloze.answers(text).items()}


def compare(old: dict[int, str], new: dict[int, str]) -> Renumbering:
    """What learners who have the `old` cards lose when the note becomes `new`."""
    removed = tuple(sorted(set(old) - set(new)))
    moved = tuple((before, after) for after in sorted(new) for before in sorted(old)
                  if before != after and old[before] == new[after] and old.get(after) != new[after])
    return Renumbering(removed, moved)


def review(course: Course, lock: Lock, languages: tuple[str, ...], record: bool) -> list[Problem]:
    """Warnings for cloze notes renumbered since the last build; with record=True the lock learns the new numbers."""
    warnings = []
    locked = _locked(lock)
    ever = {note_id for note_id, _ in locked}  # the notes that had cloze numbers when last built
    for note in course.notes:
        if note.kind != "cloze" and note.id not in ever:
            continue  # most question notes: never a cloze note, so nothing to compare or record
        found: dict[str, list[str]] = {}
        for language in languages:
            old = locked.get((note.id, language), {})
            new = answer_hashes(note.reading(language)) if note.kind == "cloze" else {}
            change = compare(old, new) if old and not note.retired else Renumbering()
            if change:
                found.setdefault(change.describe(), []).append(language)
            if record:
                _record(lock, note.id, language, old, new)
        for description, where in found.items():
            warnings.append(_at(note, f"cloze note '{note.id}' ({', '.join(where)}): {description}"))
    return warnings


def _key(note_id: str, language: str, number: int | str = "") -> str:
    return f"cloze/{note_id}/{language}/{number}"


def _locked(lock: Lock) -> dict[tuple[str, str], dict[int, str]]:
    """The lock's cloze entries: (note, language) -> {number: hash}."""
    found: dict[tuple[str, str], dict[int, str]] = {}
    for key, entry in lock.entries.items():
        if key.startswith("cloze/"):
            _, note_id, language, number = key.split("/")
            found.setdefault((note_id, language), {})[int(number)] = entry.hash
    return found


def _record(lock: Lock, note_id: str, language: str, old: dict[int, str], new: dict[int, str]) -> None:
    for number in old.keys() - new.keys():
        del lock.entries[_key(note_id, language, number)]
    for number, digest in new.items():
        if old.get(number) != digest:
            lock.entries[_key(note_id, language, number)] = Entry(digest, lock.now)


def _at(note: Note, message: str) -> Problem:
    return Problem(note.where.path, note.where.line, note.where.column, message, HINT)
