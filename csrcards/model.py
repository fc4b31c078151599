"""The checked course: what the sources say, once every problem is ruled out.

Vocabulary, as in Anki: one YAML entry under `notes:` is one Anki *note*. A
question/answer note makes one *card*; a cloze note makes one card per cloze
number ({{c1::...}}, {{c2::...}}). Every topic becomes a subdeck of the course
deck, `<Course>::<Topic>`, built once per language.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from . import cloze

TOPICS = ("soft-skills", "duties", "dos-and-donts", "salary-facts")


@dataclass(frozen=True)
class Text:
    en: str
    tl: str
    bg: str

    def __getitem__(self, language: str) -> str:
        return getattr(self, language)


@dataclass(frozen=True)
class Source:
    article: str
    section: str


@dataclass(frozen=True)
class Where:
    path: str
    line: int
    column: int


@dataclass(frozen=True)
class Note:
    id: str
    kind: str  # "qa" or "cloze"
    front: Text  # the question, or for a cloze note the text with its deletions
    back: Text | None  # None for a cloze note
    extra: Text | None
    source: Source
    tags: tuple[str, ...]
    retired: bool
    where: Where
    reviewed: tuple[str, ...] = ()  # translations confirmed to still fit an edited English text

    def texts(self) -> Iterator[tuple[str, Text]]:
        """Each learner-facing text with its source key: front or cloze, back, extra."""
        yield ("cloze" if self.kind == "cloze" else "front"), self.front
        if self.back is not None:
            yield "back", self.back
        if self.extra is not None:
            yield "extra", self.extra

    def card_numbers(self, language: str) -> tuple[int, ...]:
        """The card numbers Anki gives the note: its deletion numbers, or 1 for a question."""
        return tuple(sorted(cloze.numbers(self.front[language]))) if self.kind == "cloze" else (1,)

    @property
    def card_count(self) -> int:
        """Cards per language: every language has the same deletion numbers (validate.py)."""
        return len(self.card_numbers("en"))


@dataclass(frozen=True)
class Topic:
    id: str
    title: Text
    notes: tuple[Note, ...]


@dataclass(frozen=True)
class Course:
    title: Text
    version: str
    topics: tuple[Topic, ...]

    @property
    def notes(self) -> tuple[Note, ...]:
        return tuple(note for topic in self.topics for note in topic.notes)

