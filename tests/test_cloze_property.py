"""Property: every text csrcards accepts shows in the real Anki engine exactly as csrcards claims.

Texts are drawn from an alphabet of braces, colons, digits, `c` and `C`,
emoji and a few letters, mixed with deletions well and badly formed: wrong
case, several numbers, c0, a leading zero, single braces, nesting. A text
csrcards refuses must be refused with FILE:LINE:COL. For a text it accepts,
the package is imported into Anki, and:

- the cards Anki has are the ones csrcards counted, and Anki's own card
  generation adds none;
- every front and back reads as csrcards' preview claims, which also rules
  out a template error (no card text at all);
- no front shows the answer it asks for, and no side shows `{{`, `}}` or `::`.

The same claims are checked on every supported Anki version by .ci/engines
(tests/engines), for every accepted form. CI runs a bounded number of
examples; CSRCARDS_FUZZ_EXAMPLES sets another.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from csrcards import cloze, pipeline, preview
from csrcards.errors import CardsError
from csrcards.markup import field_html

from .conftest import FIXTURE_DECKS, V1_TIME, import_apkg
from .engines.scenario import shown_text, visible

EXAMPLES = int(os.environ.get("CSRCARDS_FUZZ_EXAMPLES", "150"))
PROPERTY = settings(max_examples=EXAMPLES, deadline=None, derandomize=not os.environ.get("CSRCARDS_FUZZ_EXAMPLES"),
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

_SAFE = ["a", "b", "c", "C", "x", "д", " ", "0", "1", "2", "9", ",", ".", "*", "<", "&",
         "\U0001F469\u200d\U0001F4BC", "\U0001F4DE"]
_RISKY = [":", "{", "}"]  # one alone is fine; two in a row are Anki's
_plain = st.lists(st.sampled_from(_SAFE * 4 + _RISKY), max_size=6).map("".join)
_answer = st.lists(st.sampled_from(_SAFE), min_size=1, max_size=4).map("".join)
_opener = st.sampled_from(["{{c%d::"] * 30 + ["{{C%d::", "{{c%d,2::", "{{c0%d::", "{c%d::", "{{c%d:", "{{ c%d::"])
_deletion = st.builds(lambda opener, number, answer, hint, close: opener % number + answer
                      + ("" if hint is None else "::" + hint) + close,
                      _opener, st.sampled_from([1, 1, 2, 3, 12]), _answer | _answer | _plain, st.none() | st.none() | _answer | _plain,
                      st.sampled_from(["}}"] * 20 + ["}", "}}}"]))
_nested = st.builds(lambda outer, inner: outer.replace("::", "::" + inner + " ", 1), _deletion, _deletion)
_segment = st.sampled_from(["plain"] * 3 + ["deletion"] * 4 + ["nested"]).flatmap(
    {"plain": _plain, "deletion": _deletion, "nested": _nested}.get)
_cloze_text = st.lists(_segment, min_size=1, max_size=4).map("".join)
_qa_text = st.lists(st.sampled_from(["plain"] * 8 + ["deletion"]).flatmap({"plain": _plain, "deletion": _deletion}.get),
                   min_size=1, max_size=4).map("".join)


def _cloze_note(text: str) -> dict:
    return {"id": "drawn", "cloze": dict.fromkeys(("en", "tl", "bg"), text), "source": {"article": "a", "section": "s"}}


def _qa_note(front: str, back: str) -> dict:
    return {"id": "drawn", "front": dict.fromkeys(("en", "tl", "bg"), front),
            "back": dict.fromkeys(("en", "tl", "bg"), back), "source": {"article": "a", "section": "s"}}


_notes = st.sampled_from(["cloze"] * 3 + ["question"]).flatmap(
    {"cloze": st.builds(_cloze_note, _cloze_text), "question": st.builds(_qa_note, _qa_text, _qa_text)}.get)


@PROPERTY
@given(_notes)
@example(_cloze_note("In 2017 {{c1::the {{c2::median}} pay}} was $32,890."))
@example(_cloze_note("Thank you for calling {{c1::{company name}}}."))
@example(_cloze_note("{{C1::$15.81}} next to {{c1::$32,890}}"))
@example(_cloze_note("{{c1,2::x}} and {{c0::y}} and {{c1::}}"))
@example(_cloze_note("{{c1::👩‍💼::who}} {x} {{c3::10:30}} {{c1::**b**}}"))
@example(_qa_note("Is {company} at 10:30?", "Yes *now* 👩‍💼"))
def test_every_accepted_text_shows_in_anki_as_csrcards_claims(note):
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "decks").mkdir()
        shutil.copy(FIXTURE_DECKS / "course.yaml", root / "decks")
        topic = {"topic": {"id": "duties", "title": {"en": "Duties", "tl": "Tungkulin", "bg": "Задължения"}},
                 "notes": [note]}
        (root / "decks" / "drawn.yaml").write_text(yaml.safe_dump(topic, allow_unicode=True), "utf-8")
        try:
            course = pipeline.load(root)
        except CardsError as error:
            assert all(re.match(r"decks/drawn\.yaml:\d+:\d+: \S", str(problem)) for problem in error.problems)
            event("refused")
            return
        event(f"accepted, {note.get('cloze') and 'cloze' or 'question'}")
        report = pipeline.build(root, root / "build", ("en",), (), V1_TIME)
        [checked] = course.notes
        assert report.decks[0].cards == checked.card_count
        _assert_anki_shows_the_claimed_cards(root, checked)


def _assert_anki_shows_the_claimed_cards(root: Path, note) -> None:
    from anki.collection import Collection

    collection = Collection(str(root / "learner.anki2"))
    try:
        import_apkg(collection, root / "build" / "csrcards-en.apkg")
        [note_id] = collection.find_notes("")
        collection.after_note_updates([note_id], mark_modified=False, generate_cards=True)
        cards = {card.ord + 1: card for card in collection.get_note(note_id).cards()}
        assert sorted(cards) == list(note.card_numbers("en"))
        for claim in preview.cards(note, "en"):
            card = cards[claim.number]
            front = shown_text(card.question(), "question")
            assert front == shown_text(claim.front, "question")
            assert shown_text(card.answer(), "answer") == shown_text(claim.back, "answer")
            for answer in _hidden(note, claim.number):
                assert answer not in front, (answer, front)
            for side in (card.question(), card.answer()):
                assert not any(mark in visible(side) for mark in ("{{", "}}", "::")), visible(side)
    finally:
        collection.close()


def _hidden(note, number: int) -> list[str]:
    """The answers card `number` asks for, as the learner would read them, unless the rest of the text shows them."""
    if note.kind == "qa":
        answers, rest = [note.back.en], note.front.en
    else:
        parts = cloze.read(note.front.en).parts
        answers = [p.answer for p in parts if isinstance(p, cloze.Deletion) and p.number == number]
        rest = "".join(p if isinstance(p, str) else ("" if p.number == number else p.answer) + (p.hint or "")
                       for p in parts)
    shown_rest = visible(field_html(rest))
    return [answer for answer in map(visible, map(field_html, answers)) if answer and answer not in shown_rest]
