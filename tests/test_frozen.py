"""The identities learners depend on, frozen: note types, GUIDs, deck names and ids.

Learners' collections match notes by GUID, note types by id (and their fields
and templates by name), and decks by name. Once a course is handed out, a
change to any of these strands every learner's notes, so each value here is
written out in full. A failure says what learners would suffer; change a value
only for a course that no learner has yet.
"""

from __future__ import annotations

import pytest

from csrcards import LANGUAGES, compile, ids, notetypes, pipeline
from csrcards.lock import Lock

from .conftest import REPO

# (kind, language): (note type id, name, fields with ids, templates with ids)
NOTE_TYPES = {
    ("qa", "en"): (2150089491560, "Customer Service Essentials · Question",
                   (("Front", 215008949156001), ("Back", 215008949156002), ("Extra", 215008949156003),
                    ("Source", 215008949156007), ("Status", 215008949156008)),
                   (("Question", 215008949156091),)),
    ("qa", "tl"): (1462202280459, "Mga Batayan ng Customer Service · Tanong",
                   (("Front", 146220228045901), ("Back", 146220228045902), ("Extra", 146220228045903),
                    ("EnglishFront", 146220228045904), ("EnglishBack", 146220228045905),
                    ("EnglishExtra", 146220228045906), ("Source", 146220228045907), ("Status", 146220228045908)),
                   (("Question", 146220228045991),)),
    ("qa", "bg"): (1801036722850, "Основи на обслужването на клиенти · Въпрос",
                   (("Front", 180103672285001), ("Back", 180103672285002), ("Extra", 180103672285003),
                    ("EnglishFront", 180103672285004), ("EnglishBack", 180103672285005),
                    ("EnglishExtra", 180103672285006), ("Source", 180103672285007), ("Status", 180103672285008)),
                   (("Question", 180103672285091),)),
    ("cloze", "en"): (1118208774274, "Customer Service Essentials · Cloze",
                      (("Text", 111820877427401), ("Extra", 111820877427403), ("Source", 111820877427407),
                       ("Status", 111820877427408)),
                      (("Cloze", 111820877427491),)),
    ("cloze", "tl"): (1528952850457, "Mga Batayan ng Customer Service · Cloze",
                      (("Text", 152895285045701), ("Extra", 152895285045703), ("EnglishText", 152895285045704),
                       ("EnglishExtra", 152895285045706), ("Source", 152895285045707), ("Status", 152895285045708)),
                      (("Cloze", 152895285045791),)),
    ("cloze", "bg"): (1410891160887, "Основи на обслужването на клиенти · Пропуск",
                      (("Text", 141089116088701), ("Extra", 141089116088703), ("EnglishText", 141089116088704),
                       ("EnglishExtra", 141089116088706), ("Source", 141089116088707), ("Status", 141089116088708)),
                      (("Cloze", 141089116088791),)),
}

DECK_ID_CHANGED = "the deck id changed: Anki still finds the deck by name, but every package changes without a source edit"

# The first note of the course in each language: GUID, subdeck name, subdeck id, course deck id.
FIRST_NOTE = "ss-hired-on-strengths"
IDENTITIES = {
    "en": ("uf~;Tb-<qs", "Customer Service Essentials::1. Soft skills", 95833451109658, 149994134930179),
    "tl": ("FNPVjrS/j`", "Mga Batayan ng Customer Service::1. Soft skills", 245370556656926, 258722899663581),
    "bg": ("Ez)XH#;]^i", "Основи на обслужването на клиенти::1. Меки умения", 62588375109760, 83707555501072),
}


# A note of each topic, two cloze and two question notes, as the committed
# packages hold them: GUID, subdeck name, subdeck id, note type id.
KNOWN_NOTES = {
    "en": {
        "ss-hired-on-strengths": ("uf~;Tb-<qs", "Customer Service Essentials::1. Soft skills", 95833451109658,
                                  1118208774274),
        "duty-public-face": ("G]GD,QQM8H", "Customer Service Essentials::2. Duties", 30294576138867, 2150089491560),
        "dd-two-weaknesses": ("C|VA~YJZ]o", "Customer Service Essentials::3. Do's and don'ts", 117360760911378,
                              2150089491560),
        "pay-csr-median-annual": ("gGm8WlnBcS", "Customer Service Essentials::4. Salary facts", 84504282686480,
                                  1118208774274),
    },
    "tl": {
        "ss-hired-on-strengths": ("FNPVjrS/j`", "Mga Batayan ng Customer Service::1. Soft skills", 245370556656926,
                                  1528952850457),
        "duty-public-face": ("gc<1-8:A7_", "Mga Batayan ng Customer Service::2. Mga tungkulin", 151288919607535,
                             1462202280459),
        "dd-two-weaknesses": ("H_7iuRT#w.", "Mga Batayan ng Customer Service::3. Mga dapat at hindi dapat gawin",
                              202474670831049, 1462202280459),
        "pay-csr-median-annual": ("c2LE9N?M]j", "Mga Batayan ng Customer Service::4. Mga datos sa sahod",
                                  53617480022441, 1528952850457),
    },
    "bg": {
        "ss-hired-on-strengths": ("Ez)XH#;]^i", "Основи на обслужването на клиенти::1. Меки умения", 62588375109760,
                                  1410891160887),
        "duty-public-face": ("FGnO#Kr4Ly", "Основи на обслужването на клиенти::2. Задължения", 108430818642483,
                             1801036722850),
        "dd-two-weaknesses": ("f}H)+UbNfT", "Основи на обслужването на клиенти::3. Какво да правим и какво не",
                              155361257811852, 1801036722850),
        "pay-csr-median-annual": ("?/o#R(NxD", "Основи на обслужването на клиенти::4. Факти за заплащането",
                                  9470711937932, 1410891160887),
    },
}


@pytest.fixture(scope="module")
def course():
    return pipeline.load(REPO)


@pytest.mark.parametrize("kind, language", sorted(NOTE_TYPES))
def test_note_types_are_frozen(course, kind, language):
    spec = notetypes.spec(kind, language, course.id, course.title[language])
    notetype_id, name, fields, templates = NOTE_TYPES[(kind, language)]
    assert spec.id == notetype_id, (
        "the note type id changed: every learner would get a second note type and a duplicate of every note")
    assert tuple((f["name"], f["id"]) for f in spec.fields) == fields, (
        "a field was added, removed, renamed or renumbered: every learner would get a copy of the note type "
        "and every note would show as conflicting on import")
    assert tuple((t["name"], t["id"]) for t in spec.templates) == templates, (
        "a template was renamed or renumbered: every learner's notes of this type would conflict on import")
    assert spec.name == name, "the note type's name changed: learners would see it renamed in Browse"


def test_the_course_id_is_frozen(course):
    assert course.id == "cse", ("the course id changed: every learner would get a duplicate of every note, "
                                "note type and deck")


@pytest.mark.parametrize("language", LANGUAGES)
def test_guids_and_deck_names_are_frozen(course, language):
    guid, deck, deck_id, course_deck_id = IDENTITIES[language]
    topic = course.topics[0]
    assert topic.notes[0].id == FIRST_NOTE
    assert ids.note_guid(course.id, FIRST_NOTE, language) == guid, (
        "the GUID scheme changed: every learner would get a duplicate of every note and lose its review history")
    assert compile.deck_name(course, topic, language) == deck, (
        "the deck name changed: learners' cards would move to a new deck tree beside the old one")
    assert ids.deck_id(course.id, language, topic.id) == deck_id, DECK_ID_CHANGED
    assert ids.deck_id(course.id, language) == course_deck_id, DECK_ID_CHANGED


def test_note_and_card_ids_count_from_the_lock_time_per_language():
    # The committed lock's time; the first note of each committed package has these ids.
    assert [ids.first_row_id(1795975964, language) for language in LANGUAGES] == [
        1795975964000, 1795985964000, 1795995964000], (
        "note and card ids changed: every package changes without a source edit, and learners see new "
        "'Added' dates")


@pytest.mark.parametrize("language", LANGUAGES)
def test_known_notes_keep_their_guid_deck_and_note_type_in_the_built_deck(course, language):
    compiled = compile.compile_language(course, language, Lock(created=1_700_000_000, now=1_700_000_000))
    built = {note.guid: (note, deck) for deck in compiled.decks for note in deck.notes}
    for note_id, (guid, deck_name, deck_id, notetype_id) in KNOWN_NOTES[language].items():
        assert ids.note_guid(course.id, note_id, language) == guid, (
            f"note '{note_id}' has a new GUID: every learner gets a duplicate of it and loses its review history")
        assert guid in built, f"note '{note_id}' is built under another GUID: every learner gets a duplicate of it"
        note, deck = built[guid]
        assert deck.name == deck_name, (
            f"note '{note_id}' moved to the deck {deck.name!r}: learners' cards move to a deck tree beside the old one")
        assert deck.deck_id == deck_id, f"{deck_name!r}: {DECK_ID_CHANGED}"
        assert note.model.model_id == notetype_id, (
            f"note '{note_id}' has a new note type id: every learner gets a second note type and a duplicate "
            "of the note")
