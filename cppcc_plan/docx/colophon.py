"""The 版记 (GB/T 9704-2012 7.4) on the last page, an even one, at the bottom of the 版心.

The 版记 is a table floating at the bottom of the 版心 (w:tblpPr relative to the margin, its
top the 版心's height less its own rows, which are a body line a line), so that its last line
lies on the 版心's bottom edge (7.4.1); borders make its lines: thick above the first element
and under the last, thin between 抄送 and 印发 (7.4.1, 7.4.3). A table and not a paragraph
frame (w:framePr): a frame's paragraphs are body paragraphs to every reader of the file, and
the 版记 is 4号 without indents. The table is anchored to the paragraph after it.

Its page is the last of a document printed on both sides (封四), an even one; where the body
ends, the count of pages.py says (pages.estimate):
- on an odd page: the 版记 takes the next page, numbered as the body's pages are;
- on an even page with room for the 版记's rows and its anchor: on that page, after the
  成文日期 (or the last 附件), no page added, as the standard's practice sets it;
- on an even page without that room: a blank page and then the 版记's page, which 7.5 wants
  unnumbered (版记页前有空白页的，空白页和版记页均不编排页码): one section of two pages whose
  footers are an empty part. A sectPr without footer references would take the body's. The
  blank page holds an empty paragraph, a page of the file rather than one a program inserts
  (LibreOffice's PDF export leaves those out unless told, preview.PDF_EXPORT);
- unknown (a table, or the page end within the count's margin): the 版记 in a section of its
  own that starts on an even page (w:type evenPage), numbered, so that it lands on an even
  page whatever the layout. Where the body ended on an even page after all, Word and
  LibreOffice insert the blank page themselves (unnumbered, but the 版记 page is numbered).
A section of the 版记 holds no body text to be 28 characters a line (5.2.4), so it declares
them with a character grid (gbt9704.CHAR_GRID_SPACE), which its paragraphs, off the grid, do
not follow.
"""

from ..blocks import Colophon
from . import gbt9704 as g
from . import ooxml, pages
from .layout_tables import Cell, Row, border, chars, grid_lines, para, rpr, run, table, width

SEPARATOR = "："
# Where the 版记 goes (module docstring).
EVEN_PAGE, SAME_PAGE, AFTER_BLANK = "even page", "same page", "after blank"
# The 版记's own sections: holding no body text, their 28 characters a line (5.2.4) declared
# by a character grid rather than shown by condensed body runs.
SECTIONS = {
    EVEN_PAGE: ooxml.section_properties(g.PORTRAIT, "evenPage", char_grid=True),
    AFTER_BLANK: ooxml.section_properties(g.PORTRAIT, char_grid=True, numbered=False),
}
# The floating 版记 is anchored to the paragraph after it (and Word wants a paragraph after a
# table); in a section of its own, the paragraph before it opens the section: a section that
# starts with a floating table LibreOffice (7.4) lays out on the previous section's last page.
SECTION_START = ANCHOR = "<w:p/>"
ANCHOR_LINES = 1
BLANK_PAGE = SECTION_START + '<w:p><w:pPr><w:pageBreakBefore/></w:pPr></w:p>'


def placement(end: pages.Flow | None, colophon: Colophon) -> str:
    """Where the 版记 goes after a body ending at `end` (pages.estimate)."""
    if end is None or end.page % 2:
        return EVEN_PAGE
    room = end.used + ANCHOR_LINES + colophon_lines(colophon) + pages.MARGIN_LINES
    return SAME_PAGE if room <= g.LINES_PER_PAGE else AFTER_BLANK


def colophon_lines(colophon: Colophon) -> int:
    return grid_lines(colophon_rows(colophon))


def colophon_xml(colophon: Colophon, place: str) -> str:
    """The 版记 where `place` puts it; in a section of its own, its w:sectPr is SECTIONS'."""
    rows = colophon_rows(colophon)
    floating = table(rows, top=g.TEXT_HEIGHT - sum(row.height for row in rows)) + ANCHOR
    start = {EVEN_PAGE: SECTION_START, SAME_PAGE: "", AFTER_BLANK: BLANK_PAGE}[place]
    return start + floating


def colophon_rows(colophon: Colophon) -> list[Row]:
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
    return rows


def copies_lines(text: str, first: int, further: int, em: int) -> int:
    """The lines 抄送 takes: whole characters a line, none hanging past the side space."""
    left, count = chars(text) - first // em, 1
    while left > 0:
        left, count = left - further // em, count + 1
    return count

