"""Two notes that ask the same question in one language: a warning naming both."""

from __future__ import annotations

SAME_TAGALOG_QUESTION = """notes:
  - id: hear
    front:
      en: Why listen closely?
      tl: Bakit kailangang makinig nang mabuti?
      bg: Защо да слушаме внимателно?
    back:
      en: To hear what the customer needs.
      tl: Para marinig ang kailangan ng customer.
      bg: За да чуем от какво има нужда клиентът.
    source:
      key: job-profile
      section: Soft skills
"""


def test_same_question_twice_in_one_language_is_a_warning_naming_both_notes(project):
    project.edit("salary-facts.yaml", "notes:\n", SAME_TAGALOG_QUESTION)
    result = project.run("check")
    assert result.exit_code == 0
    assert result.stderr == (
        "warning: decks/salary-facts.yaml:8:5: note 'hear' has the same question in 'tl' as note 'listen' "
        "(decks/soft-skills.yaml:8:5): learners get one question with two answers (reword one of them, or retire one)\n")
    assert "warning: decks/salary-facts.yaml:8:5: note 'hear' has the same question" in project.build().stderr


def test_spacing_and_case_do_not_make_a_question_different(project):
    project.edit("salary-facts.yaml", "notes:\n", SAME_TAGALOG_QUESTION.replace(
        "Bakit kailangang makinig nang mabuti?", "bakit kailangang  makinig nang mabuti?"))
    assert "note 'hear' has the same question in 'tl' as note 'listen'" in project.run("check").stderr


def test_a_retired_note_may_keep_the_question_of_the_note_that_replaced_it(project):
    project.edit("salary-facts.yaml", "notes:\n", SAME_TAGALOG_QUESTION.replace("  - id: hear\n",
                                                                              "  - id: hear\n    retired: true\n"))
    assert project.run("check").stderr == ""
