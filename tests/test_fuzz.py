"""Mutated year files, records sheets and units tables, run through the real entry point: every
case ends in exit 0 with a .docx that passes validate_xsd.py, or in exit 2 with messages that
name the file — never exit 1, never "内部错误", never a traceback, never a partial file.

2,000 cases by default, the same ones every run (derandomized). CPPCC_FUZZ_SCALE=N runs N times
as many, on a fresh random seed each run (the README gives a campaign's figures).
"""

import contextlib
import copy
import datetime
import io
import os
import re
import shutil
import tempfile
import zipfile
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from conftest import EXAMPLES, VALIDATE_XSD, cli, shared_tool

from cppcc_plan.api import render_document
from cppcc_plan.errors import InputError
from cppcc_plan.kinds import choose_kind
from cppcc_plan.merge import merge
from cppcc_plan.source import load_source
from cppcc_plan.units import read_units
from cppcc_plan.validate import validate

SCALE = int(os.environ.get("CPPCC_FUZZ_SCALE", "1") or 1)
YEAR_CASES, RECORDS_CASES, UNITS_CASES, BATCH_CASES = 1200, 400, 380, 20
YEAR_FILES = sorted(p for p in EXAMPLES.glob("*.yaml"))
RECORDS_YEAR = EXAMPLES / "street-summary.yaml"
RECORDS_SHEET = EXAMPLES / "street-summary.records.csv"
BASE = EXAMPLES / "county-batch" / "base.yaml"
UNITS_CSV = EXAMPLES / "county-batch" / "units.csv"
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)     # only to make the cases fast
SAFE_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)

# What breaks parsers, encoders and the markup: YAML indicators, line ends of every system,
# characters XML forbids, private use (the markup's own escape among them), the markup's
# brackets, Jinja's braces, XML's specials, Extension B, a BOM and a line separator.
NASTY = ["【", "】", "【正文】", "【一级标题】", "\ue000", "\ue000e", "\uf8ff", "{{ x }}", "{%",
         "{单位}", "{未知}", "&<>\"'", "\U00020000", "\U0002a6d6", "\ufeff", "\u2028", "\x85",
         "\x1e", "\x00", "\x0b", "\ufffe", "\t", "\r", "\n", "\r\n", ": ", "- ", "#", "&a ",
         "*a", "!!python/object:os.system", "!!binary", "<<: ", "---", "...", "|", ">-", '"',
         "'", "\\", "[", "]", "{", "}", ",", "?", "%", "@", "`", "~", "null", "2024-13-45",
         "0x1F", "1e400", "-1", "  ", "一二三", "政协", "，；：", "(中)", " " * 300]
ENCODINGS = ["utf-8"] * 8 + ["utf-8-sig", "utf-16", "utf-16-le", "utf-16-be",
             "utf-32", "utf-32-be", "gbk", "gb18030", "shift_jis", "cp500", "latin-1",
             "big5"]
LINE_ENDS = ["\n", "\n", "\r\n", "\r"]

nasty_text = st.lists(st.one_of(st.sampled_from(NASTY), st.text(max_size=8)),
                      max_size=6).map("".join)
scalars = st.one_of(nasty_text, st.integers(min_value=-10**20, max_value=10**20),
                    st.booleans(), st.none(), st.floats(allow_nan=True),
                    st.dates(min_value=datetime.date(1, 1, 1)),
                    st.sampled_from([2024, "2024", "2024-01-15", "街道", "镇", "乡", "县", "区",
                                     "plan", "activities", "standard", "compact", "每月"]))
values = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(nasty_text, inner, max_size=4)), max_leaves=6)


def paths_of(node, path=()):
    yield path
    if isinstance(node, dict):
        for key, value in node.items():
            yield from paths_of(value, path + (key,))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from paths_of(value, path + (i,))


def mutate_data(data, draw):
    """One structural change at a random place: replace, delete, add a key, repeat an item."""
    paths = list(paths_of(data))
    path = paths[draw(st.integers(0, len(paths) - 1))]
    if not path:
        return draw(values) if draw(st.integers(0, 9)) == 0 else data
    parent = data
    for part in path[:-1]:
        parent = parent[part]
    last = path[-1]
    action = draw(st.sampled_from(["replace", "replace", "delete", "add", "repeat"]))
    if isinstance(parent[last], str) and draw(st.integers(0, 3)):
        parent[last] = draw(nasty_text)            # mostly text for text: documents result
    elif action == "replace":
        parent[last] = draw(values)
    elif action == "delete":
        del parent[last]
    elif action == "add" and isinstance(parent[last], dict):
        parent[last][draw(nasty_text)] = draw(values)
    elif action == "repeat" and isinstance(parent, list):
        parent.extend([parent[last]] * draw(st.integers(1, 3)))
    return data


def mutate_text(text, draw):
    """A few edits of the text itself: insert, delete or replace a stretch."""
    for _ in range(draw(st.integers(1, 3))):
        at = draw(st.integers(0, len(text)))
        end = min(len(text), at + draw(st.integers(0, 40)))
        action = draw(st.sampled_from(["insert", "delete", "replace"]))
        piece = "" if action == "delete" else draw(nasty_text)
        text = text[:at] + piece + (text[at:] if action == "insert" else text[end:])
    return text


def encode(text, draw) -> bytes:
    end = draw(st.sampled_from(LINE_ENDS))
    text = text.replace("\r\n", "\n").replace("\n", end) if end != "\n" else text
    codec = draw(st.sampled_from(ENCODINGS))
    return text.encode(codec, errors="surrogatepass" if codec.startswith("utf") else "replace")


TEXTS = {path: path.read_text(encoding="utf-8") for path in YEAR_FILES}
DATA = {path: yaml.load(text, Loader=SAFE_LOADER) for path, text in TEXTS.items()}


@st.composite
def year_file_bytes(draw, example: Path):
    text = TEXTS[example]
    how = draw(st.sampled_from(["data", "data", "text", "both"]))
    if how in ("data", "both"):
        data = mutate_data(copy.deepcopy(DATA[example]), draw)
        text = yaml.dump(data, Dumper=SAFE_DUMPER, allow_unicode=True, sort_keys=False,
                         width=10**6)
    if how in ("text", "both"):
        text = mutate_text(text, draw)
    return encode(text, draw)


@st.composite
def sheet_bytes(draw, sheet: Path, rows_kept: int):
    """The header and first rows of a CSV table with cells, columns or rows changed, or its
    text edited."""
    rows = [line.split(",") for line in SHEETS[sheet].splitlines()[:rows_kept + 1]]
    for _ in range(draw(st.integers(1, 4))):
        r = draw(st.integers(0, len(rows) - 1))
        c = draw(st.integers(0, len(rows[r])))
        action = draw(st.sampled_from(["cell"] * 4 + ["add column", "drop row", "header"]))
        cell = draw(nasty_text).replace(",", "，")
        if action == "cell" and c < len(rows[r]):
            rows[r][c] = cell if draw(st.booleans()) else '"' + cell.replace('"', '""') + '"'
        elif action == "add column":
            rows[r].insert(c, cell)
        elif action == "drop row" and len(rows) > 2:
            del rows[r]
        elif action == "header" and c < len(rows[0]):
            rows[0][c] = draw(st.sampled_from(["unit.name", "unit.level", "plan.date", "单位名称",
                                               "层级", "日期", "类型", "内容", "unit", "plan.x",
                                               "", cell]))
    text = "\n".join(",".join(row) for row in rows) + "\n"
    if draw(st.integers(0, 4)) == 0:
        text = mutate_text(text, draw)
    return encode(text, draw)


SHEETS = {path: path.read_text(encoding="utf-8-sig") for path in (RECORDS_SHEET, UNITS_CSV)}
ERROR_LINE = re.compile(r"^错误：(.+?)(?::\d+(?::\d+)?)?: ")


class Outcomes:
    """What the cases gave, and every document written, for one validate_xsd run at the end."""

    def __init__(self, folder: Path):
        self.folder, self.documents, self.counts = folder, [], {0: 0, 2: 0}

    def check(self, result, out: Path, inputs: tuple[Path, ...]) -> None:
        text = result.stderr + result.stdout
        assert "内部错误" not in text and "Traceback" not in text, text
        assert result.exit_code in (0, 2), (result.exit_code, text)
        self.counts[result.exit_code] += 1
        leftovers = [p.name for p in out.parent.iterdir() if p != out]
        assert leftovers == [], leftovers
        if result.exit_code == 2:
            assert not out.exists()
            errors = [line for line in result.stderr.splitlines() if line.startswith("错误：")]
            assert errors, result.stderr
            for line in errors:
                match = ERROR_LINE.match(line)
                assert match and any(match.group(1).startswith(str(p)) for p in inputs), line
            return
        self.keep(out.read_bytes())

    def keep(self, document: bytes) -> None:
        with zipfile.ZipFile(io.BytesIO(document)) as archive:
            etree.fromstring(archive.read("word/document.xml"))    # well-formed, at once
        kept = self.folder / f"{len(self.documents)}.docx"
        kept.write_bytes(document)
        self.documents.append(kept)

    def validate_all(self) -> None:
        for start in range(0, len(self.documents), 500):
            checked = shared_tool(VALIDATE_XSD, *map(str, self.documents[start:start + 500]))
            assert checked.returncode == 0, checked.stdout[-3000:]


def fuzz_settings(cases: int):
    campaign = SCALE > 1
    return settings(max_examples=cases * SCALE, deadline=None, database=None,
                    derandomize=not campaign, print_blob=True,
                    suppress_health_check=list(HealthCheck))


@pytest.fixture
def outcomes(tmp_path):
    kept = tmp_path / "kept"
    kept.mkdir()
    found = Outcomes(kept)
    yield found
    found.validate_all()
    print(f"\nfuzz: {found.counts[0]} documents, {found.counts[2]} refusals")


@contextlib.contextmanager
def work_folder():
    """A fresh folder for one case, removed after it (hypothesis runs cases in one test)."""
    with tempfile.TemporaryDirectory(prefix="cppcc-fuzz-") as name:
        yield Path(name)


def test_mutated_year_files(outcomes):
    @fuzz_settings(YEAR_CASES)
    @given(st.data())
    def case(data):
        example = data.draw(st.sampled_from(YEAR_FILES))
        raw = data.draw(year_file_bytes(example))
        with work_folder() as folder:
            year = folder / "plan.yaml"
            year.write_bytes(raw)
            out = folder / "out" / "plan.docx"
            out.parent.mkdir()
            outcomes.check(cli("render", str(year), "-o", str(out)), out, (year,))
    case()
    assert outcomes.counts[0] > 0 and outcomes.counts[2] > 0


def test_mutated_records_sheets(outcomes):
    @fuzz_settings(RECORDS_CASES)
    @given(st.data())
    def case(data):
        raw = data.draw(sheet_bytes(RECORDS_SHEET, 40))
        with work_folder() as folder:
            year = folder / "year.yaml"
            shutil.copy(RECORDS_YEAR, year)
            sheet = folder / "year.records.csv"
            sheet.write_bytes(raw)
            out = folder / "out" / "summary.docx"
            out.parent.mkdir()
            result = cli("render", str(year), "--kind", "summary", "-o", str(out))
            outcomes.check(result, out, (year, sheet))
    case()
    assert outcomes.counts[0] > 0 and outcomes.counts[2] > 0


def test_mutated_units_tables(outcomes):
    """Each unit of a mutated table through the batch's own steps, in this process: read the
    table, lay the row over the base, validate, render. Only bad input may stop a unit."""
    base = load_source(BASE)

    @fuzz_settings(UNITS_CASES)
    @given(st.data())
    def case(data):
        raw = data.draw(sheet_bytes(UNITS_CSV, 3))
        with work_folder() as folder:
            table = folder / "units.csv"
            table.write_bytes(raw)
            try:
                entries = list(read_units(table).entries())
            except InputError as error:
                assert all(p.file.startswith(str(table)) for p in error.problems)
                outcomes.counts[2] += 1
                return
            for entry in entries:
                try:
                    year_file = validate(merge(base, entry.source))
                    document = render_document(year_file, choose_kind(year_file, None, ""))
                except InputError as error:
                    assert all(p.file.startswith((str(table), str(BASE)))
                               for p in error.problems), error.problems
                    outcomes.counts[2] += 1
                else:
                    outcomes.counts[0] += 1
                    outcomes.keep(document)
    case()
    assert outcomes.counts[0] > 0 and outcomes.counts[2] > 0


def test_mutated_units_tables_through_batch(outcomes):
    """A few through the real `batch` command (its worker processes make each case slow)."""
    @fuzz_settings(BATCH_CASES)
    @given(st.data())
    def case(data):
        raw = data.draw(sheet_bytes(UNITS_CSV, 3))
        with work_folder() as folder:
            table = folder / "units.csv"
            table.write_bytes(raw)
            out = folder / "out"
            result = cli("batch", str(BASE), str(table), "-o", str(out), "--jobs", "1")
            text = result.stderr + result.stdout
            assert "内部错误" not in text and "Traceback" not in text, text
            assert result.exit_code in (0, 1, 2), text     # 1: some units failed, said so
            if result.exit_code == 1:
                assert "失败的单位" in result.stderr
            for written in (out.iterdir() if out.exists() else ()):
                if written.name.startswith(".cppcc-plan"):
                    continue                               # the batch's own record of its run
                assert written.suffix == ".docx", written
                outcomes.keep(written.read_bytes())
            outcomes.counts[0 if result.exit_code == 0 else 2] += 1
    case()
