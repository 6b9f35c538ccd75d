"""Borderless layout tables: the parts of a 公文 that GB/T 9704 places in millimetres rather
than on the body's line grid (版头, the cover notice's 署名, 版记).

A table row can be exactly as high as the standard asks, where a paragraph on the grid takes
a whole line (5.2.4) and one off the grid would break the 22 lines of the page around it. The
cells carry their own run formatting: these parts are drawn once, not styled by the clerk.
"""

import math
from dataclasses import dataclass

from ..prose import display_width
from . import gbt9704 as g
from . import ooxml


@dataclass(frozen=True)
class Cell:
    width: int                  # twips
    content: str                # paragraphs
    v_align: str = "top"
    v_merge: str = ""           # "restart", "continue" or ""
    borders: str = ""           # the inside of w:tcBorders
    margin_bottom: int = 0


@dataclass(frozen=True)
class Row:
    cells: tuple[Cell, ...]
    height: int                 # twips
    exact: bool = True


def grid_lines(rows: list[Row]) -> int:
    """Grid lines the rows take, rounded up: body text under a table starts on a line of the
    grid."""
    return math.ceil(sum(row.height for row in rows) / g.LINE_PITCH)


def rpr(role: g.TextRole, size: float | None = None, color: str = "",
        condensed: bool = False) -> str:
    """Run properties in schema order (CT_RPr): fonts, colour, spacing, size. condensed: the
    body's character spacing, for text that lines up with the body's characters."""
    half_points = round((size or role.size) * 2)
    color_el = f'<w:color w:val="{color}"/>' if color else ""
    bold = "<w:b/><w:bCs/>" if role.bold else ""
    spacing = g.CHAR_SPACING_TWENTIETHS_PT if condensed else 0
    return (f"<w:rPr>{ooxml.fonts(role.font)}{bold}{color_el}"
            f'<w:spacing w:val="{spacing}"/><w:sz w:val="{half_points}"/>'
            f'<w:szCs w:val="{half_points}"/></w:rPr>')


def run(text: str, props: str) -> str:
    return f'<w:r>{props}<w:t xml:space="preserve">{ooxml.text(text)}</w:t></w:r>'


def para(runs: str, line: int, jc: str = "left", left: int = 0, right: int = 0,
         hanging: int = 0, tabs: str = "", keep_next: bool = False, before: int = 0) -> str:
    """A paragraph off the line grid, its lines `line` twips apart exactly, `before` twips
    below the one above it."""
    keep = "<w:keepNext/>" if keep_next else ""
    space = f' w:before="{before}"' if before else ""
    indent = (f'<w:ind w:left="{left}" w:right="{right}" '
              + (f'w:hanging="{hanging}"/>' if hanging else 'w:firstLine="0" w:firstLineChars="0"/>'))
    return (f"<w:p><w:pPr>{keep}{tabs}<w:snapToGrid w:val=\"0\"/>"
            f'<w:spacing{space} w:line="{line}" w:lineRule="exact"/>{indent}<w:jc w:val="{jc}"/>'
            f"</w:pPr>{runs}</w:p>")


def grid_of(rows: list[Row]) -> list[int]:
    """Column widths whose boundaries are every cell boundary of every row."""
    edges = set()
    for row in rows:
        x = 0
        for cell in row.cells:
            x += cell.width
            edges.add(x)
    cuts = sorted(edges)
    return [b - a for a, b in zip([0] + cuts, cuts)]


def table(rows: list[Row], top: int | None = None) -> str:
    """The table on the 版心's width, cells without margins so that text stands where the
    widths say. With `top`, it floats that far below the 版心's top edge (the 版记, 7.4.1)."""
    grid = grid_of(rows)
    edges = [sum(grid[:i + 1]) for i in range(len(grid))]
    # Placed from the page's left edge at the left margin, not centred in the margins:
    # LibreOffice (7.4) floats a table as wide as the text area only when it is placed
    # relative to the page, and otherwise leaves it in the text flow at the top of the page.
    # Its top is given as an offset, not as tblpYSpec="bottom": LibreOffice puts a bottom-
    # aligned table of a later section 3.7 mm below that section's margin.
    position = ('<w:tblpPr w:leftFromText="0" w:rightFromText="0" w:topFromText="0" '
                'w:bottomFromText="0" w:vertAnchor="margin" w:horzAnchor="page" '
                f'w:tblpX="{g.MARGIN_LEFT}" w:tblpY="{top}"/>'
                '<w:tblOverlap w:val="never"/>') if top is not None else ""
    out = [f'<w:tbl><w:tblPr>{position}<w:tblW w:w="{g.TEXT_WIDTH}" w:type="dxa"/>'
           '<w:jc w:val="center"/><w:tblInd w:w="0" w:type="dxa"/><w:tblBorders>'
           + "".join(f'<w:{side} w:val="nil"/>' for side in
                     ("top", "left", "bottom", "right", "insideH", "insideV"))
           + '</w:tblBorders><w:tblLayout w:type="fixed"/><w:tblCellMar>'
           '<w:top w:w="0" w:type="dxa"/><w:left w:w="0" w:type="dxa"/>'
           '<w:bottom w:w="0" w:type="dxa"/><w:right w:w="0" w:type="dxa"/></w:tblCellMar>'
           '</w:tblPr><w:tblGrid>', "".join(f'<w:gridCol w:w="{w}"/>' for w in grid),
           "</w:tblGrid>"]
    for row in rows:
        rule = "exact" if row.exact else "atLeast"
        out.append(f'<w:tr><w:trPr><w:cantSplit/><w:trHeight w:val="{row.height}" '
                   f'w:hRule="{rule}"/></w:trPr>')
        x = 0
        for cell in row.cells:
            start, x = x, x + cell.width
            span = edges.index(x) - (edges.index(start) if start else -1)
            out.append(cell_xml(cell, span))
        out.append("</w:tr>")
    out.append("</w:tbl>")
    return "".join(out)


def cell_xml(cell: Cell, span: int) -> str:
    span_el = f'<w:gridSpan w:val="{span}"/>' if span > 1 else ""
    merge = f'<w:vMerge w:val="{cell.v_merge}"/>' if cell.v_merge == "restart" else \
        ("<w:vMerge/>" if cell.v_merge else "")
    borders = f"<w:tcBorders>{cell.borders}</w:tcBorders>" if cell.borders else ""
    margin = (f'<w:tcMar><w:bottom w:w="{cell.margin_bottom}" w:type="dxa"/></w:tcMar>'
              if cell.margin_bottom else "")
    content = cell.content or "<w:p/>"
    return (f'<w:tc><w:tcPr><w:tcW w:w="{cell.width}" w:type="dxa"/>{span_el}{merge}{borders}'
            f'{margin}<w:vAlign w:val="{cell.v_align}"/></w:tcPr>{content}</w:tc>')


def border(side: str, eighths: int, color: str = "000000") -> str:
    return f'<w:{side} w:val="single" w:sz="{eighths}" w:space="0" w:color="{color}"/>'


def chars(text: str) -> float:
    """Width in full-width characters (a half-width one counts ½)."""
    return display_width(text)


def width(text: str, em: int) -> int:
    """Width in twips of text set at em twips a full-width character."""
    return round(display_width(text) * em)


def with_properties(paragraph: str, first: str) -> str | None:
    """A paragraph written elsewhere with `first` put at the start of its w:pPr, after its
    style (w:keepNext comes early in CT_PPr); None if it is not a paragraph."""
    if paragraph == "<w:p/>":
        return f"<w:p><w:pPr>{first}</w:pPr></w:p>"
    if paragraph.startswith("<w:p><w:pPr>"):
        head, _, rest = paragraph[len("<w:p><w:pPr>"):].partition("</w:pPr>")
        cut = head.index("/>") + 2 if head.startswith("<w:pStyle") else 0
        style, others = head[:cut], head[cut:]
        return f"<w:p><w:pPr>{style}{first}{others}</w:pPr>{rest}"
    if paragraph.startswith("<w:p>"):
        return f"<w:p><w:pPr>{first}</w:pPr>" + paragraph[len("<w:p>"):]
    return None
