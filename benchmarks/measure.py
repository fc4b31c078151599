"""Run one command; write its wall time, CPU time and peak memory as JSON to a file.

    python -I -S benchmarks/measure.py RESULT.json COMMAND [ARG...]

Why a launcher, and not os.wait4() on a child of the benchmark itself: on
Linux, a process's ru_maxrss also counts the memory of the process it was
forked from, as it stood when the new program was exec'd (the kernel keeps the
old address space's high-water mark). subprocess forks with vfork, so every
child of a benchmark process that has just generated 10k notes "peaks" at least
at that process's size. This launcher is a bare interpreter (-I -S, imports
nothing but os, time, json and resource) of about 9 MiB; its
child's peak is exact whenever it is above that, and the launcher says so when
it may not be. /usr/bin/time -v gives the same numbers (see docs/benchmarks.md).

The clock runs only around spawn + wait, so the launcher's own start-up is
not counted.
"""

import json
import os
import resource
import sys
import time


def _own_peak_kib() -> int:
    """This launcher's own high-water mark: what its child's ru_maxrss starts from.

    Not getrusage(RUSAGE_SELF): that counts the launcher's parent too, for
    the reason above; /proc/self/status VmHWM is this address space alone.
    """
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // (1024 if sys.platform == "darwin" else 1)


def main() -> None:
    result, command = sys.argv[1], sys.argv[2:]
    own = _own_peak_kib()
    start = time.perf_counter()
    pid = os.posix_spawnp(command[0], command, os.environ)
    _, status, usage = os.wait4(pid, 0)
    seconds = time.perf_counter() - start
    scale = 1024 if sys.platform == "darwin" else 1  # macOS reports bytes, Linux KiB
    with open(result, "w") as handle:
        json.dump({"seconds": seconds, "exit": os.waitstatus_to_exitcode(status),
                   "cpu_seconds": usage.ru_utime + usage.ru_stime,
                   "peak_kib": usage.ru_maxrss // scale, "launcher_kib": own}, handle)


if __name__ == "__main__":
    main()
