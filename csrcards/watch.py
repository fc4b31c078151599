"""Rebuild on every save: `csrcards watch`.

The operating system reports the changes (inotify, FSEvents, ReadDirectoryChangesW,
through the `watchfiles` library), so nothing is polled here. Only `*.yaml`
files directly in decks/ count: the lock and the temporary files a build
writes beside it must not set off another build. An editor's save often comes
as several events (write, rename, metadata); watchfiles groups them into one
batch, which gives one build. Watching starts after the first build, so a save
made during that build is picked up with the next one.
"""

from __future__ import annotations

import gc
import logging
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import watchfiles


def watch_sources(folder: Path, rebuild: Callable[[], object], say: Callable[[str], None],
                  max_builds: int | None = None) -> None:
    """Call `rebuild` now and after every change to `folder`/*.yaml, until Ctrl-C.

    `max_builds` stops after that many builds, the first one included.
    """
    try:
        _build(rebuild)
        say(f"watching {folder.name}/*.yaml for changes (Ctrl-C to stop)")
        if max_builds == 1:
            return
        # raise_interrupt=False: a Ctrl-C while waiting ends the batches. watchfiles
        # then logs a warning of its own; "stopped watching" below says it for us.
        logging.getLogger("watchfiles").setLevel(logging.ERROR)
        with closing(watchfiles.watch(folder, watch_filter=_is_source, recursive=False,
                                      raise_interrupt=False)) as batches:
            for builds, changes in enumerate(batches, start=2):
                names = ", ".join(sorted({f"{folder.name}/{Path(path).name}" for _, path in changes}))
                say(f"changed: {names}; rebuilding")
                _build(rebuild)
                if builds == max_builds:
                    break
    except KeyboardInterrupt:  # during a build: builds are atomic, so stopping is safe
        pass
    say("stopped watching")


def _build(rebuild: Callable[[], object]) -> None:
    rebuild()
    # Builds pause the garbage collector (pipeline.collector_paused): free what
    # a build left in reference cycles before waiting for the next save, so
    # that a long session does not grow.
    gc.collect()


def _is_source(change: watchfiles.Change, path: str) -> bool:
    return path.endswith(".yaml") and not Path(path).name.startswith(".")
