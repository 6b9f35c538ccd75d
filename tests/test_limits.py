"""Every input limit (cppcc_plan/limits.py): a file past it is refused with a message naming the
limit, exit 2 and no document; a file at it still works where that is cheap to show.

Speed is not measured here (the README gives the measured times, each well under a second): the
CPU budget below is ten times those, a guard that the limit is checked before the bomb is built,
not after — a check that came too late would take minutes or exhaust memory."""

import time
import zipfile
from pathlib import Path

import pytest

from conftest import EXAMPLES, DocxReader, cli

from cppcc_plan import limits
from cppcc_plan.prose import full_width

STREET = EXAMPLES / "street-plan.yaml"
GOOD = STREET.read_text(encoding="utf-8")
BASE = EXAMPLES / "county-batch" / "base.yaml"


HANG_GUARD_SECONDS = 10


def refused(tmp_path: Path, *args: str, seconds: float = HANG_GUARD_SECONDS) -> str:
    out = tmp_path / "out" / "result.docx"
    started = time.process_time()
    result = cli(*args, "-o", str(out))
    took = time.process_time() - started
    assert result.exit_code == 2, result.stderr
    assert "内部错误" not in result.stderr and "Traceback" not in result.stderr
    assert not out.exists() and not list(out.parent.glob("*") if out.parent.exists() else [])
    assert took < seconds, f"took {took:.2f} s"
    return result.stderr


def year(tmp_path: Path, text: str, name: str = "plan.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_file_size(tmp_path):
    path = tmp_path / "plan.yaml"
    path.write_bytes(GOOD.encode("utf-8") + b"#" * limits.MAX_FILE_BYTES)
    assert f"{path}: 文件超过 8 MB" in refused(tmp_path, "render", str(path))


@pytest.mark.parametrize("reported", [0, 100])
def test_a_file_whose_size_is_not_what_it_holds_is_read_whole(tmp_path, monkeypatch, reported):
    """A file is read in one read of the size stat gives: one that says 0 (/proc, a pipe) or
    grew since is read on, to the limit, and what is past the limit is still refused."""
    from cppcc_plan import source
    real_fstat = source.os.fstat
    monkeypatch.setattr(source.os, "fstat", lambda fd: type("Stat", (), {
        "st_size": min(reported, real_fstat(fd).st_size)})())
    path = year(tmp_path, GOOD)
    assert source.read_bytes(path, "plan.yaml") == path.read_bytes()
    path.write_bytes(b"#" * (limits.MAX_FILE_BYTES + 1))
    with pytest.raises(source.InputError, match="文件超过 8 MB"):
        source.read_bytes(path, "plan.yaml")


def test_file_size_on_standard_input(tmp_path):
    out = tmp_path / "out.docx"
    result = cli("render", "-", "-o", str(out), stdin=b"#" * (limits.MAX_FILE_BYTES + 1))
    assert result.exit_code == 2 and "文件超过 8 MB" in result.stderr and not out.exists()


@pytest.mark.parametrize("nesting", ["flow", "block"])
def test_nesting_depth(tmp_path, nesting):
    deep = 10_000 if nesting == "flow" else 400
    text = ("x: " + "[" * deep + "]" * deep + "\n" if nesting == "flow"
            else "".join("  " * i + "k:\n" for i in range(deep)))
    err = refused(tmp_path, "render", str(year(tmp_path, text)))
    assert f"嵌套超过 {limits.MAX_DEPTH} 层" in err
    assert f"plan.yaml:{1 if nesting == 'flow' else limits.MAX_DEPTH + 1}:" in err


def test_number_of_values(tmp_path):
    text = GOOD + "members: [" + ", ".join(["委员"] * (limits.MAX_NODES + 10)) + "]\n"
    err = refused(tmp_path, "render", str(year(tmp_path, text)))
    assert f"文件的内容超过 {limits.MAX_NODES} 项" in err and "别名" not in err


def test_number_of_aliases(tmp_path):
    text = GOOD + "x: &a 1\ny: [" + ", ".join(["*a"] * (limits.MAX_ALIASES + 1)) + "]\n"
    assert f"别名（*引用）超过 {limits.MAX_ALIASES} 处" in refused(
        tmp_path, "render", str(year(tmp_path, text)))


@pytest.mark.parametrize("text", ["x: &a [*a]\n", "x: &a {b: *a}\n", "x: &a {<<: *a}\n",
                                  "x: &a [1, [2, {c: *a}]]\n"])
def test_alias_inside_its_own_anchor(tmp_path, text):
    err = refused(tmp_path, "render", str(year(tmp_path, GOOD + text)))
    assert "别名 *a 用在了它所引用的 &a 内部" in err
    assert f"plan.yaml:{GOOD.count(chr(10)) + 1}:" in err


def test_alias_expansion(tmp_path):
    lines = ['a: &a ["x", "x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    for name, previous in zip("bcdef", "abcde"):
        lines.append(f"{name}: &{name} [{', '.join(['*' + previous] * 10)}]")
    err = refused(tmp_path, "render", str(year(tmp_path, "\n".join(lines) + "\n")))
    assert f"展开后的内容超过 {limits.MAX_VALUES} 项" in err


def test_text_length(tmp_path):
    text = GOOD.replace("year: 2024", "year: 2024\nmembers: [\"" + "政" * 40_000 + "\"]")
    err = refused(tmp_path, "render", str(year(tmp_path, text)))
    assert f"一段文字超过 {limits.MAX_TEXT_CHARS} 个字符（这里有 40000 个）" in err


def test_csv_cell_length(tmp_path):
    year_path = year(tmp_path, (EXAMPLES / "street-summary.yaml").read_text(encoding="utf-8"))
    sheet = tmp_path / "plan.records.csv"
    sheet.write_text("日期,类型,内容\n2024-03-01,视察,\"" + "政" * 200_000 + "\"\n",
                     encoding="utf-8")
    err = refused(tmp_path, "render", str(year_path), "--kind", "summary")
    assert f"{sheet}:2: 这一行有一格超过 {limits.MAX_TEXT_CHARS} 个字符" in err


def workbook_with_cell(path: Path, xml_text: str) -> Path:
    """A workbook whose A2 holds xml_text as another tool could write it (openpyxl itself
    stops at Excel's limits)."""
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    book.active.append(["unit.name"])
    book.active.append(["PLACEHOLDER"])
    plain = path.with_suffix(".plain.xlsx")
    book.save(plain)
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(path, "w") as out:
        for name in source.namelist():
            data = source.read(name)
            if name == "xl/worksheets/sheet1.xml":
                data = data.replace(b"PLACEHOLDER", xml_text.encode("utf-8"))
            out.writestr(name, data)
    plain.unlink()
    return path


def test_workbook_cell_length(tmp_path):
    book = workbook_with_cell(tmp_path / "units.xlsx", "北" * (limits.MAX_TEXT_CHARS + 1))
    result = cli("batch", str(BASE), str(book), "-o", str(tmp_path / "out"))
    assert result.exit_code == 2
    assert f"units.xlsx!Sheet!A2: 这一格超过 {limits.MAX_TEXT_CHARS} 个字符" in result.stderr


def test_workbook_with_a_control_character(tmp_path):
    book = workbook_with_cell(tmp_path / "units.xlsx", "北辛&#30;街道")
    result = cli("batch", str(BASE), str(book), "-o", str(tmp_path / "out"))
    assert result.exit_code == 2 and "内部错误" not in result.stderr
    assert f"{book}: 无法读取 Excel 文件：工作表的 XML 有错误" in result.stderr


def test_rows_of_a_table(tmp_path):
    table = tmp_path / "units.csv"
    table.write_text("unit.name\n" + "街道\n" * (limits.MAX_ROWS + 1), encoding="utf-8")
    started = time.process_time()
    result = cli("batch", str(BASE), str(table), "-o", str(tmp_path / "out"))
    assert time.process_time() - started < HANG_GUARD_SECONDS
    assert result.exit_code == 2 and f"表格超过 {limits.MAX_ROWS} 行" in result.stderr


def test_a_workbook_that_unpacks_past_the_limit(tmp_path, monkeypatch):
    """A zip bomb: a few kilobytes packed, far more unpacked (openpyxl would read its shared
    strings whole); refused before the workbook is opened."""
    openpyxl = pytest.importorskip("openpyxl")
    monkeypatch.setattr("cppcc_plan.sheets.MAX_UNPACKED_BYTES", 1024 * 1024)
    book = openpyxl.Workbook()
    book.active.append(["unit.name"])
    book.active.append(["北辛街道"])
    book.save(tmp_path / "units.xlsx")
    with zipfile.ZipFile(tmp_path / "units.xlsx", "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/padding.bin", b"\0" * (2 * 1024 * 1024))
    assert (tmp_path / "units.xlsx").stat().st_size < 100_000
    result = cli("batch", str(BASE), str(tmp_path / "units.xlsx"), "-o", str(tmp_path / "out"))
    assert result.exit_code == 2
    assert f"{tmp_path / 'units.xlsx'}: Excel 文件解压后超过 1 MB，已拒绝" in result.stderr
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").glob("*.docx"))


def test_rows_of_a_workbook_by_its_dimension(tmp_path):
    """A workbook that says it has a million rows is refused before any row is read."""
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    book.active.append(["unit.name"])
    book.active.cell(row=1_000_000, column=1, value="北辛街道")
    book.save(tmp_path / "units.xlsx")
    started = time.process_time()
    result = cli("batch", str(BASE), str(tmp_path / "units.xlsx"), "-o", str(tmp_path / "out"))
    assert time.process_time() - started < HANG_GUARD_SECONDS
    assert result.exit_code == 2 and f"表格超过 {limits.MAX_ROWS} 行" in result.stderr


def test_ten_thousand_sections(tmp_path):
    sections = "".join(f"    - title: 第{i}部分\n      text: 内容。\n" for i in range(10_001))
    text = GOOD.replace("  sections:\n", "  sections:\n" + sections, 1)
    err = refused(tmp_path, "render", str(year(tmp_path, text)))
    sections = GOOD.count("\n    - title:") + 10_001
    assert f"plan.sections: 有 {sections} 项，超过了一级最多 {limits.MAX_NUMBERED_ITEMS} 项" in err


def test_nine_hundred_and_ninety_nine_sections_are_numbered(tmp_path):
    sections = "".join(f"    - title: 第{i}部分\n      text: 内容。\n" for i in range(999))
    path = year(tmp_path, GOOD.replace("  sections:\n", "  sections:\n" + sections, 1))
    out = tmp_path / "plan.docx"
    assert cli("render", str(path), "-o", str(out)).exit_code == 0
    texts = DocxReader(out).texts()
    assert "九百九十九、第998部分" in texts and "一千零四、" not in "".join(texts)


@pytest.mark.parametrize("spaces", [20_000, 40_000])
def test_runs_of_spaces_are_linear(spaces):
    started = time.process_time()
    full_width("中" + " " * spaces + "a" + " " * spaces + ",中(" + "文" * spaces)
    assert time.process_time() - started < HANG_GUARD_SECONDS


def test_runs_of_spaces_in_a_year_file(tmp_path):
    text = GOOD.replace("每月确定一名委员", "每月" + " " * 20_000 + "a确定一名委员")
    out = tmp_path / "plan.docx"
    started = time.process_time()
    result = cli("render", str(year(tmp_path, text)), "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert time.process_time() - started < HANG_GUARD_SECONDS


def test_a_title_longer_than_core_properties_hold(tmp_path):
    """Found by the fuzz test: a 300-character unit name made a title python-docx's core
    properties refuse; the document keeps the whole title, the properties its first 255."""
    name = "北辛" * 150
    path = year(tmp_path, GOOD.replace("  name: 北辛街道", f"  name: {name}"))
    out = tmp_path / "plan.docx"
    result = cli("render", str(path), "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert "".join(DocxReader(out).texts()).replace("\n", "").startswith(name)
    with zipfile.ZipFile(out) as archive:
        core = archive.read("docProps/core.xml").decode("utf-8")
    assert f"<dc:title>{name[:255]}</dc:title>" in core


def test_a_column_naming_a_whole_mapping(tmp_path):
    """Found by the fuzz test: a column `unit` beside `unit.level` crashed the table reader."""
    table = tmp_path / "units.csv"
    table.write_text("unit,unit.level\n北辛街道,街道\n", encoding="utf-8")
    result = cli("batch", str(BASE), str(table), "-o", str(tmp_path / "out"))
    assert result.exit_code == 2 and "内部错误" not in result.stderr
    assert f"{table}:1:1: 列名 “unit” 是一组键，一格写不下（写到其中的一个键，如 “unit.name”）" \
        in result.stderr
