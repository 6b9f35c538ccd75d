"""What the fixes proposed in bench/README.md would give, measured by monkeypatching the
project in this process only. cppcc_plan/ is not changed; nothing here is used by the project
or by bench.py. Written against the code as of the benchmark's commit: once the fixes land (or
the code moves on) this file has done its job and should be deleted, not maintained.

    python bench/prototype_fixes.py              # 500 and 50 units, best of 3
    python bench/prototype_fixes.py --units 200

Variants, each run in a fresh process like bench.py's project runs:
  current   batch.prepare + batch.run as they are.
  worker    the rendering in each worker made cheaper, same bytes out:
            (1) Jinja environment with auto_reload=False (no os.stat of every template
                file at every {% include %}: 23 stats a document);
            (2) ooxml.text() with str.translate instead of a per-character generator;
            (3) write_docx deflating the nine fixed package members once per process and
                copying their compressed bytes, deflating only document.xml and core.xml.
  batch     the parent keeps no validated model: planning validates each unit, keeps its
            file names and drops the model; workers get the base and the units table once
            (initializer) and chunks of unit indices, and merge and validate again before
            rendering. (No YearFile pickled per task; parent memory flat in the unit count.)
  both      worker + batch.

Every variant's documents are compared with current's: byte for byte.
"""

import argparse
import datetime
import io
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
import zlib
from concurrent.futures import ProcessPoolExecutor
from functools import lru_cache
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(ROOT), str(HERE)]

from cppcc_plan import api, batch, ooxml, templating, writer  # noqa: E402
from cppcc_plan.merge import merge  # noqa: E402
from cppcc_plan.validate import validate  # noqa: E402

import bench  # noqa: E402

VARIANTS = ("current", "worker", "batch", "both")


# --- worker-side changes ----------------------------------------------------------------

@lru_cache(maxsize=32)
def environment(kind, user_dir):
    from jinja2 import FileSystemLoader, StrictUndefined
    from jinja2.sandbox import ImmutableSandboxedEnvironment
    return ImmutableSandboxedEnvironment(
        loader=FileSystemLoader([str(d) for d in templating.template_dirs(kind, user_dir)]),
        undefined=StrictUndefined, finalize=templating.printable, autoescape=False,
        trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
        auto_reload=False)


CONTROL = {c: None for c in range(32) if c != 9}


def text(value):
    return ooxml.escape(value.translate(CONTROL))


@lru_cache(maxsize=1)
def deflated_members():
    members = []
    for name, data in writer.package().members:
        if name in (writer.DOCUMENT_PART, writer.CORE_PART):
            members.append((name, None, 0, 0))
        else:
            compressor = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -15)
            deflated = compressor.compress(data) + compressor.flush()
            members.append((name, deflated, zlib.crc32(data), len(data)))
    return members


def write_docx(blocks, info):
    stamp = datetime.datetime.combine(info.date, datetime.time(), datetime.timezone.utc)
    date_time = writer.zip_time(stamp)
    own = {writer.DOCUMENT_PART: ooxml.document_xml(writer.body_xml(blocks)).encode("utf-8"),
           writer.CORE_PART: writer.core_xml(info, stamp)}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, deflated, crc, size in deflated_members():
            member = zipfile.ZipInfo(name, date_time=date_time)
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = 0o644 << 16
            if deflated is None:
                archive.writestr(member, own[name])
                continue
            # A hand-written zip writer would do this without zipfile's internals.
            member.CRC, member.file_size, member.compress_size = crc, size, len(deflated)
            member.header_offset = buffer.tell()
            buffer.write(member.FileHeader(False))
            buffer.write(deflated)
            archive.filelist.append(member)
            archive.NameToInfo[name] = member
            archive.start_dir = buffer.tell()
    return buffer.getvalue()


def patch_worker():
    templating.environment = environment
    ooxml.text = text
    api.write_docx = write_docx


# --- batch-side change ------------------------------------------------------------------

_base = _entries = None


def _init(base, entries):
    global _base, _entries
    _base, _entries = base, entries


def _render_chunk(indices, outputs):
    done = []
    for i, targets in zip(indices, outputs):
        year_file = validate(merge(_base, _entries[i].source))
        for kind, target in targets:
            batch.write_atomically(target, api.render_document(year_file, kind, None))
        done.append(i)
    return done


def lean_batch(base_path: Path, units_path: Path, out_dir: Path, workers: int) -> int:
    base = batch.load_source(base_path)
    table = batch.read_units(units_path)
    outputs = []
    for entry in table.entries:                 # plan: validate, keep the names, drop the model
        year_file = validate(merge(base, entry.source))
        kind = batch.choose_kind(year_file, None, base.name)
        outputs.append(((kind, out_dir / batch.file_name(year_file, kind)),))
    indices = list(range(len(outputs)))
    size = max(1, len(indices) // (workers * 8))
    chunks = [indices[k:k + size] for k in range(0, len(indices), size)]
    with ProcessPoolExecutor(workers, initializer=_init, initargs=(base, table.entries)) as pool:
        return sum(len(done) for done in pool.map(
            _render_chunk, chunks, [[outputs[i] for i in chunk] for chunk in chunks]))


def child(variant: str, units: str, out: str, jobs: int) -> None:
    if variant in ("worker", "both"):
        patch_worker()
    started = time.perf_counter()
    if variant in ("batch", "both"):
        written = lean_batch(bench.BASE, Path(units), Path(out), jobs)
    else:
        results = batch.run(batch.prepare(bench.BASE, Path(units), (), Path(out)), jobs)
        written = sum(len(r.outputs) for r in results)
    seconds = time.perf_counter() - started
    print(json.dumps({"seconds": seconds, "written": written, "rss_kib": max(
        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)}))


def run(variant: str, units: Path, out: Path, jobs: int) -> dict:
    shutil.rmtree(out, ignore_errors=True)
    result = subprocess.run([sys.executable, __file__, "--child", variant, str(units), str(out),
                             str(jobs)], capture_output=True, text=True, check=True,
                            env=bench.ENV)
    return json.loads(result.stdout)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--units", type=int, default=500)
    parser.add_argument("--small", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--child", nargs=4, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        variant, units, out, jobs = args.child
        return child(variant, units, out, int(jobs))
    work = Path(tempfile.mkdtemp(prefix="cppcc-proto-",
                                 dir=bench.SHM if bench.SHM.is_dir() else None))
    try:
        units, small = bench.make_units(work, args.units), bench.make_units(work, args.small)
        best = {}
        for _ in range(args.repeat):
            for variant in VARIANTS:
                for jobs in (1, 2):
                    figures = run(variant, units, work / f"{variant}-{jobs}", jobs)
                    key = (variant, jobs)
                    best[key] = min(best.get(key, figures), figures, key=lambda f: f["seconds"])
        print(f"{args.units} units, best of {args.repeat}; RSS ratio {args.units}/{args.small} "
              "units at --jobs 2")
        print(f"{'variant':<9}{'--jobs 1':>10}{'--jobs 2':>10}{'j2/j1':>8}{'RSS ratio':>11}"
              f"{'same bytes':>12}")
        reference = sorted((work / "current-1").iterdir())
        for variant in VARIANTS:
            j1, j2 = best[(variant, 1)], best[(variant, 2)]
            big = run(variant, units, work / "rss", 2)["rss_kib"]
            little = run(variant, small, work / "rss", 2)["rss_kib"]
            mine = sorted((work / f"{variant}-1").iterdir())
            same = [p.name for p in mine] == [p.name for p in reference] and all(
                a.read_bytes() == b.read_bytes() for a, b in zip(mine, reference))
            print(f"{variant:<9}{args.units / j1['seconds']:>8.0f}/s{args.units / j2['seconds']:>8.0f}/s"
                  f"{j1['seconds'] / j2['seconds']:>7.2f}×{big / little:>10.2f}×"
                  f"{'yes' if same else 'NO':>12}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
