"""Merging two branches' locks, entry by entry (git's merge driver for the lock).

Two trainers who build on two branches each update `decks/csrcards.lock`. Its
entries are independent, so they merge one by one against the common ancestor
(the base): an entry only one side changed takes that side; an entry both
sides added or changed to the same hash keeps that hash. An entry both sides
changed differently means the merged content is new to every learner (one
has side A's version, another side B's), so it must reach all of them:

- its hash becomes CHANGED_ON_BOTH_SIDES, which matches no content, so the
  next build counts the note as edited and gives it mod = max(now, old + 1);
- its mod is the newer of the two sides, so that rebuilt mod is newer than
  both, and Anki takes the update whichever side a learner imported.

Every merged entry keeps the newer of the two mods: no mod ever goes back.

The staleness times ("text/<note>/<language>") follow the same rules, with
one more: a translation changed on one side never saw an English edit made on
the other, so the merged English time is made newer than that translation's,
and the translation is flagged as possibly stale until someone looks at it.

A lock that git merged as text, leaving conflict markers, holds both sides
(and the base, with `merge.conflictStyle diff3`); `resolve` merges those. With
no base, every entry that differs counts as changed on both sides: a learner
may then get an update with nothing new in it, but never miss one.
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from . import conflicts, layout
from .errors import CardsError, Problem
from .files import write
from .lock import RESTORE, Entry, Lock
from .staleness import TRANSLATIONS, text_key

CHANGED_ON_BOTH_SIDES = ""  # a note hash is never empty, so the next build always sees an edit

REWRITE = ("during the merge, `git checkout -m decks/csrcards.lock` writes the conflict again; "
           "otherwise restore the lock from version control")

# A merged entry came from: both sides alike, one side's change, or both sides' changes.
SAME, OURS, THEIRS, BOTH = "same", "ours", "theirs", "both"


class Merged(NamedTuple):
    lock: Lock
    both: int  # entries changed on both sides; the next build gives them a new mod


def merge(base: dict[str, Entry], ours: Lock, theirs: Lock) -> Merged:
    entries: dict[str, Entry] = {}
    origin: dict[str, str] = {}
    for key in ours.entries.keys() | theirs.entries.keys():
        entries[key], origin[key] = _merge_entry(base.get(key), ours.entries.get(key), theirs.entries.get(key))
    _order_english_after_translations(entries, origin)
    created = min(ours.created, theirs.created)
    return Merged(Lock(created=created, entries=entries), sum(side == BOTH for side in origin.values()))


def _merge_entry(base: Entry | None, ours: Entry | None, theirs: Entry | None) -> tuple[Entry, str]:
    if ours is None or theirs is None:
        return (theirs, THEIRS) if ours is None else (ours, OURS)
    mod = max(ours.mod, theirs.mod)
    if ours.hash == theirs.hash:
        return Entry(ours.hash, mod), SAME
    if ours == base:
        return Entry(theirs.hash, mod), THEIRS
    if theirs == base:
        return Entry(ours.hash, mod), OURS
    return Entry(CHANGED_ON_BOTH_SIDES, mod), BOTH


def _order_english_after_translations(entries: dict[str, Entry], origin: dict[str, str]) -> None:
    """An English edit from one side is newer than the translations changed on the other."""
    other = {OURS: THEIRS, THEIRS: OURS}
    for key, side in origin.items():
        kind, _, rest = key.partition("/")
        note_id, _, language = rest.rpartition("/")
        if kind != "text" or language != "en" or side not in other:
            continue
        for translation in TRANSLATIONS:
            translated = text_key(note_id, translation)
            if origin.get(translated) == other[side]:
                english = entries[key]
                entries[key] = Entry(english.hash, max(english.mod, entries[translated].mod + 1))


def merge_files(base: Path, ours: Path, theirs: Path) -> int:
    """git's merge driver: merge the three versions, write the result over `ours`."""
    texts = {side: _read(path, _shown(side)) for side, path in (("base", base), ("ours", ours), ("theirs", theirs))}
    return _merge_into(ours, texts)


def resolve(path: Path, shown: str) -> int | None:
    """Merge the sides of a lock that holds conflict markers, in place.

    Returns how many entries were changed on both sides, or None when the
    lock holds no conflict markers.
    """
    text = _read(path, shown)
    if not conflicts.conflict_lines(text):
        return None
    try:
        sides = conflicts.split(text)
    except conflicts.MarkerError as error:
        raise CardsError([Problem(shown, error.line, 1, str(error), REWRITE)]) from None
    return _merge_into(path, {"base": sides.base or "", "ours": sides.ours, "theirs": sides.theirs})


def _merge_into(path: Path, texts: dict[str, str]) -> int:
    """Merge the three versions' texts (an empty one: no such version) and write the result."""
    locks = {side: Lock.parse(text, 0, _shown(side)) if text.strip() else None for side, text in texts.items()}
    base, ours, theirs = locks["base"], locks["ours"], locks["theirs"]
    if ours is None or theirs is None:
        merged = Merged(ours or theirs or Lock(created=0), 0)
    else:
        merged = merge(base.entries if base else {}, ours, theirs)
    write(path, merged.lock.encode())
    return merged.both


def _shown(side: str) -> str:
    return f"{layout.SOURCES_DIR}/{layout.LOCK_FILE} ({side})"


def _read(path: Path, shown: str) -> str:
    try:
        return path.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise CardsError([Problem(shown, 1, 1, f"cannot read the lock: {error}", RESTORE)]) from None
