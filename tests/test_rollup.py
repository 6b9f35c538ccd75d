"""`cppcc-plan rollup`: the example county's twelve townships summed here, with this file's own
reading of their YAML and CSV files, and compared with every paragraph and table cell of the
written .docx and every row of the .xlsx."""

import csv
import datetime
import json
import shutil
from collections import Counter
from pathlib import Path

import openpyxl
import pytest
import yaml

from conftest import (EXAMPLES, GONGWEN_CHECK, VALIDATE_XSD, W, DocxReader, cli,
                      libreoffice_missing, shared_tool)

COUNTY = EXAMPLES / "county-rollup"
FILES = sorted(COUNTY.glob("*.yaml"))
CN = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二"]
FREQUENCIES = {"每月": 12, "双月": 6, "每季度": 4, "每半年": 2, "每年": 1}
OUTPUTS = ["problems", "solved", "proposals", "filed", "answered", "info", "adopted"]
COLUMNS = {"日期": "date", "类型": "type", "内容": "topic", "参加委员": "members",
           "参加人数": "attendance", "收集问题": "problems", "解决问题": "solved",
           "提交提案": "proposals", "立案": "filed", "办复": "answered", "上报信息": "info",
           "采用信息": "adopted", "计划项目": "target", "成效": "result", "亮点": "highlight"}
PARTS = [("problems", "solved"), ("proposals", "filed"), ("filed", "answered"),
         ("info", "adopted")]


def read_records(path) -> list[dict]:
    with open(path, encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.DictReader(stream))
    records = []
    for row in rows:
        record = {}
        for column, key in COLUMNS.items():
            value = row[column].strip()
            if not value:
                continue
            if key == "date":
                value = datetime.date(*map(int, value.split("/")))
            elif key == "members":
                value = value.split("、")
            elif key in OUTPUTS or key == "attendance":
                value = int(value)
            elif key == "highlight":
                value = value == "是"
            record[key] = value
        records.append(record)
    return records


def read_unit(path) -> dict:
    unit = yaml.safe_load(path.read_text(encoding="utf-8"))
    unit["records"] = read_records(path.with_name(path.stem + ".records.csv"))
    return unit


UNITS = [read_unit(path) for path in FILES]


# --- The county summed independently -------------------------------------------------------

def people(record) -> int:
    return len(record.get("members", [])) or record.get("attendance", 0)


def known_sum(records, key):
    """None when no record gives the figure, or when it is a part (立案) that some record
    giving its whole (提案) leaves out."""
    if not any(key in r for r in records):
        return None
    whole = next((w for w, p in PARTS if p == key), None)
    if whole and any(r.get(whole) and key not in r for r in records):
        return None
    return sum(r.get(key, 0) for r in records)


def sums(records) -> dict:
    out = {key: known_sum(records, key) for key in OUTPUTS}
    out["activities"] = len(records)
    has_people = all(r.get("members") or "attendance" in r for r in records)
    out["attendance"] = sum(people(r) for r in records) if has_people else None
    return out


def by_type(records) -> dict[str, list[dict]]:
    groups: dict[str, list[dict]] = {}
    for r in records:
        groups.setdefault(r["type"], []).append(r)
    return groups


def doing(kind: str) -> str:
    if kind.endswith("会"):
        return "召开" + kind
    return "开展" + (kind if kind.endswith("活动") else kind + "活动")


def progress(unit) -> list[tuple[dict, int, int]]:
    rows = []
    for t in unit.get("targets", []):
        planned = (FREQUENCIES[t["frequency"]] if "frequency" in t else t["count"]) * \
            (len(unit["members"]) if t.get("per_member") else 1)
        mine = [r for r in unit["records"] if r.get("target") == t["id"] or "type" not in t
                or (not r.get("target") and r["type"] == t["type"])]
        measure = t.get("measure", "records")
        done = len(mine) if measure == "records" else sum(r.get(measure, 0) for r in mine)
        rows.append((t, planned, done))
    return rows


def cell(value) -> str:
    return "—" if value is None else str(value)


def expected_summary() -> tuple[list[str], list[list[str]]]:
    """The document's paragraphs outside the table, and the table's rows."""
    everything = [r for u in UNITS for r in u["records"]]
    total = sums(everything)
    n = len(UNITS)
    types = by_type(everything)
    clauses = []
    for kind, group in types.items():
        clause = f"{doing(kind)}{len(group)}次"
        if sum(people(r) for r in group):
            clause += f"，参加委员{sum(people(r) for r in group)}人次"
        clauses.append(clause)
    overall = (f"2024年，全县{n}个镇（街道）共开展各类活动{total['activities']}次，"
               f"参加委员{total['attendance']}人次。其中，" + "；".join(clauses) + "。")
    outputs = ""
    if total["problems"]:
        outputs += f"各镇（街道）共收集群众反映问题{total['problems']}件"
        outputs += f"，协调有关部门解决{total['solved']}件。" if total["solved"] is not None else "。"
    if total["proposals"]:
        outputs += f"委员共提交提案{total['proposals']}件"
        outputs += f"，立案{total['filed']}件" if total["filed"] is not None else ""
        outputs += f"，办复{total['answered']}件" if total["answered"] is not None else ""
        outputs += "。"
    if total["info"]:
        outputs += f"共上报社情民意信息{total['info']}条"
        if total["adopted"] is not None:
            rate = round(total["adopted"] * 1000 / total["info"]) / 10
            outputs += f"，被采用{total['adopted']}条，采用率{rate:g}%"
        outputs += "。"

    rows, ahead, behind = [], [], []
    for unit in UNITS:
        s = sums(unit["records"])
        marks = progress(unit)
        met = sum(done >= planned for _, planned, done in marks)
        rows.append([unit["unit"]["name"], str(s["activities"]), cell(s["attendance"]),
                     cell(s["problems"]), cell(s["proposals"]), cell(s["info"]),
                     f"{met}/{len(marks)}"])
        short = [(t, planned, done) for t, planned, done in marks if done < planned]
        (behind if short else ahead).append((unit["unit"]["name"], short))
    all_marks = [m for u in UNITS for m in progress(u)]
    rows.append(["合计", str(total["activities"]), cell(total["attendance"]),
                 cell(total["problems"]), cell(total["proposals"]), cell(total["info"]),
                 f"{sum(d >= p for _, p, d in all_marks)}/{len(all_marks)}"])

    def shortfall(t, planned, done):
        unit = t.get("unit", "次")
        return f"{t['name']}计划{planned}{unit}，完成{done}{unit}" if done else f"{t['name']}未开展"

    targets = "对照年初计划，"
    if ahead:
        targets += "、".join(name for name, _ in ahead) + f"{len(ahead)}个镇（街道）全面完成计划项目"
        targets += "；" if behind else "。"
    if behind:
        targets += f"{len(behind)}个镇（街道）有计划项目未完成：" + "；".join(
            name + "，".join(shortfall(*s) for s in short) for name, short in behind) + "。"

    highlights = []
    counts = {kind: len(group) for kind, group in types.items()}
    for i, unit in enumerate(UNITS, 1):
        marked = [r for r in unit["records"] if r.get("highlight")]
        if marked:
            # the example marks 视察 records: "4月2日，组织5名委员就…开展视察，成效。"
            assert {r["type"] for r in marked} == {"视察"}
            highlights.append(f"（{CN[i]}）{unit['unit']['name']}。" + "".join(
                f"{r['date'].month}月{r['date'].day}日，组织{len(r['members'])}名委员就"
                f"{r['topic']}开展视察，{r['result']}。" for r in marked))
            continue
        groups = by_type(unit["records"])
        best = max(groups, key=lambda k: (len(groups[k]) * n / counts[k], len(groups[k])))
        group = groups[best]
        text = f"（{CN[i]}）{unit['unit']['name']}。全年{doing(best)}{len(group)}次"
        if sum(people(r) for r in group):
            text += f"，参加委员{sum(people(r) for r in group)}人次"
        problems = sum(r.get("problems", 0) for r in group)
        if problems:
            text += f"，收集群众反映问题{problems}件"
            solved = sum(r.get("solved", 0) for r in group)
            text += f"，协调解决{solved}件" if solved else ""
        topics = list(dict.fromkeys(r["topic"] for r in group))
        text += "，内容包括" + "、".join(topics[:3]) + ("等" if len(topics) > 3 else "") + "。"
        highlights.append(text)

    day = max(u["summary"]["date"] for u in UNITS)
    paragraphs = [
        "和县政协2024年镇（街道）政协工作情况汇总",
        f"根据全县{n}个镇（街道）报送的年度工作记录，现将2024年镇（街道）政协工作情况汇总如下：",
        "一、总体情况", overall, outputs,
        "二、各镇（街道）工作情况",
        "各镇（街道）开展活动、参加委员人次、收集群众反映问题、提交提案、上报社情民意信息和完成"
        "计划项目情况如下表（“—”表示记录中没有这项数字）。",
        "三、计划完成情况", targets, "四、各镇（街道）工作亮点", *highlights,
        "和县政协办公室", f"{day.year}年{day.month}月{day.day}日"]
    return paragraphs, rows


def member_tallies() -> list[dict]:
    out = []
    for unit in UNITS:
        for name in unit["members"]:
            mine = [r for r in unit["records"] if name in r.get("members", [])]
            results = []
            for t in unit["targets"]:
                if not t.get("per_member"):
                    continue
                quota = FREQUENCIES[t["frequency"]] if "frequency" in t else t["count"]
                measure = t.get("measure", "records")
                counted = [r for r in mine if "type" not in t or r["type"] == t["type"]]
                done = len(counted) if measure == "records" else \
                    sum(r.get(measure, 0) for r in counted)
                results.append((t["name"], quota, t.get("unit", "次"), done))
            out.append({"name": name, "unit": unit["unit"]["name"],
                        "proposals": sum(r.get("proposals", 0) for r in mine),
                        "info": sum(r.get("info", 0) for r in mine),
                        "activities": len(mine), "results": results})
    return out


def target_sentence(tallies: list[dict], named: bool = False) -> str:
    """How many members met each per-member target, as the members overview (and a unit's
    generate: members section) says it; named: those short are named in brackets."""
    targets: dict[tuple, list[tuple[str, int]]] = {}
    for t in tallies:
        for name, quota, unit, done in t["results"]:
            targets.setdefault((name, quota, unit), []).append((t["name"], done))

    def who(members):
        return "（" + "、".join(members) + "）" if named else ""
    full, clauses = [], []
    for (name, quota, unit), done in targets.items():
        none = [m for m, d in done if d == 0]
        short = [m for m, d in done if 0 < d < quota]
        if not none and not short:
            full.append(name)
        elif len(none) == len(done):
            clauses.append(f"全体委员均未{name}")
        else:
            parts = ([f"{len(none)}名委员{who(none)}未{name}"] if none else []) + \
                ([f"{len(short)}名委员{who(short)}{name}不足{quota}{unit}"] if short else [])
            clauses.append("，".join(parts))
    said = ("全体委员均" + "、".join(full) if full else "") + ("，其中" if full and clauses else "") \
        + "；".join(clauses)
    requirement = "、".join(f"{name}{quota}{unit}" for name, quota, unit in targets)
    return f"对照每名委员每年至少{requirement}的要求，{said}。"


# --- Reading the document back ---------------------------------------------------------------

def in_table(paragraph) -> bool:
    return any(a.tag == f"{W}tc" for a in paragraph.xml.iterancestors())


def body(doc: DocxReader) -> list[str]:
    return [p.text.replace("\n", "") for p in doc.paragraphs
            if p.text.strip() and not in_table(p)]


def table_rows(doc: DocxReader, index: int = 0) -> list[list[str]]:
    table = doc.document.findall(f".//{W}tbl")[index]
    return [["".join(t.text for t in c.iter(f"{W}t")) for c in r.findall(f"{W}tc")]
            for r in table.findall(f"{W}tr")]


def rollup(*args):
    return cli("rollup", *map(str, args))


@pytest.fixture(scope="module")
def summary(tmp_path_factory):
    out = tmp_path_factory.mktemp("rollup") / "全县汇总.docx"
    result = rollup(COUNTY, "-o", out)
    assert result.exit_code == 0, result.stderr
    assert f"已汇总 {len(UNITS)} 个单位" in result.stderr
    return out


@pytest.fixture(scope="module")
def members_doc(tmp_path_factory):
    out = tmp_path_factory.mktemp("rollup") / "委员履职.docx"
    result = rollup(COUNTY, "--kind", "members", "-o", out)
    assert result.exit_code == 0, result.stderr
    return out


def test_the_example_is_a_county_of_a_dozen_townships():
    assert len(UNITS) == 12
    assert {u["unit"]["level"] for u in UNITS} == {"镇", "街道"}
    assert all(len(u["records"]) >= 15 for u in UNITS)
    # the example shows an unknown figure, a unit behind its plan and one without 采用
    assert any(known_sum(u["records"], "problems") is None for u in UNITS)
    assert any(known_sum(u["records"], "adopted") is None for u in UNITS)
    assert sum(any(r.get("highlight") for r in u["records"]) for u in UNITS) == 3


def test_every_figure_of_the_summary_is_the_units_summed(summary):
    paragraphs, rows = expected_summary()
    doc = DocxReader(summary)
    assert body(doc) == paragraphs
    table = table_rows(doc)
    assert table[0] == ["单位", "活动（次）", "参加（人次）", "问题（件）", "提案（件）",
                        "社情民意（条）", "完成计划"]
    assert table[1:] == rows


@pytest.mark.parametrize("document", ["summary", "members_doc"])
def test_the_tables_fit_the_portrait_page(document, request):
    """A body table has the 版心's width (GB/T 9704 5.2.2: 156 mm), never more."""
    doc = DocxReader(request.getfixturevalue(document))
    grid = doc.document.find(f".//{W}tblGrid")
    widths = [int(col.get(f"{W}w")) for col in grid.findall(f"{W}gridCol")]
    assert abs(sum(widths) - round(156 / 25.4 * 1440)) <= 30, widths
    size = doc.document.find(f".//{W}sectPr/{W}pgSz")
    assert size.get(f"{W}orient") in (None, "portrait")


def test_an_unknown_figure_is_a_dash_never_zero(summary):
    rows = table_rows(DocxReader(summary))[1:-1]
    unknown = [u for u in UNITS if known_sum(u["records"], "problems") is None]
    for unit in unknown:
        row = next(r for r in rows if r[0] == unit["unit"]["name"])
        assert row[3] == "—"
    text = "".join(body(DocxReader(summary)))
    assert "采用率" not in text and "被采用" not in text    # 采用 is unknown for one township


def test_the_title_breaks_outside_its_brackets(summary):
    title = next(p for p in DocxReader(summary).paragraphs if p.style == "Title")
    lines = title.text.split("\n")
    assert "".join(lines) == "和县政协2024年镇（街道）政协工作情况汇总" and len(lines) == 2
    assert any("镇（街道）" in line for line in lines)         # 镇 keeps its （街道）


def checker_report(out, *args) -> dict:
    result = shared_tool(GONGWEN_CHECK, str(out), "--json", *args)
    return json.loads(result.stdout)


@pytest.mark.parametrize("document", ["summary", "members_doc"])
def test_the_rollup_passes_the_shared_checkers(document, request, tmp_path):
    out = request.getfixturevalue(document)
    schema = shared_tool(VALIDATE_XSD, str(out))
    assert schema.returncode == 0 and "valid: 0 error(s)" in schema.stdout, schema.stdout
    args = () if libreoffice_missing() else ("--render", str(tmp_path / "render"))
    report = checker_report(out, *args)
    assert report["summary"]["passed"] > 0
    assert [r for r in report["results"] if r["status"] == "FAIL"] == []
    if args:
        status = {r["rule"]: r["status"] for r in report["results"]}
        assert status["render.pagenum"] == status["render.chars"] == "PASS"


def test_members_are_counted_and_named_only_in_the_table(members_doc):
    tallies = member_tallies()
    doc = DocxReader(members_doc)
    text = body(doc)
    total_proposals = sum(r.get("proposals", 0) for u in UNITS for r in u["records"])
    total_info = sum(r.get("info", 0) for u in UNITS for r in u["records"])
    assert text[3] == (f"2024年，全县{len(tallies)}名委员共提交提案{total_proposals}件，上报社情民意"
                       f"信息{total_info}条，参加各类活动{sum(t['activities'] for t in tallies)}人次。")
    assert text[4] == target_sentence(tallies)
    assert any(t["results"][1][3] == 0 for t in tallies), "the example has members short"
    names = {t["name"] for t in tallies}
    assert not any(name in paragraph for paragraph in text for name in names)
    rows = table_rows(doc)
    assert rows[0] == ["序号", "姓名", "所在单位", "提交提案（件）", "社情民意信息（条）",
                       "参加活动（次）", "完成情况"]
    for i, (row, t) in enumerate(zip(rows[1:], tallies, strict=True), 1):
        unmet = [name for name, quota, _, done in t["results"] if done < quota]
        assert row == [str(i), t["name"], t["unit"], str(t["proposals"]), str(t["info"]),
                       str(t["activities"]), "未" + "、".join(unmet) if unmet else "达标"]


def test_the_workbook_has_the_units_and_the_records(tmp_path):
    out = tmp_path / "汇总.xlsx"
    result = rollup(COUNTY, "-o", out)
    assert result.exit_code == 0, result.stderr
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["单位", "记录"]
    units = list(book["单位"].iter_rows(values_only=True))
    header = units[0]
    fields = ["activities", "attendance", "problems", "solved", "proposals", "filed", "answered",
              "info", "adopted"]
    for unit, row in zip(UNITS + [None], units[1:], strict=True):
        records = unit["records"] if unit else [r for u in UNITS for r in u["records"]]
        values = dict(zip(header, row))
        assert values["单位"] == (unit["unit"]["name"] if unit else "合计")
        expected = sums(records)
        assert [values[h] for h in header[2:11]] == [expected[f] for f in fields]
        for kind, group in by_type(records).items():
            assert values[f"{kind}（次）"] == len(group)
    rows = list(book["记录"].iter_rows(values_only=True))
    assert rows[0][:4] == ("单位", "日期", "类型", "内容")
    assert Counter(r[0] for r in rows[1:]) == Counter(
        {u["unit"]["name"]: len(u["records"]) for u in UNITS})
    first = UNITS[0]["records"][0]
    columns = rows[0]
    assert rows[1][columns.index("日期")].date() == first["date"]
    assert rows[1][columns.index("参加委员")] == "、".join(first["members"])


def test_the_members_workbook(tmp_path):
    out = tmp_path / "委员.xlsx"
    assert rollup(COUNTY, "--kind", "members", "-o", out).exit_code == 0
    rows = list(openpyxl.load_workbook(out)["委员"].iter_rows(values_only=True))
    tallies = member_tallies()
    assert [r[:5] for r in rows[1:]] == [(t["name"], t["unit"], t["proposals"], t["info"],
                                         t["activities"]) for t in tallies]


# --- The batch form ---------------------------------------------------------------------------

def test_a_batch_base_and_its_units_table_with_records_beside_it(tmp_path, summary):
    """The same county as a base and a CSV table of units: the same document."""
    base = yaml.safe_load(FILES[0].read_text(encoding="utf-8"))
    base.pop("members")
    (tmp_path / "base.yaml").write_text(yaml.safe_dump(base, allow_unicode=True), encoding="utf-8")
    with open(tmp_path / "units.csv", "w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(["unit.name", "unit.level", "unit.body", "summary.date"])
        for path, unit in zip(FILES, UNITS):
            writer.writerow([unit["unit"]["name"], unit["unit"]["level"], unit["unit"]["body"],
                             unit["summary"]["date"].isoformat()])
            shutil.copy(path.with_name(path.stem + ".records.csv"), tmp_path)
    # members and targets per unit cannot be table cells: a folder of unit files carries them
    units = tmp_path / "units"
    units.mkdir()
    for path, unit in zip(FILES, UNITS):
        part = {"unit": unit["unit"], "members": unit["members"], "targets": unit["targets"],
                "summary": {"date": unit["summary"]["date"]}}
        (units / path.name).write_text(yaml.safe_dump(part, allow_unicode=True), encoding="utf-8")
        shutil.copy(path.with_name(path.stem + ".records.csv"), units)
    out = tmp_path / "folder.docx"
    result = rollup("--base", tmp_path / "base.yaml", units, "-o", out)
    assert result.exit_code == 0, result.stderr
    assert body(DocxReader(out)) == body(DocxReader(summary))
    assert table_rows(DocxReader(out)) == table_rows(DocxReader(summary))
    # from the CSV table: the records beside it by unit name; targets per member need the
    # roster, so the base's targets without members count as 0 planned — the figures agree
    out = tmp_path / "table.docx"
    result = rollup("--base", tmp_path / "base.yaml", tmp_path / "units.csv", "-o", out)
    assert result.exit_code == 0, result.stderr
    assert [r[:6] for r in table_rows(DocxReader(out))] == \
        [r[:6] for r in table_rows(DocxReader(summary))]


# --- What cannot agree is refused ------------------------------------------------------------

def county_copy(tmp_path, names=None):
    folder = tmp_path / "county"
    folder.mkdir()
    for path in FILES[:names]:
        shutil.copy(path, folder)
        shutil.copy(path.with_name(path.stem + ".records.csv"), folder)
    return folder


def refused(*args) -> str:
    result = rollup(*args)
    assert result.exit_code == 2, result.stderr
    assert "Traceback" not in result.stderr
    return result.stderr


def test_a_record_outside_the_units_year_is_refused_at_its_row(tmp_path):
    folder = county_copy(tmp_path, 3)
    records = folder / f"{FILES[1].stem}.records.csv"
    lines = records.read_text(encoding="utf-8-sig").splitlines()
    lines[3] = lines[3].replace("2024/", "2023/", 1)
    records.write_text("\n".join(lines) + "\n", encoding="utf-8")
    err = refused(folder, "-o", tmp_path / "x.docx")
    topic = lines[3].split(",")[2]
    # list items are counted from 1 in messages, and named by their topic
    assert f"{records}:4:1: records[3]（“{topic}”）.date: 记录日期 2023-" in err
    assert "不在年度 2024 内" in err
    assert not (tmp_path / "x.docx").exists()


def test_the_same_record_in_two_units_is_refused(tmp_path):
    folder = county_copy(tmp_path, 2)
    first, second = (folder / f"{p.stem}.records.csv" for p in FILES[:2])
    row = first.read_text(encoding="utf-8-sig").splitlines()[1]
    # the first unit's first record, copied into the second's file (its members put on the
    # second's roster, so that nothing but the copy is wrong)
    second.write_text(second.read_text(encoding="utf-8-sig") + row + "\n", encoding="utf-8")
    (folder / FILES[1].name).write_text(
        FILES[1].read_text(encoding="utf-8").replace(
            "members:\n", "members:\n" + "".join(f"  - {m}\n" for m in
                                                UNITS[0]["records"][0]["members"])),
        encoding="utf-8")
    line = len(second.read_text(encoding="utf-8").splitlines())
    err = refused(folder, "-o", tmp_path / "x.docx")
    topic = row.split(",")[2]
    assert (f"{second}:{line}:1: records[{line - 1}]（“{topic}”）: 与 {UNITS[0]['unit']['name']} "
            "的一条记录完全相同，会被计入两个单位") in err
    assert f"那一条在 {first}:2:1；" in err


def test_units_of_different_years_or_counties_are_refused(tmp_path):
    folder = county_copy(tmp_path, 3)
    odd = folder / FILES[2].name
    odd.write_text(odd.read_text(encoding="utf-8").replace("2024", "2025")
                   .replace("parent_committee: 和县政协", "parent_committee: 含山县政协"),
                   encoding="utf-8")
    records = odd.with_name(odd.stem + ".records.csv")
    records.write_text(records.read_text(encoding="utf-8-sig").replace("2024/", "2025/"),
                       encoding="utf-8")
    err = refused(folder, "-o", tmp_path / "x.docx")
    assert f"{odd}:" in err and "年度 2025 与" in err
    assert "unit.parent_committee: 上级政协为 含山县政协" in err


def test_the_same_unit_twice_is_refused(tmp_path):
    err = refused(FILES[0], FILES[0], "-o", tmp_path / "x.docx")
    line = FILES[0].read_text(encoding="utf-8").splitlines().index("  name: " + UNITS[0]["unit"]["name"])
    assert err.splitlines() == [f"错误：{FILES[0]}:{line + 1}:9: unit.name: 单位 “{UNITS[0]['unit']['name']}” "
                                f"已在 {FILES[0]} 中汇总过（每个单位只能汇总一次）"]


def test_a_totals_row_that_contradicts_the_records_is_refused_at_its_cell(tmp_path):
    folder = county_copy(tmp_path, 2)
    records = folder / f"{FILES[0].stem}.records.csv"
    proposals = sum(r.get("proposals", 0) for r in UNITS[0]["records"])
    info = sum(r.get("info", 0) for r in UNITS[0]["records"])
    header = records.read_text(encoding="utf-8-sig").splitlines()[0].split(",")
    row = [""] * len(header)
    row[0], row[header.index("提交提案")], row[header.index("上报信息")] = \
        "合计", str(proposals), str(info)
    agreeing = records.read_text(encoding="utf-8-sig") + ",".join(row) + "\n"
    records.write_text(agreeing, encoding="utf-8")
    assert rollup(folder, "-o", tmp_path / "ok.docx").exit_code == 0   # a total that agrees
    row[header.index("提交提案")] = str(proposals + 2)
    records.write_text(agreeing.rsplit("\n", 2)[0] + "\n" + ",".join(row) + "\n", encoding="utf-8")
    err = refused(folder, "-o", tmp_path / "x.docx")
    line = len(records.read_text(encoding="utf-8").splitlines())
    column = header.index("提交提案") + 1
    assert f"{records}:{line}:{column}: 合计行的提交提案为 {proposals + 2}，各行相加为 {proposals}" in err


def test_a_record_naming_someone_off_the_roster_is_refused_at_its_row(tmp_path):
    folder = county_copy(tmp_path, 2)
    records = folder / f"{FILES[0].stem}.records.csv"
    lines = records.read_text(encoding="utf-8-sig").splitlines()
    cells = lines[1].split(",")
    cells[3] = "查无此人"
    lines[1] = ",".join(cells)
    records.write_text("\n".join(lines) + "\n", encoding="utf-8")
    err = refused(folder, "--kind", "members", "-o", tmp_path / "x.docx")
    topic = cells[2]
    assert f"{records}:2:4: records[1]（“{topic}”）.members: “查无此人” 不在委员名单（members）中" in err


def test_output_must_be_docx_or_xlsx(tmp_path):
    err = refused(COUNTY, "-o", tmp_path / "x.pdf")
    assert "汇总只能写成 .docx 或 .xlsx 文件" in err


def test_a_units_summary_can_attach_its_members_table(tmp_path):
    """`table: members` in a year file's summary: the same tallies, for one unit."""
    index = next(i for i, u in enumerate(UNITS) if any(
        t["results"][1][3] == 0 for t in member_tallies() if t["unit"] == u["unit"]["name"]))
    out = tmp_path / "summary.docx"
    result = cli("render", str(FILES[index]), "--kind", "summary", "-o", str(out),
                 "--set", "summary.attachments=[{table: members}]")
    assert result.exit_code == 0, result.stderr
    doc = DocxReader(out)
    assert "2024年委员履职情况表" in [p.text for p in doc.paragraphs if p.style == "Title"]
    tallies = [t for t in member_tallies() if t["unit"] == UNITS[index]["unit"]["name"]]
    rows = table_rows(doc, -1)
    assert rows[0] == ["序号", "姓名", "提交提案（件）", "社情民意信息（条）", "参加活动（次）", "完成情况"]
    for i, (row, t) in enumerate(zip(rows[1:], tallies, strict=True), 1):
        unmet = [name for name, quota, _, done in t["results"] if done < quota]
        assert row == [str(i), t["name"], str(t["proposals"]), str(t["info"]), str(t["activities"]),
                       "未" + "、".join(unmet) if unmet else "达标"]
    assert "未报送社情民意信息" in [r[-1] for r in rows]
    report = checker_report(out)
    assert [r for r in report["results"] if r["status"] == "FAIL"] == []


def test_a_members_table_needs_a_roster(tmp_path):
    path = tmp_path / "town.yaml"
    data = yaml.safe_load(FILES[0].read_text(encoding="utf-8"))
    data.pop("members")
    data["targets"] = [t for t in data["targets"] if not t.get("per_member")]
    data["summary"]["attachments"] = [{"table": "members"}]
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    shutil.copy(FILES[0].with_name(FILES[0].stem + ".records.csv"), tmp_path / "town.records.csv")
    result = cli("validate", str(path))
    assert result.exit_code == 2
    assert "summary.attachments[1].table: table: members 需要 members（委员名单）" in result.stderr


def test_the_rollup_names_members_short_only_when_asked(tmp_path, members_doc):
    out = tmp_path / "委员履职.docx"
    result = rollup(COUNTY, "--kind", "members", "--name-members", "-o", out)
    assert result.exit_code == 0, result.stderr
    tallies = member_tallies()
    named, plain = body(DocxReader(out)), body(DocxReader(members_doc))
    assert named[4] == target_sentence(tallies, named=True) != plain[4]
    short = [t["name"] for t in tallies if any(done < quota for _, quota, _, done in t["results"])]
    assert short and all(name in named[4] for name in short)
    assert named[:4] + named[5:] == plain[:4] + plain[5:]
    assert table_rows(DocxReader(out)) == table_rows(DocxReader(members_doc))


def unit_with_members_section(tmp_path, index: int, **summary) -> Path:
    """FILES[index] with a section `generate: members` and the members table attached."""
    data = yaml.safe_load(FILES[index].read_text(encoding="utf-8"))
    data["summary"]["sections"].append({"title": "委员履职情况", "generate": "members",
                                        "text": "全镇委员积极履职尽责。"})
    data["summary"]["attachments"] = [{"table": "members"}]
    data["summary"].update(summary)
    path = tmp_path / FILES[index].name
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    records = FILES[index].stem + ".records.csv"
    shutil.copy(FILES[index].with_name(records), tmp_path / records)
    return path


@pytest.mark.parametrize("named", [False, True])
def test_a_units_summary_says_how_many_members_met_each_target(tmp_path, named):
    """generate: members: the roll-up's sentence for one unit, after the section's own text;
    names only in the table unless summary.name_members asks."""
    index = next(i for i, u in enumerate(UNITS) if any(
        t["results"][1][3] == 0 for t in member_tallies() if t["unit"] == u["unit"]["name"]))
    path = unit_with_members_section(tmp_path, index, **({"name_members": True} if named else {}))
    out = tmp_path / "summary.docx"
    result = cli("render", str(path), "--kind", "summary", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    tallies = [t for t in member_tallies() if t["unit"] == UNITS[index]["unit"]["name"]]
    doc = DocxReader(out)
    text = body(doc)
    heading = next(i for i, p in enumerate(text) if p.endswith("、委员履职情况"))
    assert text[heading + 1:heading + 3] == ["全镇委员积极履职尽责。",
                                             target_sentence(tallies, named)]
    assert "其中" in text[heading + 2]                  # the unit has members short
    short = {t["name"] for t in tallies if any(d < q for _, q, _, d in t["results"])}
    said = {t["name"] for t in tallies if any(t["name"] in p for p in text)}
    assert said == (short if named else set())
    assert [r[1] for r in table_rows(doc, -1)[1:]] == [t["name"] for t in tallies]
    schema = shared_tool(VALIDATE_XSD, str(out))
    assert schema.returncode == 0 and "valid: 0 error(s)" in schema.stdout, schema.stdout
    args = () if libreoffice_missing() else ("--render", str(tmp_path / "render"))
    report = checker_report(out, *args)
    assert [r for r in report["results"] if r["status"] == "FAIL"] == []


def test_members_short_of_a_quota_of_two_are_counted_and_named(tmp_path):
    """不足 as well as 未: each member's records against 每名委员至少2件, in a unit's summary."""
    def records(members):
        return [{"date": datetime.date(2024, 3, 1 + k), "type": "委员接待", "topic": "接待日",
                 "members": [m], "proposals": k, "info": 1} for k, m in enumerate(members)]
    path = small_county(tmp_path, records)[0]
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["targets"][0]["count"] = 2
    data["summary"]["sections"].append({"title": "委员履职", "generate": "members"})
    data["summary"]["name_members"] = True
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    out = tmp_path / "summary.docx"
    result = cli("render", str(path), "--kind", "summary", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    members = data["members"]
    done = {m: k for k, m in enumerate(members)}         # member k: k proposals, 1 info each
    none = [m for m in members if done[m] == 0]
    short = [m for m in members if 0 < done[m] < 2]
    assert (len(none), len(short)) == (1, 1)
    assert (f"对照每名委员每年至少提交提案2件、报送社情民意信息1条的要求，全体委员均报送社情民意信息，"
            f"其中1名委员（{none[0]}）未提交提案，1名委员（{short[0]}）提交提案不足2件。") \
        in body(DocxReader(out))


def test_a_members_section_needs_per_member_targets(tmp_path):
    path = unit_with_members_section(tmp_path, 0)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["targets"] = [t for t in data["targets"] if not t.get("per_member")]
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    result = cli("validate", str(path))
    assert result.exit_code == 2 and "Traceback" not in result.stderr
    section = len(data["summary"]["sections"]) - 1
    assert f"{path}:" in result.stderr            # file:line:column, then the YAML path
    assert (f"summary.sections[{section + 1}]（“委员履职情况”）.generate: generate: members 需要 "
            "members（委员名单）和“每名委员”的计划（targets 中写 per_member: true）") in result.stderr


def small_county(tmp_path, records_of) -> list:
    """Two townships written here, each with three members and the records given."""
    paths = []
    for i, name in enumerate(["甲镇", "乙镇"]):
        members = [f"{name}委员{k}" for k in range(3)]
        data = {"unit": {"name": name, "level": "镇", "body": "政协联络组",
                         "parent_committee": "某县政协"},
                "year": 2024, "members": members,
                "targets": [{"id": "提案", "name": "提交提案", "count": 1, "per_member": True,
                             "measure": "proposals", "unit": "件"},
                            {"id": "信息", "name": "报送社情民意信息", "count": 1,
                             "per_member": True, "measure": "info", "unit": "条"}],
                "summary": {"sections": [{"title": "主要工作", "generate": "achievements"}],
                            "date": datetime.date(2024, 12, 20 + i)},
                "records": records_of(members)}
        path = tmp_path / f"{name}.yaml"
        path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        paths.append(path)
    return paths


def test_all_members_met_one_target_and_some_not_the_other(tmp_path):
    def records(members):
        return [{"date": datetime.date(2024, 3, 1 + k), "type": "委员接待", "topic": "接待日",
                 "members": [m], "proposals": 1,
                 **({"info": 1} if k else {})} for k, m in enumerate(members)]
    out = tmp_path / "委员.docx"
    result = rollup(*small_county(tmp_path, records), "--kind", "members", "-o", out)
    assert result.exit_code == 0, result.stderr
    text = body(DocxReader(out))
    assert text[4] == ("对照每名委员每年至少提交提案1件、报送社情民意信息1条的要求，"
                       "全体委员均提交提案，其中2名委员未报送社情民意信息。")
    assert "某县政协办公室" in text and "2024年12月21日" in text


def test_a_figure_not_every_record_states_is_left_out(tmp_path):
    """One record without 参加委员 or 参加人数: the county's 人次 is unknown, not a smaller sum;
    no record gives 收集问题: no clause, and "—" in the table."""
    def records(members):
        return [{"date": datetime.date(2024, 4, 2), "type": "视察", "topic": "河道治理",
                 "members": members[:2]},
                {"date": datetime.date(2024, 5, 6), "type": "视察",
                 "topic": members[0][:2] + "校舍安全"}]
    out = tmp_path / "汇总.docx"
    result = rollup(*small_county(tmp_path, records), "-o", out)
    assert result.exit_code == 0, result.stderr
    doc = DocxReader(out)
    text = body(doc)
    assert text[3] == "2024年，全县2个镇共开展各类活动4次。其中，开展视察活动4次。"
    assert text[4] == "二、各镇工作情况"        # no paragraph of outputs: none is known
    assert [t for t in text if t.startswith("（")] == [
        "（一）甲镇。全年开展视察活动2次，内容包括河道治理、甲镇校舍安全。",
        "（二）乙镇。全年开展视察活动2次，内容包括河道治理、乙镇校舍安全。"]
    assert table_rows(doc)[1:] == [["甲镇", "2", "—", "—", "—", "—", "0/2"],
                                   ["乙镇", "2", "—", "—", "—", "—", "0/2"],
                                   ["合计", "4", "—", "—", "—", "—", "0/4"]]


def test_units_without_records_are_refused(tmp_path):
    paths = small_county(tmp_path, lambda members: [])
    for path in paths:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        data["plan"] = {"sections": [{"title": "工作安排", "text": "按计划开展。"}],
                        "date": datetime.date(2024, 1, 10)}
        del data["summary"], data["records"]
        path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    err = refused(*paths, "-o", tmp_path / "x.docx", "--date", "2024-12-30")
    assert "各单位都没有本年度的工作记录，无从汇总" in err


def test_a_totals_row_in_an_excel_records_sheet(tmp_path):
    """The same check on a workbook, its cells typed as Excel types them."""
    folder = county_copy(tmp_path, 2)
    csv_path = folder / f"{FILES[0].stem}.records.csv"
    with open(csv_path, encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.reader(stream))
    csv_path.unlink()
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "记录"
    header = rows[0]
    numeric = {header.index(c) for c in ("参加人数", "收集问题", "解决问题", "提交提案", "立案", "办复",
                                         "上报信息", "采用信息")}
    for row in rows:
        sheet.append([int(v) if i in numeric and v.isdigit() else v for i, v in enumerate(row)])
    problems = sum(r.get("problems", 0) for r in UNITS[0]["records"])
    total = [None] * len(header)
    total[0], total[header.index("收集问题")] = "合计", problems + 1
    sheet.append(total)
    book.save(folder / f"{FILES[0].stem}.records.xlsx")
    err = refused(folder, "-o", tmp_path / "x.docx")
    cell = f"{'ABCDEFGHIJKLMNOP'[header.index('收集问题')]}{len(rows) + 1}"
    assert (f"{folder / FILES[0].stem}.records.xlsx!记录!{cell}: 合计行的收集问题为 {problems + 1}，"
            f"各行相加为 {problems}") in err


def test_a_totals_row_counts_each_rows_activities(tmp_path):
    """次数 in a 合计 row: a row without 次数 is one activity, members take part in each."""
    data = yaml.safe_load(FILES[0].read_text(encoding="utf-8"))
    (tmp_path / "town.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    a, b = data["members"][:2]
    rows = ["日期,类型,内容,次数,参加委员", f"2024/3/1,视察,河道,3,{a}、{b}",
            f"2024/4/1,调研,养老,,{a}"]
    records = tmp_path / "town.records.csv"
    records.write_text("\n".join(rows + ["合计,,,4,7"]) + "\n", encoding="utf-8")
    assert cli("validate", str(tmp_path / "town.yaml")).exit_code == 0
    records.write_text("\n".join(rows + ["合计,,,3,7"]) + "\n", encoding="utf-8")
    result = cli("validate", str(tmp_path / "town.yaml"))
    assert result.exit_code == 2
    assert f"{records}:4:4: 合计行的次数为 3，各行相加为 4" in result.stderr
