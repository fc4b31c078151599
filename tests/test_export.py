"""`csrcards export`: Anki's text-import CSV, checked by importing it with the real Anki engine."""

from __future__ import annotations

import csv
import re

import pytest

from csrcards import ids

from .conftest import import_apkg

LANGUAGES = ("en", "tl", "bg")
HEADERS = ["#separator:tab", "#html:true", "#notetype column:2", "#deck column:3", "#tags column:12",
           "#guid column:1"]


def _export(project, *args: str):
    result = project.run("export", "--format", "csv", *args)
    assert result.exit_code == 0, result.output
    return result


def _import_csv(collection, path):
    """Import with Anki's CSV importer, updating notes whose GUID it already has."""
    from anki.import_export_pb2 import CsvMetadata, ImportCsvRequest

    metadata = collection.get_csv_metadata(str(path), None)
    metadata.dupe_resolution = CsvMetadata.UPDATE
    return collection.import_csv(ImportCsvRequest(path=str(path), metadata=metadata)).log


def _notes(collection) -> dict[str, tuple]:
    """Every note by GUID: note type, decks of its cards, fields, tags."""
    notes = {}
    for nid in collection.find_notes(""):
        note = collection.get_note(nid)
        decks = sorted({collection.decks.name(card.did) for card in note.cards()})
        notes[note.guid] = (note.note_type()["name"], decks, note.fields, sorted(note.tags))
    return notes


def test_export_writes_anki_headers_and_one_row_per_note(project):
    result = _export(project)
    assert result.stdout.splitlines() == [
        "build/export/csrcards-en.csv: 4 notes",
        "build/export/csrcards-tl.csv: 4 notes",
        "build/export/csrcards-bg.csv: 4 notes",
    ]
    lines = (project.root / "build" / "export" / "csrcards-bg.csv").read_text("utf-8").splitlines()
    assert lines[:6] == HEADERS
    rows = list(csv.reader(lines[6:], delimiter="\t"))
    assert [len(row) for row in rows] == [12, 12, 12, 12]
    assert rows[0] == [
        ids.note_guid("sample", "listen", "bg"), "Примерен курс · Въпрос", "Примерен курс::1. Меки умения",
        "Защо да слушаме активно?", "За да разберем проблема на клиента.", "",
        "Why listen actively?", "To understand the customer's problem.", "",
        "Източник: Профил на професията (Примерно издателство, 2018)", "", "sample::soft-skills sample::listening",
    ]


def test_export_with_lang_separator_and_out_writes_only_that_file(project):
    result = _export(project, "--lang", "tl", "--separator", "comma", "--out", "dist")
    assert result.stdout == "dist/csrcards-tl.csv: 4 notes\n"
    assert [p.name for p in (project.root / "dist").iterdir()] == ["csrcards-tl.csv"]
    assert (project.root / "dist" / "csrcards-tl.csv").read_text("utf-8").startswith("#separator:comma\n")


@pytest.mark.parametrize("separator", ["tab", "comma"])
@pytest.mark.parametrize("language", LANGUAGES)
def test_csv_import_over_the_deck_finds_every_note_by_guid(project, anki, language, separator):
    project.build()
    _export(project, "--lang", language, "--separator", separator)
    import_apkg(anki, project.apkg(language))
    packaged = _notes(anki)
    log = _import_csv(anki, project.root / "build" / "export" / f"csrcards-{language}.csv")
    assert not log.new and not log.conflicting and not log.missing_notetype and not log.missing_deck
    assert {n.id.nid for n in [*log.updated, *log.duplicate]} == set(anki.find_notes(""))
    assert anki.note_count() == 4
    assert _notes(anki) == packaged


@pytest.mark.parametrize("language", LANGUAGES)
def test_csv_import_recreates_the_notes_of_the_deck(project, anki, language):
    project.build()
    _export(project, "--lang", language)
    import_apkg(anki, project.apkg(language))
    packaged = _notes(anki)
    anki.remove_notes(anki.find_notes(""))  # keeps the note types and decks, which the CSV names
    log = _import_csv(anki, project.root / "build" / "export" / f"csrcards-{language}.csv")
    assert len(log.new) == 4
    assert _notes(anki) == packaged


def test_guid_starting_with_a_hash_is_not_read_as_a_comment(project, anki, monkeypatch):
    original = ids.note_guid
    monkeypatch.setattr(ids, "note_guid", lambda course, note_id, language: "#" + original(course, note_id, language)[1:])
    project.build()
    _export(project, "--lang", "en")
    import_apkg(anki, project.apkg("en"))
    packaged = _notes(anki)
    assert all(guid.startswith("#") for guid in packaged)
    anki.remove_notes(anki.find_notes(""))
    log = _import_csv(anki, project.root / "build" / "export" / "csrcards-en.csv")
    assert len(log.new) == 4
    assert _notes(anki) == packaged


def test_export_of_broken_sources_writes_nothing(project):
    project.edit("soft-skills.yaml", "    front:\n", "    fornt:\n")
    result = project.run("export", "--format", "csv")
    assert result.exit_code == 1
    assert result.stderr.endswith("nothing was written.\n")
    assert not (project.root / "build").exists()


def test_export_help_has_examples(project):
    result = project.run("export", "--help")
    assert result.exit_code == 0
    assert re.search(r"Examples:\n +csrcards export", result.stdout)
