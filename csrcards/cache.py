"""Skip a build whose inputs and outputs are exactly those of the last one.

Trainers rebuild on every save, and most rebuilds change nothing. The key is a
hash of everything a build reads: the bytes of every source file and the
lock, the options, and csrcards' own code and style. The last build's key is
kept in `<out>/.csrcards-cache.json` together with a hash of each package it
wrote. A build may be skipped only when the key matches *and* every package
is still on disk with that hash, so a stale or tampered deck is never served.

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


def key(sources: list[Path], lock: Path, options: list[str]) -> str | None:
    """The hash of all a build reads, or None if something cannot be read."""
    whole = hashlib.sha256(json.dumps(options).encode())
    try:
        for path in sorted(_OWN_CODE.rglob("*")):
            if path.suffix in (".py", ".css", ".json"):
                whole.update(path.name.encode() + _digest(path).encode())
        for path in sources:
            whole.update(str(path).encode() + b"\0" + _digest(path).encode())
        whole.update(_digest(lock).encode() if lock.exists() else b"no lock")
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


def remember(out: Path, build_key: str | None, outputs: dict[str, bytes], report: dict) -> None:
    """Record a finished build; a failure to record only costs a later rebuild."""
    if build_key is None:
        return
    from . import files

    record = {"key": build_key, "outputs": {name: hashlib.sha256(data).hexdigest() for name, data in outputs.items()},
              "report": report}
    try:
        files.write(out / CACHE_FILE, json.dumps(record, ensure_ascii=False, sort_keys=True).encode("utf-8"))
    except OSError:
        pass
