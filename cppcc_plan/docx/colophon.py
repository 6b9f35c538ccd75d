"""The 版记 (GB/T 9704-2012 7.4) on the last page, and the section that puts it there.

The 版记 is a table anchored to the bottom of the 版心 (w:tblpPr vertAnchor="margin"
tblpYSpec="bottom"), so that its last line lies on the 版心's bottom edge (7.4.1) whatever
the height of its rows; borders make its lines: thick above the first element and under the
last, thin between 抄送 and 印发 (7.4.1, 7.4.3). It stands in a section of its own that starts
on an even page (w:type evenPage): the last page of a document printed on both sides (封四).
When the body ends on an odd page the 版记 takes the next, even page; when it ends on an even
page, Word, WPS and LibreOffice insert the blank odd page between, which none of them prints a
page number on (7.5). The 版记 page itself keeps its number: the shared checker asks for one on
every page, and 7.5's exception for it is the one case left to the clerk. A floating table
rather than a w:framePr paragraph frame: LibreOffice 7.4 lays out both at the bottom, but
draws the lines of a frame's paragraphs only around the whole frame.
"""

from ..blocks import Colophon
from . import gbt9704 as g
from .layout_tables import Cell, Row, border, para, rpr, run, table, width, with_properties

SEPARATOR = "："


def colophon_xml(colophon: Colophon) -> str:
    props = rpr(g.COLOPHON)
    side = g.COLOPHON_SIDE_SPACE
    em = g.pt(g.COLOPHON.size)
    rows = []
    thick_top = border("top", g.COLOPHON_THICK_EIGHTHS_PT)
    thin = border("bottom", g.COLOPHON_THIN_EIGHTHS_PT)
    thick_bottom = border("bottom", g.COLOPHON_THICK_EIGHTHS_PT)
    if colophon.copies_to:
        # 回行 lines up after the colon (7.4.2)
        hang = width(colophon.copies_to.split(SEPARATOR)[0] + SEPARATOR, em)
        rows.append(Row((Cell(g.TEXT_WIDTH, para(run(colophon.copies_to, props), g.LINE_PITCH,
                                                  "both", left=side + hang, right=side,
                                                  hanging=hang),
                              v_align="center", borders=thick_top + thin),),
                        g.LINE_PITCH, exact=False))
    tab = f'<w:tabs><w:tab w:val="right" w:pos="{g.TEXT_WIDTH - side}"/></w:tabs>'
    printed = para(run(colophon.printer, props) + "<w:r><w:tab/></w:r>"
                   + run(colophon.printed, props), g.LINE_PITCH, left=side, tabs=tab)
    top = "" if colophon.copies_to else thick_top
    rows.append(Row((Cell(g.TEXT_WIDTH, printed, v_align="center",
                          borders=top + thick_bottom),), g.LINE_PITCH))
    return SECTION_START + table(rows, float_bottom=True) + ANCHOR


EVEN_PAGE = "evenPage"
# The floating 版记 is anchored to the paragraph after it (and Word wants a paragraph after a
# table); the paragraph before it opens the section: a section that starts with a floating
# table LibreOffice (7.4) lays out on the previous section's last page.
SECTION_START = ANCHOR = "<w:p/>"


def end_of_body(out: list[str], section: str) -> list[str]:
    """The body's parts with its section closed on its last paragraph (w:pPr/w:sectPr), so
    that the 版记's section adds no line to the body's last page; after a table, on a
    paragraph of its own."""
    closed = with_properties(out[-1], last=section) if out else None
    if closed is None:
        return out + [f"<w:p><w:pPr>{section}</w:pPr></w:p>"]
    return out[:-1] + [closed]
