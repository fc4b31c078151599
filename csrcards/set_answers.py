"""Answers that list several items: one card should ask for one thing.

The minimum-information principle (SuperMemo's "20 rules of formulating
knowledge") warns against sets: a card that asks for five things is
forgotten as a whole while the learner knows four of them, and every review
drills the order rather than the items. So a warning names every answer (the
back of a question/answer note, or the text of one cloze deletion) that lists
three or more items, written as

- three or more lines (or three or more `- ` list lines),
- or three or more items joined by commas or semicolons, ending in "and" or
  "or" (tl "at", "o"; bg "и", "или"): "phone, email or live chat";
- or, in a cloze note, three or more deletions with the same number, which
  are one card.

Reading a list out of a sentence is a guess, made to miss rather than to nag.
Text in brackets and commas inside numbers ("$32,890", "15,81") are left out,
and a part of the sentence that opens a clause ("When talking with
customers, by phone or in person", "Kapag…", "Когато…", "…, който…") is not
an item and ends a list.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator

from . import LANGUAGES
from .errors import Problem
from . import cloze as cloze_grammar
from .sources import Document

SMALLEST_SET = 3

_CONJUNCTIONS = {"en": ("and", "or"), "tl": ("at", "o"), "bg": ("и", "или")}
# Words that open a clause. A comma-separated part with one of these among its
# first two words is a clause of the sentence, not an item of a list; so is
# the part with the "and"/"or" if one stands anywhere before it.
_OPENERS = {
    "en": ("when", "whenever", "if", "while", "because", "since", "although", "though", "unless", "until",
           "after", "before", "once", "as", "so", "but", "rather", "instead", "than", "that", "which", "who",
           "whom", "whose", "where", "whether",
           # a subject after the "and" makes it a second clause: "..., and you can only do that by ..."
           "you", "they", "we", "he", "she"),
    "tl": ("kapag", "kung", "habang", "dahil", "sapagkat", "bago", "pagkatapos", "upang", "para", "kahit",
           "pero", "ngunit", "subalit", "kaya", "halip", "gaya", "tulad"),
    "bg": ("когато", "ако", "докато", "защото", "понеже", "въпреки", "макар", "след", "преди", "щом", "тъй",
           "така", "вместо", "отколкото", "че", "но", "който", "която", "което", "които", "където", "за да"),
}


def _words(words) -> str:
    return "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))


_CONJUNCTION = {language: re.compile(rf"(?<![\w-])(?:{_words(words)})(?![\w-])")  # lowercase: "O*NET" is no "o"
                for language, words in _CONJUNCTIONS.items()}
_OPENER = {language: re.compile(rf"^\W*(?:[\w-]+\s+)?(?:{_words(words)})(?![\w-])", re.IGNORECASE)
           for language, words in _OPENERS.items()}
_CLAUSE_WORD = {language: re.compile(rf"(?<![\w-])(?:{_words(words)})(?![\w-])", re.IGNORECASE)
                for language, words in _OPENERS.items()}
_SENTENCE_END = re.compile(r"[.!?:](?=\s)|\n")
_SEPARATOR = re.compile(r"(?<![0-9])[,;]|[,;](?![0-9])")  # not the comma inside "32,890" or "15,81"
_BRACKETS = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")
_MARKUP = re.compile(r"\*")
_BULLET = re.compile(r"^[ \t]*- ", re.MULTILINE)

_HINT = "a cloze deletion per item, or separate notes"


def set_answers(document: Document) -> Iterator[Problem]:
    """A warning for every answer in the document that lists three or more items."""
    notes = document.data.get("notes") if isinstance(document.data, dict) else None
    for index, note in enumerate(notes if isinstance(notes, list) else ()):
        if not isinstance(note, dict) or note.get("retired") is True:
            continue  # learners are told to suspend retired notes: nothing to improve there
        if isinstance(note.get("cloze"), dict):
            yield from _cloze_findings(document, ("notes", index, "cloze"), note["cloze"])
        elif isinstance(note.get("back"), dict):
            for language in LANGUAGES:
                where = ("notes", index, "back", language)
                count, start = items(note["back"][language], language)
                if count >= SMALLEST_SET:
                    yield document.inside(where, note["back"][language], start, _message(count, language), _HINT)


def _cloze_findings(document: Document, where: tuple, cloze: dict) -> Iterator[Problem]:
    for language in LANGUAGES:
        text, spot = cloze[language], where + (language,)
        if text.count("{{") < SMALLEST_SET and "," not in text and ";" not in text and "\n" not in text:
            continue  # fewer deletions than a set, and no answer that could list items (items() needs one of these)
        deletions = defaultdict(list)
        for deletion in cloze_grammar.read(text).deletions:
            deletions[deletion.number].append(deletion)
            count, _ = items(deletion.answer, language)
            if count >= SMALLEST_SET:
                yield document.inside(spot, text, deletion.start, _message(count, language), _HINT)
        for same in deletions.values():
            if len(same) >= SMALLEST_SET:
                yield document.inside(spot, text, same[0].start,
                                      _message(len(same), language, f", all marked c{same[0].number}"), _HINT)


def _message(count: int, language: str, how: str = "") -> str:
    return f"the answer lists {count} items in '{language}'{how}; ask for one item per card"


def items(text: str, language: str) -> tuple[int, int]:
    """How many items the answer lists (0 or 1 if it is no list), and where the list starts in it."""
    if text.count("\n") >= SMALLEST_SET - 1:
        bullets = _BULLET.findall(text)
        count = len(bullets) if bullets else sum(1 for line in text.splitlines() if line.strip())
        if count >= SMALLEST_SET:
            return count, 0
    if ("," not in text and ";" not in text) or not _CONJUNCTION[language].search(text):
        return 0, 0  # most answers: no list can be read out of them
    # Blank out what never holds a list item, keeping every character's place.
    plain = _MARKUP.sub(" ", _BRACKETS.sub(lambda m: " " * len(m.group()), text))
    best = (0, 0)
    sentence_start = 0
    for end in [m.start() for m in _SENTENCE_END.finditer(plain)] + [len(plain)]:
        best = max(best, _inline(plain, sentence_start, end, language), key=lambda found: found[0])
        sentence_start = end + 1
    return best


def _inline(text: str, start: int, end: int, language: str) -> tuple[int, int]:
    """The longest "a, b and c" list in text[start:end], as (items, where it starts)."""
    best, run, run_start = (0, 0), 0, start
    part_start = start
    for separator in [m.start() for m in _SEPARATOR.finditer(text, start, end)] + [end]:
        part = text[part_start:separator]
        if not part.strip():
            pass
        elif _OPENER[language].match(part):
            run = 0  # a clause of the sentence ends any list before it
        else:
            conjunction = _CONJUNCTION[language].search(part)
            if conjunction is None:
                if run == 0:
                    run_start = part_start + len(part) - len(part.lstrip())
                run += 1
            elif _CLAUSE_WORD[language].search(part, 0, conjunction.start()):
                run = 0
            else:
                before = part[:conjunction.start()].strip()
                count = run + (2 if before else 1)
                if count > best[0]:
                    best = (count, run_start if run else part_start + len(part) - len(part.lstrip()))
                run = 0
        part_start = separator + 1
    return best
