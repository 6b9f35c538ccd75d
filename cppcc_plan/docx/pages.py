"""Where the body ends on its page, counted on the GB/T 9704 grid (22 lines of 28 characters),
so that the 署名 and 成文日期 are kept with body text only where they would stand alone.

The keep cannot simply be set always: LibreOffice moves a paragraph that keeps with the next
one as a whole once it straddles a page, which leaves the page before it short by as many
lines (Word moves only its last line). So the writer asks here first.
"""

import re
from functools import lru_cache

from ..blocks import (Addressee, AttachmentNote, Block, DateLine, Heading, Paragraph, Signature,
                      Title)
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


def block_lines(block: Block) -> int | None:
    """Grid lines a block before the closing takes (blank lines the writer adds included);
    None for what is not counted here (a table)."""
    match block:
        case Title(text):
            return len(balance_title(text)) + 1            # and the blank line under it
        case Addressee(text) | Heading(_, text):
            return text_lines(text, 0 if isinstance(block, Addressee) else g.INDENT_CHARS)
        case Paragraph(text, lead):
            return text_lines(lead + text)
        case AttachmentNote(text):
            return text_lines("附件：" + text)
        case Signature() | DateLine():
            return 1
    return None


def closing_lines(closing: list[Block]) -> int:
    """The 附件说明 (after a blank line), the blank line, 署名 and 成文日期."""
    notes = [b for b in closing if isinstance(b, AttachmentNote)]
    return (1 + sum(block_lines(n) for n in notes) if notes else 0) + sum(
        1 + (isinstance(b, Signature)) for b in closing if isinstance(b, (Signature, DateLine)))


def closing_would_stand_alone(body: list[Block], closing: list[Block], opening: int = 0) -> bool:
    """Whether the lines left on the body's last page may not hold the closing, which would
    then open the next page by itself. body: from the top of a page; opening: lines the
    page's first blocks take that are not counted here (the 版头)."""
    counted = [block_lines(b) for b in body]
    if None in counted:
        return True                              # a table: not counted, keep to be safe
    used = (opening + sum(counted)) % g.LINES_PER_PAGE
    left = g.LINES_PER_PAGE - used if used else 0
    return left < closing_lines(closing) + MARGIN_LINES
