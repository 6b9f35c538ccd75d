"""Tables an office already keeps, CSV or Excel, read as header + rows with the place of every
cell, so that a bad cell is reported as file:line:column (CSV) or book.xlsx!sheet!B5 (Excel)."""

import contextlib
import csv
import datetime
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from .errors import InputError, Problem
from .limits import MAX_COLUMNS, MAX_ROWS, MAX_TEXT_CHARS, MAX_UNPACKED_BYTES
from .source import NOT_XML, character_name, decode, read_bytes, text_position

SHEET_SUFFIXES = (".csv", ".xlsx")


@dataclass(frozen=True)
class Sheet:
    name: str                               # what messages call the file (and sheet)
    header: tuple[str, ...]
    rows: tuple[tuple[object, ...], ...]    # cells: str, int, float, date or None
    lines: tuple[int, ...]                  # each row's line (CSV) or row number (Excel)

    def position(self, row: int, column: int) -> tuple[int, int]:
        return self.lines[row], column + 1


def read_sheet(path: Path) -> Sheet:
    name, header, rows = open_sheet(path)
    kept = list(rows)
    return Sheet(name, header, tuple(r for _, r in kept), tuple(n for n, _ in kept))


def open_sheet(path: Path) -> tuple[str, tuple[str, ...], Iterator[tuple[int, tuple]]]:
    """The sheet's name, its header, and its rows one at a time (line, cells), blank rows
    left out: a units table of every township is read without holding all its rows."""
    if path.suffix.lower() == ".xlsx":
        return open_xlsx(path)
    return open_csv(path)


def open_csv(path: Path) -> tuple[str, tuple[str, ...], Iterator[tuple[int, tuple]]]:
    """CSV as Excel, WPS or LibreOffice save it: UTF-8 (with or without BOM), UTF-16, GBK,
    comma separated, with CRLF, LF or old-Mac CR line ends; quoted cells may span lines."""
    name = str(path)
    text, _ = decode(read_bytes(path, name), name)
    match = NOT_XML.search(text)
    if match:
        line, column = text_position(text, match.start())
        raise InputError([Problem(name, f"这里有一个不可见的控制字符 {character_name(match.group())}"
                                  "，表格和公文里都不能有", line=line,
                                  hint="多半是从网页或其他软件复制来的，删除它即可")])
    csv.field_size_limit(MAX_TEXT_CHARS)
    reader = csv.reader(io.StringIO(text, newline=""))

    def records():
        """(line where the row starts, row), each csv error said at its line."""
        line = 1
        try:
            for count, row in enumerate(reader):
                if count > MAX_ROWS:
                    raise too_many_rows(name)
                yield line, row
                line = reader.line_num + 1
        except csv.Error as exc:
            message = (f"这一行有一格超过 {MAX_TEXT_CHARS} 个字符（Excel 一格最多这么多），已拒绝"
                       if "field larger" in str(exc) else f"CSV 格式错误（{exc}）")
            raise InputError([Problem(name, message, line=line,
                                      hint="检查这一格的引号是否成对")]) from None
    lines = records()
    first = next(lines, None)
    if first is None:
        raise InputError([Problem(name, "表格是空的：第一行应为列名", line=1)])

    def rows():
        for line, row in lines:
            cells = tuple(cell.strip() for cell in row)
            if any(cells):
                yield line, cells
    return name, tuple(cell.strip() for cell in first[1]), rows()


def open_xlsx(path: Path) -> tuple[str, tuple[str, ...], Iterator[tuple[int, tuple]]]:
    """The first worksheet of an .xlsx workbook (openpyxl, values not formulas)."""
    import openpyxl      # only batch and summary files need it; keeps `render` start-up lean
    read_bytes(path, str(path))                         # exists, readable, within the size limit
    with unreadable_workbook(path):
        with zipfile.ZipFile(path) as archive:      # openpyxl reads the shared strings whole
            unpacked = sum(member.file_size for member in archive.infolist())
    if unpacked > MAX_UNPACKED_BYTES:
        raise InputError([Problem(str(path), f"Excel 文件解压后超过 {MAX_UNPACKED_BYTES // 2**20} MB，"
                                  "已拒绝", hint="这不像是一份单位表或记录表")])
    with unreadable_workbook(path):
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
    name = f"{path}!{sheet.title}"
    if (sheet.max_row or 0) > MAX_ROWS + 1 or (sheet.max_column or 0) > MAX_COLUMNS:
        workbook.close()                                # as the sheet's own <dimension> says
        raise too_many_rows(name)
    values = sheet.iter_rows(values_only=True)
    with unreadable_workbook(path):
        first = next(values, None)
    if first is None:
        workbook.close()
        raise InputError([Problem(name, "表格是空的：第一行应为列名", line=1)])

    def rows():
        try:
            with unreadable_workbook(path):
                for line, row in enumerate(values, 2):
                    if line > MAX_ROWS + 1:
                        raise too_many_rows(name)
                    cells = tuple(cell_value(c) for c in row)
                    for column, value in enumerate(cells, 1):
                        check_cell(name, line, column, value)
                    if any(c not in (None, "") for c in cells):
                        yield line, cells
        finally:
            workbook.close()
    for column, value in enumerate(first, 1):
        check_cell(name, 1, column, value)
    header = tuple(str(cell_value(c)).strip() if c is not None else "" for c in first)
    return name, header, rows()


@contextlib.contextmanager
def unreadable_workbook(path: Path):
    """openpyxl's failures as a message: XML broken by a control character, or not a
    workbook at all."""
    try:
        yield
    except SyntaxError as exc:       # the XML parsers' errors: a control character, often
        raise InputError([Problem(str(path), f"无法读取 Excel 文件：工作表的 XML 有错误（{exc}）",
                                  hint="多半是某一格里有不可见的控制字符；请在 Excel 或 WPS 中"
                                  "删除它后另存")]) from None
    except (OSError, ValueError, KeyError, IndexError, TypeError, zipfile.BadZipFile) as exc:
        raise InputError([Problem(str(path), f"无法读取 Excel 文件：{exc}",
                                  hint="请确认是 .xlsx 格式（不是 .xls 或 .et）")]) from None


def too_many_rows(name: str) -> InputError:
    return InputError([Problem(name, f"表格超过 {MAX_ROWS} 行或 {MAX_COLUMNS} 列，已拒绝",
                               hint="请检查是否选错了工作簿；确需更多单位请分成几个表格")])


def check_cell(name: str, line: int, column: int, value) -> None:
    """Excel stops at 32,767 characters a cell; another tool's workbook may not."""
    if isinstance(value, str) and len(value) > MAX_TEXT_CHARS:
        raise InputError([Problem(name, f"这一格超过 {MAX_TEXT_CHARS} 个字符，已拒绝",
                                  line=line, column=column)])


def cell_value(value):
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value
