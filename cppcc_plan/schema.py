"""The JSON Schema of a year file, generated from the model (model.py) every time it is asked
for, so that it can never drift from what validate accepts. Editors that read the first line
`# yaml-language-server: $schema=…` (VS Code with the YAML extension, and others built on
yaml-language-server) then complete keys and show the Chinese titles and descriptions while the
clerk types."""

import json
import re

from .model import YearFile

SCHEMA_FILE = "cppcc-plan.schema.json"
# For the per-unit files of a batch, which give only what differs from the base.
PARTIAL_SCHEMA_FILE = "cppcc-plan.partial.schema.json"
SCHEMA_COMMENT = "# yaml-language-server: $schema="
DIALECT = "https://json-schema.org/draft/2020-12/schema"

# The models' names as the schema shows them; a field's title is its description's first words.
MODEL_TITLES = {
    "YearFile": "年度文件", "Unit": "单位", "Level": "层级", "Numbering": "序号",
    "Entry": "条目", "Section": "部分", "Activity": "活动", "Consultation": "协商议题",
    "Project": "工作项目", "Ladder": "序号层级", "Record": "工作记录", "Target": "计划目标", "Attachment": "附件",
    "Document": "文档", "DatedDocument": "有成文日期的文档", "Summary": "工作总结",
    "Issuance": "作为公文印发", "Organ": "发文机关", "Notice": "印发通知",
}
MODEL_DESCRIPTIONS = {
    "YearFile": "一个单位一年的年度文件：单位、年度、结构化数据和各类文档（plan、keypoints……）",
    "Entry": "编号的条目：title（单独成行的标题）或 lead（接排的引领句）二者选一",
    "Section": "正文的一个部分（一、二、……）：title 或 lead 二者选一，或由 generate 生成",
    "Record": "一项已开展的工作及其产出（也可写在年度文件旁的 .records.csv / .xlsx 中）",
    "Target": "计划承诺的频次或数量：frequency 与 count 二者选一",
    "Attachment": "附件：table（由数据生成的表格），或 title 和 text",
}
TITLE_END = re.compile(r"[，：；（,:;(]| 如")
# Fields whose description starts with a value rather than a name.
FIELD_TITLES = {"ladder": "序号层级", "continuous": "连续编号", "period": "总结时段",
                "measure": "计数对象", "generate": "由数据生成", "table": "由数据生成的表格",
                "order": "条目顺序", "name_members": "正文写出委员姓名"}


def year_file_schema() -> dict:
    schema = YearFile.model_json_schema()
    definitions = [("YearFile", schema), *schema.get("$defs", {}).items()]
    for name, definition in definitions:
        if name in MODEL_TITLES:
            definition["title"] = MODEL_TITLES[name]
        if name in MODEL_DESCRIPTIONS:
            definition["description"] = MODEL_DESCRIPTIONS[name]
    for _, definition in definitions:
        for key, field in definition.get("properties", {}).items():
            field["title"] = field_title(key, field, schema)
    return {"$schema": DIALECT, **schema}


def field_title(key: str, field: dict, schema: dict) -> str:
    if key in FIELD_TITLES:
        return FIELD_TITLES[key]
    description = field.get("description")
    if description:
        return TITLE_END.split(description, maxsplit=1)[0].strip()
    ref = field.get("$ref") or next((b.get("$ref") for b in field.get("anyOf", [])
                                     if "$ref" in b), None)
    if ref:
        return schema["$defs"][ref.rsplit("/", 1)[1]].get("title", key)
    return key


def partial(schema):
    """The schema with nothing required: what one unit of a batch may write."""
    if isinstance(schema, dict):
        return {k: partial(v) for k, v in schema.items() if k not in ("required", "minItems")}
    if isinstance(schema, list):
        return [partial(v) for v in schema]
    return schema


def schema_json(partial_file: bool = False) -> str:
    schema = year_file_schema()
    if partial_file:
        schema = {**partial(schema), "title": "批量生成的单位文件",
                  "description": "只写与基础年度文件不同的键，其余取自基础文件"}
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


def schema_comment(location: str) -> str:
    """The first line of a year file, telling the editor where the schema is."""
    return f"{SCHEMA_COMMENT}{location}\n"
