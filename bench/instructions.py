"""Instructions one folder unit costs, stage by stage, counted by valgrind's callgrind: the
same count whatever else the machine is doing, so that a change of a few percent shows on a
VM whose speed moves by half from one minute to the next. Each stage runs in two processes
under callgrind, 5 and 15 times: the difference, over 10, is the stage's, without the set-up
or the interpreter's end (which differ from commit to commit); millions of instructions a unit.

    python bench/instructions.py            # every stage (about 5 minutes on 2 cores)
    python bench/instructions.py read wr    # some
"""

import os
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
RUNS = (5, 15)

# One unit file of the bench's folder, taken through the calls a batch worker makes for it,
# each stage's input computed beforehand; the process's objects frozen as a worker's are.
SETUP = f"""
import atexit, gc, shutil, sys, tempfile
from pathlib import Path
sys.path[:0] = [{str(HERE.parent)!r}, {str(HERE)!r}]
from cppcc_plan import batch, source
from cppcc_plan.api import document_info
from cppcc_plan.blocks import parse_markup
from cppcc_plan.context import document_context
from cppcc_plan.docx.writer import write_docx
from cppcc_plan.templating import render_markup
from cppcc_plan.validate import validate
from bench import BASE, make_folder
work = Path(tempfile.mkdtemp(dir="/dev/shm" if Path("/dev/shm").is_dir() else None))
atexit.register(shutil.rmtree, work, True)
plan = batch.prepare(BASE, make_folder(work, 1), (), work / "out")
batch._worker.update(plan=plan, templates=None, shared=batch.inputs_digest(plan, None),
                     latest={{}}, validate_names=False, busy=False)
entry = next(iter(plan.table.entries()))
text = entry.path.read_text(encoding="utf-8")
changes = source.parse_source(text, "unit.yaml")
merged = batch.unit_source(plan.base, changes, plan.overrides)
year_file = validate(merged)
(kind, target), = batch.validated_outputs(plan, year_file)
context = document_context(year_file, kind)
markup = render_markup(kind.name, context)
blocks = parse_markup(markup)
info = document_info(year_file, kind, context, blocks)
STAGES = {{
    "naming": lambda: batch.name_unit(0, entry),
    "read": lambda: source.parse_source(text, "unit.yaml"),
    "merge": lambda: batch.unit_source(plan.base, changes, plan.overrides),
    "hash": lambda: batch.unit_hash(b"", changes),
    "validate": lambda: validate(merged),
    "context": lambda: document_context(year_file, kind),
    "templates": lambda: render_markup(kind.name, context),
    "blocks": lambda: parse_markup(markup),
    "writer": lambda: write_docx(blocks, info),
    # into an empty folder, as in a batch (a file there is opened to see whose it is)
    "render_unit": lambda: (target.unlink(missing_ok=True), batch.render_unit(0, entry)),
}}
for stage in STAGES.values():
    stage()
gc.freeze()
"""
STAGES = ["naming", "read", "merge", "hash", "validate", "context", "templates", "blocks",
          "writer", "render_unit"]


def instructions(stage: str, runs: int) -> int:
    code = SETUP + f"for _ in range({runs}):\n    STAGES[{stage!r}]()\n"
    done = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null",
                           sys.executable, "-c", code], capture_output=True, text=True,
                          env={**os.environ, "PYTHONHASHSEED": "0"})
    found = re.search(r"Collected : (\d+)", done.stderr)
    if not found:
        sys.exit(done.stderr[-3000:])
    return int(found.group(1))


def main() -> None:
    stages = sys.argv[1:] or STAGES
    with ThreadPoolExecutor(os.cpu_count() or 1) as pool:
        counts = {stage: [pool.submit(instructions, stage, runs) for runs in RUNS]
                  for stage in stages}
        print("M instructions a folder unit (render_unit: the whole render pass; naming: the "
              "naming pass)")
        for stage, (few, many) in counts.items():
            each = (many.result() - few.result()) / (RUNS[1] - RUNS[0])
            print(f"  {stage:<12}{each / 1e6:>8.2f}")


if __name__ == "__main__":
    main()
