"""One timed batch, in a fresh process so that nothing is cached from an earlier run: the
project's batch runner called in-process, exactly as `cppcc-plan batch BASE UNITS -o OUT
--jobs J` calls it (cli.batch: prepare, then run), timed from before prepare (reading the base,
checking the units table through once) to the end of run (the naming pass and the rendering
pass in the worker processes: every unit merged, validated, rendered and written). Interpreter
start and imports are not in this time; the cold-start figures of bench.py measure those.

Prints one JSON line: seconds for prepare, for run and until the first result of the
rendering pass arrived (the end of the naming pass, near enough), units written, and peak RSS
(KiB) of this process and of its largest worker (VmHWM, and ru_maxrss of
RUSAGE_CHILDREN; the pool's workers have been joined, so they are counted).

    python bench/batch_child.py BASE UNITS OUT JOBS
"""

import json
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from cppcc_plan import batch  # noqa: E402


def own_peak_kib() -> int:
    """This process's peak RSS. VmHWM where Linux has it: ru_maxrss of RUSAGE_SELF carries
    over the peak of the process that ran us from before the exec (the bench, holding every
    reference's documents)."""
    try:
        with open("/proc/self/status") as status:
            return next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
    except (OSError, StopIteration):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def main(base: str, units: str, out: str, jobs: str) -> None:
    started = time.perf_counter()
    plan = batch.prepare(Path(base), Path(units), (), Path(out))
    prepared = time.perf_counter()
    first = []
    outcome = batch.run(plan, int(jobs),
                        progress=lambda _: first or first.append(time.perf_counter()))
    finished = time.perf_counter()
    print(json.dumps({
        "prepare": prepared - started,
        "run": finished - prepared,
        "naming": (first[0] if first else finished) - prepared,
        "seconds": finished - started,
        "units": outcome.units,
        "ok": outcome.counts[batch.OK],
        "documents": outcome.files,
        "rss_self_kib": own_peak_kib(),
        "rss_workers_kib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
    }))


if __name__ == "__main__":
    main(*sys.argv[1:5])
