"""Merging two branches' locks: entry by entry, and no mod ever goes back.

The merge with real git repositories and learners' imports is in
test_team_merge.py; these tests pin the rules one by one.
"""

from __future__ import annotations

import json
import subprocess

import pytest

from csrcards.lock import Entry, Lock
from csrcards.merge import CHANGED_ON_BOTH_SIDES, merge

from .conftest import V1_TIME

BASE = {"note/calm/tl": Entry("aaa", 100), "note/calm/bg": Entry("bbb", 100), "note/listen/en": Entry("ccc", 100)}


def lock(**changes: Entry) -> Lock:
    """The base lock with some entries changed (keys spelt note__calm__tl)."""
    entries = dict(BASE)
    entries.update({key.replace("__", "/"): entry for key, entry in changes.items()})
    return Lock(created=V1_TIME, entries=entries)


def test_an_entry_changed_on_one_side_takes_that_side():
    merged = merge(BASE, lock(note__calm__tl=Entry("tl2", 200)), lock(note__calm__bg=Entry("bg2", 300))).lock
    assert merged.entries == {"note/calm/tl": Entry("tl2", 200), "note/calm/bg": Entry("bg2", 300),
                              "note/listen/en": Entry("ccc", 100)}


def test_an_entry_changed_on_both_sides_is_rebuilt_newer_than_both():
    ours, theirs = lock(note__calm__tl=Entry("ours", 300)), lock(note__calm__tl=Entry("theirs", 200))
    merged = merge(BASE, ours, theirs)
    assert merged.both == 1
    assert merged.lock.entries["note/calm/tl"] == Entry(CHANGED_ON_BOTH_SIDES, 300)
    merged.lock.now = 250  # the next build's clock is behind one side's
    assert merged.lock.mod("note/calm/tl", "ours") == 301
    assert merged.lock.mod("note/calm/bg", "bbb") == 100


def test_the_same_change_on_both_sides_keeps_its_hash_and_the_newer_mod():
    merged = merge(BASE, lock(note__calm__tl=Entry("new", 300)), lock(note__calm__tl=Entry("new", 200)))
    assert merged.both == 0
    assert merged.lock.entries["note/calm/tl"] == Entry("new", 300)


def test_entries_added_on_one_side_are_kept_and_none_is_dropped():
    ours = lock(note__new__en=Entry("n1", 400))
    theirs = Lock(created=V1_TIME, entries={"note/calm/tl": Entry("aaa", 100)})  # never loses entries in practice
    assert set(merge(BASE, ours, theirs).lock.entries) == set(BASE) | {"note/new/en"}


def test_without_a_base_every_difference_counts_as_changed_on_both_sides():
    merged = merge({}, lock(note__calm__tl=Entry("tl2", 200)), lock())
    assert merged.both == 1
    assert merged.lock.entries["note/calm/tl"] == Entry(CHANGED_ON_BOTH_SIDES, 200)
    assert merged.lock.entries["note/calm/bg"] == Entry("bbb", 100)


def test_a_translation_from_one_side_is_older_than_the_english_edit_from_the_other():
    base = {"text/calm/en": Entry("en", 100), "text/calm/tl": Entry("tl", 100), "text/calm/bg": Entry("bg", 100)}
    english = Lock(created=V1_TIME, entries={**base, "text/calm/en": Entry("en2", 200)})
    tagalog = Lock(created=V1_TIME, entries={**base, "text/calm/tl": Entry("tl2", 300)})
    entries = merge(base, english, tagalog).lock.entries
    assert entries["text/calm/tl"] == Entry("tl2", 300)
    assert entries["text/calm/en"] == Entry("en2", 301)  # so the Tagalog edit is flagged for review


def test_no_merged_mod_is_older_than_either_side():
    ours = lock(note__calm__tl=Entry("o", 500), note__calm__bg=Entry("o", 150))
    theirs = lock(note__calm__tl=Entry("t", 200), note__listen__en=Entry("t", 900))
    merged = merge(BASE, ours, theirs).lock
    for key, entry in merged.entries.items():
        assert entry.mod >= max(ours.entries[key].mod, theirs.entries[key].mod), key


# --- a lock in which git left conflict markers ---------------------------------

def _conflicted(project, tmp_path, style: str) -> tuple[Lock, Lock, Lock]:
    """Build, edit the same note on two 'branches', and let git merge the locks as text."""
    project.build(now=V1_TIME)
    base = project.decks.joinpath("csrcards.lock").read_text("utf-8")
    project.edit("soft-skills.yaml", "bg: За да разберем проблема на клиента.", "bg: За да разберем проблема.")
    project.build(now=V1_TIME + 20)
    theirs = project.decks.joinpath("csrcards.lock").read_text("utf-8")
    project.edit("soft-skills.yaml", "bg: За да разберем проблема.", "bg: За да разберем проблема на клиента.")
    project.edit("soft-skills.yaml", "tl: Para maunawaan ang problema ng customer.", "tl: Para maunawaan ito.")
    project.edit("soft-skills.yaml", "en: To understand the customer's problem.", "en: To understand it.")
    project.build(now=V1_TIME + 10)
    ours = project.decks.joinpath("csrcards.lock").read_text("utf-8")
    paths = []
    for name, text in (("base", base), ("theirs", theirs)):
        paths.append(tmp_path / name)
        paths[-1].write_text(text, "utf-8")
    lock_file = project.decks / "csrcards.lock"
    options = ["--diff3"] if style == "diff3" else []
    merged = subprocess.run(["git", "merge-file", *options, "-p", str(lock_file), str(paths[0]), str(paths[1])],
                            capture_output=True, text=True)
    assert merged.returncode > 0 and "\n=======\n" in merged.stdout, "the two locks should conflict as text"
    lock_file.write_text(merged.stdout, "utf-8")
    return tuple(Lock.parse(text, 0, "") for text in (base, ours, theirs))


def test_a_lock_with_conflict_markers_is_a_problem_with_the_command_that_merges_it(project, tmp_path):
    _conflicted(project, tmp_path, "merge")
    lines = project.decks.joinpath("csrcards.lock").read_text("utf-8").splitlines()
    line = next(number for number, text in enumerate(lines, 1) if text.startswith("<<<<<<< "))
    for command in ("build", "check", "diff"):
        result = project.run(command, now=V1_TIME + 30)
        assert result.exit_code == 1, command
        assert result.stderr == (
            f"decks/csrcards.lock:{line}:1: the lock still holds git's conflict markers (run `csrcards merge-lock` "
            "to merge both sides, then `csrcards build`)\n1 problem found; nothing was written.\n"), command


@pytest.mark.parametrize("style", ["merge", "diff3"])
def test_merge_lock_merges_the_sides_git_left_in_the_file(project, tmp_path, style):
    base, ours, theirs = _conflicted(project, tmp_path, style)
    result = project.run("merge-lock")
    assert result.exit_code == 0, result.output
    merged = json.loads(project.decks.joinpath("csrcards.lock").read_text("utf-8"))["entries"]
    both = sorted(key for key, entry in merged.items() if entry["hash"] == CHANGED_ON_BOTH_SIDES)
    assert result.stdout == (f"decks/csrcards.lock: merged entry by entry; {len(both)} entries changed on both "
                             "sides; run `csrcards build` to rebuild the decks\n")
    assert "note/listen/bg" in both  # the English edit changed the Bulgarian deck's note too
    if style == "diff3":  # with the base, what only one side changed takes that side
        assert merged["note/listen/en"] == {"hash": ours.entries["note/listen/en"].hash,
                                            "mod": ours.entries["note/listen/en"].mod}
    for key, entry in merged.items():
        assert entry["mod"] >= max(ours.entries[key].mod, theirs.entries[key].mod), key
    assert project.run("build", now=V1_TIME + 5).exit_code == 0


def test_merge_lock_without_conflict_markers_changes_nothing(project):
    project.build()
    before = project.decks.joinpath("csrcards.lock").read_bytes()
    result = project.run("merge-lock")
    assert result.stdout == "decks/csrcards.lock holds no conflict markers; nothing to merge\n"
    assert project.decks.joinpath("csrcards.lock").read_bytes() == before


def test_markers_that_do_not_pair_up_are_a_problem_not_a_traceback(project):
    project.build()
    lock_file = project.decks / "csrcards.lock"
    lines = lock_file.read_text("utf-8").splitlines(keepends=True)
    lock_file.write_text("".join(lines[:4] + ["<<<<<<< HEAD\n"] + lines[4:6] + ["=======\n"] + lines[6:]), "utf-8")
    result = project.run("merge-lock")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"decks/csrcards.lock:{len(lines) + 3}:1: the last conflict has no closing "
                                    ">>>>>>> line (during the merge, `git checkout -m decks/csrcards.lock` writes "
                                    "the conflict again; otherwise restore the lock from version control)\n")


def test_merge_lock_takes_one_lock_or_gits_three_versions(project):
    result = project.run("merge-lock", "a", "b")
    assert result.exit_code == 2
    assert "give one lock with conflict markers, or git's three versions: BASE OURS THEIRS" in result.stderr


def test_merge_driver_writes_the_merge_over_ours(project, tmp_path):
    base, ours, theirs = (tmp_path / name for name in ("base", "ours", "theirs"))
    base.write_text(lock().dumps(), "utf-8")
    ours.write_text(lock(note__calm__tl=Entry("tl2", 200)).dumps(), "utf-8")
    theirs.write_text(lock(note__calm__tl=Entry("tl3", 300), note__calm__bg=Entry("bg2", 300)).dumps(), "utf-8")
    result = project.run("merge-lock", str(base), str(ours), str(theirs))
    assert result.stdout == ("decks/csrcards.lock: merged entry by entry; 1 entry changed on both sides; "
                             "run `csrcards build` to rebuild the decks\n")
    assert Lock.parse(ours.read_text("utf-8"), 0, "").entries == {
        "note/calm/tl": Entry(CHANGED_ON_BOTH_SIDES, 300), "note/calm/bg": Entry("bg2", 300),
        "note/listen/en": Entry("ccc", 100)}


def test_merge_driver_with_no_common_version_merges_without_a_base(project, tmp_path):
    base, ours, theirs = (tmp_path / name for name in ("base", "ours", "theirs"))
    base.write_text("", "utf-8")  # git hands an empty file when both sides added the lock
    ours.write_text(lock().dumps(), "utf-8")
    theirs.write_text(lock(note__calm__bg=Entry("bg2", 300)).dumps(), "utf-8")
    assert project.run("merge-lock", str(base), str(ours), str(theirs)).exit_code == 0
    assert Lock.parse(ours.read_text("utf-8"), 0, "").entries["note/calm/bg"] == Entry(CHANGED_ON_BOTH_SIDES, 300)
