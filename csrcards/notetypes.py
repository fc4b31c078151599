"""The Anki note types: designed once, because learners cannot follow a change.

Anki matches an incoming note type to the learner's copy by its id. When the
field and template names still match and the incoming `mod` is newer, the
learner gets the new CSS and templates. Adding, removing or renaming a field or
template instead gives the learner a second copy of the note type, and every
note shows as conflicting (Anki's importer, rslib/src/import_export/package/
apkg/import/notes.rs). So:

- ids come from the course id (ids.py), never from names or text;
- fields and templates carry fixed `id` keys as well;
- the field list is final, and tests/test_frozen.py pins it.

There is one question/answer and one cloze note type per language, since the
TTS tag and the `lang` attribute are part of the template. Tagalog and
Bulgarian cards carry the English wording too (these trainees work in
English); the English note types have no such fields. CSS and templates may
change freely; the lock gives the note type a newer `mod` when they do.

The cloze front's TTS tag has a `cloze_blank=` option: the word the voice says
for the gap. Anki honours it from 2.1.50 (rslib/src/card_rendering/writer.rs;
without it the voice says "blank" in the learner's interface language); older
versions pass over the option, and the card is otherwise the same.
"""

from __future__ import annotations

from typing import NamedTuple
from pathlib import Path

from . import ids

TTS = {"en": "en_US", "tl": "fil_PH", "bg": "bg_BG"}
LANGUAGE_NAMES = {"en": "English", "tl": "Tagalog", "bg": "Bulgarian"}
KINDS = ("qa", "cloze")

# (field name, fixed number). A field's id is the note type id * 100 + number.
_ENGLISH_FIELDS = {"qa": (("EnglishFront", 4), ("EnglishBack", 5), ("EnglishExtra", 6)),
                   "cloze": (("EnglishText", 4), ("EnglishExtra", 6))}
_OWN_FIELDS = {"qa": (("Front", 1), ("Back", 2), ("Extra", 3)), "cloze": (("Text", 1), ("Extra", 3))}
_COMMON_FIELDS = (("Source", 7), ("Status", 8))
TEMPLATE_NAMES = {"qa": "Question", "cloze": "Cloze"}
TEMPLATE_NUMBER = 91  # a template's id is the note type id * 100 + 91

KIND_NAMES = {
    "qa": {"en": "Question", "tl": "Tanong", "bg": "Въпрос"},
    "cloze": {"en": "Cloze", "tl": "Cloze", "bg": "Пропуск"},
}
ENGLISH_LABEL = {"tl": "Sa English", "bg": "На английски"}
# What the voice says for a cloze gap in each language ("blangko" is Anki's own Tagalog word;
# Anki's Bulgarian interface has none and would say the English "blank").
CLOZE_BLANK = {"en": "blank", "tl": "blangko", "bg": "пропуск"}


def field_names(kind: str, language: str) -> tuple[str, ...]:
    return tuple(name for name, _ in _fields(kind, language))


def _fields(kind: str, language: str) -> tuple[tuple[str, int], ...]:
    english = _ENGLISH_FIELDS[kind] if language != "en" else ()
    return _OWN_FIELDS[kind] + english + _COMMON_FIELDS


class NoteTypeSpec(NamedTuple):
    """Everything Anki stores for a note type, before genanki sees it."""

    id: int
    name: str
    kind: str
    language: str
    fields: tuple[dict, ...]
    templates: tuple[dict, ...]
    css: str


def css() -> str:
    return (Path(__file__).parent / "card.css").read_text("utf-8")


def spec(kind: str, language: str, course_id: str, course_title: str) -> NoteTypeSpec:
    """The note type of `kind` ("qa" or "cloze") for one language's deck of a course."""
    notetype_id = ids.notetype_id(course_id, kind, language)
    fields = tuple({"name": name, "id": notetype_id * 100 + number} for name, number in _fields(kind, language))
    front, back = (_qa if kind == "qa" else _cloze)(language)
    template = {"name": TEMPLATE_NAMES[kind], "id": notetype_id * 100 + TEMPLATE_NUMBER,
                "qfmt": front, "afmt": back}
    name = f"{course_title} · {KIND_NAMES[kind][language]}"
    return NoteTypeSpec(notetype_id, name, kind, language, fields, (template,), css())


def _open(language: str) -> str:
    return f'<div class="csr lang-{language}" lang="{language}">'


def _status() -> str:
    return '{{#Status}}<div class="status">{{Status}}</div>{{/Status}}'


def _speak(*tags: str) -> str:
    return f'<div class="speak">{"".join("{{" + tag + "}}" for tag in tags)}</div>'


def _line(role: str, field: str, css_class: str = "") -> str:
    """One line of the English block: its role, the text, and its own play button."""
    role_html = f'<span class="en-role">{role}</span>' if role else ""
    return (f'<div class="en-line{css_class}">{role_html}<span class="en-text">{{{{{field}}}}}</span>'
            f'<span class="en-speak">{{{{tts en_US:{field}}}}}</span></div>')


def _english(language: str, guard: str, *lines: str) -> str:
    """The English wording on the back of tl and bg cards, each line with its play button."""
    if language == "en":
        return ""
    return (f'{{{{#{guard}}}}}<div class="english" lang="en"><div class="label">{ENGLISH_LABEL[language]}</div>'
            + "".join(lines)
            + '{{#EnglishExtra}}<div class="en-extra">{{EnglishExtra}}</div>{{/EnglishExtra}}'
            + f"</div>{{{{/{guard}}}}}")


def _footer() -> str:
    return '{{#Extra}}<div class="extra">{{Extra}}</div>{{/Extra}}'


def _source() -> str:
    return '{{#Source}}<div class="source">{{Source}}</div>{{/Source}}'


def _qa(language: str) -> tuple[str, str]:
    tts = TTS[language]
    front = f'{_open(language)}{_status()}<div class="prompt">{{{{Front}}}}</div>{_speak(f"tts {tts}:Front")}</div>'
    back = ('{{FrontSide}}<hr id="answer">'
            f'{_open(language)}<div class="answer">{{{{Back}}}}</div>{_speak(f"tts {tts}:Back")}{_footer()}'
            + _english(language, "EnglishBack", _line("Question", "EnglishFront"),
                       _line("Answer", "EnglishBack", " en-answer"))
            + f"{_source()}</div>")
    return front, back


def _cloze(language: str) -> tuple[str, str]:
    tts = TTS[language]
    front = (f'{_open(language)}{_status()}<div class="prompt">{{{{cloze:Text}}}}</div>'
             f'{_speak(f"tts {tts} cloze_blank={CLOZE_BLANK[language]}:cloze:Text")}</div>')
    back = (f'{_open(language)}{_status()}<div class="prompt">{{{{cloze:Text}}}}</div>'
            f'{_speak(f"tts {tts}:cloze:Text")}{_footer()}'
            + _english(language, "EnglishText", _line("", "cloze:EnglishText", " en-answer"))
            + f"{_source()}</div>")
    return front, back
