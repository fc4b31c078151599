"""Profile one cold `csrcards build` of a synthetic course with cProfile.

    .venv/bin/python benchmarks/profile_build.py              # 20k notes, top 15 by cumulative time
    .venv/bin/python benchmarks/profile_build.py --notes 1000 --top 30 --sort tottime

The build runs in its own process (`python -m cProfile -o ... csrcards build`)
in a fresh temporary project with no lock and no build/, on a copy of the
venv's csrcards taken at the start (as run.py does). cProfile adds a
cost per Python call, so the profiled build is slower than the timed one and
call-heavy code looks heavier than it is; read the ranking, not the seconds.
"""

from __future__ import annotations

import argparse
import pstats
import re
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import run  # noqa: E402
import synth  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--notes", type=int, default=20_000)
    parser.add_argument("--top", type=int, default=15)
    parser.add_argument("--sort", default="cumulative", help="a pstats sort key: cumulative, tottime, ...")
    parser.add_argument("--save", type=Path, help="also keep the raw profile here (for snakeviz etc.)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="csrcards-profile-") as folder:
        root = Path(folder)
        run.snapshot(root / "code")
        code = run.code_digest()
        project = root / "project"
        synth.write_course(project, args.notes)
        stats_file = args.save or root / "build.prof"
        subprocess.run([sys.executable, "-m", "cProfile", "-o", str(stats_file), run.CSRCARDS, "build"],
                       cwd=project, check=True, stdout=subprocess.DEVNULL, env=run.CHILD_ENV)
        print(f"csrcards code hash {code['sha256']}, {args.notes:,} notes, cold build\n")
        print(table(pstats.Stats(str(stats_file)), args.sort, args.top))


# click's dispatch, the script's own frame and the import machinery hold much
# of the run and say nothing; a module's import cost shows as its `<module>` row.
_WRAPPERS = ("click/core.py", "<built-in method builtins.exec>", "/bin/csrcards", "<frozen importlib",
             "<built-in method builtins.__import__>")


def _where(filename: str, line: int, name: str) -> str:
    """Where a function lives, short: csrcards/x.py, genanki/x.py, stdlib x.py."""
    if filename == "~":
        return name
    short = re.sub(r"^.*/site-packages/", "", filename)
    short = re.sub(r"^.*/lib/python3\.\d+/", "", short)
    short = re.sub(r"^.*/(csrcards/)", r"\1", short)
    return f"{short}:{line}({name})"


def table(stats: pstats.Stats, sort: str, top: int) -> str:
    """The top rows as a markdown table, click's wrappers left out."""
    column = {"cumulative": 3, "cumtime": 3, "tottime": 2, "time": 2, "calls": 1, "ncalls": 1}.get(sort, 3)
    rows = [(where, calls, tottime, cumtime) for where, (_, calls, tottime, cumtime, _) in stats.stats.items()]
    rows = [r for r in rows if not any(w in _where(*r[0]) or w in r[0][0] for w in _WRAPPERS)]
    rows.sort(key=lambda r: r[column], reverse=True)
    lines = [f"cProfile, {stats.total_tt:.2f} s in all, sorted by {sort}", "",
             "| # | cumulative s | own s | calls | function |", "|---:|---:|---:|---:|---|"]
    for rank, (where, calls, tottime, cumtime) in enumerate(rows[:top], 1):
        lines.append(f"| {rank} | {cumtime:.2f} | {tottime:.2f} | {calls} | `{_where(*where)}` |")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
