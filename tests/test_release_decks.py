"""The committed decks in build/ are the ones the sources in decks/ make.

Learners download build/csrcards-<lang>.apkg from the repository, so a source
edit committed without a rebuild never reaches them. The current decks/ (with
its lock) is built into a temporary folder and compared with the committed
packages by what Anki reads from them (notes, note types, decks), not by bytes.
"""

from __future__ import annotations

import shutil
import time
import zipfile
from pathlib import Path

import pytest

from csrcards.ids import note_guid
from csrcards import LANGUAGES, contents

from .conftest import REPO, Project

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


def _build_copy(decks: Path, root: Path) -> Path:
    shutil.copytree(decks, root / "decks", ignore=shutil.ignore_patterns(".*"))
    Project(root).build(now=int(time.time()))
    return root / "build"


@pytest.fixture(scope="module")
def rebuilt(tmp_path_factory) -> Path:
    """The current decks/, with its lock, built into a temporary folder."""
    return _build_copy(REPO / "decks", tmp_path_factory.mktemp("release") / "course")


@pytest.mark.parametrize("language", LANGUAGES)
def test_committed_deck_is_what_the_sources_build(rebuilt, language):
    name = f"csrcards-{language}.apkg"
    found = differences(REPO / "build" / name, rebuilt / name)
    assert not found, "\n  ".join([OUT_OF_DATE.format(name=f"build/{name}"), *found[:20]])


def test_a_source_edit_without_a_rebuild_is_caught(project, tmp_path):
    project.build()
    project.edit("soft-skills.yaml", "Why listen actively?", "Why listen actively to a caller?")
    rebuilt = _build_copy(project.decks, tmp_path / "rebuilt")
    for language in ("en", "tl"):
        listen = note_guid("sample", "listen", language)
        assert differences(project.apkg(language), rebuilt / f"csrcards-{language}.apkg") == [
            f"note {listen}: fields changed", f"note {listen}: mod changed"]


def test_a_version_bump_without_a_rebuild_is_caught(project, tmp_path):
    project.build()
    project.edit("course.yaml", 'version: "1.0"', 'version: "1.1"')
    rebuilt = _build_copy(project.decks, tmp_path / "rebuilt")
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
