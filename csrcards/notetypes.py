"""The Anki note types: designed once, because learners cannot follow a change.

Anki matches an incoming note type to the learner's copy by its id. When the
field and template names still match and the incoming `mod` is newer, the
learner gets the new CSS and templates. Adding, removing or renaming a field or
template instead gives the learner a second copy of the note type, and every
note shows as conflicting. So:

- ids are fixed numbers written here, never derived from names or text;
- fields and templates carry fixed `id` keys as well;
- the field list covers what the decks need now and later (the English wording
  for tl/bg learners, an optional extra, the source, a status marker for retired
  notes). An unused field is empty and its block is hidden by the template.

There is one question/answer and one cloze note type per language, since the
TTS tag and the `lang` attribute are part of the template. CSS and templates
may change freely; the lock gives the note type a newer `mod` when they do.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources

from . import LANGUAGES

TTS = {"en": "en_US", "tl": "fil_PH", "bg": "bg_BG"}
LANGUAGE_NAMES = {"en": "English", "tl": "Tagalog", "bg": "Bulgarian"}

# Fixed for ever: changing one strands every learner's notes of that type.
NOTETYPE_IDS = {
    ("qa", "en"): 1763700000101,
    ("qa", "tl"): 1763700000102,
    ("qa", "bg"): 1763700000103,
    ("cloze", "en"): 1763700000201,
    ("cloze", "tl"): 1763700000202,
    ("cloze", "bg"): 1763700000203,
}

# (field name, fixed number). A field's id is the note type id * 100 + number.
FIELDS = {
    "qa": (("Front", 1), ("Back", 2), ("Extra", 3), ("EnglishFront", 4), ("EnglishBack", 5),
           ("EnglishExtra", 6), ("Source", 7), ("Status", 8)),
    "cloze": (("Text", 1), ("Extra", 3), ("EnglishText", 4), ("EnglishExtra", 6), ("Source", 7),
              ("Status", 8)),
}
TEMPLATE_NAMES = {"qa": "Question", "cloze": "Cloze"}
TEMPLATE_NUMBER = 91  # a template's id is the note type id * 100 + 91

ENGLISH_LABEL = {"en": "English", "tl": "Sa English", "bg": "На английски"}


@dataclass(frozen=True)
class NoteTypeSpec:
    """Everything Anki stores for a note type, before genanki sees it."""

    id: int
    name: str
    kind: str
    language: str
    fields: tuple[dict, ...]
    templates: tuple[dict, ...]
    css: str


def css() -> str:
    return resources.files(__package__).joinpath("card.css").read_text("utf-8")


def spec(kind: str, language: str) -> NoteTypeSpec:
    notetype_id = NOTETYPE_IDS[(kind, language)]
    fields = tuple({"name": name, "id": notetype_id * 100 + number} for name, number in FIELDS[kind])
    front, back = (_qa if kind == "qa" else _cloze)(language)
    template = {"name": TEMPLATE_NAMES[kind], "id": notetype_id * 100 + TEMPLATE_NUMBER,
                "qfmt": front, "afmt": back}
    name = f"csrcards {'Question/Answer' if kind == 'qa' else 'Cloze'} ({LANGUAGE_NAMES[language]})"
    return NoteTypeSpec(notetype_id, name, kind, language, fields, (template,), css())


def all_specs() -> list[NoteTypeSpec]:
    return [spec(kind, language) for kind in FIELDS for language in LANGUAGES]


def _status() -> str:
    return '{{#Status}}<div class="status">{{Status}}</div>{{/Status}}'


def _english(language: str, field: str, speak: str, *blocks: str) -> str:
    """The English wording, visually secondary, on the back of tl and bg cards.

    `field` guards the block (it is empty in the English decks); `speak` is
    what the English play button reads.
    """
    if language == "en":
        return ""
    return (f'{{{{#{field}}}}}<div class="english" lang="en">'
            f'<div class="label">{ENGLISH_LABEL[language]}</div>{"".join(blocks)}'
            f'<div class="speak">{{{{tts en_US:{speak}}}}}</div></div>{{{{/{field}}}}}')


def _source() -> str:
    return '<div class="source">{{Source}}</div>'


def _qa(language: str) -> tuple[str, str]:
    tts = TTS[language]
    front = (f'<div class="csr lang-{language}" lang="{language}">{_status()}'
             f'<div class="prompt">{{{{Front}}}}</div>'
             f'<div class="speak">{{{{tts {tts}:Front}}}}</div></div>')
    back = (f'{{{{FrontSide}}}}<hr id="answer">'
            f'<div class="csr lang-{language}" lang="{language}">'
            f'<div class="answer">{{{{Back}}}}</div>'
            f'<div class="speak">{{{{tts {tts}:Back}}}}</div>'
            f'{{{{#Extra}}}}<div class="extra">{{{{Extra}}}}</div>{{{{/Extra}}}}'
            + _english(language, "EnglishBack", "EnglishBack",
                       '<div class="en-front">{{EnglishFront}}</div>',
                       '<div class="en-back">{{EnglishBack}}</div>',
                       '{{#EnglishExtra}}<div class="en-extra">{{EnglishExtra}}</div>{{/EnglishExtra}}')
            + f"{_source()}</div>")
    return front, back


def _cloze(language: str) -> tuple[str, str]:
    tts = TTS[language]
    front = (f'<div class="csr lang-{language}" lang="{language}">{_status()}'
             f'<div class="prompt">{{{{cloze:Text}}}}</div>'
             f'<div class="speak">{{{{tts {tts}:cloze:Text}}}}</div></div>')
    back = (f'<div class="csr lang-{language}" lang="{language}">{_status()}'
            f'<div class="prompt">{{{{cloze:Text}}}}</div>'
            f'<div class="speak">{{{{tts {tts}:cloze-only:Text}}}}</div>'
            f'{{{{#Extra}}}}<div class="extra">{{{{Extra}}}}</div>{{{{/Extra}}}}'
            + _english(language, "EnglishText", "cloze-only:EnglishText",
                       '<div class="en-back">{{cloze:EnglishText}}</div>',
                       '{{#EnglishExtra}}<div class="en-extra">{{EnglishExtra}}</div>{{/EnglishExtra}}')
            + f"{_source()}</div>")
    return front, back
