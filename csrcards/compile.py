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

from . import ids, notetypes
from .errors import CardsError, Problem
from .lock import Lock, content_hash, note_hash, note_key
from .markup import field_html
from .model import Course, Note

RETIRED_TAG = "retired"
RETIRED_TEXT = {
    "en": "Retired: this card is no longer part of the course. Suspend it (search: tag:retired).",
    "tl": "Retired: hindi na bahagi ng kurso ang card na ito. I-suspend mo ito (hanapin: tag:retired).",
    "bg": "Оттеглена: тази карта вече не е част от курса. Спрете я с „Suspend“ (търсене: tag:retired).",
}
DESCRIPTION = {
    "en": ("Version {version}. To update, import the new file over this one: your progress is kept, "
           "edited cards change in place and nothing is duplicated. Cards removed from the course "
           "are tagged <i>retired</i>."),
    "tl": ("Bersyon {version}. Para mag-update, i-import ang bagong file sa ibabaw nito: mananatili ang "
           "iyong progreso, mapapalitan ang mga binagong card, at walang madodoble. Ang mga card na inalis "
           "na sa kurso ay may tag na <i>retired</i>."),
    "bg": ("Версия {version}. За да обновите, импортирайте новия файл върху този: напредъкът ви се "
           "запазва, редактираните карти се обновяват на място и нищо не се дублира. Картите, "
           "премахнати от курса, имат етикет <i>retired</i>."),
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


def compile_language(course: Course, language: str, lock: Lock) -> Compiled:
    types = {}
    for kind in notetypes.FIELDS:
        spec = notetypes.spec(kind, language)
        digest = content_hash(spec.name, spec.fields, spec.templates, spec.css)
        types[kind] = NoteType(spec, lock.mod(f"notetype/{kind}/{language}", digest))

    course_name = course.title[language]
    description = DESCRIPTION[language].format(version=html.escape(course.version))
    decks = [genanki.Deck(ids.deck_id(language), course_name, description)]
    row_id = ids.first_row_id(lock.created, language)
    guids: dict[str, Note] = {}
    position = cards = 0
    for topic in course.topics:
        deck = genanki.Deck(ids.deck_id(language, topic.id), f"{course_name}::{topic.title[language]}", description)
        for note in topic.notes:
            guid = ids.note_guid(note.id, language)
            if guid in guids:
                raise CardsError([Problem(note.where.path, note.where.line, note.where.column,
                                          f"note id '{note.id}' gives the same GUID as '{guids[guid].id}'",
                                          "rename one of them")])
            guids[guid] = note
            notetype = types[note.kind]
            fields = note_fields(note, language)
            tags = [topic.id, *note.tags] + ([RETIRED_TAG] if note.retired else [])
            mod = lock.mod(note_key(note.id, language), note_hash(notetype.model_id, fields, tags))
            numbers = note.card_numbers(language)
            anki_note = AnkiNote(model=notetype, fields=fields, tags=tags, guid=guid, due=position,
                                 note_id=row_id + position, mod=mod, card_numbers=numbers,
                                 card_ids=list(range(row_id + cards, row_id + cards + len(numbers))))
            deck.add_note(anki_note)
            position += 1
            cards += len(numbers)
        decks.append(deck)
    return Compiled(language, decks, position, cards)


def note_fields(note: Note, language: str) -> list[str]:
    """The field values of a note in one language's deck, as HTML, in note type order."""
    cloze = note.kind == "cloze"
    english = language != "en"

    def text(value, lang=language, as_cloze=False) -> str:
        return field_html(value[lang], as_cloze=as_cloze) if value else ""

    source = html.escape(f"{note.source.article} · {note.source.section} · {note.id}", quote=False)
    status = html.escape(RETIRED_TEXT[language], quote=False) if note.retired else ""
    if cloze:
        return [text(note.front, as_cloze=True), text(note.extra),
                text(note.front, "en", as_cloze=True) if english else "",
                text(note.extra, "en") if english else "", source, status]
    return [text(note.front), text(note.back), text(note.extra),
            text(note.front, "en") if english else "", text(note.back, "en") if english else "",
            text(note.extra, "en") if english else "", source, status]
