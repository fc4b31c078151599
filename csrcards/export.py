"""The notes of each deck in Anki's own text-import format (CSV), one file per language.

The rows come from compile.compile_language, so every GUID, note type name,
deck name, field and tag is exactly what the .apkg holds, and importing the
CSV into a collection with the decks updates the same notes. Anki imports
rows only into note types the collection already has, so a learner imports
the .apkg once first.

The file starts with the headers Anki reads (#separator, #html, #notetype
column, #deck column, #tags column, #guid column); then one row per note:
GUID, note type, deck, the fields in order, tags. Anki takes one tags column
for the whole file, so the fields of the shorter note type are padded with
empty cells, and the tags column is the same on every row.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from . import LANGUAGES, compile, files, layout, notetypes
from .errors import CardsError, Problem
from .lock import Lock
from .model import Course

SEPARATORS = {"tab": "\t", "comma": ","}
FIELD_COLUMNS = max(len(notetypes.field_names(kind, language)) for kind in notetypes.KINDS for language in LANGUAGES)
TAGS_COLUMN = 3 + FIELD_COLUMNS + 1  # after GUID, note type, deck and the fields


def file_name(language: str) -> str:
    return f"csrcards-{language}.csv"


def csv_text(course: Course, language: str, separator: str = "tab") -> str:
    # The rows carry no times and no note ids, which is all the lock decides.
    compiled = compile.compile_language(course, language, Lock(created=0))
    buffer = io.StringIO()
    buffer.write(f"#separator:{separator}\n#html:true\n#notetype column:2\n#deck column:3\n"
                 f"#tags column:{TAGS_COLUMN}\n#guid column:1\n")
    # Anki skips a line that starts with "#" as a comment, and a GUID may start
    # with "#"; a quoted cell never does.
    writer = csv.writer(buffer, delimiter=SEPARATORS[separator], quoting=csv.QUOTE_ALL, lineterminator="\n")
    for deck in compiled.decks:
        for note in deck.notes:
            padding = [""] * (FIELD_COLUMNS - len(note.fields))
            writer.writerow([note.guid, note.model.name, deck.name, *note.fields, *padding, " ".join(note.tags)])
    return buffer.getvalue()


def write(course: Course, folder: Path, root: Path, languages: tuple[str, ...], separator: str = "tab") -> list[Path]:
    """Write folder/csrcards-<language>.csv for each language; CardsError if it cannot."""
    texts = {folder / file_name(language): csv_text(course, language, separator) for language in languages}
    try:
        files.write_all({path: text.encode("utf-8") for path, text in texts.items()})
    except OSError as error:
        raise CardsError([Problem(layout.shown(folder, root), 1, 1,
                                  f"cannot write the export: {error.strerror or error}",
                                  "check that the folder exists and is writable")]) from None
    return list(texts)
