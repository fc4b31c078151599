"""`csrcards init DIR`: a new course that builds at once, and nothing overwritten.

These tests look at what the new course does (it builds, its editor settings
find the schema, git leaves the build cache alone), not at the templates'
wording, which follows the source format.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

from csrcards import LANGUAGES

from .conftest import V1_TIME, Project, git_environment, import_apkg, read_collection

NEXT = 'next: cd course && git init && git config merge.csrcards-lock.driver "csrcards merge-lock %O %A %B" && pre-commit install && csrcards build'


def init(tmp_path: Path, *args: str):
    """Run `csrcards init` from tmp_path."""
    return Project(tmp_path).run("init", *args)


def test_a_new_course_builds_at_once_and_imports(tmp_path, anki):
    result = init(tmp_path, "course")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[-1] == NEXT
    for line in lines[:-1]:
        assert line.startswith("wrote course/") and (tmp_path / line.removeprefix("wrote ")).is_file(), line
    course = Project(tmp_path / "course")
    assert course.run("check").exit_code == 0
    course.build()
    for language in LANGUAGES:
        assert course.apkg(language).is_file()
    log = import_apkg(anki, course.apkg("en"))
    assert len(log.new) == anki.note_count() > 0


def test_init_refuses_to_overwrite_and_then_writes_nothing(tmp_path):
    (tmp_path / "course" / "decks").mkdir(parents=True)
    (tmp_path / "course" / "decks" / "course.yaml").write_text("mine\n", "utf-8")
    (tmp_path / "course" / "README.md").write_text("mine\n", "utf-8")
    result = init(tmp_path, "course")
    assert result.exit_code == 1
    assert result.stderr == (
        "course/README.md:1:1: already exists (csrcards init writes only new files: move it away, or pick another folder)\n"
        "course/decks/course.yaml:1:1: already exists (csrcards init writes only new files: move it away, or pick "
        "another folder)\n2 problems found; nothing was written.\n")
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file()) == [
        "course/README.md", "course/decks/course.yaml"]
    assert (tmp_path / "course" / "README.md").read_text("utf-8") == "mine\n"


def test_init_in_the_current_folder(tmp_path):
    result = init(tmp_path)
    assert result.exit_code == 0
    assert "wrote decks/course.yaml" in result.stdout.splitlines()
    assert result.stdout.splitlines()[-1] == NEXT.replace("cd course && ", "")
    Project(tmp_path).build()


def test_a_title_with_yaml_and_json_specials_is_the_deck_name(tmp_path):
    title = 'Kurso: "Serbisyo" #1 — {tl}'
    assert init(tmp_path, "course", "--title", title).exit_code == 0
    course = Project(tmp_path / "course")
    course.build("--lang", "en")  # the English title is the one given
    (decks,) = read_collection(course.apkg("en"), tmp_path).execute("SELECT decks FROM col").fetchone()
    assert title in [deck["name"] for deck in json.loads(decks).values()]


def test_editors_find_the_schema_the_course_is_checked_with(tmp_path):
    from importlib import resources

    assert init(tmp_path, "course").exit_code == 0
    root = tmp_path / "course"
    shipped = resources.files("csrcards").joinpath("schema/decks.schema.json").read_bytes()
    sources = sorted((root / "decks").glob("*.yaml"))
    assert sources
    for source in sources:  # the schema line at the top of each file
        match = re.match(r"# yaml-language-server: \$schema=(\S+)\n", source.read_text("utf-8"))
        assert match, source.name
        assert (source.parent / match.group(1)).read_bytes() == shipped
    settings = json.loads((root / ".vscode" / "settings.json").read_text("utf-8"))["yaml.schemas"]
    for schema, globs in settings.items():  # VS Code's YAML extension: paths from the workspace root
        assert (root / schema).read_bytes() == shipped
        assert set(sources) <= {path for pattern in globs for path in root.glob(pattern)}


def test_git_keeps_the_build_cache_out_of_a_new_course(tmp_path):
    assert init(tmp_path, "course").exit_code == 0
    course = Project(tmp_path / "course")
    course.build(now=V1_TIME)
    env = git_environment()
    subprocess.run(["git", "init", "-q"], cwd=course.root, check=True, env=env)
    added = subprocess.run(["git", "add", "-A", "--dry-run"], cwd=course.root, check=True, env=env,
                           capture_output=True, text=True).stdout
    paths = {line.removeprefix("add '").removesuffix("'") for line in added.splitlines()}
    assert {"decks/csrcards.lock", *(f"build/csrcards-{language}.apkg" for language in LANGUAGES)} <= paths
    assert not [path for path in paths if "/." in path], paths  # build cache, build lock
    attributes = subprocess.run(["git", "check-attr", "merge", "diff", "--", "decks/csrcards.lock",
                                 "build/csrcards-tl.apkg"], cwd=course.root, check=True, env=env,
                                capture_output=True, text=True).stdout.splitlines()
    assert attributes == ["decks/csrcards.lock: merge: csrcards-lock", "decks/csrcards.lock: diff: unspecified",
                          "build/csrcards-tl.apkg: merge: unset", "build/csrcards-tl.apkg: diff: unset"]


def test_a_title_without_latin_letters_needs_an_id_so_two_courses_never_share_one(tmp_path):
    refused = init(tmp_path, "course", "--title", "Обслужване на клиенти")
    assert refused.exit_code == 1
    assert refused.stderr.splitlines()[0] == (
        "--id:1:1: no course id can be made from the title "
        "(give one with --id, in lowercase letters, digits and hyphens, e.g. --id service)")
    assert not (tmp_path / "course").exists()
    assert init(tmp_path, "course", "--title", "Обслужване на клиенти", "--id", "service-bg").exit_code == 0
    assert 'id: "service-bg"' in (tmp_path / "course" / "decks" / "course.yaml").read_text("utf-8")
    Project(tmp_path / "course").build()


def test_a_folder_name_with_a_space_is_quoted_in_the_next_step_and_keeps_its_case(tmp_path):
    result = init(tmp_path, "My Course 2")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1].startswith("next: cd 'My Course 2' && git init")
    text = (tmp_path / "My Course 2" / "decks" / "course.yaml").read_text("utf-8")
    assert 'en: "My Course 2"' in text and 'id: "my-course-2"' in text
