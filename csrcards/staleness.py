"""Translations that an edit of the English text may have left behind.

Trainers write a note in English and translate it. When the English text
changes and the Tagalog or Bulgarian text does not, the translation may no
longer say the same thing. The lock remembers, per note and language, a hash
of that language's source text and a time:

    "text/<note>/en"   when the English text last changed
    "text/<note>/tl"   when the Tagalog text was last edited or confirmed

A translation whose time is older than the English text's is stale. It stops
being stale when the trainer edits it, or confirms it as it is by listing its
language under the note's `reviewed` key. A build records the confirmation in
the lock, after which the `reviewed` entry has done its job and should go: a
later English edit would find it still there and count as confirmed. So every
warning about `reviewed` asks for its removal, and one that confirms an
English edit says that the English changed, which a forgotten entry would
otherwise hide.

Times, not only hashes, are kept so that a stale translation stays stale over
any number of builds until it is dealt with. They are ordered like `mod` in
the lock, never by the clock alone: an English edit is always newer than every
translation, and a confirmation is never older than the English text.
"""

from __future__ import annotations

from collections.abc import Callable

from . import LANGUAGES, layout
from .errors import Problem
from .lock import Entry, Lock, content_hash
from .model import Course, Note

TRANSLATIONS = tuple(language for language in LANGUAGES if language != "en")


def review(course: Course, lock: Lock, record: bool,
           text_hashes: Callable[[str], list[str] | None] | None = None) -> list[Problem]:
    """Warnings for stale translations and for `reviewed` entries.

    With record=True (a build) edits and confirmations are written into the
    lock's entries; with record=False (a check) the lock is left as it was.
    The warnings are the same either way. `text_hashes` may give a note's
    text hashes by its id, in LANGUAGES' order (pipeline.Derived).
    """
    warnings: list[Problem] = []
    for note in course.notes:
        hashes = text_hashes(note.id) if text_hashes else None
        entries, found, _ = _review_note(note, lock.entries, lock.now, hashes)
        warnings.extend(found)
        if record:
            lock.entries.update((key, entry) for key, entry in entries.items() if lock.entries.get(key) != entry)
    return warnings


def stale_translations(course: Course, lock: Lock) -> set[tuple[str, str]]:
    """(note id, language) of every translation that an English edit left behind, unconfirmed."""
    return {(note.id, language) for note in course.notes for language in _review_note(note, lock.entries, lock.now)[2]}


def text_key(note_id: str, language: str) -> str:
    return f"text/{note_id}/{language}"


def text_hash(note: Note, language: str) -> str:
    """A hash of everything the trainer wrote in this language for the note."""
    return content_hash(*(getattr(text, language) if text else None for text in (note.front, note.back, note.extra)))


def _review_note(note: Note, old: dict[str, Entry], now: int,
                 hashes: list[str] | None = None) -> tuple[dict[str, Entry], list[Problem], list[str]]:
    """The note's new text entries, its warnings, and the languages whose translation is stale."""
    if hashes is None:
        hashes = [text_hash(note, language) for language in LANGUAGES]
    hashed = dict(zip(LANGUAGES, hashes))
    keys = {language: text_key(note.id, language) for language in LANGUAGES}
    english = old.get(keys["en"])
    if english is None:  # a new note, or a lock from before translations were tracked
        return {keys[language]: Entry(hashed[language], now) for language in LANGUAGES}, [], []
    translations = {language: old.get(keys[language]) for language in TRANSLATIONS}
    english_mod, english_hash = english.mod, hashed["en"]
    if english.hash != english_hash:
        english_mod = max([now, english.mod + 1] + [entry.mod + 1 for entry in translations.values() if entry])
    entries = {keys["en"]: Entry(english_hash, english_mod)}
    warnings, stale_languages = [], []
    for language, entry in translations.items():
        digest = hashed[language]
        if entry is None:
            entries[keys[language]] = Entry(digest, english_mod)
            continue
        stale = entry.mod < english_mod and entry.hash == digest  # an edited translation is confirmed
        listed = language in note.reviewed
        confirmed = entry.hash != digest or (stale and listed)
        mod = max(now, english_mod, entry.mod) if confirmed else entry.mod
        entries[keys[language]] = Entry(digest, mod)
        if stale and listed:
            warnings.append(_at(note, f"the English text of note '{note.id}' changed; `reviewed: [{language}]` "
                                      f"confirms its {language} translation",
                                f"remove '{language}' from `reviewed` once built, so that the next change is "
                                "flagged again"))
        elif stale and not note.retired:
            stale_languages.append(language)
            warnings.append(_at(note, f"the English text of note '{note.id}' changed; its {language} translation "
                                      f"may be stale", f"edit it, or add `reviewed: [{language}]` to the note "
                                      "to confirm it still fits"))
        elif listed:
            warnings.append(_at(note, f"note '{note.id}' has `reviewed: [{language}]`, but its {language} "
                                      f"translation is already confirmed in {layout.SOURCES_DIR}/{layout.LOCK_FILE}",
                                f"remove '{language}' from `reviewed`, so that the next change to the English "
                                "text is flagged again"))
    return entries, warnings, stale_languages


def _at(note: Note, message: str, hint: str) -> Problem:
    return Problem(note.where.path, note.where.line, note.where.column, message, hint)
