"""Cloze deletions: the one reading of `{{c1::answer}}` that every supported Anki shares.

A cloze text holds deletions, `{{c1::answer}}` or `{{c1::answer::hint}}`, and
Anki makes one card per deletion number. Anki's own reading has changed over
the years: before 2.1.56 it was case-blind (`{{C1::…}}` hid its text) and knew
no nesting; from 2.1.56 a deletion may hold other deletions; after 24.11
`{{c1,2::…}}` hides its text on two cards. A text that one version reads as a
deletion and another shows as typed would put the answer on the front of the
card for some learners. So csrcards accepts exactly the forms that read the
same on every Anki from `engines.MINIMUM_ANKI` on:

- `{{c` + a number from 1 to MAX_NUMBER, without leading zeros, + `::`;
- an answer that is not blank, and optionally `::` and a hint that is not blank;
- no `{` or `}` inside a deletion or right next to it, no second `::` and no
  `:::` (Anki ends a deletion at the first `}}` and splits it at the first `::`);
- no deletion inside another;
- `{{`, `}}` and `::` nowhere else: outside a deletion they show as typed.

Texts that are not cloze texts (fronts, backs, extras) may hold none of
`{{`, `}}` and `::`. Everything else is a Mistake, located by its offset in the
text, which validate.py turns into a problem at FILE:LINE:COL.

The same reading serves the card count (model.py), the field HTML
(markup.py), the preview and the release notes.
"""

from __future__ import annotations

import re
from typing import NamedTuple

MAX_NUMBER = 100
MAX_MISTAKES = 10  # per text: one with more is rewritten, not mended mistake by mistake

_MARK = re.compile(r"\{\{|\}\}|::")
_OPENER = re.compile(r"\{\{c([1-9][0-9]*)::")
# What a trainer may have meant by a `{{` that opens no deletion: the letters and numbers after it.
_LOOK_ALIKE = re.compile(r"\{\{\s*([A-Za-z]*)\s*([0-9][0-9,\s]*)?")
_BRACE = re.compile(r"[{}]")


# Plain records: a course holds several per cloze note, and they are made as texts are read.


class Deletion(NamedTuple):
    number: int
    answer: str
    hint: str | None
    start: int  # where `{{` stands in the text
    end: int  # just after `}}`


class Mistake(NamedTuple):
    offset: int  # where in the text the mistake starts
    message: str
    hint: str


class Reading(NamedTuple):
    parts: tuple[str | Deletion, ...]  # the text in order: plain runs and deletions
    mistakes: tuple[Mistake, ...]

    @property
    def deletions(self) -> tuple[Deletion, ...]:
        return tuple(part for part in self.parts if isinstance(part, Deletion))

    @property
    def numbers(self) -> frozenset[int]:
        """The deletion numbers: one card each."""
        return frozenset(part.number for part in self.parts if isinstance(part, Deletion))


def read(text: str, cloze: bool = True) -> Reading:
    """The deletions of a text, and every mistake in it.

    With cloze=False (fronts, backs, extras) no deletion is allowed at all.
    What is not a deletion stays plain text in `parts`, so a text read from a
    package made by an older csrcards can still be shown.

    One pass from left to right, as Anki reads: `{{` opens a construct (a
    deletion if `_OPENER` matches there), `}}` closes the innermost open one.
    Only outermost constructs are judged, once each, so the work stays in
    proportion to the text however its braces nest; reading stops at
    MAX_MISTAKES.
    """
    parts: list[str | Deletion] = []
    mistakes: list[Mistake] = []
    plain_from = position = depth = 0
    outer: _Open | None = None  # the outermost open construct; `depth` counts it and those inside it
    while len(mistakes) < MAX_MISTAKES and (mark := _MARK.search(text, position)) is not None:
        at, position = mark.start(), mark.end()
        if mark.group() == "{{":
            if cloze and _OPENER.match(text, at + 1):  # `{{{c1::`: a brace, then the deletion, which reports it
                position = at + 1
                continue
            depth += 1
            if outer is None:
                opener = _OPENER.match(text, at)
                outer = _Open(at, opener)
                position = opener.end() if opener else position
            elif outer.inner is None:
                outer.inner = at
        elif mark.group() == "::":
            if outer is None:
                mistakes.append(_stray_colons(at, cloze))
        elif outer is None:
            mistakes.append(_stray_close(at, cloze))
        else:
            depth -= 1
            if depth:
                continue  # an inner construct closed: the outermost one is judged as a whole
            deletion, mistake = _judge(text, outer, at, cloze)
            outer = None
            if mistake is not None:
                mistakes.append(mistake)
            else:
                parts.extend(filter(None, [text[plain_from:deletion.start]]))
                parts.append(deletion)
                plain_from = deletion.end
    if outer is not None and len(mistakes) < MAX_MISTAKES:
        mistakes.append(_unclosed(text, outer, cloze))
    parts.extend(filter(None, [text[plain_from:]]))
    return Reading(tuple(parts), tuple(mistakes))


def numbers(text: str) -> frozenset[int]:
    """The deletion numbers of a cloze text: one card each."""
    return read(text).numbers


def answers(text: str | Reading) -> dict[int, tuple[str, ...]]:
    """Each deletion number with the answers it hides, in text order (from the text, or its reading)."""
    found: dict[int, tuple[str, ...]] = {}
    for deletion in (text if isinstance(text, Reading) else read(text)).deletions:
        found[deletion.number] = found.get(deletion.number, ()) + (deletion.answer,)
    return found


def plain(text: str) -> str:
    """The text as the back of its cards reads: each deletion shown as its answer."""
    return "".join(part if isinstance(part, str) else part.answer for part in read(text).parts)


class _Open:
    """A construct opened by `{{` and not yet closed."""

    __slots__ = ("at", "opener", "inner")

    def __init__(self, at: int, opener: re.Match | None):
        self.at = at
        self.opener = opener  # the deletion's opener; None for another `{{`
        self.inner: int | None = None  # where the first construct inside it opens


def _judge(text: str, construct: _Open, close: int, cloze: bool) -> tuple[Deletion | None, Mistake | None]:
    """An outermost construct, from its `{{` to the `}}` at `close`: a deletion, or what is wrong with it."""
    at, end = construct.at, close + 2
    if not cloze:
        return None, _not_a_cloze_text(text, at, end, construct.opener is not None)
    if construct.opener is None:
        return None, _look_alike(text, at, end)
    label = f"{{{{c{construct.opener[1]}::"
    if construct.inner is not None:
        nested = _OPENER.match(text, construct.inner)
        shown = f"{{{{c{nested[1]}::…}}}}" if nested else "'{{'"
        return None, Mistake(construct.inner, f"{shown} inside the cloze deletion {label}…}}}}",
                             "Anki before 2.1.56 cannot read a deletion inside another; "
                             "put them side by side, e.g. {{c1::the}} {{c2::median}} pay")
    return _deletion(text, at, close, construct.opener)


def _unclosed(text: str, construct: _Open, cloze: bool) -> Mistake:
    at = construct.at
    if not cloze:
        return _not_a_cloze_text(text, at, len(text), construct.opener is not None)
    if construct.opener is None:
        return _look_alike(text, at, len(text))
    return Mistake(at, f"cloze deletion '{construct.opener[0]}' is never closed",
                   "end it with '}}', e.g. {{c1::$32,890}}")


def _deletion(text: str, at: int, close: int, opener: re.Match) -> tuple[Deletion | None, Mistake | None]:
    """The deletion from `at` to the `}}` at `close`, or the first thing wrong with it."""
    label = f"{{{{c{opener[1]}::"
    body = text[opener.end():close]
    stray = _BRACE.search(body)
    if stray is not None:
        return None, _stray_brace(opener.end() + stray.start(), f"'{stray.group()}' inside", label)
    if text[at - 1:at] == "{":
        return None, _stray_brace(at - 1, "'{' right before", label)
    if text[close + 2:close + 3] == "}":
        return None, _stray_brace(close + 2, "'}' right after", label)
    colons = text.find(":::", at, close + 2)
    if colons >= 0:
        return None, Mistake(colons, f"':::' in the cloze deletion {label}…}}}}: Anki splits it at the first "
                                     "'::' and shows the third colon",
                             "write {{c1::answer}} or {{c1::answer::hint}}")
    answer, separator, hint = body.partition("::")
    if not answer.strip():
        return None, Mistake(at, f"empty cloze deletion '{text[at:close + 2]}': its card would ask for nothing",
                             "put the answer inside, e.g. {{c1::$32,890}}")
    if separator and not hint.strip():
        return None, Mistake(opener.end() + len(answer), f"empty hint in the cloze deletion {label}…}}}}",
                             "write a hint after '::', or drop the '::'")
    if "::" in hint:
        where = opener.end() + len(answer) + 2 + hint.index("::")
        return None, Mistake(where, f"second '::' in the cloze deletion {label}…}}}}: the card would show it as typed",
                             "write {{c1::answer}} or {{c1::answer::hint}}")
    number = int(opener[1])
    if number > MAX_NUMBER:
        return None, Mistake(at, f"cloze number c{number} is above c{MAX_NUMBER}",
                             "number the deletions from c1 up")
    return Deletion(number, answer, hint if separator else None, at, close + 2), None


def _stray_brace(at: int, what: str, label: str) -> Mistake:
    return Mistake(at, f"{what} the cloze deletion {label}…}}}}: the card would show a stray brace",
                   "Anki ends a deletion at the first '}}'; leave braces out of deletions, e.g. {{c1::company name}}")


def _look_alike(text: str, at: int, end: int) -> Mistake:
    """A `{{` that opens no deletion: say what Anki does with it, and what was meant."""
    shown = _snippet(text, at, end)
    found = _LOOK_ALIKE.match(text, at)
    letter, digits = found[1], re.sub(r"\s", "", found[2] or "")
    numbers = [n for n in digits.split(",") if n]
    first = str(int(numbers[0])) if numbers and int(numbers[0]) > 0 else "1"
    hint = f"did you mean {{{{c{first}::…}}}}?"
    if letter == "c" and len(numbers) > 1:
        return Mistake(at, f"'{shown}' makes its cards only in Anki newer than 24.11; older versions show it as "
                           "typed, answer included", hint + " One number per deletion")
    if letter == "c" and numbers and int(numbers[0]) == 0:
        return Mistake(at, f"'{shown}' makes no card: cloze numbers start at c1", hint)
    if letter == "c" and numbers and numbers[0].startswith("0"):
        return Mistake(at, f"'{shown}': write the cloze number without a leading zero", hint)
    included = ", answer included" if "::" in text[at:end] else ""
    return Mistake(at, f"'{shown}' is not a cloze deletion: Anki shows it as typed{included}", hint)


def _not_a_cloze_text(text: str, at: int, end: int, deletion: bool) -> Mistake:
    shown = _snippet(text, at, end)
    if deletion or "::" in text[at:end]:
        return Mistake(at, f"'{shown}' in a question or answer shows as typed: cloze deletions work only in a "
                           "'cloze' text", "make it a cloze note (cloze: instead of front and back), "
                                           "or remove the braces")
    return Mistake(at, f"'{shown}' shows on the card as typed", "remove the double braces")


def _stray_close(at: int, cloze: bool) -> Mistake:
    if cloze:
        return Mistake(at, "'}}' outside a cloze deletion shows on the card as typed",
                       "did you mean {{c1::…}}? Otherwise remove it")
    return Mistake(at, "'}}' shows on the card as typed", "remove the double braces")


def _stray_colons(at: int, cloze: bool) -> Mistake:
    where = "outside a cloze deletion " if cloze else ""
    return Mistake(at, f"'::' {where}shows on the card as typed",
                   "write one colon; '::' belongs inside {{c1::answer::hint}}" if cloze else "write one colon")


def _snippet(text: str, at: int, end: int, longest: int = 24) -> str:
    shown = text[at:end]
    return shown if len(shown) <= longest else shown[:longest - 1] + "…"
