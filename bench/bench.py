"""Benchmark of cppcc-plan's batch rendering against two references, in one run, on the same
documents. Not a test: it prints figures and PASS/MISS against the batch issue's targets.

    python bench/bench.py                # 500 units, best of 3 (a few minutes on 2 cores)
    python bench/bench.py --units 100    # shorter

The documents: examples/county-batch/base.yaml with a generated units table of N rows
(第1镇, 第2街道, 第3镇, …: levels alternating 镇/街道, bodies 政协联络组/政协工作室), one
工作计划 a unit.

What is timed:
  project   the batch runner in-process (batch.prepare + batch.run, what `cppcc-plan batch`
            calls), in a fresh process per run (bench/batch_child.py), --jobs 1 and --jobs 2:
            loading the base and the table, merging and validating every unit, rendering in
            the worker processes, writing every file.
  references  the same N documents' blocks (cppcc_plan.blocks) are computed by the project's
            pipeline first, untimed; then each reference writer turns every unit's blocks
            into .docx bytes and writes the file, in this process (bench/references.py):
            a plain python-docx loop and a Jinja2 + zipfile floor.
  cold      one `python -m cppcc_plan render examples/street-plan.yaml -o …` as a whole
            process, against a process that only imports the dependencies; best of several,
            alternating, with bytecode cached for both (as an installed wheel has it).
  memory    peak RSS of the batch (largest process of the tree, as /usr/bin/time reports it)
            for N units against 50 units, --jobs 2.

Every writer writes its files to the same place: /dev/shm when there is one (--dir to change),
so that the disk's noise is in no figure. Every document is checked after the timing: the three writers' files hold the same paragraph
texts, and --jobs 1 and --jobs 2 wrote byte-identical files.
"""

import argparse
import csv
import importlib.metadata
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(ROOT), str(HERE)]

from cppcc_plan import batch  # noqa: E402
from cppcc_plan.blocks import parse_markup  # noqa: E402
from cppcc_plan.context import document_context
from cppcc_plan.merge import merge
from cppcc_plan.validate import validate  # noqa: E402
from cppcc_plan.templating import render_markup  # noqa: E402
from cppcc_plan.docx.writer import DocumentInfo, write_docx  # noqa: E402

import references  # noqa: E402

BASE = ROOT / "examples" / "county-batch" / "base.yaml"
RENDER_INPUT = ROOT / "examples" / "street-plan.yaml"
IMPORTS_ONLY = "import click, yaml, jinja2, pydantic, docx, openpyxl"
ENV = {**os.environ, "PYTHONPATH": os.pathsep.join(
    [str(ROOT)] + ([os.environ["PYTHONPATH"]] if os.environ.get("PYTHONPATH") else []))}
SHM = Path("/dev/shm")
SHARED_CHECK = ROOT.parent / "shared" / "tools" / "gongwen_check.py"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def make_units(folder: Path, count: int) -> Path:
    path = folder / f"units-{count}.csv"
    with open(path, "w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream)
        writer.writerow(["unit.name", "unit.level", "unit.body"])
        for i in range(1, count + 1):
            level = "镇" if i % 2 else "街道"
            writer.writerow([f"第{i}{level}", level, "政协联络组" if level == "镇" else "政协工作室"])
    return path


def project_run(units: Path, jobs: int, out: Path) -> dict:
    shutil.rmtree(out, ignore_errors=True)
    result = subprocess.run([sys.executable, str(HERE / "batch_child.py"), str(BASE), str(units),
                             str(out), str(jobs)], capture_output=True, text=True, env=ENV,
                            cwd=ROOT)
    if result.returncode != 0:
        sys.exit(f"batch run failed:\n{result.stderr}")
    figures = json.loads(result.stdout)
    if figures["ok"] != figures["units"]:
        sys.exit(f"batch run: only {figures['ok']} of {figures['units']} units rendered")
    return figures


def documents_from_pipeline(units: Path) -> list[tuple[list, DocumentInfo, str]]:
    """Every unit's blocks, as the project's pipeline makes them (api.render_document up to
    the writer), with its core properties and file name."""
    plan = batch.prepare(BASE, units, (), Path("unused"))
    documents = []
    for job in plan.units:
        (kind, target), = job.outputs
        year_file = validate(merge(plan.base, plan.table.entries[job.index].source))
        context = document_context(year_file, kind)
        blocks = parse_markup(render_markup(kind.name, context))
        info = DocumentInfo(context.title, context.signature, getattr(year_file, kind.key).date)
        documents.append((blocks, info, target.name))
    return documents


def write_all(writer, documents, out: Path) -> float:
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    started = time.perf_counter()
    for blocks, info, name in documents:
        (out / name).write_bytes(writer(blocks, info))
    return time.perf_counter() - started


def wall_time(command: list[str], env: dict) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, env=env, cwd=ROOT, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def cold_environment(work: Path) -> dict:
    """Bytecode cached, as an installed wheel has it, even where PYTHONDONTWRITEBYTECODE is
    set: every module's .pyc goes to (and is read from) one folder of the work directory."""
    env = {k: v for k, v in ENV.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(work / "pycache")
    return env


def paragraph_texts(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as archive:
        root = ET.fromstring(archive.read("word/document.xml"))
    texts = ("".join(t.text or "" for t in p.iter(W + "t")) for p in root.iter(W + "p"))
    return [t for t in texts if t]


def checker_summary(path: Path) -> str:
    if not SHARED_CHECK.exists():
        return "(shared checker not found)"
    result = subprocess.run([sys.executable, str(SHARED_CHECK), str(path)], capture_output=True,
                            text=True)
    lines = result.stdout.strip().splitlines()
    return lines[-1].replace("gongwen_check: ", "") if lines else result.stderr.strip()[:60]


def machine() -> str:
    model = next((line.split(":", 1)[1].strip() for line in
                  Path("/proc/cpuinfo").read_text().splitlines()
                  if line.startswith("model name")), platform.processor() or "unknown CPU")
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    versions = ", ".join(f"{name} {importlib.metadata.version(name)}"
                         for name in ("python-docx", "Jinja2", "pydantic", "PyYAML"))
    return (f"{cpus} CPUs ({model}), {platform.system()} {platform.release()}, "
            f"Python {platform.python_version()}, {versions}")


def verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--units", type=int, default=500, help="units in the batch (500)")
    parser.add_argument("--small", type=int, default=50,
                        help="units of the smaller batch for the memory ratio (50)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each; the best counts (3)")
    parser.add_argument("--cold-runs", type=int, default=7,
                        help="runs of the cold render and of the import-only process (7)")
    parser.add_argument("--dir", type=Path, default=SHM if SHM.is_dir() else None,
                        help="where the documents are written (default: /dev/shm when there "
                             "is one, so that every writer is timed without the disk)")
    parser.add_argument("--keep", type=Path, help="keep the documents in this folder")
    args = parser.parse_args()
    n = args.units

    work = Path(tempfile.mkdtemp(prefix="cppcc-bench-", dir=args.dir))
    try:
        units, small = make_units(work, n), make_units(work, args.small)
        print(f"cppcc-plan benchmark: {n} units ({BASE.relative_to(ROOT)} + {n} generated rows), "
              f"best of {args.repeat}", flush=True)
        print(f"machine: {machine()}", flush=True)
        print(f"documents written to {work.parent} by every writer", flush=True)

        # The project: --jobs 1 and --jobs 2 in turn, each run in a fresh process.
        runs = {1: [], 2: []}
        for _ in range(args.repeat):
            for jobs in (1, 2):
                runs[jobs].append(project_run(units, jobs, work / f"project-j{jobs}"))
        small_runs = [project_run(small, 2, work / "project-small") for _ in range(args.repeat)]
        best = {jobs: min(r, key=lambda f: f["seconds"]) for jobs, r in runs.items()}

        # The references, from the same units' blocks (computed here, untimed but reported).
        started = time.perf_counter()
        documents = documents_from_pipeline(units)
        pipeline_seconds = time.perf_counter() - started
        writers = {"docx": references.plain_python_docx, "floor": references.jinja2_floor,
                   "writer": write_docx,
                   "floor-template": references.jinja2_floor_with_default_template}
        seconds = {name: min(write_all(w, documents, work / name) for _ in range(args.repeat))
                   for name, w in writers.items()}
        # Where the python-docx loop's time goes, on one more pass over the first 50 units.
        phases: dict[str, float] = {}
        for blocks, info, _ in documents[:50]:
            references.plain_python_docx(blocks, info, phases)

        # Cold start: a whole `render` process against one that only imports.
        render = [sys.executable, "-m", "cppcc_plan", "render", str(RENDER_INPUT), "-o",
                  str(work / "cold.docx")]
        imports = [sys.executable, "-c", IMPORTS_ONLY]
        env = cold_environment(work)
        wall_time(render, env), wall_time(imports, env)           # write the bytecode
        cold_render, cold_imports = [], []
        for _ in range(args.cold_runs):                           # alternating, best counts
            cold_render.append(wall_time(render, env))
            cold_imports.append(wall_time(imports, env))

        # Checks, untimed: same content everywhere, --jobs does not change a byte.
        names = [name for _, _, name in documents]
        same_text = all(paragraph_texts(work / "project-j1" / name)
                        == paragraph_texts(work / "docx" / name)
                        == paragraph_texts(work / "floor" / name) for name in names)
        same_bytes = all((work / "project-j1" / name).read_bytes()
                         == (work / "project-j2" / name).read_bytes()
                         == (work / "writer" / name).read_bytes() for name in names)
        sample = names[0]
        fidelity = {label: checker_summary(work / folder / sample) for label, folder in
                    (("cppcc-plan", "project-j1"), ("python-docx loop", "docx"),
                     ("Jinja2 floor", "floor"))}

        rate = {"j1": n / best[1]["seconds"], "j2": n / best[2]["seconds"],
                **{name: n / s for name, s in seconds.items()}}

        def peak(run: dict) -> int:       # the largest process of the tree, as time(1) says
            return max(run["rss_self_kib"], run["rss_workers_kib"])
        big, little = max(runs[2], key=peak), max(small_runs, key=peak)
        rss = {"big": peak(big), "small": peak(little)}

        print()
        print(f"{'writer (' + str(n) + ' documents)':<66}{'seconds':>9}{'docs/s':>9}")
        rows = [
            ("cppcc-plan batch --jobs 1 (load, merge, validate, render, write)", best[1]["seconds"],
             rate["j1"]),
            ("cppcc-plan batch --jobs 2", best[2]["seconds"], rate["j2"]),
            ("reference: plain python-docx loop (from blocks, + write)", seconds["docx"],
             rate["docx"]),
            ("reference: Jinja2 floor, python-docx's template parts (+ write)",
             seconds["floor-template"], rate["floor-template"]),
            ("info: a stricter floor zipping the project's own 15 KB of parts",
             seconds["floor"], rate["floor"]),
            ("info: project's writer alone (write_docx from blocks, + write)", seconds["writer"],
             rate["writer"]),
            ("info: project's pipeline up to the blocks, in one process", pipeline_seconds,
             n / pipeline_seconds),
        ]
        for label, s, r in rows:
            print(f"{label:<66}{s:>9.2f}{r:>9.1f}")
        print("  python-docx loop: " + ", ".join(
            f"{phase} {t / sum(phases.values()):.0%}" for phase, t in phases.items()))
        for jobs in (1, 2):
            b = best[jobs]
            print(f"  --jobs {jobs}: prepare (parent, serial) {b['prepare']:.2f} s, "
                  f"run (workers) {b['run']:.2f} s; all runs "
                  + ", ".join(f"{r['seconds']:.2f}" for r in runs[jobs]) + " s")

        cold_r, cold_i = min(cold_render), min(cold_imports)
        targets = [
            ("--jobs 1 / python-docx loop", f"{rate['j1']:.1f} / {rate['docx']:.1f} docs/s",
             rate["j1"] / rate["docx"], ">= 10", rate["j1"] / rate["docx"] >= 10),
            ("--jobs 1 / Jinja2 floor", f"{rate['j1']:.1f} / {rate['floor-template']:.1f} docs/s",
             rate["j1"] / rate["floor-template"], ">= 2",
             rate["j1"] / rate["floor-template"] >= 2),
            ("--jobs 2 / --jobs 1", f"{rate['j2']:.1f} / {rate['j1']:.1f} docs/s",
             rate["j2"] / rate["j1"], ">= 1.6", rate["j2"] / rate["j1"] >= 1.6),
            ("cold render / import-only process", f"{cold_r:.3f} / {cold_i:.3f} s",
             cold_r / cold_i, "<= 1.3", cold_r / cold_i <= 1.3),
            (f"peak RSS {n} / {args.small} units (--jobs 2)",
             f"{rss['big'] / 1024:.1f} / {rss['small'] / 1024:.1f} MiB",
             rss["big"] / rss["small"], "<= 1.2", rss["big"] / rss["small"] <= 1.2),
        ]
        print()
        print(f"{'target':<36}{'figures':<28}{'ratio':>8}  {'wanted':<8}result")
        for label, figures, ratio, wanted, ok in targets:
            print(f"{label:<36}{figures:<28}{ratio:>7.2f}×  {wanted:<8}{verdict(ok)}")
        print(f"  for comparison, not a target: --jobs 1 / the stricter floor (project's own parts) "
              f"= {rate['j1'] / rate['floor']:.2f}×")
        print("  cold runs (s): render " + " ".join(f"{t:.3f}" for t in cold_render)
              + "; imports " + " ".join(f"{t:.3f}" for t in cold_imports))
        print(f"  peak RSS (MiB): {n} units parent {big['rss_self_kib'] / 1024:.1f}, "
              f"largest worker {big['rss_workers_kib'] / 1024:.1f}; {args.small} units parent "
              f"{little['rss_self_kib'] / 1024:.1f}, largest worker "
              f"{little['rss_workers_kib'] / 1024:.1f}")
        print()
        print(f"same paragraph texts in all three writers' {n} documents: "
              f"{'yes' if same_text else 'NO'}; --jobs 1, --jobs 2 and write_docx byte-identical: "
              f"{'yes' if same_bytes else 'NO'}")
        print(f"GB/T 9704 checker (../shared/tools/gongwen_check.py) on {sample}:")
        for label, summary in fidelity.items():
            print(f"  {label:<18}{summary}")
        if args.keep:
            shutil.copytree(work, args.keep, dirs_exist_ok=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
