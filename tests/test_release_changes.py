"""Changes learners cannot see coming: renumbered cloze deletions and new card designs.

Both `csrcards build` and `csrcards diff` tell the trainer, and the real Anki
engine shows why they must: a removed deletion leaves its card behind.
"""

from __future__ import annotations

import json

from csrcards import notetypes

from .conftest import V1_TIME, import_apkg, note_id

LATER = V1_TIME + 3600
THREE = """      en: "Pay: {{c1::$32,890}} a year, {{c2::$15.81}} an hour, {{c3::2,785,000}} employed."
      tl: "Sahod: {{c1::$32,890}} kada taon, {{c2::$15.81}} kada oras, {{c3::2,785,000}} may trabaho."
      bg: "Заплащане: {{c1::32 890 долара}} годишно, {{c2::15,81 долара}} на час, {{c3::2 785 000}} заети."
"""
# c2 dropped and c3 renumbered to c2
TWO = """      en: "Pay: {{c1::$32,890}} a year, {{c2::2,785,000}} employed."
      tl: "Sahod: {{c1::$32,890}} kada taon, {{c2::2,785,000}} may trabaho."
      bg: "Заплащане: {{c1::32 890 долара}} годишно, {{c2::2 785 000}} заети."
"""
RENUMBERED = ("warning: decks/salary-facts.yaml:8:5: cloze note 'median-pay' (en, tl, bg): "
              "c3 is gone (learners keep its card, which now shows \"No cloze 3 found\"); "
              "c2 now holds what c3 held (learners' history of card 2 now belongs to other text) "
              "(keep the numbers of a released note; to change them, retire the note and give the new text a new id)")


def _release_with_three_deletions(project):
    text = (project.decks / "salary-facts.yaml").read_text("utf-8")
    start = text.index("      en: \"US median pay")
    end = text.index("    source:", start)
    project.write("salary-facts.yaml", text[:start] + THREE + text[end:])
    project.build()


def _renumber(project):
    project.edit("salary-facts.yaml", THREE, TWO)


def test_renumbered_cloze_is_a_warning_of_check_and_build(project):
    _release_with_three_deletions(project)
    _renumber(project)
    assert project.run("check", now=LATER).stderr == RENUMBERED + "\n"
    build = project.build(now=LATER)
    assert build.stderr == RENUMBERED + "\n"
    assert "build/csrcards-en.apkg: 4 notes, 5 cards (0 new, 1 edited, 3 unchanged, 0 retired)" in build.stdout
    assert project.run("check", now=LATER).stderr == ""  # the build recorded the new numbers


def test_renumbered_cloze_is_listed_by_diff_until_the_release_is_replaced(project):
    _release_with_three_deletions(project)
    _renumber(project)
    text = project.run("diff", "--lang", "en", now=LATER).stdout
    assert ("  cloze numbers changed (keep the numbers of a released note; to change them, retire the note and "
            "give the new text a new id):\n"
            "    median-pay: c3 is gone (learners keep its card, which now shows \"No cloze 3 found\"); c2 now "
            "holds what c3 held (learners' history of card 2 now belongs to other text)\n") in text
    languages = json.loads(project.run("diff", "--format", "json", now=LATER).stdout)["languages"]
    assert [entry["note"] for entry in languages["bg"]["renumbered"]] == ["median-pay"]


def test_an_edited_answer_under_the_same_number_is_an_ordinary_edit(project):
    _release_with_three_deletions(project)
    project.edit("salary-facts.yaml", "{{c2::$15.81}} an hour", "{{c2::$15.81 (2017)}} an hour")
    project.edit("salary-facts.yaml", "{{c2::$15.81}} kada oras", "{{c2::$15.81 (2017)}} kada oras")
    project.edit("salary-facts.yaml", "{{c2::15,81 долара}} на час", "{{c2::15,81 долара (2017 г.)}} на час")
    languages = json.loads(project.run("diff", "--format", "json", now=LATER).stdout)["languages"]
    assert [(len(part["edited"]), part["renumbered"]) for part in languages.values()] == [(1, [])] * 3
    assert project.build(now=LATER).stderr == ""


def test_a_removed_deletion_leaves_its_card_with_learners(project, anki):
    _release_with_three_deletions(project)
    import_apkg(anki, project.apkg("en"))
    _renumber(project)
    project.build(now=LATER)
    import_apkg(anki, project.apkg("en"))
    cards = anki.get_note(note_id(anki, "median-pay", "en")).cards()
    assert sorted(card.ord + 1 for card in cards) == [1, 2, 3]  # the warning's reason: card 3 stays


def test_a_retired_note_may_change_its_numbers(project):
    _release_with_three_deletions(project)
    _renumber(project)
    project.edit("salary-facts.yaml", "  - id: median-pay\n", "  - id: median-pay\n    retired: true\n")
    assert project.build(now=LATER).stderr == ""


def test_new_css_is_reported_as_note_types_updated_by_build_and_diff(project, monkeypatch):
    project.build()
    original = notetypes.css
    monkeypatch.setattr(notetypes, "css", lambda: original() + ".prompt { color: teal; }")
    build = project.build("--force", "--out", "next", now=LATER)
    assert build.stdout.splitlines()[0] == (
        "next/csrcards-en.apkg: 4 notes, 5 cards (0 new, 0 edited, 4 unchanged, 0 retired; 2 note types updated)")
    diff = project.run("diff", "--lang", "tl", now=LATER).stdout
    assert diff == ("Tagalog: build/csrcards-tl.apkg -> sources\n"
                    "  0 new, 0 edited, 0 conflicting, 0 newly retired, 0 already retired, 0 removed, 4 unchanged\n"
                    "  note types updated (every learner's cards change look on import):\n"
                    "    Halimbawang Kurso · Cloze: CSS\n"
                    "    Halimbawang Kurso · Tanong: CSS\n")
    markdown = project.run("diff", "--format", "markdown", "--lang", "tl", now=LATER).stdout
    assert "### Card design\n\nThe look of the cards changes with this update.\n" in markdown
    assert "No changes." not in markdown
