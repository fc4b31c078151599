"""The shipped course in decks/: complete, consistent translations in the right language.

These tests read the real sources, not fixtures. A failure lists every
offending note with its id, file:line, language and text, so one run gives
the reviewers the whole list.
"""

from __future__ import annotations

import re
from collections import defaultdict

import pytest
from lingua import Language, LanguageDetector, LanguageDetectorBuilder

from csrcards import LANGUAGES, pipeline
from csrcards.figures import figures
from csrcards.cloze import plain
from csrcards.model import Citation, Course, Note, Source, Text, Where

from .conftest import REPO

LINGUA = {"en": Language.ENGLISH, "tl": Language.TAGALOG, "bg": Language.BULGARIAN}

# Fewer ordinary words than this are too few for a reliable verdict: such a
# text ("Excellent.", "Лиценз.") is judged together with the rest of its note.
MIN_WORDS = 3

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+|\n+")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN = re.compile(r"[A-Za-z]")


@pytest.fixture(scope="session")
def course() -> Course:
    return pipeline.load(REPO)


@pytest.fixture(scope="session")
def detector() -> LanguageDetector:
    # High accuracy mode: low accuracy mode reads short English answers such as
    # "Excellent." or "The company's credibility." as Tagalog.
    return LanguageDetectorBuilder.from_languages(*LINGUA.values()).build()


def _offence(note: Note, language: str, field: str, text: str, why: str = "") -> str:
    where = f"{note.id} ({note.where.path}:{note.where.line}) [{language}] {field}: {text!r}"
    return f"{where}: {why}" if why else where


def _report(summary: str, offences: list[str]) -> str:
    return f"{len(offences)} {summary}:\n" + "\n".join(offences)


# --- what language a text is in ---------------------------------------------


def _ordinary_words(text: str) -> tuple[list[str], int]:
    """The words that are not names or acronyms, and the letter count of all words.

    A name is a capitalised word inside a sentence ("Estados Unidos", "Holland");
    an acronym is all capitals ("BLS", "САЩ"). Both are the same in every
    language, so they say nothing about which language a text is in.
    """
    ordinary, letters = [], 0
    for sentence in _SENTENCE_END.split(text):
        for position, word in enumerate(_WORD.findall(sentence)):
            letters += len(word)
            acronym = len(word) > 1 and word.isupper()
            name = position > 0 and word[0].isupper()
            if not (acronym or name):
                ordinary.append(word)
    return ordinary, letters


def _judgeable(text: str) -> bool:
    """Enough ordinary words, and they are most of the letters."""
    ordinary, letters = _ordinary_words(text)
    return len(ordinary) >= MIN_WORDS and 2 * sum(map(len, ordinary)) >= letters


def _read_as(detector: LanguageDetector, text: str) -> str:
    found = detector.detect_language_of(text)
    return found.name.capitalize() if found else "no language"


def _language_problem(detector: LanguageDetector, text: str, language: str) -> str:
    """Why `text` does not read as `language`, or "" when it does or is too short to tell.

    The whole text and each of its sentences are judged, so that one sentence
    left in another language is caught even when the rest outweighs it.
    """
    text = plain(text)
    if language == "bg" and _ordinary_words(text)[0] and not _CYRILLIC.search(text):
        return "no Cyrillic letters"
    expected = LINGUA[language]
    if _judgeable(text) and detector.detect_language_of(text) != expected:
        return f"reads as {_read_as(detector, text)}"
    for sentence in _SENTENCE_END.split(text):
        if sentence != text and _judgeable(sentence) and detector.detect_language_of(sentence) != expected:
            return f"the part {sentence!r} reads as {_read_as(detector, sentence)}"
    return ""


def _note_language_problems(detector: LanguageDetector, note: Note, language: str) -> list[str]:
    """Every text of the note that is not in `language`.

    A text too short to judge on its own ("Excellent.") is judged again
    together with the rest of its note.
    """
    offences, short = [], []
    for field, text in note.texts():
        why = _language_problem(detector, text[language], language)
        if why:
            offences.append(_offence(note, language, field, text[language], why))
        elif not _judgeable(plain(text[language])):
            short.append((field, text[language]))
    if short:
        why = _language_problem(detector, "\n".join(text[language] for _, text in note.texts()), language)
        for field, text in short if why else ():
            offences.append(_offence(note, language, field, text, f"with the rest of the note, {why}"))
    return offences


# --- look-alike letters ------------------------------------------------------


def _mixed_script_words(text: str) -> list[str]:
    """Words that mix Latin and Cyrillic letters, such as "пpимер" with a Latin "p".

    Latin a, e, o, p, c, x, y, k, m, t, h, b (and A, B, E, K, M, H, O, P, C,
    T, X, Y) look like Cyrillic letters, so a word typed on the wrong keyboard
    looks right but breaks search, sorting and text-to-speech.
    """
    return [word for word in re.findall(r"[^\W\d_]+", text) if _CYRILLIC.search(word) and _LATIN.search(word)]


# --- the shipped content ------------------------------------------------------


# Every section of the source articles that holds a fact, by the course source
# that cites it. A section no note cites any more is a fact the course lost.
ARTICLE_SECTIONS = {
    "strengths-weaknesses": {
        "Ang mga empleyado ng pangangalaga o mga empleyado ng serbisyo", "Iwasan ang mga Debaters",
        "Manlalaro ng koponan", "Masipag", "Mga Kalakasan at Kahinaan sa Pangangalaga sa Customer",
        "Pagbibigay ng Pabor", "Pagpapatuloy sa Pagkontrol"},
    "internal-customers": {
        "Ang pagtatrabaho sa field ng customer service", "Babala", "Maging tapat kapag tinanong para sa iyong opinyon",
        "Manatili sa mga patakaran ng kumpanya", "Panatilihin ang propesyonal na pag-uusap", "Tip",
        "Tiyakin agad ang isyu ng iyong katrabaho", "Tratuhin ang isyu ng iyong co-worker"},
    "csr-job-profile": {
        "Ang Negatibong Bahagi ng pagiging isang Customer Service Representative",
        "Ang isang kinatawan ng serbisyo sa customer ay gumugol", "Ano ang Inaasahan ng mga Nagpapatrabaho sa Iyo?",
        "Ano ang Soft Skills Kailangan mo bang magtagumpay sa Career na ito?", "Edukasyon at pagsasanay",
        "Isang Araw Sa Buhay ng isang Kinatawan ng Serbisyo ng Customer", "Ito ba ay Trabaho na Magandang Pagkasyahin mo?",
        "Mga Mabilis na Katotohanan"},
    "us-labor-statistics": {"Mga Kaugnay na Trabaho", "Mga Mabilis na Katotohanan"},
}


def test_every_section_of_the_source_articles_keeps_its_notes(course):
    cited: dict[str, set[str]] = defaultdict(set)
    for note in course.notes:
        cited[note.source.source.key].add(note.source.section)
    missing = {key: sorted(sections - cited[key]) for key, sections in ARTICLE_SECTIONS.items() if sections - cited[key]}
    assert not missing, f"sections of the articles that no note covers any more: {missing}"


def test_every_note_has_its_texts_in_all_three_languages_and_none_is_empty(course):
    offences = []
    for note in course.notes:
        for field, text in note.texts():
            for language in LANGUAGES:
                value = text[language]
                if not isinstance(value, str) or not value.strip():
                    offences.append(_offence(note, language, field, value, "empty"))
    assert not offences, _report("texts are missing or empty", offences)


def test_every_text_has_the_same_figures_in_all_three_languages(course):
    offences = []
    for note in course.notes:
        for field, text in note.texts():
            english = figures(text.en, "en")
            for language in LANGUAGES[1:]:
                found = figures(text[language], language)
                if found != english:
                    offences.append(_offence(
                        note, language, field, text[language],
                        f"figures {sorted(map(str, found.elements()))} but en {text.en!r} has "
                        f"{sorted(map(str, english.elements()))}"))
    assert not offences, _report("texts have other figures than their English", offences)


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_two_notes_have_the_same_front(course, language):
    by_front: dict[str, list[Note]] = defaultdict(list)
    for note in course.notes:
        by_front[" ".join(note.front[language].split()).casefold()].append(note)
    offences = [
        _offence(note, language, "front", note.front[language], "same front as " + ", ".join(
            f"{other.id} ({other.where.path}:{other.where.line})" for other in notes if other is not note))
        for notes in by_front.values() if len(notes) > 1
        for note in notes
    ]
    assert not offences, _report("notes share their front with another note", offences)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_text_is_written_in_its_own_language(course, detector, language):
    offences = [offence for note in course.notes for offence in _note_language_problems(detector, note, language)]
    assert not offences, _report(f"texts do not read as {LINGUA[language].name.capitalize()}", offences)


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_word_mixes_latin_and_cyrillic_letters(course, language):
    offences = [
        _offence(note, language, field, text[language], "mixed-script words " + ", ".join(map(repr, words)))
        for note in course.notes
        for field, text in note.texts()
        if (words := _mixed_script_words(text[language]))
    ]
    assert not offences, _report("texts have words with look-alike letters from the other script", offences)


# --- the checks catch what they are meant to catch ---------------------------


BULGARIAN = "Отделяй на клиентите цялото си внимание, докато говорят."
ENGLISH = "Give customers your full attention while they are speaking."
TAGALOG = "Ibigay sa mga customer ang buong atensyon mo habang nagsasalita sila."


@pytest.mark.parametrize(("text", "language"), [(BULGARIAN, "bg"), (ENGLISH, "en"), (TAGALOG, "tl")])
def test_language_check_passes_a_text_in_the_right_language(detector, text, language):
    assert _language_problem(detector, text, language) == ""


def test_language_check_catches_an_english_sentence_left_in_a_bulgarian_text(detector):
    text = f"{BULGARIAN} Always thank the caller."
    assert detector.detect_language_of(text) == Language.BULGARIAN  # the whole text alone would pass
    assert _language_problem(detector, text, "bg") == "the part 'Always thank the caller.' reads as English"


def test_language_check_catches_tagalog_in_an_english_text(detector):
    assert _language_problem(detector, TAGALOG, "en") == "reads as Tagalog"


def test_language_check_catches_a_bulgarian_text_with_no_cyrillic(detector):
    assert _language_problem(detector, ENGLISH, "bg") == "no Cyrillic letters"


def test_language_check_catches_a_short_english_answer_in_a_bulgarian_note(detector):
    note = Note(
        id="outlook", kind="qa",
        front=Text(en="How good is the job outlook for customer service representatives?",
                   tl="Gaano kaganda ang inaasahang oportunidad sa trabaho para sa mga customer service representative?",
                   bg="Какви са перспективите за работа на служителите по обслужване на клиенти?"),
        back=Text(en="Excellent.", tl="Napakaganda ng inaasahan.", bg="Отлични."),
        extra=None, source=Citation(Source("csr-job-profile", "003.txt", Text("a", "b", "c")), "Mga Mabilis na Katotohanan"), tags=(), retired=False,
        where=Where("decks/salary-facts.yaml", 40, 5))
    english_back = note._replace(back=note.back._replace(bg="Excellent."))
    assert _note_language_problems(detector, note, "bg") == []
    assert _note_language_problems(detector, english_back, "bg") == [
        "outlook (decks/salary-facts.yaml:40) [bg] back: 'Excellent.': no Cyrillic letters"]


@pytest.mark.parametrize(("text", "expected"), [
    ("пpимер", ["пpимер"]),  # Latin p
    ("Пример с Xол", ["Xол"]),  # Latin X
    ("сustomer service", ["сustomer"]),  # Cyrillic с
    ("пример", []),
    ("Кодът на Holland, SMS-ите и O*NET Online", []),
])
def test_look_alike_check_finds_words_that_mix_latin_and_cyrillic(text, expected):
    assert _mixed_script_words(text) == expected
