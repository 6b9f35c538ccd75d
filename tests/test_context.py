"""Computed facts: numbers, counted phrases, titles and the level's words."""

import datetime

import yaml

from cppcc_plan.context import document_context
from cppcc_plan.kinds import KINDS
from cppcc_plan.source import parse_source
from cppcc_plan.templating import render_markup
from cppcc_plan.validate import validate


def year_file(level="街道", numbering=None, plan_extra=None, activities=None, sections=None):
    data = {
        "unit": {"name": "示例", "level": level, "body": "政协工作室"},
        "year": 2024,
        "plan": {
            "date": datetime.date(2024, 1, 15),
            "preamble": "在{党委}领导和{上级政协}指导下，结合{我单位}实际，服务{全域}大局。",
            "sections": sections or [
                {"title": "甲", "items": [
                    {"lead": "甲一。", "items": [{"lead": "甲一一。"}, {"lead": "甲一二。"}]},
                    {"lead": "甲二。"}]},
                {"title": "乙", "items": [{"lead": "乙一。"}, {"lead": "乙二。"}, {"lead": "乙三。"}]},
            ],
            **({"numbering": numbering} if numbering else {}),
            **(plan_extra or {}),
        },
        **({"activities": activities} if activities else {}),
    }
    return validate(parse_source(yaml.safe_dump(data, allow_unicode=True), "t.yaml"))


def plan_context(year_file):
    return document_context(year_file, KINDS["plan"])


def numbers(context):
    out = []

    def walk(entry):
        out.append(entry.number + (entry.title or entry.lead))
        for child in entry.items:
            walk(child)
    for section in context.sections:
        walk(section)
    return out


def test_standard_ladder_restarts_per_parent():
    assert numbers(plan_context(year_file())) == [
        "一、甲", "（一）甲一。", "1.甲一一。", "2.甲一二。", "（二）甲二。",
        "二、乙", "（一）乙一。", "（二）乙二。", "（三）乙三。"]


def test_compact_ladder_and_continuous_numbering():
    context = plan_context(year_file(numbering={"ladder": "compact", "continuous": True}))
    assert numbers(context) == [
        "一、甲", "1.甲一。", "（1）甲一一。", "（2）甲一二。", "2.甲二。",
        "二、乙", "3.乙一。", "4.乙二。", "5.乙三。"]


def title_line(context, kind="plan"):
    return render_markup(kind, context).splitlines()[0]


def test_level_words_and_default_title():
    street = plan_context(year_file("街道"))
    assert street.title is None and title_line(street) == "【标题】示例政协工作室2024年工作计划"
    assert street.preamble == ("在街道党工委领导和区政协指导下，结合我街实际，服务全街大局。",)
    town = plan_context(year_file("镇"))
    assert town.preamble == ("在镇党委领导和县政协指导下，结合我镇实际，服务全镇大局。",)
    county = plan_context(year_file("县"))
    assert county.preamble == ("在县委领导和市政协指导下，结合我县实际，服务全县大局。",)
    assert street.signature == "示例政协工作室" and street.date == "2024年1月15日"


def test_explicit_title_and_addressee():
    context = plan_context(year_file(plan_extra={"title": "关于印发工作计划的通知", "addressee": "各社区"}))
    assert context.title == "关于印发工作计划的通知" and context.addressee == "各社区"


def test_quarterly_arrangement_from_activities():
    activities = [{"topic": "召开迎春茶话会", "month": 2}, {"topic": "走访慰问困难群众", "quarter": 1},
                  {"topic": "开展专题视察", "month": 9}]
    sections = [{"title": "工作安排", "generate": "quarterly"}, {"title": "要求", "text": "好。"}]
    context = plan_context(year_file(activities=activities, sections=sections))
    lines = context.sections[0].items
    assert [(line.number, line.lead, line.runon) for line in lines] == [
        ("（一）", "第一季度：", "召开迎春茶话会；走访慰问困难群众。"),
        ("（二）", "第三季度：", "开展专题视察。")]
    assert context.sections[1].number == "二、"


def summary_file(sections, period="year", date=datetime.date(2024, 12, 20), title=None):
    data = {"unit": {"name": "示例", "level": "镇", "body": "政协联络组"}, "year": 2024,
            "targets": [{"id": "t", "name": "专题调研", "type": "调研", "count": 2}],
            "records": [{"date": datetime.date(2024, 3, 1), "type": "调研", "topic": "特色农业"}],
            "summary": {"sections": sections, "date": date, "period": period,
                        **({"title": title} if title else {})}}
    return validate(parse_source(yaml.safe_dump(data, allow_unicode=True), "t.yaml"))


def test_the_period_and_its_words_follow_the_summary():
    """One period value: its words in titles, placeholders and the statistics sentences."""
    sections = [{"title": "{时段}主要工作", "generate": "achievements"},
                {"title": "{下阶段}工作打算", "text": "好。", "generate": "unfinished"}]
    year = document_context(summary_file(sections), KINDS["summary"])
    half = document_context(summary_file(sections, "half", datetime.date(2024, 7, 2)),
                            KINDS["summary"])
    nine = document_context(summary_file(sections), KINDS["summary"], datetime.date(2024, 9, 30))
    assert [c.period.span for c in (year, half, nine)] == ["全年", "上半年", "今年以来"]
    assert [c.sections[1].title for c in (year, half, nine)] == ["下一步工作打算", "下半年工作打算",
                                                               "下一步工作打算"]
    assert [c.sections[0].title for c in (year, half, nine)] == ["主要工作", "上半年主要工作",
                                                               "1—9月主要工作"]
    assert [title_line(c, "summary") for c in (year, half, nine)] == [
        "【标题】示例政协联络组2024年工作总结", "【标题】示例政协联络组2024年上半年工作总结及下半年工作打算",
        "【标题】示例政协联络组2024年1—9月工作总结"]
    # what is left is planned only while the year runs
    assert year.sections[1].facts is None
    assert half.sections[1].facts.items[0].remaining == 1
    only = [{"title": "主要工作", "generate": "achievements"}]
    assert title_line(document_context(summary_file(only, "half", datetime.date(2024, 7, 2)),
                                       KINDS["summary"]), "summary") == "【标题】示例政协联络组2024年上半年工作总结"
