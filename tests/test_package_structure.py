"""The .apkg opened by hand: zip, collection.anki2, SQLite tables and JSON."""

from __future__ import annotations

import json
import zipfile

import genanki
import pytest

from csrcards.ids import deck_id, note_guid

from .conftest import V1_TIME, read_collection


@pytest.fixture
def built(project):
    project.build()
    return project


def _notetypes(connection) -> dict:
    return json.loads(connection.execute("SELECT models FROM col").fetchone()[0])


def _decks(connection) -> dict:
    return json.loads(connection.execute("SELECT decks FROM col").fetchone()[0])


def test_build_writes_one_package_per_language_with_stable_names(built):
    assert sorted(p.name for p in (built.root / "build").glob("*.apkg")) == [
        "csrcards-bg.apkg", "csrcards-en.apkg", "csrcards-tl.apkg"]


def test_package_zip_is_normalised(built):
    with zipfile.ZipFile(built.apkg("en")) as archive:
        infos = archive.infolist()
    assert [i.filename for i in infos] == ["collection.anki2", "media"]
    assert {i.date_time for i in infos} == {(1980, 1, 1, 0, 0, 0)}
    assert {i.external_attr >> 16 for i in infos} == {0o100644}


def test_note_types_have_fixed_ids_names_and_field_ids(built, tmp_path):
    types = _notetypes(read_collection(built.apkg("tl"), tmp_path))
    assert sorted(int(i) for i in types) == [1124777431387, 1750456148245]
    qa = types["1124777431387"]
    assert qa["name"] == "Halimbawang Kurso · Tanong"
    assert [(f["name"], f["id"]) for f in qa["flds"]] == [
        ("Front", 112477743138701), ("Back", 112477743138702), ("Extra", 112477743138703),
        ("EnglishFront", 112477743138704), ("EnglishBack", 112477743138705),
        ("EnglishExtra", 112477743138706), ("Source", 112477743138707), ("Status", 112477743138708)]
    assert [(t["name"], t["id"]) for t in qa["tmpls"]] == [("Question", 112477743138791)]
    cloze = types["1750456148245"]
    assert cloze["type"] == genanki.Model.CLOZE
    assert [f["name"] for f in cloze["flds"]] == ["Text", "Extra", "EnglishText", "EnglishExtra", "Source", "Status"]


def test_english_note_types_have_no_english_wording_fields(built, tmp_path):
    types = _notetypes(read_collection(built.apkg("en"), tmp_path))
    assert {t["name"]: [f["name"] for f in t["flds"]] for t in types.values()} == {
        "Sample Course · Question": ["Front", "Back", "Extra", "Source", "Status"],
        "Sample Course · Cloze": ["Text", "Extra", "Source", "Status"]}


def test_templates_speak_the_cards_language_and_show_the_text(built, tmp_path):
    for language, tts in (("en", "en_US"), ("tl", "fil_PH"), ("bg", "bg_BG")):
        for notetype in _notetypes(read_collection(built.apkg(language), tmp_path)).values():
            template = notetype["tmpls"][0]
            assert f"{{{{tts {tts}" in template["qfmt"]
            assert f'lang="{language}"' in template["qfmt"]
            assert "{{Front}}" in template["qfmt"] or "{{cloze:Text}}" in template["qfmt"]
            assert ".nightMode" in notetype["css"] and "@media" in notetype["css"]


def test_decks_are_the_course_with_one_subdeck_per_topic(built, tmp_path):
    decks = _decks(read_collection(built.apkg("bg"), tmp_path))
    ours = {d["name"]: int(i) for i, d in decks.items() if d["name"] != "Default"}
    assert ours == {
        "Примерен курс": deck_id("sample", "bg"),
        "Примерен курс::1. Меки умения": deck_id("sample", "bg", "soft-skills"),
        "Примерен курс::2. Факти за заплащането": deck_id("sample", "bg", "salary-facts"),
    }
    assert 1 not in ours.values()
    assert "Версия 1.0" in decks[str(deck_id("sample", "bg"))]["desc"]


def test_notes_have_guids_from_id_and_language_tags_and_source(built, tmp_path):
    rows = read_collection(built.apkg("en"), tmp_path).execute(
        "SELECT guid, tags, flds, mod FROM notes ORDER BY id").fetchall()
    assert [r[0] for r in rows] == [note_guid("sample", i, "en") for i in ("listen", "calm", "median-pay", "employed")]
    assert [r[1] for r in rows] == [" sample::soft-skills sample::listening ", " sample::soft-skills ",
                                    " sample::salary-facts sample::pay sample::us-figures ", " sample::salary-facts "]
    assert {r[3] for r in rows} == {V1_TIME}
    fields = rows[0][2].split("\x1f")
    assert fields[:2] == ["Why listen actively?", "To understand the customer&#x27;s problem."] or \
        fields[:2] == ["Why listen actively?", "To understand the customer's problem."]
    assert fields[3] == "Source: A job profile (Sample Press, 2018)"


def test_tagalog_and_bulgarian_notes_carry_the_english_wording(built, tmp_path):
    flds = read_collection(built.apkg("bg"), tmp_path).execute(
        "SELECT flds FROM notes WHERE guid = ?", (note_guid("sample", "listen", "bg"),)).fetchone()[0].split("\x1f")
    assert flds[0] == "Защо да слушаме активно?"
    assert flds[3:5] == ["Why listen actively?", "To understand the customer's problem."]
    assert flds[6] == "Източник: Профил на професията (Примерно издателство, 2018)"


def test_formatting_subset_becomes_html(built, tmp_path):
    flds = read_collection(built.apkg("en"), tmp_path).execute(
        "SELECT flds FROM notes WHERE guid = ?", (note_guid("sample", "calm", "en"),)).fetchone()[0].split("\x1f")
    assert flds[0] == "What does a <b>calm</b> agent do for an angry caller?"
    assert flds[1] == "Helps them calm down.<br><i>Stay in control.</i>"


def test_cards_come_in_source_order_with_one_card_per_cloze(built, tmp_path):
    rows = read_collection(built.apkg("tl"), tmp_path).execute(
        "SELECT n.guid, c.ord, c.due, c.did FROM cards c JOIN notes n ON n.id = c.nid ORDER BY c.id").fetchall()
    assert [(guid, ord_, due) for guid, ord_, due, _ in rows] == [
        (note_guid("sample", "listen", "tl"), 0, 0), (note_guid("sample", "calm", "tl"), 0, 1),
        (note_guid("sample", "median-pay", "tl"), 0, 2), (note_guid("sample", "median-pay", "tl"), 1, 2),
        (note_guid("sample", "employed", "tl"), 0, 3)]
    assert {did for *_, did in rows} == {deck_id("sample", "tl", "soft-skills"), deck_id("sample", "tl", "salary-facts")}


def test_unchanged_rebuild_is_byte_identical_even_later(project):
    project.build(now=V1_TIME)
    first = {language: project.apkg(language).read_bytes() for language in ("en", "tl", "bg")}
    lock = (project.decks / "csrcards.lock").read_bytes()
    result = project.build(now=V1_TIME + 86_400)
    assert {language: project.apkg(language).read_bytes() for language in ("en", "tl", "bg")} == first
    assert (project.decks / "csrcards.lock").read_bytes() == lock
    assert "0 new, 0 edited, 4 unchanged, 0 retired" in result.output


def test_edit_gives_only_that_note_a_newer_mod(project, tmp_path):
    project.build(now=V1_TIME)
    project.edit("soft-skills.yaml", "To understand the customer's problem.", "To understand the problem.")
    project.build(now=V1_TIME)  # same second: the lock still makes the edit newer
    mods = dict(read_collection(project.apkg("en"), tmp_path).execute("SELECT guid, mod FROM notes"))
    assert mods.pop(note_guid("sample", "listen", "en")) == V1_TIME + 1
    assert set(mods.values()) == {V1_TIME}
    # the tl and bg notes show the English wording, so they change too
    tl = dict(read_collection(project.apkg("tl"), tmp_path).execute("SELECT guid, mod FROM notes"))
    assert tl[note_guid("sample", "listen", "tl")] == V1_TIME + 1


def test_lock_is_diff_friendly_one_entry_per_line(project):
    project.build()
    lines = (project.decks / "csrcards.lock").read_text("utf-8").splitlines()
    entries = [line.strip() for line in lines if line.strip().startswith('"note/')]
    assert len(entries) == 12
    assert entries == sorted(entries)
    assert entries[0].startswith('"note/calm/bg": {"hash": "')
