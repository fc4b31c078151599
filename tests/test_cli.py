"""The command line: exit codes, exact messages, help and start-up cost."""

from __future__ import annotations

import subprocess
import sys

from csrcards import __version__

from .conftest import REPO, V1_TIME


def test_build_prints_one_line_per_deck(project):
    result = project.build()
    assert result.stdout.splitlines() == [
        "build/csrcards-en.apkg: 4 notes, 5 cards (4 new, 0 edited, 0 unchanged, 0 retired)",
        "build/csrcards-tl.apkg: 4 notes, 5 cards (4 new, 0 edited, 0 unchanged, 0 retired)",
        "build/csrcards-bg.apkg: 4 notes, 5 cards (4 new, 0 edited, 0 unchanged, 0 retired)",
    ]


def test_build_reports_an_edit(project):
    project.build()
    project.edit("salary-facts.yaml", "About 2,785,000.", "Roughly 2,785,000.")
    result = project.build(now=V1_TIME + 5)
    assert "build/csrcards-en.apkg: 4 notes, 5 cards (0 new, 1 edited, 3 unchanged, 0 retired)" in result.stdout


def test_build_with_lang_and_out_writes_only_that_deck(project):
    result = project.build("--lang", "bg", "--out", "dist")
    assert result.stdout == "dist/csrcards-bg.apkg: 4 notes, 5 cards (4 new, 0 edited, 0 unchanged, 0 retired)\n"
    assert [p.name for p in (project.root / "dist").glob("*.apkg")] == ["csrcards-bg.apkg"]


def test_build_of_named_files_takes_the_course_file_too(project):
    result = project.build("decks/salary-facts.yaml", "--lang", "en")
    assert result.stdout == "build/csrcards-en.apkg: 2 notes, 3 cards (2 new, 0 edited, 0 unchanged, 0 retired)\n"


def test_removed_note_is_reported_as_kept_by_learners(project):
    project.build()
    text = (project.decks / "salary-facts.yaml").read_text("utf-8")
    project.write("salary-facts.yaml", text[:text.index("  - id: employed")])
    warning = ("warning: decks/csrcards.lock:14:5: note 'employed' is no longer in the sources; learners who "
               "imported it keep it (an .apkg cannot delete notes) (put it back with 'retired: true' to mark it "
               "for learners)\n")
    assert project.run("check", now=V1_TIME + 5).stderr == warning
    assert project.build(now=V1_TIME + 5).stderr == warning


def test_retired_note_is_tagged_and_marked(project, tmp_path):
    from csrcards.ids import note_guid

    from .conftest import read_collection

    project.edit("salary-facts.yaml", "  - id: employed\n", "  - id: employed\n    retired: true\n")
    project.build()
    tags, fields = read_collection(project.apkg("en"), tmp_path).execute(
        "SELECT tags, flds FROM notes WHERE guid = ?", (note_guid("sample", "employed", "en"),)).fetchone()
    assert tags == " sample::salary-facts sample::retired "
    assert fields.split("\x1f")[-1].startswith("Retired: this card is no longer part of the course.")
    assert "tag:sample::retired" in fields.split("\x1f")[-1]


def test_check_writes_nothing(project):
    result = project.run("check")
    assert result.exit_code == 0
    assert result.stdout == "ok: 2 topics, 4 notes, 5 cards per language\n"
    assert sorted(p.name for p in project.root.rglob("*") if p.is_file()) == [
        "course.yaml", "salary-facts.yaml", "soft-skills.yaml"]


def test_stats_counts_notes_cards_and_missing_translations(project):
    project.edit("soft-skills.yaml", "bg: Защо да слушаме активно?", "bg: ''")
    result = project.run("stats")
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "topic         notes  cards en  cards tl  cards bg",
        "------------  -----  --------  --------  --------",
        "soft-skills       2         2         2         1",
        "salary-facts      2         3         3         3",
        "total             4         5         5         4",
        "",
        "missing or empty translations: 1",
        "  decks/soft-skills.yaml:8:5: note 'listen' has no 'bg' text",
    ]


def test_unknown_option_is_a_usage_error_with_exit_2(project):
    result = project.run("build", "--lang", "fr")
    assert result.exit_code == 2
    # click words the message; csrcards owns the option and its choices
    assert "--lang" in result.stderr and "'fr'" in result.stderr
    assert not (project.root / "build").exists()


def test_version_comes_from_the_package(project):
    result = project.run("--version")
    assert result.stdout == f"csrcards, version {__version__}\n"


def test_help_has_examples_for_every_command(project):
    from csrcards.cli import main

    for command in ([], *([name] for name in main.commands)):
        result = project.run(*command, "--help")
        assert result.exit_code == 0
        assert "Examples:\n  " in result.stdout or "Example:\n  " in result.stdout, command


def test_help_does_not_import_genanki_or_jsonschema():
    code = ("import sys\nfrom csrcards.cli import main\n"
            "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in ('genanki', 'jsonschema', 'anki') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO)
    assert out.stdout.splitlines()[-1] == "[]"


def test_readme_documents_every_command_and_the_quick_start():
    readme = (REPO / "README.md").read_text("utf-8")
    from csrcards.cli import main

    for name, command in main.commands.items():
        assert f"csrcards {name}" in readme, name
        assert command.help, name
    assert "pip install -e . && csrcards build" in readme
    assert "pip install -e '.[test]' && python -m pytest" in readme


def test_rebuild_with_nothing_changed_is_skipped_and_reports_the_same(project):
    project.build()
    (project.root / "build" / "csrcards-en.apkg").touch()
    result = project.build(now=V1_TIME + 5)
    assert "build/csrcards-en.apkg: 4 notes, 5 cards (0 new, 0 edited, 4 unchanged, 0 retired)" in result.stdout


def test_skipped_build_never_serves_a_damaged_or_missing_deck(project):
    project.build()
    good = project.apkg("tl").read_bytes()
    project.apkg("tl").write_bytes(b"truncated")
    project.apkg("bg").unlink()
    project.build(now=V1_TIME + 5)
    assert project.apkg("tl").read_bytes() == good
    assert project.apkg("bg").exists()


def test_edit_after_a_skipped_build_is_built(project):
    project.build()
    project.build(now=V1_TIME + 5)
    project.edit("salary-facts.yaml", "About 2,785,000.", "Roughly 2,785,000.")
    result = project.build(now=V1_TIME + 10)
    assert "(0 new, 1 edited, 3 unchanged, 0 retired)" in result.stdout


def test_build_reports_its_stages_to_a_progress_callback(project):
    from csrcards import pipeline

    stages: list[str] = []
    pipeline.build(project.root, project.root / "build", ("en", "bg"), (), V1_TIME, progress=stages.append)
    assert stages == ["reading the sources", "building csrcards-en.apkg (1/2)", "building csrcards-bg.apkg (2/2)",
                      "writing"]


def test_progress_stays_out_of_piped_output(project):
    result = project.build()
    assert result.stderr == ""


def test_two_notes_with_the_same_guid_fail_the_build(project, monkeypatch):
    from csrcards import ids

    monkeypatch.setattr(ids, "note_guid", lambda course, note_id, language: "same")
    result = project.run("build")
    assert result.exit_code == 1
    assert result.stderr.startswith("decks/soft-skills.yaml:21:5: note id 'calm' gives the same GUID as 'listen' "
                                    "(rename one of them)\n")
