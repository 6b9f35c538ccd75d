"""Items inside a form or type follow the calendar; `order: as_written` keeps the file's order;
a list's body may be a table alone, with a 署名 and 成文日期 only when given."""

import datetime
import json

import pytest
import yaml

from conftest import GONGWEN_CHECK, DocxReader, cli, shared_tool

CONSULTATIONS = [
    {"form": "对口协商", "topic": "乡村振兴", "quarter": 3, "lead_unit": "农业农村委"},
    {"form": "专题协商", "topic": "老旧小区改造", "month": 11, "lead_unit": "住建委"},
    {"form": "对口协商", "topic": "养老服务", "month": 4, "lead_unit": "社法委"},
    {"form": "专题协商", "topic": "营商环境", "quarter": 2, "lead_unit": "经济委"},
    {"form": "对口协商", "topic": "河湖治理", "lead_unit": "人资环委"},
    {"form": "对口协商", "topic": "文旅融合", "month": 9, "lead_unit": "文史委"},
]


def render(tmp_path, document: dict, kind: str = "consultation", key: str = "consultation"):
    data = {"unit": {"name": "示例", "level": "县", "body": "政协"}, "year": 2024,
            "consultations": CONSULTATIONS, key: document}
    source = tmp_path / "year.yaml"
    source.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    out = tmp_path / "out.docx"
    result = cli("render", str(source), "--kind", kind, "-o", str(out))
    assert result.exit_code == 0, result.stderr
    return DocxReader(out)


def topics(doc: DocxReader) -> list[str]:
    found = [t for t in doc.texts() for c in CONSULTATIONS if t.split("（")[0].endswith(c["topic"])]
    return [next(c["topic"] for c in CONSULTATIONS if t.split("（")[0].endswith(c["topic"]))
            for t in found]


PLAN = {"date": datetime.date(2024, 1, 10),
        "sections": [{"title": "协商议题", "generate": "consultations"}],
        "attachments": [{"table": "consultations"}]}


def test_items_follow_the_calendar_inside_their_form(tmp_path):
    doc = render(tmp_path, PLAN)
    # forms in the file's order; in each, by month (a quarter at its last month), untimed last
    listed = ["养老服务", "乡村振兴", "文旅融合", "河湖治理", "营商环境", "老旧小区改造"]
    assert topics(doc) == listed + listed            # the list, then the table's rows
    cells = [p.text for p in doc.paragraphs if p.style in ("TableText", "TableCenter")]
    assert cells[:5] == ["1", "对口协商", "养老服务", "4月", "社法委"]


def test_as_written_keeps_the_file_order(tmp_path):
    doc = render(tmp_path, {**PLAN, "order": "as_written"})
    listed = ["乡村振兴", "养老服务", "河湖治理", "文旅融合", "老旧小区改造", "营商环境"]
    assert topics(doc) == listed + listed


@pytest.mark.parametrize("closing", [{}, {"date": datetime.date(2024, 2, 1)},
                                     {"signature": "示例政协办公室",
                                      "date": datetime.date(2024, 2, 1)}])
def test_a_list_is_a_title_a_preamble_and_a_table(tmp_path, closing):
    doc = render(tmp_path, {"title": "2024年协商议题清单", "preamble": "现将议题列出如下。",
                            "table": "consultations", **closing}, "projects", "project_list")
    styles = [p.style for p in doc.paragraphs if p.text.strip()]
    assert styles[:3] == ["Title", "Normal", "TableHeader"]
    assert [p.text for p in doc.paragraphs if p.style == "TableHeader"] == [
        "序号", "协商形式", "协商议题", "时间安排", "牵头单位"]
    assert sum(p.style == "TableCenter" and p.text.isdigit() for p in doc.paragraphs) == 6
    closing_lines = [(p.style, p.text) for p in doc.paragraphs
                     if p.style in ("Signature", "DateLine")]
    expected = ([("Signature", closing["signature"])] if "signature" in closing else []) + (
        [("DateLine", "2024年2月1日")] if "date" in closing else [])
    assert closing_lines == expected
    report = json.loads(shared_tool(GONGWEN_CHECK, str(tmp_path / "out.docx"), "--json").stdout)
    assert [r for r in report["results"] if r["status"] == "FAIL"] == []


def test_a_signature_needs_a_date(tmp_path):
    data = {"unit": {"name": "示例", "level": "县", "body": "政协"}, "year": 2024,
            "consultations": CONSULTATIONS,
            "project_list": {"table": "consultations", "signature": "示例政协办公室"}}
    source = tmp_path / "year.yaml"
    source.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    result = cli("validate", str(source))
    assert result.exit_code == 2 and "就要写 date（成文日期）" in result.stderr, result.stderr


def test_a_plan_still_needs_its_date(tmp_path):
    data = {"unit": {"name": "示例", "level": "县", "body": "政协"}, "year": 2024,
            "plan": {"sections": [{"title": "总则", "text": "好。"}]}}
    source = tmp_path / "year.yaml"
    source.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    result = cli("validate", str(source))
    assert result.exit_code == 2 and "plan: 缺少必填项 “date”" in result.stderr, result.stderr
