"""Two translators, two branches, one merge: every learner gets both edits.

A course made by `csrcards init`, in a real git repository with the lock's
merge driver configured as the README says. Two branches edit two languages
of the same note, build and commit; one is merged into the other. The YAML
conflicts (the lines are adjacent) and is resolved by hand; the lock merges
by itself; the rebuild gives learners of either branch's release every edit
on their next import, in the real Anki engine, and no mod goes back.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
import yaml

from csrcards import LANGUAGES

from .conftest import V1_TIME, Project, git_environment, import_apkg, note_id

DRIVER = "csrcards merge-lock %O %A %B"  # the README's line


def git(root: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    result = subprocess.run(["git", *args], cwd=root, env=git_environment(), capture_output=True, text=True)
    if check:
        assert result.returncode == 0, f"git {' '.join(args)}: {result.stdout}{result.stderr}"
    return result


COURSE_ID = "course"  # what `csrcards init` makes of the folder name


def team_course(tmp_path: Path) -> Project:
    """`csrcards init`, git init, the merge driver, a first build committed on main."""
    course = Project(tmp_path / "course")
    course.root.mkdir()
    assert course.run("init").exit_code == 0
    git(course.root, "init", "-q", "-b", "main")
    git(course.root, "config", "merge.csrcards-lock.driver", DRIVER)
    course.build(now=V1_TIME)
    git(course.root, "add", "-A")
    git(course.root, "commit", "-q", "-m", "First release")
    return course


def first_note(course: Project) -> tuple[Path, dict]:
    """The first question/answer note of the course's first topic file."""
    for path in sorted(course.decks.glob("*.yaml")):
        data = yaml.safe_load(path.read_text("utf-8"))
        for note in (data.get("notes") or []):
            if "back" in note:
                return path, note
    raise AssertionError("the new course has no question/answer note")


def release(course: Project, revision: str, folder: Path) -> Path:
    """The decks as committed at `revision`, as learners downloaded them."""
    folder.mkdir(parents=True)
    for language in LANGUAGES:
        data = subprocess.run(["git", "show", f"{revision}:build/csrcards-{language}.apkg"], cwd=course.root,
                              capture_output=True, check=True).stdout
        (folder / f"csrcards-{language}.apkg").write_bytes(data)
    return folder


def lock_entries(course: Project, revision: str) -> dict[str, dict]:
    text = git(course.root, "show", f"{revision}:decks/csrcards.lock").stdout
    return json.loads(text)["entries"]


def learner(tmp_path: Path, name: str):
    from anki.collection import Collection

    folder = tmp_path / "learners" / name
    folder.mkdir(parents=True)
    return Collection(str(folder / "collection.anki2"))


@pytest.mark.parametrize("first, second", [("tl", "bg"), ("en", "tl")])
def test_merged_branches_give_every_learner_both_edits(tmp_path, first, second):
    course = team_course(tmp_path)
    topic_file, note = first_note(course)
    original = topic_file.read_text("utf-8")
    edits = {first: f"{note['back'][first]} (edited on {first})", second: f"{note['back'][second]} (edited on {second})"}

    def edit(text: str, language: str) -> str:
        old = f"{language}: {note['back'][language]}"
        assert text.count(old) == 1, old
        return text.replace(old, f"{language}: {edits[language]}")

    rebuilt = merge_two_branches(course, topic_file, edit(original, first), edit(original, second),
                                 resolved=edit(edit(original, first), second))
    if first == "en":  # the translation from the other branch never saw the English edit
        assert f"its {second} translation may be stale" in rebuilt.stderr
    assert_no_mod_went_back(course)
    releases = {name: release(course, name, tmp_path / "releases" / name) for name in ("main", "one", "two", "HEAD")}
    for language in LANGUAGES:
        seen = {language, "en"}  # a deck shows its language and the English wording
        expected = [edits[edited] for edited in (first, second) if edited in seen]
        for branch in ("one", "two"):
            assert_next_import_brings(tmp_path, releases, language, branch, note["id"], expected)


def test_a_conflict_resolved_as_one_side_still_reaches_the_other_sides_learners(tmp_path):
    course = team_course(tmp_path)
    topic_file, note = first_note(course)
    original = topic_file.read_text("utf-8")
    old = f"tl: {note['back']['tl']}"
    ours, theirs = (original.replace(old, f"{old} ({word})") for word in ("kaagad", "palagi"))
    merge_two_branches(course, topic_file, ours, theirs, resolved=ours)
    assert_no_mod_went_back(course)
    releases = {name: release(course, name, tmp_path / "releases" / name) for name in ("main", "one", "two", "HEAD")}
    kept = f"{note['back']['tl']} (kaagad)"
    assert_next_import_brings(tmp_path, releases, "tl", "two", note["id"], [kept])


def merge_two_branches(course: Project, topic_file: Path, one: str, two: str, resolved: str):
    """Branches one and two each write the topic file and build; two is merged into one.

    Branch one builds first, so the merge's own side holds the older mods,
    and the rebuild after the merge runs on a clock behind branch two's.
    """
    for branch, text, now in (("one", one, V1_TIME + 100), ("two", two, V1_TIME + 200)):
        git(course.root, "checkout", "-q", "-b", branch, "main")
        topic_file.write_text(text, "utf-8")
        course.build(now=now)
        git(course.root, "commit", "-q", "-am", f"Edit on branch {branch}")
    git(course.root, "checkout", "-q", "one")
    merged = git(course.root, "merge", "two", check=False)
    assert merged.returncode == 1, merged.stdout
    conflicted = git(course.root, "diff", "--name-only", "--diff-filter=U").stdout.split()
    assert topic_file.relative_to(course.root).as_posix() in conflicted
    assert "decks/csrcards.lock" not in conflicted
    problem = course.run("build", now=V1_TIME + 150)
    assert problem.exit_code == 1
    assert f"{topic_file.name}:" in problem.stderr and "git's conflict markers" in problem.stderr

    topic_file.write_text(resolved, "utf-8")  # the trainer resolves the YAML
    rebuilt = course.build(now=V1_TIME + 150)
    git(course.root, "add", "-A")
    git(course.root, "commit", "-q", "--no-edit")
    return rebuilt


def assert_no_mod_went_back(course: Project) -> None:
    before = {branch: lock_entries(course, branch) for branch in ("one", "two")}
    after = lock_entries(course, "HEAD")
    for key, entry in after.items():
        for branch in before:
            old = before[branch].get(key)
            if old is not None:
                assert entry["mod"] >= old["mod"], (key, branch)
                if not key.startswith("text/"):  # what Anki compares; text/ times only order edits
                    assert entry["hash"] == old["hash"] or entry["mod"] > old["mod"], (key, branch)


def assert_next_import_brings(tmp_path: Path, releases: dict[str, Path], language: str, branch: str,
                              source_id: str, expected: list[str]) -> None:
    """A learner who imported the first release, then `branch`'s, imports the merged one."""
    collection = learner(tmp_path, f"{language}-{branch}")
    try:
        import_apkg(collection, releases["main"] / f"csrcards-{language}.apkg")
        import_apkg(collection, releases[branch] / f"csrcards-{language}.apkg")
        learners_note = collection.get_note(note_id(collection, source_id, language, COURSE_ID))
        mod_before, had = learners_note.mod, " ".join(learners_note.fields)
        log = import_apkg(collection, releases["HEAD"] / f"csrcards-{language}.apkg")
        learners_note = collection.get_note(learners_note.id)
        fields = " ".join(learners_note.fields)
        for text in expected:
            assert text in fields, (language, branch, text)
        missing = [text for text in expected if text not in had]
        # Anki's log: "updated" took the new version; "duplicate" matched an up-to-date note
        assert (len(log.updated), len(log.duplicate)) == ((1, 0) if missing else (0, 1)), (language, branch)
        assert not log.new and not log.conflicting
        assert learners_note.mod >= mod_before
        assert collection.note_count() == 1
    finally:
        collection.close()
