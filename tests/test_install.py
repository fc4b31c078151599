"""csrcards as a tool: a wheel installed on its own works on a course anywhere.

Trainers who do not develop csrcards install it with `pipx install` or `uv
tool install`: a fresh virtual environment with the wheel and its
dependencies, outside this repository. The same is done here by hand.
"""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

from csrcards import LANGUAGES

from .conftest import REPO


def test_the_wheel_installs_on_its_own_and_builds_a_course_elsewhere(tmp_path):
    env = {key: value for key, value in os.environ.items() if key not in ("PYTHONPATH", "VIRTUAL_ENV")}

    def run(*args: str | Path, cwd: Path = tmp_path) -> str:
        result = subprocess.run([str(arg) for arg in args], cwd=cwd, env=env, capture_output=True, text=True)
        assert result.returncode == 0, f"{args}: {result.stdout}{result.stderr}"
        return result.stdout

    run(sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", tmp_path / "dist", REPO)
    (wheel,) = (tmp_path / "dist").glob("csrcards-*.whl")
    packaged = set(zipfile.ZipFile(wheel).namelist())
    own = {path.relative_to(REPO).as_posix() for path in (REPO / "csrcards").rglob("*")
           if path.is_file() and "__pycache__" not in path.parts}
    assert own - packaged == set()  # the schema, the CSS and every template, dotfiles too

    tool = tmp_path / "tool"
    run(sys.executable, "-m", "venv", tool)
    run(tool / "bin" / "python", "-m", "pip", "install", "-q", wheel)
    where = run(tool / "bin" / "python", "-c", "import csrcards; print(csrcards.__file__)")
    assert Path(where.strip()).is_relative_to(tool)

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    run(tool / "bin" / "csrcards", "init", "course", cwd=elsewhere)
    built = run(tool / "bin" / "csrcards", "build", cwd=elsewhere / "course")
    assert [line.split(":")[0] for line in built.splitlines()] == [f"build/csrcards-{lang}.apkg" for lang in LANGUAGES]
    for language in LANGUAGES:
        assert zipfile.is_zipfile(elsewhere / "course" / "build" / f"csrcards-{language}.apkg")
