"""Plain source text to the HTML that goes into an Anki field.

Anki inserts field content into the card as HTML without sanitising it, so all
text is escaped here. The only markup a trainer can write is a small, safe
subset: **bold**, *italic* and line breaks. Characters that Anki would read as
its own commands in rendered text are neutralised too: `[` (for `[sound:...]`
and `[anki:...]`) and braces, except the cloze deletions `{{cN::answer}}` /
`{{cN::answer::hint}}` of a cloze note, as cloze.py reads them. So the only
braces Anki finds in a field are those of the deletions csrcards counted.
"""

from __future__ import annotations

import html
import re

from . import cloze

_BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
_ITALIC = re.compile(r"(?<![\w*])\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?![\w*])")
_NEUTRAL = str.maketrans({"[": "&#91;", "]": "&#93;", "{": "&#123;", "}": "&#125;"})
_SPECIAL = re.compile(r"[\[\]{}]")


def field_html(text: str, as_cloze: bool = False) -> str:
    """The HTML for one field. With as_cloze=True, the {{cN::...}} deletions are kept."""
    if not as_cloze:
        return _inline(text)
    return "".join(_inline(part) if isinstance(part, str) else _deletion(part) for part in cloze.read(text).parts)


def _deletion(deletion: cloze.Deletion) -> str:
    hint = f"::{_inline(deletion.hint)}" if deletion.hint is not None else ""
    return f"{{{{c{deletion.number}::{_inline(deletion.answer)}{hint}}}}}"


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

