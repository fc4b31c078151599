"""Time csrcards against the floor (bare libyaml + genanki) on synthetic courses.

    .venv/bin/python benchmarks/run.py                         # 100, 1k and 10k notes, best of 5
    .venv/bin/python benchmarks/run.py --sizes 100000 --runs-large 1
    .venv/bin/python benchmarks/run.py --shipped               # the real decks/ vs a bare import

Every measurement is a separate child process, started with this interpreter
(run it with the venv's python) or the `csrcards` script beside it, in a fresh
temporary project. Each child is started by measure.py, a bare launcher that
times spawn-to-exit with perf_counter and reads the child's own ru_maxrss with
os.wait4(pid) (see measure.py for why the benchmark cannot do this itself, and
why getrusage(RUSAGE_CHILDREN) cannot be used: its ru_maxrss is the largest of
all children so far). Each table row shows the best of K runs, with that run's
peak memory; the memory targets use the highest peak of all the runs.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

import synth  # noqa: E402

PYTHON = sys.executable
CSRCARDS = str(Path(sys.executable).parent / "csrcards")
LARGE = 100_000
IMPORT_ALL = [PYTHON, "-c", "import genanki, yaml, click"]
# This machine sets PYTHONDONTWRITEBYTECODE=1, so an editable csrcards would be
# compiled from source on every run (~40 ms for all of it, ~12 ms of `--help`),
# which no trainer's install does. Children write and read bytecode in a private folder
# instead of __pycache__/ in the repository.
PYCACHE = Path(tempfile.gettempdir()) / "csrcards-bench-pycache"
CHILD_ENV = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
CHILD_ENV["PYTHONPYCACHEPREFIX"] = str(PYCACHE)
IMPORT_CLICK = [PYTHON, "-c", "import click"]


@dataclass
class Timing:
    name: str
    seconds: float  # best of the runs
    peak_kib: int  # of that best run
    runs: int
    max_peak_kib: int = 0  # highest of all the runs


def run_once(command: list[str], cwd: Path) -> tuple[float, int]:
    """Wall seconds and peak RSS (KiB) of one child, via measure.py; raise if it fails."""
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
    return data["seconds"], data["peak_kib"]


def measure_group(steps: list[tuple], cwd: Path, runs: int) -> list[Timing]:
    """Time (name, command[, prepare]) steps, taking turns run by run.

    Taking turns spreads any background load over all the steps alike, which
    matters when two of them are compared as a ratio.
    """
    timings = {step[0]: Timing(step[0], float("inf"), 0, runs) for step in steps}
    for index in range(runs):
        for name, command, *prepare in steps:
            if prepare:
                prepare[0](index)
            seconds, rss = run_once(command, cwd)
            timing = timings[name]
            if seconds < timing.seconds:
                timing.seconds, timing.peak_kib = seconds, rss
            timing.max_peak_kib = max(timing.max_peak_kib, rss)
    timings = list(timings.values())
    for timing in timings:
        print(f"  {timing.name:<28} {timing.seconds:8.3f} s  {timing.peak_kib / 1024:7.1f} MiB", file=sys.stderr)
    return timings


def measure(name: str, command: list[str], cwd: Path, runs: int, prepare=None) -> Timing:
    return measure_group([(name, command, prepare) if prepare else (name, command)], cwd, runs)[0]


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


def warm_up() -> None:
    """One pass over every command on a small course: bytecode and file cache."""
    with tempfile.TemporaryDirectory(prefix="csrcards-bench-warmup-") as folder:
        root = Path(folder)
        synth.write_course(root, 40)
        for command in (IMPORT_ALL, IMPORT_CLICK, [PYTHON, str(HERE / "floor.py"), str(root)],
                        [CSRCARDS, "--help"], [CSRCARDS, "check"], [CSRCARDS, "build"], [CSRCARDS, "build"]):
            run_once(command, root)


def bench_size(notes: int, runs: int, keep: bool) -> dict:
    root = Path(tempfile.mkdtemp(prefix=f"csrcards-bench-{notes}-"))
    print(f"{notes} notes in {root} (best of {runs})", file=sys.stderr)
    try:
        files = synth.write_course(root, notes)
        build, lock, floor_out = root / "build", root / "decks" / "csrcards.lock", root / "build-floor"

        def cold(_):
            _remove(build)
            _remove(lock)

        def edit(index):
            synth.edit_one_note(root, f"edit{index}")

        timings = [
            *measure_group([("import genanki, yaml, click", IMPORT_ALL),
                            ("floor", [PYTHON, str(HERE / "floor.py"), str(root), "--out", str(floor_out)],
                             lambda _: _remove(floor_out))], root, runs),
            measure("build, cold", [CSRCARDS, "build"], root, runs, cold),
            measure("build, nothing changed", [CSRCARDS, "build"], root, runs),
            measure("build, one note edited", [CSRCARDS, "build"], root, runs, edit),
            measure("check", [CSRCARDS, "check"], root, runs),
        ]
        sizes = {
            "sources": sum(p.stat().st_size for p in files),
            "source_files": len(files),
            "csrcards_apkg": sum(p.stat().st_size for p in build.glob("*.apkg")),
            "floor_apkg": sum(p.stat().st_size for p in floor_out.glob("*.apkg")),
        }
        return {"notes": notes, "runs": runs, "timings": [asdict(t) for t in timings], "bytes": sizes}
    finally:
        if keep:
            print(f"  kept {root}", file=sys.stderr)
        else:
            shutil.rmtree(root, ignore_errors=True)


def bench_startup(runs: int) -> dict:
    print(f"startup (best of {runs})", file=sys.stderr)
    with tempfile.TemporaryDirectory(prefix="csrcards-bench-startup-") as folder:
        root = Path(folder)
        run_once(IMPORT_CLICK, root)  # warm the file cache
        run_once([CSRCARDS, "--help"], root)
        timings = measure_group([("python -c 'import click'", IMPORT_CLICK),
                                 ("csrcards --help", [CSRCARDS, "--help"])], root, runs)
    return {"runs": runs, "timings": [asdict(t) for t in timings]}


def bench_shipped(decks: Path, runs: int) -> dict:
    print(f"shipped decks from {decks} (best of {runs})", file=sys.stderr)
    with tempfile.TemporaryDirectory(prefix="csrcards-bench-shipped-") as folder:
        root = Path(folder)
        shutil.copytree(decks, root / "decks")
        notes = sum(p.read_text("utf-8").count("\n  - id: ") for p in (root / "decks").glob("*.yaml"))
        lock = (root / "decks" / "csrcards.lock").read_bytes()
        build = root / "build"

        def fresh(_):
            _remove(build)

        timings = measure_group([("import genanki, yaml, click", IMPORT_ALL),
                                 ("floor", [PYTHON, str(HERE / "floor.py"), str(root)]),
                                 # As after a clone: the lock, no build/ (so no build cache).
                                 ("build, fresh checkout", [CSRCARDS, "build"], fresh),
                                 ("check", [CSRCARDS, "check"])], root, runs)
        run_once([CSRCARDS, "build"], root)
        timings.append(measure("build, nothing changed", [CSRCARDS, "build"], root, runs))
        if (root / "decks" / "csrcards.lock").read_bytes() != lock:
            print("warning: building the shipped decks changed their lock: the sources and the lock disagree",
                  file=sys.stderr)
    return {"notes": notes, "runs": runs, "timings": [asdict(t) for t in timings]}


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


def _by_name(section: dict) -> dict[str, Timing]:
    return {t["name"]: Timing(**t) for t in section["timings"]}


def _mib(kib: int) -> str:
    return f"{kib / 1024:.1f}"


def _table(section: dict, base: str, base_label: str) -> list[str]:
    rows = _by_name(section)
    ref = rows[base]
    lines = [f"| step | seconds | × {base_label} | peak MiB | peak × {base_label} |", "|---|---:|---:|---:|---:|"]
    for timing in rows.values():
        lines.append(f"| {timing.name} | {timing.seconds:.3f} | {timing.seconds / ref.seconds:.2f} | "
                     f"{_mib(timing.peak_kib)} | {timing.peak_kib / ref.peak_kib:.2f} |")
    return lines


def _verdict(ok: bool) -> str:
    return "met" if ok else "**above target**"


def report(results: dict) -> str:
    code, machine = results["code"], results["machine"]
    changed = " (**the code changed during the run**: the numbers mix versions)" if code.get("changed") else ""
    load = f"load average {machine['load_before'][0]:.2f} before, {machine['load_after'][0]:.2f} after"
    measured = (f"a copy of {results['source']['package']} taken at the start" if "source" in results
                else code["package"])
    out = [f"csrcards measured: {measured}, code hash {code['sha256']}{changed}; {load}.", "",
           f"Machine: {platform.platform()}, {os.cpu_count()} CPUs (nproc), Python {platform.python_version()} "
           f"({platform.python_implementation()}). Times are wall-clock seconds, best of the runs; "
           "peak memory is the child's maximum resident set size in that best run. "
           + ("Bytecode cached in a private folder." if results.get("bytecode_cache")
              else "No bytecode cache (PYTHONDONTWRITEBYTECODE as set)."), ""]
    sizes = results.get("sizes", [])
    for section in sizes:
        b = section["bytes"]
        out += [f"### {section['notes']:,} notes (best of {section['runs']})", "",
                f"{b['source_files']} source files, {b['sources'] / 1e6:.2f} MB of YAML; "
                f"output {b['csrcards_apkg'] / 1e6:.2f} MB (csrcards, deflated) vs "
                f"{b['floor_apkg'] / 1e6:.2f} MB (floor, genanki stores the zip uncompressed).", ""]
        out += _table(section, "floor", "floor") + [""]
    startup = results.get("startup")
    if startup:
        out += [f"### Start-up (best of {startup['runs']})", ""]
        out += _table(startup, "python -c 'import click'", "import click") + [""]
    shipped = results.get("shipped")
    if shipped:
        out += [f"### Shipped decks ({shipped['notes']} notes, best of {shipped['runs']})", ""]
        out += _table(shipped, "import genanki, yaml, click", "bare import") + [""]

    targets = []
    large = [s for s in sizes if s["notes"] >= 10_000]
    for section in large:
        rows, n = _by_name(section), f"{section['notes']:,}"
        floor = rows["floor"]
        cold, same, edit = rows["build, cold"], rows["build, nothing changed"], rows["build, one note edited"]
        targets += [
            f"| full build at {n} | ≤ 1.3× floor | {cold.seconds / floor.seconds:.2f}× "
            f"({cold.seconds:.2f} s vs {floor.seconds:.2f} s) | {_verdict(cold.seconds <= 1.3 * floor.seconds)} |",
            f"| no-change rebuild at {n} | ≤ 0.3 s | {same.seconds:.2f} s | {_verdict(same.seconds <= 0.3)} |",
            f"| one-note-edit rebuild at {n} | ≤ 1.0× floor | {edit.seconds / floor.seconds:.2f}× "
            f"({edit.seconds:.2f} s) | {_verdict(edit.seconds <= floor.seconds)} |",
        ]
    for section in sizes:
        rows = _by_name(section)
        peak = max(rows[k].max_peak_kib for k in ("build, cold", "build, nothing changed", "build, one note edited"))
        ratio = peak / rows["floor"].max_peak_kib
        targets.append(f"| peak memory at {section['notes']:,} (highest of all build runs) | ≤ 2× floor | "
                       f"{ratio:.2f}× ({_mib(peak)} vs {_mib(rows['floor'].max_peak_kib)} MiB) | {_verdict(ratio <= 2)} |")
    if len(sizes) >= 2:
        # Growth between consecutive sizes: constant KiB per added note means linear.
        slopes = []
        for small, big in zip(sizes, sizes[1:]):
            a, b = _by_name(small), _by_name(big)
            added = big["notes"] - small["notes"]
            mine = (b["build, cold"].peak_kib - a["build, cold"].peak_kib) / added
            floor = (b["floor"].peak_kib - a["floor"].peak_kib) / added
            slopes.append(f"{small['notes']:,}→{big['notes']:,}: {mine:.1f} (floor {floor:.1f})")
        targets.append("| cold-build memory growth, KiB per added note | linear | " + "; ".join(slopes)
                       + " | see reading |")
    if startup:
        rows = _by_name(startup)
        ratio = rows["csrcards --help"].seconds / rows["python -c 'import click'"].seconds
        targets.append(f"| `csrcards --help` | ≤ 1.3× import click | {ratio:.2f}× | {_verdict(ratio <= 1.3)} |")
    if shipped:
        rows = _by_name(shipped)
        bare = rows["import genanki, yaml, click"].seconds
        for name in ("build, fresh checkout", "build, nothing changed"):
            ratio = rows[name].seconds / bare
            targets.append(f"| shipped decks, {name.split(', ')[1]} | ≤ 1.6× bare import | {ratio:.2f}× "
                           f"({rows[name].seconds:.3f} s vs {bare:.3f} s) | {_verdict(ratio <= 1.6)} |")
    if targets:
        out += ["### Against the targets", "", "| what | target | measured | |", "|---|---|---|---|", *targets, ""]
    return "\n".join(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", help="comma-separated note counts (default 100,1000,10000; "
                                        "without --sizes, --shipped times only the shipped decks)")
    parser.add_argument("--runs", type=int, default=5, help="runs per step below 100k notes; the best counts")
    parser.add_argument("--runs-large", type=int, default=1, help="runs per step at 100k notes and more")
    parser.add_argument("--startup-runs", type=int, default=10, help="runs for --help and the bare imports")
    parser.add_argument("--shipped", action="store_true", help="time `csrcards build` of the real decks/")
    parser.add_argument("--decks", type=Path, default=REPO / "decks", help="the decks folder for --shipped")
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
        warm_up()
        run_all(args, results)
    finally:
        shutil.rmtree(copy, ignore_errors=True)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", "utf-8")
    print(report(results))


def run_all(args, results: dict) -> None:
    sizes = [] if args.shipped and not args.sizes else [int(s) for s in (args.sizes or "100,1000,10000").split(",")]
    results["sizes"] = [bench_size(n, args.runs_large if n >= LARGE else args.runs, args.keep) for n in sizes]
    if sizes:
        results["startup"] = bench_startup(args.startup_runs)
    if args.shipped:
        results["shipped"] = bench_shipped(args.decks, max(args.runs, args.startup_runs))
    results["machine"]["load_after"] = os.getloadavg()
    if code_digest()["sha256"] != results["code"]["sha256"]:
        results["code"]["changed"] = True
        print("warning: csrcards' code changed while the benchmark ran", file=sys.stderr)


if __name__ == "__main__":
    main()
