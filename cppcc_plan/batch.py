"""Many units from one base: plan every unit's documents, render them in worker processes,
and say what became of each.

Planning is quick and happens here, for every unit of the table (so that two units that would
write the same file are caught even when they fall in different shards): merge, validate,
choose the kinds, name the files. Only rendering, the slow part, goes to the workers. A unit
that fails is recorded and the others go on; what stops a batch before it starts is a problem
of the files themselves (exit status 2), never of one unit.
"""

import json
import re
import time
import unicodedata
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from .api import overlay, override_sources, render_document, year_source
from .errors import CppccError, InputError, Problem
from .kinds import Kind, choose_kind
from .merge import merge
from .model import YearFile
from .output import write_atomically
from .source import Source
from .templating import check_user_dir
from .units import UnitEntry, UnitTable, read_units
from .validate import validate

OK, FAILED, SKIPPED = "ok", "failed", "skipped"

# Characters Windows refuses in file names, and its reserved device names (CON.docx too).
FORBIDDEN = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')
RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"{d}{i}" for d in ("COM", "LPT") for i in range(1, 10))}


@dataclass(frozen=True)
class Shard:
    """The K-th of N slices: units K, K+N, K+2N, … in table order, so N shards hold every
    unit exactly once and a unit stays in its shard however often the batch is run."""

    index: int      # K, from 1
    count: int      # N

    def __str__(self) -> str:
        return f"{self.index}/{self.count}"

    def holds(self, position: int) -> bool:
        return position % self.count == self.index - 1


@dataclass(frozen=True)
class Job:
    """A unit that validated, and the files it will write. The validated model is not kept:
    a worker merges and validates the unit again from the base and the table it was started
    with, so the parent's memory does not grow with the table and no model crosses a pipe."""

    index: int                         # the unit's place in the units table
    unit: str
    inputs: tuple[str, ...]
    outputs: tuple[tuple[Kind, Path], ...]
    seconds: float                     # spent planning it


@dataclass(frozen=True)
class UnitResult:
    unit: str
    inputs: tuple[str, ...]
    status: str                        # ok, failed, skipped
    outputs: tuple[str, ...] = ()
    problems: tuple[Problem, ...] = ()
    seconds: float = 0.0


@dataclass(frozen=True)
class Plan:
    base: Source
    table: UnitTable
    overrides: tuple[Source, ...]         # --set, laid over every unit after its row
    shard: Shard | None
    units: tuple[Job | UnitResult, ...]   # this shard's units in table order; failed ones as results


def prepare(base_path: Path, units_path: Path, kind_names: tuple[str, ...], out_dir: Path,
            shard: Shard | None = None, overrides: tuple[str, ...] = ()) -> Plan:
    base = year_source(base_path)
    if not isinstance(base.data, dict):
        raise InputError([base.problem((), "基础文件的最外层应为键值对（unit:、year:、plan: 等）")])
    table = read_units(units_path)
    sets = override_sources(overrides)
    names = tuple(dict.fromkeys(kind_names)) or (None,)
    units = [plan_unit(unit_source(base, entry, sets), i, entry, base.name, names, out_dir)
             for i, entry in enumerate(table.entries)]
    check_base(units, base)
    check_collisions(units, table.entries)
    chosen = tuple(u for i, u in enumerate(units) if shard is None or shard.holds(i))
    return Plan(base, table, sets, shard, chosen)


def unit_source(base: Source, entry: UnitEntry, overrides: tuple[Source, ...]) -> Source:
    """A unit's year file: the base, its row of the units table, then --set."""
    return overlay(merge(base, entry.source), overrides)


def plan_unit(source: Source, index: int, entry: UnitEntry, base_name: str, kind_names: tuple,
              out_dir: Path) -> Job | UnitResult:
    started = time.perf_counter()
    inputs = (base_name, entry.origin)
    try:
        year_file = validate(source)
        kinds = [choose_kind(year_file, name, base_name) for name in kind_names]
    except InputError as error:
        return UnitResult(unit_label(source.data, entry), inputs, FAILED,
                          problems=tuple(error.problems),
                          seconds=time.perf_counter() - started)
    outputs = tuple((kind, out_dir / file_name(year_file, kind)) for kind in kinds)
    return Job(index, year_file.unit.name, inputs, outputs, time.perf_counter() - started)


def unit_label(data: dict, entry: UnitEntry) -> str:
    """The unit's name if it has a usable one, else where it stands in the table."""
    unit = data.get("unit")
    name = unit.get("name") if isinstance(unit, dict) else None
    return name.strip() if isinstance(name, str) and name.strip() else entry.origin


def file_name(year_file: YearFile, kind: Kind) -> str:
    """北辛街道-2024年工作计划.docx, made safe to write on any system: no folders, nothing
    Windows forbids, no hidden or device names."""
    stem = FORBIDDEN.sub("_", f"{year_file.unit.name}-{year_file.year}年{kind.label}").strip(" .")
    if stem.split(".")[0].strip().upper() in RESERVED:
        stem = "_" + stem
    return stem + ".docx"


def check_base(units: list, base: Source) -> None:
    """A problem of the base file that every unit has is the base's, not the units': report
    it once, as bad input, instead of as the failure of every unit."""
    if not all(isinstance(u, UnitResult) for u in units):
        return
    shared = set.intersection(*({p for p in u.problems if p.file == base.name} for u in units))
    if shared:
        raise InputError(sorted(shared, key=lambda p: (p.line or 0, p.column or 0, p.message)))


def check_collisions(units: list, entries: tuple[UnitEntry, ...]) -> None:
    """Two units must not write the same file (compared as Windows and macOS compare names)."""
    first, problems = {}, []
    for unit, entry in zip(units, entries):
        if not isinstance(unit, Job):
            continue
        for _, target in unit.outputs:
            key = unicodedata.normalize("NFC", str(target)).casefold()
            if key in first:
                problems.append(entry.source.problem(
                    (), f"与 {first[key]} 的单位生成同名文件 “{target.name}”",
                    hint="每个单位的 unit.name 应各不相同"))
            else:
                first[key] = entry.origin
    if problems:
        raise InputError(problems)


def run(plan: Plan, workers: int, templates: Path | None = None, fail_fast: bool = False,
        progress: Callable[[UnitResult], None] = lambda result: None) -> tuple[UnitResult, ...]:
    """Render the plan's units in up to `workers` processes; results in table order."""
    check_user_dir(templates)             # before any worker starts: bad usage, not a unit's
    results = {i: u for i, u in enumerate(plan.units) if isinstance(u, UnitResult)}
    for result in results.values():
        progress(result)
    jobs = {i: u for i, u in enumerate(plan.units) if isinstance(u, Job)}
    if jobs and not (fail_fast and results):
        results.update(render_all(plan, jobs, workers, templates, fail_fast, progress))
    return tuple(results.get(i) or skipped(job) for i, job in enumerate(plan.units))


# Units go to the workers in chunks, several per worker, so that sending tasks costs little
# and the pool stays balanced to the end.
CHUNKS_PER_WORKER = 8


def render_all(plan: Plan, jobs: dict[int, Job], workers: int, templates: Path | None,
               fail_fast: bool, progress: Callable[[UnitResult], None]) -> dict[int, UnitResult]:
    workers = min(workers, len(jobs))
    order = list(jobs)
    size = 1 if fail_fast else max(1, len(order) // (workers * CHUNKS_PER_WORKER))
    chunks = [order[k:k + size] for k in range(0, len(order), size)]
    results = {}
    with ProcessPoolExecutor(max_workers=workers, initializer=start_worker,
                             initargs=(plan.base, plan.table.entries, plan.overrides,
                                       templates)) as pool:
        futures = {pool.submit(render_units, [jobs[i] for i in chunk]): chunk
                   for chunk in chunks}
        for future in as_completed(futures):
            for i, result in zip(futures[future], future.result()):
                results[i] = result
                progress(result)
            if fail_fast and any(results[i].status == FAILED for i in futures[future]):
                for other in futures:
                    other.cancel()
                break
    # Units already running when --fail-fast stopped the batch finished; keep what they did.
    for future, chunk in futures.items():
        if not future.cancelled() and chunk[0] not in results:
            results.update(zip(chunk, future.result()))
    return results


# What every unit of a batch shares, given to each worker process once when it starts.
_worker: dict = {}


def start_worker(base: Source, entries: tuple[UnitEntry, ...], overrides: tuple[Source, ...],
                 templates: Path | None) -> None:
    _worker.update(base=base, entries=entries, overrides=overrides, templates=templates)


def render_units(chunk: list[Job]) -> list[UnitResult]:
    return [render_unit(job) for job in chunk]


def render_unit(job: Job) -> UnitResult:
    """One unit in a worker process: every kind rendered and written, or why not."""
    started = time.perf_counter()
    written, problems = [], ()
    try:
        year_file = validate(unit_source(_worker["base"], _worker["entries"][job.index],
                                         _worker["overrides"]))
        for kind, target in job.outputs:
            write_atomically(target, render_document(year_file, kind, _worker["templates"]))
            written.append(str(target))
    except CppccError as error:
        problems = tuple(error.problems)
    return UnitResult(job.unit, job.inputs, FAILED if problems else OK, tuple(written), problems,
                      job.seconds + time.perf_counter() - started)


def skipped(job: Job) -> UnitResult:
    return UnitResult(job.unit, job.inputs, SKIPPED)


def report_json(plan: Plan, results: tuple[UnitResult, ...], seconds: float) -> bytes:
    """--report: what a CI job keeps beside the documents."""
    report = {
        "base": plan.base.name,
        "units_file": plan.table.name,
        "shard": str(plan.shard) if plan.shard else None,
        **counts(results),
        "seconds": round(seconds, 3),
        "units": [{"unit": r.unit, "inputs": list(r.inputs), "outputs": list(r.outputs),
                   "status": r.status,
                   "problems": [p.as_json() for p in r.problems],
                   "seconds": round(r.seconds, 3)} for r in results],
    }
    return (json.dumps(report, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def counts(results: tuple[UnitResult, ...]) -> dict[str, int]:
    return {status: sum(r.status == status for r in results) for status in (OK, FAILED, SKIPPED)}


def summary(results: tuple[UnitResult, ...], out_dir: Path, seconds: float) -> list[str]:
    """The lines for stderr: each problem once, with the units it stopped, then the tally."""
    stopped: dict[Problem, list[str]] = {}
    for result in results:
        for problem in result.problems:
            stopped.setdefault(problem, []).append(result.unit)
    lines = [f"错误：{problem}（{unit_list(units)}）" for problem, units in stopped.items()]
    n = counts(results)
    files = sum(len(r.outputs) for r in results)
    tally = f"{len(results)} 个单位：成功 {n[OK]} 个"
    if n[FAILED]:
        tally += f"，失败 {n[FAILED]} 个"
    if n[SKIPPED]:
        tally += f"，未生成 {n[SKIPPED]} 个（--fail-fast）"
    lines.append(f"{tally}；共 {files} 个文件，在 {out_dir}（{seconds:.1f} 秒）")
    failed = [r.unit for r in results if r.status == FAILED]
    if failed:
        lines.append("失败的单位：" + "、".join(failed))
    return lines


def unit_list(units: list[str]) -> str:
    return "、".join(units) if len(units) <= 3 else f"{'、'.join(units[:3])} 等 {len(units)} 个单位"
