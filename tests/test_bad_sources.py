"""Bad input gets a clear answer: file:line:col, all problems at once, exit 1."""

from __future__ import annotations

import pytest

from .conftest import V1_TIME

NOTE = """topic:
  id: duties
  title: {en: Duties, tl: Mga tungkulin, bg: Задължения}
notes:
  - id: first
    front: {en: Q, tl: Tanong, bg: Въпрос}
    back: {en: A, tl: Sagot, bg: Отговор}
    source: {key: job-profile, section: Duties}
"""


def _problems(result) -> list[str]:
    assert result.exit_code == 1, result.output
    *problems, summary = result.stderr.splitlines()
    assert summary == f"{len(problems)} problem{'s' if len(problems) != 1 else ''} found; nothing was written."
    assert "Traceback" not in result.output
    return problems


@pytest.mark.parametrize("text, expected", [
    (NOTE.replace("front:", "fornt:"),
     ["decks/bad.yaml:6:5: unknown key 'fornt' (did you mean 'front'?)"]),  # not also "missing key 'front'"
    (NOTE.replace("en: Q,", "EN: Q,"),
     ["decks/bad.yaml:6:13: unknown key 'EN' (did you mean 'en'?)"]),
    (NOTE.replace("bg: Въпрос", "fil: Въпрос"),
     ["decks/bad.yaml:6:12: missing language 'bg' in 'front'",
      "decks/bad.yaml:6:32: unknown key 'fil' (the languages are en, tl and bg)"]),
    (NOTE.replace("bg: Въпрос", "bg:"),
     ["decks/bad.yaml:6:35: empty text for language 'bg'"]),
    (NOTE.replace(", bg: Въпрос", ""),
     ["decks/bad.yaml:6:12: missing language 'bg' in 'front'"]),
    (NOTE.replace("bg: Въпрос", "bg: ' '"),
     ["decks/bad.yaml:6:36: empty text for language 'bg'"]),
    (NOTE.replace("en: A,", "en: No,"),
     ["decks/bad.yaml:7:16: 'en' must be text, not true/false "
      "(YAML reads yes/no/on/off as true/false: put the text in quotes)"]),
    (NOTE.replace("front: {en: Q, tl: Tanong, bg: Въпрос}", "front: [Q]"),
     ["decks/bad.yaml:6:12: 'front' must be a mapping, not a list"]),
    (NOTE.replace("id: first", "id: First Note"),
     ["decks/bad.yaml:5:9: 'First Note' is not a valid id (use lowercase letters, digits and hyphens, e.g. 'team-player')"]),
    (NOTE.replace("id: duties", "id: dutys"),
     ["decks/bad.yaml:2:7: topic 'dutys' is not in the course's topics (did you mean 'duties'?)"]),
    (NOTE.replace("title: {", "title: {{"),
     ["decks/bad.yaml:3:10: YAML syntax error: the mapping that starts here is not closed "
      "(check the commas and the closing bracket)"]),
    (NOTE + "    shape: !!python/object/apply:os.system [echo owned]\n",
     ["decks/bad.yaml:9:12: YAML tag '!!python/object/apply:os.system' is not allowed: "
      "card sources are plain data (remove the tag)"]),
    (NOTE.replace("back: {en: A", "back: &a {en: A") + "    extra: *a\n",
     ["decks/bad.yaml:7:11: YAML anchors and aliases are not allowed in card sources (write the text out in full)",
      "decks/bad.yaml:9:12: YAML anchors and aliases are not allowed in card sources (write the text out in full)"]),
    (NOTE.replace("  - id: first", "  - id: first\n    id: second"),
     ["decks/bad.yaml:6:5: duplicate key 'id'"]),
])
def test_bad_source_is_reported_with_its_position(project, text, expected):
    project.write("bad.yaml", text)
    assert _problems(project.run("check")) == expected


# Ordinary card text that YAML reads as syntax unless it is quoted: the
# README advertises **bold** and *italic*, so a trainer will type them bare.
@pytest.mark.parametrize("text, expected", [
    ("*Staying calm* under pressure.",
     "decks/bad.yaml:9:11: YAML syntax error: text that starts with '*' means a reference to another value to YAML "
     "(put the text in quotes)"),
    ("**Staying calm**.",
     "decks/bad.yaml:9:11: YAML syntax error: text that starts with '*' means a reference to another value to YAML "
     "(put the text in quotes)"),
    ("Rule one: listen first.",
     "decks/bad.yaml:9:11: YAML syntax error: a colon followed by a space inside unquoted text "
     "(put the text in quotes)"),
    ('"The customer is always right" is only a slogan.',
     "decks/bad.yaml:9:11: YAML syntax error: text goes on after its closing quote "
     "(put the whole text in single quotes: \'\"The customer is always right\" is only a slogan.\')"),
])
def test_unquoted_text_that_yaml_misreads_gets_the_quotes_hint(project, text, expected):
    block = NOTE.replace("    back: {en: A, tl: Sagot, bg: Отговор}\n",
                         f"    back:\n      tl: Sagot\n      en: {text}\n      bg: Отговор\n")
    project.write("bad.yaml", block)
    assert _problems(project.run("check")) == [expected]


def test_a_date_like_value_is_text_as_written(project):
    project.write("dated.yaml", NOTE.replace("section: Duties", "section: 2018-04-13"))
    assert project.run("check").exit_code == 0
    from csrcards import pipeline

    note = next(n for n in pipeline.load(project.root).notes if n.id == "first")
    assert note.source.section == "2018-04-13"


def test_a_broken_course_file_is_not_also_reported_missing(project):
    project.edit("course.yaml", "version:", "version: [")
    problems = _problems(project.run("check"))
    assert len(problems) == 1 and problems[0].startswith("decks/course.yaml:")
    assert "missing course file" not in problems[0]


def test_file_that_is_not_utf8_names_the_byte(project):
    (project.decks / "bad.yaml").write_bytes(NOTE.replace("Q,", "Q\xe9,").encode("latin-1", "replace"))
    assert _problems(project.run("check")) == [
        "decks/bad.yaml:6:18: file is not UTF-8 (byte 0xe9) (save the file with UTF-8 encoding)"]


def test_duplicate_ids_name_both_places(project):
    project.write("bad.yaml", NOTE.replace("id: first", "id: listen"))
    assert _problems(project.run("check")) == [
        "decks/soft-skills.yaml:8:9: duplicate note id 'listen' (first used at decks/bad.yaml:5:9) "
        "(every note needs its own id)"]


def test_cloze_numbers_must_match_across_languages(project):
    project.edit("salary-facts.yaml", "{{c2::15,81 долара}}", "15,81 долара")
    assert _problems(project.run("check")) == [
        "decks/salary-facts.yaml:12:11: cloze numbers in 'bg' (c1) differ from 'en' (c1, c2) "
        "(every language needs the same {{c1::...}} deletions)"]


def test_every_problem_in_every_file_is_reported_at_once(project):
    project.write("bad.yaml", NOTE.replace("fornt", "front").replace("front:", "fornt:").replace("id: first", "id: listen"))
    project.edit("salary-facts.yaml", "tl: Mga 2,785,000.", "tl: ''")
    problems = _problems(project.run("build"))
    assert [p.split(":")[0] for p in problems] == ["decks/bad.yaml", "decks/salary-facts.yaml",
                                                   "decks/soft-skills.yaml"]


def test_failed_build_leaves_the_last_good_decks_and_lock_untouched(project):
    project.build()
    before = {p.name: p.read_bytes() for p in (project.root / "build").glob("*.apkg")}
    lock = (project.decks / "csrcards.lock").read_bytes()
    project.edit("soft-skills.yaml", "front:", "fornt:")
    assert project.run("build", now=V1_TIME + 60).exit_code == 1
    assert {p.name: p.read_bytes() for p in (project.root / "build").glob("*.apkg")} == before
    assert (project.decks / "csrcards.lock").read_bytes() == lock


def test_damaged_lock_is_a_problem_not_a_traceback(project):
    project.build()
    (project.decks / "csrcards.lock").write_text("{not json", "utf-8")
    problems = _problems(project.run("build"))
    assert len(problems) == 1
    assert problems[0].startswith("decks/csrcards.lock:1:1: the lock file is damaged: ")
    assert problems[0].endswith("(restore it from version control (git checkout -- decks/csrcards.lock))")


def test_missing_course_file_is_explained(project):
    (project.decks / "course.yaml").unlink()
    assert _problems(project.run("check")) == [
        "decks/course.yaml:1:1: missing course file (create decks/course.yaml with the course title and version)"]


SAME_DECK = "Anki would import both languages into one deck: give each language its own title, e.g. add the language's name"
NO_COLONS = "a deck title cannot contain '::' (Anki reads '::' as a subdeck; use another separator, e.g. ' - ')"


@pytest.mark.parametrize("name, old, new, expected", [
    ("course.yaml", "tl: Halimbawang Kurso", "tl: ' sample COURSE '",
     f"decks/course.yaml:5:9: the 'tl' course title is the same as the 'en' one ({SAME_DECK})"),
    ("course.yaml", "bg: Примерен курс", "bg: sample course",
     f"decks/course.yaml:6:9: the 'bg' course title is the same as the 'en' one ({SAME_DECK})"),
    ("course.yaml", "bg: Примерен курс", "bg: Примерен::курс", f"decks/course.yaml:6:9: {NO_COLONS}"),
    ("soft-skills.yaml", "bg: Меки умения", "bg: Меки::умения", f"decks/soft-skills.yaml:6:9: {NO_COLONS}"),
])
def test_deck_titles_that_anki_would_merge_or_split_are_refused(project, name, old, new, expected):
    project.edit(name, old, new)
    assert _problems(project.run("check")) == [expected]


def test_two_topics_whose_titles_differ_only_in_case_are_refused(project):
    project.write("bad.yaml", NOTE.replace("bg: Задължения", "bg: меки умения"))
    assert _problems(project.run("check")) == [
        "decks/soft-skills.yaml:6:9: topics 'duties' and 'soft-skills' have the same 'bg' title (ignoring case; the "
        "other is in decks/bad.yaml) (Anki would put both into one subdeck: give each topic its own title)"]


def test_one_topic_may_span_two_files_under_one_title(project):
    project.write("more.yaml", NOTE.replace("id: duties", "id: soft-skills")
                  .replace("{en: Duties, tl: Mga tungkulin, bg: Задължения}",
                           "{en: Soft skills, tl: Soft skills, bg: Меки умения}"))
    result = project.run("check")
    assert result.exit_code == 0, result.output
    assert result.stdout == "ok: 2 topics, 5 notes, 6 cards per language\n"


def test_tags_that_mean_something_to_anki_or_csrcards_are_refused(project):
    project.edit("salary-facts.yaml", "tags: [pay, us-figures]", "tags: [pay, retired, marked, leech]")
    assert _problems(project.run("check")) == [
        "decks/salary-facts.yaml:16:17: tag 'retired' is reserved (write 'retired: true' on the note instead)",
        "decks/salary-facts.yaml:16:26: tag 'marked' is reserved (Anki uses this tag for its Mark command; "
        "choose another word)",
        "decks/salary-facts.yaml:16:34: tag 'leech' is reserved (Anki uses this tag for cards a learner keeps "
        "forgetting; choose another word)"]


def test_a_source_listed_twice_is_refused_at_its_second_place(project):
    project.edit("course.yaml", "key: strengths", "key: job-profile")
    assert _problems(project.run("check"))[0] == (
        "decks/course.yaml:15:12: source 'job-profile' is listed twice (give every source its own key)")


@pytest.mark.parametrize("name, title, bg", [("course.yaml", "Halimbawang Kurso", "Примерен курс"),
                                             ("soft-skills.yaml", "Soft skills", "Меки умения")])
def test_a_missing_title_does_not_hide_the_other_languages_title_problems(project, name, title, bg):
    project.edit(name, f"    tl: {title}\n", "")
    project.edit(name, f"bg: {bg}", f"bg: {bg.replace(' ', '::', 1)}")
    assert _problems(project.run("check")) == [f"decks/{name}:4:5: missing language 'tl' in 'title'",
                                               f"decks/{name}:5:9: {NO_COLONS}"]


@pytest.mark.parametrize("name, old, new, expected", [
    ("course.yaml", "  sources:\n", "  sources:\n    - job-profile\n",
     "decks/course.yaml:10:7: 'sources' must be a mapping, not text"),
    ("list.yaml", None, "- a\n- b\n", "decks/list.yaml:1:1: the file must be a mapping, not a list"),
])
def test_a_source_or_file_of_the_wrong_shape_is_a_problem_not_a_crash(project, name, old, new, expected):
    if old is None:
        project.write(name, new)
    else:
        project.edit(name, old, new)
    assert _problems(project.run("check")) == [expected]
