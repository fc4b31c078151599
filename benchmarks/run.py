"""Time csrcards against the floor (bare libyaml + genanki) on synthetic courses and the shipped decks.

    .venv/bin/python benchmarks/run.py                            # 1k and 20k notes, the shipped decks, start-up
    .venv/bin/python benchmarks/run.py --sizes 100000 --runs 3    # 100k notes
    .venv/bin/python benchmarks/run.py --shipped                  # only the shipped decks

Every measurement is a separate child process, started with this interpreter
(run it with the venv's python) or the `csrcards` script beside it, in a fresh
temporary project. Each child is started by measure.py, a bare launcher that
times spawn-to-exit with perf_counter and reads the child's own ru_maxrss and
CPU time with os.wait4(pid) (see measure.py for why the benchmark cannot do
this itself).

The machine is shared, so every figure is paired: within one run, the floor
and each csrcards step are timed one right after the other, and a step's
ratio is the median over the runs of (its time / the floor's time in the same
run). Seconds are medians of the runs too. Peak memory compares the highest
peak of all of a step's runs with the highest of the floor's.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

import synth  # noqa: E402

PYTHON = sys.executable
CSRCARDS = str(Path(sys.executable).parent / "csrcards")
FLOOR = [PYTHON, str(HERE / "floor.py")]
IMPORT_ALL = [PYTHON, "-c", "import genanki, yaml, click"]
IMPORT_CLICK = [PYTHON, "-c", "import click"]
# This machine sets PYTHONDONTWRITEBYTECODE=1, so an editable csrcards would be
# compiled from source on every run (~40 ms for all of it, ~12 ms of `--help`),
# which no trainer's install does. Children write and read bytecode (and the
# schema validator's compiled code, which csrcards keeps beside it) in a
# private folder instead of __pycache__/ in the repository.
PYCACHE = Path(tempfile.gettempdir()) / "csrcards-bench-pycache"
CHILD_ENV = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
CHILD_ENV["PYTHONPYCACHEPREFIX"] = str(PYCACHE)

TARGETS = {  # (what, measured against, at most)
    "cold": 1.15,  # 20,000 notes, cold build / floor
    "edit": 0.6,  # 20,000 notes, one note edited / floor
    "memory": 1.5,  # 20,000 notes, peak of the builds / the floor's
    "shipped": 1.0,  # shipped decks, cold build / floor
    "help": 1.2,  # csrcards --help / import click
}
TARGET_SIZE = 20_000


@dataclass
class Step:
    name: str
    seconds: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    peak_kib: list[int] = field(default_factory=list)
    ratios: list[float] = field(default_factory=list)  # per run, against the group's base step
    cpu_ratios: list[float] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    @property
    def ratio(self) -> float:
        return statistics.median(self.ratios)

    @property
    def cpu_ratio(self) -> float:
        return statistics.median(self.cpu_ratios)

    @property
    def max_peak(self) -> int:
        return max(self.peak_kib)


def run_once(command: list[str], cwd: Path) -> dict:
    """Wall seconds, CPU seconds and peak RSS (KiB) of one child, via measure.py; raise if it fails."""
    with tempfile.TemporaryDirectory(prefix="csrcards-bench-measure-") as scratch:
        result = Path(scratch) / "result.json"
        with open(Path(scratch) / "output", "w+b") as output:
            subprocess.run([PYTHON, "-I", "-S", str(HERE / "measure.py"), str(result), *command],
                           cwd=cwd, stdout=output, stderr=output, check=False, env=CHILD_ENV)
            data = json.loads(result.read_text()) if result.exists() else {"exit": "no result"}
            if data["exit"] != 0:
                output.seek(0)
                raise RuntimeError(f"{' '.join(command)} (in {cwd}) exited {data['exit']}:\n"
                                   + output.read().decode("utf-8", "replace")[-3000:])
    if data["peak_kib"] <= data["launcher_kib"]:
        print(f"  warning: {command[:3]} peaked below the launcher's {data['launcher_kib']} KiB; "
              "its peak is over-stated", file=sys.stderr)
    return data


def measure_group(steps: list[tuple], cwd: Path, runs: int) -> dict[str, Step]:
    """Time (name, command[, prepare]) steps, one after the other in each run; the first is the base.

    Taking turns spreads background load over all the steps alike, and each
    step's ratio is taken against the base step of the same run.
    """
    found = {step[0]: Step(step[0]) for step in steps}
    base = steps[0][0]
    for index in range(runs):
        for name, command, *prepare in steps:
            if prepare:
                prepare[0](index)
            data = run_once(command, cwd)
            step = found[name]
            step.seconds.append(data["seconds"])
            step.cpu.append(data["cpu_seconds"])
            step.peak_kib.append(data["peak_kib"])
        for step in found.values():
            step.ratios.append(step.seconds[-1] / found[base].seconds[-1])
            step.cpu_ratios.append(step.cpu[-1] / found[base].cpu[-1])
        print(f"  run {index + 1}/{runs}: " + ", ".join(f"{s.name} {s.seconds[-1]:.3f}s" for s in found.values()),
              file=sys.stderr)
    return found


def _remove(path: Path) -> None:
    if path.is_dir():
        shutil.rmtree(path)
    elif path.exists():
        path.unlink()


def snapshot(into: Path) -> None:
    """Measure a copy of the venv's csrcards, so that edits made while the benchmark runs
    (the package is installed editable) cannot mix two versions into one table."""
    package = Path(code_digest()["package"])
    shutil.copytree(package, into / "csrcards", ignore=shutil.ignore_patterns("__pycache__"))
    CHILD_ENV["PYTHONPATH"] = os.pathsep.join(filter(None, [str(into), CHILD_ENV.get("PYTHONPATH")]))


def warm_up(decks: Path) -> None:
    """One pass over every command on a small course and on the shipped decks (which have a
    termbase): bytecode, the schema validators' code, the file cache."""
    with tempfile.TemporaryDirectory(prefix="csrcards-bench-warmup-") as folder:
        root = Path(folder)
        synth.write_course(root / "synthetic", 40)
        shutil.copytree(decks, root / "shipped" / "decks")
        for project in (root / "synthetic", root / "shipped"):
            for command in (IMPORT_ALL, IMPORT_CLICK, [*FLOOR, str(project)], [CSRCARDS, "--help"],
                            [CSRCARDS, "check"], [CSRCARDS, "build"], [CSRCARDS, "build"]):
                run_once(command, project)


def bench_size(notes: int, runs: int, keep: bool) -> dict:
    root = Path(tempfile.mkdtemp(prefix=f"csrcards-bench-{notes}-"))
    print(f"{notes} notes in {root} ({runs} runs)", file=sys.stderr)
    try:
        files = synth.write_course(root, notes)
        build, lock, floor_out = root / "build", root / "decks" / "csrcards.lock", root / "build-floor"

        def cold(_):
            _remove(build)
            _remove(lock)

        def edit(index):
            synth.edit_one_note(root, f"edit{index}")

        steps = measure_group([
            ("floor", [*FLOOR, str(root), "--out", str(floor_out)], lambda _: _remove(floor_out)),
            ("import genanki, yaml, click", IMPORT_ALL),
            # No lock, no build/ (so no build or document cache), and --force.
            ("build, cold", [CSRCARDS, "build", "--force"], cold),
            ("build, nothing changed", [CSRCARDS, "build"]),
            ("build, one note edited", [CSRCARDS, "build"], edit),
            ("check", [CSRCARDS, "check"]),
        ], root, runs)
        sizes = {
            "sources": sum(p.stat().st_size for p in files),
            "source_files": len(files),
            "csrcards_apkg": sum(p.stat().st_size for p in build.glob("*.apkg")),
            "floor_apkg": sum(p.stat().st_size for p in floor_out.glob("*.apkg")),
        }
        return {"notes": notes, "runs": runs, "steps": [asdict(s) for s in steps.values()], "bytes": sizes}
    finally:
        if keep:
            print(f"  kept {root}", file=sys.stderr)
        else:
            shutil.rmtree(root, ignore_errors=True)


def bench_startup(runs: int) -> dict:
    print(f"start-up ({runs} runs)", file=sys.stderr)
    with tempfile.TemporaryDirectory(prefix="csrcards-bench-startup-") as folder:
        steps = measure_group([("python -c 'import click'", IMPORT_CLICK), ("csrcards --help", [CSRCARDS, "--help"])],
                              Path(folder), runs)
    return {"runs": runs, "steps": [asdict(s) for s in steps.values()]}


def bench_shipped(decks: Path, runs: int) -> dict:
    print(f"shipped decks from {decks} ({runs} runs)", file=sys.stderr)
    with tempfile.TemporaryDirectory(prefix="csrcards-bench-shipped-") as folder:
        root = Path(folder)
        shutil.copytree(decks, root / "decks")
        notes = sum(p.read_text("utf-8").count("\n  - id: ") for p in (root / "decks").glob("*.yaml"))
        lock = (root / "decks" / "csrcards.lock").read_bytes()
        build, floor_out = root / "build", root / "build-floor"
        steps = measure_group([
            ("floor", [*FLOOR, str(root), "--out", str(floor_out)], lambda _: _remove(floor_out)),
            ("import genanki, yaml, click", IMPORT_ALL),
            # As after a clone: the lock, no build/ (so no build or document cache), and --force.
            ("build, cold", [CSRCARDS, "build", "--force"], lambda _: _remove(build)),
            ("build, nothing changed", [CSRCARDS, "build"]),
            ("check", [CSRCARDS, "check"]),
        ], root, runs)
        if (root / "decks" / "csrcards.lock").read_bytes() != lock:
            print("warning: building the shipped decks changed their lock: the sources and the lock disagree",
                  file=sys.stderr)
    return {"notes": notes, "runs": runs, "steps": [asdict(s) for s in steps.values()]}


def code_digest() -> dict:
    """Which csrcards the children import: where from, and a hash of its code."""
    found = subprocess.run([PYTHON, "-c", "import csrcards; print(csrcards.__file__)"],
                           capture_output=True, text=True, check=True, env=CHILD_ENV,
                           cwd=tempfile.gettempdir()).stdout.strip()
    package = Path(found).parent
    whole = hashlib.sha256()
    for path in sorted(package.rglob("*")):
        if path.suffix in (".py", ".css", ".json"):
            whole.update(str(path.relative_to(package)).encode() + b"\0" + path.read_bytes())
    return {"package": str(package), "sha256": whole.hexdigest()[:16]}


# ---------------------------------------------------------------- report


def _steps(section: dict) -> dict[str, Step]:
    return {s["name"]: Step(**s) for s in section["steps"]}


def _mib(kib: float) -> str:
    return f"{kib / 1024:.1f}"


def _table(section: dict, base: str, label: str) -> list[str]:
    steps = _steps(section)
    ref = steps[base]
    lines = [f"| step | seconds | × {label} | CPU s | CPU × {label} | peak MiB | peak × {label} |",
             "|---|---:|---:|---:|---:|---:|---:|"]
    for step in steps.values():
        lines.append(f"| {step.name} | {step.median:.3f} | {step.ratio:.2f} | {statistics.median(step.cpu):.3f} | "
                     f"{step.cpu_ratio:.2f} | {_mib(step.max_peak)} | {step.max_peak / ref.max_peak:.2f} |")
    return lines


def _verdict(value: float, target: float) -> str:
    return "met" if value <= target else "**above target**"


def report(results: dict) -> str:
    code, machine = results["code"], results["machine"]
    changed = " (**the code changed during the run**: the numbers mix versions)" if code.get("changed") else ""
    load = f"load average {machine['load_before'][0]:.2f} before, {machine['load_after'][0]:.2f} after"
    measured = (f"a copy of {results['source']['package']} taken at the start" if "source" in results
                else code["package"])
    out = [f"csrcards measured: {measured}, code hash {code['sha256']}{changed}; {load}.", "",
           f"Machine: {platform.platform()}, {os.cpu_count()} CPUs (nproc), Python {platform.python_version()} "
           f"({platform.python_implementation()}). Seconds are medians of the runs; a ratio is the median of the "
           "runs' paired ratios (each against the base step of the same run); peak memory is the highest of a "
           "step's runs. " + ("Bytecode cached in a private folder." if results.get("bytecode_cache")
                              else "No bytecode cache (PYTHONDONTWRITEBYTECODE as set)."), ""]
    sizes = results.get("sizes", [])
    for section in sizes:
        b = section["bytes"]
        out += [f"### {section['notes']:,} notes ({section['runs']} runs)", "",
                f"{b['source_files']} source files, {b['sources'] / 1e6:.2f} MB of YAML; "
                f"output {b['csrcards_apkg'] / 1e6:.2f} MB (csrcards, deflated) vs "
                f"{b['floor_apkg'] / 1e6:.2f} MB (floor, genanki stores the zip uncompressed).", ""]
        out += _table(section, "floor", "floor") + [""]
    startup = results.get("startup")
    if startup:
        out += [f"### Start-up ({startup['runs']} runs)", ""]
        out += _table(startup, "python -c 'import click'", "import click") + [""]
    shipped = results.get("shipped")
    if shipped:
        out += [f"### Shipped decks ({shipped['notes']} notes, {shipped['runs']} runs)", ""]
        out += _table(shipped, "floor", "floor") + [""]

    targets = []
    for section in sizes:
        if section["notes"] != TARGET_SIZE:
            continue
        steps, n = _steps(section), f"{section['notes']:,}"
        floor, cold, edit = steps["floor"], steps["build, cold"], steps["build, one note edited"]
        peak = max(steps[name].max_peak for name in ("build, cold", "build, nothing changed", "build, one note edited"))
        targets += [
            f"| cold build at {n} | ≤ {TARGETS['cold']}× floor | {cold.ratio:.2f}× ({cold.median:.2f} s vs "
            f"{floor.median:.2f} s; CPU {cold.cpu_ratio:.2f}×) | {_verdict(cold.ratio, TARGETS['cold'])} |",
            f"| one note edited at {n} | ≤ {TARGETS['edit']}× floor | {edit.ratio:.2f}× ({edit.median:.2f} s; "
            f"CPU {edit.cpu_ratio:.2f}×) | {_verdict(edit.ratio, TARGETS['edit'])} |",
            f"| peak memory at {n}, cold build | ≤ {TARGETS['memory']}× floor | "
            f"{cold.max_peak / floor.max_peak:.2f}× ({_mib(cold.max_peak)} vs {_mib(floor.max_peak)} MiB) | "
            f"{_verdict(cold.max_peak / floor.max_peak, TARGETS['memory'])} |",
            f"| peak memory at {n}, any build (the edit loads the whole lock) | ≤ {TARGETS['memory']}× floor | "
            f"{peak / floor.max_peak:.2f}× ({_mib(peak)} MiB) | {_verdict(peak / floor.max_peak, TARGETS['memory'])} |",
        ]
    if shipped:
        steps = _steps(shipped)
        cold, floor = steps["build, cold"], steps["floor"]
        targets.append(f"| shipped decks, cold build | ≤ {TARGETS['shipped']}× floor | {cold.ratio:.2f}× "
                       f"({cold.median:.3f} s vs {floor.median:.3f} s; CPU {cold.cpu_ratio:.2f}×) | "
                       f"{_verdict(cold.ratio, TARGETS['shipped'])} |")
    if startup:
        help_ = _steps(startup)["csrcards --help"]
        targets.append(f"| `csrcards --help` | ≤ {TARGETS['help']}× import click | {help_.ratio:.2f}× "
                       f"({help_.median * 1000:.0f} ms) | {_verdict(help_.ratio, TARGETS['help'])} |")
    if targets:
        out += ["### Against the targets", "", "| what | target | measured | |", "|---|---|---|---|", *targets, ""]
    if len(sizes) >= 2:
        out += ["### Growth", "", "Per added note between consecutive sizes (medians for time, highest peak for "
                "memory): constant means linear.", "",
                "| from → to | cold build ms/note | floor ms/note | cold build KiB/note | floor KiB/note |",
                "|---|---:|---:|---:|---:|"]
        for small, big in zip(sizes, sizes[1:]):
            a, b, added = _steps(small), _steps(big), big["notes"] - small["notes"]
            out.append(f"| {small['notes']:,} → {big['notes']:,} | "
                       f"{(b['build, cold'].median - a['build, cold'].median) * 1000 / added:.3f} | "
                       f"{(b['floor'].median - a['floor'].median) * 1000 / added:.3f} | "
                       f"{(b['build, cold'].max_peak - a['build, cold'].max_peak) / added:.2f} | "
                       f"{(b['floor'].max_peak - a['floor'].max_peak) / added:.2f} |")
        out.append("")
    return "\n".join(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", help="comma-separated note counts (default 1000,20000; "
                                        "with --shipped alone, only the shipped decks)")
    parser.add_argument("--runs", type=int, default=5, help="runs per size (each run times every step once)")
    parser.add_argument("--startup-runs", type=int, default=20, help="runs for --help and the shipped decks")
    parser.add_argument("--shipped", action="store_true", help="only the shipped decks (and start-up) unless --sizes")
    parser.add_argument("--decks", type=Path, default=REPO / "decks", help="the decks folder of the shipped decks")
    parser.add_argument("--json", type=Path, help="also write the raw results here")
    parser.add_argument("--keep", action="store_true", help="keep the temporary projects")
    parser.add_argument("--live", action="store_true",
                        help="measure the editable csrcards in place, not a copy taken at the start")
    parser.add_argument("--no-bytecode-cache", action="store_true",
                        help="leave PYTHONDONTWRITEBYTECODE as it is (csrcards then compiles on every run)")
    args = parser.parse_args()
    if not Path(CSRCARDS).exists():
        parser.error(f"no csrcards script beside {PYTHON}: run this with the venv's python")

    results: dict = {"machine": {"platform": platform.platform(), "nproc": os.cpu_count(),
                                 "python": platform.python_version(), "executable": PYTHON,
                                 "load_before": os.getloadavg()}}
    if args.no_bytecode_cache:
        CHILD_ENV.clear()
        CHILD_ENV.update(os.environ)
    results["bytecode_cache"] = not args.no_bytecode_cache
    copy = Path(tempfile.mkdtemp(prefix="csrcards-bench-code-"))
    try:
        if not args.live:
            source = code_digest()
            snapshot(copy)
            results["source"] = source
        results["code"] = code_digest()
        warm_up(args.decks)
        run_all(args, results)
    finally:
        shutil.rmtree(copy, ignore_errors=True)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", "utf-8")
    print(report(results))


def run_all(args, results: dict) -> None:
    sizes = [] if args.shipped and not args.sizes else [int(s) for s in (args.sizes or "1000,20000").split(",")]
    results["sizes"] = [bench_size(n, args.runs, args.keep) for n in sizes]
    results["startup"] = bench_startup(args.startup_runs)
    if args.shipped or not args.sizes:
        results["shipped"] = bench_shipped(args.decks, args.startup_runs)
    results["machine"]["load_after"] = os.getloadavg()
    if code_digest()["sha256"] != results["code"]["sha256"]:
        results["code"]["changed"] = True
        print("warning: csrcards' code changed while the benchmark ran", file=sys.stderr)


if __name__ == "__main__":
    main()
