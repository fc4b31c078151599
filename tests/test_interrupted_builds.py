"""kill -9 in mid-build and two builds at once never leave broken files."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from csrcards.ids import note_guid

from .conftest import V1_TIME

LANGUAGES = ("en", "tl", "bg")


def _big_topic(notes: int, label: str) -> str:
    lines = ["topic:", "  id: duties", "  title: {en: Duties, tl: Mga tungkulin, bg: Задължения}", "notes:"]
    for i in range(notes):
        lines += [f"  - id: duty-{i}",
                  f"    front: {{en: 'Duty {i} {label}?', tl: 'Tungkulin {i} {label}?', bg: 'Задължение {i} {label}?'}}",
                  f"    back: {{en: 'Answer {i}.', tl: 'Sagot {i}.', bg: 'Отговор {i}.'}}",
                  "    source: {key: job-profile, section: Duties}"]
    return "\n".join(lines) + "\n"


def _start_build(project, *args: str) -> subprocess.Popen:
    env = dict(os.environ, SOURCE_DATE_EPOCH=str(V1_TIME + 60))
    return subprocess.Popen([sys.executable, "-m", "csrcards", "build", "--force", *args], cwd=project.root, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def _package_notes(path: Path, tmp_path: Path) -> dict[str, int]:
    """The notes of a package (guid -> mod), after checking that it is whole."""
    with zipfile.ZipFile(path) as archive:
        assert archive.testzip() is None
        database = tmp_path / f"check-{path.name}.anki2"
        database.write_bytes(archive.read("collection.anki2"))
    connection = sqlite3.connect(database)
    try:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        return dict(connection.execute("SELECT guid, mod FROM notes"))
    finally:
        connection.close()
        database.unlink()


def _lock_entries(project) -> dict:
    return json.loads((project.decks / "csrcards.lock").read_text("utf-8"))["entries"]


@pytest.fixture
def big(project):
    project.write("duties.yaml", _big_topic(3000, "v1"))
    project.build()
    return project


def test_kill_9_mid_build_leaves_old_or_new_files_never_broken_ones(big, tmp_path):
    old = {language: big.apkg(language).read_bytes() for language in LANGUAGES}
    big.write("duties.yaml", _big_topic(3000, "v2"))
    for delay in (0.05, 0.2, 0.4, 0.6, 0.8, 1.0, 1.5):
        process = _start_build(big)
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.communicate()
        for language in LANGUAGES:
            data = big.apkg(language).read_bytes()
            if data != old[language]:  # the kill came after this package was renamed into place
                assert len(_package_notes(big.apkg(language), tmp_path)) == 3004
        assert len(_lock_entries(big)) > 0  # the lock is whole JSON
    finished = _start_build(big)
    assert finished.communicate()[1] == b"" and finished.returncode == 0
    assert not list(big.root.rglob(".*.tmp"))
    for language in LANGUAGES:
        assert len(_package_notes(big.apkg(language), tmp_path)) == 3004


def test_two_builds_at_once_leave_packages_that_match_the_lock(big, tmp_path):
    for round_ in range(3):
        big.write("duties.yaml", _big_topic(3000, f"round{round_}"))
        first, second = _start_build(big), _start_build(big, "--lang", "bg")
        for process in (first, second):
            assert process.communicate()[1] == b"" and process.returncode == 0
        entries = _lock_entries(big)
        for language in LANGUAGES:
            mods = _package_notes(big.apkg(language), tmp_path)
            assert mods[note_guid("sample", "duty-7", language)] == entries[f"note/duty-7/{language}"]["mod"]
