"""Shared fixtures: a throwaway project, the CLI, the .apkg opened, real Anki."""

from __future__ import annotations

import os
import shutil
import sqlite3
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from csrcards.cli import main

REPO = Path(__file__).resolve().parent.parent
FIXTURE_DECKS = Path(__file__).parent / "fixtures" / "decks"
V1_TIME = 1_700_000_000

# A note to add to the sample course (after its "notes:" line).
OUTLOOK = """notes:
  - id: outlook
    front:
      en: What is the job outlook for 2016–2026?
      tl: Ano ang job outlook para sa 2016–2026?
      bg: Каква е перспективата за 2016–2026 г.?
    back:
      en: Faster than average growth.
      tl: Mas mabilis kaysa karaniwan ang paglago.
      bg: По-бърз растеж от средния.
    source:
      key: job-profile
      section: Quick facts
"""


@dataclass
class Project:
    root: Path

    @property
    def decks(self) -> Path:
        return self.root / "decks"

    def apkg(self, language: str) -> Path:
        return self.root / "build" / f"csrcards-{language}.apkg"

    def run(self, *args: str, now: int = V1_TIME):
        """Run the CLI in this project, with the clock pinned to `now`."""
        runner = CliRunner()
        cwd = os.getcwd()
        os.chdir(self.root)
        try:
            return runner.invoke(main, list(args), env={"SOURCE_DATE_EPOCH": str(now)}, catch_exceptions=False)
        finally:
            os.chdir(cwd)

    def build(self, *args: str, now: int = V1_TIME):
        result = self.run("build", *args, now=now)
        assert result.exit_code == 0, result.output
        return result

    def edit(self, name: str, old: str, new: str) -> None:
        path = self.decks / name
        text = path.read_text("utf-8")
        assert old in text, f"{old!r} not in {name}"
        path.write_text(text.replace(old, new, 1), "utf-8")

    def write(self, name: str, text: str) -> Path:
        path = self.decks / name
        path.write_text(text, "utf-8")
        return path


def _project(tmp_path: Path, source: Path) -> Project:
    root = tmp_path / "course"
    (root / "decks").mkdir(parents=True)
    for path in source.glob("*.yaml"):
        shutil.copy(path, root / "decks" / path.name)
    return Project(root)


@pytest.fixture
def project(tmp_path: Path) -> Project:
    """A small sample course: 2 topics, 4 notes, 5 cards per language."""
    return _project(tmp_path, FIXTURE_DECKS)


@pytest.fixture
def shipped(tmp_path: Path) -> Project:
    """A copy of the real course in decks/, without its lock."""
    return _project(tmp_path, REPO / "decks")


def read_collection(apkg: Path, tmp_path: Path) -> sqlite3.Connection:
    """Open the .apkg the way Anki does: zip, then collection.anki2, then SQLite."""
    with zipfile.ZipFile(apkg) as archive:
        target = tmp_path / f"{apkg.stem}.anki2"
        target.write_bytes(archive.read("collection.anki2"))
    return sqlite3.connect(target)


@pytest.fixture
def anki(tmp_path: Path):
    """A fresh, empty collection in the real Anki engine (the PyPI `anki` package)."""
    from anki.collection import Collection

    (tmp_path / "learner").mkdir()
    collection = Collection(str(tmp_path / "learner" / "collection.anki2"))
    yield collection
    collection.close()


def import_apkg(collection, apkg: Path):
    """Import with Anki's default options and return the import log."""
    from anki.collection import ImportAnkiPackageOptions, ImportAnkiPackageRequest

    request = ImportAnkiPackageRequest(package_path=str(apkg), options=ImportAnkiPackageOptions())
    return collection.import_anki_package(request).log


SAMPLE_COURSE = "sample"  # the course id of tests/fixtures/decks
SHIPPED_COURSE = "cse"  # the course id of decks/


def note_id(collection, source_id: str, language: str, course: str = SAMPLE_COURSE) -> int:
    """The learner's note id for a source note, found by its GUID."""
    from csrcards.ids import note_guid

    return collection.db.scalar("SELECT id FROM notes WHERE guid = ?", note_guid(course, source_id, language))


CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")


@pytest.fixture
def browser(tmp_path):
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium chromium-driver)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--no-first-run", "--disable-background-networking", "--disable-component-update",
                     "--disable-sync", f"--user-data-dir={tmp_path / 'chromium-profile'}",
                     "--window-size=1400,1000"):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    yield driver
    driver.quit()


def git_environment() -> dict[str, str]:
    """For git in tests: no user or system config, a fixed author, and this
    csrcards first on PATH (git runs the lock's merge driver through the shell)."""
    identity = {f"GIT_{who}_{what}": value for who in ("AUTHOR", "COMMITTER")
                for what, value in (("NAME", "Trainer"), ("EMAIL", "trainer@example.com"))}
    return {**os.environ, **identity, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1",
            "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
