"""Reproducible .apkg writing.

An .apkg is a zip holding `collection.anki2` (an SQLite database) and `media`
(a JSON map, empty here). For byte-identical rebuilds the zip is normalised:
entries in sorted order, a fixed date (1980-01-01), fixed permissions, fixed
compression. Every time inside the database comes from the lock (see lock.py),
never from the clock. The finished file is renamed into place, so a failed or
interrupted build leaves the previous package untouched (files.py).
"""

from __future__ import annotations

import io
import itertools
import os
import sqlite3
import tempfile
import zipfile
from pathlib import Path

import genanki

_ZIP_DATE = (1980, 1, 1, 0, 0, 0)


def apkg_bytes(decks: list[genanki.Deck]) -> bytes:
    """The .apkg for these decks, as bytes."""
    descriptor, database = tempfile.mkstemp(suffix=".anki2")
    os.close(descriptor)
    try:
        connection = sqlite3.connect(database)
        # A scratch file: no journal and no fsync; the finished .apkg is what
        # gets written safely.
        connection.execute("PRAGMA journal_mode = OFF")
        connection.execute("PRAGMA synchronous = OFF")
        try:
            # genanki uses the timestamp and the id generator only for what
            # compile.py does not set itself (the collection row's defaults).
            genanki.Package(decks).write_to_db(connection.cursor(), 0, itertools.count(1))
            connection.commit()
        finally:
            connection.close()
        return _zip({"collection.anki2": Path(database).read_bytes(), "media": b"{}"})
    finally:
        os.unlink(database)


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in sorted(entries):
            info = zipfile.ZipInfo(name, date_time=_ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3
            info.external_attr = 0o100644 << 16
            archive.writestr(info, entries[name], compresslevel=1)  # ~3x faster than level 6, ~13% larger
    return buffer.getvalue()

