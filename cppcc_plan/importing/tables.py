"""Tables in a document's attachments, read as the year file's data: an 安排表 whose header
names 形式, 议题 and 牵头 → consultations; a 推进表 naming 项目 and 牵头领导, 措施, 目标 … →
projects; a table naming 活动内容 → activities. The keys come out in the model's order."""

import re
from typing import Callable

from ..model import Activity, Project
from .marks import cn_value
from .wordfile import WordTable

CONSULTATION_COLUMNS = {"形式": "form", "议题": "topic", "时间": "time", "牵头": "lead_unit",
                        "参加": "participants"}
PROJECT_COLUMNS = {"类别": "category", "牵头领导": "leader", "解决问题": "problem",
                   "措施": "measures", "目标": "goal", "时限": "deadline", "项目": "name"}
ACTIVITY_COLUMNS = {"类别": "type", "类型": "type", "内容": "topic", "时间": "time",
                    "牵头": "lead_unit", "参加": "participants"}
DEFAULT_CATEGORY = "重点工作项目"
Warn = Callable[..., None]          # Importer.warn: (paragraph number, message, hint=…)


def in_model_order(values: dict, model) -> dict:
    order = list(model.model_fields)
    return dict(sorted(values.items(), key=lambda kv: order.index(kv[0])))


def table_data(table: WordTable, data: dict, warn: Warn) -> str | None:
    """The table's rows as consultations, projects or activities in data; which one it was
    (the attachment's `table:`), or None when the header names none of them."""
    header, rows = table.rows[0], [r for r in table.rows[1:] if any(r)]
    columns = column_keys(header, CONSULTATION_COLUMNS)
    if {"form", "topic", "lead_unit"} <= set(columns.values()):
        consultations = [timed(row, columns, table, "协商活动安排表", warn) for row in rows]
        if all({"form", "topic", "lead_unit"} <= set(c) for c in consultations):
            data["consultations"] = consultations
            return "consultations"
    columns = column_keys(header, PROJECT_COLUMNS)
    if "name" in columns.values() and len(columns) > 1:
        return projects(rows, columns, table, data, warn)
    columns = column_keys(header, ACTIVITY_COLUMNS)
    if "topic" in columns.values():
        activities = [timed(row, columns, table, "协商议政活动安排表", warn) for row in rows]
        for activity in activities:
            times = re.search(r"（(\d+)次）$", activity.get("topic", ""))
            if times:      # the table prints an activity held twice as "…（2次）"
                activity["topic"] = activity["topic"][:times.start()]
                activity["times"] = int(times.group(1))
        if all(a.get("topic") for a in activities):
            data["activities"] = [in_model_order(a, Activity) for a in activities]
            return "activities"
    return None


def projects(rows: list, columns: dict, table: WordTable, data: dict, warn: Warn) -> str | None:
    """A 推进表's rows, merged with the projects the body already named (项目计划书)."""
    known = {p["name"]: p for p in data.get("projects", [])}
    found = []
    for row in rows:
        project = {key: row[i] for i, key in columns.items() if i < len(row) and row[i]}
        if "name" not in project:
            return None
        found.append({**known.get(project["name"], {}), **project})
    if any("category" not in p for p in found):
        warn(table.number, f"项目推进表没有“类别”一列，项目类别暂记为“{DEFAULT_CATEGORY}”",
             hint="请在 projects 的 category 中填写项目类别")
    data["projects"] = [in_model_order({"category": DEFAULT_CATEGORY, **p}, Project)
                        for p in found]
    return "projects"


def timed(row: tuple, columns: dict, table: WordTable, name: str, warn: Warn) -> dict:
    out = {}
    for i, key in columns.items():
        value = row[i] if i < len(row) else ""
        if key == "time":
            timing = parse_timing(value)
            if timing is None:
                warn(table.number, f"{name}中的时间“{value}”无法识别，未导入",
                     hint="写作 3月 或 第二季度；请补写 month 或 quarter")
            out.update(timing or {})
        elif value:
            out[key] = value
    return out


def column_keys(header: tuple, words: dict) -> dict[int, str]:
    """Column index → key, the first word a header cell contains deciding."""
    out = {}
    for i, cell in enumerate(header):
        for word, key in words.items():
            if word in cell and key not in out.values():
                out[i] = key
                break
    return out


def parse_timing(text: str) -> dict | None:
    text = text.strip()
    if text in ("", "全年"):
        return {}
    month = re.fullmatch(r"(\d{1,2})月(份)?", text)
    if month and 1 <= int(month.group(1)) <= 12:
        return {"month": int(month.group(1))}
    quarter = re.fullmatch(r"第?([一二三四1-4])季度", text)
    if quarter:
        return {"quarter": cn_value(quarter.group(1))}
    return None
