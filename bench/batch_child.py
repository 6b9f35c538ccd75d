"""One timed batch, in a fresh process so that nothing is cached from an earlier run: the
project's batch runner called in-process, exactly as `cppcc-plan batch BASE UNITS -o OUT
--jobs J` calls it (cli.batch: prepare, then run), timed from before prepare (reading the base
and the units table, merging and validating every unit, naming the files) to the end of run
(every document rendered in the worker processes and written). Interpreter start and imports
are not in this time; the cold-start figure of bench.py measures those.

Prints one JSON line: seconds for prepare and run, units written, and peak RSS (KiB) of this
process and of its largest worker (ru_maxrss of RUSAGE_SELF and RUSAGE_CHILDREN; the pool's
workers have been joined, so they are counted).

    python bench/batch_child.py BASE UNITS OUT JOBS
"""

import json
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from cppcc_plan import batch  # noqa: E402


def main(base: str, units: str, out: str, jobs: str) -> None:
    started = time.perf_counter()
    plan = batch.prepare(Path(base), Path(units), (), Path(out))
    prepared = time.perf_counter()
    results = batch.run(plan, int(jobs))
    finished = time.perf_counter()
    print(json.dumps({
        "prepare": prepared - started,
        "run": finished - prepared,
        "seconds": finished - started,
        "units": len(results),
        "ok": sum(r.status == batch.OK for r in results),
        "documents": sum(len(r.outputs) for r in results),
        "rss_self_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        "rss_workers_kib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
    }))


if __name__ == "__main__":
    main(*sys.argv[1:5])
