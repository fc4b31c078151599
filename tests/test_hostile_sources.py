"""Hostile or broken sources: exit 1 with a position, nothing run, old decks kept."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from .conftest import V1_TIME, import_apkg, note_id
from .test_bad_sources import NOTE, _problems


@pytest.fixture
def built(project):
    """The sample project, built once: the decks a bad edit must not damage."""
    project.build()
    project.before = {p.name: p.read_bytes() for p in (project.root / "build").glob("*.apkg")}
    return project


def _assert_rejected(project, expected: list[str]) -> None:
    assert _problems(project.run("build", now=V1_TIME + 60)) == expected
    assert {p.name: p.read_bytes() for p in (project.root / "build").glob("*.apkg")} == project.before


def test_alias_bomb_is_refused_before_it_expands(built):
    lines = ['lol: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"l{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
    built.write("bomb.yaml", "\n".join(lines) + "\n")
    result = built.run("check")
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "decks/bomb.yaml:1:6: YAML anchors and aliases are not allowed in card sources (write the text out in full)\n")


def test_deep_nesting_is_refused_without_a_crash(built):
    built.write("deep.yaml", "topic: " + "[" * 100_000 + "]" * 100_000 + "\n")
    _assert_rejected(built, ["decks/deep.yaml:1:39: nesting deeper than 32 levels"])


def test_huge_file_is_refused_by_size(built):
    path = built.decks / "huge.yaml"
    with open(path, "wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    _assert_rejected(built, ["decks/huge.yaml:1:1: file is 51200 KiB; the limit is 2048 KiB "
                             "(split it into several deck files)"])


def test_tab_indentation_gets_a_hint(built):
    built.write("tabs.yaml", NOTE.replace("  title:", "\ttitle:"))
    _assert_rejected(built, ["decks/tabs.yaml:3:1: YAML syntax error: a tab in the indentation "
                             "(indent with spaces, not tabs)"])


def test_byte_order_mark_is_refused(built):
    (built.decks / "bom.yaml").write_bytes(b"\xef\xbb\xbf" + NOTE.encode())
    _assert_rejected(built, ["decks/bom.yaml:1:1: file starts with a byte-order mark (save it as UTF-8 without BOM)"])


def test_mixed_line_endings_are_refused_but_crlf_alone_is_fine(built):
    (built.decks / "crlf.yaml").write_bytes(NOTE.replace("\n", "\r\n").encode())
    assert built.run("check").exit_code == 0
    (built.decks / "crlf.yaml").write_bytes(NOTE.replace("\n", "\r\n", 3).encode())
    _assert_rejected(built, ["decks/crlf.yaml:4:1: mixed line endings: this line ends in LF, others in CRLF "
                             "(save the file with one kind of line ending)"])


def test_link_out_of_the_project_is_refused(built, tmp_path):
    outside = tmp_path / "outside.yaml"
    outside.write_text(NOTE, "utf-8")
    os.symlink(outside, built.decks / "linked.yaml")
    _assert_rejected(built, ["decks/linked.yaml:1:1: link to a file outside the project "
                             "(copy the file into decks/ instead of linking to it)"])


def test_link_inside_the_project_is_followed(built):
    (built.root / "shared").mkdir()
    (built.root / "shared" / "duties.yaml").write_text(NOTE, "utf-8")
    os.symlink(built.root / "shared" / "duties.yaml", built.decks / "duties.yaml")
    assert built.run("check").exit_code == 0


@pytest.mark.parametrize("character, name", [
    ("\x07", "U+0007 (control character)"),
    ("\x1b", "U+001B (control character)"),
    ("\u202e", "U+202E (right-to-left override)"),
    ("\u2066", "U+2066 (left-to-right isolate)"),
])
def test_control_and_bidi_characters_are_refused(built, character, name):
    built.write("bad.yaml", NOTE.replace("en: Q,", f"en: Q{character}x,"))
    _assert_rejected(built, [f"decks/bad.yaml:6:18: invisible character {name} (delete it)"])


def test_python_tags_never_run(built, tmp_path):
    marker = tmp_path / "pwned"
    built.write("bad.yaml", NOTE + f"    tags: !!python/object/apply:os.system ['touch {marker}']\n")
    _problems(built.run("build", now=V1_TIME + 60))
    assert not marker.exists()


HOSTILE = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    '<a href="javascript:alert(1)">x</a>',
    '<iframe src="https://example.com"></iframe>',
    "{Front} {FrontSide} {#Status}x{/Status}",
    "[sound:evil.mp3] [anki:tts lang=en_US]hi[/anki:tts]",
]


@pytest.mark.parametrize("payload", HOSTILE)
def test_hostile_text_never_reaches_a_rendered_card_raw(project, anki, payload):
    escaped_payload = payload.replace('"', '\\"')
    project.edit("soft-skills.yaml", "en: To understand the customer's problem.", f'en: "{escaped_payload}"')
    project.edit("salary-facts.yaml", 'en: "US median pay (2017):',
                 f'en: "{escaped_payload} US median pay (2017):')
    project.build()
    import_apkg(anki, project.apkg("tl"))
    rendered = []
    for card_id in anki.find_cards(""):
        card = anki.get_card(card_id)
        rendered += [card.question(), card.answer()]
    page = "\n".join(rendered)
    for raw in ("<script", "<img", "<a ", "<iframe", "[sound:", "[anki:tts lang", "{Front}", "{FrontSide}"):
        assert raw not in page
    assert len(rendered) == 10
    answer = anki.get_note(note_id(anki, "listen", "tl")).cards()[0].answer()
    assert "&lt;" in answer or "&#91;" in answer or "&#123;" in answer


def test_template_syntax_in_a_text_is_refused(project):
    project.edit("soft-skills.yaml", "en: To understand the customer's problem.", 'en: "{{FrontSide}} {{#Status}}x{{/Status}}"')
    result = project.run("check")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[:3] == [
        "decks/soft-skills.yaml:14:12: '{{FrontSide}}' shows on the card as typed (remove the double braces)",
        "decks/soft-skills.yaml:14:26: '{{#Status}}' shows on the card as typed (remove the double braces)",
        "decks/soft-skills.yaml:14:38: '{{/Status}}' shows on the card as typed (remove the double braces)",
    ]


def test_cloze_syntax_still_works_next_to_neutralised_braces(project, anki):
    project.edit("salary-facts.yaml", "{{c2::$15.81}} an hour.", "{{c2::$15.81}} an hour {not a cloze}.")
    project.build()
    import_apkg(anki, project.apkg("en"))
    cards = anki.get_note(note_id(anki, "median-pay", "en")).cards()
    assert len(cards) == 2
    assert "[...]" in cards[0].question() and "&#123;not a cloze&#125;" in cards[0].question()
    assert "$32,890" in cards[0].answer()


def test_latin_look_alike_in_bulgarian_is_a_warning_at_the_word(project):
    project.edit("soft-skills.yaml", "bg: Защо да слушаме активно?", "bg: Защо да слушаме aктивно?")  # Latin a
    result = project.run("check")
    assert result.exit_code == 0
    assert result.stderr == ("warning: decks/soft-skills.yaml:12:27: 'aктивно' mixes Latin and Cyrillic letters "
                             "(retype the word with a Bulgarian keyboard layout)\n")


def test_figure_mismatch_is_a_warning_at_the_translation(project):
    project.edit("salary-facts.yaml", "bg: Около 2 785 000.", "bg: Около 2 758 000.")
    result = project.run("build")
    assert result.exit_code == 0
    assert result.stderr == ("warning: decks/salary-facts.yaml:25:11: figures in 'bg' (2758000) differ from 'en' "
                             "(2785000) (write the same amounts, years and percentages)\n")


def test_invisible_spaces_are_warnings_at_their_position(project):
    project.edit("salary-facts.yaml", "en: About 2,785,000.", "en: Ab\u200bout\u00a02,785,000.")
    assert project.run("check").stderr.splitlines() == [
        "warning: decks/salary-facts.yaml:23:13: zero-width character U+200B in 'en' (delete it or use a plain space)",
        "warning: decks/salary-facts.yaml:23:17: stray no-break space U+00A0 in 'en' (delete it or use a plain space)",
    ]


def test_bulgarian_thousands_no_break_space_is_not_stray(project):
    project.edit("salary-facts.yaml", "bg: Около 2 785 000.", "bg: Около 2\u00a0785\u00a0000.")
    assert project.run("check").stderr == ""


def test_joiner_inside_an_emoji_is_not_flagged_but_between_letters_it_is(project):
    project.edit("salary-facts.yaml", "en: About 2,785,000.", "en: About 2,785,000 \U0001F469\u200d\U0001F4BC ab\u200dout.")
    assert project.run("check").stderr.splitlines() == [
        "warning: decks/salary-facts.yaml:23:33: zero-width character U+200D in 'en' (delete it or use a plain space)",
    ]


def test_no_break_space_between_a_number_and_its_word_is_typography_not_a_warning(project):
    project.edit("salary-facts.yaml", "en: About 2,785,000.", "en: About 2,785,000 in 2016.")
    project.edit("salary-facts.yaml", "tl: Mga 2,785,000.", "tl: Mga 2,785,000\u00a0tao noong 2016\u00a0sa\u00a0US.")
    project.edit("salary-facts.yaml", "bg: Около 2 785 000.", "bg: Около 2\u00a0785\u00a0000\u00a0души през 2016\u00a0г.")
    assert project.run("check").stderr.splitlines() == [
        "warning: decks/salary-facts.yaml:24:42: stray no-break space U+00A0 in 'tl' (delete it or use a plain space)",
    ]


def test_text_not_in_nfc_is_a_warning_and_the_deck_gets_nfc(project, tmp_path):
    from csrcards.ids import note_guid

    from .conftest import read_collection

    decomposed = "Cafe\u0301"
    project.edit("soft-skills.yaml", "en: Why listen actively?", f"en: Why listen actively at the {decomposed}?")
    result = project.build()
    assert result.stderr == ("warning: decks/soft-skills.yaml:10:11: text is not in Unicode NFC; the deck gets its "
                             "NFC form (retype the accented letters)\n")
    flds = read_collection(project.apkg("en"), tmp_path).execute(
        "SELECT flds FROM notes WHERE guid = ?", (note_guid("sample", "listen", "en"),)).fetchone()[0]
    assert "Caf\u00e9" in flds


def test_unwritable_output_folder_is_a_clear_problem(project, monkeypatch):
    project.build()
    lock = (project.decks / "csrcards.lock").read_bytes()
    project.edit("salary-facts.yaml", "About 2,785,000.", "Roughly 2,785,000.")

    def refuse(source, target):
        raise PermissionError(13, "Permission denied", str(target))

    monkeypatch.setattr(os, "replace", refuse)
    result = project.run("build", now=V1_TIME + 60)
    assert result.exit_code == 1
    assert result.stderr.startswith("build/csrcards-en.apkg:1:1: cannot write: Permission denied "
                                    "(check that the folder exists and is writable)\n")
    monkeypatch.undo()
    assert (project.decks / "csrcards.lock").read_bytes() == lock
    assert not list((project.root / "build").glob(".*.tmp"))


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root writes to read-only folders anyway")
def test_read_only_output_folder_is_a_clear_problem(project):
    out = project.root / "build"
    out.mkdir()
    out.chmod(0o555)
    try:
        result = project.run("build")
    finally:
        out.chmod(0o755)
    assert result.exit_code == 1
    assert "cannot write: Permission denied" in result.stderr


def test_missing_output_folder_is_created(project):
    result = project.build("--out", "deep/new/folder")
    assert Path(project.root, "deep/new/folder/csrcards-en.apkg").exists()
    assert result.stdout.startswith("deep/new/folder/csrcards-en.apkg:")


def test_without_libyaml_a_broken_file_is_still_a_problem_with_its_position(monkeypatch):
    import yaml

    from csrcards import sources

    monkeypatch.setattr(sources, "_Loader", yaml.SafeLoader)  # PyYAML built without libyaml
    document, problems = sources.parse("topic:\n\ttitle: x\n", "decks/tabs.yaml")
    assert document is None
    assert [str(p) for p in problems] == [
        "decks/tabs.yaml:2:1: YAML syntax error: a tab in the indentation (indent with spaces, not tabs)"]
    deep, problems = sources.parse("topic: " + "[" * 100 + "]" * 100 + "\n", "decks/deep.yaml")
    assert [str(p) for p in problems] == ["decks/deep.yaml:1:39: nesting deeper than 32 levels"]
