"""The document as a short list of blocks, parsed from the templates' line markup.

A template writes one block a line, each starting with a marker: 【标题】 【主送】 【一级标题】 …
【四级标题】 【正文】 【附件说明】 【署名】 【日期】 【附件】 【附件标题】. In a heading line,
【接排】 ends the heading sentence and starts body text in the same paragraph (a run-in lead).
A table is 【表头】 lines (one a column; 【分组表头】 for a column that groups the rows, whose
equal cells in consecutive rows are one cell) followed by rows: 【表行】, then one 【单元格】 a
cell. Blocks say what a paragraph is, never how it looks: the writer owns the look.

A 公文 adds three groups, each gathered from its consecutive lines into one block: the 版头
(【份号】【密级】【紧急程度】, one 【发文机关标志】 an organ, 【标志后缀】文件, 【发文字号】, one
【签发人】 a name), the cover notice's closing (one 【通知署名】 an organ, 【通知日期】, and 【盖章】
for the sealed layout) and the 版记 (【抄送】 the whole “抄送：…。” line, 【印发机关】, 【印发日期】).
【另页】 starts the next block on a new page.
"""

import re
from dataclasses import dataclass, replace

from .errors import InputError, Problem

MARK_OPEN = "【"
# Text from the year file must never be read as markup nor split into lines: as templating
# prints a value, its 【, its line breaks and the escape character itself become the escape
# character and a letter; restore() turns them back once the line is parsed. Since the escape
# character is escaped too, no text (private-use characters included) reads as an escape.
ESCAPE = "\ue000"
ESCAPES = {ESCAPE: "e", MARK_OPEN: "m", "\n": "n", "\r": "r", "\x0b": "v", "\x0c": "f",
           "\x1c": "1", "\x1d": "2", "\x1e": "3", "\x85": "x", "\u2028": "l", "\u2029": "p"}
ESCAPABLE_RE = re.compile("[" + "".join(ESCAPES) + "]")
ESCAPED_RE = re.compile(ESCAPE + "(.)", re.DOTALL)
UNESCAPES = {code: ch for ch, code in ESCAPES.items()}
# The marker of each GB/T 9704 heading rank (7.3.3: 一、（一）1.（1）).
HEADING_MARKERS = {1: "一级标题", 2: "二级标题", 3: "三级标题", 4: "四级标题"}
RANKS = {marker: rank for rank, marker in HEADING_MARKERS.items()}
RUN_ON = "【接排】"
MARKER_RE = re.compile(r"^【([^】]+)】(.*)$")


# Not frozen, as context.py's views are not (see there).
@dataclass
class Title:
    text: str                   # one line here; the writer breaks it to the page


@dataclass
class Addressee:
    text: str


@dataclass
class Heading:
    rank: int
    text: str


@dataclass
class Paragraph:
    text: str
    lead: str = ""              # run-in heading sentence printed before text
    lead_rank: int = 0          # its GB/T heading rank (font), 0 for none


@dataclass
class AttachmentNote:
    text: str                   # one line of 附件说明, without "附件："


@dataclass
class AttachmentLabel:
    text: str                   # 附件1, on a new page


@dataclass
class AttachmentTitle:
    text: str


@dataclass
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    grouping: tuple[int, ...] = ()       # columns whose equal neighbours down are one cell

    def printed_rows(self) -> tuple[tuple[str, ...], ...]:
        """The rows as a reader sees them: a grouping cell equal to the one above is part of
        that merged cell, so it prints nothing of its own."""
        return tuple(tuple("" if c in self.grouping and i and cell and
                           cell == self.rows[i - 1][c] else cell
                           for c, cell in enumerate(row)) for i, row in enumerate(self.rows))


@dataclass
class Signature:
    text: str


@dataclass
class DateLine:
    text: str


@dataclass
class Letterhead:
    """版头 (GB/T 9704 7.2)."""

    marks: tuple[str, ...] = ()        # 发文机关标志 names, 主办机关 first
    suffix: str = ""                   # 文件
    number: str = ""                   # 发文字号
    signers: tuple[str, ...] = ()      # 签发人: 上行文
    copy_number: str = ""              # 份号
    secrecy: str = ""                  # 密级和保密期限
    urgency: str = ""                  # 紧急程度


@dataclass
class NoticeClosing:
    """The cover notice's 发文机关署名 (one an organ) and 成文日期 (7.3.5)."""

    organs: tuple[str, ...] = ()
    date: str = ""
    sealed: bool = False


@dataclass
class Colophon:
    """版记 (7.4): on the last page, at the bottom of the 版心."""

    copies_to: str = ""                # 抄送：…。
    printer: str = ""                  # 印发机关
    printed: str = ""                  # 2024年1月15日印发


@dataclass
class NewPage:
    """The next block starts a page: the document after its cover notice."""


Block = (Title | Addressee | Heading | Paragraph | AttachmentNote | Signature | DateLine
         | AttachmentLabel | AttachmentTitle | Table | Letterhead | NoticeClosing | Colophon
         | NewPage)
SIMPLE = {"标题": Title, "附件标题": AttachmentTitle, "主送": Addressee, "附件说明": AttachmentNote, "署名": Signature, "日期": DateLine,
          "附件": AttachmentLabel}
TABLE_MARKERS = ("表头", "分组表头", "表行", "单元格")
# Group markers: the block each gathers into, its field, and whether the field collects lines.
GROUPS = {
    "份号": (Letterhead, "copy_number", False), "密级": (Letterhead, "secrecy", False),
    "紧急程度": (Letterhead, "urgency", False), "发文机关标志": (Letterhead, "marks", True),
    "标志后缀": (Letterhead, "suffix", False), "发文字号": (Letterhead, "number", False),
    "签发人": (Letterhead, "signers", True),
    "通知署名": (NoticeClosing, "organs", True), "通知日期": (NoticeClosing, "date", False),
    "盖章": (NoticeClosing, "sealed", False),
    "抄送": (Colophon, "copies_to", False), "印发机关": (Colophon, "printer", False),
    "印发日期": (Colophon, "printed", False),
}
NEW_PAGE = "另页"


def parse_markup(markup: str, origin: str = "模板输出") -> list[Block]:
    blocks: list = []
    for number, raw in enumerate(markup.splitlines(), 1):
        line = raw.strip()
        if not line:
            continue
        match = MARKER_RE.match(line)
        if not match:
            raise markup_error(origin, number, f"这一行没有以【标记】开头：“{line[:20]}”")
        marker, rest = match.groups()
        if MARK_OPEN in rest.replace(RUN_ON, ""):
            raise markup_error(origin, number, f"一行只能有一个【标记】：“{line[:30]}”"
                                               "（模板文件末尾可能缺少换行）")
        if marker in TABLE_MARKERS:
            add_to_table(blocks, marker, restore(rest), origin, number)
        elif marker in GROUPS:
            add_to_group(blocks, marker, restore(rest))
        elif marker == NEW_PAGE:
            blocks.append(NewPage())
        else:
            blocks.append(block_of(marker, rest, origin, number))
    return blocks


def add_to_table(blocks: list, marker: str, cell: str, origin: str, number: int) -> None:
    """Tables arrive a cell a line; the last block grows until another block starts."""
    table = blocks[-1] if blocks and isinstance(blocks[-1], Table) else None
    if marker in ("表头", "分组表头"):
        if table is not None and table.rows:
            table = None                            # a new table starts
        if table is None:
            table = Table((), ())
            blocks.append(table)
        grouping = table.grouping + ((len(table.header),) if marker == "分组表头" else ())
        blocks[-1] = Table(table.header + (cell,), (), grouping)
        return
    if table is None:
        raise markup_error(origin, number, f"【{marker}】之前要先有【表头】")
    if marker == "表行":
        blocks[-1] = replace(table, rows=table.rows + ((),))
        return
    if not table.rows or len(table.rows[-1]) >= len(table.header):
        raise markup_error(origin, number, "【单元格】多于【表头】的列数，或前面缺少【表行】")
    blocks[-1] = replace(table, rows=table.rows[:-1] + (table.rows[-1] + (cell,),))


def add_to_group(blocks: list, marker: str, text: str) -> None:
    """A group's lines arrive one a line; the last block grows while it is of that group."""
    kind, field, collects = GROUPS[marker]
    if not (blocks and type(blocks[-1]) is kind):
        blocks.append(kind())
    group = blocks[-1]
    value = getattr(group, field) + (text,) if collects else (True if field == "sealed" else text)
    blocks[-1] = replace(group, **{field: value})


def block_of(marker: str, rest: str, origin: str, number: int) -> Block:
    if marker in SIMPLE:
        return SIMPLE[marker](restore(rest))
    if marker == "正文":
        return Paragraph(restore(rest))
    if marker in RANKS:
        rank = RANKS[marker]
        if RUN_ON in rest:
            lead, text = rest.split(RUN_ON, 1)
            return Paragraph(text=restore(text), lead=restore(lead), lead_rank=rank)
        return Heading(rank, restore(rest))
    known = "、".join(f"【{m}】" for m in [*SIMPLE, "正文", *RANKS,
                                          *TABLE_MARKERS, *GROUPS, NEW_PAGE])
    raise markup_error(origin, number, f"未知的标记【{marker}】，可用的标记：{known}")


def markup_error(origin: str, number: int, message: str) -> InputError:
    return InputError([Problem(origin, message, line=number)])


def escape_markup(text: str) -> str:
    """A value printed by a template, made unable to start a marker or a line."""
    return ESCAPABLE_RE.sub(lambda m: ESCAPE + ESCAPES[m.group()], text)


def restore(text: str) -> str:
    return ESCAPED_RE.sub(lambda m: UNESCAPES[m.group(1)], text).strip()
