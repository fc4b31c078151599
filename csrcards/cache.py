"""Skip a build whose inputs and outputs are exactly those of the last one.

Trainers rebuild on every save, and most rebuilds change nothing. Two caches
serve them, both under the output folder and both keyed by content, never by
file times:

- the whole build: skipped when nothing it reads has changed (below);
- each source file: parsed and checked once for its exact bytes and the
  termbase its findings were checked against (`Documents`), so an edit
  re-reads only the file it touches, and an edit of the termbase re-checks
  every file.

For the whole build the key is a hash of everything a build reads: the bytes
of every source file, the lock and the termbase, the options, and csrcards'
own code and style. The last build's key is kept in
`<out>/.csrcards-cache.json` together with a hash of each package it wrote. A
build may be skipped only when the key matches *and* every package is still
on disk with that hash, so a stale or tampered deck is never served.

This module imports nothing heavy (no YAML, no genanki), so a skipped build
costs little more than starting Python.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

CACHE_FILE = ".csrcards-cache.json"
_OWN_CODE = Path(__file__).resolve().parent


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


_code: str | None = None


def code_digest() -> str:
    """A hash of csrcards' own code, CSS and schema: a new version misses every cache."""
    global _code
    if _code is None:
        whole = hashlib.sha256()
        for path in sorted(_OWN_CODE.rglob("*")):
            if path.suffix in (".py", ".css", ".json"):
                whole.update(path.name.encode() + _digest(path).encode())
        _code = whole.hexdigest()
    return _code


def key(sources: list[Path], optional: list[Path], options: list[str],
        taken: dict[Path, str] | None = None) -> str | None:
    """The hash of all a build reads, or None if something cannot be read.

    `optional` are files a build reads if they exist (the lock, the termbase).
    `taken` holds each file's hash as taken before: it is used rather than
    reading the file again, and hashes taken now are added to it. A build
    takes them before it reads the sources and keeps them for the key it
    records at the end, so a file saved while it runs is built again next
    time, not taken as built.
    """
    taken = {} if taken is None else taken
    whole = hashlib.sha256(json.dumps(options).encode())
    try:
        whole.update(code_digest().encode())
        for path in sources:
            if path not in taken:
                taken[path] = _digest(path)
            whole.update(str(path).encode() + b"\0" + taken[path].encode())
        for path in optional:
            if path not in taken:
                taken[path] = _digest(path) if path.exists() else "absent"
            whole.update(str(path).encode() + b"\0" + taken[path].encode())
    except OSError:
        return None
    return whole.hexdigest()


def lookup(out: Path, build_key: str | None) -> dict | None:
    """The saved report of the last build, if it can stand for this one."""
    if build_key is None:
        return None
    try:
        saved = json.loads((out / CACHE_FILE).read_text("utf-8"))
        if saved.get("key") != build_key:
            return None
        for name, digest in saved["outputs"].items():
            if _digest(out / name) != digest:
                return None
        return saved["report"]
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def remember(out: Path, build_key: str | None, outputs: list[str], report: dict) -> None:
    """Record a finished build, with a hash of each package it wrote to `out`; a failure to
    record only costs a later rebuild."""
    if build_key is None:
        return
    from . import files

    try:
        record = {"key": build_key, "outputs": {name: _digest(out / name) for name in outputs}, "report": report}
        # No flush to disk: a record cut short by a crash is no JSON, and lookup() checks the packages anyway.
        files.write(out / CACHE_FILE, json.dumps(record, ensure_ascii=False, sort_keys=True).encode("utf-8"),
                    sync=False)
    except OSError:
        pass


class Documents:
    """Source files parsed and checked by earlier builds, by their exact bytes.

    An entry holds the file's plain data, the line marks later stages may
    need (notes, ids, topic title), its consistency findings, and what a
    build works out from its notes alone (`Document.derived`: text hashes and
    GUIDs, see pipeline.derived); it is JSON, so reading it back can never
    run code. Entries not used by a build are pruned after it.
    """

    def __init__(self, out: Path):
        self.folder = out / ".csrcards-cache"
        self.used: set[str] = set()
        self.fresh: dict[str, tuple] = {}
        self.kept: list[tuple] = []  # (key, document) of each document `get` gave this build
        self.inputs = ""  # what the findings read besides the file: the termbase's hash

    def _key(self, shown: str, raw: bytes) -> str:
        return hashlib.sha256(code_digest().encode() + self.inputs.encode() + b"\0" + shown.encode() + b"\0"
                              + raw).hexdigest()

    def get(self, path: Path, shown: str):
        """The document for this file if an earlier build checked these bytes, else None."""
        from .sources import Document

        try:
            if path.is_symlink():
                return None  # where a link points is checked afresh every time
            raw = path.read_bytes()
            key = self._key(shown, raw)
            saved = json.loads((self.folder / f"{key}.json").read_text("utf-8"))
            document = Document(shown, saved["data"], checked=True)
            for where, line, column in saved["values"]:
                document.values[tuple(where)] = (line, column)
            for where, line, column in saved["keys"]:
                document.keys[tuple(where)] = (line, column)
            document.findings = [_problem(p) for p in saved["findings"]]
            document.derived = saved.get("derived")
        except (OSError, ValueError, KeyError, TypeError):
            return None
        self.used.add(key)
        self.kept.append((key, document))
        return document

    def renew(self, key: str, document) -> None:
        """Write a document `get` gave again, with what this build added to it (its `derived`)."""
        self.fresh[key] = (document, document.findings)

    def put(self, path: Path, document, findings: list) -> None:
        """Remember a freshly parsed file that passed its own checks."""
        try:
            key = self._key(document.path, path.read_bytes())
        except OSError:
            return
        self.used.add(key)
        self.fresh[key] = (document, findings)

    def save(self) -> None:
        """Write the new entries and prune the ones this build did not use.

        Each entry is written on its own, so that only one is ever held as
        JSON, and without a flush to disk: one cut short by a crash is not
        JSON, and `get` passes it over.
        """
        from . import files

        try:
            for key, (document, findings) in self.fresh.items():
                entry = {
                    "data": document.data,
                    "values": [[list(w), *m] for w, m in document.values.items() if len(w) <= 3],
                    "keys": [[list(w), *m] for w, m in document.keys.items() if len(w) <= 1],
                    "findings": [[p.path, p.line, p.column, p.message, p.hint] for p in findings],
                    "derived": document.derived,
                }
                files.write(self.folder / f"{key}.json", json.dumps(entry, ensure_ascii=False).encode("utf-8"),
                            sync=False)
            for old in self.folder.glob("*.json"):
                if old.stem not in self.used:
                    old.unlink()
        except OSError:
            pass  # a cache that cannot be written only costs a later re-read
        finally:
            self.fresh.clear()


def _problem(saved: list):
    from .errors import Problem

    return Problem(*saved)
