"""What a rebuild must reproduce exactly: the lock's hashes, its file, the field HTML.

A note or note type whose hash changes without a source edit gets a newer
`mod` at the next build, and Anki then overwrites every learner's copy: their
own edits to cards are lost, and note types are re-stamped. The field HTML is
hashed too, so a change in how a text is rendered does the same to every note
it touches. Each value here is written out in full; change one only together
with a release that is meant to update every learner's notes.
"""

from __future__ import annotations

import pytest

from csrcards import LANGUAGES, notetypes, pipeline
from csrcards.errors import CardsError
from csrcards.lock import Entry, Lock, content_hash, note_hash
from csrcards.markup import field_html

from .conftest import REPO

RESTAMPED = "every note type is re-stamped: each learner's note types are replaced on the next import"
EVERY_NOTE_EDITED = ("every note counts as edited: the next import overwrites each learner's own edits to "
                     "every card")
HTML_CHANGED = ("the field HTML changed: every note with such a text counts as edited, and the next import "
                "overwrites each learner's own edits to it")


def test_content_hash_of_fixed_inputs_is_frozen():
    # Non-ASCII text, a mapping out of key order, None and a number: JSON with
    # the characters as they are, sorted keys and no spaces.
    assert content_hash("Основи · Въпрос", {"b": 1, "a": [1, "ñ"]}, None, 3) == "57148159e979aa025063", RESTAMPED
    assert content_hash("Customer Service Essentials", ["Front"]) == "2ba449b5e16d431682fc", RESTAMPED


def test_note_hash_of_fixed_inputs_is_frozen():
    fields = ["Защо „слушане“?", "<b>Да</b>", ""]
    assert note_hash(2150089491560, fields, ["cse::soft-skills", "cse::pay"]) == "cee95f07b55835cdb2f5", (
        EVERY_NOTE_EDITED)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_shipped_note_types_hash_to_their_entries_in_the_committed_lock(language):
    course = pipeline.load(REPO)
    lock = Lock.load(REPO / "decks" / "csrcards.lock", 0, "decks/csrcards.lock")
    for kind in notetypes.KINDS:
        spec = notetypes.spec(kind, language, course.id, course.title[language])
        assert content_hash(spec.name, spec.fields, spec.templates, spec.css) == \
            lock.entries[f"notetype/{kind}/{language}"].hash, RESTAMPED


# Every kind of entry, with a non-ASCII key (note ids are ASCII slugs, but the
# lock is a UTF-8 file and writes any key as it is).
LOCK_TEXT = """{
  "format": 1,
  "created": 1795975964,
  "entries": {
    "cloze/dd-hard-call-center/bg/1": {"hash": "a93dbff22d533b7154b0", "mod": 1795976779},
    "note/dd-hard-call-center/bg": {"hash": "9215d1e77d116c7ba89f", "mod": 1795976780},
    "note/ss-listen/tl": {"hash": "010d895dcda86b3800eb", "mod": 1795975964},
    "notetype/qa/bg": {"hash": "946321a36134c4df955e", "mod": 1795975964},
    "text/ss-listen/en": {"hash": "0516d7c11fdb00ac9ccd", "mod": 1795976001},
    "text/ss-слушане/bg": {"hash": "af879973418ecdae8a24", "mod": 1795976002}
  }
}
"""


def test_a_lock_file_loads_and_is_written_back_byte_for_byte(tmp_path):
    path = tmp_path / "csrcards.lock"
    path.write_bytes(LOCK_TEXT.encode("utf-8"))
    lock = Lock.load(path, 1_800_000_000, "decks/csrcards.lock")
    assert (lock.created, lock.now) == (1795975964, 1_800_000_000)
    assert lock.entries["note/dd-hard-call-center/bg"] == Entry("9215d1e77d116c7ba89f", 1795976780)
    assert lock.entries["text/ss-слушане/bg"] == Entry("af879973418ecdae8a24", 1795976002)
    assert len(lock.entries) == 6
    assert lock.dumps().encode("utf-8") == path.read_bytes(), (
        "an unchanged lock is written back differently: every build shows a change to commit")


def test_the_lock_is_written_sorted_whatever_order_its_entries_were_made_in():
    lock = Lock(created=1795975964, entries={"text/b/en": Entry("2", 2), "note/b/tl": Entry("1", 1),
                                             "cloze/b/en/1": Entry("3", 3)})
    assert lock.dumps() == ('{\n  "format": 1,\n  "created": 1795975964,\n  "entries": {\n'
                            '    "cloze/b/en/1": {"hash": "3", "mod": 3},\n'
                            '    "note/b/tl": {"hash": "1", "mod": 1},\n'
                            '    "text/b/en": {"hash": "2", "mod": 2}\n  }\n}\n'), (
        "the lock is not written in sorted order: two trainers' locks would differ and conflict line by line")


def test_a_lock_of_an_unknown_format_is_refused_with_its_format():
    with pytest.raises(CardsError) as error:
        Lock.parse('{"format": 2, "created": 1, "entries": {}}', 1_800_000_000, "decks/csrcards.lock")
    assert [str(problem) for problem in error.value.problems] == [
        "decks/csrcards.lock:1:1: the lock file is damaged: unknown lock format 2 "
        "(restore it from version control (git checkout -- decks/csrcards.lock))"]


@pytest.mark.parametrize("text", ['[1, 2]', '"text"', '{"hash": "h", "mod": 1}'])
def test_a_lock_that_is_not_an_object_with_a_format_is_refused_as_an_unknown_format(text):
    with pytest.raises(CardsError) as error:
        Lock.parse(text, 1_800_000_000, "decks/csrcards.lock")
    assert [problem.message for problem in error.value.problems] == [
        "the lock file is damaged: unknown lock format None"]


def test_entries_with_more_than_a_hash_and_a_time_still_load_as_before():
    lock = Lock.parse('{"format": 1, "created": 1, "entries": {"note/a/en": {"hash": "h", "mod": 5, "x": 1}, '
                      '"note/b/en": {"hash": "g", "mod": 5}}}', 1_800_000_000, "decks/csrcards.lock")
    assert {key: (entry.hash, entry.mod) for key, entry in lock.entries.items()} == {
        "note/a/en": ("h", 5), "note/b/en": ("g", 5)}


def test_without_a_lock_file_every_note_starts_at_the_build_time(tmp_path):
    lock = Lock.load(tmp_path / "csrcards.lock", 1_800_000_000, "decks/csrcards.lock")
    assert (lock.created, lock.now, lock.entries) == (1_800_000_000, 1_800_000_000, {})


def test_a_lock_that_is_not_utf8_is_a_problem_at_its_first_line(tmp_path):
    path = tmp_path / "csrcards.lock"
    path.write_bytes(b'{"format": 1, "created": 1, "entries": {"note/\xff/en": {}}}')
    with pytest.raises(CardsError) as error:
        Lock.load(path, 1_800_000_000, "decks/csrcards.lock")
    [problem] = error.value.problems
    assert problem[:3] == ("decks/csrcards.lock", 1, 1)
    assert problem.message.startswith("the lock file is damaged: ")
    assert problem.hint == "restore it from version control (git checkout -- decks/csrcards.lock)"


def test_the_mod_of_unchanged_content_is_kept_and_of_changed_content_moves_forward():
    lock = Lock(created=100, entries={"note/a/en": Entry("old", 500), "note/b/en": Entry("same", 50)}, now=300)
    assert lock.mod("note/b/en", "same") == 50, EVERY_NOTE_EDITED
    assert lock.mod("note/a/en", "new") == 501, "an edit older than the learner's copy: Anki would not take it"
    assert lock.mod("note/c/en", "first") == 300
    assert lock.entries == {"note/a/en": Entry("new", 501), "note/b/en": Entry("same", 50),
                            "note/c/en": Entry("first", 300)}
    assert lock.note_states("en") == {"b": "unchanged", "a": "edited", "c": "new"}


# What a trainer writes, and the HTML that goes into the field.
FIELD_HTML = [
    # escaping: Anki puts field content into the card as HTML
    ("Tom & Jerry <b>x</b> \"q\" 'a' > 1", "Tom &amp; Jerry &lt;b&gt;x&lt;/b&gt; \"q\" 'a' &gt; 1"),
    ("[sound:x.mp3] {a} [anki:tts]", "&#91;sound:x.mp3&#93; &#123;a&#125; &#91;anki:tts&#93;"),
    # bold and italic, and asterisks that are neither
    ("**very** *quite* 2*3*4 **a*b** * x * snake_*case*",
     "<b>very</b> <i>quite</i> 2*3*4 <b>a*b</b> * x * snake_*case*"),
    ("*italic* at the start", "<i>italic</i> at the start"),
    # line breaks, Windows line ends, and blank lines around the text
    ("\nline one\r\nline two\n\n", "line one<br>line two"),
    ("  two spaces\nand one ", "  two spaces<br>and one "),
    ("X-ray\nscan X", "X-ray<br>scan X"),
    # lines that start with "- " are a list
    ("Do:\n- listen\n- note it\nThen act", 'Do:<br><ul class="list"><li>listen</li><li>note it</li></ul>Then act'),
    ("- one\n- two", '<ul class="list"><li>one</li><li>two</li></ul>'),
    ("-not a list\n-  spaced", '-not a list<br><ul class="list"><li>spaced</li></ul>'),
    ("- a\nb\n- c", '<ul class="list"><li>a</li></ul>b<br><ul class="list"><li>c</li></ul>'),
    # a deletion outside a cloze field stays text: Anki must not read it as one
    ("Say {{c1::x}}", "Say &#123;&#123;c1::x&#125;&#125;"),
    # a figure stays on one line with its groups and its unit
    ("32 890 долара, 2017 г., 50 %, 1 2, 12 345 678, 3 евро, 8 часа, 4 души, 5 лв., 6 долар, 2 годи",
     "32&nbsp;890&nbsp;долара, 2017&nbsp;г., 50&nbsp;%, 1 2, 12&nbsp;345&nbsp;678, 3&nbsp;евро, 8&nbsp;часа, "
     "4&nbsp;души, 5&nbsp;лв., 6&nbsp;долар, 2 годи"),
    ("1\u00a0000", "1&nbsp;000"),
    ("2016–2026, 2016-2026, 12016–2026, 2016–20267",
     '<span class="nowrap">2016–2026</span>, <span class="nowrap">2016-2026</span>, 12016–2026, 2016–20267'),
]


@pytest.mark.parametrize("text, html", FIELD_HTML)
def test_field_html_of_fixed_texts_is_frozen(text, html):
    assert field_html(text) == html, HTML_CHANGED


@pytest.mark.parametrize("text, html", [
    ("The {{c1::median::pay}} is **$32,890** [x]", "The {{c1::median::pay}} is <b>$32,890</b> &#91;x&#93;"),
    ("{{c2::a & b}} and {{c1::<i>::*hint*}}", "{{c2::a &amp; b}} and {{c1::&lt;i&gt;::<i>hint</i>}}"),
])
def test_cloze_field_html_keeps_the_deletions_and_escapes_their_text(text, html):
    assert field_html(text, as_cloze=True) == html, HTML_CHANGED
