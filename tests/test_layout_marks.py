"""Quotes, dashes and ellipses are set in the East Asian font, full-width: their runs carry
w:hint="eastAsia" (Word and WPS set them in the Latin font without it)."""

import subprocess

from lxml import etree

from conftest import W, DocxReader
from cppcc_plan.blocks import DateLine, Paragraph, Signature, Title
from cppcc_plan.docx import gbt9704 as g
from layout import need_libreoffice, reports, write

TEXT = "全面落实“十四五”规划——做到‘三个一’……完成。"


def test_shared_marks_get_the_east_asia_hint(tmp_path):
    path = write([Title("落实“十四五”规划"), Paragraph(TEXT), Signature("某政协"),
                  DateLine("2024年1月15日")], tmp_path / "marks.docx")
    doc = DocxReader(path)
    body = next(p for p in doc.paragraphs if p.text == TEXT)
    hinted = ["".join(t.text for t in r.iter(W + "t")) for r in body.xml.iter(W + "r")
              if r.find(f"{W}rPr/{W}rFonts[@{W}hint='eastAsia']") is not None]
    assert hinted == ["“", "”", "——", "‘", "’……"]
    plain = [r.text for r in body.runs if r.text not in hinted]
    assert plain == ["全面落实", "十四五", "规划", "做到", "三个一", "完成。"]
    title = next(p for p in doc.paragraphs if p.style == "Title")
    assert [r.text for r in title.runs] == ["落实", "“", "十四五", "”", "规划"]


def test_shared_marks_render_full_width(tmp_path):
    need_libreoffice()
    path = write([Title("标点"), Paragraph(TEXT), Signature("某政协"),
                  DateLine("2024年1月15日")], tmp_path / "wide.docx")
    reports([path])
    pdf = next(path.with_suffix("").glob("*.pdf"))
    bbox = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    word = next(w for w in etree.fromstring(bbox.encode()).iter("{*}word") if w.text == TEXT)
    width = float(word.get("xMax")) - float(word.get("xMin"))
    pitch = g.SIZE_3HAO + g.CHAR_SPACING_TWENTIETHS_PT / 20
    assert abs(width - len(TEXT) * pitch) < pitch / 2, (width, len(TEXT) * pitch)
