"""Packages are zipped straight into hidden files beside their place, and renamed when all are ready.

A build never holds its packages in memory: each is zipped (on another
thread) into the hidden file it is renamed from. These tests hold the promise
of atomic builds to that: a build that fails once a package is zipped leaves
the last good decks as they were and no hidden file behind.
"""

from __future__ import annotations

import pytest

from csrcards import compile, pipeline
from csrcards.errors import CardsError, Problem

from .conftest import V1_TIME


def test_a_build_that_fails_after_a_package_is_zipped_leaves_the_old_decks_and_no_hidden_files(project, monkeypatch):
    project.build()
    before = {path.name: path.read_bytes() for path in (project.root / "build").glob("*.apkg")}
    lock = (project.decks / "csrcards.lock").read_bytes()
    project.edit("salary-facts.yaml", "About 2,785,000.", "Roughly 2,785,000.")
    compile_language = compile.compile_language

    def fail_for_bulgarian(course, language, *args, **options):
        if language == "bg":
            raise CardsError([Problem("decks/course.yaml", 1, 1, "made to fail")])
        return compile_language(course, language, *args, **options)

    monkeypatch.setattr(compile, "compile_language", fail_for_bulgarian)
    with pytest.raises(CardsError):
        pipeline.build(project.root, project.root / "build", ("en", "tl", "bg"), (), V1_TIME + 60)
    assert {path.name: path.read_bytes() for path in (project.root / "build").glob("*.apkg")} == before
    assert (project.decks / "csrcards.lock").read_bytes() == lock
    assert list((project.root / "build").glob(".*.tmp")) == []


def test_a_build_leaves_no_hidden_files(project):
    project.build()
    assert list((project.root / "build").glob(".*.tmp")) == []
    assert sorted(path.name for path in (project.root / "build").glob("*.apkg")) == [
        "csrcards-bg.apkg", "csrcards-en.apkg", "csrcards-tl.apkg"]
