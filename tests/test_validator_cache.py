"""The schema validator's compiled code is kept like bytecode, and never trusted blindly.

validate._validator compiles fastjsonschema's code for a shipped schema once
and keeps it in __pycache__ (or under PYTHONPYCACHEPREFIX). These tests hold
it to what Python promises for its own bytecode: written only where Python
would write bytecode, and a damaged copy costs a recompile, never a wrong
answer.
"""

from __future__ import annotations

import sys

import pytest

from csrcards import validate

GOOD = {"topic": {"id": "t", "title": {"en": "a", "tl": "b", "bg": "c"}},
        "notes": [{"id": "n", "front": {"en": "a", "tl": "b", "bg": "c"}, "back": {"en": "a", "tl": "b", "bg": "c"},
                   "source": {"key": "k", "section": "s"}}]}
BAD = {"topic": {"id": "t", "title": {"en": "a", "tl": "b", "bg": "c"}}, "notes": [{"id": "n", "fornt": {}}]}


@pytest.fixture
def pycache(tmp_path, monkeypatch):
    """Bytecode (and so the validator's code) written under tmp_path."""
    monkeypatch.setattr(sys, "pycache_prefix", str(tmp_path))
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    return tmp_path


def _kept(folder):
    return sorted(folder.rglob("decks-validator-*.pyc"))


def _accepts(validator, data) -> bool:
    try:
        validator(data)
    except validate.fastjsonschema.JsonSchemaException:
        return False
    return True


def test_the_validator_is_kept_where_python_keeps_bytecode_and_used_again(pycache):
    first = validate._validator("decks")
    kept = _kept(pycache)
    assert len(kept) == 1
    stamp = kept[0].stat().st_mtime_ns
    second = validate._validator("decks")
    assert kept[0].stat().st_mtime_ns == stamp  # read, not written again
    for validator in (first, second):
        assert _accepts(validator, GOOD) and not _accepts(validator, BAD)


def test_a_damaged_copy_is_made_again_and_still_judges_alike(pycache):
    validate._validator("decks")
    [kept] = _kept(pycache)
    kept.write_bytes(b"not marshal data")
    validator = validate._validator("decks")
    assert _accepts(validator, GOOD) and not _accepts(validator, BAD)
    assert kept.read_bytes() != b"not marshal data"


def test_nothing_is_written_when_python_writes_no_bytecode(pycache, monkeypatch):
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    validator = validate._validator("decks")
    assert _kept(pycache) == []
    assert _accepts(validator, GOOD) and not _accepts(validator, BAD)


def test_a_cache_that_cannot_be_written_only_means_compiling_each_time(pycache, monkeypatch):
    def refuse(source, target):
        raise PermissionError(13, "Permission denied", str(target))

    monkeypatch.setattr(validate.os, "replace", refuse)
    validator = validate._validator("decks")
    assert _accepts(validator, GOOD) and not _accepts(validator, BAD)
    assert list(pycache.rglob("*validator*")) == []  # no copy, and no temporary file left behind
