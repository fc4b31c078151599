"""The checked course: what the sources say, once every problem is ruled out.

Vocabulary, as in Anki: one YAML entry under `notes:` is one Anki *note*. A
question/answer note makes one *card*; a cloze note makes one card per cloze
number ({{c1::...}}, {{c2::...}}). Every topic becomes a subdeck of the course
deck, `<Course>::<n>. <Topic>` (numbered in the course's study order), built
once per language.

A course has a permanent `id`, which namespaces everything Anki matches on
(GUIDs, note type and deck ids, the root of the tags), so that two courses
built with csrcards never overwrite each other's notes in one profile.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple

from . import LANGUAGES, cloze

# Every class is a small, immutable record (a NamedTuple: quick to create, and
# to define at import): a course of 20,000 notes holds some 100,000 of them.


class Text(NamedTuple):
    en: str
    tl: str
    bg: str

    # text["tl"] is text.tl: attribute lookup itself, without a Python call around it
    # (texts are read this way hundreds of thousands of times in a large build).
    __getitem__ = object.__getattribute__


class Source(NamedTuple):
    """A work the course cites, as learners see it: a title in each language,
    and where known its publisher and year. `article` is the trainers' file."""

    key: str
    article: str
    title: Text
    publisher: Text | None = None
    year: int | None = None
    url: str | None = None


class Citation(NamedTuple):
    """Where a note's fact comes from: a course source and the section in it."""

    source: Source
    section: str


class Where(NamedTuple):
    path: str
    line: int
    column: int


class Note(NamedTuple):
    id: str
    kind: str  # "qa" or "cloze"
    front: Text  # the question, or for a cloze note the text with its deletions
    back: Text | None  # None for a cloze note
    extra: Text | None
    source: Citation
    tags: tuple[str, ...]
    retired: bool
    where: Where
    reviewed: tuple[str, ...] = ()  # translations confirmed to still fit an edited English text
    # A cloze note's text as read in each language (in LANGUAGES' order), so that it is read
    # once (validate.py has it at hand); None reads it when asked. Give new readings with new texts.
    readings: tuple[cloze.Reading, ...] | None = None

    def texts(self) -> Iterator[tuple[str, Text]]:
        """Each learner-facing text with its source key: front or cloze, back, extra."""
        yield ("cloze" if self.kind == "cloze" else "front"), self.front
        if self.back is not None:
            yield "back", self.back
        if self.extra is not None:
            yield "extra", self.extra

    def reading(self, language: str) -> cloze.Reading:
        """The cloze text in a language, as cloze.py reads it."""
        if self.readings is not None:
            return self.readings[LANGUAGES.index(language)]
        return cloze.read(self.front[language])

    def card_numbers(self, language: str) -> tuple[int, ...]:
        """The card numbers Anki gives the note: its deletion numbers, or 1 for a question."""
        return tuple(sorted(self.reading(language).numbers)) if self.kind == "cloze" else (1,)

    @property
    def card_count(self) -> int:
        """Cards per language: every language has the same deletion numbers (validate.py)."""
        return len(self.card_numbers("en"))


class Topic(NamedTuple):
    id: str
    title: Text
    notes: tuple[Note, ...]
    description: Text | None = None
    number: int = 1  # its place in the course's study order, from 1


class Course(NamedTuple):
    id: str
    title: Text
    version: str
    topics: tuple[Topic, ...]  # in study order
    sources: tuple[Source, ...] = ()

    @property
    def notes(self) -> tuple[Note, ...]:
        return tuple(note for topic in self.topics for note in topic.notes)
