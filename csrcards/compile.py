"""The checked course to genanki notes and decks, one package per language.

This is the genanki boundary: Anki's "note type" is genanki's `Model`. genanki
stamps every note and note type with one package-wide time; here each note and
note type gets its own `mod` from the lock instead (see lock.py), and its ids
from ids.py, so that a rebuild is reproducible and re-imports update in place.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

import genanki

from . import engines, ids, notetypes
from .errors import CardsError, Problem
from .lock import Lock, content_hash, note_hash, note_key
from .markup import field_html
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


class AnkiNote(genanki.Note):
    """A genanki Note with its own id, `mod`, cards and card ids.

    The cards are the ones csrcards counts (Note.card_numbers, from cloze.py),
    not genanki's own reading of the fields: one rule for what Anki will show.
    """

    def __init__(self, *, note_id: int, mod: int, card_numbers: tuple[int, ...], card_ids: list[int], **kwargs):
        super().__init__(**kwargs)
        self.note_id, self.mod, self.card_ids = note_id, mod, card_ids
        self.cards = [genanki.Card(number - 1) for number in card_numbers]

    def write_to_db(self, cursor, timestamp: float, deck_id: int, id_gen) -> None:
        self._check_number_model_fields_matches_num_fields()
        self._check_invalid_html_tags_in_fields()
        cursor.execute("INSERT INTO notes VALUES(?,?,?,?,?,?,?,?,?,?,?);", (
            self.note_id, self.guid, self.model.model_id, self.mod, -1, self._format_tags(),
            self._format_fields(), self.sort_field, 0, 0, ""))
        for card, card_id in zip(sorted(self.cards, key=lambda c: c.ord), self.card_ids):
            cursor.execute("INSERT INTO cards VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?);", (
                card_id, self.note_id, deck_id, card.ord, self.mod, -1, 0, 0, self.due,
                0, 0, 0, 0, 0, 0, 0, 0, ""))


@dataclass
class Compiled:
    language: str
    decks: list[genanki.Deck]
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


def compile_language(course: Course, language: str, lock: Lock) -> Compiled:
    types = {}
    for kind in notetypes.KINDS:
        spec = notetypes.spec(kind, language, course.id, course.title[language])
        digest = content_hash(spec.name, spec.fields, spec.templates, spec.css)
        types[kind] = NoteType(spec, lock.mod(f"notetype/{kind}/{language}", digest))

    description = DESCRIPTION[language].format(version=html.escape(course.version), anki=engines.MINIMUM_ANKI)
    decks = [genanki.Deck(ids.deck_id(course.id, language), course.title[language], description)]
    row_id = ids.first_row_id(lock.created, language)
    guids: dict[str, Note] = {}
    position = cards = 0
    for topic in course.topics:
        about = field_html(topic.description[language]) if topic.description else ""
        deck = genanki.Deck(ids.deck_id(course.id, language, topic.id), deck_name(course, topic, language), about)
        for note in topic.notes:
            guid = ids.note_guid(course.id, note.id, language)
            if guid in guids:
                raise CardsError([Problem(note.where.path, note.where.line, note.where.column,
                                          f"note id '{note.id}' gives the same GUID as '{guids[guid].id}'",
                                          "rename one of them")])
            guids[guid] = note
            notetype = types[note.kind]
            fields = note_fields(course, note, language)
            note_tags = tags(course, topic, note)
            mod = lock.mod(note_key(note.id, language), note_hash(notetype.model_id, fields, note_tags))
            numbers = note.card_numbers(language)
            anki_note = AnkiNote(model=notetype, fields=fields, tags=note_tags, guid=guid, due=position,
                                 note_id=row_id + position, mod=mod, card_numbers=numbers,
                                 card_ids=list(range(row_id + cards, row_id + cards + len(numbers))))
            deck.add_note(anki_note)
            position += 1
            cards += len(numbers)
        decks.append(deck)
    return Compiled(language, decks, position, cards)


def note_fields(course: Course, note: Note, language: str) -> list[str]:
    """The field values of a note in one language's deck, as HTML, in note type order."""
    cloze = note.kind == "cloze"
    english = language != "en"

    def text(value, lang=language, as_cloze=False) -> str:
        return field_html(value[lang], as_cloze=as_cloze) if value else ""

    source = citation(note.source.source, language)
    status = html.escape(RETIRED_TEXT[language].format(tag=f"{course.id}::{RETIRED}"), quote=False) \
        if note.retired else ""
    if cloze:
        own = [text(note.front, as_cloze=True), text(note.extra)]
        translated = [text(note.front, "en", as_cloze=True), text(note.extra, "en")] if english else []
    else:
        own = [text(note.front), text(note.back), text(note.extra)]
        translated = [text(note.front, "en"), text(note.back, "en"), text(note.extra, "en")] if english else []
    return own + translated + [source, status]


def citation(source: Source, language: str) -> str:
    """The source line learners read under the answer, in their language, as HTML:
    "Source: <title> (<publisher>, <year>)"."""
    about = [part for part in (source.publisher[language] if source.publisher else None,
                               str(source.year) if source.year else None) if part]
    line = f"{SOURCE_LABEL[language]}: {source.title[language]}" + (f" ({', '.join(about)})" if about else "")
    return html.escape(line, quote=False)
