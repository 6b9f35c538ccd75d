"""The year's records from wherever the office keeps them: inside the year file, or beside it
as `<name>.records.yaml`, `.records.csv` or `.records.xlsx` (one row an activity, columns named
in Chinese). Whatever the form, they end up as the year file's `records` list, with every
value's place in the file it came from."""

import datetime
import difflib
import re
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import InputError, Problem
from .glossary import OUTPUTS, SHEET_COLUMNS
from .source import Source, load_source

# Read when there is a records file: most year files have none.
if TYPE_CHECKING:
    from .sheets import Sheet

RECORD_SUFFIXES = (".records.yaml", ".records.yml", ".records.csv", ".records.xlsx")
KEYS = set(SHEET_COLUMNS.values())
YES, NO = {"是", "y", "yes", "true", "1", "√"}, {"否", "n", "no", "false", "0", ""}
BOOLEAN_KEYS = ("approximate", "highlight")
DATE_RE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")


def records_file(year_path: Path) -> Path | None:
    """`plan.yaml` → the first of plan.records.yaml / .csv / .xlsx that exists."""
    stem = year_path.name.rsplit(".", 1)[0]
    for suffix in RECORD_SUFFIXES:
        candidate = year_path.with_name(stem + suffix)
        if candidate.is_file():
            return candidate
    return None


def attach_records(source: Source, year_path: Path) -> None:
    """Put the records file's rows into the year file's data, remembering where they were."""
    path = records_file(year_path)
    if path is None or not isinstance(source.data, dict):
        return
    if "records" in source.data:
        raise InputError([source.problem(("records",), f"records 已写在年度文件中，又有记录文件 "
                                         f"{path.name}", at_key=True,
                                         hint="两处只能保留一处")])
    if path.suffix in (".csv", ".xlsx"):
        from .sheets import read_sheet
        part = sheet_source(read_sheet(path))
    else:
        part = yaml_records(path)
    source.data["records"] = part.data
    source.attach(("records",), part)


def yaml_records(path: Path) -> Source:
    part = load_source(path)
    if isinstance(part.data, dict) and set(part.data) == {"records"}:
        # records: [...] as a mapping: shift positions so paths start at the list
        part.data = part.data["records"]
        part.positions = {k[1:]: v for k, v in part.positions.items() if k[:1] == ("records",)}
        part.key_positions = {k[1:]: v for k, v in part.key_positions.items()
                              if k[:1] == ("records",)}
    if not isinstance(part.data, list):
        raise InputError([Problem(part.name, "记录文件应为一个列表（每条记录以“- ”开头），"
                                  "或只含 records 键", line=1)])
    return part


def sheet_source(sheet: "Sheet") -> Source:
    keys = [column_key(sheet, i, name) for i, name in enumerate(sheet.header)]
    data, positions, totals = [], {}, []
    for row_index, row in enumerate(sheet.rows):
        if is_totals_row(row):
            totals.append(row_index)
            continue
        index = len(data)
        positions[(index,)] = sheet.position(row_index, 0)
        record = {}
        for column, (key, value) in enumerate(zip(keys, row)):
            if key is None:
                continue
            positions[(index, key)] = sheet.position(row_index, column)
            converted = convert(key, value)
            if converted is not None:
                record[key] = converted
        data.append(record)
    problems = [p for row_index in totals for p in totals_problems(sheet, keys, row_index, data)]
    if problems:
        raise InputError(problems)
    source = Source(name=sheet.name, data=data, positions=positions)
    source.key_positions = dict(positions)
    return source


# A sheet kept in Excel often ends in a row of totals: it is checked against the rows, not
# read as a record.
TOTALS_LABELS = ("合计", "总计")
SUMMED = ("count", "attendance", *OUTPUTS)


def is_totals_row(row: tuple) -> bool:
    first = next((cell for cell in row if cell not in (None, "")), None)
    return isinstance(first, str) and first.replace(" ", "") in TOTALS_LABELS


def totals_problems(sheet: "Sheet", keys: list, row_index: int, data: list[dict]) -> list[Problem]:
    """Each total the row gives must be what the rows add up to (次数: a row without one is one
    activity; 参加人数: the members named on each occasion, or the number given)."""
    problems = []
    for column, (key, value) in enumerate(zip(keys, sheet.rows[row_index])):
        if key not in SUMMED or value in (None, ""):
            continue
        given = whole_number(value)
        counted = [row_figure(r, key) for r in data]
        if given is None or None in counted:
            continue                 # a cell that is not a number is reported by validation
        added = sum(counted)
        if given != added:
            line, col = sheet.position(row_index, column)
            problems.append(Problem(sheet.name, f"合计行的{sheet.header[column]}为 {given}，"
                                    f"各行相加为 {added}", line=line, column=col,
                                    hint="请核对合计行或各行的数字"))
    return problems


def whole_number(value) -> int | None:
    """A count as a cell holds it (12, "12"; empty is 0), or None if it is not one."""
    if value is None or value == "":
        return 0
    if isinstance(value, str) and value.strip().isdigit():
        return int(value)
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def row_figure(record: dict, key: str) -> int | None:
    count = whole_number(record.get("count")) or 1
    if key == "count":
        return count
    members = record.get("members")
    if key == "attendance" and isinstance(members, list) and members:
        return len(members) * count
    return whole_number(record.get(key))


def column_key(sheet: "Sheet", index: int, name: str) -> str | None:
    if not name:
        return None
    if name in SHEET_COLUMNS or name in KEYS:
        return SHEET_COLUMNS.get(name, name)
    known = list(SHEET_COLUMNS)
    close = difflib.get_close_matches(name, known + sorted(KEYS), n=1, cutoff=0.5)
    hint = f"是否想写 “{close[0]}”？" if close else "可用的列名：" + "、".join(known)
    raise InputError([Problem(sheet.name, f"未知的列名 “{name}”", line=1, column=index + 1,
                              hint=hint)])


def convert(key: str, value):
    """Cells are text (CSV) or typed (Excel): make them what the record's fields expect;
    anything that does not convert is left for validation to report at its cell."""
    if value is None or value == "":
        return None
    if key == "date" and isinstance(value, str):
        match = DATE_RE.match(value)
        if match:
            try:
                return datetime.date(*map(int, match.groups()))
            except ValueError:
                return value
    if key == "members" and isinstance(value, str):
        return [name for name in re.split(r"[、，,;；\s]+", value) if name]
    if key in BOOLEAN_KEYS and isinstance(value, str):
        lowered = value.strip().lower()
        return True if lowered in YES else False if lowered in NO else value
    return value
