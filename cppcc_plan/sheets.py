"""Tables an office already keeps, CSV or Excel, read as header + rows with the place of every
cell, so that a bad cell is reported as file:line:column (CSV) or book.xlsx!sheet!B5 (Excel)."""

import csv
import datetime
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from .errors import InputError, Problem
from .source import decode

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
    """CSV as Excel saves it: UTF-8 (with or without BOM) or GBK, comma separated."""
    try:
        text, _ = decode(path.read_bytes(), str(path))
    except OSError as exc:
        raise InputError([Problem(str(path), f"无法读取文件：{exc.strerror}")]) from None
    reader = csv.reader(io.StringIO(text))
    first = next(reader, None)
    if first is None:
        raise InputError([Problem(str(path), "表格是空的：第一行应为列名", line=1)])

    def rows():
        for line, row in enumerate(reader, 2):
            cells = tuple(cell.strip() for cell in row)
            if any(cells):
                yield line, cells
    return str(path), tuple(cell.strip() for cell in first), rows()


def open_xlsx(path: Path) -> tuple[str, tuple[str, ...], Iterator[tuple[int, tuple]]]:
    """The first worksheet of an .xlsx workbook (openpyxl, values not formulas)."""
    import openpyxl      # only batch and summary files need it; keeps `render` start-up lean
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (OSError, ValueError, KeyError, zipfile.BadZipFile) as exc:
        raise InputError([Problem(str(path), f"无法读取 Excel 文件：{exc}",
                                  hint="请确认是 .xlsx 格式（不是 .xls 或 .et）")]) from None
    sheet = workbook.worksheets[0]
    values = sheet.iter_rows(values_only=True)
    first = next(values, None)
    if first is None:
        workbook.close()
        raise InputError([Problem(f"{path}!{sheet.title}", "表格是空的：第一行应为列名", line=1)])

    def rows():
        try:
            for line, row in enumerate(values, 2):
                cells = tuple(cell_value(c) for c in row)
                if any(c not in (None, "") for c in cells):
                    yield line, cells
        finally:
            workbook.close()
    header = tuple(str(cell_value(c)).strip() if c is not None else "" for c in first)
    return f"{path}!{sheet.title}", header, rows()


def cell_value(value):
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value
