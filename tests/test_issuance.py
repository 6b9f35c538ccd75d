"""A document issued as a 公文: 版头, cover notice, joint issuance and 版记 (GB/T 9704-2012 7.2,
7.3.5, 7.4), read back from the .docx and measured against the standard's figures in mm; the
examples under examples/issued/ through the shared checkers and a LibreOffice render."""

import datetime
import io
import json
import math
import re
import subprocess
import zipfile

import pytest
import yaml
from lxml import etree

from conftest import (EXAMPLES, GONGWEN_CHECK, VALIDATE_XSD, cli, libreoffice_missing,
                      shared_tool)

ISSUED = EXAMPLES / "issued"
TOWN = ISSUED / "town-plan.yaml"
COUNTY = ISSUED / "county-consultation.yaml"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
TWIPS_PER_MM = 1440 / 25.4
PT_PER_MM = 72 / 25.4
# GB/T 9704-2012: 版心 156 mm wide, 37 mm from the top, 225 mm high (5.2.2).
TEXT_WIDTH_MM, TOP_MM, TEXT_HEIGHT_MM, LEFT_MM = 156, 37, 225, 28
LINE_MM = TEXT_HEIGHT_MM / 22                  # one body line (5.2.4)
EM_3HAO, EM_4HAO = 16 * 20, 14 * 20            # one character of 3号 / 4号, in twips


def mm(twips: float) -> float:
    return twips / TWIPS_PER_MM


def attr(element, name: str) -> str | None:
    return element.get(W + name)


def render(tmp_path, source, *args: str):
    out = tmp_path / "out.docx"
    result = cli("render", str(source), "-o", str(out), *args)
    assert result.exit_code == 0, result.stderr
    return out


def document(path):
    with zipfile.ZipFile(path) as archive:
        return etree.fromstring(archive.read("word/document.xml"))


def document_from(data: bytes):
    return document(io.BytesIO(data))


def text_of(element) -> str:
    return "".join(t.text or "" for t in element.iter(W + "t"))


def rows(table):
    return table.findall(W + "tr")


def row_height(row) -> int:
    return int(attr(row.find(f"{W}trPr/{W}trHeight"), "val"))


def width_of(table) -> float:
    return mm(sum(int(attr(c, "w")) for c in table.iter(W + "gridCol")))


def style_of(paragraph) -> str | None:
    style = paragraph.find(f"{W}pPr/{W}pStyle")
    return None if style is None else attr(style, "val")


def run_font(run) -> str:
    return attr(run.find(f"{W}rPr/{W}rFonts"), "eastAsia")


def data_of(path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def town(tmp_path_factory):
    return render(tmp_path_factory.mktemp("town"), TOWN)


@pytest.fixture(scope="module")
def county(tmp_path_factory):
    return render(tmp_path_factory.mktemp("county"), COUNTY)


def letterhead(path):
    body = document(path).find(W + "body")
    first = body[0]
    assert first.tag == W + "tbl", "the 版头 opens the document"
    return first


def mark_rows(table):
    return [r for r in rows(table)
            if any(attr(c, "val") == "FF0000" for c in r.iter(W + "color"))]


def test_letterhead_mark_red_centred_35_mm_below_the_text_area(town):
    head = letterhead(town)
    marks = mark_rows(head)
    assert len(marks) == 1
    assert text_of(marks[0]) == "杭埠镇政协联络组文件"           # the unit's formal name + 文件
    run = marks[0].find(f".//{W}r")
    assert run_font(run) == "方正小标宋简体"
    assert attr(marks[0].find(f".//{W}jc"), "val") == "center"
    above = rows(head)[:rows(head).index(marks[0])]
    assert mm(sum(row_height(r) for r in above)) == pytest.approx(35, abs=0.05)   # 7.2.4
    assert width_of(head) == pytest.approx(TEXT_WIDTH_MM, abs=0.05)


def test_document_number_two_lines_below_and_the_red_line_4_mm_under_it(town):
    head = letterhead(town)
    data = data_of(TOWN)["plan"]
    number_row = rows(head)[-1]
    expected = f"{data['issuance']['code']}〔{data['date'].year}〕{data['issuance']['number']}号"
    assert text_of(number_row) == expected == "杭政联〔2024〕1号"
    assert attr(number_row.find(f".//{W}jc"), "val") == "center"            # 7.2.5
    gap = rows(head)[-2]
    assert not text_of(gap) and mm(row_height(gap)) == pytest.approx(2 * LINE_MM, abs=0.05)
    bottom = number_row.find(f".//{W}tcBorders/{W}bottom")
    assert attr(bottom, "color") == "FF0000" and attr(bottom, "val") == "single"
    # the text's line (3号, exact) and 4 mm beneath it to the border (7.2.7)
    line = int(attr(number_row.find(f".//{W}spacing"), "line"))
    assert line == EM_3HAO
    assert mm(row_height(number_row) - line) == pytest.approx(4, abs=0.05)
    # 7.3.1: the title 空二行 below the red line
    body = document(town).find(W + "body")
    after = list(body)[1:4]
    assert [text_of(p) for p in after[:2]] == ["", ""]
    assert style_of(after[2]) == "Title"


def test_joint_marks_stack_with_the_lead_organ_first_and_one_document_word(county):
    head = letterhead(county)
    marks = mark_rows(head)
    # the three offices of 壶关县, named from the level's words (county: 中共…委办公室 …)
    names = ["中共壶关县委办公室", "壶关县人民政府办公室", "政协壶关县委员会办公室"]
    cells = [[text_of(c) for c in r.findall(W + "tc") if text_of(c)] for r in marks]
    assert [c[0] for c in cells] == names
    assert cells[0][1:] == ["文件"] and all(len(c) == 1 for c in cells[1:])
    word = next(c for c in marks[0].findall(W + "tc") if text_of(c) == "文件")
    assert attr(word.find(f"{W}tcPr/{W}vMerge"), "val") == "restart"
    assert attr(word.find(f"{W}tcPr/{W}vAlign"), "val") == "center"        # 上下居中
    for row in marks[1:]:
        assert sum(c.find(f"{W}tcPr/{W}vMerge") is not None for c in row.findall(W + "tc")) == 1
    # the names in one block: the same column, spread to the longest (分散对齐)
    jcs = {attr(r.find(f".//{W}tc[2]//{W}jc"), "val") for r in marks}
    assert jcs == {"distribute"}
    above = rows(head)[:rows(head).index(marks[0])]
    assert mm(sum(row_height(r) for r in above)) == pytest.approx(35, abs=0.05)


def test_upward_document_number_left_and_signers_right(tmp_path):
    out = render(tmp_path, TOWN, "--set", "plan.issuance.signers=[张明, 李华, 王强]")
    number_row = rows(letterhead(out))[-1]
    left, right = number_row.findall(W + "tc")
    assert text_of(left) == "杭政联〔2024〕1号"
    assert int(attr(left.find(f".//{W}ind"), "left")) == EM_3HAO          # 居左空一字
    assert attr(left.find(f"{W}tcPr/{W}vAlign"), "val") == "bottom"       # on the last line
    first, second = right.findall(W + "p")
    for paragraph in (first, second):
        assert int(attr(paragraph.find(f".//{W}ind"), "right")) == EM_3HAO       # 居右空一字
    runs = right.findall(f".//{W}r")
    texts = [(text_of(r), run_font(r)) for r in runs if text_of(r)]
    assert texts == [("签发人：", "仿宋_GB2312"), ("张明\u3000李华", "楷体_GB2312"),
                     ("王强", "楷体_GB2312")]
    # the second line of names starts under the first name, a body line lower, and ends on
    # the 发文字号's line, 4 mm above the red line
    assert int(attr(second.find(f".//{W}ind"), "left")) == 4 * EM_3HAO
    spacing = second.find(f".//{W}spacing")
    assert mm(int(attr(spacing, "before")) + int(attr(spacing, "line"))) == pytest.approx(
        LINE_MM, abs=0.05)
    assert mm(row_height(number_row) - LINE_MM * TWIPS_PER_MM - EM_3HAO) == pytest.approx(
        4, abs=0.05)
    for cell in (left, right):
        assert attr(cell.find(f".//{W}tcBorders/{W}bottom"), "color") == "FF0000"


def test_copy_number_secrecy_and_urgency_stand_above_the_mark(tmp_path):
    out = render(tmp_path, TOWN, "--set", "plan.issuance.copy_number=12",
                 "--set", "plan.issuance.secrecy=秘密★1年", "--set", "plan.issuance.urgency=特急")
    head = letterhead(out)
    assert [text_of(r) for r in rows(head)[:3]] == ["000012", "秘密★1年", "特急"]
    assert [run_font(r.find(f".//{W}r")) for r in rows(head)[1:3]] == ["黑体", "黑体"]
    marks = mark_rows(head)
    above = rows(head)[:rows(head).index(marks[0])]
    assert mm(sum(row_height(r) for r in above)) == pytest.approx(35, abs=0.05)


def colophon(path):
    tables = document(path).find(W + "body").findall(W + "tbl")
    return tables[-1]


def test_colophon_lines_and_places(town):
    table = colophon(town)
    position = table.find(f"{W}tblPr/{W}tblpPr")
    # from the 版心's top: its rows end on the 版心's bottom edge (7.4.1)
    assert attr(position, "vertAnchor") == "margin"
    height = sum(row_height(r) for r in rows(table))
    assert mm(int(attr(position, "tblpY")) + height) == pytest.approx(TEXT_HEIGHT_MM, abs=0.1)
    assert [mm(row_height(r)) for r in rows(table)] == pytest.approx([LINE_MM] * 2, abs=0.05)
    assert attr(position, "horzAnchor") == "page"
    assert mm(int(attr(position, "tblpX"))) == pytest.approx(LEFT_MM, abs=0.05)
    assert width_of(table) == pytest.approx(TEXT_WIDTH_MM, abs=0.05)
    copies, printed = rows(table)
    data = data_of(TOWN)["plan"]["issuance"]
    assert text_of(copies) == "抄送：" + "，".join(data["copies_to"]) + "。"
    ind = copies.find(f".//{W}ind")
    # 左右各空一字 (4号), 回行 after “抄送：”
    assert int(attr(ind, "hanging")) == 3 * EM_4HAO
    assert int(attr(ind, "left")) == EM_4HAO + 3 * EM_4HAO
    assert int(attr(ind, "right")) == EM_4HAO
    assert text_of(printed) == "杭埠镇政协联络组2024年1月18日印发"
    assert printed.find(f".//{W}tab") is not None
    tab = printed.find(f".//{W}tabs/{W}tab")
    assert attr(tab, "val") == "right" and mm(int(attr(tab, "pos"))) == pytest.approx(
        TEXT_WIDTH_MM - mm(EM_4HAO), abs=0.05)
    assert int(attr(printed.find(f".//{W}ind"), "left")) == EM_4HAO
    for run in table.iter(W + "r"):
        if text_of(run):
            assert run_font(run) == "仿宋_GB2312"
            assert attr(run.find(f"{W}rPr/{W}sz"), "val") == "28"        # 4号
    # first and last lines 0.35 mm, the one between 0.25 mm (w:sz in eighths of a point)
    weight = {side: int(attr(copies.find(f".//{W}tcBorders/{W}{side}"), "sz")) / 8 / PT_PER_MM
              for side in ("top", "bottom")}
    last = int(attr(printed.find(f".//{W}tcBorders/{W}bottom"), "sz")) / 8 / PT_PER_MM
    assert weight["top"] == pytest.approx(0.35, abs=0.01)
    assert weight["bottom"] == pytest.approx(0.25, abs=0.02)
    assert last == pytest.approx(0.35, abs=0.01)


def test_colophon_has_an_even_page_section_of_its_own(town):
    body = document(town).find(W + "body")
    final = body.find(W + "sectPr")
    assert attr(final.find(W + "type"), "val") == "evenPage"
    breaks = [p for p in body.findall(W + "p") if p.find(f"{W}pPr/{W}sectPr") is not None]
    assert len(breaks) == 1
    # the body's section ends on its last line, the 成文日期: no line added to its page
    assert text_of(breaks[0]) == "2024年1月18日"
    # the page numbers go on in the 版记's section
    refs = {attr(r, "type") for r in final.findall(W + "footerReference")}
    assert refs == {"default", "even"}
    # no body text there: its 28 characters a line (5.2.4) are a character grid's, on the
    # 16 pt Normal, which the 版记's own paragraphs do not snap to
    grid = final.find(W + "docGrid")
    assert attr(grid, "type") == "linesAndChars"
    assert mm(int(attr(grid, "linePitch"))) == pytest.approx(LINE_MM, abs=0.05)
    with zipfile.ZipFile(town) as archive:
        styles = etree.fromstring(archive.read("word/styles.xml"))
    normal = styles.find(f"{W}style[@{W}styleId='Normal']/{W}rPr")
    size_pt = int(attr(normal.find(W + "sz"), "val")) / 2
    pitch_pt = size_pt + int(attr(grid, "charSpace")) / 4096
    # the body's own pitch: its 16 pt condensed by the spacing of its runs
    assert pitch_pt == pytest.approx(size_pt + int(attr(normal.find(W + "spacing"), "val")) / 20,
                                     abs=0.01)
    assert 28 <= TEXT_WIDTH_MM * PT_PER_MM / pitch_pt < 28.5           # 28 fit, a 29th not
    for paragraph in colophon(town).iter(W + "p"):
        assert attr(paragraph.find(f"{W}pPr/{W}snapToGrid"), "val") == "0"
    body_grid = breaks[0].find(f"{W}pPr/{W}sectPr/{W}docGrid")
    assert attr(body_grid, "type") == "lines"


def test_notice_title_body_and_every_organs_signature(county):
    body = document(county).find(W + "body")
    paragraphs = [p for p in body.iter(W + "p") if text_of(p)]
    texts = [text_of(p) for p in paragraphs]
    title = "壶关县政协2024年度协商计划"
    notice_title = f"关于印发《{title}》的通知"
    start = next(i for i, p in enumerate(paragraphs) if style_of(p) == "Title")
    assert text_of(paragraphs[start]) == notice_title
    addressee = data_of(COUNTY)["consultation"]["notice"]["addressee"]
    assert texts[start + 1] == addressee + "："
    assert texts[start + 2] == f"现将《{title}》印发给你们，请结合实际认真贯彻落实。"
    assert texts[start + 3:start + 7] == ["中共壶关县委办公室", "壶关县人民政府办公室",
                                         "政协壶关县委员会办公室", "2024年1月22日"]
    # then the plan itself, on a new page, with its 附件 安排表
    plan_title = paragraphs[start + 7]
    assert text_of(plan_title) == title
    assert plan_title.find(f"{W}pPr/{W}pageBreakBefore") is not None
    assert "附件" in texts and "2024年协商活动安排表" in texts


def condensed_em(table) -> int:
    """One character of the table's text in twips: 3号 and the character spacing its runs
    carry (the body's), so that indents in characters line up with the body's."""
    run = next(r for r in table.iter(W + "r") if text_of(r))
    assert attr(run.find(f"{W}rPr/{W}sz"), "val") == "32"
    return EM_3HAO + int(attr(run.find(f"{W}rPr/{W}spacing"), "val"))


def test_unsealed_joint_signatures_start_in_one_column_and_the_date_two_right(county):
    tables = document(county).find(W + "body").findall(W + "tbl")
    closing = next(t for t in tables if "2024年1月22日" in text_of(t))
    lines = [(text_of(r), int(attr(r.find(f".//{W}ind"), "right"))) for r in rows(closing)]
    widths = {text: len(text) for text, _ in lines[:3]}
    em = condensed_em(closing)
    starts = [right + widths[text] * em for text, right in lines[:3]]
    assert len(set(starts)) == 1
    widest = max(lines[:3], key=lambda line: widths[line[0]])
    assert widest[1] == 2 * em                                              # 右空二字
    for row in rows(closing)[:-1]:
        assert row.find(f".//{W}keepNext") is not None


def test_sealed_notice_puts_the_date_four_characters_in(tmp_path):
    out = render(tmp_path, COUNTY, "--set", "consultation.notice.sealed=true")
    tables = document(out).find(W + "body").findall(W + "tbl")
    closing = next(t for t in tables if "2024年1月22日" in text_of(t))
    date_row = rows(closing)[-1]
    assert int(attr(date_row.find(f".//{W}ind"), "right")) == 4 * condensed_em(closing)  # 右空四字
    organ_rows = rows(closing)[1:-1]
    # two a line as they fit; the odd one out first, so the last line is full
    assert [[text_of(c) for c in r.findall(W + "tc")] for r in organ_rows] == [
        ["", "中共壶关县委办公室"], ["壶关县人民政府办公室", "政协壶关县委员会办公室"]]
    names = [text_of(c) for r in organ_rows for c in r.findall(W + "tc") if text_of(c)]
    assert names == ["中共壶关县委办公室", "壶关县人民政府办公室", "政协壶关县委员会办公室"]
    # the last 署名 stands over the date, in the row's last cell
    assert text_of(organ_rows[-1].findall(W + "tc")[-1]) == "政协壶关县委员会办公室"


@pytest.mark.parametrize("kind, key", [("keypoints", "keypoints"), ("summary", "summary")])
def test_the_same_data_makes_the_notice_for_every_kind(tmp_path, kind, key):
    source = EXAMPLES / ("keypoints.yaml" if kind == "keypoints" else "street-summary.yaml")
    out = render(tmp_path, source, "--kind", kind,
                 "--set", f"{key}.issuance={{code: 某政协, number: 7}}",
                 "--set", f"{key}.notice.addressee=各委员")
    texts = [text_of(p) for p in document(out).iter(W + "p") if text_of(p)]
    title = next(t for t in texts if t.startswith("关于印发《"))
    inner = re.match(r"关于印发《(.+)》的通知", title).group(1)
    assert f"现将《{inner}》印发给你们，请结合实际认真贯彻落实。" in texts
    assert texts.count(inner) == 1                              # the document's own title
    assert any(t.startswith("某政协〔") and t.endswith("〕7号") for t in texts)


def test_a_notice_needs_the_issuing_organs(tmp_path):
    result = cli("render", str(EXAMPLES / "town-plan.yaml"), "-o", str(tmp_path / "x.docx"),
                 "--set", "plan.notice.addressee=各村")
    assert result.exit_code == 2
    assert "issuance" in result.stderr and "notice" in result.stderr
    assert not (tmp_path / "x.docx").exists()


def test_an_issued_list_needs_its_date(tmp_path):
    """A list kind may leave out its 成文日期, an issued document not: the 发文字号's year."""
    out = tmp_path / "x.docx"
    result = cli("render", str(EXAMPLES / "activities.yaml"), "-o", str(out),
                 "--set", "activity_list.date=null",
                 "--set", "activity_list.issuance={code: 某政协, number: 1}")
    assert result.exit_code == 2
    assert "activities.yaml:" in result.stderr and "issuance" in result.stderr
    assert "date" in result.stderr and not out.exists()


def test_document_number_refuses_a_zero(tmp_path):
    result = cli("render", str(TOWN), "-o", str(tmp_path / "x.docx"),
                 "--set", "plan.issuance.number=0")
    assert result.exit_code == 2 and "number" in result.stderr


def test_keeping_the_body_with_its_closing_counts_from_the_documents_own_page():
    """The last body paragraph keeps with the 署名 only where the closing would open a page
    alone (docx/pages.py): on the first page the 版头 takes the height of its rows; after a
    cover notice the document starts a page of its own."""
    from cppcc_plan.blocks import (DateLine, Letterhead, NewPage, NoticeClosing, Paragraph,
                                   Signature, Title)
    from cppcc_plan.docx.writer import DocumentInfo, write_docx
    head = Letterhead(marks=("某镇政协联络组",), suffix="文件", number="某政联〔2024〕1号")
    line = "协商议政" * 6 + "。"                                   # one line of 28 characters
    closing = [Signature("某镇政协联络组"), DateLine("2024年1月5日")]

    def last_paragraph_kept(blocks) -> bool:
        body = document_from(write_docx(blocks, DocumentInfo("计划", "某", datetime.date(2024, 1, 5))))
        paragraphs = [p for p in body.iter(W + "p") if text_of(p) == line]
        return paragraphs[-1].find(f"{W}pPr/{W}keepNext") is not None

    probe = document_from(write_docx([head, Title("计划"), Paragraph(line), *closing],
                                     DocumentInfo("计划", "某", datetime.date(2024, 1, 5))))
    table = probe.find(f"{W}body/{W}tbl")
    head_lines = math.ceil(sum(row_height(r) for r in rows(table)) / (LINE_MM * TWIPS_PER_MM)) + 2
    title_lines, closing_lines = 2, 3                    # title, blank; blank, 署名, date
    room = 22 - head_lines - title_lines                 # body lines left on page 1
    fits = [head, Title("计划"), *[Paragraph(line)] * (room - closing_lines - 2), *closing]
    assert not last_paragraph_kept(fits)
    tight = [head, Title("计划"), *[Paragraph(line)] * (room - closing_lines + 1), *closing]
    assert last_paragraph_kept(tight)
    # after a notice of a full page the document starts afresh: a short one keeps nothing
    notice = [head, Title("通知"), *[Paragraph("通知正文。")] * 10,
              NoticeClosing(organs=("某镇政协联络组",), date="2024年1月5日"), NewPage()]
    assert not last_paragraph_kept(notice + [Title("计划"), Paragraph(line), *closing])


# ------------------------------------------------------------------ the shared checkers

ISSUED_EXAMPLES = [TOWN, COUNTY]


def checker(out, *args) -> dict:
    return json.loads(shared_tool(GONGWEN_CHECK, str(out), "--json", *args).stdout)


def failures(report: dict) -> list[dict]:
    return [r for r in report["results"] if r["status"] == "FAIL"]


@pytest.fixture(scope="module", params=ISSUED_EXAMPLES, ids=lambda p: p.stem)
def issued(request, tmp_path_factory):
    return request.param, render(tmp_path_factory.mktemp(request.param.stem), request.param)


def test_issued_examples_are_schema_valid(issued):
    result = shared_tool(VALIDATE_XSD, str(issued[1]))
    assert "valid: 0 error(s)" in result.stdout, result.stdout


def test_issued_examples_pass_the_format_checker(issued):
    report = checker(issued[1])
    assert report["summary"]["passed"] > 0
    assert failures(report) == []
    # the body's section shows its 28 characters by its text, the 版记's by its grid
    grid = {loc["section"]: r for r in report["results"] if r["rule"] == "grid.chars"
            for loc in r["locations"]}
    assert grid[1]["status"] == "PASS" and "body text" in grid[1]["detail"]
    assert "linesAndChars" in grid[2]["detail"]


def pdf_words(pdf, page: int) -> list[tuple[float, float, float, float, str]]:
    """(xMin, yMin, xMax, yMax, word) of a page, in mm from the paper's top left."""
    html = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), "-bbox", str(pdf),
                           "-"], capture_output=True, text=True, check=True).stdout
    words = re.findall(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">'
                       r"([^<]*)<", html)
    return [(*(float(v) / PT_PER_MM for v in box), word) for *box, word in words]


def test_issued_examples_as_libreoffice_lays_them_out(issued, tmp_path):
    reason = libreoffice_missing()
    if reason:
        pytest.skip(reason)
    source, out = issued
    report = checker(out, "--render", str(tmp_path / "render"))
    status = {r["rule"]: r for r in report["results"]}
    pdf = next((tmp_path / "render").glob("*.pdf"))
    pages = int(re.search(r"Pages:\s+(\d+)", subprocess.run(
        ["pdfinfo", str(pdf)], capture_output=True, text=True).stdout).group(1))
    last = pdf_words(pdf, pages)
    number = int(next(w for *_, w in sorted(last, key=lambda w: -w[1]) if w.isdigit()))
    # the 版记 on an even page (封四), the last, numbered as the PDF counts it
    assert number % 2 == 0 and number == pages
    assert failures(report) == []
    for rule in ("render.pagenum", "render.pagenum.side", "render.text"):
        assert status[rule]["status"] == "PASS", status[rule]
    assert status["render.closing"]["status"] == "PASS"
    # the 标志 at the top of page 1: its box starts near 35 mm below the 版心 (pdftotext's box
    # reaches a little above the characters' em box, which is what the row places)
    first = pdf_words(pdf, 1)
    x0, top, x1, _, word = min(first, key=lambda w: w[1])
    assert word.startswith(("杭埠镇", "中共壶关县委"))
    assert TOP_MM + 35 - 2.5 <= top <= TOP_MM + 35 + 0.5
    # the 版记 at the bottom of the last page: 印发 on the 版心's bottom edge, 抄送 above it
    printed = next(w for w in last if w[4].endswith("印发"))
    bottom = TOP_MM + TEXT_HEIGHT_MM
    assert bottom - LINE_MM <= printed[3] <= bottom + 0.5
    copies = next(w for w in last if w[4].startswith("抄送："))
    assert copies[3] < printed[1]
    assert copies[0] == pytest.approx(LEFT_MM + 14 / PT_PER_MM, abs=1)     # one 4号 in


# ------------------------------------------------------------------ batch

BATCH_BASE = EXAMPLES / "county-batch" / "base.yaml"


def batch_units(tmp_path, rows: list[tuple[str, str, str, str]]):
    path = tmp_path / "units.csv"
    lines = ["单位名称,层级,政协组织,发文顺序号"] + [",".join(r) for r in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_batch_gives_every_unit_its_own_document_number_and_mark(tmp_path):
    units = batch_units(tmp_path, [("北辛街道", "街道", "政协工作室", "3"),
                                   ("羊庄镇", "镇", "政协联络组", "11")])
    out = tmp_path / "docs"
    # each key set by itself: --set replaces the value it names, the row's number with it
    result = cli("batch", str(BATCH_BASE), str(units), "-o", str(out),
                 "--set", "plan.issuance.code=滕政协",
                 "--set", "plan.issuance.copies_to=[滕州市政协办公室]", "--jobs", "1")
    assert result.exit_code == 0, result.stderr
    year = data_of(BATCH_BASE)["plan"]["date"].year
    for name, body, number in (("北辛街道", "政协工作室", 3), ("羊庄镇", "政协联络组", 11)):
        path = next(out.glob(f"{name}-*.docx"))
        head = letterhead(path)
        assert text_of(mark_rows(head)[0]) == f"{name}{body}文件"       # its own organ
        assert text_of(rows(head)[-1]) == f"滕政协〔{year}〕{number}号"
        assert text_of(rows(colophon(path))[-1]).startswith(f"{name}{body}")   # 印发机关


def test_batch_refuses_two_units_with_one_document_number(tmp_path):
    units = batch_units(tmp_path, [("北辛街道", "街道", "政协工作室", "3"),
                                   ("羊庄镇", "镇", "政协联络组", "3")])
    result = cli("batch", str(BATCH_BASE), str(units), "-o", str(tmp_path / "docs"), "--set",
                 "plan.issuance.code=滕政协", "--jobs", "1")
    assert result.exit_code == 2
    assert "units.csv" in result.stderr and "发文字号相同" in result.stderr
    assert not list((tmp_path / "docs").glob("*.docx"))


def test_batch_of_unit_files_refuses_one_document_number_twice(tmp_path):
    """Units as a folder of files: their 发文字号 read from each whole file, not only the names."""
    folder = tmp_path / "units"
    folder.mkdir()
    for name, number in (("北辛街道", 5), ("羊庄镇", 5), ("龙阳镇", 6)):
        (folder / f"{name}.yaml").write_text(
            f"unit: {{name: {name}, level: 镇, body: 政协联络组}}\n"
            f"plan: {{issuance: {{number: {number}}}}}\n", encoding="utf-8")
    result = cli("batch", str(BATCH_BASE), str(folder), "-o", str(tmp_path / "docs"),
                 "--set", "plan.issuance.code=滕政协", "--jobs", "1")
    assert result.exit_code == 2, result.stderr
    assert "羊庄镇.yaml" in result.stderr and "发文字号相同" in result.stderr
    assert "龙阳镇" not in result.stderr
    assert not list((tmp_path / "docs").glob("*.docx"))


# ------------------------------------------------------------------ --letterhead

# A 1×1 red PNG, for a picture in the unit's header.
RED_PIXEL = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de"
    "0000000c4944415408d763f8cfc0000003010100c9fe92ef0000000049454e44ae426082")


def unit_letterhead(tmp_path):
    """A 红头 as a clerk's Word file, built with python-docx's plain API: the 标志 as red
    text in a font of its own in the first-page header, a picture beside it."""
    import docx
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor
    picture = tmp_path / "emblem.png"
    picture.write_bytes(RED_PIXEL)
    document = docx.Document()
    section = document.sections[0]
    section.different_first_page_header_footer = True
    paragraph = section.first_page_header.paragraphs[0]
    paragraph.add_run().add_picture(str(picture), width=Pt(20))
    run = paragraph.add_run("杭埠镇政协联络组文件")
    run.font.size, run.font.color.rgb = Pt(40), RGBColor(0xFF, 0, 0)
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "华文中宋")
    document.add_paragraph("样稿正文")
    path = tmp_path / "红头.docx"
    document.save(path)
    return path


def test_a_units_letterhead_file_gives_the_first_page_header(tmp_path):
    head = unit_letterhead(tmp_path)
    out = render(tmp_path, TOWN, "--letterhead", str(head))
    with zipfile.ZipFile(out) as archive:
        names = archive.namelist()
        rels = etree.fromstring(archive.read("word/_rels/document.xml.rels"))
        fonts = etree.fromstring(archive.read("word/fontTable.xml"))
        styles = {attr(x, "styleId") for x in
                  etree.fromstring(archive.read("word/styles.xml")).findall(W + "style")}
        target = {r.get("Id"): r.get("Target") for r in rels}
        section = next(document(out).iter(W + "sectPr"))
        refs = {(x.tag.split("}")[1], attr(x, "type")): x.get(
            "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id")
            for x in section if x.tag.endswith("Reference")}
        header = etree.fromstring(archive.read("word/" + target[refs[("headerReference",
                                                                        "first")]]))
        header_rels = [n for n in names if n.startswith("word/_rels/") and "header" in n]
        pictures = [n for n in names if n.startswith("word/media/")]
        assert archive.read(pictures[0]) == RED_PIXEL
    assert text_of(header) == "杭埠镇政协联络组文件"
    assert section.find(W + "titlePg") is not None
    # page 1 keeps its page number: the odd pages' footer
    assert refs[("footerReference", "first")] == refs[("footerReference", "default")]
    assert len(header_rels) == 1 and len(pictures) == 1
    assert "华文中宋" in {attr(f, "name") for f in fonts}
    # the header's own paragraph style comes along (python-docx writes "Header")
    header_styles = {attr(x, "val") for x in header.iter(W + "pStyle")}
    assert header_styles and header_styles <= styles
    # the body is ours: no 标志 of our own, the 发文字号 and the red line open the 版心
    assert mark_rows(letterhead(out)) == []
    assert text_of(rows(letterhead(out))[-1]) == "杭政联〔2024〕1号"
    assert "valid: 0 error(s)" in shared_tool(VALIDATE_XSD, str(out)).stdout
    assert failures(checker(out)) == []


def test_a_letterhead_file_without_a_header_is_refused(tmp_path):
    import docx
    plain = tmp_path / "plain.docx"
    docx.Document().save(plain)
    result = cli("render", str(TOWN), "-o", str(tmp_path / "x.docx"), "--letterhead", str(plain))
    assert result.exit_code == 2 and "页眉" in result.stderr
    not_docx = tmp_path / "head.docx"
    not_docx.write_text("不是 Word 文件", encoding="utf-8")
    result = cli("render", str(TOWN), "-o", str(tmp_path / "x.docx"), "--letterhead",
                 str(not_docx))
    assert result.exit_code == 2 and "红头文件" in result.stderr
    assert not (tmp_path / "x.docx").exists()


# ------------------------------------------------------------------ markup and words

def test_group_markers_gather_into_one_block_each():
    from cppcc_plan.blocks import Colophon, Letterhead, NewPage, NoticeClosing, Title, parse_markup
    blocks = parse_markup("\n".join([
        "【份号】000003", "【发文机关标志】甲办公室", "【发文机关标志】乙办公室", "【标志后缀】文件",
        "【发文字号】甲发〔2024〕3号", "【签发人】张三", "【签发人】李四",
        "【通知署名】甲办公室", "【通知署名】乙办公室", "【通知日期】2024年1月5日", "【盖章】",
        "【另页】", "【标题】计划", "【抄送】抄送：丙。", "【印发机关】甲办公室",
        "【印发日期】2024年1月6日印发"]))
    assert blocks == [
        Letterhead(marks=("甲办公室", "乙办公室"), suffix="文件", number="甲发〔2024〕3号",
                   signers=("张三", "李四"), copy_number="000003"),
        NoticeClosing(organs=("甲办公室", "乙办公室"), date="2024年1月5日", sealed=True),
        NewPage(), Title("计划"),
        Colophon(copies_to="抄送：丙。", printer="甲办公室", printed="2024年1月6日印发")]


def test_colophon_without_copies_is_one_row_between_thick_lines(tmp_path):
    out = render(tmp_path, TOWN, "--set", "plan.issuance.copies_to=[]")
    (printed,) = rows(colophon(out))
    borders = printed.find(f".//{W}tcBorders")
    assert [int(attr(borders.find(W + side), "sz")) for side in ("top", "bottom")] == [8, 8]
    position = colophon(out).find(f"{W}tblPr/{W}tblpPr")
    assert mm(int(attr(position, "tblpY")) + row_height(printed)) == pytest.approx(
        TEXT_HEIGHT_MM, abs=0.1)


@pytest.mark.parametrize("level, name, offices", [
    ("县", "壶关县", ("中共壶关县委办公室", "壶关县人民政府办公室", "政协壶关县委员会办公室")),
    ("区", "和平区", ("中共和平区委办公室", "和平区人民政府办公室", "政协和平区委员会办公室")),
    ("镇", "杭埠镇", ("中共杭埠镇委员会", "杭埠镇人民政府", "杭埠镇政协联络组")),
    ("街道", "北辛街道", ("中共北辛街道工作委员会", "北辛街道办事处", "北辛街道政协联络组")),
])
def test_joint_organs_are_named_from_the_level(tmp_path, level, name, offices):
    out = render(tmp_path, TOWN, "--set", f"unit.level={level}", "--set", f"unit.name={name}",
                 "--set", 'plan.issuance.organs=[{name: "{党委办}"}, {name: "{政府办}"}, '
                          '{name: "{政协办}"}]')
    marks = [text_of(r.findall(W + "tc")[1]) for r in mark_rows(letterhead(out))]
    assert tuple(marks) == offices


def test_layout_table_grid_and_paragraph_properties():
    from cppcc_plan.docx.layout_tables import Cell, Row, grid_of, table, with_properties
    rows = [Row((Cell(100, ""), Cell(300, "")), 50), Row((Cell(250, ""), Cell(150, "")), 50)]
    assert grid_of(rows) == [100, 150, 150]
    xml = table(rows)
    spans = re.findall(r'<w:tcW w:w="(\d+)" w:type="dxa"/>(?:<w:gridSpan w:val="(\d)"/>)?', xml)
    assert spans == [("100", ""), ("300", "2"), ("250", "2"), ("150", "")]
    assert with_properties("<w:p/>", "<w:keepNext/>") == "<w:p><w:pPr><w:keepNext/></w:pPr></w:p>"
    assert with_properties('<w:p><w:pPr><w:pStyle w:val="DateLine"/><w:jc w:val="right"/>'
                           "</w:pPr><w:r/></w:p>", "<w:keepNext/>") == (
        '<w:p><w:pPr><w:pStyle w:val="DateLine"/><w:keepNext/><w:jc w:val="right"/>'
        "</w:pPr><w:r/></w:p>")
    assert with_properties("<w:p><w:r/></w:p>", "<w:keepNext/>") == \
        "<w:p><w:pPr><w:keepNext/></w:pPr><w:r/></w:p>"
    assert with_properties("<w:tbl/>", "<w:keepNext/>") is None


FODT_LETTERHEAD = """<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"
 office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
 <office:font-face-decls>
  <style:font-face style:name="华文中宋" svg:font-family="华文中宋"/>
 </office:font-face-decls>
 <office:styles>
  <style:style style:name="Red" style:family="text">
   <style:text-properties fo:color="#ff0000" fo:font-size="36pt" style:font-name-asian="华文中宋"
    style:font-size-asian="36pt"/>
  </style:style>
 </office:styles>
 <office:automatic-styles>
  <style:style style:name="P1" style:family="paragraph" style:master-page-name="First_20_Page"/>
  <style:page-layout style:name="pm1"><style:page-layout-properties fo:page-width="210mm"
   fo:page-height="297mm"/><style:header-style/></style:page-layout>
 </office:automatic-styles>
 <office:master-styles>
  <style:master-page style:name="First_20_Page" style:display-name="First Page"
   style:page-layout-name="pm1" style:next-style-name="Standard">
   <style:header><text:p><text:span text:style-name="Red">杭埠镇政协联络组文件</text:span></text:p>
   </style:header>
  </style:master-page>
  <style:master-page style:name="Standard" style:page-layout-name="pm1"/>
 </office:master-styles>
 <office:body><office:text><text:p text:style-name="P1">样稿正文</text:p></office:text></office:body>
</office:document>
"""


def test_a_letterhead_file_saved_by_libreoffice(tmp_path):
    """LibreOffice's own .docx of a 红头 kept in the header of its "First Page" style: the
    header comes with its character style, and that style's font."""
    reason = libreoffice_missing()
    if reason:
        pytest.skip(reason)
    source = tmp_path / "红头.fodt"
    source.write_text(FODT_LETTERHEAD, encoding="utf-8")
    subprocess.run(["soffice", "--headless", "--convert-to", "docx", "--outdir", str(tmp_path),
                    str(source)], capture_output=True, check=True, timeout=120)
    out = render(tmp_path, TOWN, "--letterhead", str(tmp_path / "红头.docx"))
    with zipfile.ZipFile(out) as archive:
        header = etree.fromstring(archive.read("word/letterhead-header.xml"))
        styles = {attr(x, "styleId"): x for x in
                  etree.fromstring(archive.read("word/styles.xml")).findall(W + "style")}
        fonts = {attr(f, "name") for f in
                 etree.fromstring(archive.read("word/fontTable.xml")).findall(W + "font")}
    assert text_of(header) == "杭埠镇政协联络组文件"
    (style,) = {attr(x, "val") for x in header.iter(W + "rStyle")}
    assert attr(styles[style].find(f"{W}rPr/{W}color"), "val").upper() == "FF0000"
    assert "华文中宋" in fonts
    # its paragraph style rests on the file's own Normal, not on ours (indented, on the grid)
    chain, style_id = [], next(iter({attr(x, "val") for x in header.iter(W + "pStyle")}))
    while style_id:
        chain.append(style_id)
        based = styles[style_id].find(W + "basedOn")
        style_id = attr(based, "val") if based is not None else None
    assert "Normal" not in chain and chain[-1] == "LetterheadBase"
    assert "valid: 0 error(s)" in shared_tool(VALIDATE_XSD, str(out)).stdout
    assert failures(checker(out)) == []
