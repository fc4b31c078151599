"""The decks in the real Anki engine: import, render, and re-import after edits."""

from __future__ import annotations

import pytest

from csrcards import notetypes, pipeline

from .conftest import OUTLOOK, V1_TIME, import_apkg, note_id

LANGUAGES = ("en", "tl", "bg")


def _visible(html: str) -> str:
    """What a learner reads: the card HTML without the stylesheet and tags."""
    import re

    html = re.sub(r"<style>.*?</style>", "", html, flags=re.S)
    html = re.sub(r"\[anki:play:[qa]:\d+\]", "", html)
    return re.sub(r"<[^>]+>", "", html).strip()


@pytest.mark.parametrize("language", LANGUAGES)
def test_shipped_deck_imports_and_every_card_renders(shipped, anki, language):
    shipped.build("--lang", language)
    log = import_apkg(anki, shipped.apkg(language))
    course = pipeline.load(shipped.root)
    assert len(log.new) == anki.note_count() == len(course.notes)
    assert anki.card_count() == sum(note.card_count for note in course.notes)
    assert not log.conflicting and not log.duplicate and not log.updated
    for card_id in anki.find_cards(""):
        card = anki.get_card(card_id)
        assert _visible(card.question()), card.note().fields
        assert _visible(card.answer()) != _visible(card.question()), card.note().fields


def test_tagalog_card_shows_english_wording_on_the_back_only(project, anki):
    project.build()
    import_apkg(anki, project.apkg("tl"))
    note = anki.get_note(note_id(anki, "listen", "tl"))
    card = note.cards()[0]
    assert "Why listen actively?" not in card.question()
    assert "Why listen actively?" in card.answer()
    assert 'class="english" lang="en"' in card.answer()
    assert "[anki:play:q:0]" in card.question()


def _review_first_card(collection):
    from anki.scheduler_pb2 import CardAnswer

    collection.decks.select(collection.decks.id_for_name("Sample Course"))
    queued = collection.sched.get_queued_cards()
    card = collection.get_card(queued.cards[0].card.id)
    card.start_timer()
    states = queued.cards[0].states
    collection.sched.answer_card(collection.sched.build_answer(card=card, states=states, rating=CardAnswer.GOOD))
    return collection.get_card(card.id)


def test_edited_note_updates_in_place_and_keeps_review_history(project, anki):
    project.build(now=V1_TIME)
    assert len(import_apkg(anki, project.apkg("en")).new) == 4
    reviewed = _review_first_card(anki)
    assert reviewed.reps == 1
    listen_id = note_id(anki, "listen", "en")
    untouched = {nid: anki.get_note(nid).mod for nid in anki.find_notes("") if nid != listen_id}

    project.edit("soft-skills.yaml", "To understand the customer's problem.",
                 "To understand what the customer needs.")
    project.build(now=V1_TIME + 60)
    log = import_apkg(anki, project.apkg("en"))

    assert [n.id.nid for n in log.updated] == [listen_id]
    assert not log.new and not log.conflicting
    assert anki.note_count() == 4
    assert anki.get_note(listen_id)["Back"] == "To understand what the customer needs."
    assert anki.get_card(reviewed.id).reps == 1
    assert anki.db.scalar("SELECT count() FROM revlog WHERE cid = ?", reviewed.id) == 1
    assert {nid: anki.get_note(nid).mod for nid in untouched} == untouched


def test_unchanged_reimport_changes_nothing(project, anki):
    project.build()
    import_apkg(anki, project.apkg("bg"))
    project.build(now=V1_TIME + 3600)
    log = import_apkg(anki, project.apkg("bg"))
    assert not log.new and not log.updated and not log.conflicting


def test_learner_edit_on_an_untouched_note_survives_reimport(project, anki):
    project.build()
    import_apkg(anki, project.apkg("en"))
    note = anki.get_note(note_id(anki, "calm", "en"))
    note["Extra"] = "my own mnemonic"
    anki.update_note(note)
    project.edit("soft-skills.yaml", "Why listen actively?", "Why listen actively to a caller?")
    project.build(now=V1_TIME + 60)
    import_apkg(anki, project.apkg("en"))
    assert anki.get_note(note.id)["Extra"] == "my own mnemonic"


def test_style_change_reaches_learners_without_a_second_note_type(project, anki, monkeypatch):
    project.build()
    import_apkg(anki, project.apkg("tl"))
    marker = "/* style v2 */ .prompt { letter-spacing: 0.01em; }"
    original = notetypes.css
    monkeypatch.setattr(notetypes, "css", lambda: original() + marker)
    project.build("--force", now=V1_TIME + 60)  # the code on disk did not change
    log = import_apkg(anki, project.apkg("tl"))
    assert not log.conflicting and not log.new
    anki.models._clear_cache()
    names = [m["name"] for m in anki.models.all()]
    assert names.count("Halimbawang Kurso · Tanong") == 1
    assert names.count("Halimbawang Kurso · Cloze") == 1
    for notetype_id in (1124777431387, 1750456148245):  # the sample course's tl note types
        assert marker in anki.models.get(notetype_id)["css"]


def test_added_note_arrives_as_the_only_new_note(project, anki):
    project.build()
    import_apkg(anki, project.apkg("en"))
    project.edit("salary-facts.yaml", "notes:\n", OUTLOOK)
    project.build(now=V1_TIME + 60)
    log = import_apkg(anki, project.apkg("en"))
    assert len(log.new) == 1 and not log.updated and not log.conflicting
    assert anki.note_count() == 5
