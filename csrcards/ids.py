"""Deterministic ids: the same sources and lock always give the same ids.

What Anki matches on, and how each id is made:

- Note GUID (Anki matches notes by GUID only): genanki's `guid_for` of
  ("csrcards", note id, language). The note id is the trainer's permanent slug,
  so text edits never change the GUID, and each language's deck has its own.
- Deck id (Anki matches decks by name; the id only has to be stable and must
  never be 1, Anki's "Default"): the first 6 bytes of SHA-256 of
  "csrcards-deck/<language>/<topic id or '' for the course deck>", offset past 2^40.
- Note type ids: fixed numbers in notetypes.py.
- Note and card ids (not used for matching; Anki shows them as "Added" dates and
  renumbers on clashes): the lock's creation time in milliseconds, plus a per
  language offset, plus the position in build order.
"""

from __future__ import annotations

import hashlib

import genanki

from . import LANGUAGES

_LANGUAGE_OFFSET_MS = {language: index * 10_000_000 for index, language in enumerate(LANGUAGES)}


def note_guid(note_id: str, language: str) -> str:
    return genanki.guid_for("csrcards", note_id, language)


def deck_id(language: str, topic_id: str = "") -> int:
    digest = hashlib.sha256(f"csrcards-deck/{language}/{topic_id}".encode()).digest()
    return (1 << 40) + int.from_bytes(digest[:6], "big")


def first_row_id(created: int, language: str) -> int:
    """The id of the first note (and card) of a language's package, in ms."""
    return created * 1000 + _LANGUAGE_OFFSET_MS[language]
