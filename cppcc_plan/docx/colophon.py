"""The 版记 (GB/T 9704-2012 7.4) on the last page, and the section that puts it there.

The 版记 is a table floating at the bottom of the 版心 (w:tblpPr relative to the margin, its
top the 版心's height less its own rows, which are a body line a line), so that its last line
lies on the 版心's bottom edge (7.4.1); borders make its lines: thick above the first element
and under the last, thin between 抄送 and 印发 (7.4.1, 7.4.3). A table and not a paragraph
frame (w:framePr): a frame's paragraphs are body paragraphs to every reader of the file, and
the 版记 is 4号 without indents. It stands in a section of its own that starts on an even
page (w:type evenPage), the last page of a document printed on both sides (封四): when the
body ends on an odd page the 版记 takes the next page; when it ends on an even page, Word
inserts a blank page before it (its documentation of "Even page" section breaks) and so does
LibreOffice 7.4, whose PDF export leaves that page out unless told (preview.PDF_EXPORT) and
numbers on (seen here: the 版记 page of 8 + 1 blank is "— 10 —"). 7.5 wants neither numbered in that case; the page numbers cannot
know it, so the 版记's section keeps them, as a 版记 page that follows the body directly needs.
The 版记 never shares the body's last page, even when that page is even and has room: only
the program laying the document out knows where the body ends. Its section holds no body
text to be 28 characters a line (5.2.4), so it declares them with a character grid
(gbt9704.CHAR_GRID_SPACE), which its paragraphs, off the grid, do not follow.
"""

from ..blocks import Colophon
from . import gbt9704 as g
from . import ooxml
from .layout_tables import Cell, Row, border, chars, para, rpr, run, table, width

SEPARATOR = "："
# The 版记's section: on an even page, and holding no body text, its 28 characters a line
# (5.2.4) declared by a character grid rather than shown by condensed body runs.
COLOPHON_SECTION = ooxml.section_properties(g.PORTRAIT, "evenPage", char_grid=True)
# The floating 版记 is anchored to the paragraph after it (and Word wants a paragraph after a
# table); the paragraph before it opens the section: a section that starts with a floating
# table LibreOffice (7.4) lays out on the previous section's last page.
SECTION_START = ANCHOR = "<w:p/>"


def colophon_xml(colophon: Colophon) -> str:
    props = rpr(g.COLOPHON)
    side = g.COLOPHON_SIDE_SPACE
    em = g.pt(g.COLOPHON.size)
    line = g.LINE_PITCH
    rows = []
    thick_top = border("top", g.COLOPHON_THICK_EIGHTHS_PT)
    thin = border("bottom", g.COLOPHON_THIN_EIGHTHS_PT)
    thick_bottom = border("bottom", g.COLOPHON_THICK_EIGHTHS_PT)
    if colophon.copies_to:
        # 回行 lines up after the colon (7.4.2)
        hang = width(colophon.copies_to.split(SEPARATOR)[0] + SEPARATOR, em)
        lines = copies_lines(colophon.copies_to, g.TEXT_WIDTH - 2 * side,
                             g.TEXT_WIDTH - 2 * side - hang, em)
        rows.append(Row((Cell(g.TEXT_WIDTH, para(run(colophon.copies_to, props), line,
                                                  "both", left=side + hang, right=side,
                                                  hanging=hang),
                              v_align="center", borders=thick_top + thin),),
                        lines * line, exact=False))
    tab = f'<w:tabs><w:tab w:val="right" w:pos="{g.TEXT_WIDTH - side}"/></w:tabs>'
    printed = para(run(colophon.printer, props) + "<w:r><w:tab/></w:r>"
                   + run(colophon.printed, props), line, left=side, tabs=tab)
    top = "" if colophon.copies_to else thick_top
    rows.append(Row((Cell(g.TEXT_WIDTH, printed, v_align="center",
                          borders=top + thick_bottom),), line, exact=False))
    height = sum(row.height for row in rows)
    return SECTION_START + table(rows, top=g.TEXT_HEIGHT - height) + ANCHOR


def copies_lines(text: str, first: int, further: int, em: int) -> int:
    """The lines 抄送 takes: whole characters a line, none hanging past the side space."""
    left, count = chars(text) - first // em, 1
    while left > 0:
        left, count = left - further // em, count + 1
    return count

