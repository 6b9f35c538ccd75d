"""The summary writes its own numbers: records are built here, counted here independently,
and every number read back from the .docx is compared with that count."""

import csv
import datetime
import re
from decimal import ROUND_HALF_UP, Decimal

import yaml

from conftest import W, DocxReader, cli

MEMBERS = ["张明", "李红", "王强", "赵敏", "刘洋", "陈静"]
TYPES = ["集中学习", "视察", "联系群众", "调研", "工作例会"]
TARGETS = [
    {"id": "study", "name": "集中学习", "type": "集中学习", "frequency": "每季度"},
    {"id": "inspect", "name": "视察活动", "type": "视察", "count": 12},
    {"id": "info", "name": "报送社情民意信息", "count": 4, "per_member": True, "measure": "info",
     "unit": "条"},
    {"id": "research", "name": "专题调研", "type": "调研", "count": 3},
    {"id": "salon", "name": "委员读书沙龙", "type": "读书沙龙", "count": 2},
]


def make_records() -> list[dict]:
    """44 records over the year, with a deterministic spread of outputs."""
    records = []
    for i in range(44):
        month = i % 12 + 1
        kind = TYPES[i % 5]
        record = {"date": datetime.date(2024, month, 3 + i % 20), "type": kind,
                  "topic": f"{kind}活动第{i + 1}次", "members": MEMBERS[: 2 + i % 5]}
        if kind == "联系群众":
            record.update(problems=3 + i % 4, solved=1 + i % 3)
        if i % 3 == 0:
            record.update(proposals=2, filed=1 + i % 2, answered=1 + i % 2)
        if i % 2 == 0:
            record.update(info=3 + i % 3, adopted=2 + i % 2)
        records.append(record)
    records[7]["approximate"] = True          # a 联系群众 record with approximate figures
    records[1]["target"] = "study"            # a 视察 that served as the quarter's 集中学习
    return records


def year_file(tmp_path, records=None, summary_extra=None, name="year.yaml", targets=TARGETS):
    data = {
        "unit": {"name": "北辛街道", "level": "街道", "body": "政协工作室"},
        "year": 2024, "members": MEMBERS, "targets": targets,
        "summary": {
            "preamble": "今年以来，政协工作室在{党委}的领导下，现将{年度}工作总结如下：",
            "sections": [
                {"title": "主要工作及成效", "generate": "achievements"},
                {"title": "存在的不足", "text": "工作中还存在一些不足。", "generate": "shortfalls"},
                {"title": "下一步打算", "items": [{"lead": "加强学习。", "text": "继续学习。"}]}],
            "attachments": [{"table": "targets"}],
            "date": datetime.date(2024, 12, 20), **(summary_extra or {})},
    }
    if records is not None:
        data["records"] = records
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def render(path, *args):
    out = path.with_suffix(".docx")
    result = cli("render", str(path), "--kind", "summary", "-o", str(out), *args)
    assert result.exit_code == 0, result.stderr
    return DocxReader(out)


def percent(part, whole):
    value = (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), ROUND_HALF_UP)
    return f"{int(value)}%" if value == value.to_integral() else f"{value}%"


def body_text(doc):
    return "\n".join(p.text for p in doc.paragraphs
                     if not any(a.tag == f"{W}tc" for a in p.xml.iterancestors()))


def check_numbers(doc, records, period="全年"):
    text = body_text(doc)
    for kind in dict.fromkeys(r["type"] for r in records):
        group = [r for r in records if r["type"] == kind]
        people = sum(len(r["members"]) for r in group)
        done = f"召开{kind}" if kind.endswith("会") else f"开展{kind}活动"
        sentence = f"{period}共{done}{len(group)}次，参加委员{people}人次"
        problems = sum(r.get("problems", 0) for r in group)
        if problems:
            approx = "余" if any(r.get("approximate") for r in group) else ""
            solved = sum(r.get("solved", 0) for r in group)
            sentence += f"，收集群众反映问题{problems}{approx}件，协调有关部门解决{solved}件"
        topics = list(dict.fromkeys(r["topic"] for r in group))
        sentence += "，主要围绕" + "、".join(topics[:3]) + ("等" if len(topics) > 3 else "") + "开展。"
        assert sentence in text, sentence
    submitted = sum(r.get("proposals", 0) for r in records)
    filed = sum(r.get("filed", 0) for r in records)
    answered = sum(r.get("answered", 0) for r in records)
    done = "已全部办复" if answered == filed else f"已办复{answered}件"
    assert f"共提交提案{submitted}件，立案{filed}件，{done}。" in text
    info = sum(r.get("info", 0) for r in records)
    adopted = sum(r.get("adopted", 0) for r in records)
    assert f"共上报社情民意信息{info}条，被采用{adopted}条，采用率{percent(adopted, info)}。" in text
    # every number in the statistics sentences is one of the counts made here
    return text


def target_rows(doc):
    table = doc.document.findall(f".//{W}tbl")[-1]
    return [["".join(t.text for t in c.iter(f"{W}t")) for c in r.findall(f"{W}tc")]
            for r in table.findall(f"{W}tr")]


def expected_progress(records, months=12):
    rows = []
    for t in TARGETS:
        per_year = {"每季度": 4}.get(t.get("frequency"), t.get("count"))
        planned = per_year * (len(MEMBERS) if t.get("per_member") else 1)
        mine = [r for r in records if r.get("target") == t["id"] or t.get("type") is None
                or (not r.get("target") and r["type"] == t.get("type"))]
        measure = t.get("measure", "records")
        done = len(mine) if measure == "records" else sum(r.get(measure, 0) for r in mine)
        due = planned * months // 12
        if due == 0:
            status = "已开展" if done else "待开展"
        elif done == 0:
            status = "未开展"
        else:
            status = "超额完成" if done > due else "已完成" if done == due else "未完成"
        rows.append((t, planned, due, done, status))
    return rows


def test_year_summary_numbers(tmp_path):
    records = make_records()
    doc = render(year_file(tmp_path, records))
    text = check_numbers(doc, records)
    assert doc.texts()[0] == "北辛街道政协工作室2024年工作总结"
    assert "今年以来，政协工作室在街道党工委的领导下，现将2024年工作总结如下：" in text
    rows = target_rows(doc)
    assert rows[0] == ["序号", "计划项目", "全年计划", "已完成", "完成率", "完成情况"]
    short = []
    for i, (t, planned, due, done, status) in enumerate(expected_progress(records), 1):
        unit = t.get("unit", "次")
        assert rows[i] == [str(i), t["name"], f"{planned}{unit}", f"{done}{unit}",
                           percent(done, due), status]
        if status in ("未完成", "未开展"):
            short.append((t, due, done, unit))
    assert short, "the fixture has targets that fall short"
    ordinals = [f"{n}是" for n in "一二三四五六七八九"] if len(short) > 1 else [""] * 9
    parts = [f"{ordinals[k]}{t['name']}" + (f"计划{due}{unit}，实际完成{done}{unit}" if done
                                          else "尚未开展")
             for k, (t, due, done, unit) in enumerate(short)]
    assert "工作中还存在一些不足。\n对照年初计划，" + "；".join(parts) + "。" in text


def test_half_year_until(tmp_path):
    records = make_records()
    path = year_file(tmp_path, records, {"sections": [
        {"title": "上半年主要工作", "generate": "achievements"},
        {"title": "下半年工作打算", "text": "下半年，我们将扎实抓好以下工作：", "generate": "unfinished"}],
        "date": datetime.date(2024, 7, 5)})
    doc = render(path, "--until", "2024-06-30")
    first_half = [r for r in records if r["date"] <= datetime.date(2024, 6, 30)]
    check_numbers(doc, first_half, period="上半年")
    texts = doc.texts()
    assert texts[0] == "北辛街道政协工作室2024年上半年工作总结"
    lines = [t for t in texts if "：全年计划" in t]
    expected = [f"{t['name']}：全年计划{planned}{t.get('unit', '次')}，已完成{done}{t.get('unit', '次')}，"
                f"还需完成{planned - done}{t.get('unit', '次')}。"
                for t, planned, due, done, status in expected_progress(first_half, 6)
                if planned > done]
    assert [re.sub(r"^（[一二三四五六七八九十]+）", "", t) for t in lines] == expected
    assert all(t.startswith(f"（{'一二三四五六七八九'[i]}）") for i, t in enumerate(lines))
    rows = target_rows(doc)
    assert rows[0] == ["序号", "计划项目", "全年计划", "应完成", "已完成", "完成率", "完成情况"]


def test_records_sheet_beside_the_year_file(tmp_path):
    records = make_records()
    inline = render(year_file(tmp_path, records, name="inline.yaml"))
    path = year_file(tmp_path, None, name="sheet.yaml")
    with open(tmp_path / "sheet.records.csv", "w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["日期", "类型", "内容", "参加委员", "收集问题", "解决问题", "提交提案", "立案",
                         "办复", "上报信息", "采用信息", "约数", "计划项目"])
        for r in records:
            writer.writerow([r["date"].strftime("%Y/%m/%d"), r["type"], r["topic"],
                             "、".join(r["members"]),
                             *[r.get(k, "") for k in ("problems", "solved", "proposals", "filed",
                                                      "answered", "info", "adopted")],
                             "是" if r.get("approximate") else "", r.get("target", "")])
    from_sheet = render(path)
    assert from_sheet.texts() == inline.texts()


def test_subsets_checked_at_their_cell(tmp_path):
    path = year_file(tmp_path, None, name="bad.yaml")
    (tmp_path / "bad.records.csv").write_text(
        "日期,类型,内容,上报信息,采用信息\n2024-03-01,视察,视察老旧小区,3,2\n"
        "2024-04-01,视察,视察农贸市场,2,5\n", encoding="utf-8")
    out = tmp_path / "bad.docx"
    result = cli("render", str(path), "--kind", "summary", "-o", str(out))
    assert result.exit_code == 2 and not out.exists()
    assert f"{tmp_path / 'bad.records.csv'}:3:5: records[2]（“视察农贸市场”）.adopted: 采用信息（adopted）不能多于" \
           f"上报信息（info）" in result.stderr


def test_unknown_column_and_member(tmp_path):
    path = year_file(tmp_path, None, name="cols.yaml")
    (tmp_path / "cols.records.csv").write_text("日期,类别,内容\n2024-03-01,视察,视察\n",
                                              encoding="utf-8")
    result = cli("render", str(path), "--kind", "summary")
    assert result.exit_code == 2 and "未知的列名 “类别”（是否想写 “类型”？）" in result.stderr
    bad = make_records()[:1]
    bad[0]["members"] = ["张鸣"]
    result = cli("render", str(year_file(tmp_path, bad, name="m.yaml")), "--kind", "summary")
    assert result.exit_code == 2
    assert "records[1]（“集中学习活动第1次”）.members: “张鸣” 不在委员名单（members）中（是否想写 “张明”？）" in result.stderr


def test_whole_percentages_and_approximation_only_when_marked(tmp_path):
    records = [{"date": datetime.date(2024, 3, 1), "type": "联系群众", "topic": "走访",
                "members": ["张明"], "problems": 5, "solved": 2, "info": 4, "adopted": 4}]
    text = body_text(render(year_file(tmp_path, records)))
    assert "采用率100%" in text and "收集群众反映问题5件" in text and "余" not in text


def test_records_workbook_cells_named_as_excel_does(tmp_path):
    import openpyxl
    path = year_file(tmp_path, None, name="book.yaml")
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "记录"
    sheet.append(["日期", "类型", "内容", "上报信息", "采用信息"])
    sheet.append([datetime.datetime(2024, 3, 1), "视察", "视察老旧小区", 3, 2])
    sheet.append([datetime.datetime(2024, 4, 1), "视察", "视察农贸市场", 2, 5])
    workbook.save(tmp_path / "book.records.xlsx")
    result = cli("render", str(path), "--kind", "summary")
    assert result.exit_code == 2
    assert f"{tmp_path / 'book.records.xlsx'}!记录!E3: records[2]（“视察农贸市场”）.adopted: 采用信息（adopted）不能多于" \
        in result.stderr


def test_titles_period_placeholder_single_shortfall_and_set(tmp_path):
    records = [{"date": datetime.date(2024, 3, 1), "type": "集中学习", "topic": "学习二十届三中全会精神",
                "members": MEMBERS}, {"date": datetime.date(2024, 5, 9), "type": "视察",
                                      "topic": "视察老旧小区改造", "members": MEMBERS[:3]}]
    targets = [{"id": "s", "name": "集中学习", "type": "集中学习", "count": 1},
               {"id": "v", "name": "视察活动", "type": "视察", "count": 1},
               {"id": "r", "name": "委员读书沙龙", "type": "读书沙龙", "count": 2}]
    path = year_file(tmp_path, records, {
        "title": "关于报送{年度}{时段}工作总结的报告", "addressee": "滕州市政协办公室",
        "achievement_titles": {"视察": "开展专题视察，助推民生改善"},
        "sections": [{"title": "主要工作", "generate": "achievements"},
                     {"title": "存在的不足", "generate": "shortfalls"}]}, targets=targets)
    doc = render(path, "--until", "2024-06-30", "--set", "summary.date=2024-07-05")
    texts = doc.texts()
    assert texts[0] == "关于报送2024年上半年工作总结的报告" and texts[1] == "滕州市政协办公室："
    assert "（二）开展专题视察，助推民生改善" in texts and "（一）开展集中学习活动" in texts
    assert "主要围绕视察老旧小区改造开展。" in "".join(texts)          # one topic: no 等
    short = [t for t in texts if t.startswith("对照年初计划")]
    assert short == ["对照年初计划，委员读书沙龙尚未开展。"]        # one shortfall: no 一是
    assert "2024年7月5日" in texts                                 # --set moved the date


def test_street_summary_example_half_year_passes_the_checks(tmp_path):
    """The example's half-year form, through the shared checkers (the full year is in
    test_examples.py with every other example)."""
    from conftest import EXAMPLES, GONGWEN_CHECK, VALIDATE_XSD, shared_tool
    out = tmp_path / "half.docx"
    result = cli("render", str(EXAMPLES / "street-summary.yaml"), "--kind", "summary",
                 "--until", "2024-06-30", "--set", "summary.date=2024-07-08", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert "valid: 0 error(s)" in shared_tool(VALIDATE_XSD, str(out)).stdout
    assert re.search(r"\d+ passed, 0 failed", shared_tool(GONGWEN_CHECK, str(out)).stdout)
    texts = DocxReader(out).texts()
    assert "2024年7月8日" in texts and any(t.startswith("上半年共") for t in texts)
