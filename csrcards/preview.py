"""A proof sheet: every card's front and back as Anki shows it, in one HTML page.

The page is for trainers who check a release before handing it out. It needs
no network and no Anki: the CSS and the script are inline. Every card is
rendered from what the deck itself holds: the note types' templates and CSS
(notetypes.py) and the field HTML that compile.py puts into the notes. A small
renderer covers the part of Anki's template syntax those templates use:
{{Field}}, {{#Field}}...{{/Field}}, {{^Field}}...{{/Field}}, {{FrontSide}},
{{cloze:Field}} and {{tts xx_YY:...}}, which is shown as a play symbol and not
spoken. tests/test_preview.py compares the result with the cards the real Anki
engine renders.

Field HTML is escaped by markup.py; every other text put into the page is
escaped here.
"""

from __future__ import annotations

import html
import re
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

from . import LANGUAGES, cloze, compile, files, layout, notetypes
from .errors import CardsError, Problem
from .figures import mismatches
from .model import Course, Note, Text

PAGE = "index.html"
# Anki draws a 40 px round replay button for every TTS tag; so does the proof sheet.
PLAY = ('<span class="pv-play" title="Read aloud ({voice})" aria-label="play"><svg viewBox="0 0 64 64" '
        'width="40" height="40"><circle cx="32" cy="32" r="29"/><path d="M56.5,32.3l-37.5,20.1l0.3,-40.8l37.2,20.7Z"/>'
        '</svg></span>')

_TAG = re.compile(r"\{\{(.*?)\}\}", re.DOTALL)


@dataclass(frozen=True)
class Card:
    number: int  # the cloze number; 1 for a question/answer note
    front: str
    back: str


@dataclass(frozen=True)
class Flag:
    kind: str  # "missing", "figures", "stale" or "retired"; the CSS class is flag-<kind>
    language: str  # "" for a flag about the note as a whole
    message: str

    @property
    def text(self) -> str:
        return f"{self.language}: {self.message}" if self.language else self.message


def cards(course: Course, note: Note, language: str, spec: notetypes.NoteTypeSpec | None = None) -> list[Card]:
    """The note's cards in `language`, rendered as Anki renders them."""
    spec = spec or notetypes.spec(note.kind, language, course.id, course.title[language])
    values = dict(zip((f["name"] for f in spec.fields), compile.note_fields(course, note, language)))
    template = spec.templates[0]
    result = []
    for number in note.card_numbers(language):
        front = render(template["qfmt"], values, number, question=True)
        back = render(template["afmt"], values, number, question=False, front_side=front)
        result.append(Card(number, front, back))
    return result


def render(template: str, fields: dict[str, str], number: int, question: bool, front_side: str = "") -> str:
    """One side of card `number` (the cloze number; 1 for other cards)."""
    parts, shown, start = [], [True], 0
    for match in _TAG.finditer(template):
        if shown[-1]:
            parts.append(template[start:match.start()])
        start = match.end()
        tag = match[1].strip()
        if tag[:1] in ("#", "^"):
            filled = bool(fields[tag[1:].strip()].strip())
            shown.append(shown[-1] and filled == (tag[0] == "#"))
        elif tag[:1] == "/":
            shown.pop()
        elif shown[-1]:
            parts.append(_replacement(tag, fields, number, question, front_side))
    if len(shown) != 1:
        raise ValueError(f"unbalanced {{{{#...}}}} sections in template: {template!r}")
    parts.append(template[start:])
    return "".join(parts)


def _replacement(tag: str, fields: dict[str, str], number: int, question: bool, front_side: str) -> str:
    *filters, name = tag.split(":")
    if filters and filters[0].startswith("tts "):
        return PLAY.format(voice=html.escape(filters[0][4:].split()[0]))
    if name == "FrontSide" and not filters:
        return front_side
    if filters == ["cloze"]:
        return _cloze(fields[name], number, question)
    if filters:
        raise ValueError(f"template filter not supported by the preview: {{{{{tag}}}}}")
    return fields[name]


def _cloze(text: str, number: int, question: bool) -> str:
    """Anki's cloze filter: the active deletion hidden on the front, shown on the back."""
    def deletion(part: str | cloze.Deletion) -> str:
        if isinstance(part, str):
            return part
        current, answer, hint = part.number, part.answer, part.hint
        if current != number:
            return f'<span class="cloze-inactive" data-ordinal="{current}">{answer}</span>'
        if question:
            return (f'<span class="cloze" data-cloze="{_attribute(answer)}" data-ordinal="{current}">'
                    f'[{hint or "..."}]</span>')
        return f'<span class="cloze" data-ordinal="{current}">{answer}</span>'

    return "".join(map(deletion, cloze.read(text).parts))


_NAMED = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"}


def _attribute(text: str) -> str:
    """A cloze answer as Anki writes it into the data-cloze attribute."""
    def encode(c: str) -> str:
        if c in _NAMED:
            return _NAMED[c]
        if ord(c) < 256 and not (c.isascii() and c.isalnum()):
            return f"&#x{ord(c):02X};"
        return c

    return "".join(map(encode, text))


def flags(note: Note, stale: Collection[tuple[str, str]] = ()) -> list[Flag]:
    """What a trainer should look at: missing texts, figures that differ from English.

    `stale` holds the (note id, language) pairs whose translation is marked
    out of date; the preview shows them, it does not decide them.
    """
    found = []
    if note.retired:
        found.append(Flag("retired", "", "retired: tagged for learners to suspend"))
    for key, text in note.texts():
        for language in LANGUAGES:
            if not text[language].strip():
                found.append(Flag("missing", language, f"{key}: no {notetypes.LANGUAGE_NAMES[language]} text"))
        for language, translated, english in mismatches(text):
            if text.en.strip() and text[language].strip():  # a missing text is flagged above
                found.append(Flag("figures", language, f"{key}: figures {_listed(translated)} "
                                                       f"but English has {_listed(english)}"))
    for language in LANGUAGES:
        if (note.id, language) in stale:
            found.append(Flag("stale", language, f"the {notetypes.LANGUAGE_NAMES[language]} text is marked stale"))
    return found


def _listed(numbers) -> str:
    return "[" + ", ".join(sorted(map(str, numbers.elements()))) + "]"


def page(course: Course, stale: Collection[tuple[str, str]] = ()) -> str:
    """The whole proof sheet as one HTML document."""
    specs = {(kind, language): notetypes.spec(kind, language, course.id, course.title[language])
             for kind in notetypes.KINDS for language in LANGUAGES}
    flagged, topics = [], []
    for topic in course.topics:
        notes = []
        for note in topic.notes:
            note_flags = flags(note, stale)
            if note_flags:
                flagged.append((note, note_flags))
            columns = [_column(note, language, cards(course, note, language, specs[(note.kind, language)]))
                       for language in LANGUAGES]
            notes.append(_note(note, note_flags, columns))
        topics.append(f'<section class="pv-topic" id="topic-{_e(topic.id)}">'
                      f'<h2>{_per_language(topic.title)}</h2>{"".join(notes)}</section>')
    card_count = sum(note.card_count for note in course.notes)
    summary = f"{len(course.notes)} notes, {card_count} cards per language (version {course.version})"
    buttons = "".join(
        f'<button type="button" data-show="{language}" aria-pressed="{str(language == "en").lower()}">'
        f"{_e(notetypes.LANGUAGE_NAMES[language])}</button>" for language in LANGUAGES)
    buttons += '<button type="button" data-show="all" aria-pressed="false">en | tl | bg</button>'
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{_e(course.title.en)}: proof sheet</title>
<style>
{notetypes.css()}
</style>
<style>
{_PAGE_CSS}
</style>
</head>
<body data-show="en">
<header class="pv-bar">
<h1>{_per_language(course.title)} <small>proof sheet</small></h1>
<p class="pv-summary">{_e(summary)}</p>
<div class="pv-switch" role="group" aria-label="Language">{buttons}</div>
<button type="button" class="pv-night" aria-pressed="false">Night mode</button>
</header>
{_flag_summary(flagged)}
<main>
{"".join(topics)}
</main>
<script>
{_SCRIPT}
</script>
</body>
</html>
"""


def _note(note: Note, note_flags: list[Flag], columns: list[str]) -> str:
    kind = "cloze" if note.kind == "cloze" else "question/answer"
    tags = " ".join(note.tags)
    meta = (f'<code class="pv-id">{_e(note.id)}</code> <span class="pv-kind">{kind}</span> '
            f'<span class="pv-source">source: {_e(note.source.source.article)} &middot; {_e(note.source.section)}</span>'
            + (f' <span class="pv-tags">tags: {_e(tags)}</span>' if tags else ""))
    return (f'<article class="pv-note" id="note-{_e(note.id)}"><header class="pv-note-head">{meta}'
            f"{_flag_list(note_flags)}</header>"
            f'<div class="pv-languages">{"".join(columns)}</div></article>')


def _column(note: Note, language: str, rendered: list[Card]) -> str:
    blocks = []
    for card in rendered:
        label = f"card {card.number}" if note.kind == "cloze" else "card"
        blocks.append(
            f'<div class="pv-card" data-note="{_e(note.id)}" data-card="{card.number}">'
            f'<div class="pv-side"><div class="pv-side-label">{label}: front</div>'
            f'<div class="card">{card.front}</div></div>'
            f'<div class="pv-side"><div class="pv-side-label">{label}: back</div>'
            f'<div class="card">{card.back}</div></div></div>')
    name = notetypes.LANGUAGE_NAMES[language]
    return (f'<div class="pv-language" data-language="{language}" lang="{language}">'
            f'<h3>{_e(name)}</h3>{"".join(blocks)}</div>')


def _flag_list(note_flags: list[Flag]) -> str:
    if not note_flags:
        return ""
    items = "".join(f'<li class="flag flag-{_e(f.kind)}">{_e(f.text)}</li>' for f in note_flags)
    return f'<ul class="pv-flags">{items}</ul>'


def _flag_summary(flagged: list[tuple[Note, list[Flag]]]) -> str:
    if not flagged:
        return '<section class="pv-flag-summary"><p>No flags: every text is there and the figures agree.</p></section>'
    items = "".join(f'<li><a href="#note-{_e(note.id)}">{_e(note.id)}</a>: '
                    + "; ".join(_e(f.text) for f in note_flags)
                    + "</li>" for note, note_flags in flagged)
    return (f'<section class="pv-flag-summary"><p>{len(flagged)} flagged note'
            f'{"s" if len(flagged) != 1 else ""}:</p><ul>{items}</ul></section>')


def _per_language(text: Text) -> str:
    return "".join(f'<span class="pv-title" data-language="{language}" lang="{language}">{_e(text[language])}</span>'
                   for language in LANGUAGES)


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def write(course: Course, folder: Path, root: Path, stale: Collection[tuple[str, str]] = ()) -> Path:
    """Write the proof sheet to folder/index.html; CardsError if it cannot be written."""
    path = folder / PAGE
    try:
        files.write(path, page(course, stale).encode("utf-8"))
    except OSError as error:
        raise CardsError([Problem(layout.shown(folder, root), 1, 1,
                                  f"cannot write the preview: {error.strerror or error}",
                                  "check that the folder exists and is writable")]) from None
    return path


# The page's own rules use the pv- prefix, so they never meet the card CSS.
_PAGE_CSS = """
body { margin: 0; font-family: system-ui, sans-serif; background: #eceff3; color: #1f2328; }
body.night_mode { background: #111315; color: #e8e8e6; }
.pv-bar { position: sticky; top: 0; z-index: 1; display: flex; flex-wrap: wrap; align-items: center;
  gap: 0.5em 1.2em; padding: 0.6em 1em; background: #fff; border-bottom: 1px solid #ccd2d9; }
body.night_mode .pv-bar { background: #1d1f21; border-color: #3b4046; }
.pv-bar h1 { margin: 0; font-size: 1.2em; }
.pv-bar small { font-weight: normal; color: #5b6470; }
.pv-summary { margin: 0; color: #5b6470; }
.pv-switch button, .pv-night { font: inherit; padding: 0.25em 0.8em; border: 1px solid #9aa4af;
  background: #f6f8fa; color: inherit; border-radius: 0.3em; cursor: pointer; }
body.night_mode .pv-switch button, body.night_mode .pv-night { background: #2b2f33; }
body .pv-switch button[aria-pressed="true"], body .pv-night[aria-pressed="true"] { background: #0b5cad; color: #fff;
  border-color: #0b5cad; }
.pv-flag-summary, main { padding: 0 1em; }
.pv-flag-summary ul { margin-top: 0; }
.pv-topic h2 { margin: 1.2em 0 0.4em; }
.pv-note { margin: 0 0 1.2em; padding: 0.6em 0.8em; background: #fff; border: 1px solid #ccd2d9;
  border-radius: 0.4em; }
body.night_mode .pv-note { background: #181a1c; border-color: #3b4046; }
.pv-note-head { font-size: 0.85em; color: #5b6470; display: flex; flex-wrap: wrap; gap: 0.2em 1em; }
.pv-id { font-size: 1.15em; font-weight: 600; color: #1f2328; }
body.night_mode .pv-id { color: #e8e8e6; }
.pv-flags { flex-basis: 100%; margin: 0.3em 0 0; padding: 0; list-style: none; }
.flag { display: inline-block; margin: 0.15em 0.4em 0 0; padding: 0.1em 0.5em; border-radius: 0.3em;
  color: #fff; background: #b42318; }
.flag-figures { background: #b54708; }
.flag-stale { background: #6941c6; }
.flag-retired { background: #5b6470; }
.pv-languages { display: grid; gap: 0.8em; }
body[data-show="all"] .pv-languages { grid-template-columns: repeat(3, minmax(0, 1fr)); }
body[data-show="en"] [data-language]:not([data-language="en"]),
body[data-show="tl"] [data-language]:not([data-language="tl"]),
body[data-show="bg"] [data-language]:not([data-language="bg"]) { display: none; }
body:not([data-show="all"]) .pv-language h3,
body:not([data-show="all"]) .pv-title + .pv-title::before { display: none; }
body[data-show="all"] .pv-title + .pv-title::before { content: " | "; color: #9aa4af; }
.pv-language h3 { margin: 0.3em 0; font-size: 0.9em; color: #5b6470; }
.pv-card { display: grid; grid-template-columns: repeat(auto-fit, minmax(16em, 1fr)); gap: 0.5em; margin: 0.5em 0; }
body[data-show="all"] .pv-card { grid-template-columns: 1fr; }
.pv-side { display: flex; flex-direction: column; border: 1px solid #ccd2d9; border-radius: 0.3em; overflow: hidden; }
.pv-side-label { padding: 0.15em 0.5em; font-size: 0.75em; color: #5b6470; background: #f6f8fa; }
body.night_mode .pv-side-label { background: #2b2f33; color: #a3abb5; }
.pv-side .card { flex: 1; padding: 0.8em 0.4em; min-height: 4em; }
.pv-play { display: inline-block; vertical-align: middle; }
.pv-play circle { fill: #e6e6e6; } .pv-play path { fill: #555; }
body.night_mode .pv-play circle { fill: #3b4046; } body.night_mode .pv-play path { fill: #e8e8e6; }
body.night_mode .pv-note-head, body.night_mode .pv-summary, body.night_mode .pv-bar small,
body.night_mode .pv-language h3 { color: #a3abb5; }
@media (max-width: 700px) { body[data-show="all"] .pv-languages { grid-template-columns: 1fr; } }
"""

# Which language is shown is one attribute on <body>; the CSS does the rest.
_SCRIPT = """
(function () {
  var body = document.body;
  var buttons = document.querySelectorAll(".pv-switch button");
  buttons.forEach(function (button) {
    button.addEventListener("click", function () {
      body.setAttribute("data-show", button.getAttribute("data-show"));
      buttons.forEach(function (other) { other.setAttribute("aria-pressed", String(other === button)); });
    });
  });
  var night = document.querySelector(".pv-night");
  night.addEventListener("click", function () {
    night.setAttribute("aria-pressed", String(body.classList.toggle("night_mode")));
  });
})();
"""
