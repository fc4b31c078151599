"""Rebuilds re-read only the source files that changed, and never serve stale ones."""

from __future__ import annotations

import json

import pytest

from csrcards import sources

from .conftest import V1_TIME


@pytest.fixture
def parsed(monkeypatch) -> list[str]:
    """The files the build parses, in order."""
    seen: list[str] = []
    real = sources.read

    def counting(path, shown, root=None):
        seen.append(shown)
        return real(path, shown, root)

    monkeypatch.setattr(sources, "read", counting)
    return seen


def test_first_build_parses_every_file(project, parsed):
    project.build()
    assert parsed == ["decks/course.yaml", "decks/salary-facts.yaml", "decks/soft-skills.yaml"]


def test_edit_reparses_only_the_edited_file(project, parsed):
    project.build()
    parsed.clear()
    project.edit("salary-facts.yaml", "About 2,785,000.", "Roughly 2,785,000.")
    result = project.build(now=V1_TIME + 5)
    assert parsed == ["decks/salary-facts.yaml"]
    assert "(0 new, 1 edited, 3 unchanged, 0 retired)" in result.stdout


def _assert_the_packages_are_those_of_a_build_without_caches(project, now: int) -> None:
    incremental = {language: project.apkg(language).read_bytes() for language in ("en", "tl", "bg")}
    project.build("--force", "--out", "fresh", now=now)
    assert {language: (project.root / "fresh" / f"csrcards-{language}.apkg").read_bytes()
            for language in ("en", "tl", "bg")} == incremental


def test_rebuild_from_cached_files_gives_the_same_decks(project):
    project.build()
    project.edit("salary-facts.yaml", "About 2,785,000.", "Roughly 2,785,000.")
    project.build(now=V1_TIME + 5)
    _assert_the_packages_are_those_of_a_build_without_caches(project, V1_TIME + 5)


def _counting_worked_out_values(monkeypatch) -> list[str]:
    """The note ids whose text hash or GUID a build works out from here on, once per value."""
    from csrcards import ids, staleness

    worked_out: list[str] = []
    real_hash, real_guid = staleness.text_hash, ids.note_guid
    monkeypatch.setattr(staleness, "text_hash", lambda note, language: worked_out.append(note.id) or
                        real_hash(note, language))
    monkeypatch.setattr(ids, "note_guid", lambda course, note, language: worked_out.append(note) or
                        real_guid(course, note, language))
    return worked_out


def test_an_edit_works_out_text_hashes_and_guids_only_for_the_edited_files_notes(project, monkeypatch):
    project.build()
    worked_out = _counting_worked_out_values(monkeypatch)
    project.edit("salary-facts.yaml", "About 2,785,000.", "Roughly 2,785,000.")
    project.build(now=V1_TIME + 5)
    salary = {raw["id"] for raw in sources.read(project.root / "decks" / "salary-facts.yaml", "x")[0].data["notes"]}
    assert worked_out and set(worked_out) == salary


def test_a_new_course_id_does_not_take_guids_kept_for_the_old_one(project):
    project.build()
    project.edit("course.yaml", "id: sample", "id: sample2")
    project.build(now=V1_TIME + 5)
    _assert_the_packages_are_those_of_a_build_without_caches(project, V1_TIME + 5)


def test_a_source_saved_while_a_build_runs_is_built_again_next_time(project, monkeypatch):
    """The last build's record holds the files as it read them, not as they are when it ends."""
    from csrcards import pipeline

    real = pipeline.derived

    def saved_meanwhile(course, known):  # the sources are read; the trainer saves an edit now
        project.edit("salary-facts.yaml", "About 2,785,000.", "Roughly 2,785,000.")
        return real(course, known)

    monkeypatch.setattr(pipeline, "derived", saved_meanwhile)
    project.build()
    monkeypatch.setattr(pipeline, "derived", real)
    again = project.build(now=V1_TIME + 5)
    assert "(0 new, 1 edited, 3 unchanged, 0 retired)" in again.stdout
    assert _apkg_text_has(project.apkg("en"), "Roughly 2,785,000.")


def _apkg_text_has(package, text: str) -> bool:
    import sqlite3
    import tempfile
    import zipfile

    with tempfile.TemporaryDirectory() as folder, zipfile.ZipFile(package) as archive:
        archive.extract("collection.anki2", folder)
        with sqlite3.connect(f"{folder}/collection.anki2") as collection:
            return any(text in fields for (fields,) in collection.execute("SELECT flds FROM notes"))


def test_values_kept_for_an_old_course_id_are_worked_out_once_for_the_new_one(project, monkeypatch):
    project.build()
    project.edit("course.yaml", "id: sample", "id: sample2")
    project.build(now=V1_TIME + 5)
    worked_out = _counting_worked_out_values(monkeypatch)
    project.build("--force", now=V1_TIME + 10)
    assert worked_out == []


def test_warnings_of_a_cached_file_are_still_shown(project):
    project.edit("soft-skills.yaml", "bg: Защо да слушаме активно?", "bg: Защо да слушаме aктивно?")
    first = project.build()
    project.edit("salary-facts.yaml", "bg: Около 2 785 000.", "bg: Приблизително 2 785 000.")
    second = project.build(now=V1_TIME + 5)
    assert "'aктивно' mixes Latin and Cyrillic letters" in first.stderr
    assert second.stderr == first.stderr


def test_damaged_cache_entry_is_parsed_afresh(project, parsed):
    project.build()
    for entry in (project.root / "build" / ".csrcards-cache").glob("*.json"):
        entry.write_text("{broken", "utf-8")
    parsed.clear()
    project.build("--force", now=V1_TIME + 5)
    assert len(parsed) == 3


def test_cache_entry_is_plain_json_data(project):
    project.build()
    entries = sorted((project.root / "build" / ".csrcards-cache").glob("*.json"))
    assert len(entries) == 3
    for entry in entries:
        assert set(json.loads(entry.read_text("utf-8"))) == {"data", "values", "keys", "findings", "derived"}


def test_entries_no_longer_used_are_pruned(project):
    project.build()
    project.edit("salary-facts.yaml", "About 2,785,000.", "Roughly 2,785,000.")
    project.build(now=V1_TIME + 5)
    assert len(list((project.root / "build" / ".csrcards-cache").glob("*.json"))) == 3


def test_duplicate_id_across_a_cached_and_an_edited_file_is_found(project):
    project.build()
    project.edit("salary-facts.yaml", "id: employed", "id: listen")
    result = project.run("build", now=V1_TIME + 5)
    assert result.exit_code == 1
    assert "duplicate note id 'listen' (first used at decks/salary-facts.yaml" in result.stderr


TERMBASE = """terms:
  - concept: the person who does the job
    en:
      use: representative
      avoid:
        - term: agent
          why: one name for the role
"""


def test_unchanged_termbase_lets_a_rebuild_be_skipped(project, parsed):
    project.write("terms.yaml", TERMBASE)
    first = project.build()
    parsed.clear()
    assert project.build(now=V1_TIME + 5).stderr == first.stderr
    assert parsed == []


def test_termbase_edit_rechecks_every_file(project, parsed):
    project.write("terms.yaml", TERMBASE)
    project.build()
    parsed.clear()
    project.edit("terms.yaml", "term: agent", "term: caller")
    result = project.build(now=V1_TIME + 5)
    assert parsed == ["decks/terms.yaml", "decks/course.yaml", "decks/salary-facts.yaml", "decks/soft-skills.yaml"]
    assert "'caller' is a variant to avoid in 'en'" in result.stderr
    assert "'agent'" not in result.stderr
