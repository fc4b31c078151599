"""Plain source text to the HTML that goes into an Anki field.

Anki inserts field content into the card as HTML without sanitising it, so all
text is escaped here. The only markup a trainer can write is a small, safe
subset: **bold**, *italic* and line breaks. Characters that Anki would read as
its own commands in rendered text are neutralised too: `[` (for `[sound:...]`
and `[anki:...]`) and braces (for `{{...}}`), except the cloze deletions
`{{cN::answer}}` / `{{cN::answer::hint}}` of a cloze note.
"""

from __future__ import annotations

import html
import re

from .model import CLOZE

_BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
_ITALIC = re.compile(r"(?<![\w*])\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?![\w*])")
_NEUTRAL = str.maketrans({"[": "&#91;", "]": "&#93;", "{": "&#123;", "}": "&#125;"})
_SPECIAL = re.compile(r"[\[\]{}]")


def field_html(text: str, cloze: bool = False) -> str:
    """The HTML for one field. With cloze=True, {{cN::...}} deletions are kept."""
    if not cloze:
        return _inline(text)
    parts, last = [], 0
    for match in CLOZE.finditer(text):
        parts.append(_inline(text[last:match.start()]))
        number, answer, hint = match.groups()
        inner = _inline(answer) + (f"::{_inline(hint)}" if hint is not None else "")
        parts.append(f"{{{{c{number}::{inner}}}}}")
        last = match.end()
    parts.append(_inline(text[last:]))
    return "".join(parts)


def _inline(text: str) -> str:
    escaped = html.escape(text, quote=False)
    if _SPECIAL.search(escaped):
        escaped = escaped.translate(_NEUTRAL)
    if "*" in escaped:
        escaped = _BOLD.sub(r"<b>\1</b>", escaped)
        escaped = _ITALIC.sub(r"<i>\1</i>", escaped)
    if "\n" in escaped:
        escaped = escaped.replace("\r\n", "\n").strip("\n").replace("\n", "<br>")
    return escaped


def plain(text: str) -> str:
    """The text with cloze deletions shown as their answers (for listings)."""
    return CLOZE.sub(lambda m: m.group(2), text)
