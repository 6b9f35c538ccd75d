"""Every GB/T 9704-2012 measurement the writer uses, named once, in the standard's own units.

The writer turns these into OOXML; nothing else in the project knows a font size or a margin.
Clause numbers refer to GB/T 9704-2012《党政机关公文格式》.
"""

import math
from dataclasses import dataclass

TWIPS_PER_MM = 1440 / 25.4
TWIPS_PER_PT = 20


def mm(value: float) -> int:
    """Millimetres to twips (the unit of w:pgSz, w:pgMar, w:ind)."""
    return round(value * TWIPS_PER_MM)


def pt(value: float) -> int:
    """Points to twips."""
    return round(value * TWIPS_PER_PT)


# 5.2.1 A4 paper, portrait.
PAGE_WIDTH = mm(210)
PAGE_HEIGHT = mm(297)
# 5.2.2 天头 37 mm, 订口 28 mm; the 版心 is 156 × 225 mm, which leaves 35 mm at the bottom
# and 26 mm on the right.
MARGIN_TOP = mm(37)
MARGIN_BOTTOM = mm(35)
MARGIN_LEFT = mm(28)
MARGIN_RIGHT = mm(26)
TEXT_WIDTH = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT
TEXT_HEIGHT = PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM

# 5.2.4 22 lines of 28 characters. The line pitch divides the 版心 height by 22 (w:docGrid
# type "lines"). 28 characters of 16 pt are 448 pt, wider than 156 mm (442.25 pt), so every
# character is condensed (w:spacing) to make 28 fit. A linesAndChars grid would do the same in
# Word, but LibreOffice lays such a grid out at 14 characters a line.
LINES_PER_PAGE = 22
CHARS_PER_LINE = 28
LINE_PITCH = TEXT_HEIGHT // LINES_PER_PAGE          # 579 twips
# A full line ends with room for this much of a character left over. A 。，、；：？！ after a
# full line hangs past the 版心 rather than starting the next line: ECMA-376 17.3.1.21
# w:overflowPunct, which Word and WPS apply when it is omitted (允许标点溢出边界) and LibreOffice
# follows. LibreOffice then prints the hanging mark only when the line leaves it some room:
# measured (tests/test_layout_punctuation.py), marks were lost at 1.2 pt of room (w:spacing -5)
# and none at 2.6 pt (-6) or more. A third of a character (5.4 pt, -8) keeps clear of that edge
# and of a 29th character (room for 28.35). w:overflowPunct is not written out: LibreOffice 7.4
# reads an explicit one inverted (val 1 stops hanging, val 0 hangs), measured too.
LINE_END_ROOM_CHARS = 1 / 3


def body_char_spacing() -> int:
    """w:spacing of body text in 1/20 pt (twips): the pitch that puts CHARS_PER_LINE characters
    and LINE_END_ROOM_CHARS in TEXT_WIDTH, rounded down so the line never runs short."""
    pitch = TEXT_WIDTH / (CHARS_PER_LINE + LINE_END_ROOM_CHARS)
    return math.floor(pitch - pt(SIZE_3HAO))


# Font sizes (号) in points. 5.2.3: body 3号; 7.2.3: title 2号; 7.5: page numbers 4号.
SIZE_2HAO = 22
SIZE_3HAO = 16
SIZE_4HAO = 14
SIZE_XIAOSI = 12
CHAR_SPACING_TWENTIETHS_PT = body_char_spacing()     # -8: 15.6 pt a character

# A section with no body text (the 版记's page, 7.4) cannot show its 28 characters by its
# text, so it says them with Word's character grid (w:docGrid linesAndChars): the body's pitch,
# the 16 pt Normal plus w:charSpace in 1/4096 pt. LibreOffice's two cells a character touch
# nothing there: the 版记's paragraphs do not snap to the grid.
CHAR_GRID_SPACE = round(CHAR_SPACING_TWENTIETHS_PT / TWIPS_PER_PT * 4096)

# 5.2.3, 7.2.3, 7.3.3: 小标宋 title, 仿宋 body, 黑体 level 1, 楷体 level 2, 仿宋 levels 3–4.
# Names as Chinese Windows and WPS install them; each has a widely installed alternative
# that the font table offers (w:altName) when the first is missing.
FONT_TITLE = "方正小标宋简体"
FONT_BODY = "仿宋_GB2312"
FONT_HEI = "黑体"
FONT_KAI = "楷体_GB2312"
FONT_SONG = "宋体"            # 7.5: page numbers in 宋体
FONT_LATIN = "Times New Roman"
FONT_ALTERNATIVES = {
    FONT_TITLE: "华文中宋",
    FONT_BODY: "仿宋",
    FONT_KAI: "楷体",
}

# 7.3.3: first line indented two characters.
INDENT_CHARS = 2
# 7.3.5.2: 署名 right-indented two characters; the date starts two characters right of it.
SIGNATURE_RIGHT_CHARS = 2
DATE_OFFSET_CHARS = 2

# 7.5: 4号 Arabic page numbers between 一字线 dashes, 7 mm below the 版心; odd pages right and
# even pages left, each one character (of 4号) in from the edge of the 版心.
PAGE_NUMBER_DASH = "\u2014"
PAGE_NUMBER_GAP = mm(7)
PAGE_NUMBER_SIDE_SPACE = pt(SIZE_4HAO)
# The page-number line is one 4号 em high (single spacing, not on the grid), so its middle sits
# PAGE_NUMBER_GAP below the 版心 when the footer's bottom is this far above the paper's edge.
FOOTER_DISTANCE = MARGIN_BOTTOM - PAGE_NUMBER_GAP - pt(SIZE_4HAO) // 2


@dataclass(frozen=True)
class PageSetup:
    """One section's page: size, margins, footer distance and line pitch, in twips."""

    width: int
    height: int
    top: int
    right: int
    bottom: int
    left: int
    footer: int
    line_pitch: int
    landscape: bool = False


PORTRAIT = PageSetup(PAGE_WIDTH, PAGE_HEIGHT, MARGIN_TOP, MARGIN_RIGHT, MARGIN_BOTTOM,
                     MARGIN_LEFT, FOOTER_DISTANCE, LINE_PITCH)
# 10: a table too wide for the 版心 is set across the page (横排表格), the sheet turned a
# quarter left, so the 版心 stays where it is on the paper: its top is the 订口 side (表头在
# 订口一边 on odd pages, on the 切口 side on even ones) and its left the foot of the page. The
# page number stays where other pages have it (页码位置与公文其他页码保持一致): at the left
# edge, turned with the sheet, odd ones at the lower and even ones at the upper corner.
LANDSCAPE = PageSetup(PAGE_HEIGHT, PAGE_WIDTH, MARGIN_LEFT, MARGIN_TOP, MARGIN_RIGHT,
                      MARGIN_BOTTOM, MARGIN_RIGHT - PAGE_NUMBER_GAP - pt(SIZE_4HAO) // 2,
                      TEXT_WIDTH // LINES_PER_PAGE, landscape=True)
# The turned page number sits in a one-cell table of vertical text at the left edge: this long
# (room for "— 999 —") and this thick (one 4号 line).
TURNED_NUMBER_LENGTH = mm(45)
TURNED_NUMBER_THICKNESS = pt(SIZE_4HAO) * 3 // 2


@dataclass(frozen=True)
class TextRole:
    """How one kind of text looks: its East Asian font, size in points and weight."""

    font: str
    size: float
    bold: bool = False


TITLE = TextRole(FONT_TITLE, SIZE_2HAO)
BODY = TextRole(FONT_BODY, SIZE_3HAO)
HEADINGS = {
    1: TextRole(FONT_HEI, SIZE_3HAO),
    2: TextRole(FONT_KAI, SIZE_3HAO),
    # 7.3.3 allows the third level in bold; it sets the run-in lead apart from the body.
    3: TextRole(FONT_BODY, SIZE_3HAO, bold=True),
    4: TextRole(FONT_BODY, SIZE_3HAO),
}
ATTACHMENT_LABEL = TextRole(FONT_HEI, SIZE_3HAO)     # 7.3.7 "附件1" in 3号黑体
PAGE_NUMBER = TextRole(FONT_SONG, SIZE_4HAO)
# 10 leaves table type to the issuer; 小四 fits five to seven columns on the 版心 with
# headers of four characters on one line.
TABLE_TEXT = TextRole(FONT_BODY, SIZE_XIAOSI)
TABLE_HEADER = TextRole(FONT_HEI, SIZE_XIAOSI)
TABLE_BORDER_EIGHTHS_PT = 4                          # ½ pt lines
TABLE_CELL_MARGIN = mm(1.9)
# Column widths, in table characters. An entry this short (序号, 第二季度, 已完成, a header) is
# a word that never wraps, and so is a date in any entry (2024年12月); a longer entry may wrap,
# but its column is never narrower than TABLE_TEXT_COLUMN_CHARS. A table whose words do not fit
# the portrait 版心 that way goes on a landscape page (10: 横排表格).
TABLE_WORD_CHARS = 4
TABLE_TEXT_COLUMN_CHARS = 4
TABLE_COLUMN_SLACK_CHARS = 0.25   # so an entry exactly as wide as its column does not wrap
TABLE_WIDTH_STEP_CHARS = 0.25     # the room left over is handed out in these steps

# 7.3.6 附件说明: "附件：" then the name; further lines line up after "附件：".
ATTACHMENT_NOTE_HANG_CHARS = 3

# A title line holds this many 2号 characters (156 mm / 22 pt); longer titles are broken
# into balanced lines (7.2.3: 梯形或菱形).
TITLE_CHARS_PER_LINE = int(TEXT_WIDTH / pt(SIZE_2HAO))

# 7.2 版头. 7.2.1–7.2.3: 份号 (six digits), 密级和保密期限 and 紧急程度 (3号黑体), one a line,
# flush left from the 版心's first line down.
HEAD_NOTE = TextRole(FONT_HEI, SIZE_3HAO)
COPY_NUMBER = TextRole(FONT_LATIN, SIZE_3HAO)
# 7.2.4: the 发文机关标志 centred, its top edge 35 mm below the 版心's top edge, 小标宋, red.
# Its size is the issuer's choice (醒目、美观、庄重); here 初号 at most, smaller when the names
# would fill more than nine tenths of the 版心's width. Stacked names (联合行文) stand a quarter
# of their size apart, 主办机关 first, “文件” to their right, centred on them.
RED = "FF0000"
MARK_TOP = mm(35)
MARK_FONT = FONT_TITLE
MARK_MAX_SIZE = 42
MARK_WIDTH_SHARE = 0.9
MARK_NAME_GAP = 0.25
# 7.2.5, 7.2.6: 发文字号 空二行 below the 标志, centred; for 上行文 居左空一字 on the line of the
# last 签发人, who stands 居右空一字: “签发人：” in 3号仿宋, the names in 3号楷体, two a line.
NUMBER_GAP_LINES = 2
SIGNER_LABEL = TextRole(FONT_BODY, SIZE_3HAO)
SIGNER_NAME = TextRole(FONT_KAI, SIZE_3HAO)
SIGNERS_PER_LINE = 2
# 7.2.7: the red line 4 mm below the 发文字号, as wide as the 版心. Its weight the standard
# leaves open; 1 pt (w:sz in eighths of a point) prints as a clear rule.
RED_LINE_GAP = mm(4)
RED_LINE_EIGHTHS_PT = 8
# 7.3.1: the title 空二行 below the red line.
TITLE_GAP_LINES = 2

# 7.3.5.1: with 印章, the date 右空四字; the seal (about 42 mm across) needs room above it.
SEALED_DATE_RIGHT_CHARS = 4
SEAL_ROOM_LINES = 2

# 7.4 版记: 4号仿宋, the first and last lines thick (推荐 0.35 mm: 1 pt, 0.353 mm, the nearest
# Word line weight), those between thin (推荐 0.25 mm: ¾ pt, 0.265 mm), all as wide as the
# 版心, the last on the 版心's bottom edge. 抄送 and 印发 stand one 4号 character in from either
# side; each line of the 版记 is a line of the body grid high.
COLOPHON = TextRole(FONT_BODY, SIZE_4HAO)
COLOPHON_THICK_EIGHTHS_PT = 8
COLOPHON_THIN_EIGHTHS_PT = 6
COLOPHON_SIDE_SPACE = pt(SIZE_4HAO)
