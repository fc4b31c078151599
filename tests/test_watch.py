"""`csrcards watch`, run as a real process: rebuilds on save, shows problems, stops on Ctrl-C."""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import threading
import time

import pytest

from .conftest import V1_TIME

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="sends SIGINT")

WAIT = 30  # seconds; generous for slow machines, never reached when things work


class Watcher:
    """`csrcards watch` in a subprocess, its stdout and stderr read line by line."""

    def __init__(self, project, *args: str):
        self.project = project
        self.process = subprocess.Popen(
            [sys.executable, "-c", "from csrcards.cli import main; main()", "watch", *args],
            cwd=project.root, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, encoding="utf-8",
            env={**os.environ, "SOURCE_DATE_EPOCH": str(V1_TIME)})
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        for line in self.process.stdout:
            self.lines.put(line.rstrip("\n"))

    def wait_for(self, text: str, timeout: float = WAIT) -> list[str]:
        """The lines up to and including the first one containing `text`."""
        deadline, found = time.monotonic() + timeout, []
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=0.1)
            except queue.Empty:
                continue
            found.append(line)
            self.seen.append(line)
            if text in line:
                return found
        raise AssertionError(f"no line with {text!r} within {timeout}s; got {self.seen}")

    def save(self, name: str, old: str, new: str) -> list[str]:
        """Edit a source file and wait for the rebuild it sets off.

        Watching starts right after the first build, so the first save may
        come before the watcher is listening; it is then saved again.
        """
        self.project.edit(name, old, new)
        text = (self.project.decks / name).read_text("utf-8")
        for _ in range(WAIT):
            try:
                return self.wait_for("changed: ", timeout=1)
            except AssertionError:
                (self.project.decks / name).write_text(text, "utf-8")
        raise AssertionError(f"no rebuild after saving {name}; got {self.seen}")

    def stop(self) -> tuple[int, str]:
        """Ctrl-C; the exit code and every line written."""
        self.process.send_signal(signal.SIGINT)
        return self.finish()

    def finish(self) -> tuple[int, str]:
        """Wait for the end; the exit code and every line written."""
        code = self.process.wait(timeout=WAIT)
        self.reader.join(timeout=WAIT)
        while not self.lines.empty():
            self.seen.append(self.lines.get())
        return code, "\n".join(self.seen)

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait(timeout=WAIT)
        self.reader.join(timeout=WAIT)
        self.process.stdout.close()


@pytest.fixture
def watcher(project):
    started = []

    def start(*args: str) -> Watcher:
        started.append(Watcher(project, *args))
        return started[-1]

    yield start
    for running in started:
        running.close()


def test_watch_builds_at_once_and_then_waits(project, watcher):
    watch = watcher()
    assert watch.wait_for("watching") == [
        "build/csrcards-en.apkg: 4 notes, 5 cards (4 new, 0 edited, 0 unchanged, 0 retired)",
        "build/csrcards-tl.apkg: 4 notes, 5 cards (4 new, 0 edited, 0 unchanged, 0 retired)",
        "build/csrcards-bg.apkg: 4 notes, 5 cards (4 new, 0 edited, 0 unchanged, 0 retired)",
        "watching decks/*.yaml for changes (Ctrl-C to stop)",
    ]
    assert project.apkg("bg").exists()


def test_broken_save_shows_the_problem_and_a_fix_rebuilds(project, watcher):
    watch = watcher("--lang", "en", "--max-builds", "3")
    watch.wait_for("watching")
    good = project.apkg("en").read_bytes()

    assert watch.save("soft-skills.yaml", "    front:\n      en: Why", "    fornt:\n      en: Why") == [
        "changed: decks/soft-skills.yaml; rebuilding"]
    assert watch.wait_for("nothing was written") == [
        "decks/soft-skills.yaml:9:5: unknown key 'fornt' (did you mean 'front'?)",
        "1 problem found; nothing was written.",
    ]
    assert project.apkg("en").read_bytes() == good

    watch.save("soft-skills.yaml", "fornt:\n      en: Why listen actively?",
               "front:\n      en: Why listen to a caller?")
    assert watch.wait_for("csrcards-en.apkg") == [
        "build/csrcards-en.apkg: 4 notes, 5 cards (0 new, 1 edited, 3 unchanged, 0 retired)"]
    code, output = watch.finish()  # after its third build
    assert code == 0 and "Traceback" not in output


def test_ctrl_c_stops_watching_cleanly(project, watcher):
    watch = watcher()
    watch.wait_for("watching")
    code, output = watch.stop()
    assert code == 0
    assert output.endswith("stopped watching")
    assert "Traceback" not in output and "KeyboardInterrupt" not in output


def test_the_lock_and_other_files_do_not_set_off_a_build(project, watcher):
    watch = watcher("--max-builds", "3")
    watch.wait_for("watching")
    watch.save("salary-facts.yaml", "About 2,785,000.", "Roughly 2,785,000.")
    watch.wait_for("csrcards-bg.apkg")  # this build wrote the lock and the packages
    (project.decks / "notes.txt").write_text("not a source", "utf-8")
    time.sleep(2)
    assert watch.process.poll() is None, watch.seen
    assert sum(line.startswith("changed: ") for line in watch.seen) == 1
    code, _ = watch.stop()
    assert code == 0


def test_watch_without_a_decks_folder_is_a_problem(tmp_path):
    result = subprocess.run([sys.executable, "-c", "from csrcards.cli import main; main()", "watch"],
                            cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 1
    assert result.stderr.startswith("decks/:1:1: no card sources found (run csrcards watch in the course folder)\n")


def test_termbase_save_rebuilds_with_its_warnings(project, watcher):
    project.write("terms.yaml", "terms:\n  - concept: the role\n    en:\n      use: representative\n"
                                "      avoid:\n        - term: agent\n          why: one name for the role\n")
    watch = watcher("--lang", "en", "--max-builds", "2")
    assert "'agent' is a variant to avoid in 'en'" in watch.wait_for("watching")[1]
    assert watch.save("terms.yaml", "term: agent", "term: caller") == ["changed: decks/terms.yaml; rebuilding"]
    assert watch.wait_for("'caller'") == [
        "build/csrcards-en.apkg: 4 notes, 5 cards (0 new, 0 edited, 4 unchanged, 0 retired)",
        "warning: decks/soft-skills.yaml:23:54: 'caller' is a variant to avoid in 'en'; use 'representative' "
        "(one name for the role)",
    ]
    code, output = watch.finish()
    assert code == 0 and "Traceback" not in output
