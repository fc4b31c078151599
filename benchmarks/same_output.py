"""Check that two versions of csrcards write the same bytes: packages, lock, CSV export and diff.

    .venv/bin/python benchmarks/same_output.py 00c25b2            # that commit against the working tree
    .venv/bin/python benchmarks/same_output.py 00c25b2 --notes 5000

Speed work must not change a byte of what learners import. For each version
(csrcards as of REV, taken with `git archive`, and the csrcards this python
imports), in fresh copies of the same projects and with the clock pinned:

- the shipped decks with their lock: `build --force` (no build/ yet), then an
  English edit and `build` (the document cache serving the other files),
  then `export`, `diff --format json` and `check`;
- a synthetic course (synth.py) without a lock: `build --force`, a one-note
  edit and `build` at a later time, and `build --force --lang bg --lang tl`
  into another folder.

Every file written (and each command's output) is compared byte for byte.
Exits 1 and names the files that differ.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

import synth  # noqa: E402

TIME = 1_764_000_000


def _run(project: Path, code: Path | None, now: int, *args: str) -> bytes:
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    env["SOURCE_DATE_EPOCH"] = str(now)
    if code is not None:
        env["PYTHONPATH"] = str(code)
    done = subprocess.run([sys.executable, "-m", "csrcards", *args], cwd=project, env=env, capture_output=True)
    return done.stdout + done.stderr


def outputs(code: Path | None, work: Path, notes: int) -> dict[str, bytes]:
    """Every file and output of the scenarios above, by name."""
    found: dict[str, bytes] = {}

    def keep(prefix: str, folder: Path, pattern: str) -> None:
        for path in sorted(folder.glob(pattern)):
            found[f"{prefix}/{path.name}"] = path.read_bytes()

    shipped = work / "shipped"
    shutil.copytree(REPO / "decks", shipped / "decks")
    found["shipped/build.out"] = _run(shipped, code, TIME, "build", "--force")
    keep("shipped-cold", shipped / "build", "*.apkg")
    keep("shipped-cold", shipped / "decks", "csrcards.lock")
    topic = sorted(p for p in (shipped / "decks").glob("*.yaml") if p.name not in ("course.yaml", "terms.yaml"))[0]
    text = topic.read_text("utf-8")
    topic.write_text(text.replace("      en: ", "      en: Edited ", 1), "utf-8")
    found["shipped/edit.out"] = _run(shipped, code, TIME + 100, "build")
    keep("shipped-edit", shipped / "build", "*.apkg")
    keep("shipped-edit", shipped / "decks", "csrcards.lock")
    found["shipped/export.out"] = _run(shipped, code, TIME + 100, "export", "--out", "export")
    keep("shipped-export", shipped / "export", "*.csv")
    found["shipped/diff.json"] = _run(shipped, code, TIME + 100, "diff", "--format", "json")
    found["shipped/check.out"] = _run(shipped, code, TIME + 100, "check")

    course = work / "synthetic"
    synth.write_course(course, notes)
    found["synthetic/build.out"] = _run(course, code, TIME, "build", "--force")
    keep("synthetic-cold", course / "build", "*.apkg")
    keep("synthetic-cold", course / "decks", "csrcards.lock")
    synth.edit_one_note(course, "edited")
    found["synthetic/edit.out"] = _run(course, code, TIME + 100, "build")
    keep("synthetic-edit", course / "build", "*.apkg")
    keep("synthetic-edit", course / "decks", "csrcards.lock")
    found["synthetic/languages.out"] = _run(course, code, TIME + 200, "build", "--force", "--lang", "bg",
                                            "--lang", "tl", "--out", "two")
    keep("synthetic-languages", course / "two", "*.apkg")
    keep("synthetic-languages", course / "decks", "csrcards.lock")
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("rev", help="the git revision to compare with, e.g. a commit before the change")
    parser.add_argument("--notes", type=int, default=2000, help="notes in the synthetic course (default 2000)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="csrcards-same-output-") as folder:
        root = Path(folder)
        archive = subprocess.run(["git", "archive", "--format=tar", args.rev, "csrcards"], cwd=REPO,
                                 capture_output=True, check=True).stdout
        with tarfile.open(fileobj=__import__("io").BytesIO(archive)) as tar:
            tar.extractall(root / "old", filter="data")
        old = outputs(root / "old", root / "old-run", args.notes)
        new = outputs(None, root / "new-run", args.notes)
    differ = sorted(name for name in old.keys() | new.keys() if old.get(name) != new.get(name))
    for name in sorted(old.keys() | new.keys()):
        print(f"{'DIFFERENT' if name in differ else 'same':9} {name}")
    print(f"{len(old.keys() | new.keys()) - len(differ)} same, {len(differ)} different "
          f"(csrcards at {args.rev} against the working tree, {args.notes:,}-note synthetic course)")
    sys.exit(1 if differ else 0)


if __name__ == "__main__":
    main()
