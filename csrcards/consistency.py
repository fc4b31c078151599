"""Warnings about text that is valid but probably not what the trainer meant.

These never stop a build (the trainer may know better), but each one points
at the text with file:line:col:

- a translation whose figures (amounts, years, percentages) differ from the
  English text's, read the way each language writes numbers (figures.py);
- a Bulgarian word with Latin look-alike letters hidden among its Cyrillic
  ones ("пpимер" with a Latin "p"), which breaks search and text-to-speech;
- zero-width characters, but for the joiner inside an emoji (👩‍💼 is 👩, U+200D
  and 💼: without the joiner it shows as two pictures);
- no-break spaces, but inside a number and between a number and the word,
  unit or abbreviation after it: standard typesetting keeps "2017 г." and
  "32 890 долара" on one line;
- text that was not in Unicode NFC (it is normalised for the deck);
- answers that list three or more items (set_answers.py);
- two notes that ask the same question in one language (across all files):
  learners get one question with two answers, and Anki flags them as
  duplicates. Retired notes are left out: a note retired for a new id may
  well keep its text.

Rules that read more than the file itself run through the same path: the
course's preferred terms (terms.py).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence

from . import LANGUAGES
from .errors import Problem
from .figures import mismatches
from .set_answers import set_answers
from .model import Course, Note
from .sources import Document

_LATIN = re.compile("[A-Za-z]")
_CYRILLIC = re.compile("[\u0400-\u04FF]")
_WORD = re.compile(r"\w+")
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00a0\u202f]")
_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")
_STRAY_NBSP = re.compile("(?<![0-9])[\u00a0\u202f]|[\u00a0\u202f](?![\\w%‰°$€£¥₱])")
_JOINER = "\u200d"
# Unicode's own rule for an emoji sequence (UAX #29, GB11): a pictograph, its
# modifiers, the joiner, the next pictograph.
_EMOJI_JOINER = r"\p{Extended_Pictographic}\p{Grapheme_Cluster_Break=Extend}*\u200d(?=\p{Extended_Pictographic})"


Rule = Callable[[Document], Iterable[Problem]]


def check(documents: list[Document], rules: Sequence[Rule] = ()) -> list[Problem]:
    """Every document's findings: the ones above, and those of the further `rules`.

    The findings are kept with the document (and cached with it, cache.py), so
    each file is checked once for its exact text and whatever else the rules
    read (the termbase).
    """
    found: list[Problem] = []
    for document in documents:
        if document.findings is None:
            document.findings = list(_document_findings(document))
            for rule in rules:
                document.findings.extend(rule(document))
        found.extend(document.findings)
    return found


def _document_findings(document: Document) -> Iterator[Problem]:
    for where in document.not_nfc:
        yield document.at(where, "text is not in Unicode NFC; the deck gets its NFC form",
                          "retype the accented letters")
    for where, text in document.texts():
        yield from _text_findings(document, where, text)
    yield from set_answers(document)


def _text_findings(document: Document, where: tuple, text: dict) -> Iterator[Problem]:
    for language, numbers, english in mismatches(text):
        yield document.at(where + (language,), f"figures in '{language}' ({_listed(numbers)}) differ from 'en' "
                                               f"({_listed(english)})", "write the same amounts, years and percentages")
    for language in LANGUAGES:
        value, spot = text[language], where + (language,)
        if language == "bg" and _LATIN.search(value) and _CYRILLIC.search(value):
            for match in _WORD.finditer(value):
                if _LATIN.search(match.group()) and _CYRILLIC.search(match.group()):
                    yield document.inside(spot, value, match.start(),
                                          f"'{match.group()}' mixes Latin and Cyrillic letters",
                                          "retype the word with a Bulgarian keyboard layout")
        if not _INVISIBLE.search(value):
            continue
        joiners = _emoji_joiners(value) if _JOINER in value else set()
        for pattern, name in ((_ZERO_WIDTH, "zero-width character"), (_STRAY_NBSP, "stray no-break space")):
            for match in pattern.finditer(value):
                if match.start() in joiners:
                    continue
                yield document.inside(spot, value, match.start(),
                                      f"{name} U+{ord(match.group()):04X} in '{language}'", "delete it or use a plain space")


def _emoji_joiners(text: str) -> set[int]:
    """Where the text has a zero-width joiner that belongs to an emoji."""
    import regex  # Python's own re knows no Unicode properties

    return {match.end() - 1 for match in regex.finditer(_EMOJI_JOINER, text)}


def repeated_questions(course: Course) -> list[Problem]:
    """Notes of one kind whose first field (question or cloze text) is the same in a language."""
    found: list[Problem] = []
    for language in LANGUAGES:
        first: dict[tuple[str, str], Note] = {}
        for note in course.notes:
            if note.retired:
                continue
            key = (note.kind, " ".join(note.front[language].casefold().split()))
            other = first.setdefault(key, note)
            if other is note:
                continue
            what = "cloze text" if note.kind == "cloze" else "question"
            place = f"{other.where.path}:{other.where.line}:{other.where.column}"
            found.append(Problem(note.where.path, note.where.line, note.where.column,
                                 f"note '{note.id}' has the same {what} in '{language}' as note '{other.id}' "
                                 f"({place}): learners get one question with two answers",
                                 "reword one of them, or retire one"))
    return found


def _listed(numbers) -> str:
    return ", ".join(str(n) for n in sorted(numbers.elements())) or "none"
