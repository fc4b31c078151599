"""The checked course to genanki notes and decks, one package per language.

This is the genanki boundary: Anki's "note type" is genanki's `Model`. genanki
stamps every note and note type with one package-wide time; here each note and
note type gets its own `mod` from the lock instead (see lock.py), and its ids
from ids.py, so that a rebuild is reproducible and re-imports update in place.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import NamedTuple

import genanki

from . import engines, ids, notetypes
from .errors import CardsError, Problem
from .lock import Lock, content_hash, note_hash, note_key
from .markup import cloze_html, escape, field_html
from .model import Course, Note, Source, Topic

RETIRED = "retired"  # the last level of the retired tag, under the course id
# Anki's reviewer suspends the card on screen with "@"; Browse suspends every
# selected card with Ctrl+J (qt/aqt/reviewer.py, qt/aqt/browser).
RETIRED_TEXT = {
    "en": "Retired: this card is no longer part of the course. Suspend it with @ while reviewing, or search "
          "for tag:{tag} in Browse, select all and press Ctrl+J (⌘J on a Mac) to suspend every retired card "
          "at once.",
    "tl": "Inalis na: hindi na bahagi ng kurso ang card na ito. I-suspend ito gamit ang @ habang nagre-review, "
          "o i-search ang tag:{tag} sa Browse (Mag-browse), piliin ang lahat at pindutin ang Ctrl+J (⌘J sa "
          "Mac) para ma-suspend nang sabay-sabay ang lahat ng inalis na card.",
    "bg": "Оттеглена карта: тя вече не е част от курса. Спрете я временно (Suspend) с @ по време на преговора "
          "или потърсете tag:{tag} в прозореца „Преглед“, изберете всички и натиснете Ctrl+J (⌘J на Mac), "
          "за да спрете наведнъж всички оттеглени карти.",
}
SOURCE_LABEL = {"en": "Source", "tl": "Pinagkunan", "bg": "Източник"}
VOICE = {"en": "an English (en_US) voice", "tl": "a Filipino (fil_PH) voice", "bg": "a Bulgarian (bg_BG) voice"}
DESCRIPTION = {
    "en": ("Version {version}. New cards come topic by topic, in course order. To update, import the new "
           "file over this one: your progress is kept, edited cards change in place and nothing is "
           "duplicated. Please don't rename these decks or add fields to their note types. "
           "Needs Anki {anki} or newer. The play buttons read the cards aloud with an English "
           "(en_US) voice, if your device has one."),
    "tl": ("Bersyon {version}. Lumalabas ang mga bagong card nang paksa-paksa, ayon sa pagkakasunod-sunod "
           "ng kurso. Para mag-update, i-import lang ang bagong file: mananatili ang iyong progreso, "
           "maa-update mismo ang mga binagong card at walang madodoble. Pakiusap, huwag palitan ang pangalan "
           "ng mga deck na ito at huwag dagdagan ng field ang kanilang mga note type. Kailangan ang Anki "
           "{anki} o mas bago. Binabasa nang malakas ng mga play button ang mga card gamit ang Filipino "
           "(fil_PH) voice, at ang English gamit ang English (en_US) voice, kung mayroon ng mga ito ang "
           "iyong device."),
    "bg": ("Версия {version}. Новите карти идват тема по тема, по реда на курса. За да обновите, "
           "импортирайте новия файл върху този: напредъкът ви се запазва, редактираните карти просто се "
           "обновяват и нищо не се дублира. Моля, не преименувайте тези тестета и не добавяйте полета към "
           "техните типове бележки. Нужна е Anki {anki} или по-нова версия. Бутоните за възпроизвеждане "
           "прочитат картите с български глас (bg_BG), а английския текст – с английски (en_US), ако "
           "устройството ви има такива гласове."),
}


class NoteType(genanki.Model):
    """A genanki Model whose `mod` comes from the lock, not the package time."""

    def __init__(self, spec: notetypes.NoteTypeSpec, mod: int):
        super().__init__(
            model_id=spec.id,
            name=spec.name,
            fields=[dict(f) for f in spec.fields],
            templates=[dict(t) for t in spec.templates],
            css=spec.css,
            model_type=genanki.Model.CLOZE if spec.kind == "cloze" else genanki.Model.FRONT_BACK,
        )
        self.mod = mod

    def to_json(self, timestamp: float, deck_id: int) -> dict:
        return super().to_json(self.mod, deck_id)


class AnkiNote(NamedTuple):
    """One note of a package, as Anki stores it: its row in `notes` and its cards.

    The cards are the ones csrcards counts (Note.card_numbers, from cloze.py),
    not genanki's own reading of the fields: one rule for what Anki will show.
    A plain record rather than a genanki Note, whose checks and properties
    cost more than the rest of a note's compiling; Deck writes the rows.
    """

    note_id: int
    guid: str
    model: NoteType
    mod: int
    tags: list[str]
    fields: list[str]
    due: int  # the note's place in the package: new cards come in this order
    card_numbers: tuple[int, ...]
    first_card_id: int  # its cards' ids follow on from this one


# genanki's rows, with its constants written into the statements: usn -1, no
# scheduling yet, empty data.
_NOTE_ROW = "INSERT INTO notes VALUES(?,?,?,?,-1,?,?,?,0,0,'');"
_CARD_ROW = "INSERT INTO cards VALUES(?,?,?,?,?,-1,0,0,?,0,0,0,0,0,0,0,0,'');"


class Deck(genanki.Deck):
    """A genanki Deck of AnkiNote records, listed or made as the deck is written.

    genanki writes the deck and its note types into the collection; the notes
    and cards are written here, each note followed by its cards as genanki
    writes them: SQLite lays out its pages in the order of the inserts, so
    the packages stay byte for byte those of earlier builds.
    """

    def __init__(self, deck_id: int, name: str, description: str, notetypes: Iterable[NoteType] = (),
                 notes: Iterable[AnkiNote] = ()):
        super().__init__(deck_id, name, description)
        for notetype in notetypes:  # as genanki adds them from the notes: in order of first use
            self.add_model(notetype)
        self.notes = notes

    def write_to_db(self, cursor, timestamp: float, id_gen) -> None:
        notes, self.notes = self.notes, []
        try:
            super().write_to_db(cursor, timestamp, id_gen)
        finally:
            self.notes = notes
        execute, deck_id = cursor.execute, self.deck_id
        for note_id, guid, model, mod, tags, fields, due, numbers, card_id in notes:
            execute(_NOTE_ROW, (note_id, guid, model.model_id, mod, f" {' '.join(tags)} ", "\x1f".join(fields),
                                fields[0]))
            for number in numbers:
                execute(_CARD_ROW, (card_id, note_id, deck_id, number - 1, mod, due))
                card_id += 1


class Compiled(NamedTuple):
    language: str
    decks: list[Deck]
    notes: int
    cards: int


def deck_name(course: Course, topic: Topic, language: str) -> str:
    """`<Course>::<n>. <Topic>`: Anki gathers new cards deck by deck in name
    order, so the number makes "Study Now" on the course deck follow the
    course's order in every language."""
    width = len(str(len(course.topics)))
    return f"{course.title[language]}::{topic.number:0{width}d}. {topic.title[language]}"


def tags(course: Course, topic: Topic, note: Note) -> list[str]:
    """The note's tags, all under the course id: `cse::soft-skills`, `cse::<tag>`, `cse::retired`."""
    own = [topic.id, *note.tags] + ([RETIRED] if note.retired else [])
    return [f"{course.id}::{tag}" for tag in own]


class English:
    """Each note's English field HTML, made once and shared by the tl and bg decks.

    Keep one for all the languages of a build (or a diff), in the order they
    are compiled; compile_language makes its own when given none. The last
    language to use a note's English HTML lets go of it.
    """

    def __init__(self, last: str | None = None):
        self.last = last  # the last language compiled
        self._html: dict[str, tuple[list[str], tuple[int, ...]]] = {}

    def get(self, note: Note, language: str) -> tuple[list[str], tuple[int, ...]]:
        if language == self.last:
            return self._html.pop(note.id, None) or _own_html(note, "en")
        found = self._html.get(note.id)
        if found is None:
            found = self._html[note.id] = _own_html(note, "en")
        return found


def compile_language(course: Course, language: str, lock: Lock, english: English | None = None,
                     lazily: bool = False, guid: Callable[[str, str], str | None] | None = None) -> Compiled:
    """The language's decks and notes. lazily=True leaves each deck's notes to be made as the
    package is written (package.write_collection), one at a time: a build never holds them all.
    `guid` may give a note's GUID by its id and language (pipeline.Derived)."""
    english = english if english is not None else English()
    types = {}
    for kind in notetypes.KINDS:
        spec = notetypes.spec(kind, language, course.id, course.title[language])
        digest = content_hash(spec.name, spec.fields, spec.templates, spec.css)
        types[kind] = NoteType(spec, lock.mod(f"notetype/{kind}/{language}", digest))

    description = DESCRIPTION[language].format(version=escape(course.version, quote=True), anki=engines.MINIMUM_ANKI)
    decks = [Deck(ids.deck_id(course.id, language), course.title[language], description)]
    notes = _Notes(course, language, lock, english, types, guid)
    position = cards = 0
    for topic in course.topics:
        about = field_html(topic.description[language]) if topic.description else ""
        made = notes.of(topic, position, cards)
        decks.append(Deck(ids.deck_id(course.id, language, topic.id), deck_name(course, topic, language), about,
                          [types[kind] for kind in dict.fromkeys(note.kind for note in topic.notes)],
                          made if lazily else list(made)))
        position += len(topic.notes)
        cards += sum(len(note.card_numbers(language)) for note in topic.notes)
    return Compiled(language, decks, position, cards)


class _Notes:
    """One language's notes, topic by topic, and the GUIDs they have taken so far."""

    def __init__(self, course: Course, language: str, lock: Lock, english: English, types: dict[str, NoteType],
                 guid: Callable[[str, str], str | None] | None):
        self.course, self.language, self.lock, self.english, self.types = course, language, lock, english, types
        self.known_guid = guid
        self.tail = _Tail(course, language)
        self.row_id = ids.first_row_id(lock.created, language)
        self.guids: dict[str, Note] = {}

    def of(self, topic: Topic, position: int, cards: int) -> Iterator[AnkiNote]:
        """The topic's notes, the first at `position` in the package, its first card after `cards` others."""
        course, language, lock, row_id = self.course, self.language, self.lock, self.row_id
        known_guid = self.known_guid
        for note in topic.notes:
            guid = (known_guid and known_guid(note.id, language)) or ids.note_guid(course.id, note.id, language)
            if guid in self.guids:
                raise CardsError([Problem(note.where.path, note.where.line, note.where.column,
                                          f"note id '{note.id}' gives the same GUID as '{self.guids[guid].id}'",
                                          "rename one of them")])
            self.guids[guid] = note
            notetype = self.types[note.kind]
            fields, numbers = _fields(note, language, self.english, self.tail)
            note_tags = tags(course, topic, note)
            mod = lock.mod(note_key(note.id, language), note_hash(notetype.model_id, fields, note_tags))
            yield AnkiNote(row_id + position, guid, notetype, mod, note_tags, fields, position, numbers,
                           row_id + cards)
            position += 1
            cards += len(numbers)


def note_fields(course: Course, note: Note, language: str) -> list[str]:
    """The field values of a note in one language's deck, as HTML, in note type order."""
    return _fields(note, language, English(), _Tail(course, language))[0]


class _Tail:
    """The last two fields, Source and Status: the same for every note citing one source."""

    def __init__(self, course: Course, language: str):
        self.language = language
        self.lines = {source.key: (source, citation(source, language)) for source in course.sources}
        self.retired = escape(RETIRED_TEXT[language].format(tag=f"{course.id}::{RETIRED}"))

    def fields(self, note: Note) -> list[str]:
        source = note.source.source
        known, line = self.lines.get(source.key, (None, ""))
        if known is not source:
            line = citation(source, self.language)
        return [line, self.retired if note.retired else ""]


def _fields(note: Note, language: str, english: English, tail: _Tail) -> tuple[list[str], tuple[int, ...]]:
    """The note's fields in a language's deck, and its card numbers."""
    own, numbers = _own_html(note, language) if language != "en" else english.get(note, language)
    translated = english.get(note, language)[0] if language != "en" else []
    return own + translated + tail.fields(note), numbers


def _own_html(note: Note, language: str) -> tuple[list[str], tuple[int, ...]]:
    """The HTML of the note's own texts in a language (front or cloze, back, extra), and its card numbers."""
    extra = field_html(note.extra[language]) if note.extra else ""
    if note.kind == "cloze":
        reading = note.reading(language)
        numbers = tuple(sorted({deletion.number for deletion in reading.deletions}))
        return [cloze_html(reading), extra], numbers
    back = field_html(note.back[language]) if note.back else ""
    return [field_html(note.front[language]), back, extra], (1,)


def citation(source: Source, language: str) -> str:
    """The source line learners read under the answer, in their language, as HTML:
    "Source: <title> (<publisher>, <year>)"."""
    about = [part for part in (source.publisher[language] if source.publisher else None,
                               str(source.year) if source.year else None) if part]
    line = f"{SOURCE_LABEL[language]}: {source.title[language]}" + (f" ({', '.join(about)})" if about else "")
    return escape(line)
