"""`csrcards diff`: what learners' next import will do, against the released decks."""

from __future__ import annotations

import json
import shutil

import pytest

from csrcards.compile import RETIRED_TEXT
from csrcards.ids import note_guid

from .conftest import OUTLOOK, V1_TIME, import_apkg

LATER = V1_TIME + 3600


LISTEN_AS_CLOZE = """    cloze:
      en: We listen actively {{c1::to understand the customer's problem}}.
      tl: Nakikinig tayo nang mabuti {{c1::para maunawaan ang problema ng customer}}.
      bg: Слушаме активно, {{c1::за да разберем проблема на клиента}}.
"""

LISTEN_AS_QA = """    front:
      en: Why listen actively?
      tl: Bakit kailangang makinig nang mabuti?
      bg: Защо да слушаме активно?
    back:
      en: To understand the customer's problem.
      tl: Para maunawaan ang problema ng customer.
      bg: За да разберем проблема на клиента.
"""


@pytest.fixture
def released(project):
    """The sample course, built and handed out: build/ is the last release."""
    project.build()
    return project


def _diff(project, *args: str) -> dict:
    result = project.run("diff", "--format", "json", *args, now=LATER)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)["languages"]


def _ids(entries: list[dict]) -> list[str]:
    return [entry["note"] for entry in entries]


def test_unchanged_sources_show_nothing_to_import(released):
    result = released.run("diff", "--lang", "en", now=LATER)
    assert result.exit_code == 0
    assert result.stdout == (
        "English: build/csrcards-en.apkg -> sources\n"
        "  0 new, 0 edited, 0 conflicting, 0 newly retired, 0 already retired, 0 removed, 4 unchanged\n")


def test_added_note_is_new_in_every_language(released):
    released.edit("salary-facts.yaml", "notes:\n", OUTLOOK)
    languages = _diff(released)
    for language in ("en", "tl", "bg"):
        assert _ids(languages[language]["new"]) == ["outlook"]
        assert languages[language]["unchanged"] == 4
    assert languages["bg"]["new"][0]["fields"]["Front"] == "Каква е перспективата за 2016–2026\u00a0г.?"  # kept on one line
    assert languages["bg"]["new"][0]["guid"] == note_guid("sample", "outlook", "bg")


def test_edited_note_shows_the_old_and_new_text_of_each_changed_field(released):
    released.edit("soft-skills.yaml", "en: To understand the customer's problem.",
                  "en: To understand what the customer needs.")
    languages = _diff(released)
    assert languages["en"]["edited"] == [{
        "note": "listen", "guid": note_guid("sample", "listen", "en"),
        "fields": languages["en"]["edited"][0]["fields"],
        "edits": {"Back": {"old": "To understand the customer's problem.",
                           "new": "To understand what the customer needs."}},
    }]
    # the Tagalog deck shows the English wording on the back, so it changes there
    assert languages["tl"]["edited"][0]["edits"] == {"EnglishBack": {
        "old": "To understand the customer's problem.", "new": "To understand what the customer needs."}}


def test_edited_text_is_plain_without_html(released):
    released.edit("soft-skills.yaml", "*Stay in control.*", "*Stay in control & calm.*")
    edit = _diff(released, "--lang", "en")["en"]["edited"][0]["edits"]["Back"]
    assert edit == {"old": "Helps them calm down.\nStay in control.",
                    "new": "Helps them calm down.\nStay in control & calm."}


def test_note_whose_note_type_changed_is_conflicting_not_edited(released):
    released.edit("soft-skills.yaml", LISTEN_AS_QA, LISTEN_AS_CLOZE)
    assert released.run("diff", "--lang", "en", now=LATER).stdout.splitlines()[2:] == [
        "  conflicting: the note type changed, so learners keep their old copy "
        "(give the note a new id and retire this one):",
        "    listen: Sample Course · Question -> Sample Course · Cloze",
    ]
    en = _diff(released, "--lang", "en")["en"]
    assert not en["edited"]
    assert _ids(en["conflicting"]) == ["listen"]
    assert en["conflicting"][0]["notetype"] == {"old": "Sample Course · Question", "new": "Sample Course · Cloze"}
    assert en["conflicting"][0]["fields"]["Front"] == "Why listen actively?"  # the copy learners keep


def test_note_type_with_renamed_fields_makes_its_notes_conflict(released, monkeypatch):
    from csrcards import notetypes

    renamed = dict(notetypes._OWN_FIELDS, qa=(("Question", 1),) + notetypes._OWN_FIELDS["qa"][1:])
    monkeypatch.setattr(notetypes, "_OWN_FIELDS", renamed)
    en = _diff(released, "--lang", "en")["en"]
    assert _ids(en["conflicting"]) == ["listen", "calm", "employed"]
    assert en["conflicting"][0]["notetype"] == {"old": "Sample Course · Question", "new": "Sample Course · Question"}
    text = released.run("diff", "--lang", "en", now=LATER).stdout
    assert "    calm: Sample Course · Question, fields or templates renamed\n" in text


def test_newly_and_already_retired_notes_are_told_apart(project):
    project.edit("salary-facts.yaml", "  - id: employed\n", "  - id: employed\n    retired: true\n")
    project.build()
    project.edit("soft-skills.yaml", "  - id: calm\n", "  - id: calm\n    retired: true\n")
    en = _diff(project, "--lang", "en")["en"]
    assert _ids(en["newly_retired"]) == ["calm"]
    assert _ids(en["already_retired"]) == ["employed"]
    assert not en["edited"] and en["unchanged"] == 2


def test_note_gone_from_the_sources_is_listed_as_kept_by_learners(released):
    text = (released.decks / "salary-facts.yaml").read_text("utf-8")
    released.write("salary-facts.yaml", text[:text.index("  - id: employed")])
    result = released.run("diff", "--lang", "en", now=LATER)
    assert result.stdout.splitlines()[2:] == [
        "  removed from the sources: learners keep these (put them back with 'retired: true'):",
        "    employed: How many people worked as customer service representatives in the US in 2016?",
    ]


def test_diff_predicts_what_anki_does_on_reimport(released, anki):
    import_apkg(anki, released.apkg("en"))
    released.edit("salary-facts.yaml", "notes:\n", OUTLOOK)
    released.edit("salary-facts.yaml", "About 2,785,000.", "Roughly 2,785,000.")
    released.edit("soft-skills.yaml", LISTEN_AS_QA, LISTEN_AS_CLOZE)
    released.edit("soft-skills.yaml", "  - id: calm\n", "  - id: calm\n    retired: true\n")
    en = _diff(released, "--lang", "en")["en"]
    released.build(now=LATER)
    log = import_apkg(anki, released.apkg("en"))

    def guids(notes) -> set[str]:
        return {anki.get_note(n.id.nid).guid for n in notes}

    assert {note_guid("sample", n, "en") for n in _ids(en["new"])} == guids(log.new)
    updated = _ids(en["edited"]) + _ids(en["newly_retired"])
    assert {note_guid("sample", n, "en") for n in updated} == guids(log.updated)
    assert {note_guid("sample", n, "en") for n in _ids(en["conflicting"])} == guids(log.conflicting)
    assert sorted(_ids(en["new"]) + updated + _ids(en["conflicting"])) == ["calm", "employed", "listen", "outlook"]


def test_diff_writes_nothing(released):
    released.edit("soft-skills.yaml", "Why listen actively?", "Why listen actively to a caller?")
    before = {p: p.read_bytes() for p in released.root.rglob("*") if p.is_file()}
    assert released.run("diff", "--format", "markdown", now=LATER).exit_code == 0
    assert {p: p.read_bytes() for p in released.root.rglob("*") if p.is_file()} == before


def test_against_a_folder_without_a_deck_shows_every_note_as_new(released):
    (released.root / "old").mkdir()
    shutil.copy(released.apkg("bg"), released.root / "old" / "csrcards-bg.apkg")
    languages = _diff(released, "--against", "old")
    assert languages["en"]["found"] is False
    assert _ids(languages["en"]["new"]) == ["listen", "calm", "median-pay", "employed"]
    assert languages["bg"]["found"] is True and languages["bg"]["unchanged"] == 4


def test_a_mistyped_against_folder_is_a_problem_not_a_release_of_new_notes(released):
    result = released.run("diff", "--against", "old-relase", now=LATER)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        "old-relase:1:1: folder not found (give the folder that holds the released csrcards-<lang>.apkg files)")


def test_damaged_released_deck_is_a_problem_with_exit_1(released):
    released.apkg("tl").write_bytes(b"not a zip")
    result = released.run("diff", now=LATER)
    assert result.exit_code == 1
    assert result.stderr.startswith("build/csrcards-tl.apkg:1:1: cannot read the package: it is not a zip archive "
                                    "(it must be an .apkg written by csrcards build)\n")


def test_sources_with_problems_exit_1_like_check(released):
    released.edit("soft-skills.yaml", "front:", "fornt:")
    result = released.run("diff", now=LATER)
    assert result.exit_code == 1
    assert "unknown key 'fornt' (did you mean 'front'?)" in result.stderr


def _release_with_edit_and_retirement(project):
    project.build()
    project.edit("salary-facts.yaml", "en: About 2,785,000.", "en: Roughly 2,785,000.")
    project.edit("salary-facts.yaml", "{{c1::$32,890}} a year", "{{c1::$32,890}} per year")
    project.edit("soft-skills.yaml", "  - id: calm\n", "  - id: calm\n    retired: true\n")


def test_text_output_for_a_small_release(project):
    _release_with_edit_and_retirement(project)
    result = project.run("diff", "--lang", "en", now=LATER)
    assert result.stdout == """\
English: build/csrcards-en.apkg -> sources
  0 new, 2 edited, 0 conflicting, 1 newly retired, 0 already retired, 0 removed, 1 unchanged
  edited:
    median-pay
      Text: US median pay (2017): {{c1::$32,890}} a year or {{c2::$15.81}} an hour.
            -> US median pay (2017): {{c1::$32,890}} per year or {{c2::$15.81}} an hour.
    employed
      Back: About 2,785,000.
            -> Roughly 2,785,000.
  newly retired:
    calm: What does a calm agent do for an angry caller?
"""


def test_markdown_release_notes_keep_each_decks_language(project):
    _release_with_edit_and_retirement(project)
    result = project.run("diff", "--format", "markdown", "--lang", "en", "--lang", "bg", now=LATER)
    assert result.stdout == """\
# Release notes: Sample Course, version 1.0

## English: Sample Course (csrcards-en.apkg)

Import the new file over the old one: your progress is kept.

### Changed cards (2)

They change in place; your review history is kept.

- US median pay (2017): **\\$32,890** per year or **\\$15.81** an hour.
  - Text, before: US median pay (2017): **\\$32,890** a year or **\\$15.81** an hour.
  - Text, now: US median pay (2017): **\\$32,890** per year or **\\$15.81** an hour.
- How many people worked as customer service representatives in the US in 2016?
  - Back, before: About 2,785,000.
  - Back, now: Roughly 2,785,000.

### Retired cards (1)

They are no longer part of the course and now show a red *Retired* label. To take them out of \
your reviews, search for `tag:retired` in the Browse window, select all, and choose Suspend.

- What does a calm agent do for an angry caller?

## Bulgarian: Примерен курс (csrcards-bg.apkg)

Import the new file over the old one: your progress is kept.

### Changed cards (2)

They change in place; your review history is kept.

- Медианно заплащане в САЩ (2017): **32 890 долара** годишно или **15,81 долара** на час.
  - EnglishText, before: US median pay (2017): **\\$32,890** a year or **\\$15.81** an hour.
  - EnglishText, now: US median pay (2017): **\\$32,890** per year or **\\$15.81** an hour.
- Колко души са работили като представители по обслужване на клиенти в САЩ през 2016 г.?
  - EnglishBack, before: About 2,785,000.
  - EnglishBack, now: Roughly 2,785,000.

### Retired cards (1)

They are no longer part of the course and now show a red *Retired* label. To take them out of \
your reviews, search for `tag:retired` in the Browse window, select all, and choose Suspend.

- Какво прави спокойният агент за ядосания клиент?
"""


def test_json_output_for_a_small_release(project):
    _release_with_edit_and_retirement(project)
    result = project.run("diff", "--format", "json", "--lang", "tl", now=LATER)
    document = json.loads(result.stdout)
    assert document["course"] == "Sample Course" and document["version"] == "1.0"
    tl = document["languages"]["tl"]
    assert {key: value for key, value in tl.items() if not isinstance(value, list)} == {
        "released": "build/csrcards-tl.apkg", "found": True, "unchanged": 1}
    assert [(e["note"], sorted(e["edits"])) for e in tl["edited"]] == [
        ("median-pay", ["EnglishText"]), ("employed", ["EnglishBack"])]
    assert tl["newly_retired"] == [{"note": "calm", "guid": note_guid("sample", "calm", "tl"), "fields": {
        "Front": "Ano ang nagagawa ng kalmadong ahente para sa galit na tumatawag?",
        "Back": "Natutulungan siyang kumalma.\nManatiling kontrolado.",
        "Extra": "Karaniwan ang sigawan.",
        "EnglishFront": "What does a calm agent do for an angry caller?",
        "EnglishBack": "Helps them calm down.\nStay in control.",
        "EnglishExtra": "Shouting is common.",
        "Source": "Pinagkunan: Mga kalakasan",
        "Status": RETIRED_TEXT["tl"].format(tag="sample::retired"),
    }}]
    assert tl["new"] == tl["conflicting"] == tl["already_retired"] == tl["removed"] == []
