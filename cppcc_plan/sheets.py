"""Tables an office already keeps, CSV or Excel, read as header + rows with the place of every
cell, so that a bad cell is reported as file:line:column (CSV) or book.xlsx!sheet!B5 (Excel)."""

import csv
import datetime
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

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
    if path.suffix.lower() == ".xlsx":
        return read_xlsx(path)
    return read_csv(path)


def read_csv(path: Path) -> Sheet:
    """CSV as Excel saves it: UTF-8 (with or without BOM) or GBK, comma separated."""
    try:
        text, _ = decode(path.read_bytes(), str(path))
    except OSError as exc:
        raise InputError([Problem(str(path), f"无法读取文件：{exc.strerror}")]) from None
    rows = list(csv.reader(io.StringIO(text)))
    if not rows:
        raise InputError([Problem(str(path), "表格是空的：第一行应为列名", line=1)])
    header = tuple(cell.strip() for cell in rows[0])
    kept = [(line, tuple(cell.strip() for cell in row))
            for line, row in enumerate(rows[1:], 2) if any(cell.strip() for cell in row)]
    return Sheet(str(path), header, tuple(r for _, r in kept), tuple(n for n, _ in kept))


def read_xlsx(path: Path) -> Sheet:
    """The first worksheet of an .xlsx workbook (openpyxl, values not formulas)."""
    import openpyxl      # only batch and summary files need it; keeps `render` start-up lean
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (OSError, ValueError, KeyError, zipfile.BadZipFile) as exc:
        raise InputError([Problem(str(path), f"无法读取 Excel 文件：{exc}",
                                  hint="请确认是 .xlsx 格式（不是 .xls 或 .et）")]) from None
    sheet = workbook.worksheets[0]
    values = [tuple(cell_value(c) for c in row) for row in sheet.iter_rows(values_only=True)]
    workbook.close()
    if not values:
        raise InputError([Problem(f"{path}!{sheet.title}", "表格是空的：第一行应为列名", line=1)])
    header = tuple(str(c).strip() if c is not None else "" for c in values[0])
    kept = [(line, row) for line, row in enumerate(values[1:], 2)
            if any(c not in (None, "") for c in row)]
    return Sheet(f"{path}!{sheet.title}", header, tuple(r for _, r in kept),
                 tuple(n for n, _ in kept))


def cell_value(value):
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value
