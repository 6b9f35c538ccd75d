"""No punctuation mark is lost at a line end: each of 。，、；：？！ placed at every position
around the end of a full line, on the indented first line and on a later one, is printed."""

from cppcc_plan.blocks import DateLine, Paragraph, Signature, Title
from cppcc_plan.docx import gbt9704 as g
from layout import filler, need_libreoffice, pdf_lines, reports, status, write

MARKS = "。，、；：？！"
FIRST_LINE = g.CHARS_PER_LINE - g.INDENT_CHARS     # characters the indented first line holds
# marks from three characters before a line's end to one past it (hanging), on line 1 and 2
SHIFTS = range(-3, 2)


def test_every_mark_at_every_line_end_is_printed(tmp_path):
    need_libreoffice()
    blocks = [Title("标点测试")]
    for mark in MARKS:
        for line_end in (FIRST_LINE, FIRST_LINE + g.CHARS_PER_LINE):
            for shift in SHIFTS:
                before = line_end + shift
                blocks.append(Paragraph(filler(before) + mark + filler(12, before)))
    blocks += [Signature("某政协"), DateLine("2024年1月15日")]
    path = write(blocks, tmp_path / "marks.docx")
    (report,) = reports([path])
    assert status(report, "render.text")["status"] == "PASS", status(report, "render.text")
    assert status(report, "render.chars")["status"] == "PASS", status(report, "render.chars")
    lines = pdf_lines(path)
    # the test places what it means to: every mark is printed hanging after a full line
    for mark in MARKS:
        assert any(len(line) == g.CHARS_PER_LINE + 1 and line.endswith(mark)
                   for line in lines), mark
