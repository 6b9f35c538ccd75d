"""Column widths from a table's content: words that never wrap (dates, 第二季度, names), the
room left handed out where it saves the most lines, and no cell left with a lone character on
its last line while another column could spare the room. Widths are in table characters
(小四) here; the writer turns them into twips."""

import itertools
import math
import re
from dataclasses import dataclass
from functools import lru_cache

from ..prose import CJK_LATIN_GAP, display_width
from . import gbt9704 as g

# What a line break may not separate: a run of digits or Latin letters, and a mark that may
# not start a line (GB/T 15834 标点禁则) or end one, with the character it belongs to.
LONE_MARKS = re.compile(r"[，。、；：？！（）《》“”‘’]")
LOOK_AHEAD_STEPS = 8              # a column may widen by up to this many steps at once
# A date or a time of the year is one word too: 2024年12月, 5月底, 第二季度.
TOKEN = re.compile(r"[（《“‘]*(?:\d{4}年(?:\d{1,2}月(?:\d{1,2}日|底|中旬|上旬|下旬)?)?|"
                   r"\d{1,2}月(?:\d{1,2}日|底|中旬|上旬|下旬)?|第[一二三四]季度|[0-9A-Za-z.%]+|.)"
                   r"[，。、；：？！）》”’]*")


@lru_cache(maxsize=8192)
def wrapped(text: str, chars: float) -> tuple[str, ...]:
    """text in lines of a column chars characters wide: tokens filled greedily, as Word and
    LibreOffice fill a cell."""
    lines, used = [""], 0.0
    for token in TOKEN.findall(text):
        width = display_width(token)
        gap = CJK_LATIN_GAP if used and token[0].isascii() != lines[-1][-1].isascii() else 0
        if used and used + gap + width > chars:
            lines.append(token)
            used = width
        else:
            lines[-1] += token
            used += gap + width
    return tuple(lines)


def line_count(text: str, chars: float) -> int:
    return len(wrapped(text, chars))


def lone_last_line(text: str, chars: float) -> bool:
    """Whether text, wrapped at chars, leaves one character alone on its last line (“召开专题
    座谈 / 会”); a mark beside it does not count."""
    lines = wrapped(text, chars)
    return len(lines) > 1 and len(LONE_MARKS.sub("", lines[-1])) == 1


def is_word(text: str) -> bool:
    return display_width(text) <= g.TABLE_WORD_CHARS


def floor_of(column: list[str]) -> float:
    """The narrowest a column may be: its words whole, and room for TABLE_TEXT_COLUMN_CHARS
    (or its longest unbreakable run) where it holds longer text."""
    widths = [display_width(t) if is_word(t) else
              max([g.TABLE_TEXT_COLUMN_CHARS] + [display_width(r) for r in TOKEN.findall(t)])
              for t in column if t]
    return max(widths, default=1) + g.TABLE_COLUMN_SLACK_CHARS


@dataclass
class Layout:
    widths: tuple[float, ...]        # in table characters, cell margins not included
    landscape: bool


def room_chars(room_twips: int, columns: int) -> float:
    return (room_twips - columns * 2 * g.TABLE_CELL_MARGIN) / g.pt(g.TABLE_TEXT.size)


def layout(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> Layout:
    """Widths for the portrait 版心, or for a landscape page when the words do not fit it."""
    columns = [list(c) for c in zip(header, *rows)]
    floors = [floor_of(c) for c in columns]
    portrait = room_chars(g.TEXT_WIDTH, len(columns))
    landscape = sum(floors) > portrait
    room = room_chars(g.TEXT_HEIGHT, len(columns)) if landscape else portrait
    return Layout(tuple(share_room(columns, floors, room)), landscape)


def share_room(columns: list[list[str]], floors: list[float], room: float) -> list[float]:
    """From the floors, room goes where it saves the most (fewer lone last characters, then
    fewer lines in all), a few steps at a time so that a cell two steps from fitting is seen;
    when nothing saves anything, to the column that still wraps the most text; what is left
    once nothing wraps, to all alike."""
    widths = list(floors)
    if sum(widths) > room:                        # wider than a landscape page: scale down
        return [w * room / sum(widths) for w in widths]
    naturals = [max(display_width(t) for t in c) + g.TABLE_COLUMN_SLACK_CHARS for c in columns]
    step = g.TABLE_WIDTH_STEP_CHARS
    while room - sum(widths) >= step:
        wrapping = [i for i, w in enumerate(widths) if w < naturals[i]]
        if not wrapping:
            break
        base = score(columns, widths)
        steps = range(1, min(LOOK_AHEAD_STEPS, int((room - sum(widths)) / step)) + 1)
        gain, k, i = min((score(columns, widened(widths, i, k * step)), k, i)
                         for i in wrapping for k in steps)
        if gain >= base:
            k, i = 1, max(wrapping, key=lambda i: text_per_char(columns[i], widths[i]))
        widths[i] += k * step
    widths = traded(columns, widths, floors, step)
    spare = room - sum(widths)
    return [w + spare * w / sum(widths) for w in widths]


def traded(columns: list[list[str]], widths: list[float], floors: list[float],
           step: float) -> list[float]:
    """Room moved from one column to another while that saves lone last characters or lines,
    so that no lone character stays where another column could spare the room for it."""
    best = score(columns, widths)
    improved = True
    while improved:
        improved = False
        for i, j, k in itertools.product(range(len(widths)), range(len(widths)),
                                         range(1, LOOK_AHEAD_STEPS + 1)):
            if i == j or widths[j] - k * step < floors[j]:
                continue
            trial = widened(widened(widths, i, k * step), j, -k * step)
            found = score(columns, trial)
            if found < best:
                widths, best, improved = trial, found, True
    return widths


def widened(widths: list[float], i: int, step: float) -> list[float]:
    return widths[:i] + [widths[i] + step] + widths[i + 1:]


def score(columns: list[list[str]], widths: list[float]) -> tuple[int, int]:
    """(cells with a lone last character, lines of the whole table): a lone character is
    what a reader sees first."""
    rows = list(zip(*[[line_count(t, w) for t in c] for c, w in zip(columns, widths)]))
    lone = sum(lone_last_line(t, w) for c, w in zip(columns, widths) for t in c)
    return lone, sum(max(r) for r in rows)


def text_per_char(column: list[str], width: float) -> float:
    return sum(display_width(t) for t in column) / width


def centred(column: list[str]) -> bool:
    """Columns of words only (序号, 时间, 完成率) are centred; text columns start left."""
    return all(is_word(t) for t in column[1:])


def twips(widths: tuple[float, ...], room: int) -> list[int]:
    """w:gridCol widths, cell margins included, adding up to room exactly."""
    unit = g.pt(g.TABLE_TEXT.size)
    out = [math.floor(w * unit) + 2 * g.TABLE_CELL_MARGIN for w in widths]
    out[-1] += room - sum(out)
    return out
