"""Atomic file writes: a reader sees the old file or the new one, never a mix.

Each file is first written in full to a temporary file beside it and synced,
and only then renamed over the old one. `write_all` stages every file before
renaming any, so an error while writing (a full disk, a read-only folder)
leaves all of them as they were. A build killed midway leaves at most a
hidden `.NAME.PID.tmp` file, which the next build sweeps away.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from pathlib import Path


def write_all(files: dict[Path, bytes | Iterable[bytes] | Callable[[Path], object]], sync: bool = True,
              stage_first: Iterable[Path] = ()) -> None:
    """Write every file, or none; they are renamed into place in the order given.

    A file's bytes may come in chunks (e.g. from a generator), or a function
    may write the file itself, given the temporary path to write (and sync) it
    at, `staging(path)`. `stage_first` are written out before the others, say
    while those are still being made. sync=False skips the flush to disk, for
    caches: after a crash such a file may be cut short, which its reader must
    detect.
    """
    staged: dict[Path, Path] = {}
    first = list(stage_first)
    try:
        for path in first + [path for path in files if path not in first]:
            staged[path] = _stage(path, files[path], sync)
        for path in files:
            os.replace(staged[path], path)
    finally:
        for temporary in staged.values():
            temporary.unlink(missing_ok=True)


def write(path: Path, data: bytes, sync: bool = True) -> None:
    write_all({path: data}, sync)


def staging(path: Path) -> Path:
    """The hidden file `path` is written to before it is renamed into place."""
    return path.with_name(f".{path.name}.{os.getpid()}.tmp")


def _stage(path: Path, data: bytes | Iterable[bytes] | Callable[[Path], object], sync: bool) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = staging(path)
    if callable(data):
        try:
            data(temporary)
        except BaseException:
            temporary.unlink(missing_ok=True)
            raise
        return temporary
    try:
        with open(temporary, "wb") as handle:
            if isinstance(data, (bytes, bytearray)):
                handle.write(data)
            else:
                handle.writelines(data)
            if sync:
                handle.flush()
                os.fsync(handle.fileno())
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return temporary
