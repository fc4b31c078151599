"""The figures (numbers) in a text, so that translations can be compared.

A translation may reword everything except its figures: "$32,890" in English,
"$32,890" in Tagalog and "32 890 долара" in Bulgarian are the same figure, and
`figures()` returns the same multiset for all three. Each language writes
numbers its own way:

- en, tl: "," groups thousands and "." marks decimals: "2,785,000", "$15.81".
- bg: a space (or a no-break space) groups thousands and "," marks decimals:
  "2 785 000", "15,81".

A separator counts only between digits and only in its exact place, so lists
stay lists: "2016, 2026" is two numbers in every language, as is the range
"2016–2026". A currency sign or unit is not part of a number ("100%" is 100),
and digits that follow letters belong to a word, not a figure: the "1" of a
cloze deletion "{{c1::...}}" is never counted. One reading is ambiguous and
is taken as a single number: a Bulgarian number followed by a separate
three-digit one ("5 100" is 5100), so write such lists with a comma.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from decimal import Decimal

from . import cloze

# Not after a letter or digit, so "c1", "B2B" and "H20" hold no figures.
_START = r"(?<!\w)"
_EN_NUMBER = re.compile(_START + r"(?P<whole>[0-9]{1,3}(?:,[0-9]{3})+(?![0-9])|[0-9]+)(?:\.(?P<decimals>[0-9]+))?")
_BG_NUMBER = re.compile(_START + r"(?P<whole>[0-9]{1,3}(?:[ \u00a0\u202f][0-9]{3})+(?![0-9])|[0-9]+)(?:,(?P<decimals>[0-9]+))?")
_NUMBER = {"en": _EN_NUMBER, "tl": _EN_NUMBER, "bg": _BG_NUMBER}

# Where a figure can start. Reading a cloze text's deletions (below) only takes
# away `{{cN::`, `::` and `}}` and puts a space before a hint, so a digit that
# then has no letter before it already had `:` or `}` before it in the text:
# a text without such a start holds no figure, deletions or not.
_FIGURE_START = re.compile(_START + "[0-9]")


def figures(text: str, language: str) -> Counter[Decimal]:
    """The multiset of numbers in `text`, as written in `language` (en, tl or bg)."""
    found: Counter[Decimal] = Counter()
    if not _FIGURE_START.search(text):  # most texts, and "{{c1::...}}" alone
        return found
    if "{{" in text:  # a cloze text: its answers and hints, without the numbers of c1, c2
        text = "".join(part if isinstance(part, str) else part.answer + (f" {part.hint}" if part.hint else "")
                       for part in cloze.read(text).parts)
    for match in _NUMBER[language].finditer(text):
        whole = re.sub(r"[^0-9]", "", match["whole"])
        decimals = match["decimals"]
        found[Decimal(f"{whole}.{decimals}" if decimals else whole)] += 1
    return found


def mismatches(text) -> Iterator[tuple[str, Counter[Decimal], Counter[Decimal]]]:
    """Each translation whose figures differ from the English text's.

    `text` maps en, tl and bg to their texts; yields (language, its figures,
    the English figures).
    """
    if not any(_FIGURE_START.search(text[language]) for language in ("en", "tl", "bg")):
        return  # most texts: no figures anywhere, so none differ
    english = figures(text["en"], "en")
    for language in ("tl", "bg"):
        found = figures(text[language], language)
        if found != english:
            yield language, found, english
