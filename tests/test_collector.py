"""Builds pause Python's garbage collector; it is always on again afterwards.

A build makes many objects that live until it ends, and the collector would
scan them again and again (pipeline.collector_paused). These tests hold the
promise that goes with it: the collector is back on after every build and
check, failed or not, and `csrcards watch`, which runs for hours, frees what
each build leaves behind. The `csrcards` command itself ends without the
collector's last passes over what is still alive (cli.run), and only the
command does.
"""

from __future__ import annotations

import gc
import subprocess
import sys
import weakref

import pytest

from csrcards import pipeline, watch
from csrcards.errors import CardsError

from .conftest import REPO, V1_TIME


def test_the_collector_is_on_again_after_a_build(project):
    pipeline.build(project.root, project.root / "build", ("en",), (), V1_TIME)
    assert gc.isenabled()


def test_the_collector_is_on_again_after_a_build_that_fails(project):
    project.edit("soft-skills.yaml", "front:", "fornt:")
    with pytest.raises(CardsError):
        pipeline.build(project.root, project.root / "build", ("en",), (), V1_TIME)
    assert gc.isenabled()


def test_the_collector_is_on_again_after_a_check_that_fails(project):
    project.edit("soft-skills.yaml", "front:", "fornt:")
    with pytest.raises(CardsError):
        pipeline.load(project.root)
    assert gc.isenabled()


def test_a_pause_inside_a_pause_leaves_the_collector_off_until_the_outer_one_ends():
    with pipeline.collector_paused():
        with pipeline.collector_paused():
            pass
        assert not gc.isenabled()
    assert gc.isenabled()


class _Cycle:
    def __init__(self):
        self.me = self


def test_watch_frees_what_each_build_leaves_in_cycles(tmp_path, monkeypatch):
    """Garbage made while the collector is paused is gone by the next build."""
    left: list[weakref.ref] = []
    alive_at_each_build: list[bool] = []

    def rebuild():
        alive_at_each_build.append(any(ref() is not None for ref in left))
        with pipeline.collector_paused():
            left.append(weakref.ref(_Cycle()))

    def saves(folder, **options):
        for number in range(3):
            yield {(1, str(folder / f"file{number}.yaml"))}

    monkeypatch.setattr(watch.watchfiles, "watch", saves)
    watch.watch_sources(tmp_path, rebuild, lambda message: None)
    assert alive_at_each_build == [False, False, False, False]
    assert all(ref() is None for ref in left)
    assert gc.isenabled()


def _frozen_at_exit(call: str) -> int:
    code = (f"import gc, sys\nfrom csrcards import cli\nsys.argv = ['csrcards', '--version']\n"
            f"try:\n    {call}\nexcept SystemExit:\n    pass\nprint(gc.get_freeze_count())")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO)
    return int(out.stdout.splitlines()[-1])


def test_the_csrcards_command_leaves_what_is_alive_out_of_the_collectors_last_passes():
    assert _frozen_at_exit("cli.run()") > 0


def test_main_called_from_other_code_leaves_the_collector_alone():
    assert _frozen_at_exit("cli.main()") == 0


def test_the_installed_command_and_python_dash_m_both_end_through_run():
    from importlib.metadata import entry_points

    assert [script.value for script in entry_points(group="console_scripts", name="csrcards")] == ["csrcards.cli:run"]
    code = "import gc, runpy, sys\ntry:\n    runpy.run_module('csrcards', run_name='__main__')\nexcept SystemExit:\n" \
           "    pass\nprint(gc.get_freeze_count())"
    out = subprocess.run([sys.executable, "-c", code, "--version"], capture_output=True, text=True, check=True,
                         cwd=REPO)
    assert int(out.stdout.splitlines()[-1]) > 0
