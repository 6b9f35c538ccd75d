"""The cover notice's closing (GB/T 9704-2012 7.3.5): the 署名 of every issuing organ and
the 成文日期, in a layout table so that it stands as one block wherever the notice ends.

Without 印章 (7.3.5.2), one blank line under the body; the 主办机关's 署名 first and the others
under it, their first characters in one column, the widest 右空二字; the date on the next line,
its first character two characters right of theirs. With 印章 (7.3.5.1), the 署名 stand side by
side as far as the line allows, each centred where its seal will press on it, with room above
for the seals; the date 右空四字 under the last.
"""

from ..blocks import NoticeClosing
from . import gbt9704 as g
from . import ooxml
from .layout_tables import Cell, Row, chars, grid_lines, para, rpr, run, table, with_properties

# Kept with the body's last line and with each other (7.3.5: the 署名 and date never stand
# alone on a page): every row's paragraph keeps with the next, the blank line above them too.
BLANK_LINE = "<w:p><w:pPr><w:keepNext/></w:pPr></w:p>"


def widest(closing: NoticeClosing) -> str:
    return max(closing.organs, key=chars)


def closing_xml(closing: NoticeClosing, indents: tuple[int, int]) -> str:
    """indents: right indents (1/100 character) of the widest 署名 and of the date, as the
    writer works them out for every closing."""
    return BLANK_LINE + table(closing_rows(closing, indents))


def closing_lines(closing: NoticeClosing) -> int:
    """Grid lines the closing takes: the blank line and its rows (the indents move text, not
    rows), as the body text under a table starts on a line of the grid."""
    return 1 + grid_lines(closing_rows(closing, (0, 0)))


def closing_rows(closing: NoticeClosing, indents: tuple[int, int]) -> list[Row]:
    if closing.sealed:
        return sealed_rows(closing)
    sig_right, date_right = indents
    # condensed as the body is, so that the indents, in body characters, are exact
    line, props = g.LINE_PITCH, rpr(g.BODY, condensed=True)
    wide = chars(widest(closing))
    rows = []
    for organ in closing.organs:
        right = ooxml.chars_twips(sig_right / 100 + wide - chars(organ))
        rows.append(Row((Cell(g.TEXT_WIDTH, para(run(organ, props), line, "right",
                                                 right=right, keep_next=True)),), line))
    right = ooxml.chars_twips(date_right / 100)
    rows.append(Row((Cell(g.TEXT_WIDTH, para(run(closing.date, props), line, "right",
                                             right=right)),), line))
    return rows


def sealed_rows(closing: NoticeClosing) -> list[Row]:
    line, props = g.LINE_PITCH, rpr(g.BODY, condensed=True)
    room = chars(widest(closing)) + 2
    per_row = max(1, min(len(closing.organs), int(g.CHARS_PER_LINE // room)))
    width = g.TEXT_WIDTH // per_row
    rows = [Row((Cell(g.TEXT_WIDTH, para("", line, keep_next=True)),),
                g.SEAL_ROOM_LINES * line)]
    organs = list(closing.organs)
    # the last row is filled from the right, so that the last 署名 stands over the date
    lead = len(organs) % per_row
    groups = [organs[:lead]] if lead else []
    groups += [organs[i:i + per_row] for i in range(lead, len(organs), per_row)]
    for group in groups:
        cells = [Cell(width, "")] * (per_row - len(group)) + [
            Cell(width, para(run(organ, props), line, "center", keep_next=True))
            for organ in group]
        cells[-1] = Cell(g.TEXT_WIDTH - width * (per_row - 1), cells[-1].content)
        rows.append(Row(tuple(cells), line))
    right = ooxml.chars_twips(g.SEALED_DATE_RIGHT_CHARS)
    rows.append(Row((Cell(g.TEXT_WIDTH, para(run(closing.date, props), line, "right",
                                             right=right)),), line))
    return rows


def keep_last_with_next(out: list[str]) -> list[str]:
    """The notice's last body paragraph kept with its closing."""
    kept = with_properties(out[-1], first="<w:keepNext/>") if out else None
    return out if kept is None else out[:-1] + [kept]
