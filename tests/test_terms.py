"""The termbase (decks/terms.yaml): variants to avoid are warned about at the word."""

from __future__ import annotations

import pytest

from csrcards import layout, terms

from .conftest import REPO, V1_TIME

# The sample course's "calm" note says "agent", "ahente" and "агент".
TERMS = """\
# yaml-language-server: $schema=../csrcards/schema/terms.schema.json
terms:
  - concept: the person who does the job
    en:
      use: representative
      avoid:
        - term: agent
          forms: [agents]
          why: one name for the role
    tl:
      use: CSR
      avoid:
        - term: ahente
          why: one name for the role
    bg:
      use: представител
      avoid:
        - term: агент
          forms: [агентът]
          why: one name for the role
"""

AGENT_EN = ("warning: decks/soft-skills.yaml:23:32: 'agent' is a variant to avoid in 'en'; use 'representative' "
            "(one name for the role)")
AGENT_TL = ("warning: decks/soft-skills.yaml:24:45: 'ahente' is a variant to avoid in 'tl'; use 'CSR' "
            "(one name for the role)")
AGENT_BG = ("warning: decks/soft-skills.yaml:25:38: 'агент' is a variant to avoid in 'bg'; use 'представител' "
            "(one name for the role)")
LISTEN_BACK = {"en": "To understand the customer's problem.", "tl": "Para maunawaan ang problema ng customer.",
               "bg": "За да разберем проблема на клиента."}  # the sample "listen" note's answer, lines 14 to 16


def _warnings(result) -> list[str]:
    assert result.exit_code == 0, result.output
    return [line for line in result.stderr.splitlines() if line.startswith("warning: ")]


def _problems(result) -> list[str]:
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    *problems, summary = result.stderr.splitlines()
    assert summary == f"{len(problems)} problem{'s' if len(problems) != 1 else ''} found; nothing was written."
    return problems


def _one_variant(language: str, variant: str) -> str:
    """A termbase with one variant to avoid, in one language."""
    return (f"terms:\n  - concept: a test\n    {language}:\n      use: the term\n"
            f"      avoid:\n        - term: {variant}\n          why: a test\n")


def test_variant_is_a_warning_at_the_word_naming_the_term_to_use(project):
    project.write("terms.yaml", TERMS)
    assert _warnings(project.run("check")) == [AGENT_EN, AGENT_TL, AGENT_BG]


def test_build_gives_the_same_warnings_and_builds(project):
    project.write("terms.yaml", TERMS)
    result = project.build()
    assert _warnings(result) == [AGENT_EN, AGENT_TL, AGENT_BG]
    assert project.apkg("bg").exists()


def test_phrase_matches_in_any_case_across_a_line_break_and_bold_marks(project):
    project.write("terms.yaml", _one_variant("en", "customer problem"))
    project.edit("soft-skills.yaml", f"en: {LISTEN_BACK['en']}",
                 "en: |\n        Solve the CUSTOMER\n        problem, then the **customer** problem.")
    assert _warnings(project.run("check")) == [
        "warning: decks/soft-skills.yaml:15:19: 'CUSTOMER problem' is a variant to avoid in 'en'; use 'the term' "
        "(a test)",
        "warning: decks/soft-skills.yaml:16:29: 'customer problem' is a variant to avoid in 'en'; use 'the term' "
        "(a test)",
    ]


@pytest.mark.parametrize(("language", "variant", "text"), [
    ("en", "favour", "Your favourite customer calls."),  # a variant that starts a longer word
    ("en", "care", "Listen with customer-care staff."),  # part of a hyphenated word
    ("tl", "transfer", "Huwag matakot na i-transfer siya."),  # the Tagalog verb prefix i-
    ("tl", "lipat", "Huwag matakot na ilipat siya."),  # a variant that ends a longer word
    ("tl", "magdamag", "Magdamagan ang trabaho."),
    ("bg", "агент", "Агентството по заетостта помага."),  # Cyrillic, and in another case
    ("bg", "фирма", "Във фирмата няма правила."),  # endings are not guessed
])
def test_variant_inside_a_longer_word_is_not_flagged(project, language, variant, text):
    project.write("terms.yaml", _one_variant(language, variant))
    project.edit("soft-skills.yaml", f"{language}: {LISTEN_BACK[language]}", f"{language}: {text}")
    line = 14 + ["en", "tl", "bg"].index(language)
    assert [w for w in _warnings(project.run("check")) if f"soft-skills.yaml:{line}:" in w] == []


@pytest.mark.parametrize(("language", "variant", "text", "found"), [
    ("en", "favour", "Do no Favour, now.", "Favour"),
    ("tl", "i-transfer", "Huwag matakot na i-transfer siya.", "i-transfer"),
    ("tl", "ilipat", "Huwag matakot na ilipat siya.", "ilipat"),
    ("bg", "агент", "АГЕНТ по продажбите.", "АГЕНТ"),
    ("bg", "фирмата", "Във фирмата няма правила.", "фирмата"),
])
def test_variant_standing_alone_is_flagged_as_written(project, language, variant, text, found):
    project.write("terms.yaml", _one_variant(language, variant))
    project.edit("soft-skills.yaml", f"{language}: {LISTEN_BACK[language]}", f"{language}: {text}")
    line, column = 14 + ["en", "tl", "bg"].index(language), 11 + text.index(found)
    assert [w for w in _warnings(project.run("check")) if f"soft-skills.yaml:{line}:" in w] == [
        f"warning: decks/soft-skills.yaml:{line}:{column}: '{found}' is a variant to avoid in '{language}'; "
        "use 'the term' (a test)"]


def test_longest_variant_wins_where_two_start(project):
    project.write("terms.yaml", _one_variant("en", "customer") + (
        "        - term: customer's problem\n          why: a longer one\n"))
    assert _warnings(project.run("check")) == [
        "warning: decks/salary-facts.yaml:19:37: 'customer' is a variant to avoid in 'en'; use 'the term' (a test)",
        "warning: decks/soft-skills.yaml:14:29: 'customer's problem' is a variant to avoid in 'en'; use 'the term' "
        "(a longer one)",
    ]


def test_exception_phrase_keeps_the_variant_unflagged(project):
    project.write("terms.yaml", TERMS.replace("          forms: [агентът]\n",
                                              "          forms: [агентът]\n          except: [спокойният агент]\n"))
    assert _warnings(project.run("check")) == [AGENT_EN, AGENT_TL]


def test_retired_notes_are_not_checked(project):
    project.write("terms.yaml", TERMS)
    project.edit("soft-skills.yaml", "  - id: calm\n", "  - id: calm\n    retired: true\n")
    assert _warnings(project.run("check")) == []


def test_broken_termbase_is_a_problem_with_its_position(project):
    project.write("terms.yaml", TERMS.replace("          why: one name for the role\n    tl:",
                                              "    tl:").replace("      use: CSR", "      usr: CSR"))
    assert _problems(project.run("build")) == [
        "decks/terms.yaml:7:11: missing key 'why' in variant 'agent'",
        "decks/terms.yaml:10:7: unknown key 'usr' (did you mean 'use'?)",  # not also "missing key 'use'"
    ]
    assert not project.apkg("en").exists()


def test_termbase_with_a_yaml_error_is_a_problem_with_its_position(project):
    project.write("terms.yaml", TERMS.replace("forms: [agents]", "forms: [agents"))
    assert _problems(project.run("check")) == [
        "decks/terms.yaml:8:18: YAML syntax error: the list that starts here is not closed "
        "(check the commas and the closing bracket)"]


def test_problems_in_the_termbase_and_the_decks_are_listed_together(project):
    project.write("terms.yaml", "terms: []\n")
    project.edit("soft-skills.yaml", "  - id: calm\n", "  - id: calm\n    retird: true\n")
    assert _problems(project.run("check")) == [
        "decks/soft-skills.yaml:22:5: unknown key 'retird' (did you mean 'retired'?)",
        "decks/terms.yaml:1:8: 'terms' is empty",
    ]


def test_variant_listed_twice_or_inside_a_preferred_term_is_a_problem(project):
    project.write("terms.yaml", TERMS.replace("forms: [agents]", "forms: [agents, Agent]").replace(
        "          why: one name for the role\n    tl:",
        "          why: one name for the role\n        - term: Representative\n          why: too short\n    tl:"))
    assert _problems(project.run("check")) == [
        "decks/terms.yaml:8:27: 'Agent' is listed twice for 'en' (first at decks/terms.yaml:7:17) "
        "(list each variant once)",
        "decks/terms.yaml:10:17: 'Representative' is a variant to avoid in 'en', but the preferred term "
        "'representative' contains it (every use of the preferred term would be flagged)",
    ]


def test_variant_that_could_never_be_found_is_a_problem(project):
    project.write("terms.yaml", TERMS.replace("forms: [agents]", "forms: [agents, '-agent']"))
    assert _problems(project.run("check")) == [
        "decks/terms.yaml:8:27: '-agent' does not begin with a letter or digit "
        "(variants are found by their first word)"]


def test_exception_without_its_variant_is_a_problem(project):
    project.write("terms.yaml", TERMS.replace("          forms: [агентът]\n",
                                              "          forms: [агентът]\n          except: [спокоен клиент]\n"))
    assert _problems(project.run("check")) == [
        "decks/terms.yaml:20:20: the exception 'спокоен клиент' does not contain 'агент' or one of its forms "
        "(an exception is a phrase in which the variant is right)"]


def test_termbase_is_no_card_source(project):
    project.write("terms.yaml", TERMS)
    assert [p.name for p in layout.source_paths(project.root)] == ["course.yaml", "salary-facts.yaml",
                                                                   "soft-skills.yaml"]
    assert "4 notes, 5 cards" in project.build().stdout
    assert project.run("stats").stdout == _without_termbase(project, "stats")


def _without_termbase(project, *args: str) -> str:
    saved = (project.decks / "terms.yaml").read_text("utf-8")
    (project.decks / "terms.yaml").unlink()
    try:
        return project.run(*args).stdout
    finally:
        project.write("terms.yaml", saved)


def test_checking_the_termbase_by_name_checks_it_with_the_course(project):
    project.write("terms.yaml", TERMS.replace("          why: one name for the role\n    tl:", "    tl:"))
    assert _problems(project.run("check", "decks/terms.yaml")) == [
        "decks/terms.yaml:7:11: missing key 'why' in variant 'agent'"]


def test_termbase_edit_reruns_the_checks_of_unchanged_files(project):
    project.build()
    project.write("terms.yaml", TERMS)
    result = project.build(now=V1_TIME + 5)
    assert "(0 new, 0 edited, 4 unchanged, 0 retired)" in result.stdout
    assert _warnings(result) == [AGENT_EN, AGENT_TL, AGENT_BG]
    project.edit("terms.yaml", "term: ahente", "term: tumatawag")
    assert _warnings(project.build(now=V1_TIME + 10)) == [
        AGENT_EN,
        "warning: decks/soft-skills.yaml:24:69: 'tumatawag' is a variant to avoid in 'tl'; use 'CSR' "
        "(one name for the role)",
        AGENT_BG]
    (project.decks / "terms.yaml").unlink()
    assert _warnings(project.build(now=V1_TIME + 15)) == []


def test_shipped_termbase_has_no_problems():
    termbase, problems = terms.read(REPO)
    assert problems == []
    assert termbase is not None
