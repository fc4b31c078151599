"""The cloze grammar: what csrcards builds is what Anki shows, on every supported version.

Each refused form names its place (FILE:LINE:COL), what Anki would do with it,
and what to write instead. Accepted forms give exactly the cards the real
engine makes.
"""

from __future__ import annotations

import re

import pytest

from .conftest import import_apkg, note_id

TOPIC = """topic:
  id: duties
  title: {en: Duties, tl: Mga tungkulin, bg: Задължения}
notes:
"""


def _cloze_note(text: str, note: str = "grammar", en: str | None = None) -> str:
    """A cloze note with `text` in tl and bg and, unless given, in en."""
    english = text if en is None else en
    return (f"  - id: {note}\n    cloze:\n      en: '{english}'\n      tl: '{text}'\n      bg: '{text}'\n"
            "    source: {key: job-profile, section: Pay}\n")


def _qa_note(front: str, back: str = "Answer") -> str:
    return (f"  - id: question\n    front: {{en: '{front}', tl: Tanong, bg: Въпрос}}\n"
            f"    back: {{en: '{back}', tl: Sagot, bg: Отговор}}\n    source: {{key: job-profile, section: Pay}}\n")


def _problems(project, text: str) -> list[str]:
    project.write("grammar.yaml", TOPIC + text)
    result = project.run("check")
    assert result.exit_code == 1, result.output
    *problems, summary = result.stderr.splitlines()
    assert summary.endswith("found; nothing was written.")
    return problems


def _line(column: int, message: str) -> str:
    """The problem csrcards reports at `column` of the note's en line (line 7)."""
    return f"decks/grammar.yaml:7:{column}: {message}"


def test_nested_deletion_is_refused_at_the_inner_deletion(project):
    problems = _problems(project, _cloze_note("In 2017 {{c1::the {{c2::median}} pay}} was $32,890."))
    assert problems[0] == _line(
        30, "{{c2::…}} inside the cloze deletion {{c1::…}} (Anki before 2.1.56 cannot read a deletion inside "
            "another; put them side by side, e.g. {{c1::the}} {{c2::median}} pay)")
    assert len(problems) == 3  # the same text in en, tl and bg


def test_brace_just_inside_a_deletion_is_refused(project):
    problems = _problems(project, _cloze_note("Thank you for calling {{c1::{company name}}}."))
    assert problems[0] == _line(
        40, "'{' inside the cloze deletion {{c1::…}}: the card would show a stray brace (Anki ends a deletion "
            "at the first '}}'; leave braces out of deletions, e.g. {{c1::company name}})")


def test_brace_right_after_a_deletion_is_refused(project):
    problems = _problems(project, _cloze_note("Call {{c1::us}}} today."))
    assert problems[0] == _line(
        27, "'}' right after the cloze deletion {{c1::…}}: the card would show a stray brace (Anki ends a "
            "deletion at the first '}}'; leave braces out of deletions, e.g. {{c1::company name}})")


@pytest.mark.parametrize("text, column, message", [
    ("{{C1::$15.81}} an hour, {{c1::$32,890}} a year", 12,
     "'{{C1::$15.81}}' is not a cloze deletion: Anki shows it as typed, answer included (did you mean {{c1::…}}?)"),
    ("{{c1,2::$15.81}} an hour", 12,
     "'{{c1,2::$15.81}}' makes its cards only in Anki newer than 24.11; older versions show it as typed, "
     "answer included (did you mean {{c1::…}}? One number per deletion)"),
    ("{{c0::$15.81}} an hour", 12, "'{{c0::$15.81}}' makes no card: cloze numbers start at c1 (did you mean {{c1::…}}?)"),
    ("{{c01::$15.81}} an hour", 12,
     "'{{c01::$15.81}}': write the cloze number without a leading zero (did you mean {{c1::…}}?)"),
    ("{{c1:$15.81}} an hour", 12,
     "'{{c1:$15.81}}' is not a cloze deletion: Anki shows it as typed (did you mean {{c1::…}}?)"),
    ("{{ c2::$15.81}} an hour", 12,
     "'{{ c2::$15.81}}' is not a cloze deletion: Anki shows it as typed, answer included (did you mean {{c2::…}}?)"),
    ("{{c1::}} an hour", 12,
     "empty cloze deletion '{{c1::}}': its card would ask for nothing (put the answer inside, e.g. {{c1::$32,890}})"),
    ("{{c1::   }} an hour", 12,
     "empty cloze deletion '{{c1::   }}': its card would ask for nothing (put the answer inside, e.g. {{c1::$32,890}})"),
    ("{{c1::$15.81::}} an hour", 24, "empty hint in the cloze deletion {{c1::…}} (write a hint after '::', or drop the '::')"),
    ("{{c1::$15.81::pay::hour}} an hour", 29,
     "second '::' in the cloze deletion {{c1::…}}: the card would show it as typed "
     "(write {{c1::answer}} or {{c1::answer::hint}})"),
    ("{{c1::$15.81:::pay}} an hour", 24,
     "':::' in the cloze deletion {{c1::…}}: Anki splits it at the first '::' and shows the third colon "
     "(write {{c1::answer}} or {{c1::answer::hint}})"),
    ("{{c1::$15.81 an hour", 12, "cloze deletion '{{c1::' is never closed (end it with '}}', e.g. {{c1::$32,890}})"),
    ("{{c1::$15.81}} an hour}}", 34,
     "'}}' outside a cloze deletion shows on the card as typed (did you mean {{c1::…}}? Otherwise remove it)"),
    ("{{c1::$15.81}} :: an hour", 27,
     "'::' outside a cloze deletion shows on the card as typed (write one colon; '::' belongs inside "
     "{{c1::answer::hint}})"),
    ("{{c101::$15.81}} an hour", 12, "cloze number c101 is above c100 (number the deletions from c1 up)"),
])
def test_cloze_look_alikes_are_refused_with_a_hint(project, text, column, message):
    assert _problems(project, _cloze_note(text))[0] == _line(column, message)


@pytest.mark.parametrize("front, column, message", [
    ("Who earns {{c1::$32,890}}?", 28,
     "'{{c1::$32,890}}' in a question or answer shows as typed: cloze deletions work only in a 'cloze' text "
     "(make it a cloze note (cloze: instead of front and back), or remove the braces)"),
    ("Say {{name}}", 22, "'{{name}}' shows on the card as typed (remove the double braces)"),
    ("Say name}}", 26, "'}}' shows on the card as typed (remove the double braces)"),
    ("Ratio 3::1?", 25, "'::' shows on the card as typed (write one colon)"),
])
def test_questions_and_answers_may_not_hold_cloze_syntax(project, front, column, message):
    assert _problems(project, _qa_note(front)) == [f"decks/grammar.yaml:6:{column}: {message}"]


def test_every_language_is_checked_at_its_own_place(project):
    problems = _problems(project, _cloze_note("Pay {{c1::$32,890}}.").replace("bg: 'Pay {{c1::", "bg: 'Pay {{C1::"))
    assert problems == ["decks/grammar.yaml:9:16: '{{C1::$32,890}}' is not a cloze deletion: Anki shows it as "
                        "typed, answer included (did you mean {{c1::…}}?)"]


ACCEPTED = ("Median pay: {{c1::$32,890::per year}} or {{c3::$15.81}} an hour; "
            "{{c1::**2017**}} figures, {company} {braces} at 10:30.")


def test_accepted_forms_give_the_cards_csrcards_counts(project, anki):
    project.write("grammar.yaml", TOPIC + _cloze_note(ACCEPTED))
    check = project.run("check")
    assert check.exit_code == 0, check.output
    assert check.stdout == "ok: 3 topics, 5 notes, 7 cards per language\n"
    assert project.run("stats").stdout.splitlines()[2:6] == [
        "soft-skills       2         2         2         2",
        "salary-facts      2         3         3         3",
        "duties            1         2         2         2",  # the course's order
        "total             5         7         7         7"]
    assert "5 notes, 7 cards" in project.build().stdout
    import_apkg(anki, project.apkg("en"))
    note = anki.get_note(note_id(anki, "grammar", "en"))
    cards = sorted(note.cards(), key=lambda card: card.ord)
    assert [card.ord for card in cards] == [0, 2]  # c1 and c3: the numbers, not a count
    anki.after_note_updates([note.id], mark_modified=False, generate_cards=True)
    assert len(note.cards()) == 2  # Anki's own card generation adds none

    first, third = (_prompt(card.question()) for card in cards)
    assert first == "Median pay: [per year] or $15.81 an hour; [...] figures, {company} {braces} at 10:30."
    assert third == "Median pay: $32,890 or [...] an hour; 2017 figures, {company} {braces} at 10:30."
    assert _prompt(cards[0].answer()) == "Median pay: $32,890 or $15.81 an hour; 2017 figures, {company} {braces} at 10:30."


def _prompt(html: str) -> str:
    """The visible text of the card's cloze text."""
    inner = re.search(r'<div class="prompt">(.*?)</div>', html, re.S)[1]
    import html as entities

    return entities.unescape(re.sub(r"<[^>]+>", "", inner))


@pytest.mark.parametrize("hostile", ["{" * 400_000, "{{c1::" * 70_000, "{{c1::" * 35_000 + "}}" * 35_000])
def test_hostile_braces_are_read_in_one_pass(hostile):
    import time

    from csrcards import cloze

    started = time.perf_counter()
    assert len(cloze.read(hostile).mistakes) == 1
    assert time.perf_counter() - started < 5  # a pass per brace would take hours


def test_a_text_reports_at_most_ten_mistakes(project):
    problems = _problems(project, _cloze_note("a :: " * 50 + "{{c1::x}}"))
    assert len(problems) == 30  # ten in each language


@pytest.mark.parametrize("text, cloze_text, offset, message", [
    # never closed, in a question or answer
    ("Say {{name", False, 4, "'{{name' shows on the card as typed"),
    ("Pay {{c1::x", False, 4, "'{{c1::x' in a question or answer shows as typed: cloze deletions work only in a "
                              "'cloze' text"),
    # `::` without a deletion is cloze syntax too
    ("Say {{a::b}}", False, 4, "'{{a::b}}' in a question or answer shows as typed: cloze deletions work only in a "
                               "'cloze' text"),
    # a stray brace is placed where it stands
    ("Pay {{{c1::x}}", True, 4, "'{' right before the cloze deletion {{c1::…}}: the card would show a stray brace"),
    ("Pay {{c1::a{b}}", True, 11, "'{' inside the cloze deletion {{c1::…}}: the card would show a stray brace"),
    # a construct inside a deletion, and where `:::` and a second `::` are looked for
    ("{{c1::a {{b}} c}}", True, 8, "'{{' inside the cloze deletion {{c1::…}}"),
    ("a ::: b {{c1::x}}", True, 2, "'::' outside a cloze deletion shows on the card as typed"),
    ("{{c1::x}} a ::: b", True, 12, "'::' outside a cloze deletion shows on the card as typed"),
    ("{{c1::a:::b:::c}}", True, 7, "':::' in the cloze deletion {{c1::…}}: Anki splits it at the first '::' and "
                                   "shows the third colon"),
    ("{{c1::a:::}}", True, 7, "':::' in the cloze deletion {{c1::…}}: Anki splits it at the first '::' and "
                              "shows the third colon"),
    ("{{c1::a::b::c::d}}", True, 10, "second '::' in the cloze deletion {{c1::…}}: the card would show it as typed"),
    # a space inside the number of a look-alike
    ("{{c1 0::x}}", True, 0, "'{{c1 0::x}}' is not a cloze deletion: Anki shows it as typed, answer included"),
    # what is quoted is cut after 24 characters
    ("{{C1::abcdefghijklmnop}} a", True, 0,
     "'{{C1::abcdefghijklmnop}}' is not a cloze deletion: Anki shows it as typed, answer included"),
    ("{{C1::abcdefghijklmnopq}} a", True, 0,
     "'{{C1::abcdefghijklmnopq…' is not a cloze deletion: Anki shows it as typed, answer included"),
])
def test_each_mistake_is_placed_and_quoted_as_the_trainer_wrote_it(text, cloze_text, offset, message):
    from csrcards import cloze

    [mistake] = cloze.read(text, cloze=cloze_text).mistakes
    assert (mistake.offset, mistake.message) == (offset, message)


def test_a_look_alike_hint_reads_the_number_the_trainer_meant():
    from csrcards import cloze

    assert [m.hint for m in cloze.read("{{c1 0::x}} {{C2::y}} {{c::z}}").mistakes] == [
        "did you mean {{c10::…}}?", "did you mean {{c2::…}}?", "did you mean {{c1::…}}?"]


def test_answers_are_gathered_per_number_in_text_order():
    from csrcards import cloze

    text = "x {{c1::a}} y {{c2::b::hint}} {{c1::c}}"
    assert cloze.answers(text) == {1: ("a", "c"), 2: ("b",)}
    assert cloze.numbers(text) == {1, 2}
    assert cloze.plain(text) == "x a y b c"


def test_c100_is_the_highest_cloze_number():
    from csrcards import cloze

    assert cloze.read("{{c100::x}}").mistakes == ()
    assert cloze.numbers("{{c100::x}}") == {100}
