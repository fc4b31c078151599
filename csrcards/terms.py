"""The termbase: one name for each concept of the course, in every language.

`decks/terms.yaml` lists, per concept, the term to use in en, tl and bg and the
variants to avoid, each with its reason (schema: csrcards/schema/terms.schema.json).
It is optional, and it is no card source: layout.source_paths leaves it out.
Wherever a card text uses a variant to avoid, check and build warn at the word:

    decks/duties.yaml:41:17: 'customer care' is a variant to avoid in 'en'; use 'customer service' (one name for one concept)

A variant matches in any case, as a whole word or phrase only: not inside a
longer word ("агент" is not in "агентство", "favour" not in "favourite"), and
not as part of a hyphenated word ("transfer" is not in the Tagalog
"i-transfer"). Inflected forms are not guessed; the termbase lists them
(`forms`). Retired notes are left alone: learners are told to suspend them.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from typing import NamedTuple
from pathlib import Path

from . import LANGUAGES, layout, sources, validate
from .errors import Problem
from .sources import Document

# A whole word: no letter, digit or hyphen joined to either end. \w is Unicode
# on str, so this holds for Cyrillic as it does for Latin.
_BEFORE, _AFTER = r"(?<![\w-])", r"(?![\w-])"
_WORD = re.compile(r"[\w-]+")  # a whole word, as far as the boundaries above go
_MARKS = re.compile(r"\*+(?=\s)|(?<=\s)\*+")  # bold and italic marks between the words of a phrase


class Variant(NamedTuple):
    text: str  # as the termbase writes it
    use: str  # the preferred term of its concept, in the same language
    why: str
    excepted: tuple[str, ...] = ()  # the phrases in which it is right (`except`)

    def match(self, text: str, at: int) -> re.Match | None:
        """The variant where it stands at `at` in the text, unless it is one of its exceptions there.

        Its patterns are compiled when first needed, and re keeps them: most
        variants never meet their first word, and compiling every one of them
        took longer than the rest of a small build's checks.
        """
        match = re.compile(_phrase(self.text) + _AFTER, re.IGNORECASE).match(text, at)
        if match is None or not self.excepted:
            return match
        fine = any(phrase.start() <= match.start() and match.end() <= phrase.end()
                   for phrase in _any_of(list(self.excepted)).finditer(text))
        return None if fine else match


class Termbase:
    """The variants to avoid per language, ready to be found in card texts.

    One pattern with every variant as an alternative would try each of them at
    every character of every text; instead each text is cut into words once,
    and only the variants that begin with a word are tried where it stands.
    """

    def __init__(self, document: Document):
        self.digest = hashlib.sha256(document.text.encode("utf-8")).hexdigest()
        # language -> a variant's first word, lowercased -> its variants, the longest first
        self._by_first_word: dict[str, dict[str, list[Variant]]] = {}
        for concept in document.data["terms"]:
            for language, entry in _named(concept):
                for avoid in entry.get("avoid", ()):
                    for text in (avoid["term"], *avoid.get("forms", ())):
                        first = _WORD.match(text.strip())
                        self._by_first_word.setdefault(language, {}).setdefault(
                            first.group().lower() if first else "", []).append(
                            Variant(text, entry["use"], avoid["why"], tuple(avoid.get("except", ()))))
        for variants in self._by_first_word.values():
            for candidates in variants.values():
                candidates.sort(key=lambda variant: len(variant.text), reverse=True)

    def findings(self, document: Document) -> Iterator[Problem]:
        """A warning at every variant to avoid in the document's card texts."""
        for where, text in document.texts():
            if _retired(document.data, where):
                continue
            for language, by_first_word in self._by_first_word.items():
                for match, variant in _found(text[language], by_first_word):
                    found = " ".join(_MARKS.sub("", match.group()).split())
                    yield document.inside(where + (language,), text[language], match.start(),
                                          f"'{found}' is a variant to avoid in '{language}'; use '{variant.use}'",
                                          variant.why)


def _found(text: str, by_first_word: dict) -> Iterator[tuple[re.Match, Variant]]:
    """Each variant in the text, left to right, the longest where several start, none overlapping."""
    if by_first_word.keys().isdisjoint(map(str.lower, _WORD.findall(text))):
        return  # most texts: no word of theirs begins a variant
    free = 0
    for word in _WORD.finditer(text):
        if word.start() < free:
            continue
        for variant in by_first_word.get(word.group().lower(), ()):
            match = variant.match(text, word.start())
            if match:
                yield match, variant
                free = match.end()
                break


def _named(concept: dict) -> Iterator[tuple[str, dict]]:
    """The concept's entry per language, for the languages it names."""
    return ((language, concept[language]) for language in LANGUAGES if language in concept)


def _any_of(phrases: list[str]) -> re.Pattern:
    return re.compile(f"{_BEFORE}(?:{'|'.join(map(_phrase, phrases))}){_AFTER}", re.IGNORECASE)


def _phrase(text: str) -> str:
    """A term as a pattern: its words in order, across any spaces, a line break or bold and italic marks."""
    return r"\**\s+\**".join(re.escape(word) for word in text.split())


def _retired(data: object, where: tuple) -> bool:
    if where[:1] != ("notes",) or len(where) < 2:
        return False
    note = data["notes"][where[1]]
    return isinstance(note, dict) and note.get("retired") is True


def read(root: Path) -> tuple[Termbase | None, list[Problem]]:
    """The course's termbase (None if it has none), or the problems in decks/terms.yaml."""
    path = layout.terms_path(root)
    if not path.exists() and not path.is_symlink():
        return None, []
    document, problems = sources.read(path, layout.shown(path, root), root)
    if document is None:
        return None, problems
    problems = validate.shape_problems(document, "terms") or _cross_problems(document)
    return (None, problems) if problems else (Termbase(document), [])


def _key(text: str) -> str:
    return " ".join(text.casefold().split())


def _cross_problems(document: Document) -> list[Problem]:
    """Variants listed twice, that could never be found or would flag a preferred term; exceptions without
    their variant."""
    problems: list[Problem] = []
    concepts = document.data["terms"]
    for language in LANGUAGES:
        uses = [concept[language]["use"] for concept in concepts if language in concept]
        # One search over all the preferred terms for all the variants usually finds none, and
        # spares compiling a pattern per variant. The terms are joined by a control character
        # (never in a source), which is neither a word, a hyphen nor a space.
        everywhere = "\x00".join(uses)
        texts = [text for concept in concepts for avoid in concept.get(language, {}).get("avoid", ())
                 for text in (avoid["term"], *avoid.get("forms", ()))]
        contained = bool(texts) and _any_of(texts).search(everywhere) is not None
        seen: dict[str, tuple] = {}
        for index, concept in enumerate(concepts):
            for number, avoid in enumerate(concept.get(language, {}).get("avoid", ())):
                where = ("terms", index, language, "avoid", number)
                variants = [(where + ("term",), avoid["term"])]
                variants += [(where + ("forms", n), form) for n, form in enumerate(avoid.get("forms", ()))]
                for spot, text in variants:
                    if _key(text) in seen:
                        first = document.at(seen[_key(text)], "")
                        problems.append(document.at(spot, f"'{text}' is listed twice for '{language}' (first at "
                                                          f"{first.path}:{first.line}:{first.column})",
                                                    "list each variant once"))
                        continue
                    seen[_key(text)] = spot
                    if not re.match(r"\w", text.strip()):
                        problems.append(document.at(spot, f"'{text}' does not begin with a letter or digit",
                                                    "variants are found by their first word"))
                    variant = _any_of([text]) if contained else None
                    if variant is not None and variant.search(everywhere):
                        problems += [document.at(spot, f"'{text}' is a variant to avoid in '{language}', but the "
                                                       f"preferred term '{use}' contains it",
                                                 "every use of the preferred term would be flagged")
                                     for use in uses if variant.search(use)]
                if "except" not in avoid:
                    continue
                found = _any_of([text for _, text in variants])
                problems += [document.at(where + ("except", n), f"the exception '{phrase}' does not contain "
                                                                f"'{avoid['term']}' or one of its forms",
                                         "an exception is a phrase in which the variant is right")
                             for n, phrase in enumerate(avoid["except"]) if not found.search(phrase)]
    return problems
