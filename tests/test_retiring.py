"""Retiring a note, end to end: the sources, the build, and the learner's Anki."""

from __future__ import annotations

from csrcards.compile import RETIRED_TEXT as _RETIRED_TEXT

from .conftest import V1_TIME, import_apkg, note_id

LATER = V1_TIME + 3600


def _retire(project, note: str) -> None:
    name = "salary-facts.yaml" if note in ("employed", "median-pay") else "soft-skills.yaml"
    project.edit(name, f"  - id: {note}\n", f"  - id: {note}\n    retired: true\n")


RETIRED_TEXT = {language: text.format(tag="sample::retired") for language, text in _RETIRED_TEXT.items()}


def test_retired_note_shows_the_marker_on_its_card_in_anki(project, anki):
    _retire(project, "employed")
    project.build()
    import_apkg(anki, project.apkg("tl"))
    card = anki.get_note(note_id(anki, "employed", "tl")).cards()[0]
    assert f'<div class="status">{RETIRED_TEXT["tl"]}</div>' in card.question()
    assert RETIRED_TEXT["tl"] in card.answer()
    other = anki.get_note(note_id(anki, "listen", "tl")).cards()[0]
    assert 'class="status"' not in other.question() + other.answer()


def test_tag_retired_search_finds_exactly_the_retired_notes(project, anki):
    _retire(project, "employed")
    _retire(project, "median-pay")  # a cloze note: both its cards carry the marker
    project.build()
    import_apkg(anki, project.apkg("en"))
    retired = {note_id(anki, "employed", "en"), note_id(anki, "median-pay", "en")}
    assert set(anki.find_notes("tag:sample::retired")) == retired
    assert len(anki.find_cards("tag:sample::retired")) == 3
    assert all(RETIRED_TEXT["en"] in anki.get_card(c).question() for c in anki.find_cards("tag:sample::retired"))


def test_retiring_a_note_updates_the_learners_copy_in_place(project, anki):
    project.build()
    import_apkg(anki, project.apkg("bg"))
    employed = note_id(anki, "employed", "bg")
    assert anki.find_notes("tag:sample::retired") == []
    _retire(project, "employed")
    project.build(now=LATER)
    log = import_apkg(anki, project.apkg("bg"))
    assert [n.id.nid for n in log.updated] == [employed]
    assert not log.new and not log.conflicting
    assert anki.find_notes("tag:sample::retired") == [employed]
    assert anki.get_note(employed)["Status"] == RETIRED_TEXT["bg"]


def test_build_counts_a_note_as_retired_once(project):
    project.build()
    _retire(project, "calm")
    result = project.build(now=LATER)
    assert "build/csrcards-en.apkg: 4 notes, 5 cards (0 new, 1 edited, 3 unchanged, 1 retired)" in result.stdout
    result = project.build("--force", now=LATER + 60)
    assert "build/csrcards-en.apkg: 4 notes, 5 cards (0 new, 0 edited, 4 unchanged, 0 retired)" in result.stdout


def test_deleted_retired_note_comes_back_with_the_next_import(project, anki):
    # An .apkg cannot tell Anki that a note was deleted on purpose, so the
    # retired note, still in the decks, is added again, still marked retired.
    # The README tells learners to suspend retired cards rather than delete them.
    _retire(project, "employed")
    project.build()
    import_apkg(anki, project.apkg("en"))
    anki.remove_notes(anki.find_notes("tag:sample::retired"))
    log = import_apkg(anki, project.apkg("en"))
    assert len(log.new) == 1
    assert anki.find_notes("tag:sample::retired") == [note_id(anki, "employed", "en")]


def test_suspended_retired_cards_stay_suspended_through_updates(project, anki):
    from anki.consts import QUEUE_TYPE_SUSPENDED

    _retire(project, "employed")
    project.build()
    import_apkg(anki, project.apkg("en"))
    anki.sched.suspend_cards(anki.find_cards("tag:sample::retired"))
    project.edit("salary-facts.yaml", "About 2,785,000.", "Roughly 2,785,000.")
    project.build(now=LATER)
    log = import_apkg(anki, project.apkg("en"))
    assert not log.new and len(log.updated) == 1
    assert [anki.get_card(c).queue for c in anki.find_cards("tag:sample::retired")] == [QUEUE_TYPE_SUSPENDED]
