"""The lock: when each note's and note type's current content was first built.

Anki updates a note it already has only when the incoming note's `mod` (whole
seconds) is newer than the learner's copy, and a note type's CSS and templates
only when the incoming note type's `mod` is newer. The lock, committed beside
the sources as `decks/csrcards.lock`, makes both work:

- for every (note, language) and (note type) it keeps a hash of the content
  that goes into the package, and the `mod` that content was first built with;
- unchanged content keeps its `mod`, so a rebuild is byte-identical and a
  learner's own edits to an untouched note are left alone;
- changed content gets a `mod` newer than both the clock and its old `mod`,
  so the edit reaches learners on their next import.

The same file keeps, per note and language, a hash of the trainer's text and
when it last changed ("text/<note>/<language>"), so that staleness.py can tell
a translation that did not follow an English edit. A lock without them still
loads; they are added by the next build.

The file is JSON with one entry per line, sorted, so that diffs stay readable.
Two branches' locks merge entry by entry (merge.py, git's merge driver); a
lock that still holds git's conflict markers is refused at the first one.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from . import conflicts
from .errors import CardsError, Problem

LOCK_FILE = "csrcards.lock"
FORMAT = 1
RESTORE = "restore it from version control (git checkout -- decks/csrcards.lock)"


# One encoder for every hash: json.dumps with options builds a new one per call.
_ENCODE = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode


_STRING = json.encoder.encode_basestring  # what the encoder above writes for a string


def content_hash(*parts: object) -> str:
    pieces = []
    for part in parts:  # texts (the usual parts): the same JSON, written directly
        if part is None:
            pieces.append("null")
        elif part.__class__ is str:
            pieces.append(_STRING(part))
        else:
            blob = _ENCODE(parts)
            break
    else:
        blob = "[" + ",".join(pieces) + "]"
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:20]


def note_hash(notetype_id: int, fields: list[str], tags: list[str]) -> str:
    """content_hash for a note, without JSON: sources cannot contain the
    separators (control characters are refused), so the join is unambiguous."""
    blob = f"{notetype_id}\x1e" + "\x1f".join(fields) + "\x1e" + " ".join(tags)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:20]


def note_key(note_id: str, language: str) -> str:
    """The lock entry of one note in one language's deck."""
    return f"note/{note_id}/{language}"


@dataclass(slots=True)  # a lock holds several entries per note
class Entry:
    hash: str
    mod: int


_ENTRY_KEYS = {"hash", "mod"}


def _entry(times: dict[int, int], value: dict) -> object:
    """A JSON object of the lock: an entry if it is one (its time shared through `times`), as it stands otherwise."""
    if value.keys() == _ENTRY_KEYS and value["hash"].__class__ is str and value["mod"].__class__ is int:
        mod = value["mod"]
        return Entry(value["hash"], times.setdefault(mod, mod))
    return value


@dataclass
class Lock:
    created: int
    entries: dict[str, Entry] = field(default_factory=dict)
    now: int = 0
    # What this build did to each entry it built, by kind ("note", "notetype") and language:
    # key -> "new" | "edited" | "unchanged".
    _states: dict[tuple[str, str], dict[str, str]] = field(default_factory=dict, repr=False)

    @classmethod
    def load(cls, path: Path, now: int, shown: str) -> Lock:
        if not path.exists():
            return cls(created=now, now=now)
        try:
            text = path.read_text("utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise CardsError([Problem(shown, 1, 1, f"the lock file is damaged: {error}", RESTORE)]) from None
        return cls.parse(text, now, shown)

    @classmethod
    def parse(cls, text: str, now: int, shown: str) -> Lock:
        markers = conflicts.conflict_lines(text)
        if markers:
            raise CardsError([Problem(shown, markers[0], 1, "the lock still holds git's conflict markers",
                                      "run `csrcards merge-lock` to merge both sides, then `csrcards build`")])
        try:
            # Each entry becomes an Entry as soon as it is read, so that a large lock is never held
            # twice over, as JSON objects and as entries; equal times share one int (most notes of
            # a course were first built at a handful of times).
            data = json.loads(text, object_hook=partial(_entry, {}))
            found = data.get("format") if isinstance(data, dict) else None
            if found != FORMAT:
                raise ValueError(f"unknown lock format {found!r}")
            entries = {key: value if value.__class__ is Entry else Entry(str(value["hash"]), int(value["mod"]))
                       for key, value in data["entries"].items()}
            return cls(created=int(data["created"]), entries=entries, now=now)
        except (ValueError, KeyError, TypeError, AttributeError) as error:
            raise CardsError([Problem(shown, 1, 1, f"the lock file is damaged: {error}", RESTORE)]) from None

    def mod(self, key: str, digest: str) -> int:
        """The `mod` for this content: kept if unchanged, newer if not."""
        old = self.entries.get(key)
        if old is not None and old.hash == digest:
            self._touch(key, "unchanged")
            return old.mod
        mod = max(self.now, old.mod + 1) if old else self.now
        self.entries[key] = Entry(digest, mod)
        self._touch(key, "edited" if old else "new")
        return mod

    def _touch(self, key: str, state: str) -> None:
        kind, language = key[:key.index("/")], key[key.rindex("/") + 1:]
        self._states.setdefault((kind, language), {})[key] = state

    def note_ids(self) -> set[str]:
        """Every note the lock has an entry for: all notes ever built."""
        return {key.split("/")[1] for key in self.entries if key.startswith("note/")}

    def note_states(self, language: str) -> dict[str, str]:
        """What this build did to each note of a language: new, edited or unchanged."""
        return {key.split("/")[1]: state for key, state in self._states.get(("note", language), {}).items()}

    def notetype_states(self, language: str) -> dict[str, str]:
        """What this build did to each note type of a language: new, edited or unchanged."""
        return {key.split("/")[1]: state for key, state in self._states.get(("notetype", language), {}).items()}

    def dumps(self) -> str:
        return self.encode().decode("utf-8")

    def encode(self) -> bytes:
        """The lock file: JSON with one entry per line, sorted."""
        return b"".join(self.chunks())

    def chunks(self, lines: int = 4096) -> Iterator[bytes]:
        """The lock file, a few thousand lines at a time: a lock holds several entries per
        note, and a build writes it from these without ever holding all of it."""
        key_json = _STRING  # what json.dumps(key, ensure_ascii=False) gives
        entries = self.entries
        keys = sorted(entries)
        yield f'{{\n  "format": {FORMAT},\n  "created": {self.created},\n  "entries": {{\n    '.encode()
        for start in range(0, len(keys), lines):
            block = ",\n    ".join(f'{key_json(key)}: {{"hash": "{entries[key].hash}", "mod": {entries[key].mod}}}'
                                     for key in keys[start:start + lines])
            yield (",\n    " + block if start else block).encode("utf-8")
        yield b"\n  }\n}\n"
