"""Translations left behind by an English edit: warned about until edited or confirmed."""

from __future__ import annotations

import json

from .conftest import V1_TIME

LATER = V1_TIME + 60
EVEN_LATER = V1_TIME + 120

STALE_TL = ("warning: decks/soft-skills.yaml:8:5: the English text of note 'listen' changed; its tl translation "
            "may be stale (edit it, or add `reviewed: [tl]` to the note to confirm it still fits)")
STALE_BG = STALE_TL.replace("tl", "bg")
CONFIRMS_TL = ("warning: decks/soft-skills.yaml:8:5: the English text of note 'listen' changed; `reviewed: [tl]` "
               "confirms its tl translation (remove 'tl' from `reviewed` once built, so that the next change is "
               "flagged again)")
ALREADY_TL = ("warning: decks/soft-skills.yaml:8:5: note 'listen' has `reviewed: [tl]`, but its tl translation is "
              "already confirmed in decks/csrcards.lock (remove 'tl' from `reviewed`, so that the next change to "
              "the English text is flagged again)")


def _edit_english(project, new: str = "To understand what the customer needs.") -> None:
    text = (project.decks / "soft-skills.yaml").read_text("utf-8")
    start = text.index("      en: ", text.index("    back:"))
    end = text.index("\n", start)
    project.write("soft-skills.yaml", f"{text[:start]}      en: {new}{text[end:]}")


def _review(project, languages: str) -> None:
    project.edit("soft-skills.yaml", "  - id: listen\n", f"  - id: listen\n    reviewed: {languages}\n")


def _warnings(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if "translation" in line]


def test_english_edit_warns_that_each_translation_may_be_stale(project):
    project.build()
    _edit_english(project)
    result = project.build(now=LATER)
    assert result.exit_code == 0
    assert result.stderr.splitlines() == [STALE_TL, STALE_BG]


def test_check_gives_the_same_warnings_and_exits_0(project):
    project.build()
    _edit_english(project)
    result = project.run("check", now=LATER)
    assert result.exit_code == 0
    assert _warnings(result) == [STALE_TL, STALE_BG]
    assert result.stdout == "ok: 2 topics, 4 notes, 5 cards per language\n"


def test_warning_stays_on_every_build_until_dealt_with(project):
    project.build()
    _edit_english(project)
    project.build(now=LATER)
    assert _warnings(project.build(now=EVEN_LATER)) == [STALE_TL, STALE_BG]  # skipped: nothing changed
    assert _warnings(project.build("--force", now=EVEN_LATER)) == [STALE_TL, STALE_BG]


def test_editing_a_translation_confirms_only_that_one(project):
    project.build()
    _edit_english(project)
    project.build(now=LATER)
    project.edit("soft-skills.yaml", "tl: Para maunawaan ang problema ng customer.",
                 "tl: Para maunawaan ang kailangan ng customer.")
    assert _warnings(project.build(now=EVEN_LATER)) == [STALE_BG]


def test_editing_the_english_and_its_translations_together_warns_nothing(project):
    project.build()
    _edit_english(project)
    project.edit("soft-skills.yaml", "tl: Para maunawaan ang problema ng customer.",
                 "tl: Para maunawaan ang kailangan ng customer.")
    project.edit("soft-skills.yaml", "bg: За да разберем проблема на клиента.",
                 "bg: За да разберем какво му трябва на клиента.")
    assert _warnings(project.build(now=LATER)) == []


def test_reviewed_confirms_the_translation_and_asks_to_be_removed(project):
    project.build()
    _edit_english(project)
    project.build(now=LATER)
    _review(project, "[tl]")
    assert _warnings(project.build(now=EVEN_LATER)) == [CONFIRMS_TL, STALE_BG]
    assert _warnings(project.build("--force", now=EVEN_LATER)) == [ALREADY_TL, STALE_BG]
    project.edit("soft-skills.yaml", "    reviewed: [tl]\n", "")
    assert _warnings(project.build(now=EVEN_LATER)) == [STALE_BG]


def test_reviewed_can_confirm_at_the_same_build_as_the_english_edit(project):
    project.build()
    _edit_english(project)
    _review(project, "[tl, bg]")
    assert _warnings(project.build(now=LATER)) == [CONFIRMS_TL, CONFIRMS_TL.replace("tl", "bg")]


def test_check_warns_like_a_build_but_records_nothing(project):
    project.build()
    _edit_english(project)
    project.build(now=LATER)
    _review(project, "[tl]")
    assert _warnings(project.run("check", now=EVEN_LATER)) == [CONFIRMS_TL, STALE_BG]
    project.edit("soft-skills.yaml", "    reviewed: [tl]\n", "")
    assert _warnings(project.run("check", now=EVEN_LATER)) == [STALE_TL, STALE_BG]


def test_reviewed_left_in_place_still_reports_the_next_english_edit(project):
    project.build()
    _review(project, "[tl]")
    assert _warnings(project.build(now=LATER)) == [ALREADY_TL]
    _edit_english(project)
    assert _warnings(project.build(now=EVEN_LATER)) == [CONFIRMS_TL, STALE_BG]


def test_pinned_clock_keeps_edits_and_confirmations_in_order(project):
    project.build()
    _edit_english(project)
    project.build()
    _edit_english(project, "To understand what the customer really needs.")
    project.build()
    project.edit("soft-skills.yaml", "tl: Para maunawaan ang problema ng customer.",
                 "tl: Para maunawaan ang kailangan ng customer.")
    assert _warnings(project.build()) == [STALE_BG]
    _edit_english(project, "To understand the customer's needs.")
    assert _warnings(project.build()) == [STALE_TL, STALE_BG]


def test_retired_note_is_not_flagged(project):
    project.build()
    _edit_english(project)
    project.edit("soft-skills.yaml", "  - id: listen\n", "  - id: listen\n    retired: true\n")
    assert _warnings(project.build(now=LATER)) == []


def test_cloze_note_takes_reviewed_too(project):
    project.build()
    project.edit("salary-facts.yaml", "a year or {{c2::$15.81}}", "per year or {{c2::$15.81}}")
    project.edit("salary-facts.yaml", "  - id: median-pay\n", "  - id: median-pay\n    reviewed: [tl, bg]\n")
    result = project.build(now=LATER)
    assert [line.split(": ", 2)[1] for line in _warnings(result)] == ["decks/salary-facts.yaml:8:5"] * 2
    assert "`reviewed: [bg]` confirms its bg translation" in result.stderr


def test_reviewed_lists_only_translations(project):
    _review(project, "[en]")
    result = project.run("check")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        "decks/soft-skills.yaml:9:16: 'reviewed' lists 'en', which is not a translation (list tl, bg or both)")


def test_lock_without_text_entries_still_loads_and_starts_tracking(project):
    project.build()
    lock = project.decks / "csrcards.lock"
    data = json.loads(lock.read_text("utf-8"))
    old_lines = [line for line in lock.read_text("utf-8").splitlines()  # a lock from before text and cloze entries
                 if '"text/' not in line and '"cloze/' not in line]
    old_lines[-3] = old_lines[-3].rstrip(",")  # the last entry line before the closing braces
    lock.write_text("\n".join(old_lines) + "\n", "utf-8")
    assert all(key.startswith("note/") or key.startswith("notetype/")
               for key in json.loads(lock.read_text("utf-8"))["entries"])
    _edit_english(project)
    assert _warnings(project.build(now=LATER)) == []  # nothing to compare with yet
    assert {key for key in json.loads(lock.read_text("utf-8"))["entries"]} == set(data["entries"])


def test_lock_keeps_one_sorted_text_entry_per_note_and_language(project):
    project.build()
    lines = [line.strip() for line in (project.decks / "csrcards.lock").read_text("utf-8").splitlines()]
    entries = [line for line in lines if line.startswith('"text/')]
    assert len(entries) == 12
    assert entries == sorted(entries)
    assert entries[0].startswith('"text/calm/bg": {"hash": "')
    assert entries[0].endswith(f'"mod": {V1_TIME}}},')
