"""A new course folder that builds at once: `csrcards init DIR`.

The files are the ones under csrcards/templates/course/, written as they are
but for a few placeholders (`@title@`, `@id@`, `@version@`, `@csrcards@`), plus a copy
of the JSON Schema at schema/decks.schema.json for editors. In .yaml, .yml and
.json templates a placeholder stands inside double quotes, so its value is
escaped as a JSON string (which YAML reads the same way). Existing files are
never overwritten: if any is in the way, nothing is written.
"""

from __future__ import annotations

import json
import re
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import CardsError, Problem
from .files import write_all

if TYPE_CHECKING:
    from importlib.abc import Traversable

SCHEMA_COPY = "schema/decks.schema.json"
TERMS_SCHEMA_COPY = "schema/terms.schema.json"
_PLACEHOLDER = re.compile(r"@([a-z_]+)@")
_QUOTED = (".yaml", ".yml", ".json")


_SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def values(folder: Path, title: str | None, version: str, course_id: str | None = None) -> dict[str, str]:
    """The placeholders' values; the title defaults to the folder's name, the id to the title's.

    CardsError if no id can be made (a title without Latin letters or
    digits) or the one given is not a slug: two courses must never share one.
    """
    name = folder.resolve().name
    default = re.sub(r"[-_\s]+", " ", name).strip()
    name = title or (default[:1].upper() + default[1:]) or "My course"
    made = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:64].strip("-")
    course_id = course_id if course_id is not None else made
    if not _SLUG.match(course_id or "") or len(course_id) > 64:
        what = f"'{course_id}' is not a valid course id" if course_id else "no course id can be made from the title"
        raise CardsError([Problem("--id", 1, 1, what,
                                  "give one with --id, in lowercase letters, digits and hyphens, e.g. --id service")])
    # csrcards is not on a public index yet: a new course's workflow asks for
    # the repository variable CSRCARDS rather than guess a package by name.
    return {"title": name, "id": course_id, "version": version, "csrcards": ""}


def render(template: str, name: str, values: dict[str, str]) -> str:
    quoted = name.endswith(_QUOTED)
    return _PLACEHOLDER.sub(lambda m: json.dumps(values[m.group(1)], ensure_ascii=False)[1:-1] if quoted
                            else values[m.group(1)], template)


def files(values: dict[str, str]) -> dict[str, bytes]:
    """Every file of a new course, by its path in the course folder."""
    package = resources.files(__package__)
    written = {path: render(text, path, values).encode("utf-8")
               for path, text in _templates(package.joinpath("templates/course"), "")}
    written[SCHEMA_COPY] = package.joinpath("schema/decks.schema.json").read_bytes()
    written[TERMS_SCHEMA_COPY] = package.joinpath("schema/terms.schema.json").read_bytes()
    return written


def create(folder: Path, shown: str, values: dict[str, str]) -> list[str]:
    """Write a new course into `folder`; returns the paths written, as shown."""
    planned = files(values)
    existing = sorted(path for path in planned if (folder / path).exists())
    if existing:
        raise CardsError([Problem(_join(shown, path), 1, 1, "already exists",
                                  "csrcards init writes only new files: move it away, or pick another folder")
                          for path in existing])
    write_all({folder / path: data for path, data in planned.items()})
    return sorted(_join(shown, path) for path in planned)


def _join(folder: str, path: str) -> str:
    return path if folder in ("", ".") else f"{folder.rstrip('/')}/{path}"


def _templates(folder: Traversable, prefix: str):
    """(path, text) of every template under `folder`, depth first."""
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        path = f"{prefix}{entry.name}"
        if entry.is_dir():
            if entry.name != "__pycache__":
                yield from _templates(entry, f"{path}/")
        else:
            yield path, entry.read_text("utf-8")
