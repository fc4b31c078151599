"""Checks where the team works: pre-commit hooks and the course workflow.

- csrcards' own hook (.pre-commit-hooks.yaml), installed by pre-commit from
  a clone of this repository, passes a good course and stops a broken one;
- the pre-commit config that `csrcards init` writes does the same with the
  csrcards on the trainer's PATH;
- the course workflow passes actionlint, with shellcheck over its scripts;
- this repository's own .gitattributes and workflow are the templates'.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from csrcards import scaffold

from .conftest import REPO, Project, git_environment

BIN = Path(sys.executable).parent


def run(*args: str | Path, cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    environment = {**git_environment(), **(env or {})}
    return subprocess.run([str(arg) for arg in args], cwd=cwd, env=environment, capture_output=True, text=True)


def new_course(tmp_path: Path) -> Path:
    """A course from `csrcards init`, in a git repository with every file staged."""
    course = tmp_path / "course"
    course.mkdir()
    assert Project(course).run("init").exit_code == 0
    assert run("git", "init", "-q", cwd=course).returncode == 0
    assert run("git", "add", "-A", cwd=course).returncode == 0
    return course


def break_course(course: Path) -> str:
    """Misspell a key in the first topic file; returns csrcards' message for it."""
    topic = next(path for path in sorted((course / "decks").glob("*.yaml")) if "    front:\n" in path.read_text("utf-8"))
    text = topic.read_text("utf-8")
    topic.write_text(text.replace("    front:\n", "    fornt:\n", 1), "utf-8")
    assert run("git", "add", "-A", cwd=course).returncode == 0
    line = text[:text.index("    front:\n")].count("\n") + 1
    return f"decks/{topic.name}:{line}:5: unknown key 'fornt' (did you mean 'front'?)"


def test_csrcards_hook_from_this_repository_checks_a_course(tmp_path):
    """pre-commit installs csrcards from a clone of this repository, as a course repository would."""
    clone = tmp_path / "csrcards"
    listed = run("git", "ls-files", "-z", "--cached", "--others", "--exclude-standard", cwd=REPO).stdout
    for name in filter(None, listed.split("\0")):
        if (REPO / name).is_file():
            (clone / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO / name, clone / name)
    for command in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "csrcards"]):
        assert run("git", *command, cwd=clone).returncode == 0
    revision = run("git", "rev-parse", "HEAD", cwd=clone).stdout.strip()
    course = new_course(tmp_path)
    hook = (sys.executable, "-m", "pre_commit", "try-repo", clone, "csrcards-check", "--ref", revision, "--all-files")
    passes_then_stops_a_broken_course(hook, course, tmp_path)

def test_the_pre_commit_config_of_a_new_course_runs_csrcards_check(tmp_path):
    course = new_course(tmp_path)
    passes_then_stops_a_broken_course((sys.executable, "-m", "pre_commit", "run", "--all-files"), course, tmp_path)


def passes_then_stops_a_broken_course(hook: tuple, course: Path, tmp_path: Path) -> None:
    home = {"PRE_COMMIT_HOME": str(tmp_path / "pre-commit")}
    good = run(*hook, cwd=course, env=home)
    assert good.returncode == 0, good.stdout + good.stderr
    message = break_course(course)
    broken = run(*hook, cwd=course, env=home)
    assert broken.returncode == 1
    assert message in broken.stdout

# --- the course workflow -------------------------------------------------------

TEMPLATE = REPO / "csrcards" / "templates" / "course" / ".github" / "workflows" / "csrcards.yml"
OWN = REPO / ".github" / "workflows" / "csrcards.yml"


def actionlint(path: Path) -> subprocess.CompletedProcess:
    return run(BIN / "actionlint", "-no-color", "-shellcheck", BIN / "shellcheck", path, cwd=path.parent)


def rendered_template(tmp_path: Path) -> Path:
    values = scaffold.values(tmp_path, None, "2026.12")
    path = tmp_path / "csrcards.yml"
    path.write_text(scaffold.render(TEMPLATE.read_text("utf-8"), path.name, values), "utf-8")
    return path


@pytest.mark.parametrize("workflow", ["template", "own"])
def test_the_course_workflow_passes_actionlint(tmp_path, workflow):
    path = rendered_template(tmp_path) if workflow == "template" else OWN
    result = actionlint(path)
    assert (result.returncode, result.stdout + result.stderr) == (0, "")


def test_actionlint_checks_the_workflows_scripts_too(tmp_path):
    """A script mistake must fail the lint, or the test above proves nothing about the scripts."""
    path = rendered_template(tmp_path)
    text = path.read_text("utf-8")
    assert 'run: csrcards build\n' in text
    path.write_text(text.replace('run: csrcards build\n', 'run: csrcards build --out $RUNNER_TEMP/out\n'), "utf-8")
    assert actionlint(path).returncode == 1


def test_this_repository_uses_the_course_templates():
    templates = REPO / "csrcards" / "templates" / "course"
    assert (REPO / ".gitattributes").read_text("utf-8") == (templates / ".gitattributes").read_text("utf-8")
    values = {**scaffold.values(REPO, None, ""), "csrcards": "."}  # csrcards from this checkout
    assert OWN.read_text("utf-8") == scaffold.render(TEMPLATE.read_text("utf-8"), OWN.name, values)
