"""Reproducible .apkg writing.

An .apkg is a zip holding `collection.anki2` (an SQLite database) and `media`
(a JSON map, empty here). For byte-identical rebuilds the zip is normalised:
entries in sorted order, a fixed date (1980-01-01), fixed permissions, fixed
compression. Every time inside the database comes from the lock (see lock.py),
never from the clock. The finished file is renamed into place, so a failed or
interrupted build leaves the previous package untouched (files.py).

A build writes each language's database, then zips it on another thread
(zlib lets go of the interpreter while it compresses), so that zipping one
package overlaps compiling the next when a second core is free.
"""

from __future__ import annotations

import functools
import io
import itertools
import os
import sqlite3
import tempfile
import zipfile
from pathlib import Path

import genanki
from genanki.apkg_col import APKG_COL
from genanki.apkg_schema import APKG_SCHEMA

_ZIP_DATE = (1980, 1, 1, 0, 0, 0)


def apkg_bytes(decks: list[genanki.Deck]) -> bytes:
    """The .apkg for these decks, as bytes."""
    buffer = io.BytesIO()
    _zip(write_collection(decks), buffer)
    return buffer.getvalue()


def write_collection(decks: list[genanki.Deck]) -> Path:
    """The decks' collection.anki2, in a scratch file that zip_collection() removes.

    It is what genanki.Package.write_to_db writes: its schema and collection
    row (the same for every package, so copied from `_empty_collection`),
    then deck after deck.
    """
    descriptor, database = tempfile.mkstemp(suffix=".anki2")
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(_empty_collection())
        connection = _connect(database)
        try:
            # genanki uses the timestamp and the id generator only for what
            # compile.py does not set itself (the collection row's defaults).
            cursor, ids = connection.cursor(), itertools.count(1)
            for deck in decks:
                deck.write_to_db(cursor, 0, ids)
            connection.commit()
        finally:
            connection.close()
    except BaseException:
        os.unlink(database)
        raise
    return Path(database)


@functools.cache
def _empty_collection() -> bytes:
    """genanki's schema and collection row, as the file a package starts from."""
    descriptor, database = tempfile.mkstemp(suffix=".anki2")
    os.close(descriptor)
    try:
        connection = _connect(database)
        try:
            cursor = connection.cursor()
            cursor.executescript(APKG_SCHEMA)
            cursor.executescript(APKG_COL)
            connection.commit()
        finally:
            connection.close()
        return Path(database).read_bytes()
    finally:
        os.unlink(database)


def _connect(database: str) -> sqlite3.Connection:
    connection = sqlite3.connect(database)
    # A scratch file: no journal and no fsync; the finished .apkg is what
    # gets written safely.
    connection.execute("PRAGMA journal_mode = OFF")
    connection.execute("PRAGMA synchronous = OFF")
    return connection


def zip_collection(database: Path, into: Path) -> None:
    """Write the .apkg of a collection written by write_collection() to `into`, synced.

    The collection is removed. A build zips each package straight into the
    file it will rename into place, so that no package is held in memory.
    """
    try:
        into.parent.mkdir(parents=True, exist_ok=True)
        with open(into, "wb") as handle:
            _zip(database, handle)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        into.unlink(missing_ok=True)
        raise
    finally:
        database.unlink(missing_ok=True)


def _zip(database: Path, target) -> None:
    """The .apkg of a collection, written to a file object; the collection is then removed.

    The database is compressed as it is read, a megabyte at a time: at
    20,000 notes it is some 17 MB, which need not all be in memory at once.
    One buffer serves every read: a new megabyte for each left the memory
    of the zipping thread (the C allocator keeps a pool per thread) some
    10 MB larger at 20,000 notes.
    """
    try:
        with zipfile.ZipFile(target, "w") as archive:
            with database.open("rb", buffering=0) as source, archive.open(_entry("collection.anki2"), "w") as entry:
                chunk = bytearray(1 << 20)
                while read := source.readinto(chunk):
                    entry.write(memoryview(chunk)[:read])
            archive.writestr(_entry("media"), b"{}")
    finally:
        database.unlink(missing_ok=True)


def _entry(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=_ZIP_DATE)
    info.compress_type = zipfile.ZIP_DEFLATED
    # ~3x faster than level 6, ~13% larger. `_compresslevel` is how ZipFile.writestr
    # sets it; Python 3.13 calls it compress_level and keeps this name.
    info._compresslevel = 1
    info.create_system = 3
    info.external_attr = 0o100644 << 16
    return info
