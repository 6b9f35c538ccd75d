"""Tables fit their content, measured on the pages LibreOffice prints: a date or a short word
never wraps, no cell line holds a lone character while another column could spare the room
for it, and a grouping column (类别, 协商形式) is one merged cell a group."""

import re
import subprocess
import zipfile

import pytest
from lxml import etree

from conftest import EXAMPLES, W, cli
from cppcc_plan.blocks import AttachmentLabel, AttachmentTitle, DateLine, Signature, Table, Title
from cppcc_plan.docx import gbt9704 as g
from layout import filler, need_libreoffice, reports, write

TABLE_LINE_PT = 18           # rendered table lines (小四) are lower than body lines (3号)
CJK_CHAR = re.compile(r"^[\u4e00-\u9fff]$")
MARKS = re.compile(r"[，。、；：？！（）《》“”‘’]")
DATE = re.compile(r"\d{4}年\d{1,2}月")


def tables_of(path):
    """(gridCol widths in points, [[cell text]]) of each table in the .docx."""
    document = etree.fromstring(zipfile.ZipFile(path).read("word/document.xml"))
    out = []
    for table in document.iter(W + "tbl"):
        widths = [int(c.get(W + "w")) / 20 for c in table.iter(W + "gridCol")]
        rows = [["".join(t.text or "" for t in cell.iter(W + "t")) for cell in row.iter(W + "tc")]
                for row in table.iter(W + "tr")]
        out.append((widths, rows))
    return out


def rendered_table_lines(path, widths: list[float]) -> list[list[tuple[str, float]]]:
    """For each column, the (text, width in pt) of every table line printed in it."""
    pdf = next(path.with_suffix("").glob("*.pdf"))
    xml = subprocess.run(["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True,
                         check=True).stdout
    edges = [g.MARGIN_LEFT / 20]
    for width in widths:
        edges.append(edges[-1] + width)
    columns = [[] for _ in widths]
    for line in etree.fromstring(xml).iter("{*}line"):
        x0, x1 = float(line.get("xMin")), float(line.get("xMax"))
        if float(line.get("yMax")) - float(line.get("yMin")) >= TABLE_LINE_PT:
            continue
        text = "".join(w.text for w in line.iter("{*}word"))
        column = next((i for i in range(len(widths)) if edges[i] <= x0 < edges[i + 1]), None)
        if column is not None:
            columns[column].append((text, x1 - x0))
    return columns


def assert_fits(path) -> None:
    for widths, rows in tables_of(path):
        columns = rendered_table_lines(path, widths)
        cells = [set(c) for c in zip(*rows)]
        char = g.TABLE_TEXT.size
        room = [w - 2 * g.TABLE_CELL_MARGIN / 20 for w in widths]
        spare = [r - max((w for _, w in lines), default=0) for r, lines in zip(room, columns)]
        for i, lines in enumerate(columns):
            for text, _ in lines:
                # a date is printed whole wherever it stands
                for cell in cells[i]:
                    for date in DATE.findall(cell):
                        assert any(date in t for t, _ in lines), (date, cell)
                lone = MARKS.sub("", text)
                if CJK_CHAR.match(lone) and any(len(c) > 1 and c.endswith(text) for c in cells[i]):
                    donors = [j for j, s in enumerate(spare) if j != i and s >= char * 1.5]
                    assert not donors, (text, i, [round(s) for s in spare])


@pytest.mark.parametrize("example,kind", [("consultation", "consultation"),
                                          ("activities", "activities"),
                                          ("projects", "projects"),
                                          ("street-summary", "summary")])
def test_example_tables_fit_their_content(example, kind, tmp_path):
    need_libreoffice()
    path = tmp_path / f"{example}.docx"
    assert cli("render", str(EXAMPLES / f"{example}.yaml"), "--kind", kind, "-o",
               str(path)).exit_code == 0
    reports([path])
    assert tables_of(path)
    assert_fits(path)


LONG_TABLE = Table(("序号", "类别", "工作内容", "完成时限", "责任单位"), tuple(
    (str(i), "平台建设类" if i < 4 else "制度建设类", filler(18 + 7 * i, i) + "。",
     f"2024年{i + 6}月", "街道政协工作室" if i % 2 else "党工委办公室")
    for i in range(1, 7)), grouping=(1,))


def test_generated_long_cells_fit(tmp_path):
    need_libreoffice()
    path = write([Title("计划"), Signature("某政协"), DateLine("2024年1月15日"),
                  AttachmentLabel("附件"), AttachmentTitle("工作项目表"), LONG_TABLE],
                 tmp_path / "long.docx")
    reports([path])
    assert_fits(path)


def test_grouping_column_is_merged_down(tmp_path):
    path = write([Title("计划"), AttachmentLabel("附件"), AttachmentTitle("表"), LONG_TABLE],
                 tmp_path / "merged.docx")
    document = etree.fromstring(zipfile.ZipFile(path).read("word/document.xml"))
    rows = list(document.iter(W + "tr"))[1:]
    second = [row.findall(W + "tc")[1] for row in rows]
    marks = [(cell.find(f"{W}tcPr/{W}vMerge"), "".join(t.text or "" for t in cell.iter(W + "t")))
             for cell in second]
    states = [None if m is None else m.get(W + "val", "continue") for m, _ in marks]
    assert states == ["restart", "continue", "continue", "restart", "continue", "continue"]
    assert [text for _, text in marks] == ["平台建设类", "", "", "制度建设类", "", ""]
    # the other columns are not merged
    assert all(row.findall(W + "tc")[2].find(f"{W}tcPr/{W}vMerge") is None for row in rows)


def test_a_table_too_wide_for_portrait_goes_landscape(tmp_path):
    header = tuple(f"第{i}项指标" for i in range(1, 9))
    wide = Table(header, (tuple(f"2024年{i}月" for i in range(1, 9)),))
    path = write([Title("计划"), Signature("某政协"), DateLine("2024年1月15日"),
                  AttachmentLabel("附件"), AttachmentTitle("指标表"), wide], tmp_path / "w.docx")
    document = etree.fromstring(zipfile.ZipFile(path).read("word/document.xml"))
    sections = list(document.iter(W + "sectPr"))
    assert [s.find(W + "pgSz").get(W + "orient") for s in sections] == [None, "landscape"]
    # the portrait section ends with the date; the landscape one holds the attachment
    first = sections[0].getparent().getparent()
    assert "".join(t.text for t in first.iter(W + "t")) == "2024年1月15日"
    assert sum(int(c.get(W + "w")) for c in document.iter(W + "gridCol")) == g.TEXT_HEIGHT


def test_landscape_pages_keep_the_page_number_where_portrait_pages_have_it(tmp_path):
    """GB/T 9704 10: the number stays where it is on the sheet, so on a page turned a quarter
    it stands at the left edge, 7 mm outside the 版心, read top to bottom; odd ones end one
    character above the 版心's lower edge, even ones start one character below its upper edge."""
    need_libreoffice()
    header = tuple(f"第{i}项指标" for i in range(1, 9))
    wide = Table(header, (tuple(f"2024年{i}月" for i in range(1, 9)),))
    path = write([Title("计划"), Signature("某政协"), DateLine("2024年1月15日"),
                  AttachmentLabel("附件1"), AttachmentTitle("指标表"), wide,
                  AttachmentLabel("附件2"), AttachmentTitle("指标表"), wide], tmp_path / "t.docx")
    reports([path])
    pdf = next(path.with_suffix("").glob("*.pdf"))
    xml = etree.fromstring(subprocess.run(["pdftotext", "-bbox", str(pdf), "-"],
                                          capture_output=True, check=True).stdout)
    pages = list(xml.iter("{*}page"))
    assert len(pages) == 3 and float(pages[1].get("width")) > float(pages[1].get("height"))
    page = g.LANDSCAPE
    edge_left, top, bottom = page.left / 20, page.top / 20, (page.height - page.bottom) / 20
    space = g.PAGE_NUMBER_SIDE_SPACE / 20
    for number, landscape in ((2, pages[1]), (3, pages[2])):
        words = [w for w in landscape.iter("{*}word") if float(w.get("xMax")) < edge_left]
        assert "".join(w.text for w in words) == f"—{number}—"
        middle = (float(words[0].get("xMin")) + float(words[0].get("xMax"))) / 2
        assert abs(edge_left - middle - g.PAGE_NUMBER_GAP / 20) < 2        # 7 mm out
        if number % 2:
            assert abs(bottom - float(words[-1].get("yMax")) - space) < 3
        else:
            assert abs(float(words[0].get("yMin")) - top - space) < 3
