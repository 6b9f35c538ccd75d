"""Where the 版记 goes (GB/T 9704-2012 7.4, 7.5; docx/colophon.py): a plan issued with a 版记,
its body as long as it takes for the page count (docx/pages.py) to put its end on an odd page,
on an even page with room for the 版记, and on an even page without; each read back from the
.docx and as LibreOffice prints it, blank pages kept."""

import datetime
import json
import re
import subprocess
import zipfile

import pytest
import yaml
from lxml import etree

from conftest import GONGWEN_CHECK, VALIDATE_XSD, W, cli, libreoffice_missing, shared_tool
from cppcc_plan import api
from cppcc_plan.blocks import (Colophon, DateLine, Heading, Letterhead, NewPage, NoticeClosing,
                               Paragraph, Signature, Table, Title)
from cppcc_plan.docx import colophon, pages
from cppcc_plan.kinds import choose_kind
from layout import filler

PT_PER_MM = 72 / 25.4
TOP_MM, TEXT_HEIGHT_MM, LINE_MM = 37, 225, 225 / 22           # 5.2.2, 5.2.4
DATE = "2024年1月18日"
# a paragraph of four full lines: 26 characters after the indent, then 28 a line, the last
# with the full stop
TEXT = filler(26 + 28 * 2 + 27) + "。"
NUMBER_LINE = re.compile(r"^—(\d+)—$")


def plan(sections: int, preamble: int) -> dict:
    return {
        "unit": {"name": "某镇", "level": "镇", "body": "政协联络组"},
        "year": 2024,
        "plan": {
            "preamble": filler(26 + 28 * (preamble - 1)) + "。",
            "sections": [{"title": f"重点工作{i + 1}", "text": TEXT} for i in range(sections)],
            "signature": "某镇政协联络组",
            "date": datetime.date(2024, 1, 18),
            "issuance": {"code": "某政联", "number": 1, "copies_to": ["某县政协办公室"]},
        },
    }


def estimated(path) -> tuple[str | None, pages.Flow | None]:
    """The 版记's place and the body's end; no place where the body keeps with the closing,
    which leaves the page before short (pages.py), a page the checker's line count fails."""
    year_file = api.load_year_file(path)[1]
    blocks, _ = api.document_blocks(year_file, choose_kind(year_file, None, str(path)))
    estimate = pages.estimate(blocks)
    if estimate.keep is not None:
        return None, None
    return colophon.placement(estimate.end, blocks[-1]), estimate.end


def year_file_for(tmp_path, place: str, last_page: int):
    """The first plan (fewest sections, then the shortest preamble) whose body the count ends
    on last_page with the 版记 placed so, the body not kept with the closing."""
    path = tmp_path / "plan.yaml"
    for sections in range(1, 20):
        for preamble in range(1, 6):
            path.write_text(yaml.safe_dump(plan(sections, preamble), allow_unicode=True),
                            encoding="utf-8")
            found, end = estimated(path)
            if found == place and end is not None and end.page == last_page:
                return path
    raise AssertionError(f"no plan length gives {place} on page {last_page}")


def render(tmp_path, place: str, last_page: int):
    source = year_file_for(tmp_path, place, last_page)
    out = tmp_path / "out.docx"
    result = cli("render", str(source), "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert "valid: 0 error(s)" in shared_tool(VALIDATE_XSD, str(out)).stdout
    return out


def checked(out) -> tuple[dict, list[list[str]], object]:
    """The shared checker's report with --render, and the pages of the PDF it printed (it
    leaves out blank pages, and these documents have none), one list of lines a page."""
    report = json.loads(shared_tool(GONGWEN_CHECK, str(out), "--json", "--render",
                                    str(out.with_suffix(""))).stdout)
    pdf = next(out.with_suffix("").glob("*.pdf"))
    return report, page_lines(pdf), pdf


def page_lines(pdf) -> list[list[str]]:
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    return [["".join(line.split()) for line in page.splitlines() if line.strip()]
            for page in text.split("\f")[:-1]]


def number_of(page: list[str]) -> int | None:
    match = NUMBER_LINE.match(page[-1]) if page else None
    return int(match.group(1)) if match else None


def failures(report: dict) -> list[dict]:
    return [r for r in report["results"] if r["status"] == "FAIL"]


def printed_bottom(pdf, page: int) -> float:
    """The foot of the 印发 line on a page, in mm from the paper's top."""
    html = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), "-bbox", str(pdf),
                           "-"], capture_output=True, text=True, check=True).stdout
    words = re.findall(r'yMax="([\d.]+)">([^<]*)<', html)
    return next(float(y) / PT_PER_MM for y, word in words if word.endswith("印发"))


def sections(out):
    with zipfile.ZipFile(out) as archive:
        body = etree.fromstring(archive.read("word/document.xml")).find(W + "body")
        names = archive.namelist()
    return list(body.iter(W + "sectPr")), names


def footer_ids(section) -> dict[str, str]:
    rid = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
    return {r.get(W + "type"): r.get(rid) for r in section.findall(W + "footerReference")}


def check_bottom(pdf, page: int) -> None:
    bottom = TOP_MM + TEXT_HEIGHT_MM                     # 7.4.1: on the 版心's last line
    assert bottom - LINE_MM <= printed_bottom(pdf, page) <= bottom + 0.5


@pytest.fixture(autouse=True)
def need_libreoffice():
    reason = libreoffice_missing()
    if reason:
        pytest.skip(reason)


def test_body_ending_on_an_odd_page_puts_the_colophon_on_the_next(tmp_path):
    out = render(tmp_path, colophon.EVEN_PAGE, 3)
    found, _ = sections(out)
    assert [s.find(W + "type") is not None and s.find(W + "type").get(W + "val")
            for s in found] == [False, "evenPage"]
    report, printed, pdf = checked(out)
    assert failures(report) == []
    assert len(printed) == 4
    assert DATE in printed[2] and "某镇政协联络组2024年1月18日印发" in printed[3]
    assert [number_of(p) for p in printed] == [1, 2, 3, 4]
    check_bottom(pdf, 4)


def test_body_ending_on_an_even_page_with_room_takes_the_colophon_on_that_page(tmp_path):
    out = render(tmp_path, colophon.SAME_PAGE, 2)
    found, names = sections(out)
    assert len(found) == 1                               # no section, no page added
    assert "word/footer5.xml" not in names
    report, printed, pdf = checked(out)
    assert failures(report) == []
    assert len(printed) == 2
    assert DATE in printed[1] and "某镇政协联络组2024年1月18日印发" in printed[1]
    assert printed[1].index(DATE) < printed[1].index("某镇政协联络组2024年1月18日印发")
    assert [number_of(p) for p in printed] == [1, 2]
    check_bottom(pdf, 2)


def test_body_ending_on_a_full_even_page_has_a_blank_page_and_both_unnumbered(tmp_path):
    from cppcc_plan.preview import pdf_from_docx
    out = render(tmp_path, colophon.AFTER_BLANK, 2)
    found, names = sections(out)
    body, last = found
    assert footer_ids(body) == {"default": "rIdFooterOdd", "even": "rIdFooterEven"}
    # the empty footer referred to for odd and even pages, else the body's would go on
    assert footer_ids(last) == {"default": "rIdFooterEmpty", "even": "rIdFooterEmpty"}
    # the blank page is one of the file's, which every program prints: the section starts on
    # the next page, not on an even one (a page programs would insert, and some not print)
    assert last.find(W + "type") is None
    assert "word/footer5.xml" in names
    pdf = tmp_path / "out.pdf"
    pdf.write_bytes(pdf_from_docx(out.read_bytes()))
    printed = page_lines(pdf)
    assert len(printed) == 4
    assert DATE in printed[1]
    assert [number_of(p) for p in printed[:2]] == [1, 2]
    assert printed[2] == []                              # the blank page: nothing, no number
    assert printed[3][-1] == "某镇政协联络组2024年1月18日印发"     # the 版记, no number under it
    check_bottom(pdf, 4)


def test_a_pdf_keeps_the_blank_page_an_even_page_section_inserts(tmp_path):
    """Where the count does not know (a table), the 版记 has its section on an even page as
    before; a body ending on an even page gets LibreOffice's blank page, which our own PDF
    prints (LibreOffice's export would leave it out and number on)."""
    from cppcc_plan.docx.writer import DocumentInfo, write_docx
    from cppcc_plan.preview import pdf_from_docx
    line = "协商议政" * 6 + "。"
    blocks = [Title("计划"), Table(("序号", "事项"), (("1", "协商"),)),
              *(Paragraph(line) for _ in range(28)), Signature("某政协"), DateLine("2024年1月5日"),
              Colophon(printer="某政协", printed="2024年1月5日印发")]
    assert pages.estimate(blocks).end is None
    pdf = tmp_path / "out.pdf"
    pdf.write_bytes(pdf_from_docx(write_docx(blocks, DocumentInfo("计划", "某政协",
                                                                   datetime.date(2024, 1, 5)))))
    printed = page_lines(pdf)
    assert "2024年1月5日" in printed[1] and printed[1][-1] == "—2—"
    assert printed[2] == []
    assert "某政协2024年1月5日印发" in printed[3] and printed[3][-1] == "—4—"


def test_the_count_restarts_at_new_pages_and_keeps_their_parity():
    """A cover notice of a page and a half, then the document on page 3, its 附件 on page 5."""
    head = Letterhead(marks=("某镇政协联络组",), suffix="文件", number="某政联〔2024〕1号")
    line = Paragraph(filler(26) + "。")
    notice = [head, Title("通知"), *[line] * 20,
              NoticeClosing(organs=("某镇政协联络组",), date=DATE), NewPage()]
    document = [Title("计划"), Heading(1, "一、工作"), *[line] * 25, Signature("某镇政协联络组"),
                DateLine(DATE)]
    end = pages.estimate(notice + document).end
    assert (end.page, end.used) == (4, 2 + 1 + 25 + 3 - 22)
    from cppcc_plan.blocks import AttachmentLabel, AttachmentTitle
    attachment = [AttachmentLabel("附件"), AttachmentTitle("名单"), *[line] * 3]
    end = pages.estimate(notice + document + attachment).end
    assert (end.page, end.used) == (5, 1 + 1 + 1 + 1 + 3)
    # a table makes the end unknown; so does an end within a line of the page's
    assert pages.estimate(notice + document + [Table(("事项",), (("协商",),))]).end is None
    assert pages.estimate([Title("计划"), *[line] * 19, DateLine(DATE)]).end is None


def test_a_heading_at_the_foot_of_a_page_goes_over_with_its_paragraph():
    line = Paragraph(filler(26) + "。")
    blocks = [Title("计划"), *[line] * 19, Heading(1, "一、工作"), *[line] * 5]
    flow = pages.Flow()
    for block in blocks:
        flow = pages.placed(flow, block, True, False, False)
    assert (flow.page, flow.used) == (2, 6)             # page 1 ends a line short
