"""The committed decks in build/ are the ones the sources in decks/ make.

Learners download build/csrcards-<lang>.apkg from the repository, so a source
edit committed without a rebuild never reaches them. A clean copy of the
checkout (decks/ with its lock, and build/) is built in a temporary folder and
compared with the committed packages: by what Anki reads from them (notes,
note types, decks), and table by table, row by row. Rebuilding the released
course must change nothing: no note new or edited, no `mod` moved, the lock
the same to the byte. Otherwise every learner's next import overwrites cards
that no trainer touched.
"""

from __future__ import annotations

import json
import re
import shutil
import time
import zipfile
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

import pytest

from csrcards.ids import note_guid
from csrcards import LANGUAGES, contents

from .conftest import REPO, Project, read_collection

OUT_OF_DATE = "{name} is out of date with decks/: run `csrcards build` and commit build/ with decks/csrcards.lock"


def differences(committed: Path, rebuilt: Path) -> list[str]:
    """What differs between two packages, one line per difference."""
    old, new = contents.read(committed, committed.name), contents.read(rebuilt, rebuilt.name)
    found = []
    for guid in old.notes.keys() | new.notes.keys():
        before, after = old.notes.get(guid), new.notes.get(guid)
        note = _name(after or before)
        if before is None:
            found.append(f"note {note}: in the sources, not in the committed deck")
        elif after is None:
            found.append(f"note {note}: in the committed deck, no longer built from the sources")
        else:
            found += [f"note {note}: {what} changed" for what in ("notetype_id", "mod", "fields", "tags")
                      if getattr(before, what) != getattr(after, what)]
    for notetype_id in old.notetypes.keys() | new.notetypes.keys():
        before, after = old.notetypes.get(notetype_id), new.notetypes.get(notetype_id)
        if before is None or after is None:
            found.append(f"note type {notetype_id}: only in the {'rebuilt' if before is None else 'committed'} deck")
        else:
            found += [f"note type {after.name}: {what} changed" for what in ("name", "fields", "templates", "css")
                      if getattr(before, what) != getattr(after, what)]
    for deck in old.decks.keys() | new.decks.keys():
        if deck not in old.decks or deck not in new.decks:
            found.append(f"deck {deck}: only in the {'rebuilt' if deck in new.decks else 'committed'} deck")
        elif old.decks[deck] != new.decks[deck]:
            found.append(f"deck {deck}: description changed")
    return sorted(found)


def _name(note: contents.PackagedNote) -> str:
    """The note as a trainer finds it: by its GUID (`csrcards diff` names GUIDs' note ids)."""
    return note.guid


def table_differences(committed: Path, rebuilt: Path, scratch: Path) -> list[str]:
    """Where two packages' SQLite tables differ, row by row; the note types
    (JSON in the `col` table) are compared key by key, so a moved `mod` is named."""
    found = []
    (scratch / "committed").mkdir()
    (scratch / "rebuilt").mkdir()
    with closing(read_collection(committed, scratch / "committed")) as old, \
            closing(read_collection(rebuilt, scratch / "rebuilt")) as new:
        tables = [name for (name,) in old.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        rebuilt_tables = [name for (name,) in new.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        if rebuilt_tables != tables:
            found.append(f"tables {tables} committed, {rebuilt_tables} rebuilt")
        for table in sorted(set(tables) & set(rebuilt_tables)):
            before = old.execute(f"SELECT * FROM {table} ORDER BY rowid").fetchall()
            after = new.execute(f"SELECT * FROM {table} ORDER BY rowid").fetchall()
            columns = [column[1] for column in old.execute(f"PRAGMA table_info({table})")]
            if len(before) != len(after):
                found.append(f"table {table}: {len(before)} rows committed, {len(after)} rebuilt")
            for number, (row, other) in enumerate(zip(before, after), 1):
                for column, value, rebuilt_value in zip(columns, row, other):
                    if value == rebuilt_value:
                        continue
                    if (table, column) == ("col", "models"):
                        found += _notetype_differences(json.loads(value), json.loads(rebuilt_value))
                    else:
                        found.append(f"table {table}, row {number}: {column} changed")
    return found


def _notetype_differences(before: dict, after: dict) -> list[str]:
    found = []
    for notetype_id in sorted(before.keys() | after.keys()):
        old, new = before.get(notetype_id, {}), after.get(notetype_id, {})
        found += [f"note type {notetype_id}: {key} changed" for key in sorted(old.keys() | new.keys())
                  if old.get(key) != new.get(key)]
    return found


def _build_copy(decks: Path, root: Path, build: Path | None = None):
    """Build a copy of `decks` (and of the released packages in `build`) now; the build's report."""
    leftovers = shutil.ignore_patterns(".*", "preview")  # what git ignores: caches, scratch files, previews
    shutil.copytree(decks, root / "decks", ignore=leftovers)
    if build is not None:
        shutil.copytree(build, root / "build", ignore=leftovers)
    return Project(root).build(now=int(time.time()))


@dataclass
class Release:
    root: Path
    output: str  # what `csrcards build` printed

    @property
    def build(self) -> Path:
        return self.root / "build"


@pytest.fixture(scope="module")
def release(tmp_path_factory) -> Release:
    """A clean copy of the checkout's decks/ (with its lock) and build/, built again now."""
    root = tmp_path_factory.mktemp("release") / "course"
    result = _build_copy(REPO / "decks", root, REPO / "build")
    return Release(root, result.output)


# First of the tests that share the rebuilt release: mutation testing (docs/testing.md) counts the
# build towards the first test that uses it, and this one checks every table.
@pytest.mark.parametrize("language", LANGUAGES)
def test_rebuilding_the_release_gives_its_tables_row_for_row(release, language, tmp_path):
    name = f"csrcards-{language}.apkg"
    found = table_differences(REPO / "build" / name, release.build / name, tmp_path)
    assert not found, "\n  ".join([
        f"rebuilding the release changes build/{name}: every learner's next import would update what changed",
        *found[:20]])


@pytest.mark.parametrize("language", LANGUAGES)
def test_committed_deck_is_what_the_sources_build(release, language):
    name = f"csrcards-{language}.apkg"
    found = differences(REPO / "build" / name, release.build / name)
    assert not found, "\n  ".join([OUT_OF_DATE.format(name=f"build/{name}"), *found[:20]])


@pytest.mark.parametrize("language", LANGUAGES)
def test_rebuilding_the_release_reports_no_new_or_edited_note(release, language):
    line = next(line for line in release.output.splitlines() if line.startswith(f"build/csrcards-{language}.apkg: "))
    assert re.fullmatch(r"build/csrcards-\w+\.apkg: (\d+) notes, \d+ cards \(0 new, 0 edited, \1 unchanged, 0 retired\)",
                        line), (f"rebuilding the release changes notes or note types: {line!r}; "
                                "every learner's next import would overwrite what it counts as new, edited or updated")


def test_rebuilding_the_release_leaves_the_lock_byte_for_byte(release):
    assert (release.root / "decks" / "csrcards.lock").read_bytes() == (REPO / "decks" / "csrcards.lock").read_bytes(), (
        "rebuilding the release rewrote decks/csrcards.lock: some note or note type got a new mod, and every "
        "learner's next import would overwrite it")


def test_a_source_edit_without_a_rebuild_is_caught(project, tmp_path):
    project.build()
    project.edit("soft-skills.yaml", "Why listen actively?", "Why listen actively to a caller?")
    _build_copy(project.decks, tmp_path / "rebuilt")
    rebuilt = tmp_path / "rebuilt" / "build"
    for language in ("en", "tl"):
        listen = note_guid("sample", "listen", language)
        assert differences(project.apkg(language), rebuilt / f"csrcards-{language}.apkg") == [
            f"note {listen}: fields changed", f"note {listen}: mod changed"]


def test_a_version_bump_without_a_rebuild_is_caught(project, tmp_path):
    project.build()
    project.edit("course.yaml", 'version: "1.0"', 'version: "1.1"')
    _build_copy(project.decks, tmp_path / "rebuilt")
    rebuilt = tmp_path / "rebuilt" / "build"
    assert differences(project.apkg("bg"), rebuilt / "csrcards-bg.apkg") == [
        "deck Примерен курс: description changed"]  # the topics' own descriptions hold no version


def test_packages_are_compared_by_contents_not_bytes(project, tmp_path):
    project.build()
    repacked = tmp_path / "repacked.apkg"
    with zipfile.ZipFile(project.apkg("en")) as source, zipfile.ZipFile(repacked, "w", zipfile.ZIP_STORED) as target:
        for info in source.infolist():
            target.writestr(info.filename, source.read(info))
    assert repacked.read_bytes() != project.apkg("en").read_bytes()
    assert differences(project.apkg("en"), repacked) == []
