"""The document counted on the GB/T 9704 grid (22 lines of 28 characters) from its top, for
the two things the writer must decide before any program lays it out: whether the 署名 and
成文日期 would open a page by themselves, so that the body's last paragraph keeps with them,
and on which page and line the body ends, which places the 版记 (colophon.py).

The keep cannot simply be set always: LibreOffice moves a paragraph that keeps with the next
one as a whole once it straddles a page, which leaves the page before it short by as many
lines (Word moves only its last line). So the writer asks here first.

Blocks count as the writer sets them: titles broken as titles.py breaks them, paragraphs
filled as text_lines fills them, the 版头's and the notice closing's rows rounded up to whole
lines; what keeps with the next block goes over to the next page with its first line, as
LibreOffice moves it; 另页 (the document after its notice) and each 附件 start a page, which
keeps the count of pages. A table's rows are as tall as their text wraps in its columns and
are not counted: after one, where the text stands is unknown.
"""

import re
from dataclasses import dataclass
from functools import lru_cache

from ..blocks import (Addressee, AttachmentLabel, AttachmentNote, AttachmentTitle, Block,
                      Colophon, DateLine, Heading, Letterhead, NewPage, NoticeClosing, Paragraph,
                      Signature, Title)
from . import gbt9704 as g
from .titles import balance_title

# A line holds 28 characters and the room left over (gbt9704.LINE_END_ROOM_CHARS); digits and
# Latin letters are half a character, and a gap of a quarter opens where they meet Chinese.
LINE_ROOM = g.CHARS_PER_LINE + g.LINE_END_ROOM_CHARS
HANGING = "。，、；：？！）》”’"
TOKEN = re.compile(r"[（《“‘]*(?:[0-9A-Za-z.%]+|.)")
LATIN_GAP = 0.25
# A page end this many lines either side of where the count puts it is treated as possible:
# the count is the grid's, the fonts are the reader's.
MARGIN_LINES = 1
LINES = g.LINES_PER_PAGE
# The 落款: 附件说明, 署名 and 成文日期 (GB/T 9704 7.3.5, 7.3.6), which the body keeps with.
CLOSING = (AttachmentNote, Signature, DateLine)


@lru_cache(maxsize=512)                         # a batch's units share most of their paragraphs
def text_lines(text: str, indent: float = g.INDENT_CHARS) -> int:
    """Lines a paragraph takes: tokens filled greedily, a closing mark hanging past a full
    line as the programs let it (gbt9704 on line-end room)."""
    lines, used, last_ascii = 1, indent, None
    for token in TOKEN.findall(text):
        width, first_ascii, ascii_end, hangs = TOKENS.get(token) or token_info(token)
        gap = LATIN_GAP if last_ascii is not None and first_ascii != last_ascii else 0
        if hangs and used + width > LINE_ROOM:
            used += width                       # hangs
        elif used + gap + width > LINE_ROOM:
            lines, used = lines + 1, width
        else:
            used += gap + width
        last_ascii = ascii_end
    return lines


# Every token's width and kind, worked out once: a paragraph is counted for every document
# written, and most of its tokens are single characters met before.
TOKENS: dict[str, tuple[float, bool, bool, bool]] = {}


def token_info(token: str) -> tuple[float, bool, bool, bool]:
    """(width in characters, starts ASCII, ends ASCII, a closing mark that may hang)."""
    info = (sum(0.5 if c.isascii() else 1 for c in token), token[0].isascii(),
            token[-1].isascii(), token in HANGING)
    if len(TOKENS) < MAX_TOKENS:
        TOKENS[token] = info
    return info


MAX_TOKENS = 10_000                             # distinct tokens kept (about 1 MB at most)


@dataclass
class Flow:
    """Where the count stands: the page (from 1) and the lines used on it (LINES when full),
    with the lines that wait to go with the next block's first line."""

    page: int = 1
    used: int = 0
    kept: int = 0
    certain: bool = True        # no keep so near a page end that a line either way moves it

    def add(self, lines: int, keep: bool = False) -> "Flow":
        # new Flows made directly: dataclasses.replace was a tenth of the writer's time
        if keep:
            return Flow(self.page, self.used, self.kept + lines, self.certain)
        chain = self.kept + 1
        near = LINES - MARGIN_LINES < self.used + chain <= LINES + MARGIN_LINES
        certain = self.certain and not (self.kept and near)
        page, used = self.page, self.used
        if self.kept and used and used + chain > LINES >= chain:
            page, used = page + 1, 0                                # goes over as a whole
        total = used + self.kept + lines
        return Flow(page + (total - 1) // LINES, (total - 1) % LINES + 1, 0, certain)

    def new_page(self) -> "Flow":
        return Flow(self.page + 1, 0, self.kept, self.certain) if self.used else self

    def left(self) -> int:
        """Lines left on the page after what waits."""
        return LINES - self.used - self.kept

    def at_end(self) -> bool:
        """The last line is on this page and not its first or last few: a line more or less
        keeps it there."""
        return self.certain and not self.kept and MARGIN_LINES < self.used <= LINES - MARGIN_LINES


def parts(block: Block, own_marks: bool, after_note: bool) -> list[tuple[int, bool]] | None:
    """(grid lines, keeps with the next) of each paragraph the writer makes of a block, blank
    lines included; None for a table."""
    match block:
        case Title(text):
            return [(len(balance_title(text)), True), (1, False)]
        case AttachmentTitle(text):
            return [(1, False), (len(balance_title(text)), True), (1, False)]
        case Letterhead():
            from .letterhead import letterhead_lines   # imported where a document has one
            return [(letterhead_lines(block, own_marks), False)]
        case Addressee(text):
            return [(text_lines(text, 0), False)]
        case Heading(_, text):
            return [(text_lines(text), True)]
        case Paragraph(text, lead):
            return [(text_lines(lead + text), False)]
        case AttachmentNote(text):
            return [(text_lines("附件：" + text), True)] if after_note else \
                [(1, True), (text_lines("附件：" + text), True)]
        case Signature():
            return [(1, True), (1, True)]
        case DateLine():
            return [(1, False)]
        case NoticeClosing():
            from .notice import closing_lines
            return [(closing_lines(block), False)]
        case AttachmentLabel():
            return [(1, True)]
        case NewPage():
            return []
    return None


@dataclass
class Estimate:
    keep: int | None            # the index of the body block that keeps with the closing
    end: Flow | None            # where the body before the 版记 ends; None when unknown


def estimate(blocks: list[Block], own_marks: bool = True) -> Estimate:
    """own_marks: the 版头 draws the 发文机关标志 (not when a unit's letterhead file gives it)."""
    closing = next((i for i, b in enumerate(blocks) if isinstance(b, CLOSING)), None)
    flow: Flow | None = Flow()
    keep = None
    for i, block in enumerate(blocks):
        if isinstance(block, Colophon):
            break
        if isinstance(block, (NewPage, AttachmentLabel)) and flow is not None:
            flow = flow.new_page()
        kept = i + 1 < len(blocks) and isinstance(blocks[i + 1], NoticeClosing)
        if closing and i == closing - 1 and closing_would_stand_alone(
                flow, block, blocks[closing:], own_marks):
            keep, kept = i, True
        flow = placed(flow, block, own_marks, kept, isinstance(blocks[i - 1], AttachmentNote)
                      if i else False)
    return Estimate(keep, flow if flow is not None and flow.at_end() else None)


def placed(flow: Flow | None, block: Block, own_marks: bool, kept: bool,
           after_note: bool) -> Flow | None:
    """The flow after the block; kept: its last paragraph keeps with the next block."""
    lines = parts(block, own_marks, after_note)
    if flow is None or lines is None:
        return None
    for n, (count, keep) in enumerate(lines):
        flow = flow.add(count, keep or (kept and n == len(lines) - 1))
    return flow


def closing_would_stand_alone(flow: Flow | None, last: Block, closing: list[Block],
                              own_marks: bool) -> bool:
    """Whether the lines left on the page after the body's last block may not hold the
    closing (its blocks up to the 附件 or the 版记), which would then open the next page by
    itself; so when the count does not know (a table)."""
    after = placed(flow, last, own_marks, False, False)
    if after is None:
        return True
    end = next((i for i, b in enumerate(closing) if not isinstance(b, CLOSING)), len(closing))
    need = sum(count for i, b in enumerate(closing[:end])
               for count, _ in parts(b, own_marks, i > 0 and isinstance(closing[i - 1],
                                                                        AttachmentNote)))
    return after.left() < need + MARGIN_LINES
