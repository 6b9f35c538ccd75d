"""署名 and 成文日期 never stand alone on a page (GB/T 9704 7.3.5.4): a plan's body grows one
line at a time across the end of page 1, with and without 附件说明, and at every length the
page holding the date holds body text too."""

import pytest

from cppcc_plan.blocks import AttachmentNote, DateLine, Paragraph, Signature, Title
from cppcc_plan.docx import gbt9704 as g
from layout import filler, need_libreoffice, reports, status, write

TITLE_LINES = 2                  # the title and the blank line under it
CLOSING_LINES = 3                # blank line, 署名, 成文日期
NOTES = ("1.协商活动安排表", "2.重点工作项目推进表")
NOTE_LINES = 1 + len(NOTES)      # blank line and one line a note
# The last paragraph has this many lines, so that the keep can split it as well as move it.
LAST_PARAGRAPH_LINES = 3


def plan(body_lines: int, notes: tuple[str, ...]) -> list:
    """Title, one-line paragraphs and a longer last one (body_lines in all), the closing."""
    one_line = g.CHARS_PER_LINE - g.INDENT_CHARS
    last = filler(one_line + g.CHARS_PER_LINE * (LAST_PARAGRAPH_LINES - 1)) + "。"
    blocks = [Title("某街道政协工作室2024年工作计划")]
    blocks += [Paragraph(filler(one_line - 1, i) + "。")
               for i in range(body_lines - LAST_PARAGRAPH_LINES)]
    blocks += [Paragraph(last), *(AttachmentNote(n) for n in notes), Signature("某政协工作室"),
               DateLine("2024年1月15日")]
    return blocks


def lengths(notes: tuple[str, ...]) -> range:
    """Body lengths from the one that ends page 1 with the date on its last line, two lines
    short of it, to two lines past it: the page end falls before the date, the 署名, the
    blank line, the notes and the body's last lines in turn."""
    fill = g.LINES_PER_PAGE - TITLE_LINES - CLOSING_LINES - (NOTE_LINES if notes else 0)
    return range(fill - 1, fill + CLOSING_LINES + (NOTE_LINES if notes else 0) + 1)


@pytest.mark.parametrize("notes", [(), NOTES], ids=["no-attachments", "attachments"])
def test_closing_keeps_body_lines_at_every_length(notes, tmp_path):
    need_libreoffice()
    paths = [write(plan(n, notes), tmp_path / f"body-{n}.docx") for n in lengths(notes)]
    for path, report in zip(paths, reports(paths)):
        closing = status(report, "render.closing")
        assert closing["status"] == "PASS", (path.name, closing)
        assert status(report, "render.text")["status"] == "PASS", path.name
        pages = status(report, "render.pages")["detail"]
        assert pages.startswith(("1 page", "2 page")), (path.name, pages)
