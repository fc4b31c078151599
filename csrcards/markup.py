"""Plain source text to the HTML that goes into an Anki field.

Anki inserts field content into the card as HTML without sanitising it, so all
text is escaped here. The only markup a trainer can write is a small, safe
subset: **bold**, *italic* and line breaks. Characters that Anki would read as
its own commands in rendered text are neutralised too: `[` (for `[sound:...]`
and `[anki:...]`) and braces, except the cloze deletions `{{cN::answer}}` /
`{{cN::answer::hint}}` of a cloze note, as cloze.py reads them. So the only
braces Anki finds in a field are those of the deletions csrcards counted.

Two things keep a card readable on a phone: lines that start with "- " become
a real list (left-aligned, one bullet per item), and a figure stays on one
line with what belongs to it: the groups of a number ("32 890"), a number and
its unit ("32 890 долара", "2017 г."), and a range of years ("2016–2026").
"""

from __future__ import annotations

import re

from . import cloze

_BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
_ITALIC = re.compile(r"(?<![\w*])\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?![\w*])")
_NEUTRAL = str.maketrans({"[": "&#91;", "]": "&#93;", "{": "&#123;", "}": "&#125;"})
_SPECIAL = re.compile(r"[\[\]{}]")
_LIST_ITEM = re.compile(r"^- +(?=\S)")
# A space inside a number or between a number and a short unit word or
# abbreviation ("долара", "г.", "%"), and a range of years.
_NUMBER_SPACE = re.compile(r"(?<=\d)[ \u00a0](?=\d{3}(?!\d)|(?:долара|долар|лв\.|г\.|%|евро|часа|души)(?!\w))")
_YEAR_RANGE = re.compile(r"(?<!\d)(\d{4})([–-])(\d{4})(?!\d)")
_DIGIT = re.compile(r"\d")  # both patterns above need one
_ANY_MARKUP = re.compile(r"[\[\]{}*\d\n]")  # what any of the steps of _inline() acts on


def escape(text: str, quote: bool = False) -> str:
    """html.escape(text, quote), without importing html (and its table of entities) for it."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace('"', "&quot;").replace("'", "&#x27;") if quote else text


def field_html(text: str, as_cloze: bool = False) -> str:
    """The HTML for one field. With as_cloze=True, the {{cN::...}} deletions are kept."""
    if not as_cloze:
        return _inline(text)
    return cloze_html(cloze.read(text))


def cloze_html(reading: cloze.Reading) -> str:
    """The HTML for a cloze text already read, its deletions kept."""
    return "".join(_inline(part) if isinstance(part, str) else _deletion(part) for part in reading.parts)


def _deletion(deletion: cloze.Deletion) -> str:
    hint = f"::{_inline(deletion.hint)}" if deletion.hint is not None else ""
    return f"{{{{c{deletion.number}::{_inline(deletion.answer)}{hint}}}}}"


def _inline(text: str) -> str:
    escaped = escape(text)
    if not _ANY_MARKUP.search(escaped):
        return escaped  # most texts: nothing below would change them
    if _SPECIAL.search(escaped):
        escaped = escaped.translate(_NEUTRAL)
    if "*" in escaped:
        escaped = _BOLD.sub(r"<b>\1</b>", escaped)
        escaped = _ITALIC.sub(r"<i>\1</i>", escaped)
    if _DIGIT.search(escaped):
        escaped = _NUMBER_SPACE.sub("&nbsp;", escaped)
        escaped = _YEAR_RANGE.sub(r'<span class="nowrap">\1\2\3</span>', escaped)
    if "\n" in escaped:
        escaped = _lines(escaped.replace("\r\n", "\n").strip("\n"))
    return escaped


def _lines(text: str) -> str:
    """Line breaks as <br>, and runs of "- " lines as a list."""
    parts: list[str] = []
    items: list[str] = []
    for line in text.split("\n"):
        item = _LIST_ITEM.match(line)
        if item:
            items.append(f"<li>{line[item.end():]}</li>")
            continue
        if items:
            parts.append(f'<ul class="list">{"".join(items)}</ul>')
            items = []
        parts.append(line + "<br>")
    if items:
        parts.append(f'<ul class="list">{"".join(items)}</ul>')
    return "".join(parts).removesuffix("<br>")

