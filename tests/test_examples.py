"""Every example renders to a finished document: schema-valid, GB/T 9704-clean (also as laid
out by LibreOffice), and saying in order what its YAML says, with numbers computed here
independently of the tool."""

import json
import re

import pytest
import yaml

from conftest import (EXAMPLES, GONGWEN_CHECK, VALIDATE_XSD, W, DocxReader, cli,
                      libreoffice_missing, shared_tool)

EXAMPLE_FILES = sorted(EXAMPLES.glob("*.yaml"))
CN = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十",
      "十一", "十二", "十三", "十四", "十五", "十六", "十七", "十八", "十九", "二十"]
QUARTERS = {1: "第一季度", 2: "第二季度", 3: "第三季度", 4: "第四季度"}
# The GB/T 9704 rank (and so the style) used at each depth of each ladder.
LADDERS = {"standard": [1, 2, 3, 4], "compact": [1, 3, 4]}
NUMBER_FORMS = {1: "{cn}、", 2: "（{cn}）", 3: "{n}.", 4: "（{n}）"}
FONTS = {"Title": "方正小标宋简体", "Heading1": "黑体", "Heading2": "楷体_GB2312",
         "Heading3": "仿宋_GB2312", "Heading4": "仿宋_GB2312", "Normal": "仿宋_GB2312",
         "Lead1": "黑体", "Lead2": "楷体_GB2312", "Signature": "仿宋_GB2312",
         "DateLine": "仿宋_GB2312"}


# The kinds' numbering defaults, as the seeds show them (002 and 000 (二) run on across sections).
KIND_DEFAULTS = {"plan": ("standard", False), "keypoints": ("compact", True),
                 "consultation": ("standard", False), "activity_list": ("compact", False),
                 "project_list": ("compact", True), "summary": ("standard", False)}
KIND_NAMES = {"plan": "plan", "keypoints": "keypoints", "consultation": "consultation",
              "activity_list": "activities", "project_list": "projects", "summary": "summary"}
# Every document of every example: (year file, its key for the document).
DOCUMENTS = [(path, key) for path in EXAMPLE_FILES
             for key in KIND_DEFAULTS if key in yaml.safe_load(path.read_text(encoding="utf-8"))]
SHARED_MARKS = "[“”‘’—…]"        # set in the East Asian font only with w:hint="eastAsia"
NUMBER_RE = re.compile(r"^([一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d+\. ?|（\d+）)")


COUNTY = EXAMPLES / "county-batch"
# Documents the shared checkers judge besides DOCUMENTS: the street summary's half-year form,
# and one unit of the batch example (the first of its per-unit files).
MORE_CHECKED = {
    "street-summary-half": ("render", str(EXAMPLES / "street-summary.yaml"), "--kind", "summary",
                            "--until", "2024-06-30", "--set", "summary.date=2024-07-08"),
    "county-batch-unit": ("batch", str(COUNTY / "base.yaml"), str(COUNTY / "units"),
                          "--shard", "1/3", "--jobs", "1"),
}


def document_id(document: tuple) -> str:
    return f"{document[0].stem}-{document[1]}"


@pytest.fixture(scope="module", params=DOCUMENTS, ids=document_id)
def rendered(request, tmp_path_factory):
    source, key = request.param
    out = tmp_path_factory.mktemp(source.stem) / f"{source.stem}-{key}.docx"
    result = cli("render", str(source), "--kind", KIND_NAMES[key], "-o", str(out))
    assert result.exit_code == 0, result.stderr
    return yaml.safe_load(source.read_text(encoding="utf-8")), key, out


@pytest.fixture(scope="module", params=[*map(document_id, DOCUMENTS), *MORE_CHECKED])
def checked(request, tmp_path_factory):
    """Every document the checkers judge: each kind each example renders, and MORE_CHECKED."""
    folder = tmp_path_factory.mktemp(request.param)
    out = folder / f"{request.param}.docx"
    if request.param in MORE_CHECKED:
        command, *args = MORE_CHECKED[request.param]
    else:
        source, key = next(d for d in DOCUMENTS if document_id(d) == request.param)
        command, args = "render", [str(source), "--kind", KIND_NAMES[key]]
    result = cli(command, *args, "-o", str(out if command == "render" else folder))
    assert result.exit_code == 0, result.stderr
    (out,) = folder.glob("*.docx")
    return out


def test_there_are_level_and_kind_examples():
    files = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in EXAMPLE_FILES]
    assert {"街道", "镇", "县"} <= {f["unit"]["level"] for f in files}
    assert set(KIND_DEFAULTS) == {key for _, key in DOCUMENTS}


def test_schema_valid(checked):
    result = shared_tool(VALIDATE_XSD, str(checked))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "valid: 0 error(s)" in result.stdout


def checker_report(out, *args) -> dict:
    """The shared checker's JSON report: each check runs (and renders) once."""
    result = shared_tool(GONGWEN_CHECK, str(out), "--json", *args)
    return json.loads(result.stdout)


def test_gongwen_check_with_layout(checked, tmp_path):
    """No FAIL, the layout by LibreOffice included: page numbers, 28 characters a line, every
    mark printed, 署名 and date with body text (the checker's README lists the rules)."""
    reason = libreoffice_missing()
    report = checker_report(checked, *(() if reason else ("--render", str(tmp_path / "r"))))
    assert report["summary"]["passed"] > 0
    assert [r for r in report["results"] if r["status"] == "FAIL"] == []
    if reason:
        pytest.skip(f"the layout checks need LibreOffice: {reason}")
    status = {r["rule"]: r for r in report["results"]}
    for rule in ("render.pagenum", "render.chars", "render.pagenum.side", "render.text",
                 "render.closing"):
        assert status[rule]["status"] == "PASS", status[rule]
    # 22 lines are counted on full pages; a document of two pages has none to count
    lines = status["render.lines"]
    assert lines["status"] == "PASS" or (
        lines["status"] == "WARN" and "no full body page" in lines["detail"]), lines


def numbering_of(data: dict, key: str) -> tuple[str, bool]:
    ladder, continuous = KIND_DEFAULTS[key]
    given = data[key].get("numbering", {})
    return given.get("ladder", ladder), given.get("continuous", continuous)


def planned_quarters(activities: list[dict]) -> list[int]:
    return sorted({a.get("quarter") or (a["month"] - 1) // 3 + 1 for a in activities
                   if a.get("quarter") or a.get("month")})


def first_seen(values) -> list:
    return list(dict.fromkeys(values))


def by_time(items) -> list[dict]:
    """Inside a form or type: by month, a quarter counting as its last month, untimed last."""
    return sorted(items, key=lambda i: i.get("month") or 3 * i.get("quarter", 5))


def expected_items(data: dict, key: str) -> list[dict]:
    """Every numbered paragraph of the body, in order, with this file's own numerals:
    {depth, n, label, text}, text being what follows the number (its start for list items)."""
    ladder_name, continuous = numbering_of(data, key)
    ladder = LADDERS[ladder_name]
    out, counters = [], [0] * len(ladder)

    def add(depth, text):
        counters[depth] += 1
        for deeper in range(depth + 1, len(counters)):
            if not (continuous and deeper == 1):
                counters[deeper] = 0
        n = counters[depth]
        label = NUMBER_FORMS[ladder[depth]].format(cn=CN[n], n=n)
        out.append({"depth": depth, "n": n, "label": label, "text": text})

    def walk(entry, depth):
        add(depth, entry.get("title") or entry.get("lead"))
        for child in entry.get("items", []):
            walk(child, depth + 1)

    for section in data[key]["sections"]:
        generate = section.get("generate")
        if generate == "activities":
            activities = [a for a in data["activities"] if a.get("type")]
            for kind in first_seen(a["type"] for a in activities):
                add(0, kind)
                for a in by_time(a for a in activities if a["type"] == kind):
                    add(1, a["topic"])
        elif generate == "projects":
            for category in first_seen(p["category"] for p in data["projects"]):
                members = [p for p in data["projects"] if p["category"] == category]
                add(0, f"{category}（{len(members)}个）")
                for p in members:
                    add(1, p["name"])
        else:
            walk({k: v for k, v in section.items() if k != "items"}, 0)
            for child in section.get("items", []):
                walk(child, 1)
            if generate == "quarterly":
                for q in planned_quarters(data.get("activities", [])):
                    add(1, QUARTERS[q] + "：")
            if generate == "consultations":
                for form in first_seen(c["form"] for c in data["consultations"]):
                    add(1, form)
                    for c in by_time(c for c in data["consultations"] if c["form"] == form):
                        add(2, c["topic"])
    return out


def body_paragraphs(doc: DocxReader):
    """Paragraphs of the body proper: before 附件说明 and the closing, outside tables."""
    out = []
    for p in doc.paragraphs:
        if p.style in ("AttachmentNote", "Signature"):
            break
        if p.text.strip() and p.style != "Title":
            out.append(p)
    return out


def doc_heading1(out):
    return [p for p in DocxReader(out).paragraphs if p.style == "Heading1"]


def test_numbering_and_order_read_back(rendered):
    data, key, out = rendered
    if key == "summary":
        # its generated parts are read back against counts made in test_summary.py; here, the
        # sections in order with their numbers
        headings = [p.text for p in doc_heading1(out)]
        # (a year summary: {下阶段} is 下一步)
        assert headings == [f"{CN[i]}、{s['title']}".replace("{下阶段}", "下一步")
                            for i, s in enumerate(data[key]["sections"], 1)]
        return
    doc = DocxReader(out)
    expected = expected_items(data, key)
    numbered = [p for p in body_paragraphs(doc) if NUMBER_RE.match(p.text)]
    assert len(numbered) == len(expected)
    ladder = LADDERS[numbering_of(data, key)[0]]
    for paragraph, item in zip(numbered, expected):
        label = NUMBER_RE.match(paragraph.text).group(1)
        assert label.rstrip() == item["label"], (paragraph.text, item)
        if "{" not in item["text"]:
            assert paragraph.text[len(label):].startswith(item["text"]), (paragraph.text, item)
        rank = ladder[item["depth"]]
        styles = {paragraph.style} | {r.char_style for r in paragraph.runs[:1]}
        # a heading (its rank's style), a run-in lead (its rank's lead style), or a list item
        assert styles & {f"Heading{rank}", f"Lead{rank}"} or paragraph.style == "Normal", \
            (paragraph.text, styles)


TITLE_SUFFIXES = {"plan": "年工作计划", "keypoints": "年工作要点", "consultation": "年度协商计划",
                  "activity_list": "年协商议政活动安排", "project_list": "年工作项目计划书",
                  "summary": "年工作总结"}


def test_title_signature_and_date(rendered):
    data, key, out = rendered
    doc = DocxReader(out)
    unit, plan = data["unit"], data[key]
    title = plan.get("title") or f"{unit['name']}{unit['body']}{data['year']}{TITLE_SUFFIXES[key]}"
    title = title.replace("{年度}", f"{data['year']}年").replace("{时段}", "")
    titles = [p for p in doc.paragraphs if p.style == "Title"]
    assert titles[0].text.replace("\n", "") == title
    attachments = plan.get("attachments", [])
    assert len(titles) == 1 + len(attachments)
    closing = [p for p in doc.paragraphs if p.style in ("Signature", "DateLine")]
    date = plan["date"]
    signature = plan.get("signature") or unit.get("full_name") or unit["name"] + unit["body"]
    assert [(p.style, p.text) for p in closing] == [
        ("Signature", signature), ("DateLine", f"{date.year}年{date.month}月{date.day}日")]
    labels = [p.text for p in doc.paragraphs if p.style == "AttachmentLabel"]
    if len(attachments) == 1:
        assert labels == ["附件"]
    else:
        assert labels == [f"附件{i}" for i in range(1, len(attachments) + 1)]
    assert doc.paragraphs[0].style == "Title"


def test_counted_phrases_and_enumerations(rendered):
    data, key, out = rendered
    body = "\n".join(DocxReader(out).texts())

    def entries(node):
        for entry in node:
            yield entry
            yield from entries(entry.get("items", []))

    checked = 0
    for entry in entries(data[key]["sections"]):
        points = entry.get("points")
        if not points:
            continue
        enumeration = "".join(f"{CN[i]}是" for i in range(1, len(points) + 1))
        found = re.findall(r"[一二三四五六七八九十]+是", body)
        assert enumeration in "".join(found)
        intro = entry.get("points_intro")
        if intro and "{数}" in intro:
            count = "两" if len(points) == 2 else CN[len(points)]
            assert intro.replace("{数}", count).split("{")[0] in body
            checked += 1
    if key == "plan":
        assert checked >= 1, "each plan example has a counted phrase"


def test_styles_carry_east_asia_fonts(rendered):
    _, _, out = rendered
    doc = DocxReader(out)
    for style, font in FONTS.items():
        assert doc.east_asia_font(style) == font, style
    for p in doc.paragraphs:
        for r in p.runs:
            if re.search(r"[\u4e00-\u9fff]", r.text):
                assert doc.run_font(p, r) in FONTS.values()
    # no run carries direct fonts: formatting lives in the styles; a run of “”‘’—… carries
    # only the hint that sets them in the East Asian font, full-width
    for fonts in doc.document.findall(".//{*}r/{*}rPr/{*}rFonts"):
        assert dict(fonts.attrib) == {W + "hint": "eastAsia"}
    for run in doc.document.iter(W + "r"):
        text = "".join(t.text or "" for t in run.iter(W + "t"))
        hinted = run.find(f"{W}rPr/{W}rFonts") is not None
        if re.search(SHARED_MARKS, text):
            assert hinted and re.fullmatch(SHARED_MARKS + "+", text), text
        else:
            assert not hinted, text


def test_page_numbers_odd_right_even_left(rendered):
    _, _, out = rendered
    doc = DocxReader(out)
    assert doc.settings.find("{*}evenAndOddHeaders") is not None
    sides = {}
    for name, footer in doc.footers.items():
        text = "".join(t.text for t in footer.iter("{*}t"))
        assert text == "— 1 —"
        assert "PAGE" in "".join(t.text for t in footer.iter("{*}instrText"))
        style = footer.find(".//{*}pStyle").get(f"{{{footer.nsmap['w']}}}val")
        sides[name] = doc.style(style).find("{*}pPr/{*}jc").get(f"{{{footer.nsmap['w']}}}val")
    assert sorted(sides.values()) == ["left", "right"]


def test_full_width_punctuation(rendered):
    _, _, out = rendered
    for text in DocxReader(out).texts():
        assert not re.search(r"[\u4e00-\u9fff][,;:?!()]|[,;:?!()][\u4e00-\u9fff]", text), text
