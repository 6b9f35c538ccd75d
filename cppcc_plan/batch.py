"""Many units from one base: name every unit's files, render them in worker processes, and
say what became of each.

Two passes over the units table, in the workers, and neither holds the table: the first reads
each unit's name, year and documents (without validating) and keeps, in the parent, only an
8-byte digest of every file name, so that two units that would write the same file are caught
before anything is written, even when they fall in different shards; the second merges,
validates and renders each unit once, and its results stream, in table order, into the
tally, the report and the output folder's journal. A unit that fails is recorded and the
others go on; what stops a batch before it starts is a problem of the files themselves
(exit status 2), never of one unit.

The output folder holds the journal (JOURNAL): which inputs (a content hash) wrote which
files. It is also the folder's lock, so that two batches cannot write one folder at once, and
what `--resume` reads to render only the units whose files are missing or whose inputs
changed. Every document is written atomically; SIGINT and SIGTERM stop the workers at once
(a document being written is removed, never left half-written) and the report still says
what was done; a worker dies with the batch, even after SIGKILL.
"""

import array
import collections
import datetime
import gc
import hashlib
import json
import multiprocessing
import os
import pickle
import re
import signal
import tempfile
import time
import types
import unicodedata
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

from . import __version__
from .api import overlay, override_sources, render_document, year_source
from .errors import CppccError, InputError, Problem, RenderError
from .kinds import KINDS, Kind, choose_kind
from .merge import merge
from .numbering import document_number
from .output import write_atomically, write_document
from .overrides import Override
from .source import Source
from .templating import check_user_dir
from .units import UnitEntry, UnitFile, UnitTable, read_units
from .validate import validate

OK, FAILED, SKIPPED = "ok", "failed", "skipped"
JOURNAL = ".cppcc-plan-batch.jsonl"      # a shard's: .cppcc-plan-batch-2of4.jsonl

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
class UnitResult:
    unit: str
    inputs: tuple[str, ...]
    status: str                        # ok, failed, skipped
    outputs: tuple[str, ...] = ()
    problems: tuple[Problem, ...] = ()
    seconds: float = 0.0
    hash: str = ""                     # of everything the unit's files are made from
    reused: bool = False               # --resume: its files were already there, unchanged


@dataclass(frozen=True)
class Plan:
    base: Source
    table: UnitTable
    overrides: tuple[Override, ...]       # --set, laid over every unit after its row
    kinds: tuple[str | None, ...]         # --kind, in order; (None,) for the default
    out_dir: Path
    shard: Shard | None
    report: Path | None

    @property
    def count(self) -> int:
        """Units of this shard."""
        total = self.table.count
        return total if self.shard is None else len(range(self.shard.index - 1, total,
                                                           self.shard.count))


def prepare(base_path: Path, units_path: Path, kind_names: tuple[str, ...], out_dir: Path,
            shard: Shard | None = None, overrides: tuple[str, ...] = (),
            report: Path | None = None) -> Plan:
    if report is not None:                # a report is never older than the run
        write_atomically(report, report_json(report_head(str(base_path), str(units_path), shard)))
    try:
        base = year_source(base_path)
        if not isinstance(base.data, dict):
            raise InputError([base.problem((), "基础文件的最外层应为键值对（unit:、year:、plan: 等）")])
        return Plan(base, read_units(units_path), override_sources(overrides),
                    tuple(dict.fromkeys(kind_names)) or (None,), out_dir, shard, report)
    except BaseException:
        if report is not None:
            report.unlink(missing_ok=True)
        raise


def unit_source(base: Source, changes: Source, overrides: tuple[Override, ...]) -> Source:
    """A unit's year file: the base, its row of the units table, then --set."""
    return overlay(merge(base, changes), overrides)


def unit_label(data: dict, origin: str) -> str:
    """The unit's name if it has a usable one, else where it stands in the table."""
    unit = data.get("unit")
    name = unit.get("name") if isinstance(unit, dict) else None
    return name.strip() if isinstance(name, str) and name.strip() else origin


def file_name(unit_name: str, year: int, kind: Kind) -> str:
    """北辛街道-2024年工作计划.docx, made safe to write on any system: no folders, nothing
    Windows forbids, no hidden or device names."""
    stem = FORBIDDEN.sub("_", f"{unit_name}-{year}年{kind.label}").strip(" .")
    if stem.split(".")[0].strip().upper() in RESERVED:
        stem = "_" + stem
    return stem + ".docx"


def planned_outputs(data: dict, kind_names: tuple, out_dir: Path) -> tuple[Path, ...] | None:
    """The files a unit will write, read from its merged data without validating it: the
    name and year as the model will read them, the kinds as choose_kind picks them. None when
    they cannot be read; then the unit fails validation when it is rendered."""
    unit = data.get("unit")
    name = unit.get("name") if isinstance(unit, dict) else None
    year = data.get("year")
    if isinstance(year, str) and year.isascii() and year.isdigit():
        year = int(year)
    elif isinstance(year, float) and year.is_integer():
        year = int(year)
    if not (isinstance(name, str) and name.strip() and isinstance(year, int)
            and not isinstance(year, bool)):
        return None
    kinds = planned_kinds(data, kind_names)
    if kinds is None:
        return None
    return tuple(out_dir / file_name(name.strip(), year, kind) for kind in kinds)


def planned_kinds(data: dict, kind_names: tuple) -> list[Kind] | None:
    """The kinds choose_kind picks from a unit's unvalidated data; None when it cannot."""
    present = types.SimpleNamespace(**{kind.key: data.get(kind.key) for kind in KINDS.values()})
    try:
        return [choose_kind(present, kind_name, "") for kind_name in kind_names]
    except InputError:
        return None


# A 发文字号 stands beside the file names in the naming pass, so that two units issuing under
# one number are caught as two units writing one file are; this prefix keeps it apart.
NUMBER_KEY = "发文字号:"


def planned_numbers(data: dict, kind_names: tuple) -> tuple[str, ...]:
    """The 发文字号 (GB/T 9704 7.2.5) of a unit's issued documents, read from its unvalidated
    data: none where they cannot be read (the unit then fails validation when rendered)."""
    numbers = []
    for kind in planned_kinds(data, kind_names) or ():
        document = data.get(kind.key)
        issuance = document.get("issuance") if isinstance(document, dict) else None
        if not isinstance(issuance, dict):
            continue
        code, number = issuance.get("code"), whole_number(issuance.get("number"))
        year = year_of(document.get("date"))
        if isinstance(code, str) and number is not None and year is not None:
            numbers.append(NUMBER_KEY + document_number(code.strip(), year, number))
    return tuple(numbers)


def whole_number(value) -> int | None:
    """A number as validation reads it: an int, or digits from a sheet's cell."""
    if isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
        return int(value.strip())
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def year_of(value) -> int | None:
    """A date's year as validation reads it: a YAML date, or 2024-01-15 from a sheet's cell."""
    if isinstance(value, str):
        try:
            value = datetime.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return value.year if isinstance(value, datetime.date) else None


def issued(plan: Plan) -> bool:
    """Whether the base or a --set gives a chosen kind its issuance: then every unit's file is
    read whole for its 发文字号, not only for its name. (A unit file that alone issues its
    document is not compared with the others.)"""
    base = plan.base.data
    documents = [base.get(kind.key) for kind in planned_kinds(base, plan.kinds) or ()]
    return any(isinstance(d, dict) and "issuance" in d for d in documents) or any(
        "issuance" in override.path for override in plan.overrides)


def name_key(target: Path | str) -> int:
    """Names compared as Windows and macOS compare them, as an 8-byte digest."""
    key = unicodedata.normalize("NFC", str(target)).casefold().encode("utf-8")
    return int.from_bytes(hashlib.blake2b(key, digest_size=8).digest(), "big")


def inputs_digest(plan: Plan, templates: Path | None) -> bytes:
    """What every unit's files are made from besides its own row: the tool, the base (with
    its records and --set), the kinds asked for, the custom templates."""
    digest = hashlib.blake2b(digest_size=16)
    for part in (__version__, plan.base.data, [(o.path, o.value.data) for o in plan.overrides],
                 plan.kinds):
        digest.update(repr(part).encode("utf-8"))
    if templates is not None:
        for path in sorted(p for p in templates.rglob("*") if p.is_file()):
            digest.update(str(path.relative_to(templates)).encode("utf-8") + path.read_bytes())
    return digest.digest()


def unit_hash(shared: bytes, changes: Source) -> str:
    # pickled, not repr'd: a third of the time for a unit file's 20 KB of Chinese text, and
    # the same bytes for the same file read by the same version (the digest holds it)
    return hashlib.blake2b(shared + pickle.dumps(changes.data, protocol=5),
                           digest_size=16).hexdigest()


# --- The parent: passes, tally, report, journal ----------------------------------------------

@dataclass
class Outcome:
    """What the batch did, accumulated as results arrive (nothing a unit held is kept but its
    problems and, when it failed, its name)."""

    counts: dict = field(default_factory=lambda: {OK: 0, FAILED: 0, SKIPPED: 0})
    files: int = 0
    reused: int = 0
    stopped: dict = field(default_factory=dict)      # problem → the units it stopped
    failed: list = field(default_factory=list)
    signal: int = 0                                  # SIGINT, SIGTERM…: the run was stopped
    seconds: float = 0.0

    @property
    def interrupted(self) -> str | None:
        return signal.Signals(self.signal).name if self.signal else None

    def add(self, result: UnitResult) -> None:
        self.counts[result.status] += 1
        self.files += len(result.outputs)
        self.reused += result.reused
        for problem in result.problems:
            self.stopped.setdefault(problem, []).append(result.unit)
        if result.status == FAILED:
            self.failed.append(result.unit)

    @property
    def units(self) -> int:
        return sum(self.counts.values())


class Interrupted(KeyboardInterrupt):
    """SIGTERM or SIGHUP, raised in the parent as Ctrl-C is, so that every signal that asks
    the batch to stop goes through the same cleanup."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


def run(plan: Plan, workers: int, templates: Path | None = None, fail_fast: bool = False,
        progress: Callable[[UnitResult], None] = lambda result: None,
        resume: bool = False) -> Outcome:
    """Render the plan's units in up to `workers` processes; results streamed in table order
    to progress, the report and the journal."""
    check_user_dir(templates)             # before any worker starts: bad usage, not a unit's
    started = time.perf_counter()
    outcome = Outcome()
    report = Report(plan) if plan.report is not None else None
    shared = inputs_digest(plan, templates)
    journal = Journal(plan.out_dir, plan.shard, resume) if plan.out_dir.is_dir() else None
    workers = max(1, min(workers, plan.table.count))
    try:
        with stop_signals(), ProcessPoolExecutor(
                max_workers=workers, initializer=start_worker,
                initargs=(plan, templates, shared, journal.latest if journal else {},
                          fail_fast, os.getpid())) as pool:
            try:
                failures = name_pass(plan, pool, workers, fail_fast)

                def emit(result: UnitResult) -> None:
                    with signals_held():    # the tally, journal and report agree when stopped
                        outcome.add(result)
                        if journal:
                            journal.record(result)
                        if report:
                            report.add(result)
                    progress(result)
                if failures:                  # --fail-fast and a unit failed: render nothing
                    for index, entry in shard_entries(plan):
                        emit(failures.get(index) or skipped(plan, entry))
                else:
                    journal = journal or Journal(plan.out_dir, plan.shard, resume)
                    journal.begin()
                    render_pass(plan, pool, workers, fail_fast, emit)
            except KeyboardInterrupt as stop:
                stop_workers(pool)
                outcome.signal = getattr(stop, "signum", signal.SIGINT)
        check_base(plan, outcome)
    except BaseException:
        if report:
            report.discard()
        raise
    finally:
        if journal:
            journal.close(keep=outcome.files > 0 or resume)
    outcome.seconds = time.perf_counter() - started
    if report:
        report.finish(outcome)
    return outcome


def check_base(plan: Plan, outcome: Outcome) -> None:
    """A problem of the base file that every unit has is the base's, not the units': report
    it once, as bad input, instead of as the failure of every unit."""
    if outcome.interrupted or outcome.counts[FAILED] != outcome.units:
        return
    everywhere = [p for p, units in outcome.stopped.items()
                  if p.file == plan.base.name and len(units) == outcome.units]
    if everywhere:
        raise InputError(sorted(everywhere, key=lambda p: (p.line or 0, p.column or 0, p.message)))


def numbered(plan: Plan) -> Iterator[tuple[int, UnitEntry | UnitFile]]:
    return enumerate(plan.table.entries())


def shard_entries(plan: Plan) -> Iterator[tuple[int, UnitEntry | UnitFile]]:
    return ((i, e) for i, e in numbered(plan) if plan.shard is None or plan.shard.holds(i))


def chunked(items: Iterator, size: int) -> Iterator[list]:
    chunk = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


# Units go to the workers in chunks, several per worker, so that sending tasks costs little
# and the pool stays balanced to the end; a few chunks a worker are in flight at a time, so
# that the parent never holds more than that of the table.
CHUNKS_PER_WORKER = 8
MAX_CHUNK = 16
IN_FLIGHT_PER_WORKER = 3


def chunk_size(count: int, workers: int) -> int:
    return max(1, min(MAX_CHUNK, count // (workers * CHUNKS_PER_WORKER)))


def in_order(pool: ProcessPoolExecutor, function: Callable, chunks: Iterator[list],
             workers: int) -> Iterator[tuple[list, object]]:
    """(chunk, function(chunk)) for every chunk, in order, a bounded number at work."""
    pending = collections.deque()
    for chunk in chunks:
        pending.append((chunk, pool.submit(function, chunk)))
        if len(pending) >= workers * IN_FLIGHT_PER_WORKER:
            chunk, future = pending.popleft()
            yield chunk, future.result()
    while pending:
        chunk, future = pending.popleft()
        yield chunk, future.result()


def name_pass(plan: Plan, pool: ProcessPoolExecutor, workers: int,
              fail_fast: bool) -> dict[int, UnitResult]:
    """Every unit's file names, checked for collisions before anything is written; with
    --fail-fast every unit is validated too, and the units that fail are returned."""
    keys, failures = array.array("Q"), {}
    size = chunk_size(plan.table.count, workers)
    for _, named in in_order(pool, name_units, chunked(numbered(plan), size), workers):
        for index, targets, failure in named:
            keys.extend(name_key(t) for t in targets)
            if failure is not None and (plan.shard is None or plan.shard.holds(index)):
                failures[index] = failure
    keys = sorted(keys)
    repeated = {a for a, b in zip(keys, keys[1:]) if a == b}
    del keys
    if repeated:
        raise InputError(collisions(plan, pool, workers, repeated))
    return failures


def collisions(plan: Plan, pool: ProcessPoolExecutor, workers: int,
               repeated: set[int]) -> list[Problem]:
    """The units whose names collide, found by a second naming pass (the first kept only
    digests): each one after the first, at its row or file."""
    first, problems = {}, []
    size = chunk_size(plan.table.count, workers)
    for chunk, named in in_order(pool, name_units, chunked(numbered(plan), size), workers):
        for (_, entry), (_, targets, _) in zip(chunk, named):
            for target in targets:
                key = name_key(target)
                if key not in repeated:
                    continue
                if key in first:
                    where = entry.source if isinstance(entry, UnitEntry) else \
                        Source(entry.origin, None, positions={(): (1, 1)})
                    problems.append(where.problem((), *collision(first[key], target)))
                else:
                    first[key] = entry.origin
    return problems


def collision(first: str, target: str) -> tuple[str, str]:
    """The message and hint for a unit whose file name or 发文字号 another one has."""
    if target.startswith(NUMBER_KEY):
        return (f"与 {first} 的单位发文字号相同（{target[len(NUMBER_KEY):]}）",
                "在单位表中为每个单位写发文顺序号（列名 plan.issuance.number 或 发文顺序号）")
    return f"与 {first} 的单位生成同名文件 “{Path(target).name}”", "每个单位的 unit.name 应各不相同"


def render_pass(plan: Plan, pool: ProcessPoolExecutor, workers: int, fail_fast: bool,
                emit: Callable[[UnitResult], None]) -> None:
    size = 1 if fail_fast else chunk_size(plan.count, workers)
    chunks = chunked(shard_entries(plan), size)
    pending = collections.deque()
    stopping = False

    def settle() -> bool:
        """The oldest chunk's results (--fail-fast stopping: skipped if it has not started);
        True if a unit failed."""
        chunk, future = pending.popleft()
        if stopping and future.cancel():
            results = [skipped(plan, entry) for _, entry in chunk]
        else:
            results = future.result()
        for result in results:
            emit(result)
        return fail_fast and any(r.status == FAILED for r in results)

    try:
        for chunk in chunks:
            if stopping:
                for _, entry in chunk:
                    emit(skipped(plan, entry))
                continue
            pending.append((chunk, pool.submit(render_units, chunk)))
            if len(pending) >= workers * IN_FLIGHT_PER_WORKER:
                stopping = settle()
        while pending:
            stopping = settle() or stopping
    except KeyboardInterrupt:
        # Stopped: the chunks that were done still count (their files are written)
        stop_workers(pool)
        for _, future in pending:
            if future.done() and not future.cancelled() and future.exception() is None:
                for result in future.result():
                    emit(result)
        raise


def skipped(plan: Plan, entry: UnitEntry | UnitFile) -> UnitResult:
    label = entry.origin if isinstance(entry, UnitFile) else \
        unit_label(unit_source(plan.base, entry.source, plan.overrides).data, entry.origin)
    return UnitResult(label, (plan.base.name, entry.origin), SKIPPED)


class stop_signals:
    """Ctrl-C, SIGTERM and SIGHUP stop the batch alike (SIGTERM's and SIGHUP's default would
    kill the parent without a word and leave its workers to finish their chunks), though not
    while a result is tallied (signals_held)."""

    SIGNALS = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP")
                    if hasattr(signal, name))
    held = False                 # a result is being tallied (signals_held)
    pending = None               # the signal that arrived meanwhile

    def __enter__(self):
        self.previous = {s: signal.signal(s, self.raise_interrupted) for s in self.SIGNALS}

    def __exit__(self, *exc):
        for s, handler in self.previous.items():
            signal.signal(s, handler)

    @classmethod
    def raise_interrupted(cls, signum, frame):
        if cls.held:
            cls.pending = cls.pending or signum
            return
        raise Interrupted(signum)


class signals_held:
    """A stop (Ctrl-C, SIGTERM, SIGHUP) that arrives while a result is tallied takes effect
    after it: one between the count and the report's entry left the two disagreeing."""

    def __enter__(self):
        stop_signals.held = True

    def __exit__(self, *exc):
        stop_signals.held = False
        signum, stop_signals.pending = stop_signals.pending, None
        if signum is not None and exc[0] is None:
            raise Interrupted(signum)


def stop_workers(pool: ProcessPoolExecutor) -> None:
    """At once: cancel what has not started, and end every worker (each removes the document
    it was writing, see stop_worker)."""
    pool.shutdown(wait=False, cancel_futures=True)
    children = multiprocessing.active_children()
    for child in children:
        child.terminate()
    for child in children:
        child.join(5)


class Journal:
    """OUTPUT/.cppcc-plan-batch.jsonl: one line a unit written, its inputs' hash and files.
    Held locked (flock) while the batch runs: a second batch on the folder is refused. A new
    batch starts it afresh; --resume reads it to learn which files are current, and adds to
    it. Each shard has its own, so that the shards of one table may share a folder."""

    def __init__(self, out_dir: Path, shard: Shard | None, resume: bool):
        name = JOURNAL if shard is None else \
            JOURNAL.replace(".jsonl", f"-{shard.index}of{shard.count}.jsonl")
        self.path = out_dir / name
        self.made = not out_dir.exists()
        try:
            out_dir.mkdir(parents=True, exist_ok=True)
            self.existed = self.path.exists()
            self.stream = open(self.path, "a+b")
        except OSError as exc:
            raise RenderError([Problem(str(out_dir), f"无法写入输出目录：{exc.strerror}")]) from None
        self.lock()
        self.resume = resume
        self.latest = self.read() if resume else {}

    def begin(self) -> None:
        """Rendering starts: a batch that is not resumed starts the journal afresh (not
        before, so that a batch refused as a whole leaves the last one's journal)."""
        if not self.resume:
            self.stream.truncate(0)

    def lock(self) -> None:
        try:
            import fcntl
        except ImportError:              # Windows: no lock; the README says so
            return
        try:
            fcntl.flock(self.stream, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            self.stream.close()
            raise RenderError([Problem(str(self.path.parent),
                                       "另一个 cppcc-plan batch 正在写这个输出目录",
                                       hint="请等它结束后再运行，或用 -o 指定另一个目录")]) from None

    def read(self) -> dict[int, str]:
        """Each file's name (as a digest) → the hash of the inputs it was last written from."""
        self.stream.seek(0)
        latest = {}
        for line in self.stream:
            try:
                entry = json.loads(line)
                for output in entry["outputs"]:
                    latest[name_key(output)] = entry["hash"]
            except (ValueError, KeyError, TypeError):
                continue                 # a line cut short by a killed run says nothing
        return latest

    def record(self, result: UnitResult) -> None:
        if result.status == OK and not result.reused:
            self.stream.write(json.dumps({"hash": result.hash, "outputs": list(result.outputs)},
                                         ensure_ascii=False).encode("utf-8") + b"\n")
            self.stream.flush()

    def close(self, keep: bool) -> None:
        """Close (and unlock); a journal of a run that wrote nothing in a folder it made is
        removed again, with the folder, so that a batch refused as a whole leaves no trace."""
        self.stream.close()
        if not keep and not self.existed:
            self.path.unlink(missing_ok=True)
            if self.made:
                try:
                    self.path.parent.rmdir()
                except OSError:
                    pass                 # something else was put there meanwhile


def report_head(base: str, units: str, shard: Shard | None, outcome: "Outcome | None" = None,
                finished: bool = False) -> dict:
    outcome = outcome or Outcome()
    return {"base": base, "units_file": units, "shard": str(shard) if shard else None,
            **outcome.counts, "reused": outcome.reused, "seconds": round(outcome.seconds, 3),
            "finished": finished, "interrupted": outcome.interrupted}


def report_json(head: dict, units: bytes = b"") -> bytes:
    """The head's fields, then the units (JSON objects, comma-separated) as the last one."""
    text = json.dumps({**head, "units": []}, ensure_ascii=False, indent=2)
    return (text.removesuffix("[]\n}") + "[" + units.decode("utf-8") + ("\n  ]" if units else "]")
            + "\n}\n").encode("utf-8")


class Report:
    """--report. When the batch starts, one that says it has not finished (prepare writes
    it), so that a batch killed outright leaves no older report behind; when the batch ends,
    also when it is interrupted, the full one. The units are collected in an unnamed
    temporary file as they finish, so that the parent holds none of them."""

    def __init__(self, plan: Plan):
        self.plan = plan
        self.units = tempfile.TemporaryFile()

    def add(self, result: UnitResult) -> None:
        entry = {"unit": result.unit, "inputs": list(result.inputs),
                 "outputs": list(result.outputs), "status": result.status,
                 "problems": [p.as_json() for p in result.problems],
                 "seconds": round(result.seconds, 3), "hash": result.hash or None,
                 "reused": result.reused}
        # one write: an interrupt between a comma and its entry would leave the JSON broken
        line = b"\n    " + json.dumps(entry, ensure_ascii=False).encode("utf-8")
        self.units.write((b"," if self.units.tell() else b"") + line)

    def finish(self, outcome: Outcome) -> None:
        head = report_head(self.plan.base.name, self.plan.table.name, self.plan.shard, outcome,
                           finished=not outcome.interrupted)
        self.units.seek(0)
        data = report_json(head, self.units.read())
        self.units.close()
        write_atomically(self.plan.report, data)

    def discard(self) -> None:
        """The batch was refused as a whole: no report (not even the one saying it began)."""
        self.units.close()
        self.plan.report.unlink(missing_ok=True)


# --- The workers ------------------------------------------------------------------------------

# What every unit of a batch shares, given to each worker process once when it starts.
_worker: dict = {}


# Seconds a worker asked to stop may take to finish the document it is writing.
STOP_GRACE = 2


def start_worker(plan: Plan, templates: Path | None, shared: bytes, latest: dict[int, str],
                 validate_names: bool, parent: int) -> None:
    # What the worker inherited from the parent is never garbage here: kept out of the
    # collector's reach, it is neither traversed at every full collection nor copied by it
    # page by page (about 7% of a folder batch's CPU time, measured).
    gc.freeze()
    _worker.update(plan=plan, templates=templates, shared=shared, latest=latest,
                   validate_names=validate_names, busy=False)
    signal.signal(signal.SIGINT, signal.SIG_IGN)     # Ctrl-C is the parent's to handle
    signal.signal(signal.SIGTERM, stop_worker)
    die_with(parent)


def die_with(parent: int) -> None:
    """SIGTERM to this worker when the batch's process dies, however it dies (SIGKILL too):
    prctl(PR_SET_PDEATHSIG) on Linux, a watching thread elsewhere."""
    try:
        import ctypes
        libc = ctypes.CDLL(None, use_errno=True)
        if libc.prctl(1, signal.SIGTERM, 0, 0, 0) == 0:      # 1 = PR_SET_PDEATHSIG
            if os.getppid() != parent:                      # it died before the prctl
                os._exit(143)
            return
    except (OSError, AttributeError):
        pass
    import threading

    def watch():
        while os.getppid() == parent:
            time.sleep(0.2)
        os.kill(os.getpid(), signal.SIGTERM)
    threading.Thread(target=watch, daemon=True).start()


def stop_worker(signum, frame):
    """SIGTERM: an idle worker ends now; a busy one finishes the document it is writing (an
    exception raised in the middle of write_atomically could leave its temporary file) and
    ends before the next, or is ended by SIGALRM if that document does not finish in time."""
    if not _worker.get("busy"):
        os._exit(128 + signum)
    _worker["stop"] = signum
    if hasattr(signal, "alarm"):
        signal.alarm(STOP_GRACE)


def stop_if_asked() -> None:
    if _worker.get("stop"):
        os._exit(128 + _worker["stop"])


def as_task(function: Callable, chunk: list) -> list:
    """A task of the pool, marked busy while it runs (see stop_worker)."""
    _worker["busy"] = True
    try:
        return function(chunk)
    finally:
        _worker["busy"] = False
        stop_if_asked()


def name_units(chunk: list) -> list[tuple[int, tuple[str, ...], UnitResult | None]]:
    """First pass: each unit's file names, and (--fail-fast) the units that fail."""
    return as_task(lambda units: [name_unit(*unit) for unit in units], chunk)


def render_units(chunk: list) -> list[UnitResult]:
    """Second pass: each unit rendered and written."""
    return as_task(lambda units: [render_unit(*unit) for unit in units], chunk)


def name_unit(index: int, entry: UnitEntry | UnitFile) -> tuple[int, tuple[str, ...],
                                                               UnitResult | None]:
    plan: Plan = _worker["plan"]
    started = time.perf_counter()
    label = entry.origin
    try:
        if isinstance(entry, UnitFile) and not _worker["validate_names"]:
            # names only: the few values they need, read quickly (render_unit reads it in full)
            # (not for an issued document: its 发文字号 is read from the whole file)
            data = not issued(plan) and entry.naming_data()
            quick = data and planned_outputs(
                unit_source(plan.base, Source(entry.origin, data), plan.overrides).data,
                plan.kinds, plan.out_dir)
            if quick:
                return index, tuple(map(str, quick)), None
        source = unit_source(plan.base, entry.source, plan.overrides)
        label = unit_label(source.data, entry.origin)
        if _worker["validate_names"]:
            outputs = [target for _, target in validated_outputs(plan, validate(source))]
        else:
            outputs = planned_outputs(source.data, plan.kinds, plan.out_dir) or ()
        outputs = [*outputs, *planned_numbers(source.data, plan.kinds)]
    except InputError as error:
        if not _worker["validate_names"]:
            return index, (), None          # it fails again, and is reported, when rendered
        return index, (), UnitResult(label, (plan.base.name, entry.origin), FAILED,
                                     problems=tuple(error.problems),
                                     seconds=time.perf_counter() - started)
    return index, tuple(str(t) for t in outputs), None


def validated_outputs(plan: Plan, year_file) -> list[tuple[Kind, Path]]:
    kinds = [choose_kind(year_file, name, plan.base.name) for name in plan.kinds]
    return [(kind, plan.out_dir / file_name(year_file.unit.name, year_file.year, kind))
            for kind in kinds]


def render_unit(index: int, entry: UnitEntry | UnitFile) -> UnitResult:
    """One unit merged, validated, every kind rendered and written — or why not; with
    --resume, nothing when its files are there and its inputs unchanged."""
    plan: Plan = _worker["plan"]
    started = time.perf_counter()
    inputs = (plan.base.name, entry.origin)
    label, digest, written, problems = entry.origin, "", [], ()
    try:
        changes = entry.source
        source = unit_source(plan.base, changes, plan.overrides)
        label, digest = unit_label(source.data, entry.origin), unit_hash(_worker["shared"], changes)
        planned = planned_outputs(source.data, plan.kinds, plan.out_dir)
        if planned and all(_worker["latest"].get(name_key(t)) == digest and t.is_file()
                           for t in planned):
            return UnitResult(label, inputs, OK, tuple(map(str, planned)), hash=digest,
                              reused=True, seconds=time.perf_counter() - started)
        year_file = validate(source)
        outputs = validated_outputs(plan, year_file)
        if tuple(target for _, target in outputs) != planned:
            # name_pass checked the planned names for collisions: only those may be written
            raise InputError([source.problem(("unit", "name"), "无法在生成前确定这个单位的文件名",
                                             hint="unit.name 应为文本，year 应为四位数字")])
        for kind, target in outputs:
            stop_if_asked()
            write_document(target, render_document(year_file, kind, _worker["templates"]))
            written.append(str(target))
    except CppccError as error:
        problems = tuple(error.problems)
    except Exception as error:            # a bug of ours: this unit fails, the batch goes on
        message = (f"内部错误（{type(error).__name__}: {error}）。"
                   "请把这个单位的数据和这条信息发给维护者。")
        problems = (entry.source.problem((), message) if isinstance(entry, UnitEntry)
                    else Problem(entry.origin, message),)
    return UnitResult(label, inputs, FAILED if problems else OK, tuple(written), problems,
                      time.perf_counter() - started, digest)


# --- What the command says ----------------------------------------------------------------------

def summary(outcome: Outcome, out_dir: Path) -> list[str]:
    """The lines for stderr: each problem once, with the units it stopped, then the tally."""
    lines = [f"错误：{problem}（{unit_list(units)}）" for problem, units in outcome.stopped.items()]
    n = outcome.counts
    tally = f"{outcome.units} 个单位：成功 {n[OK]} 个"
    if outcome.reused:
        tally += f"（其中 {outcome.reused} 个的文件已是最新，未重新生成）"
    if n[FAILED]:
        tally += f"，失败 {n[FAILED]} 个"
    if n[SKIPPED]:
        tally += f"，未生成 {n[SKIPPED]} 个（--fail-fast）"
    lines.append(f"{tally}；共 {outcome.files} 个文件，在 {out_dir}（{outcome.seconds:.1f} 秒）")
    if outcome.failed:
        lines.append("失败的单位：" + unit_list(outcome.failed, 20))
    if outcome.interrupted:
        lines.append(f"已中断（{outcome.interrupted}）：已写出的文件都是完整的；"
                     "用 --resume 再次运行可只生成其余的单位")
    return lines


def unit_list(units: list[str], most: int = 3) -> str:
    return "、".join(units) if len(units) <= most else \
        f"{'、'.join(units[:most])} 等 {len(units)} 个单位"
