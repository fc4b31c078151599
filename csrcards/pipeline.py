"""The build, stage by stage: sources -> checked course -> packages -> lock.

Each stage lives in its own module; this one only passes results along and
decides when files may be written: every package is built in memory first,
so a build that fails leaves the last good decks and lock as they were.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from . import sources, validate
from .errors import CardsError, Problem
from .lock import LOCK_FILE, Lock
from .model import Course

OUTPUT_DIR = "build"


def package_name(language: str) -> str:
    return f"csrcards-{language}.apkg"


def load(root: Path, files: tuple[str, ...] = ()) -> Course:
    """Read and check the sources; CardsError lists every problem at once."""
    paths = sources.find(root, files)
    course_file = root / sources.SOURCES_DIR / sources.COURSE_FILE
    if files and course_file.exists() and all(p.resolve() != course_file.resolve() for p in paths):
        paths.insert(0, course_file)
    if not paths:
        raise CardsError([Problem(f"{sources.SOURCES_DIR}/", 1, 1, "no card sources found",
                                  f"add .yaml files to {sources.SOURCES_DIR}/")])
    documents, problems = [], []
    for path in paths:
        document, found = sources.read(path, sources.display_path(path, root))
        problems.extend(found)
        if document is not None:
            documents.append(document)
    try:
        course = validate.check(documents)
    except CardsError as error:
        raise CardsError(problems + error.problems) from None
    if problems:
        raise CardsError(problems)
    return course


def lock_path(root: Path) -> Path:
    return root / sources.SOURCES_DIR / LOCK_FILE


def load_lock(root: Path, now: int) -> Lock:
    path = lock_path(root)
    return Lock.load(path, now, sources.display_path(path, root))


@dataclass
class DeckReport:
    language: str
    path: str
    notes: int
    cards: int
    changes: dict[str, int]


@dataclass
class BuildReport:
    decks: list[DeckReport] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)


def build(root: Path, out: Path, languages: tuple[str, ...], files: tuple[str, ...], now: int) -> BuildReport:
    from . import compile, package  # genanki is only needed here

    course = load(root, files)
    lock = load_lock(root, now)
    report = BuildReport()
    outputs = []
    for language in languages:
        compiled = compile.compile_language(course, language, lock)
        outputs.append((out / package_name(language), package.apkg_bytes(compiled.decks)))
        changes = {"new": 0, "edited": 0, "unchanged": 0}
        for key, state in lock.touched.items():
            if key.startswith("note/") and key.endswith(f"/{language}"):
                changes[state] += 1
        report.decks.append(DeckReport(language, sources.display_path(out / package_name(language), root),
                                       compiled.notes, compiled.cards, changes))
    if not files:
        current = {note.id for note in course.notes}
        report.removed = sorted({key.split("/")[1] for key in lock.entries
                                 if key.startswith("note/") and key.split("/")[1] not in current})
    try:
        for path, data in outputs:
            package.write(path, data)
    except OSError as error:
        shown = sources.display_path(out, root)
        raise CardsError([Problem(shown, 1, 1, f"cannot write the decks: {error.strerror or error}",
                                  "check that the folder exists and is writable")]) from None
    lock.save(lock_path(root))
    return report

