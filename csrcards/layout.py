"""Where a course lives: its sources, its lock and its packages.

Kept free of heavy imports, so that a build that can be skipped (cache.py)
is decided without loading YAML or genanki.
"""

from __future__ import annotations

import os
from pathlib import Path

SOURCES_DIR = "decks"
COURSE_FILE = "course.yaml"
TERMS_FILE = "terms.yaml"  # the termbase: read by every build, but not a card source
LOCK_FILE = "csrcards.lock"
OUTPUT_DIR = "build"


def source_paths(root: Path, files: tuple[str, ...] = ()) -> list[Path]:
    """The card sources to build: the named ones (always with the course file), or every decks/*.yaml.

    The termbase is never among them, even when named: it holds no cards, and
    every build reads it anyway (terms_path).
    """
    if not files:
        return sorted(p for p in (root / SOURCES_DIR).glob("*.yaml") if p.is_file() and p.name != TERMS_FILE)
    terms = terms_path(root).resolve()
    paths = [p for p in map(Path, files) if p.resolve() != terms]
    course = root / SOURCES_DIR / COURSE_FILE
    if course.exists() and all(p.resolve() != course.resolve() for p in paths):
        paths.insert(0, course)
    return paths


def terms_path(root: Path) -> Path:
    return root / SOURCES_DIR / TERMS_FILE


def lock_path(root: Path) -> Path:
    return root / SOURCES_DIR / LOCK_FILE


def package_name(language: str) -> str:
    return f"csrcards-{language}.apkg"


def shown(path: Path, root: Path) -> str:
    """The path as the trainer knows it: relative to the project when possible."""
    try:
        relative = Path(os.path.relpath(path, root))
    except ValueError:  # another drive on Windows
        return path.as_posix()
    return path.resolve().as_posix() if relative.parts[:1] == ("..",) else relative.as_posix()
