"""What an .apkg holds, read back: its notes, note types and decks.

The reverse of package.py, for comparing packages by what Anki sees in them
rather than by their bytes: zip -> `collection.anki2` -> SQLite. Notes are
keyed by GUID, since that is how Anki matches them on import.
"""

from __future__ import annotations

import io
import json
import os
import sqlite3
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from .errors import CardsError, Problem

DEFAULT_DECK_ID = 1  # Anki's "Default" deck, which every collection has


@dataclass(frozen=True)
class PackagedNote:
    guid: str
    notetype_id: int
    mod: int
    fields: tuple[str, ...]
    tags: tuple[str, ...]


@dataclass(frozen=True)
class PackagedNoteType:
    id: int
    name: str
    fields: tuple[str, ...]
    templates: tuple[tuple[str, str, str], ...]  # (name, question format, answer format)
    css: str

    @property
    def shape(self) -> tuple:
        """What Anki needs unchanged to update the learner's copy: field and template names."""
        return self.fields, tuple(name for name, _, _ in self.templates)


@dataclass(frozen=True)
class Contents:
    notes: dict[str, PackagedNote]  # by GUID, in the package's order
    notetypes: dict[int, PackagedNoteType]
    decks: dict[str, str]  # name -> description

    def field_names(self, note: PackagedNote) -> tuple[str, ...]:
        notetype = self.notetypes.get(note.notetype_id)
        return notetype.fields if notetype else tuple(f"field {n + 1}" for n in range(len(note.fields)))


def read(path: Path, shown: str) -> Contents:
    """The contents of the .apkg at `path`; CardsError if it is not one."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise CardsError([Problem(shown, 1, 1, f"cannot read the package: {error.strerror or error}")]) from None
    return parse(data, shown)


def parse(data: bytes, shown: str) -> Contents:
    """The contents of an .apkg given as bytes; `shown` names it in problems."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            database = archive.read("collection.anki2")
    except (zipfile.BadZipFile, KeyError) as error:
        what = "it holds no collection.anki2" if isinstance(error, KeyError) else "it is not a zip archive"
        raise CardsError([Problem(shown, 1, 1, f"cannot read the package: {what}",
                                  "it must be an .apkg written by csrcards build")]) from None
    return _read_collection(database, shown)


def _read_collection(database: bytes, shown: str) -> Contents:
    descriptor, scratch = tempfile.mkstemp(suffix=".anki2")
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(database)
        connection = sqlite3.connect(scratch)
        try:
            models, decks = connection.execute("SELECT models, decks FROM col").fetchone()
            rows = connection.execute("SELECT guid, mid, mod, flds, tags FROM notes ORDER BY id").fetchall()
        finally:
            connection.close()
    except (sqlite3.Error, TypeError) as error:
        raise CardsError([Problem(shown, 1, 1, f"the package's collection cannot be read: {error}",
                                  "it must be an .apkg written by csrcards build")]) from None
    finally:
        os.unlink(scratch)
    notes = {guid: PackagedNote(guid, int(mid), int(mod), tuple(flds.split("\x1f")), tuple(tags.split()))
             for guid, mid, mod, flds, tags in rows}
    notetypes = {}
    for model in json.loads(models).values():
        notetypes[int(model["id"])] = PackagedNoteType(
            int(model["id"]), model["name"], tuple(f["name"] for f in model["flds"]),
            tuple((t["name"], t["qfmt"], t["afmt"]) for t in model["tmpls"]), model["css"])
    deck_names = {deck["name"]: deck.get("desc", "") for deck in json.loads(decks).values()
                  if int(deck["id"]) != DEFAULT_DECK_ID}
    return Contents(notes, notetypes, deck_names)
