"""The roll-up's inputs and its one output: every unit of a county loaded the way every command
loads a year file, then summed (rollup.py) and written as a .docx or an .xlsx.

A county's units come as year files, folders of them, or a batch base with its units table.
Each unit's records sit beside its year file (历阳镇.yaml, 历阳镇.records.csv); in the batch
form, beside the unit's file in a units folder, or, for a CSV or Excel table, beside the table,
named after the unit (北辛街道.records.csv).
"""

import datetime
from pathlib import Path

from .api import load_year_file, year_source
from .errors import InputError, Problem
from .merge import merge
from .output import write_atomically
from .records import RECORD_SUFFIXES, attach_records
from .rollup import UnitInput, rollup
from .rollup_document import members_context, render_rollup, summary_context
from .units import YAML_SUFFIXES, read_units
from .validate import validate

OUTPUT_SUFFIXES = (".docx", ".xlsx")


def year_files(path: Path) -> list[Path]:
    """A year file, or every year file in a folder (its records files aside), in name order."""
    if not path.is_dir():
        return [path]
    return sorted(p for p in path.iterdir() if p.suffix.lower() in YAML_SUFFIXES
                  and not p.name.endswith(RECORD_SUFFIXES))


def load_units(paths: tuple[Path, ...], base: Path | None = None) -> list[UnitInput]:
    """Every unit, or every problem of every unit at once."""
    if base is not None:
        if len(paths) != 1:
            raise InputError([Problem(str(base), "用 --base 时只写一个单位表（CSV、Excel、YAML 列表"
                                      "或目录）")])
        return batch_units(base, paths[0])
    loaded, problems = [], []
    for path in (f for p in paths for f in year_files(p)):
        try:
            source, year_file = load_year_file(path)
        except InputError as error:
            problems += error.problems
            continue
        loaded.append(UnitInput(source, year_file))
    if problems:
        raise InputError(problems)
    if not loaded:
        raise InputError([Problem(str(paths[0]), "没有找到年度文件（.yaml）")])
    return loaded


def batch_units(base_path: Path, table_path: Path) -> list[UnitInput]:
    """The batch form: the base with each row of the table laid over it (merge.py, as batch
    merges them), and the unit's own records attached."""
    base = year_source(base_path)
    if not isinstance(base.data, dict):
        raise InputError([base.problem((), "基础文件的最外层应为键值对（unit:、year: 等）")])
    loaded, problems = [], []
    for entry in read_units(table_path).entries():
        try:
            source = merge(base, entry.source)      # a unit file is read here
            beside = unit_file(table_path, entry.origin, source.data)
            if beside is not None:
                attach_records(source, beside)
            loaded.append(UnitInput(source, validate(source)))
        except InputError as error:
            problems += error.problems
    if problems:
        raise InputError(problems)
    return loaded


def unit_file(table_path: Path, origin: str, data: dict) -> Path | None:
    """Where a unit's records are looked for: beside its own file in a units folder (the
    file is the entry's origin), or beside the table under the unit's name."""
    if table_path.is_dir():
        return Path(origin)
    unit = data.get("unit")
    name = unit.get("name") if isinstance(unit, dict) else None
    return table_path.with_name(f"{name}.yaml") if isinstance(name, str) and name else None


def issue_date(units: list[UnitInput], given: datetime.date | None) -> datetime.date:
    """--date, or the latest date of the units' summaries."""
    if given is not None:
        return given
    dates = [u.year_file.summary.date for u in units if u.year_file.summary]
    if not dates:
        raise InputError([Problem("rollup", "各单位都没有工作总结（summary），无法确定成文日期",
                                  hint="请用 --date 指定，如 --date 2024-12-28")])
    return max(dates)


def rollup_file(paths: tuple[Path, ...], output: Path, kind: str = "summary",
                base: Path | None = None, date: datetime.date | None = None,
                templates: Path | None = None, name_members: bool = False) -> list[UnitInput]:
    """Load, sum and write the roll-up; .docx or .xlsx by the output's name; name_members:
    the members overview names those short of a target."""
    suffix = output.suffix.lower()
    if suffix not in OUTPUT_SUFFIXES:
        raise InputError([Problem(str(output), "汇总只能写成 .docx 或 .xlsx 文件",
                                  hint="如 -o 全县汇总.docx 或 -o 汇总.xlsx")])
    units = load_units(paths, base)
    figures = rollup(units)
    if suffix == ".xlsx":
        from .rollup_xlsx import workbook     # openpyxl only for spreadsheets
        data = workbook(figures, units, kind)
    else:
        day = issue_date(units, date)
        context = members_context(figures, units, day, name_members) if kind == "members" else \
            summary_context(figures, day)
        data = render_rollup(context, templates)
    write_atomically(output, data)
    return units
