"""Answers that list three or more items are warned about: one card should ask for one thing."""

from __future__ import annotations

import pytest

from csrcards.set_answers import items

@pytest.mark.parametrize(("language", "answer", "count"), [
    ("en", "Patience, tact and respect for your customers.", 3),
    ("en", "Email, fax, web, EDI or customer portal.", 5),
    ("en", "Being a team player, being hardworking, and staying calm and in control.", 3),  # serial comma
    ("en", "More often than not by phone, email or live chat, rather than in person.", 3),
    ("en", "The pay; the hours; and the place of work.", 3),
    ("en", "Library assistants ($25,810), bank tellers ($28,110) and retail salespersons ($23,210).", 3),
    ("en", "Many hours on the phone\nAngry customers\nCall quotas per shift", 3),
    ("en", "Three things:\n- listen\n- ask\n- confirm", 3),
    ("tl", "Pasensya, pagiging mataktika, at paggalang sa iyong mga customer.", 3),
    ("tl", "Kadalasan ay sa telepono, email o live chat, sa halip na harapan.", 3),
    ("tl", "Ang E ay Enterprising (mahilig manguna), ang C ay Conventional (mahilig sa kaayusan at sistema), "
           "at ang S ay Social.", 3),
    ("tl", "ESFJ, ISTJ, INFJ, o INFP", 4),
    ("bg", "Търпение, такт и уважение към клиентите.", 3),
    ("bg", "По имейл, факс, уеб, EDI или през клиентски портал.", 5),
    ("bg", "Най-често по телефона, по имейл или в чат на живо, а не лично.", 3),
    ("bg", "Да са екипни играчи, да са трудолюбиви и да запазват спокойствие и контрол над разговора.", 3),
])
def test_answer_listing_three_or_more_items_is_a_set(language, answer, count):
    assert items(answer, language)[0] == count


@pytest.mark.parametrize(("language", "answer"), [
    ("en", "When talking with customers, by phone or in person."),  # an opening clause is not an item
    ("en", "When talking with customers, by phone or in person, stay calm."),
    ("en", "It would be hard, if not impossible, to do your job."),
    ("en", "They know the company's goals and tactics, and know these may not work in their favor."),
    ("en", "Be honest, and find the positive things about the product."),
    ("en", "To solve a customer's problem, you must first understand what it is, and you can only do that by "
           "listening carefully to what they say."),  # a subject after "and": a second clause
    ("en", "Library assistants earn $25,810 and bank tellers $28,110."),  # commas inside numbers
    ("en", "Helps them calm down.\n*Stay in control.*"),  # two lines
    ("en", "Phone, email, web."),  # no "and" or "or": not read as a list
    ("tl", "Kapag direkta siyang nakikipag-usap sa mga customer, sa telepono man o nang harapan."),
    ("tl", "Ang Employment and Training Administration, ang tanggapan para sa trabaho at pagsasanay."),
    ("tl", "Ang O*NET Online, isang database, ang BLS."),  # the "O" of O*NET is not the word "o"
    ("tl", "Alam nila ang mga layunin at taktika ng kumpanya, at alam nilang maaaring hindi ito pumabor."),
    ("bg", "Ще ви бъде трудно, ако не и невъзможно, да си вършите работата."),
    ("bg", "Ако спорите, влизате в конфликт с клиента, вместо да се погрижите за него и да му помогнете."),
    ("bg", "Проблеми, които обикновено не са рутинни и изискват мислене."),
    ("bg", "Медианата е 15,81 долара на час, или 32 890 долара годишно."),
])
def test_sentence_with_commas_but_no_list_is_not_a_set(language, answer):
    assert items(answer, language)[0] < 3


# A question/answer note and a cloze note to add to the sample course (after its "notes:" line).
SET_NOTES = """notes:
  - id: qualities
    front:
      en: Which qualities help with coworkers?
      tl: Anong mga katangian ang nakakatulong sa mga katrabaho?
      bg: Кои качества помагат с колегите?
    back:
      en: Patience, tact and respect.
      tl: Pasensya, taktika at paggalang.
      bg: Търпение и такт.
    source:
      key: strengths
      section: Internal customers
  - id: channels
    cloze:
      en: "Orders come by {{c1::email, fax or web}}, and by {{c2::phone}}."
      tl: "Dumarating ang mga order sa {{c1::email, fax o web}}, at sa {{c2::telepono}}."
      bg: "Поръчките идват по {{c1::имейл, факс или уеб}} и по {{c2::телефона}}."
    source:
      key: job-profile
      section: Duties
"""


def _warnings(result) -> list[str]:
    assert result.exit_code == 0, result.output
    return result.stderr.splitlines()


def _warning(where: str, language: str, how: str = "") -> str:
    return (f"warning: decks/soft-skills.yaml:{where}: the answer lists 3 items in '{language}'{how}; "
            "ask for one item per card (a cloze deletion per item, or separate notes)")


QA_WARNINGS = [_warning("14:11", "en"), _warning("15:11", "tl")]  # the bg answer lists two items


def test_set_answers_are_warnings_at_the_answer_and_the_deletion(project):
    project.edit("soft-skills.yaml", "notes:\n", SET_NOTES)
    assert _warnings(project.run("check")) == QA_WARNINGS + [
        _warning("22:27", "en"), _warning("23:40", "tl"), _warning("24:31", "bg")]


def test_build_gives_the_same_warnings(project):
    project.edit("soft-skills.yaml", "notes:\n", SET_NOTES)
    assert _warnings(project.build()) == _warnings(project.run("check"))


def test_one_deletion_per_item_is_no_set(project):
    project.edit("soft-skills.yaml", "notes:\n", SET_NOTES.replace("{{c1::email, fax or web}}",
                                                                  "{{c1::email}}, {{c3::fax}} or {{c4::web}}")
                 .replace("{{c1::email, fax o web}}", "{{c1::email}}, {{c3::fax}} o {{c4::web}}")
                 .replace("{{c1::имейл, факс или уеб}}", "{{c1::имейл}}, {{c3::факс}} или {{c4::уеб}}"))
    assert _warnings(project.run("check")) == QA_WARNINGS


def test_same_cloze_number_three_times_is_one_card_and_a_set(project):
    project.edit("soft-skills.yaml", "notes:\n", SET_NOTES.replace("{{c1::email, fax or web}}",
                                                                  "{{c1::email}}, {{c1::fax}} or {{c1::web}}")
                 .replace("{{c1::email, fax o web}}", "{{c1::email}}, {{c1::fax}} o {{c1::web}}")
                 .replace("{{c1::имейл, факс или уеб}}", "{{c1::имейл}} и {{c1::факс}}"))
    assert _warnings(project.run("check")) == QA_WARNINGS + [
        _warning("22:27", "en", ", all marked c1"), _warning("23:40", "tl", ", all marked c1")]


def test_retired_notes_are_not_checked(project):
    project.edit("soft-skills.yaml", "notes:\n", SET_NOTES.replace("  - id: qualities\n",
                                                                  "  - id: qualities\n    retired: true\n")
                 .replace("  - id: channels\n", "  - id: channels\n    retired: true\n"))
    assert _warnings(project.run("check")) == []
