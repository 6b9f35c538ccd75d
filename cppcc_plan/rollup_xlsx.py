"""The roll-up as an Excel workbook (openpyxl), for the offices that keep Excel: a sheet of units
(or of members) with a 合计 row, and a sheet of every record with its unit.

Figures are numbers, not text, so that Excel can sum and sort them; a figure no record states
is an empty cell, never 0. The records sheet uses the records files' own column names, so a
unit's rows can be copied back into its records file.
"""

import io

import openpyxl
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from .glossary import RECORD_TERMS
from .numbering import Figure
from .rollup import Figures, Rollup, UnitInput, member_tallies, year_records

# Figures' fields, in the units sheet's order, with their headers.
FIGURE_COLUMNS = (("activities", "活动次数"), ("attendance", "参加委员人次"),
                  ("problems", "收集问题"), ("solved", "解决问题"), ("proposals", "提交提案"),
                  ("filed", "立案"), ("answered", "办复"), ("info", "上报信息"),
                  ("adopted", "采用信息"), ("adoption_rate", "采用率"))
BOLD = Font(bold=True)


def figure_cells(figures: Figures) -> list:
    """Numbers Excel can add up (an approximate 27 is 27 here), the rate as its text."""
    values = [getattr(figures, field) for field, _ in FIGURE_COLUMNS]
    return [v.value if isinstance(v, Figure) else v for v in values]


def bold(sheet, values: list) -> list:
    """A header or 合计 row: its cells in bold (a write-only sheet styles cells as they go)."""
    cells = []
    for value in values:
        cell = WriteOnlyCell(sheet, value)
        cell.font = BOLD
        cells.append(cell)
    return cells


def units_sheet(sheet, rollup: Rollup) -> None:
    types = [t.type for t in rollup.types]
    sheet.append(bold(sheet, ["单位", "层级", *(h for _, h in FIGURE_COLUMNS),
                              *(f"{t}（次）" for t in types), "计划项目", "已完成项目"]))
    for unit in rollup.units:
        counts = {t.type: t.figures.activities for t in unit.types}
        sheet.append([unit.name, unit.unit.level, *figure_cells(unit.figures),
                      *(counts.get(t) for t in types),
                      len(unit.progress) or None, unit.targets_met if unit.progress else None])
    planned = sum(len(u.progress) for u in rollup.units)
    sheet.append(bold(sheet, ["合计", "", *figure_cells(rollup.total),
                              *(t.figures.activities for t in rollup.types), planned or None,
                              sum(u.targets_met for u in rollup.units) if planned else None]))


def members_sheet(sheet, units: list[UnitInput]) -> None:
    tallies = member_tallies(units)
    names = list(dict.fromkeys(r.target.name for t in tallies for r in t.results))
    sheet.append(bold(sheet, ["姓名", "所在单位", "提交提案", "上报信息", "参加活动",
                              *(f"{n}（完成情况）" for n in names)]))
    for tally in tallies:
        status = {r.target.name: r.status for r in tally.results}
        sheet.append([tally.name, tally.unit, tally.proposals, tally.info, tally.activities,
                      *(status.get(n) for n in names)])


def records_sheet(sheet, units: list[UnitInput]) -> None:
    sheet.append(bold(sheet, ["单位", *(term.columns[0] for term in RECORD_TERMS)]))
    for unit in units:
        for record in year_records(unit.year_file):
            sheet.append([unit.year_file.unit.name, *(record_cell(sheet, record, term.key)
                                                      for term in RECORD_TERMS)])


def record_cell(sheet, record, key: str):
    value = getattr(record, key)
    if key == "date":
        cell = WriteOnlyCell(sheet, value)
        cell.number_format = "yyyy-mm-dd"
        return cell
    if key == "members":
        return "、".join(value) or None
    if isinstance(value, bool):                      # 约数, 亮点
        return "是" if value else None
    return value


def workbook(rollup: Rollup, units: list[UnitInput], kind: str) -> bytes:
    """Written as it goes (openpyxl's write-only mode): a county's records are tens of
    thousands of rows."""
    book = openpyxl.Workbook(write_only=True)
    first = book.create_sheet("委员" if kind == "members" else "单位")
    records = book.create_sheet("记录")
    for sheet in (first, records):
        sheet.freeze_panes = "A2"
    if kind == "members":
        members_sheet(first, units)
    else:
        units_sheet(first, rollup)
    records_sheet(records, units)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
