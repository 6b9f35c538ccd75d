"""Benchmark of cppcc-plan against reference writers, in one run, on the same documents. Not a
test: it prints figures and PASS/MISS against the targets of the performance issues.

    python bench/bench.py                # table 500 units, folder 200 units, cold start; best of 3
    python bench/bench.py --scale        # and a table of 38,000 units against 500 (--jobs 2)
    python bench/bench.py --units 100 --folder-units 50 --repeat 2     # shorter

Three inputs:
  table     examples/county-batch/base.yaml with a generated units table of N rows (第1镇,
            第2街道, …: levels alternating 镇/街道, bodies 政协联络组/政协工作室), one 工作计划 a unit.
  folder    the same base with a folder of N full unit files, each its own ~18 KB year file
            (examples/town-plan.yaml with its own name, plus the consultations of
            examples/consultation.yaml and the projects of examples/projects.yaml), as offices
            that edit each township's plan separately keep them.
  cold      one `render` of examples/street-plan.yaml, and `--version`, `--help`, each as a
            whole process, against processes that only import (see BASELINE, CLICK_ONLY).

What is timed, for each batch input:
  project   the batch runner in-process (batch.prepare + batch.run, what `cppcc-plan batch`
            calls), in a fresh process per run (bench/batch_child.py), --jobs 1 and --jobs 2.
  references  the same N documents' blocks are computed by the project's pipeline first,
            untimed; then each reference turns every unit's blocks into .docx bytes and
            writes the file, in this process (bench/references.py): a plain python-docx loop,
            python-docx with prepared XML, and the Jinja2 + zipfile floor.
Every repeat runs the project and every reference once, in turn, so that the machine's load
falls on all of them alike; the best of the repeats counts.

--scale: a table of 38,000 units (21,000 镇, 8,000 乡, 9,000 街道, as China has them) at
--jobs 2, once, against the 500-unit table at --jobs 2 run just before and after it: throughput
and peak RSS (largest process of the tree, as /usr/bin/time reports it).

Every writer writes its files to the same place: /dev/shm when there is one (--dir to change),
so that the disk's noise is in no figure. Every document is checked after the timing: the
writers' files hold the same paragraph texts, and --jobs 1, --jobs 2 and write_docx wrote
byte-identical files.
"""

import argparse
import csv
import importlib.metadata
import json
import os
import platform
import re
import resource
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
from cppcc_plan.api import document_blocks  # noqa: E402
from cppcc_plan.docx.writer import DocumentInfo, write_docx  # noqa: E402
from cppcc_plan.validate import validate  # noqa: E402

import references  # noqa: E402

EXAMPLES = ROOT / "examples"
BASE = EXAMPLES / "county-batch" / "base.yaml"
RENDER_INPUT = EXAMPLES / "street-plan.yaml"
# The cold-start baselines: what any tool on these libraries pays before doing anything.
BASELINE = ("import click, yaml, jinja2, docx, pydantic\n"
            "class Unit(pydantic.BaseModel):\n    name: str\n    year: int = 2024\n"
            "Unit(name='北辛街道')")
CLICK_ONLY = "import click"
ENV = {**os.environ, "PYTHONPATH": os.pathsep.join(
    [str(ROOT)] + ([os.environ["PYTHONPATH"]] if os.environ.get("PYTHONPATH") else []))}
SHM = Path("/dev/shm")
SHARED_CHECK = ROOT.parent / "shared" / "tools" / "gongwen_check.py"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
WRITERS = {"docx": references.plain_python_docx,
           "prepared": references.prepared_xml_python_docx,
           "floor-template": references.jinja2_floor_with_default_template,
           "floor": references.jinja2_floor,
           "writer": write_docx}
CHINA = (("镇", 21), ("乡", 8), ("街道", 9))       # thousands of each in the country


# --- Inputs --------------------------------------------------------------------------------------

def make_table(folder: Path, count: int, levels=(("镇", 1), ("街道", 1))) -> Path:
    """N rows, the levels in the given proportions, spread evenly through the table."""
    total = sum(share for _, share in levels)
    made = {level: 0 for level, _ in levels}
    path = folder / f"units-{count}-{len(levels)}.csv"
    with open(path, "w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream)
        writer.writerow(["unit.name", "unit.level", "unit.body"])
        for i in range(1, count + 1):
            level = max(levels, key=lambda ls: i * ls[1] / total - made[ls[0]])[0]
            made[level] += 1
            writer.writerow([f"第{i}{level}", level, "政协工作室" if level == "街道" else "政协联络组"])
    return path


def make_folder(folder: Path, count: int) -> Path:
    town = (EXAMPLES / "town-plan.yaml").read_text(encoding="utf-8")
    extra = "".join(top_level_block((EXAMPLES / name).read_text(encoding="utf-8"), key)
                    for name, key in (("consultation.yaml", "consultations"),
                                      ("projects.yaml", "projects")))
    path = folder / f"unit-files-{count}"
    path.mkdir()
    for i in range(1, count + 1):
        text = town.replace("  name: 杭埠镇\n", f"  name: 第{i}镇\n", 1) + "\n" + extra
        (path / f"{i:06d}.yaml").write_text(text, encoding="utf-8")
    return path


def top_level_block(text: str, key: str) -> str:
    """`key:` and everything under it, up to the next top-level key."""
    match = re.search(rf"^{key}:\n(?:(?:[ #].*)?\n)*", text, re.M)
    return match.group(0)


# --- Timing --------------------------------------------------------------------------------------

def project_run(base: Path, units: Path, jobs: int, out: Path) -> dict:
    shutil.rmtree(out, ignore_errors=True)
    result = subprocess.run([sys.executable, str(HERE / "batch_child.py"), str(base), str(units),
                             str(out), str(jobs)], capture_output=True, text=True, env=ENV,
                            cwd=ROOT)
    if result.returncode != 0:
        sys.exit(f"batch run failed:\n{result.stderr}")
    figures = json.loads(result.stdout)
    if figures["ok"] != figures["units"]:
        sys.exit(f"batch run: only {figures['ok']} of {figures['units']} units rendered")
    return figures


def documents_from_pipeline(base: Path, units: Path) -> list[tuple[list, DocumentInfo, str]]:
    """Every unit's blocks, as the project's pipeline makes them (api.render_document up to
    the writer), with its core properties and file name."""
    plan = batch.prepare(base, units, (), Path("unused"))
    documents = []
    for entry in plan.table.entries():
        year_file = validate(batch.unit_source(plan.base, entry.source, plan.overrides))
        (kind, target), = batch.validated_outputs(plan, year_file)
        blocks, info = document_blocks(year_file, kind)
        documents.append((blocks, info, target.name))
    return documents


def write_all(writer, documents, out: Path) -> float:
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    started = time.perf_counter()
    for blocks, info, name in documents:
        (out / name).write_bytes(writer(blocks, info))
    return time.perf_counter() - started


def process_time(command: list[str], env: dict) -> tuple[float, float]:
    """Wall seconds and CPU seconds (user + system) of one whole process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(command, check=True, env=env, cwd=ROOT, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def cold_environment(work: Path) -> dict:
    """Bytecode cached, as an installed wheel has it, even where PYTHONDONTWRITEBYTECODE is
    set: every module's .pyc goes to (and is read from) one folder of the work directory."""
    env = {k: v for k, v in ENV.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(work / "pycache")
    return env


def peak(run: dict) -> int:
    """The largest process of the tree, as time(1) says."""
    return max(run["rss_self_kib"], run["rss_workers_kib"])


# --- Checks --------------------------------------------------------------------------------------

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
    libyaml = "with libyaml" if getattr(__import__("yaml"), "__with_libyaml__", False) else \
        "without libyaml"
    return (f"{cpus} CPUs ({model}), {platform.system()} {platform.release()}, "
            f"Python {platform.python_version()}, {versions} ({libyaml})")


def verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def print_targets(targets: list) -> None:
    print(f"  {'target':<44}{'figures':<30}{'ratio':>8}  {'wanted':<8}result")
    for label, figures, ratio, wanted, ok in targets:
        print(f"  {label:<44}{figures:<30}{ratio:>7.2f}×  {wanted:<8}{verdict(ok)}")


# --- The cases -----------------------------------------------------------------------------------

def batch_case(title: str, base: Path, units: Path, n: int, repeat: int, work: Path) -> dict:
    print(f"\n== {title}: {n} units, best of {repeat} ==", flush=True)
    started = time.perf_counter()
    documents = documents_from_pipeline(base, units)
    pipeline_seconds = time.perf_counter() - started
    runs = {1: [], 2: []}
    seconds = {name: [] for name in WRITERS}
    for _ in range(repeat):            # every writer once a repeat: the load falls on all alike
        for jobs in (1, 2):
            runs[jobs].append(project_run(base, units, jobs, work / f"{title}-j{jobs}"))
        for name, writer in WRITERS.items():
            seconds[name].append(write_all(writer, documents, work / f"{title}-{name}"))
    best = {jobs: min(r, key=lambda f: f["seconds"]) for jobs, r in runs.items()}
    rate = {"j1": n / best[1]["seconds"], "j2": n / best[2]["seconds"],
            **{name: n / min(s) for name, s in seconds.items()}}

    labels = {"docx": "reference: plain python-docx loop (from blocks, + write)",
              "prepared": "reference: python-docx with prepared XML (from blocks, + write)",
              "floor-template": "reference: Jinja2 floor, python-docx's template parts",
              "floor": "info: Jinja2 floor zipping the project's own parts",
              "writer": "info: the project's writer alone (from blocks, + write)"}
    print(f"  {'writer':<66}{'seconds':>9}{'docs/s':>9}")
    rows = [("cppcc-plan batch --jobs 1 (read, merge, validate, render, write)",
             best[1]["seconds"], rate["j1"]),
            ("cppcc-plan batch --jobs 2", best[2]["seconds"], rate["j2"])]
    rows += [(labels[name], min(s), rate[name]) for name, s in seconds.items()]
    rows.append(("info: the project's pipeline up to the blocks, in one process",
                 pipeline_seconds, n / pipeline_seconds))
    for label, s, r in rows:
        print(f"  {label:<66}{s:>9.2f}{r:>9.1f}")
    for jobs in (1, 2):
        b = best[jobs]
        print(f"  --jobs {jobs}: prepare {b['prepare']:.2f} s, naming pass {b['naming']:.2f} s, "
              f"whole run {b['run']:.2f} s; all runs "
              + ", ".join(f"{r['seconds']:.2f}" for r in runs[jobs]) + " s")
    targets = [
        ("--jobs 1 / python-docx loop", f"{rate['j1']:.1f} / {rate['docx']:.1f} docs/s",
         rate["j1"] / rate["docx"], ">= 10", rate["j1"] / rate["docx"] >= 10),
        ("--jobs 1 / python-docx with prepared XML",
         f"{rate['j1']:.1f} / {rate['prepared']:.1f} docs/s",
         rate["j1"] / rate["prepared"], ">= 0.5", rate["j1"] / rate["prepared"] >= 0.5),
        ("--jobs 2 / --jobs 1", f"{rate['j2']:.1f} / {rate['j1']:.1f} docs/s",
         rate["j2"] / rate["j1"], ">= 1.7", rate["j2"] / rate["j1"] >= 1.7),
        ("--jobs 1 / Jinja2 floor (python-docx's parts)",
         f"{rate['j1']:.1f} / {rate['floor-template']:.1f} docs/s",
         rate["j1"] / rate["floor-template"], ">= 2", rate["j1"] / rate["floor-template"] >= 2),
    ]
    print()
    print_targets(targets)

    names = [name for _, _, name in documents]
    folder = work / f"{title}-j1"
    same_text = all(paragraph_texts(folder / name) == paragraph_texts(work / f"{title}-docx" / name)
                    == paragraph_texts(work / f"{title}-floor" / name)
                    == paragraph_texts(work / f"{title}-prepared" / name) for name in names)
    same_bytes = all((folder / name).read_bytes() == (work / f"{title}-j2" / name).read_bytes()
                     == (work / f"{title}-writer" / name).read_bytes() for name in names)
    print(f"  same paragraph texts in the project's and the references' {n} documents: "
          f"{'yes' if same_text else 'NO'}; --jobs 1, --jobs 2 and write_docx byte-identical: "
          f"{'yes' if same_bytes else 'NO'}")
    print(f"  GB/T 9704 checker on {names[0]}: project {checker_summary(folder / names[0])}; "
          f"python-docx loop {checker_summary(work / f'{title}-docx' / names[0])}")
    return {"rate": rate, "best": best}


def scale_case(count: int, small: int, work: Path) -> None:
    print(f"\n== scale: {count} units against {small} (table, --jobs 2) ==", flush=True)
    big_units = make_table(work, count, CHINA)
    small_units = make_table(work, small, CHINA)
    before = project_run(BASE, small_units, 2, work / "scale-small")
    big = project_run(BASE, big_units, 2, work / "scale-big")
    shutil.rmtree(work / "scale-big", ignore_errors=True)
    after = project_run(BASE, small_units, 2, work / "scale-small")
    little = min((before, after), key=lambda r: r["seconds"])
    rate_big, rate_small = count / big["seconds"], small / little["seconds"]
    rss_big, rss_small = peak(big), max(peak(before), peak(after))
    print(f"  {count} units: {big['seconds']:.1f} s, {rate_big:.0f} docs/s; {small} units: "
          f"{before['seconds']:.2f} s before, {after['seconds']:.2f} s after")
    print(f"  peak RSS (MiB): {count} units parent {big['rss_self_kib'] / 1024:.1f}, largest "
          f"worker {big['rss_workers_kib'] / 1024:.1f}; {small} units parent "
          f"{little['rss_self_kib'] / 1024:.1f}, largest worker "
          f"{little['rss_workers_kib'] / 1024:.1f}")
    print()
    print_targets([
        (f"throughput {count} / {small} units", f"{rate_big:.0f} / {rate_small:.0f} docs/s",
         rate_big / rate_small, ">= 0.9", rate_big / rate_small >= 0.9),
        (f"peak RSS {count} / {small} units", f"{rss_big / 1024:.1f} / {rss_small / 1024:.1f} MiB",
         rss_big / rss_small, "<= 1.2", rss_big / rss_small <= 1.2)])


def cold_case(runs: int, work: Path) -> None:
    print(f"\n== cold start: best of {runs}, alternating, bytecode cached ==", flush=True)
    py = sys.executable
    commands = {
        "render": [py, "-m", "cppcc_plan", "render", str(RENDER_INPUT), "-o",
                   str(work / "cold.docx")],
        "baseline": [py, "-c", BASELINE],
        "--version": [py, "-m", "cppcc_plan", "--version"],
        "--help": [py, "-m", "cppcc_plan", "--help"],
        "click": [py, "-c", CLICK_ONLY],
    }
    env = cold_environment(work)
    for command in commands.values():
        process_time(command, env)                             # write the bytecode
    wall = {name: [] for name in commands}
    cpu = {name: [] for name in commands}
    for _ in range(runs):
        for name, command in commands.items():
            w, c = process_time(command, env)
            wall[name].append(w)
            cpu[name].append(c)
    best = {name: min(times) for name, times in wall.items()}
    best_cpu = {name: min(times) for name, times in cpu.items()}
    print_targets([
        ("cold render / import-and-build baseline",
         f"{best['render']:.3f} / {best['baseline']:.3f} s", best["render"] / best["baseline"],
         "<= 1.3", best["render"] / best["baseline"] <= 1.3),
        ("--version / python -c 'import click'",
         f"{best['--version']:.3f} / {best['click']:.3f} s", best["--version"] / best["click"],
         "<= 1.1", best["--version"] / best["click"] <= 1.1),
        ("--help / python -c 'import click'",
         f"{best['--help']:.3f} / {best['click']:.3f} s", best["--help"] / best["click"],
         "<= 1.1", best["--help"] / best["click"] <= 1.1)])
    print("  CPU seconds (user + system), best: " + ", ".join(
        f"{name} {t:.3f}" for name, t in best_cpu.items())
          + f"; render / baseline {best_cpu['render'] / best_cpu['baseline']:.2f}×")
    print("  wall seconds, all runs: " + "; ".join(
        f"{name} " + " ".join(f"{t:.3f}" for t in times) for name, times in wall.items()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--units", type=int, default=500, help="units of the table (500)")
    parser.add_argument("--folder-units", type=int, default=200,
                        help="unit files of the folder (200)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each; the best counts (3)")
    parser.add_argument("--cold-runs", type=int, default=9,
                        help="runs of each cold-start process (9)")
    parser.add_argument("--scale", nargs="?", type=int, const=38_000, metavar="N",
                        help="also a table of N units (38,000) against the table's --units")
    parser.add_argument("--only", choices=("table", "folder", "cold", "scale"), action="append",
                        help="run only these cases (repeatable)")
    parser.add_argument("--dir", type=Path, default=SHM if SHM.is_dir() else None,
                        help="where the documents are written (default: /dev/shm when there "
                             "is one, so that every writer is timed without the disk)")
    parser.add_argument("--keep", type=Path, help="keep the documents in this folder")
    args = parser.parse_args()
    cases = set(args.only or ("table", "folder", "cold") + (("scale",) if args.scale else ()))

    work = Path(tempfile.mkdtemp(prefix="cppcc-bench-", dir=args.dir))
    try:
        print(f"cppcc-plan benchmark, {time.strftime('%Y-%m-%d %H:%M')}", flush=True)
        print(f"machine: {machine()}", flush=True)
        print(f"documents written to {work.parent} by every writer", flush=True)
        if "table" in cases:
            batch_case("table", BASE, make_table(work, args.units), args.units, args.repeat, work)
        if "folder" in cases:
            folder = make_folder(work, args.folder_units)
            size = sum(p.stat().st_size for p in folder.iterdir()) / args.folder_units / 1024
            print(f"\n(unit files of {size:.1f} KB each)")
            batch_case("folder", BASE, folder, args.folder_units, args.repeat, work)
        if "cold" in cases:
            cold_case(args.cold_runs, work)
        if "scale" in cases:
            scale_case(args.scale or 38_000, args.units, work)
        if args.keep:
            shutil.copytree(work, args.keep, dirs_exist_ok=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
