"""Every example renders to a finished document: schema-valid, GB/T 9704-clean (also as laid
out by LibreOffice), and saying in order what its YAML says, with numbers computed here
independently of the tool."""

import re

import pytest
import yaml

from conftest import (EXAMPLES, GONGWEN_CHECK, VALIDATE_XSD, DocxReader, cli, libreoffice_missing,
                      shared_tool)

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


@pytest.fixture(scope="module", params=EXAMPLE_FILES, ids=lambda p: p.stem)
def rendered(request, tmp_path_factory):
    source = request.param
    out = tmp_path_factory.mktemp(source.stem) / f"{source.stem}.docx"
    result = cli("render", str(source), "-o", str(out))
    assert result.exit_code == 0, result.stderr
    return source, yaml.safe_load(source.read_text(encoding="utf-8")), out


def test_there_are_three_level_examples():
    levels = {yaml.safe_load(p.read_text(encoding="utf-8"))["unit"]["level"]
              for p in EXAMPLE_FILES}
    assert {"街道", "镇", "县"} <= levels


def test_schema_valid(rendered):
    _, _, out = rendered
    result = shared_tool(VALIDATE_XSD, str(out))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "valid: 0 error(s)" in result.stdout


def test_gongwen_check_has_no_fail(rendered):
    _, _, out = rendered
    result = shared_tool(GONGWEN_CHECK, str(out))
    assert result.returncode == 0, result.stdout
    assert re.search(r"gongwen_check: \d+ passed, 0 failed", result.stdout), result.stdout


def test_libreoffice_layout_has_no_fail(rendered, tmp_path):
    reason = libreoffice_missing()
    if reason:
        pytest.skip(reason)
    _, _, out = rendered
    result = shared_tool(GONGWEN_CHECK, str(out), "--render", str(tmp_path / "render"))
    assert result.returncode == 0, result.stdout
    for rule in ("render.pagenum", "render.lines", "render.chars", "render.pagenum.side"):
        assert re.search(rf"^PASS {re.escape(rule)}:", result.stdout, re.M), result.stdout


def planned_quarters(activities: list[dict]) -> list[int]:
    return sorted({a.get("quarter") or (a["month"] - 1) // 3 + 1 for a in activities
                   if a.get("quarter") or a.get("month")})


def expected_numbered(data: dict) -> list[tuple[str, str, str]]:
    """(number, heading text, style or lead style) for every numbered paragraph, computed
    from the YAML with this file's own numerals."""
    plan = data["plan"]
    quarters = planned_quarters(data.get("activities", []))
    ladder = LADDERS[plan.get("numbering", {}).get("ladder", "standard")]
    continuous = plan.get("numbering", {}).get("continuous", False)
    out, counters = [], [0] * len(ladder)

    def number(depth):
        counters[depth] += 1
        for deeper in range(depth + 1, len(counters)):
            if not (continuous and deeper == 1):
                counters[deeper] = 0
        rank, n = ladder[depth], counters[depth]
        return rank, NUMBER_FORMS[rank].format(cn=CN[n], n=n)

    def walk(entry, depth):
        rank, label = number(depth)
        heading = entry.get("title") or entry.get("lead")
        style = f"Heading{rank}" if "title" in entry else f"Lead{rank}"
        out.append((label, heading, style))
        for child in entry.get("items", []):
            walk(child, depth + 1)

    for section in plan["sections"]:
        walk(section, 0)
        if section.get("generate") == "quarterly":
            for q in quarters:
                number(1)
                out.append(("", QUARTERS[q] + "：", "quarter"))
    return out


def numbered_paragraphs(doc: DocxReader) -> list[tuple[str, str]]:
    """(style of the heading or lead, heading text with its number) in document order."""
    out = []
    for p in doc.paragraphs:
        if p.style.startswith("Heading"):
            out.append((p.style, p.text))
        elif p.runs and p.runs[0].char_style and p.runs[0].char_style.startswith("Lead"):
            out.append((p.runs[0].char_style, p.runs[0].text))
    return out


def test_numbering_and_order_read_back(rendered):
    _, data, out = rendered
    doc = DocxReader(out)
    expected = expected_numbered(data)
    actual = numbered_paragraphs(doc)
    assert len(actual) == len(expected)
    for (style, text), (label, heading, want_style) in zip(actual, expected):
        if want_style == "quarter":
            assert style.startswith("Lead") and re.fullmatch(rf"\d+\.{heading}", text), text
            continue
        assert style == want_style, text
        assert text.startswith(label), (text, label)
        # headings are the YAML's words after the number (placeholders aside)
        if "{" not in heading:
            assert text == label + heading


def test_title_signature_and_date(rendered):
    _, data, out = rendered
    doc = DocxReader(out)
    unit, plan = data["unit"], data["plan"]
    title = plan.get("title") or f"{unit['name']}{unit['body']}{data['year']}年工作计划"
    titles = [p for p in doc.paragraphs if p.style == "Title"]
    assert [p.text.replace("\n", "") for p in titles] == [title]
    texts = doc.texts()
    date = plan["date"]
    assert texts[-1] == f"{date.year}年{date.month}月{date.day}日"
    signature = plan.get("signature") or unit.get("full_name") or unit["name"] + unit["body"]
    assert texts[-2] == signature
    styles = [p.style for p in doc.paragraphs if p.text.strip()]
    assert styles[-2:] == ["Signature", "DateLine"]
    assert styles[0] == "Title"


def test_counted_phrases_and_enumerations(rendered):
    _, data, out = rendered
    body = "\n".join(DocxReader(out).texts())

    def entries(node):
        for entry in node:
            yield entry
            yield from entries(entry.get("items", []))

    checked = 0
    for entry in entries(data["plan"]["sections"]):
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
    assert checked >= 1, "each example has a counted phrase"


def test_styles_carry_east_asia_fonts(rendered):
    _, _, out = rendered
    doc = DocxReader(out)
    for style, font in FONTS.items():
        assert doc.east_asia_font(style) == font, style
    for p in doc.paragraphs:
        for r in p.runs:
            if re.search(r"[\u4e00-\u9fff]", r.text):
                assert doc.run_font(p, r) in FONTS.values()
    # no run carries direct fonts: formatting lives in the styles
    assert not doc.document.findall(".//{*}r/{*}rPr/{*}rFonts")


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
