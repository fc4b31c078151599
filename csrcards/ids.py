"""Deterministic ids: the same sources and lock always give the same ids.

Everything Anki matches on is namespaced by the course id (`course.id` in
decks/course.yaml), so two courses built with csrcards never touch each
other's notes, note types or decks in one learner's profile:

- Note GUID (Anki matches notes by GUID only): genanki's `guid_for` of
  (course id, note id, language). The note id is the trainer's permanent slug,
  so text edits never change the GUID, and each language's deck has its own.
- Note type id (Anki matches note types by id): 2^40 plus the first 5 bytes of
  SHA-256 of "<course id>/notetype/<kind>/<language>"; its fields and template
  get that id * 100 plus a fixed number (notetypes.py). Every id stays below
  2^53, so JavaScript and JSON readers see it exactly.
- Deck id (Anki matches decks by name; the id only has to be stable and must
  never be 1, Anki's "Default"): 2^40 plus the first 6 bytes of SHA-256 of
  "<course id>/deck/<language>/<topic id, or '' for the course deck>".
- Note and card ids (not used for matching; Anki shows them as "Added" dates and
  renumbers on clashes): the lock's creation time in milliseconds, plus a per
  language offset, plus the position in build order.
"""

from __future__ import annotations

import hashlib

import genanki
import genanki.util

from . import LANGUAGES

_LANGUAGE_OFFSET_MS = {language: index * 10_000_000 for index, language in enumerate(LANGUAGES)}


def note_guid(course_id: str, note_id: str, language: str) -> str:
    """genanki.guid_for(course_id, note_id, language), the GUID learners' notes carry.

    Worked out here two base-91 digits at a time: genanki's one-digit loop
    was a tenth of a 20,000-note build. tests/test_ids.py holds the two to the
    same answer.
    """
    number = int.from_bytes(hashlib.sha256(f"{course_id}__{note_id}__{language}".encode()).digest()[:8], "big")
    pairs = []
    while number >= _BASE:
        number, pair = divmod(number, _BASE * _BASE)
        pairs.append(_DIGIT_PAIRS[pair])
    guid = "".join(reversed(pairs))
    # A leading zero digit is no digit at all: genanki stops when the number runs out.
    guid = guid.lstrip(_ZERO) if number == 0 else _DIGITS[number] + guid
    return guid


# genanki's base-91 digits (genanki.util.BASE91_TABLE), and every pair of them.
_DIGITS = "".join(genanki.util.BASE91_TABLE)
_BASE = len(_DIGITS)
_ZERO = _DIGITS[0]
_DIGIT_PAIRS = [high + low for high in _DIGITS for low in _DIGITS]


def notetype_id(course_id: str, kind: str, language: str) -> int:
    return (1 << 40) + _hashed(f"{course_id}/notetype/{kind}/{language}", 5)


def deck_id(course_id: str, language: str, topic_id: str = "") -> int:
    return (1 << 40) + _hashed(f"{course_id}/deck/{language}/{topic_id}", 6)


def _hashed(text: str, size: int) -> int:
    return int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest()[:size], "big")


def first_row_id(created: int, language: str) -> int:
    """The id of the first note (and card) of a language's package, in ms."""
    return created * 1000 + _LANGUAGE_OFFSET_MS[language]
