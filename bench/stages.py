"""Where one unit's time goes, stage by stage, in one warm process: the work a batch worker
does for a unit (and the naming pass's share), timed around each call over N units, for the
table input and for the folder of full unit files (see bench.py). Prints milliseconds a unit.

    python bench/stages.py              # 300 table rows, 100 unit files
    python bench/stages.py --units 100 --files 50
"""

import argparse
import gc
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent), str(HERE)]

from cppcc_plan import batch  # noqa: E402
from cppcc_plan.blocks import parse_markup  # noqa: E402
from cppcc_plan.context import document_context  # noqa: E402
from cppcc_plan.api import document_info  # noqa: E402
from cppcc_plan.docx.writer import write_docx  # noqa: E402
from cppcc_plan.output import write_atomically  # noqa: E402
from cppcc_plan.source import Source  # noqa: E402
from cppcc_plan.templating import render_markup  # noqa: E402
from cppcc_plan.units import UnitFile  # noqa: E402
from cppcc_plan.validate import validate  # noqa: E402

from bench import BASE, make_folder, make_table  # noqa: E402


def stages(units: Path, out: Path) -> dict[str, float]:
    plan = batch.prepare(BASE, units, (), out)
    spent: dict[str, float] = defaultdict(float)
    count = 0

    def timed(stage, function, *args):
        started = time.perf_counter()
        value = function(*args)
        spent[stage] += time.perf_counter() - started
        return value

    for entry in plan.table.entries():
        count += 1
        if isinstance(entry, UnitFile):         # the naming pass's read, without positions
            data = timed("naming pass: read the names", entry.naming_data)
        else:
            data = entry.source.data
        timed("naming pass: merge, names", lambda: batch.planned_outputs(
            batch.unit_source(plan.base, Source(entry.origin, data), plan.overrides).data,
            plan.kinds, plan.out_dir))
        changes = timed("read with positions (unit files)", lambda: entry.source)
        source = timed("merge", batch.unit_source, plan.base, changes, plan.overrides)
        timed("hash, planned names", lambda: (batch.unit_hash(b"", changes),
                                              batch.planned_outputs(source.data, plan.kinds,
                                                                    plan.out_dir)))
        year_file = timed("validate (pydantic)", validate, source)
        (kind, target), = timed("names from the model", batch.validated_outputs, plan, year_file)
        context = timed("context", document_context, year_file, kind)
        markup = timed("templates (Jinja2 sandbox)", render_markup, kind.name, context)
        blocks = timed("markup → blocks", parse_markup, markup)
        info = document_info(year_file, kind, context, blocks)
        data = timed("writer (XML + zip)", write_docx, blocks, info)
        timed("write the file (atomic)", write_atomically, target, data)
    return {stage: seconds / count * 1000 for stage, seconds in spent.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--units", type=int, default=300)
    parser.add_argument("--files", type=int, default=100)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir="/dev/shm" if Path("/dev/shm").is_dir() else None) as d:
        work = Path(d)
        inputs = {"table": make_table(work, args.units), "folder": make_folder(work, args.files)}
        for name, units in inputs.items():
            stages(units, work / f"warm-{name}")          # warm: templates compiled, caches full
            gc.freeze()             # what a worker inherits stays out of the collector's way
            figures = stages(units, work / f"out-{name}")
            print(f"\n{name}: ms a unit, one warm process")
            for stage, ms in figures.items():
                print(f"  {stage:<40}{ms:>8.2f}")
            print(f"  {'total':<40}{sum(figures.values()):>8.2f}")


if __name__ == "__main__":
    main()
