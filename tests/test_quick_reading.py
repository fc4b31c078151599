"""The quick reading of plain source files gives what the full reading gives.

`sources._read_plain` reads the files trainers write in one fast pass and
leaves everything unusual to the full reader, `sources._Builder`, which
reports problems. These tests hold the two to the same data, the same line
marks and the same NFC findings, for any text either of them accepts.
"""

from __future__ import annotations

import os

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from csrcards import sources

from .conftest import REPO

EXAMPLES = int(os.environ.get("CSRCARDS_FUZZ_EXAMPLES", "200"))
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, derandomize=not os.environ.get("CSRCARDS_FUZZ_EXAMPLES"),
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
SHIPPED = sorted((REPO / "decks").glob("*.yaml"))


def _full(text: str) -> sources.Document | None:
    document, problems = sources._parse_with(sources._Loader, text, "decks/x.yaml")
    return document


def _assert_same_reading(text: str) -> None:
    quick = sources._read_plain(text, "decks/x.yaml")
    if quick is None:
        return
    full = _full(text)
    assert full is not None, "the quick reading accepted a text the full reading refuses"
    assert quick.data == full.data
    assert list(quick.values.items()) == list(full.values.items())
    assert list(quick.keys.items()) == list(full.keys.items())
    assert quick.not_nfc == full.not_nfc
    assert type(quick.data) is type(full.data)


# Words that YAML reads as something other than text, and text that is not NFC.
_WORDS = st.sampled_from(["yes", "No", "on", "off", "null", "~", "", "1", "0x1F", "1_000", "1:30", "3.5", ".inf",
                          "2018-04-13", "2001-12-14t21:59:43.10-05:00", "=", "<<", "id", "e\u0301", "Ångström",
                          "пример", "{{c1::x}}", "a: b", "- x", "#", "'", '"', "\\", "\n", "  ", "\t", "\u00a0"])
_TEXT = st.one_of(_WORDS, st.text(max_size=12), st.lists(_WORDS, max_size=4).map(" ".join))
_SCALARS = st.one_of(_TEXT, st.integers(), st.floats(allow_nan=False), st.booleans(), st.none())
_DATA = st.recursive(_SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.one_of(_TEXT, st.sampled_from(["id", "notes", "topic"])),
                                                 inner, max_size=4)), max_leaves=30)


@SETTINGS
@given(data=st.dictionaries(st.sampled_from(["course", "topic", "notes", "id", "x"]), _DATA, min_size=1, max_size=4),
       flow=st.sampled_from([False, True, None]), width=st.sampled_from([20, 80, 1000]),
       style=st.sampled_from([None, "'", '"', "|"]))
def test_the_quick_reading_of_any_data_matches_the_full_reading(data, flow, width, style):
    text = yaml.safe_dump(data, allow_unicode=True, default_flow_style=flow, width=width, default_style=style,
                          sort_keys=False)
    _assert_same_reading(text)


@SETTINGS
@given(path=st.sampled_from(SHIPPED), data=st.data())
def test_the_quick_reading_of_mutated_deck_files_matches_the_full_reading(path, data):
    text = path.read_text("utf-8")
    for _ in range(data.draw(st.integers(1, 4))):
        at = data.draw(st.integers(0, len(text)))
        cut = data.draw(st.integers(0, 3))
        insert = data.draw(st.sampled_from(["", ":", " ", "\n", "-", "- ", "  ", "&a ", "*a", "!!str ", "[", "]",
                                            "{", "}", ",", "? ", "'", '"', "#", "e\u0301", "yes", "---\n", "id: "]))
        text = text[:at] + insert + text[at + cut:]
    _assert_same_reading(text)


def test_the_quick_reading_matches_the_full_reading_on_every_shipped_file():
    for path in SHIPPED:
        text = path.read_text("utf-8")
        assert sources._read_plain(text, path.name) is not None, path
        _assert_same_reading(text)


@pytest.mark.parametrize("text", [
    "a: &x 1\nb: *x\n",  # anchors and aliases
    "a: !!python/object:os.system x\n",  # tags
    "a: !!str 1\n",
    "a: 1\na: 2\n",  # a repeated key
    "1: x\n",  # a key that is not text
    "? [a]\n: x\n",  # a list as a key
    "a: =\n",  # a value YAML reads as a tag of its own
    "just text\n",  # no mapping or list
    "",  # nothing at all
    "a: 1\n---\nb: 2\n",  # two documents
    "a: [" * 40 + "]" * 40 + "\n",  # deeper than csrcards reads
    "a: [1, 2\n",  # a syntax error
])
def test_whatever_the_quick_reading_does_not_expect_is_left_to_the_full_reading(text):
    assert sources._read_plain(text, "decks/x.yaml") is None
