"""Every kind from one year file: sections generated from the year's data, counts made from
the lists they count (compared here with counts made independently), attachments and tables."""

import datetime
import re
from collections import Counter

import yaml

from conftest import W, DocxReader, cli

CN = "〇一二三四五六七八九"
CONSULTATIONS = [
    {"form": "专题议政性常委会议", "topic": "围绕县域经济高质量发展议政建言", "quarter": 2,
     "lead_unit": "县政协经济委"},
    {"form": "对口协商", "topic": "就义务教育优质均衡开展协商", "month": 5, "lead_unit": "县政协教科卫体委"},
    {"form": "专题议政性常委会议", "topic": "围绕乡村振兴议政建言", "month": 9,
     "lead_unit": "县政协农业农村委"},
    {"form": "界别协商", "topic": "围绕民营经济发展开展界别协商", "quarter": 3, "lead_unit": "县政协经济界"},
    {"form": "对口协商", "topic": "就养老服务体系建设开展协商", "month": 10, "lead_unit": "县政协社法委"},
    {"form": "专题议政性常委会议", "topic": "围绕生态环境保护议政建言", "month": 11,
     "lead_unit": "县政协人资环委"},
]
PROJECTS = [
    {"category": "平台建设类项目", "name": "“两室一平台”建设", "text": "建设委员活动室。",
     "leader": "张主任", "problem": "活动场所不足", "measures": "一室多用", "goal": "5月启用",
     "deadline": "2024年5月"},
    {"category": "平台建设类项目", "name": "设立委员联络站", "text": "在服务大厅设立联络站。"},
    {"category": "调研履职类项目", "name": "专题调研促发展", "text": "围绕重点项目开展调研。"},
    {"category": "平台建设类项目", "name": "虚拟平台建设", "text": "开设网站专栏。"},
    {"category": "学习培训类项目", "name": "微课堂", "text": "每月一课。"},
]
ACTIVITIES = [
    {"type": "听取情况通报", "topic": "2024年上半年全县经济社会发展情况通报", "month": 7},
    {"type": "开展专题视察", "topic": "视察全县重点建设项目", "quarter": 2},
    {"type": "听取情况通报", "topic": "全县重点项目建设情况通报", "quarter": 3},
    {"type": "召开专题座谈会", "topic": "政协委员界别小组座谈会", "times": 2, "month": 4},
]


def document(**extra):
    return {"date": datetime.date(2024, 1, 20), **extra}


def year_file(tmp_path, **documents):
    data = {"unit": {"name": "和县", "level": "县", "body": "政协", "full_name": "政协和县委员会"},
            "year": 2024, "consultations": CONSULTATIONS, "projects": PROJECTS,
            "activities": ACTIVITIES, **documents}
    path = tmp_path / "year.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def render(tmp_path, path, kind):
    out = tmp_path / f"{kind}.docx"
    result = cli("render", str(path), "--kind", kind, "-o", str(out))
    assert result.exit_code == 0, result.stderr
    return DocxReader(out)


def cn(n):
    return CN[n] if n < 10 else "十" + (CN[n % 10] if n % 10 else "")


def test_consultation_totals_and_forms(tmp_path):
    path = year_file(tmp_path, consultation=document(sections=[
        {"title": "指导思想", "text": "以习近平新时代中国特色社会主义思想为指导。"},
        {"title": "协商议题和主要协商形式", "generate": "consultations"},
        {"title": "组织实施", "items": [{"lead": "认真部署安排。", "text": "报县委审定后实施。"}]}],
        attachments=[{"table": "consultations"}]))
    doc = render(tmp_path, path, "consultation")
    texts = [p.text for p in doc.paragraphs if p.text.strip() and not in_table(p)]
    counts = Counter(c["form"] for c in CONSULTATIONS)
    forms = list(dict.fromkeys(c["form"] for c in CONSULTATIONS))
    sentence = (f"全年安排协商活动{len(CONSULTATIONS)}次，其中"
                + "、".join(f"{f}{counts[f]}次" for f in forms) + "。")
    assert sentence in texts
    # one （N） sub-section a form, in first-seen order, topics numbered from 1 under each
    headings = [t for t in texts if re.match(r"（[一二三四五六七八九十]+）", t)]
    assert headings[:len(forms)] == [f"（{cn(i)}）{f}" for i, f in enumerate(forms, 1)]
    start = texts.index(headings[0])
    for form in forms:
        topics = [c["topic"] for c in CONSULTATIONS if c["form"] == form]
        block = texts[texts.index(f"（{cn(forms.index(form) + 1)}）{form}") + 1:][:len(topics)]
        assert [t.split("（")[0] for t in block] == [f"{i}.{t}" for i, t in enumerate(topics, 1)]
        assert block[-1].endswith("。") and all(t.endswith("；") for t in block[:-1])
    assert start > 0
    assert "附件：2024年协商活动安排表" in texts
    label = next(p for p in doc.paragraphs if p.text == "附件")
    assert label.style == "AttachmentLabel"
    assert doc.style("AttachmentLabel").find(f"{W}pPr/{W}pageBreakBefore") is not None


def in_table(paragraph):
    return any(a.tag == f"{W}tc" for a in paragraph.xml.iterancestors())


def test_consultation_table(tmp_path):
    path = year_file(tmp_path, consultation=document(
        sections=[{"title": "协商议题", "generate": "consultations"}],
        attachments=[{"table": "consultations"}]))
    doc = render(tmp_path, path, "consultation")
    table = doc.document.find(f".//{W}tbl")
    widths = [int(c.get(f"{W}w")) for c in table.findall(f"{W}tblGrid/{W}gridCol")]
    assert len(widths) == 5 and sum(widths) == 8845 and min(widths) > 500
    rows = table.findall(f"{W}tr")
    assert rows[0].find(f"{W}trPr/{W}tblHeader") is not None
    assert all(r.find(f"{W}trPr/{W}cantSplit") is not None for r in rows)
    cells = [["".join(t.text for t in c.iter(f"{W}t")) for c in r.findall(f"{W}tc")] for r in rows]
    assert cells[0] == ["序号", "协商形式", "协商议题", "时间安排", "牵头单位"]
    forms = list(dict.fromkeys(c["form"] for c in CONSULTATIONS))
    ordered = sorted(CONSULTATIONS, key=lambda c: forms.index(c["form"]))
    assert [r[0] for r in cells[1:]] == [str(i) for i in range(1, len(CONSULTATIONS) + 1)]
    assert [r[2] for r in cells[1:]] == [c["topic"] for c in ordered]
    when = {c["topic"]: f"{c['month']}月" if "month" in c else
            f"第{CN[c['quarter']]}季度" for c in CONSULTATIONS}
    assert [r[3] for r in cells[1:]] == [when[c["topic"]] for c in ordered]


def test_projects_counts_and_continuous_numbers(tmp_path):
    path = year_file(tmp_path, project_list=document(
        preamble="通过{项目类数}类{项目数}个重点工作项目的落实推进，推动工作开好局。",
        sections=[{"generate": "projects"}], attachments=[{"table": "projects"}]))
    doc = render(tmp_path, path, "projects")
    texts = doc.texts()
    categories = list(dict.fromkeys(p["category"] for p in PROJECTS))
    assert f"通过{len(categories)}类{len(PROJECTS)}个重点工作项目的落实推进，推动工作开好局。" in texts
    number = 0
    for i, category in enumerate(categories, 1):
        members = [p for p in PROJECTS if p["category"] == category]
        heading = f"{cn(i)}、{category}（{len(members)}个）"
        at = texts.index(heading)
        names = [t for t in texts[at + 1:] if re.match(r"\d+\.", t)][:len(members)]
        expected = [f"{number + k}.{p['name']}" for k, p in enumerate(members, 1)]
        assert names == expected
        number += len(members)
    header = [t for t in texts if t in ("序号", "项目", "牵头领导", "解决问题", "工作措施",
                                        "工作目标", "完成时限")]
    assert header == ["序号", "项目", "牵头领导", "解决问题", "工作措施", "工作目标", "完成时限"]


def test_activity_list_grouped_by_type(tmp_path):
    path = year_file(tmp_path, activity_list=document(sections=[{"generate": "activities"}]))
    doc = render(tmp_path, path, "activities")
    texts = doc.texts()
    types = list(dict.fromkeys(a["type"] for a in ACTIVITIES))
    assert [t for t in texts if re.match(r"[一二三四五六七八九十]+、", t)] == \
        [f"{cn(i)}、{t}" for i, t in enumerate(types, 1)]
    for kind in types:
        members = [a for a in ACTIVITIES if a["type"] == kind]
        at = texts.index(f"{cn(types.index(kind) + 1)}、{kind}")
        lines = texts[at + 1:at + 1 + len(members)]
        for k, (line, activity) in enumerate(zip(lines, members), 1):
            times = f"（{activity['times']}次）" if activity.get("times", 1) > 1 else ""
            end = "。" if k == len(members) else "；"
            sep = " " if activity["topic"][0].isdigit() else ""
            assert line == f"{k}.{sep}{activity['topic']}{times}{end}"


def test_keypoints_number_items_across_blocks(tmp_path):
    blocks = [{"title": "加强学习，提高委员素质", "items": [{"lead": "组织委员培训。", "text": "开展培训。"},
                                                {"lead": "明确学习重点。", "text": "学习。"}]},
              {"title": "认真履职，促进科学发展", "items": [{"lead": "丰富政治协商内容。", "text": "协商。"}]}]
    path = year_file(tmp_path, keypoints=document(preamble="总体要求是：团结奋进。", sections=blocks))
    texts = render(tmp_path, path, "keypoints").texts()
    assert texts[0] == "和县政协2024年工作要点"
    assert [t for t in texts if re.match(r"\d+\.", t)] == \
        ["1.组织委员培训。开展培训。", "2.明确学习重点。学习。", "3.丰富政治协商内容。协商。"]


def test_quarterly_arrangement_in_any_kind(tmp_path):
    path = year_file(tmp_path, keypoints=document(sections=[
        {"title": "工作安排", "generate": "quarterly"}]))
    texts = render(tmp_path, path, "keypoints").texts()
    by_quarter = {}
    # by month within a quarter; one timed by quarter only counts as due at its last month
    for a in sorted(ACTIVITIES, key=lambda a: a.get("month") or 3 * a["quarter"]):
        quarter = a.get("quarter") or (a["month"] - 1) // 3 + 1
        by_quarter.setdefault(quarter, []).append(a["topic"])
    lines = [t for t in texts if "季度：" in t]
    assert lines == [f"{i}.第{CN[q]}季度：{'；'.join(by_quarter[q])}。"
                     for i, q in enumerate(sorted(by_quarter), 1)]


def test_several_attachments_are_numbered(tmp_path):
    path = year_file(tmp_path, consultation=document(
        sections=[{"title": "协商议题", "generate": "consultations"}],
        attachments=[{"table": "consultations"}, {"title": "联络员名单", "text": "张三、李四。"}]))
    doc = render(tmp_path, path, "consultation")
    texts = doc.texts()
    assert "附件：1.2024年协商活动安排表" in texts and "2.联络员名单" in texts
    note_more = next(p for p in doc.paragraphs if p.text == "2.联络员名单")
    assert note_more.style == "AttachmentNoteMore"
    labels = [p.text for p in doc.paragraphs if p.style == "AttachmentLabel"]
    assert labels == ["附件1", "附件2"]
    # the closing precedes the attachments: 署名 and 成文日期 then 附件1
    order = [t for t in texts if t in ("政协和县委员会", "2024年1月20日", "附件1", "附件2")]
    assert order == ["政协和县委员会", "2024年1月20日", "附件1", "附件2"]


def test_kind_choice_and_output_names(tmp_path):
    path = year_file(tmp_path, keypoints=document(sections=[{"title": "甲", "text": "乙。"}]),
                     activity_list=document(sections=[{"generate": "activities"}]))
    result = cli("render", str(path))
    assert result.exit_code == 2 and "--kind keypoints" in result.stderr
    result = cli("render", str(path), "--kind", "activities")
    assert result.exit_code == 0 and (tmp_path / "year-活动安排.docx").exists()
    result = cli("render", str(path), "--kind", "plan")
    assert result.exit_code == 2 and "没有 plan" in result.stderr


def test_generated_section_needs_its_data(tmp_path):
    data = {"unit": {"name": "和县", "level": "县", "body": "政协"}, "year": 2024,
            "consultation": document(sections=[{"title": "议题", "generate": "consultations"}])}
    path = tmp_path / "y.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    result = cli("render", str(path))
    assert result.exit_code == 2
    assert "consultation.sections[1]（“议题”）.generate: generate: consultations 需要 consultations" \
        in result.stderr
