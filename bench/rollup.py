"""Benchmark of `cppcc-plan rollup` at county scale, as a ratio to rendering the same units'
summaries with `cppcc-plan batch`. Not a test: it prints the figures.

    python bench/rollup.py                  # 500 units × 50 records, best of 3
    python bench/rollup.py --units 100 --records 20

The county: a base year file (a town's summary with its targets) and a folder of N unit files,
each with its own name, roster of 10 members and R records inline (dates spread over the year,
types and outputs varying by unit). Both commands read the same base and folder:

  rollup   cppcc-plan rollup --base base.yaml units/ -o 汇总.docx (and -o 汇总.xlsx)
  batch    cppcc-plan batch base.yaml units/ --kind summary -o docs/ (--jobs as given)

each as a whole process (interpreter start included, the same for both), best of --repeat.
"""

import argparse
import datetime
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
TYPES = ["集中学习", "视察", "调研", "委员接待", "工作例会", "联系群众"]
BASE = {
    "unit": {"name": "第1镇", "level": "镇", "body": "政协联络组", "parent_committee": "样本县政协"},
    "year": 2024,
    "targets": [
        {"id": "学习", "name": "委员集中学习", "type": "集中学习", "frequency": "每季度"},
        {"id": "视察", "name": "视察活动", "type": "视察", "count": 6},
        {"id": "提案", "name": "提交提案", "count": 1, "per_member": True,
         "measure": "proposals", "unit": "件"},
        {"id": "信息", "name": "报送社情民意信息", "count": 1, "per_member": True,
         "measure": "info", "unit": "条"}],
    "summary": {
        "preamble": "今年以来，{我单位}政协工作在{党委}的领导下扎实开展。现将全年工作总结如下：",
        "sections": [{"title": "主要工作及成效", "generate": "achievements"},
                     {"title": "存在的不足", "text": "工作中还存在一些不足。",
                      "generate": "shortfalls"}],
        "attachments": [{"table": "targets"}],
        "date": datetime.date(2024, 12, 31)},
}


def unit_file(index: int, records: int) -> dict:
    members = [f"委员{index}_{k}" for k in range(10)]
    rows = []
    for k in range(records):
        kind = TYPES[(index + k) % len(TYPES)]
        row = {"date": datetime.date(2024, k % 12 + 1, 1 + (index + k) % 28), "type": kind,
               "topic": f"{kind}第{k + 1}次", "members": members[k % 10:k % 10 + 1 + k % 4]}
        if kind == "委员接待":
            row.update(problems=1 + k % 5, solved=(1 + k % 5) // 2)
        if k % 5 == 0:
            row.update(proposals=1, filed=1, answered=k % 2)
        if k % 4 == 0:
            row.update(info=1 + k % 2, adopted=k % 2)
        rows.append(row)
    level = "镇" if index % 2 else "街道"
    return {"unit": {"name": f"第{index}{level}", "level": level,
                     "body": "政协联络组" if level == "镇" else "政协工作室"},
            "members": members, "records": rows}


def make_county(folder: Path, units: int, records: int) -> tuple[Path, Path]:
    base = folder / "base.yaml"
    base.write_text(yaml.safe_dump(BASE, allow_unicode=True), encoding="utf-8")
    table = folder / "units"
    table.mkdir()
    for i in range(1, units + 1):
        (table / f"{i:04d}.yaml").write_text(
            yaml.safe_dump(unit_file(i, records), allow_unicode=True), encoding="utf-8")
    return base, table


def best(command: list[str], repeat: int, clean: Path | None = None) -> float:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    times = []
    for _ in range(repeat):
        if clean is not None:
            shutil.rmtree(clean, ignore_errors=True)
        started = time.perf_counter()
        result = subprocess.run(command, env=env, capture_output=True, text=True)
        times.append(time.perf_counter() - started)
        if result.returncode != 0:
            sys.exit(f"failed: {' '.join(command)}\n{result.stderr}")
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--units", type=int, default=500)
    parser.add_argument("--records", type=int, default=50, help="records per unit")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="batch --jobs")
    args = parser.parse_args()
    where = Path("/dev/shm") if Path("/dev/shm").is_dir() else None
    with tempfile.TemporaryDirectory(dir=where) as temp:
        folder = Path(temp)
        started = time.perf_counter()
        base, table = make_county(folder, args.units, args.records)
        print(f"county: {args.units} units × {args.records} records "
              f"(made in {time.perf_counter() - started:.1f} s)")
        cli = [sys.executable, "-m", "cppcc_plan"]
        docx = best(cli + ["rollup", "--base", str(base), str(table), "-o",
                           str(folder / "汇总.docx")], args.repeat)
        xlsx = best(cli + ["rollup", "--base", str(base), str(table), "-o",
                           str(folder / "汇总.xlsx")], args.repeat)
        batch = best(cli + ["batch", str(base), str(table), "--kind", "summary", "-o",
                            str(folder / "docs"), "--jobs", str(args.jobs)], args.repeat,
                     clean=folder / "docs")
        written = len(list((folder / "docs").glob("*.docx")))
    print(f"batch --kind summary --jobs {args.jobs}: {batch:6.2f} s ({written} documents)")
    print(f"rollup -o .docx:                {docx:6.2f} s  ratio {docx / batch:.2f}")
    print(f"rollup -o .xlsx:                {xlsx:6.2f} s  ratio {xlsx / batch:.2f}")


if __name__ == "__main__":
    main()
