"""The 版头 (GB/T 9704-2012 7.2) as one layout table at the top of the first page.

Rows from the 版心's top edge down: 份号, 密级和保密期限, 紧急程度 (7.2.1–7.2.3, a body line
each); a spacer so that the 发文机关标志's top edge is 35 mm below the 版心's top (7.2.4);
the 标志, one row an organ for 联合行文 with “文件” in a merged cell to their right, centred
on them; two body lines (空二行, 7.2.5); the 发文字号 row, whose cells' bottom border is the
red separator line 4 mm below the number (7.2.7). Two blank body lines follow the table, and
then the title (7.3.1: 红色分隔线下空二行).

Each 标志 line is set with an exact line height of its own size, so the top of the row is the
top of the characters' em box, which is what “上边缘” measures.
"""

from ..blocks import Letterhead
from . import gbt9704 as g
from .layout_tables import Cell, Row, border, chars, grid_lines, para, rpr, run, table, width

BLANK_LINE = "<w:p/>"


def mark_size(head: Letterhead) -> float:
    """The 标志's size in points: 初号 at most, smaller when the widest line would take more
    than MARK_WIDTH_SHARE of the 版心."""
    line = max(chars(m) for m in head.marks)
    if len(head.marks) == 1:
        line += chars(head.suffix)
    elif head.suffix:
        line += chars(head.suffix) + 1            # one character apart
    fit = g.TEXT_WIDTH / g.TWIPS_PER_PT * g.MARK_WIDTH_SHARE / line
    return min(g.MARK_MAX_SIZE, int(fit))


def note_rows(head: Letterhead) -> list[Row]:
    """份号, 密级, 紧急程度 flush left, one body line each, in the standard's order."""
    notes = [(head.copy_number, g.COPY_NUMBER), (head.secrecy, g.HEAD_NOTE),
             (head.urgency, g.HEAD_NOTE)]
    return [Row((Cell(g.TEXT_WIDTH, para(run(text, rpr(role)), g.LINE_PITCH)),), g.LINE_PITCH)
            for text, role in notes if text]


def mark_rows(head: Letterhead, size: float) -> list[Row]:
    em = g.pt(size)
    props = rpr(g.TextRole(g.MARK_FONT, size), color=g.RED)
    if len(head.marks) == 1:
        text = head.marks[0] + head.suffix
        return [Row((Cell(g.TEXT_WIDTH, para(run(text, props), em, "center")),), em)]
    names = max(width(m, em) for m in head.marks)
    word = width(head.suffix, em) + em if head.suffix else 0
    side = (g.TEXT_WIDTH - names - word) // 2
    gap = round(em * g.MARK_NAME_GAP)
    rows = []
    for i, mark in enumerate(head.marks):
        last = i == len(head.marks) - 1
        # names of different lengths stand in one block, as wide as the longest (分散对齐)
        cells = [Cell(side, ""), Cell(names, para(run(mark, props), em, "distribute"))]
        if head.suffix:
            cells.append(Cell(word, para(run(head.suffix, props), em, "right") if i == 0
                              else "", v_align="center",
                              v_merge="restart" if i == 0 else "continue"))
        cells.append(Cell(g.TEXT_WIDTH - side - names - word, ""))
        rows.append(Row(tuple(cells), em + (0 if last else gap)))
    return rows


def number_row(head: Letterhead) -> Row:
    """发文字号 centred; for 上行文 居左空一字 beside the 签发人, on the line of the last one.
    The row's bottom border is the red line, RED_LINE_GAP below the text's last line."""
    em = g.pt(g.SIZE_3HAO)
    red = border("bottom", g.RED_LINE_EIGHTHS_PT, g.RED)
    number_props = rpr(g.BODY)
    if not head.signers:
        cell = Cell(g.TEXT_WIDTH, para(run(head.number, number_props), em, "center"),
                    v_align="bottom", borders=red, margin_bottom=g.RED_LINE_GAP)
        return Row((cell,), em + g.RED_LINE_GAP)
    # one paragraph a line of names, each line an em high and a body line below the one
    # above, so that the last line's foot is the 发文字号's and both stand RED_LINE_GAP above
    # the red line; further lines start under the first name (回行对齐)
    label = "签发人："
    lines = ["\u3000".join(head.signers[i:i + g.SIGNERS_PER_LINE])
             for i in range(0, len(head.signers), g.SIGNERS_PER_LINE)]
    label_width = width(label, em)
    right_width = label_width + max(width(names, em) for names in lines) + em   # 居右空一字
    names_props = rpr(g.SIGNER_NAME)
    signers = para(run(label, rpr(g.SIGNER_LABEL)) + run(lines[0], names_props), em,
                   right=em) + "".join(
        para(run(names, names_props), em, left=label_width, right=em,
             before=g.LINE_PITCH - em) for names in lines[1:])
    number = para(run(head.number, number_props), em, left=em)
    height = (len(lines) - 1) * g.LINE_PITCH + em + g.RED_LINE_GAP
    return Row((Cell(g.TEXT_WIDTH - right_width, number, "bottom", borders=red,
                     margin_bottom=g.RED_LINE_GAP),
                Cell(right_width, signers, "bottom", borders=red,
                     margin_bottom=g.RED_LINE_GAP)), height)


def letterhead_rows(head: Letterhead, marks: bool = True) -> list[Row]:
    """marks=False when the unit's own letterhead file draws the 标志 in the first page's
    header: the 发文字号 and the red line then open the 版心."""
    notes = note_rows(head)
    if not marks:
        return notes + [number_row(head)]
    above = sum(row.height for row in notes)
    spacer = [Row((Cell(g.TEXT_WIDTH, ""),), g.MARK_TOP - above)]
    gap = [Row((Cell(g.TEXT_WIDTH, ""),), g.NUMBER_GAP_LINES * g.LINE_PITCH)]
    return notes + spacer + mark_rows(head, mark_size(head)) + gap + [number_row(head)]


def letterhead_xml(head: Letterhead, marks: bool = True) -> str:
    return table(letterhead_rows(head, marks)) + BLANK_LINE * g.TITLE_GAP_LINES


def letterhead_lines(head: Letterhead, marks: bool = True) -> int:
    """Grid lines the 版头 takes above the title: its rows rounded up to whole lines (the text
    under a table starts on a line of the grid), and the blank lines under it (7.3.1)."""
    return grid_lines(letterhead_rows(head, marks)) + g.TITLE_GAP_LINES
