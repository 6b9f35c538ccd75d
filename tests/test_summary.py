"""The summary writes its own numbers: records are built here, counted here independently,
and every number read back from the .docx is compared with that count. What no record states
is unknown and must not be printed, least of all as 0."""

import csv
import datetime
import itertools
import re
from decimal import ROUND_HALF_UP, Decimal

import pytest
import yaml

from conftest import W, DocxReader, cli

MEMBERS = ["张明", "李红", "王强", "赵敏", "刘洋", "陈静"]
TYPES = ["集中学习", "视察", "联系群众", "调研", "工作例会"]
TOPIC_MARKS = "甲乙丙丁戊己庚辛壬癸"          # topics without digits: numbers in a sentence are counts
TARGETS = [
    {"id": "study", "name": "集中学习", "type": "集中学习", "frequency": "每季度"},
    {"id": "inspect", "name": "视察活动", "type": "视察", "count": 12},
    {"id": "info", "name": "报送社情民意信息", "count": 4, "per_member": True, "measure": "info",
     "unit": "条"},
    {"id": "research", "name": "专题调研", "type": "调研", "count": 3},
    {"id": "salon", "name": "委员读书沙龙", "type": "读书沙龙", "count": 2},
]
SECTIONS = [{"title": "主要工作及成效", "generate": "achievements"},
            {"title": "存在的不足", "text": "工作中还存在一些不足。", "generate": "shortfalls"},
            {"title": "{下阶段}工作打算", "text": "{下阶段}，我们将抓好以下工作。",
             "generate": "unfinished", "items": [{"lead": "加强学习。", "text": "继续学习。"}]}]


def make_records() -> list[dict]:
    """44 records over the year, with a deterministic spread of outputs, every figure stated."""
    records = []
    for i in range(44):
        kind = TYPES[i % 5]
        record = {"date": datetime.date(2024, i % 12 + 1, 3 + i % 20), "type": kind,
                  "topic": f"{kind}专题{TOPIC_MARKS[i // 5]}", "members": MEMBERS[: 2 + i % 5]}
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
            "sections": SECTIONS, "attachments": [{"table": "targets"}],
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


def about(n, approximate):
    """余 as the seeds' clerks mean it: the round figure below the sum, and only for 10 and up."""
    if not approximate or n < 10 or n % 10 == 0:
        return str(n)
    step = 10 if n < 1000 else 100
    return f"{n // step * step}余"


def body_text(doc):
    return "\n".join(p.text for p in doc.paragraphs
                     if not any(a.tag == f"{W}tc" for a in p.xml.iterancestors()))


def sentence_at(text, start):
    """The sentence that has `start` in it, from it to its 。"""
    at = text.index(start)
    return text[at:text.index("。", at) + 1]


def numbers(sentence):
    return re.findall(r"\d+(?:\.\d+)?%?余?", sentence)


def who(records):
    """参加委员 人次 when every record says who took part, else None."""
    if any(not r.get("members") and r.get("attendance") is None for r in records):
        return None
    return sum(len(r["members"]) * r.get("count", 1) if r.get("members") else r["attendance"]
               for r in records)


def object_of(topic: str, kind: str) -> str:
    """A topic as the study or inquiry sentence names it: "学习了…", "就…开展视察" give the
    verb, so a topic that starts with its type ("集中学习专题甲", "视察背街小巷") loses it."""
    if any(word in kind for word in ("学习", "视察", "调研")) and topic.startswith(kind):
        return topic[len(kind):]
    return topic


def check_types(text, records):
    """Each type's sentence: its count, 人次, problems and solved, in that order, as counted here."""
    for kind in dict.fromkeys(r["type"] for r in records):
        group = [r for r in records if r["type"] == kind]
        count = sum(r.get("count", 1) for r in group)
        noun = kind if kind.endswith("会") else f"{kind}活动"
        sentence = sentence_at(text, f"{'召开' if kind.endswith('会') else '开展'}{noun}{count}次")
        expected = [str(count)]
        people = who(group)
        if people is not None:
            expected.append(str(people))
        approx = any(r.get("approximate") for r in group)
        problems = sum(r.get("problems", 0) for r in group)
        if problems:
            expected.append(about(problems, approx))
            if all("solved" in r for r in group if r.get("problems")):
                expected.append(about(sum(r.get("solved", 0) for r in group), approx))
        assert numbers(sentence) == expected, (sentence, expected)
        told = [object_of(r["topic"], kind)
                for r in sorted(group, key=lambda r: r["date"])]   # in date order
        if len(told) > 3:
            assert "".join(f"{t}、" for t in told[:2]) + f"{told[2]}等" in sentence, sentence


def test_year_summary_numbers(tmp_path):
    records = make_records()
    doc = render(year_file(tmp_path, records))
    text = body_text(doc)
    check_types(text, records)
    submitted = sum(r.get("proposals", 0) for r in records)
    filed = sum(r.get("filed", 0) for r in records)
    answered = sum(r.get("answered", 0) for r in records)
    assert answered == filed
    assert f"全年共提交提案{submitted}件，立案{filed}件，已全部办复。" in text
    info = sum(r.get("info", 0) for r in records)
    adopted = sum(r.get("adopted", 0) for r in records)
    assert f"全年共上报社情民意信息{info}条，被采用{adopted}条，采用率达{percent(adopted, info)}。" in text
    texts = doc.texts()
    assert texts[0] == "北辛街道政协工作室2024年工作总结"
    # the parts by kind of work, titled by facts/part_title.j2, 提案 and 社情民意 last
    assert [t for t in texts if re.match(r"（[一二三四五六七]）", t)][:6] == [
        "（一）加强理论学习，提升履职能力", "（二）深入视察调研，助推中心工作", "（三）密切联系群众，倾听民情民意",
        "（四）坚持会议制度，凝聚履职合力", "（五）认真做好提案工作", "（六）积极反映社情民意"]
    # 视察 and 调研 share a part: the second sentence runs on with 还
    assert sentence_at(text, "开展调研活动").startswith("开展调研活动") and "。还开展调研活动" in text
    rows = target_rows(doc)
    assert rows[0] == ["序号", "计划项目", "全年计划", "已完成", "完成率", "完成情况"]
    short = []
    for i, (t, planned, due, done, status) in enumerate(expected_progress(records), 1):
        unit = t.get("unit", "次")
        assert rows[i] == [str(i), t["name"], f"{planned}{unit}", f"{done}{unit}",
                           percent(done, due), status]
        if status in ("未完成", "未开展"):
            short.append((t, due, done, unit))
    assert len(short) > 1, "the fixture has targets that fall short"
    parts = [f"{'一二三四五六七八九'[k]}是{t['name']}" + (f"计划{verb(t)}{due}{unit}，实际"
                                                   f"{verb(t) or '完成'}{done}{unit}" if done
                                                   else f"未按计划{verb(t) or '完成'}")
             for k, (t, due, done, unit) in enumerate(short)]
    assert "工作中还存在一些不足。\n对照年初计划，" + "；".join(parts) + "。" in text
    assert "委员读书沙龙未按计划开展" in text
    # the year is over: nothing is left "to do next", and the next steps keep their items
    assert "将再" not in text and "（一）加强学习。继续学习。" in texts
    assert "三、下一步工作打算" in texts and "下一步，我们将抓好以下工作。" in texts


def verb(target):
    """The verb a shortfall or a next step puts before the target's name (None: it has one)."""
    if target["name"].startswith(("报送", "提交")):
        return None
    return "完成" if target.get("measure", "records") != "records" else "开展"


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
        done = sum(r.get("count", 1) for r in mine) if measure == "records" \
            else sum(r.get(measure, 0) for r in mine)
        due = planned * months // 12
        if months == 12:
            status = "未开展" if done == 0 else "超额完成" if done > due else \
                "已完成" if done == due else "未完成"
        elif done >= planned:
            status = "已完成"
        elif due == 0:
            status = "已开展" if done else "待开展"
        else:
            status = "未开展" if done == 0 else "按进度完成" if done >= due else "滞后"
        rows.append((t, planned, due, done, status))
    return rows


def test_half_year_form(tmp_path):
    """上半年: titles, attachment title, the closing heading and the targets table follow the
    period; what is left is worded as next steps."""
    records = make_records()
    path = year_file(tmp_path, records, {"date": datetime.date(2024, 7, 5)})
    doc = render(path, "--until", "2024-06-30")
    first_half = [r for r in records if r["date"] <= datetime.date(2024, 6, 30)]
    text = body_text(doc)
    check_types(text, first_half)
    assert f"上半年共提交提案{sum(r.get('proposals', 0) for r in first_half)}件" in text
    texts = doc.texts()
    assert texts[0].replace("\n", "") == "北辛街道政协工作室2024年上半年工作总结及下半年工作打算"
    assert "附件：2024年上半年计划完成情况对照表" in texts
    assert "三、下半年工作打算" in texts and "下半年，我们将抓好以下工作。" in texts
    rows = target_rows(doc)
    assert rows[0] == ["序号", "计划项目", "全年计划", "按进度应完成", "已完成", "完成率", "完成情况"]
    progress = expected_progress(first_half, 6)
    for i, (t, planned, due, done, status) in enumerate(progress, 1):
        assert rows[i][3:5] == [f"{due}{t.get('unit', '次')}", f"{done}{t.get('unit', '次')}"]
        assert rows[i][6] == status
    assert "滞后" in {row[6] for row in rows[1:]}
    left = [(t, planned - done) for t, planned, due, done, status in progress if planned > done]
    clauses, last = [], object()
    for t, n in left:
        v = verb(t)
        clauses.append(("、" if v and v == last else "，") + ("" if v and v == last else v or "")
                       + f"{t['name']}{n}{t.get('unit', '次')}")
        last = v
    sentence = "下半年将再" + "".join(clauses)[1:] + "，确保完成全年计划。"
    assert sentence in texts, sentence
    assert sentence.startswith("下半年将再开展视察活动")
    # the sentence follows the section's text and comes before its items
    assert texts.index(sentence) == texts.index("下半年，我们将抓好以下工作。") + 1
    assert texts[texts.index(sentence) + 1] == "（一）加强学习。继续学习。"
    short = sentence_at(text, "对照年初计划")
    for t, planned, due, done, status in progress:
        if status == "滞后":
            assert f"{t['name']}按进度应{verb(t) or '完成'}{due}{t.get('unit', '次')}，实际" \
                   f"{verb(t) or '完成'}{done}{t.get('unit', '次')}" in short
        if status == "未开展":
            assert f"{t['name']}按进度应{verb(t) or '完成'}{due}{t.get('unit', '次')}，尚未" in short


def test_half_year_date_and_title_must_follow_the_period(tmp_path):
    path = year_file(tmp_path, make_records(), {"period": "half", "title": "{年度}工作总结"})
    result = cli("render", str(path), "--kind", "summary", "-o", str(tmp_path / "x.docx"))
    assert result.exit_code == 2 and not (tmp_path / "x.docx").exists()
    line = next(i for i, t in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                if t.strip().startswith("date: 2024-12-20"))
    assert f"{path}:{line}:9: summary.date: 上半年工作总结报告的时段截至 2024年6月30日，成文日期应在 " \
           f"2024年4月1日 至 2024年7月31日 之间，这里写的是 2024年12月20日" in result.stderr
    result = cli("render", str(path), "--kind", "summary", "--set", "summary.date=2024-07-03",
                 "-o", str(tmp_path / "x.docx"))
    assert result.exit_code == 2 and "summary.title: 这是上半年的总结，标题却没有写明“上半年”" in result.stderr
    records = make_records()
    records[5]["date"] = datetime.date(2024, 6, 28)
    path = year_file(tmp_path, records, {"period": "half", "date": datetime.date(2024, 6, 25)})
    result = cli("validate", str(path))
    assert result.exit_code == 2
    assert (f"records[6]（“{records[5]['topic']}”）.date: 记录日期 2024-06-28 晚于总结的成文日期 "
            "2024年6月25日") in result.stderr       # list positions as a clerk counts them


@pytest.mark.parametrize("approximate, problems, printed", [
    (True, 27, "20余件"), (True, 143, "140余件"), (True, 8, "8件"), (True, 30, "30件"),
    (False, 27, "27件")])
def test_approximate_figures_round_down(tmp_path, approximate, problems, printed):
    records = [{"date": datetime.date(2024, 3, 1), "type": "联系群众", "topic": "走访",
                "members": ["张明"], "problems": problems, "approximate": approximate}]
    text = body_text(render(year_file(tmp_path, records)))
    assert sentence_at(text, "收集群众反映问题").startswith(f"收集群众反映问题{printed}。")


# Every combination of given and missing fields, over two records of one type: what the
# summary says is compared with what the records let one know.
PROPOSALS = ({"proposals": 3, "filed": 2, "answered": 2}, {"proposals": 2, "filed": 2, "answered": 1})
INFO = ({"info": 5, "adopted": 2}, {"info": 3, "adopted": 3})
PROBLEMS = ({"problems": 4, "solved": 1}, {"problems": 6, "solved": 6})
PEOPLE = ({"members": ["张明", "李红"], "attendance": 3}, {"members": ["王强"], "attendance": 7})


def variants(pair):
    """Each record of the pair with each subset of its fields."""
    keys = list(pair[0])
    subsets = [dict(zip(keys, mask)) for mask in itertools.product((True, False), repeat=len(keys))]
    for a, b in itertools.product(subsets, subsets):
        yield tuple({k: v for k, v in record.items() if given[k]}
                    for record, given in zip(pair, (a, b)))


def valid(records):
    """The model refuses a part without its whole (立案 without 提交 …): such pairs are skipped."""
    order = (("proposals", "filed"), ("filed", "answered"), ("info", "adopted"),
             ("problems", "solved"))
    return all(whole in r for r in records for whole, part in order if part in r)


def combinations():
    for group, pair in (("proposals", PROPOSALS), ("info", INFO), ("problems", PROBLEMS),
                        ("people", PEOPLE)):
        for records in variants(pair):
            if valid(records):
                yield group, records


def known(records, whole, part=None):
    """What the records let one know of a figure: its sum, or None. A part (立案 of 提交) is
    known only when every record with some of the whole gives it."""
    if part is None:
        stated = [r[whole] for r in records if whole in r]
        return sum(stated) if stated else None
    relevant = [r for r in records if r.get(whole)]
    return None if any(part not in r for r in relevant) else sum(r[part] for r in relevant)


def expected_sentences(group, records):
    """The statements the records support, worded independently of the templates' code."""
    if group == "proposals":
        submitted = known(records, "proposals")
        if not submitted:
            return []
        filed = known(records, "proposals", "filed")
        answered = known(records, "filed", "answered") if filed is not None else None
        s = f"全年共提交提案{submitted}件" + (f"，立案{filed}件" if filed is not None else "")
        if answered and answered == filed:
            s += "，已全部办复"
        elif answered:
            s += f"，已办复{answered}件"
        return [s + "。"]
    if group == "info":
        submitted = known(records, "info")
        if not submitted:
            return []
        adopted = known(records, "info", "adopted")
        return [f"全年共上报社情民意信息{submitted}条" + (
            f"，被采用{adopted}条，采用率达{percent(adopted, submitted)}" if adopted is not None
            else "") + "。"]
    if group == "problems":
        problems = known(records, "problems")
        solved = known(records, "problems", "solved") if problems else None
        return ["全年共开展联系群众活动2次，参加委员2人次，主要围绕走访甲、走访乙倾听群众呼声"
                + (f"，收集群众反映问题{problems}件" if problems else "")
                + (f"，协调有关部门解决{solved}件" if problems and solved else "") + "。"]
    people = who(records)
    return ["全年共开展联系群众活动2次" + (f"，参加委员{people}人次" if people is not None else "")
            + "，主要围绕走访甲、走访乙倾听群众呼声。"]


def markup_of(records):
    """The summary as the templates write it, without the .docx (fast enough for every case)."""
    from cppcc_plan.context import document_context
    from cppcc_plan.kinds import KINDS
    from cppcc_plan.source import parse_source
    from cppcc_plan.templating import render_markup
    from cppcc_plan.validate import validate
    data = {"unit": {"name": "北辛街道", "level": "街道", "body": "政协工作室"}, "year": 2024,
            "members": MEMBERS, "summary": {"sections": SECTIONS[:1], "date": datetime.date(2024, 12, 20)},
            "records": records}
    year = validate(parse_source(yaml.safe_dump(data, allow_unicode=True), "t.yaml"))
    return render_markup("summary", document_context(year, KINDS["summary"]))


def test_unknown_is_never_zero_in_any_combination():
    checked = 0
    for group, given in combinations():
        records = [{"date": datetime.date(2024, 3, 1 + i), "type": "联系群众", "topic": f"走访{m}",
                    **({"members": ["张明"]} if group != "people" else {}), **fields}
                   for i, (m, fields) in enumerate(zip("甲乙", given))]
        if group in ("proposals", "info"):       # outputs only: the activity line is not checked
            records = [{**r, "members": ["张明"]} for r in records]
        lines = [line.removeprefix("【正文】") for line in markup_of(records).splitlines()
                 if line.startswith("【正文】")]
        said = [s + "。" for line in lines for s in line.split("。") if s]
        for sentence in expected_sentences(group, records):
            # a part may open with its purpose (察民情、听民意，…)
            assert any(s.endswith(sentence) for s in said), (given, sentence, said)
        for sentence in said:
            assert not re.search(r"(?<!\d)0[件条人%]", sentence), (given, sentence)
            if "提案" in sentence and group == "proposals":
                assert sentence in expected_sentences(group, records), (given, sentence)
            if "社情民意信息" in sentence and group == "info" and "共上报" in sentence:
                assert sentence in expected_sentences(group, records), (given, sentence)
        checked += 1
    assert checked == 4 * 4 + 3 * 3 + 3 * 3 + 4 * 4     # every valid pair of each group


def test_counted_records_add_up_like_single_ones(tmp_path):
    """A town that knows only its totals: 视察活动4次, 提案6件, 社情民意信息11条."""
    records = [{"date": datetime.date(2024, 12, 10), "type": "视察", "topic": "重点项目建设",
                "count": 4, "members": MEMBERS[:3], "problems": 9},
               {"date": datetime.date(2024, 12, 10), "proposals": 6},
               {"date": datetime.date(2024, 12, 10), "info": 11},
               {"date": datetime.date(2024, 5, 6), "type": "视察", "topic": "农田水利",
                "attendance": 5}]
    targets = [{"id": "v", "name": "视察活动", "type": "视察", "count": 4},
               {"id": "p", "name": "提交提案", "count": 1, "per_member": True,
                "measure": "proposals", "unit": "件"}]
    doc = render(year_file(tmp_path, records, targets=targets))
    text = body_text(doc)
    check_types(text, [r for r in records if "type" in r])
    assert "全年共开展视察活动5次，参加委员17人次" in text          # 3 members × 4 occasions + 5
    assert "全年共提交提案6件。" in text and "立案" not in text and "办复" not in text
    assert "全年共上报社情民意信息11条。" in text and "采用" not in text
    rows = target_rows(doc)
    assert rows[1] == ["1", "视察活动", "4次", "5次", "125%", "超额完成"]
    assert rows[2] == ["2", "提交提案", "6件", "6件", "100%", "已完成"]


def test_sections_results_and_highlights(tmp_path):
    records = [{"date": datetime.date(2024, 3, 25), "type": "集中学习", "topic": "《政协章程》",
                "members": MEMBERS, "highlight": True, "section": "加强学习，提升履职能力",
                "result": "委员们交流了学习体会"},
               {"date": datetime.date(2024, 4, 2), "type": "集中学习", "topic": "全国两会精神",
                "members": MEMBERS[:4], "section": "加强学习，提升履职能力"},
               {"date": datetime.date(2024, 5, 9), "type": "视察", "topic": "老旧小区改造",
                "members": MEMBERS[:3], "result": "形成视察报告1篇"},
               {"date": datetime.date(2024, 6, 9), "type": "视察", "topic": "背街小巷整治",
                "members": MEMBERS[:2], "result": "推动整改问题3个"}]
    doc = render(year_file(tmp_path, records, {"achievement_titles": {"视察": "开展专题视察，助推民生改善"}}))
    texts = doc.texts()
    study = texts[texts.index("（一）加强学习，提升履职能力") + 1]
    assert study.startswith(f"坚持把学习作为履职的基础，全年共开展集中学习活动2次，参加委员{6 + 4}人次，"
                            "学习了全国两会精神。")
    assert study.endswith(f"3月25日，组织{len(MEMBERS)}名委员集中学习《政协章程》，委员们交流了学习体会。")
    inspect = texts[texts.index("（二）开展专题视察，助推民生改善") + 1]
    assert inspect.endswith(f"全年共开展视察活动2次，参加委员{3 + 2}人次，先后就老旧小区改造、背街小巷整治"
                            "开展视察，形成视察报告1篇；推动整改问题3个。")
    # one occasion of a type reads as a dated sentence, whether marked or not
    one = [{"date": datetime.date(2024, 5, 9), "type": "调研", "topic": "社区养老服务",
            "members": MEMBERS[:3], "result": "形成调研报告1篇"}]
    text = body_text(render(year_file(tmp_path, one, name="one.yaml")))
    assert "5月9日，组织3名委员就社区养老服务开展调研，形成调研报告1篇。" in text
    assert "主要围绕" not in text and "围绕开展" not in text


def test_report_title_opens_and_closes_as_a_report(tmp_path):
    extra = {"title": "关于报送{年度}工作总结的报告", "preamble": "今年以来，政协工作室扎实开展工作。"}
    texts = render(year_file(tmp_path, make_records(), extra)).texts()
    assert "今年以来，政协工作室扎实开展工作。现将2024年工作情况报告如下：" in texts
    # 特此报告。 ends the body, before 附件说明 and the signature
    assert texts[texts.index("附件：2024年计划完成情况对照表") - 1] == "特此报告。"
    assert texts.count("特此报告。") == 1
    # the file says otherwise: no report words
    texts = render(year_file(tmp_path, make_records(), {**extra, "report": False},
                             name="plain.yaml")).texts()
    assert "特此报告。" not in texts and not any("报告如下" in t for t in texts)
    # a preamble with its own 现将… keeps it, and gets no second one
    own = {**extra, "preamble": "今年以来扎实开展工作。现将有关情况报告如下："}
    texts = render(year_file(tmp_path, make_records(), own, name="own.yaml")).texts()
    assert "今年以来扎实开展工作。现将有关情况报告如下：" in texts and "特此报告。" in texts


def test_records_sheet_beside_the_year_file(tmp_path):
    records = make_records()
    records[3].update(result="形成调研报告1篇", highlight=True, section="调研视察")
    records[8].update(count=2)
    inline = render(year_file(tmp_path, records, name="inline.yaml"))
    path = year_file(tmp_path, None, name="sheet.yaml")
    columns = {"日期": "date", "类型": "type", "内容": "topic", "次数": "count", "参加委员": "members",
               "收集问题": "problems", "解决问题": "solved", "提交提案": "proposals", "立案": "filed",
               "办复": "answered", "上报信息": "info", "采用信息": "adopted", "约数": "approximate",
               "计划项目": "target", "所属部分": "section", "成效": "result", "单列": "highlight"}
    with open(tmp_path / "sheet.records.csv", "w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(list(columns))
        for r in records:
            cells = {"date": r["date"].strftime("%Y/%m/%d"), "members": "、".join(r["members"]),
                     "approximate": "是" if r.get("approximate") else "",
                     "highlight": "是" if r.get("highlight") else ""}
            writer.writerow([cells.get(key, r.get(key, "")) for key in columns.values()])
    from_sheet = render(path)
    assert from_sheet.texts() == inline.texts()
    assert re.search(r"\n（[一二三四五六七]）调研视察\n", "\n".join(inline.texts()))


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


def test_a_record_without_type_holds_outputs_only(tmp_path):
    path = year_file(tmp_path, None, name="empty.yaml")
    (tmp_path / "empty.records.csv").write_text(
        "日期,类型,内容,次数,提交提案,单列\n2024-03-01,,全年提案,,,\n2024-04-01,,,3,2,\n"
        "2024-05-01,视察,老旧小区,2,,是\n",
        encoding="utf-8")
    result = cli("validate", str(path))
    assert result.exit_code == 2
    assert f"{tmp_path / 'empty.records.csv'}:2:1: records[1]（“全年提案”）: 记录要写 type（活动类型），" \
        "或者一项产出" in result.stderr
    assert f"{tmp_path / 'empty.records.csv'}:3:1: records[2]: 没有 type（活动类型）的记录只记产出" \
        in result.stderr
    assert f"{tmp_path / 'empty.records.csv'}:4:1: records[3]（“老旧小区”）: 单列成句（highlight）的记录是" \
        "有 topic" in result.stderr


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
    assert (f"records[1]（“{bad[0]['topic']}”）.members: “张鸣” 不在委员名单（members）中"
            "（是否想写 “张明”？）") in result.stderr


def test_whole_percentages_and_approximation_only_when_marked(tmp_path):
    records = [{"date": datetime.date(2024, 3, 1), "type": "联系群众", "topic": "走访",
                "members": ["张明"], "problems": 15, "solved": 2, "info": 4, "adopted": 4}]
    text = body_text(render(year_file(tmp_path, records)))
    assert "采用率达100%" in text and "收集群众反映问题15件" in text and "余" not in text


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
                                      "topic": "视察老旧小区改造", "members": MEMBERS[:3]},
               {"date": datetime.date(2024, 5, 19), "type": "视察",
                "topic": "视察背街小巷", "members": MEMBERS[:2]}]
    targets = [{"id": "s", "name": "集中学习", "type": "集中学习", "count": 1},
               {"id": "v", "name": "视察活动", "type": "视察", "count": 1},
               {"id": "r", "name": "委员读书沙龙", "type": "读书沙龙", "count": 2}]
    path = year_file(tmp_path, records, {
        "title": "关于报送{年度}{时段}工作总结的报告", "addressee": "滕州市政协办公室", "report": False,
        "achievement_titles": {"视察": "开展专题视察，助推民生改善"},
        "sections": [{"title": "主要工作", "generate": "achievements"},
                     {"title": "存在的不足", "generate": "shortfalls"}]}, targets=targets)
    doc = render(path, "--until", "2024-06-30", "--set", "summary.date=2024-07-05")
    texts = doc.texts()
    assert texts[0] == "关于报送2024年上半年工作总结的报告" and texts[1] == "滕州市政协办公室："
    assert "（二）开展专题视察，助推民生改善" in texts and "（一）加强理论学习，提升履职能力" in texts
    assert "先后就老旧小区改造、背街小巷开展视察。" in "".join(texts)   # two topics: no 等
    short = [t for t in texts if t.startswith("对照年初计划")]
    assert short == ["对照年初计划，委员读书沙龙按进度应开展1次，尚未开展。"]   # one: no 一是
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
    assert "2024年7月8日" in texts and texts[0] == "关于报送2024年上半年工作总结的报告"
    assert "三、下半年工作打算" in texts and "附件：2024年上半年计划完成情况对照表" in texts
    assert any(t.startswith("下半年将再") for t in texts)


@pytest.mark.parametrize("kind, topic, sentence", [
    ("集中学习", "《政协章程》", "组织{n}名委员集中学习《政协章程》"),
    ("业务培训", "提案撰写", "组织{n}名委员就提案撰写开展业务培训"),
    ("视察", "老旧小区改造", "组织{n}名委员就老旧小区改造开展视察"),
    ("委员接待", "冬季供暖", "组织{n}名委员围绕冬季供暖开展委员接待活动"),
    ("公益服务", "义诊进社区", "组织{n}名委员开展义诊进社区活动"),
    ("座谈会", "庆祝人民政协成立75周年", "就庆祝人民政协成立75周年召开座谈会，{n}名委员参加"),
    ("文史征集", "老街记忆", "组织{n}名委员围绕老街记忆开展文史征集活动")])
def test_dated_sentence_of_each_kind_of_work(tmp_path, kind, topic, sentence):
    """A highlight among several records of its type: its own dated sentence, its members
    counted here, after the type's counted sentence (which leaves its topic out)."""
    members = MEMBERS[:4]
    records = [{"date": datetime.date(2024, 4, 8), "type": kind, "topic": topic,
                "members": members, "highlight": True, "result": "效果良好"},
               {"date": datetime.date(2024, 9, 2), "type": kind, "topic": "其他内容",
                "members": MEMBERS[:2]}]
    text = body_text(render(year_file(tmp_path, records, targets=[],
                                      summary_extra={"attachments": [], "sections": SECTIONS[:1]})))
    assert "4月8日，" + sentence.format(n=len(members)) + "，效果良好。" in text
    counted = sentence_at(text, "共")
    assert numbers(counted) == ["2", str(len(members) + 2)] and topic not in counted


def test_records_name_a_section_of_the_document(tmp_path):
    """section: naming one of the summary's own sections puts the records' sentences there,
    after its text and before its items, and out of 主要工作及成效."""
    records = [{"date": datetime.date(2024, 3, 25), "type": "集中学习", "topic": "《政协章程》",
                "members": MEMBERS[:5], "section": "加强自身建设", "highlight": True,
                "result": "委员们交流了体会"},
               {"date": datetime.date(2024, 5, 9), "type": "视察", "topic": "老旧小区改造",
                "members": MEMBERS[:3]}]
    sections = [{"title": "主要工作及成效", "generate": "achievements"},
                {"title": "加强自身建设", "text": "我们注重学习。", "items": [{"lead": "健全制度。"}]}]
    texts = render(year_file(tmp_path, records, {"sections": sections, "attachments": []},
                             targets=[])).texts()
    own = texts.index("二、加强自身建设")
    assert texts[own + 1:own + 4] == [
        "我们注重学习。", "坚持把学习作为履职的基础，3月25日，组织5名委员集中学习《政协章程》，委员们交流了体会。",
        "（一）健全制度。"]
    assert not any("集中学习" in t for t in texts[:own]) and "（一）深入视察调研，助推中心工作" in texts
