"""A problem inside one note is placed exactly where a reading of the whole file places it.

Parsing keeps only the line marks every build uses. A warning about a text
inside a note asks for more, and that note's own lines are then read again
(`Document._complete_note`), not the whole file: in a 1,500-note file that is
the difference between one note and all of them. These tests hold the two to
the same line, column and offset for every value and key, and show that a
note that cannot be read on its own falls back to the whole file.
"""

from __future__ import annotations

import os

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from csrcards import sources

from .conftest import REPO

EXAMPLES = int(os.environ.get("CSRCARDS_FUZZ_EXAMPLES", "100"))
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, derandomize=not os.environ.get("CSRCARDS_FUZZ_EXAMPLES"),
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
SHIPPED = sorted((REPO / "decks").glob("*.yaml"))


def _whole(text: str) -> sources.Document:
    document, problems = sources.parse(text, "decks/x.yaml")
    assert document is not None, problems
    document._complete()
    assert document.complete
    return document


def _spots_inside_notes(whole: sources.Document) -> list[tuple]:
    return [where for where in whole.values if len(where) >= 2 and where[0] == "notes"]


def _assert_placed_alike(text: str, spots: list[tuple] | None = None) -> sources.Document:
    whole = _whole(text)
    for where in spots if spots is not None else _spots_inside_notes(whole):
        fresh, _ = sources.parse(text, "decks/x.yaml")
        problem = fresh.at(where, "m")
        assert (problem.line, problem.column) == whole.values[where], where
        assert fresh.offset(where) == whole.offsets[where], where
        if isinstance(where[-1], str):
            key = fresh.at(where, "m", key=True)
            assert (key.line, key.column) == whole.keys[where], where
        value = _value(whole.data, where)
        if isinstance(value, str) and value:
            fresh, _ = sources.parse(text, "decks/x.yaml")
            for index in {0, len(value) // 2, len(value) - 1}:
                inside, expected = fresh.inside(where, value, index, "m"), whole.inside(where, value, index, "m")
                assert (inside.line, inside.column) == (expected.line, expected.column), (where, index)
    return whole


def _value(data, where: tuple):
    for step in where:
        data = data[step]
    return data


def test_every_value_and_key_in_a_shipped_note_is_placed_as_the_whole_file_places_it():
    for path in SHIPPED:
        text = path.read_text("utf-8")
        whole = _whole(text)
        if not isinstance(whole.data, dict) or not isinstance(whole.data.get("notes"), list):
            continue
        spots = _spots_inside_notes(whole)
        assert spots, path
        fresh, _ = sources.parse(text, path.name)
        for where in spots:
            problem = fresh.at(where, "m")
            assert (problem.line, problem.column) == whole.values[where], (path.name, where)
            assert fresh.offset(where) == whole.offsets[where], (path.name, where)
        assert not fresh.complete, f"{path.name}: a note's marks made csrcards read the whole file again"


def test_a_problem_in_one_note_reads_only_that_note_again():
    notes = [{"id": f"n{index}", "front": {"en": f"Question {index}", "tl": "Tanong", "bg": "Въпрос"}}
             for index in range(50)]
    text = yaml.safe_dump({"topic": {"id": "duties"}, "notes": notes}, allow_unicode=True, sort_keys=False)
    document, _ = sources.parse(text, "decks/x.yaml")
    problem = document.at(("notes", 30, "front", "bg"), "m")
    assert document.complete_notes == {30}
    assert not document.complete
    assert text.splitlines()[problem.line - 1][problem.column - 1:].startswith("Въпрос")


def test_a_text_not_found_as_written_is_placed_in_its_own_note_not_a_later_one():
    """A text whose characters are escaped in the file is searched for only up to the next note."""
    text = ('topic: {id: duties}\nnotes:\n- id: a\n  front: {en: x, tl: x, bg: "Зд\\u0440аvей"}\n'
            "- id: b\n  front: {en: y, tl: y, bg: Здраvей}\n")
    where = ("notes", 0, "front", "bg")
    whole = _whole(text)
    fresh, _ = sources.parse(text, "decks/x.yaml")
    value = fresh.data["notes"][0]["front"]["bg"]
    expected = whole.inside(where, value, 0, "m")
    assert (expected.line, expected.column) == (4, 29)
    placed = fresh.inside(where, value, 0, "m")
    assert (placed.line, placed.column) == (expected.line, expected.column)
    assert fresh.complete_notes == {0}


def test_notes_that_cannot_be_read_on_their_own_are_placed_from_the_whole_file():
    cases = [
        "notes: [{id: a, front: {en: x}}, {id: b, front: {en: y}}]\n",  # flow style: two notes on a line
        "notes:\n- id: a\n  front: {en: x}\n-\n  id: b\n  front: {en: y}\n",  # a note begun on the line of its dash
        "notes:\n- id: a\n  front: {en: x}\n- id: b\n  front: {en: y}\ntopic: {id: duties}\n",  # keys after the last
        "notes:\n- id: a\n  front: {en: \"x\u2028y\"}\n- id: b\n  front: {en: y}\n",  # a line separator in the text
    ]
    for text in cases:
        whole = _assert_placed_alike(text)
        fresh, _ = sources.parse(text, "decks/x.yaml")
        fresh.at(("notes", 1, "front", "en"), "m")
        assert fresh.complete, text


_TEXT = st.one_of(st.sampled_from(["x", "two words", "a: b", "- x", "#", "'", '"', "\n", "пример", "e\u0301",
                                   "{{c1::x}}", "yes", "1", "", "  lead"]), st.text(max_size=10))
_NOTE = st.fixed_dictionaries({"id": st.from_regex(r"[a-z]{1,6}", fullmatch=True),
                               "front": st.fixed_dictionaries({"en": _TEXT, "tl": _TEXT, "bg": _TEXT})},
                              optional={"back": st.fixed_dictionaries({"en": _TEXT, "tl": _TEXT, "bg": _TEXT}),
                                        "tags": st.lists(_TEXT, max_size=3)})


@SETTINGS
@given(notes=st.lists(_NOTE, min_size=1, max_size=5), flow=st.sampled_from([False, True, None]),
       width=st.sampled_from([20, 80, 1000]), style=st.sampled_from([None, "'", '"', "|"]),
       after=st.booleans(), indent=st.sampled_from([2, 4]))
def test_any_note_is_placed_as_the_whole_file_places_it(notes, flow, width, style, after, indent):
    data = {"topic": {"id": "duties"}, "notes": notes} if not after else {"notes": notes, "topic": {"id": "duties"}}
    text = yaml.safe_dump(data, allow_unicode=True, default_flow_style=flow, width=width, default_style=style,
                          sort_keys=False, indent=indent)
    if sources._read_plain(text, "decks/x.yaml") is None:
        return
    _assert_placed_alike(text)
