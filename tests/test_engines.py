"""The engine scenario (tests/engines), here on the installed Anki; .ci/engines runs it on every supported line."""

from __future__ import annotations

import json
import re
import subprocess
import sys

from csrcards.engines import MINIMUM_ANKI

from .conftest import REPO
from .engines.prepare import prepare

SCENARIO = REPO / "tests" / "engines" / "scenario.py"


def _scenario(folder) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(SCENARIO), str(folder)], capture_output=True, text=True, timeout=300)


def test_installed_anki_shows_every_card_as_csrcards_claims_and_updates_in_place(tmp_path):
    prepare(tmp_path)
    result = _scenario(tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert re.fullmatch(r"anki \S+, new importer: pass \(en 9 notes, tl 9 notes, bg 9 notes\)\n", result.stdout)


def test_scenario_fails_when_anki_shows_a_card_otherwise(tmp_path):
    claims = prepare(tmp_path)
    note = claims["languages"]["bg"]["v1"]["notes"]
    card = next(iter(next(iter(note.values()))["cards"].values()))
    card["front"] += " (something csrcards did not build)"
    (tmp_path / "claims.json").write_text(json.dumps(claims), "utf-8")
    result = _scenario(tmp_path)
    assert result.returncode == 1
    assert ", new importer: FAIL: bg: note listen, card 1: the front reads " in result.stdout


def test_engine_matrix_starts_at_the_stated_minimum():
    script = (REPO / ".ci" / "engines").read_text("utf-8")
    assert 'ENGINES=("$MINIMUM" ' in script
    assert f"Anki {MINIMUM_ANKI}" in (REPO / "README.md").read_text("utf-8")
    assert ".ci/engines" in (REPO / ".ci" / "run").read_text("utf-8")
