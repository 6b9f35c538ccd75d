"""Breaking a long title into lines, as a typesetter does (GB/T 9704 7.3.1: 回行时要做到词意完整，
排列对称，长短适宜，间距恰当，标题排列应当使用梯形或菱形): the title is one line of text in the
document's blocks, and only here does it meet the width of a line.

A dynamic programme over break points: each way to end a line is scored once against each way
the line before it may end, so the work grows with the title's length times the few breaks a
line can hold, never with the number of combinations.
"""

import math
import re

from ..prose import CJK_LATIN_GAP, text_width
from .gbt9704 import TITLE_CHARS_PER_LINE

# A title line may end after these and read as a whole word (词意完整); other breaks cost more.
GOOD_BREAK_AFTER = ("年", "年度", "的", "于", "会", "室", "组", "处", "协", "作", "街道", "镇",
                    "乡", "县", "区", "市", "和", "与", "及", "、", "，", "》", "”", "）")
GOOD_BREAK_BEFORE = ("关于", "《", "“")
# A number and the word it counts are one word: 2024年, 第十四届, 三次.
NUMBER = re.compile(r"第?[0-9０-９]+(?:\.[0-9]+)?|第[〇零一二三四五六七八九十百千]+|[〇零一二三四五六七八九十百千]{2,}")
COUNTED = "年月日届次号期季"
PAIRS = {"《": "》", "“": "”", "（": "）", "‘": "’", "(": ")"}
NO_LINE_START = "，。、；：？！）》”’)"
NO_LINE_END = "（《“‘("

NEVER = 1e6          # between a number and its word, or a mark at a line's wrong end
INSIDE_MARKS = 1e4   # inside 《》 “” （）: only when the pair is longer than a line
PLAIN_BREAK = 4      # between two characters of one word, as far as this module can tell
LATIN_BREAK = 2      # where Chinese meets a number or Latin text
RISING = 0.5         # 梯形 (short lines first) when 倒梯形 (long lines first) does as well
LINE = 1000          # each line: as few lines as fit
SAME = 0.25          # widths this close count as equal (a digit's gap)


def break_costs(title: str) -> list[float]:
    """The cost of breaking before each character (index 0 unused)."""
    costs = [0.0] + [PLAIN_BREAK] * (len(title) - 1)
    for i in range(1, len(title)):
        before, after = title[i - 1], title[i]
        if before.isascii() != after.isascii():
            costs[i] = LATIN_BREAK
        if title.endswith(GOOD_BREAK_AFTER, 0, i) or title.startswith(GOOD_BREAK_BEFORE, i):
            costs[i] = 0
        if after in NO_LINE_START or before in NO_LINE_END:
            costs[i] = NEVER
        if after == "（":      # 镇（街道）, 通知（试行）: the bracket belongs to the word before it
            costs[i] = max(costs[i], INSIDE_MARKS)
    for number in NUMBER.finditer(title):
        end = number.end() + (title[number.end():number.end() + 1] in list(COUNTED))
        for i in range(number.start() + 1, min(end, len(title))):
            costs[i] = NEVER
    depth_stack: list[str] = []
    for i, char in enumerate(title):
        if depth_stack and char == depth_stack[-1]:
            depth_stack.pop()
        elif char in PAIRS:
            depth_stack.append(PAIRS[char])
        elif depth_stack and i + 1 < len(title):
            costs[i + 1] = max(costs[i + 1], INSIDE_MARKS)
    return costs


class Widths:
    """Display widths of slices in constant time: character cells plus the gaps Word puts
    where Chinese meets digits or Latin letters (prose.display_width, cut anywhere)."""

    def __init__(self, title: str):
        self.cells = [0.0]
        self.gaps = [0, 0]
        for char in title:
            self.cells.append(self.cells[-1] + text_width(char))
        for a, b in zip(title, title[1:]):
            self.gaps.append(self.gaps[-1] + (a.isascii() != b.isascii()))

    def __call__(self, start: int, end: int) -> float:
        return self.cells[end] - self.cells[start] + \
            (self.gaps[end] - self.gaps[start + 1]) * CJK_LATIN_GAP


def balance_title(title: str, per_line: int = TITLE_CHARS_PER_LINE) -> list[str]:
    """A long title in lines of near-equal width, each no wider than per_line, their widths
    falling (倒梯形) or rising (梯形) line by line, broken where a typesetter would break."""
    width = Widths(title)
    total = width(0, len(title))
    if total <= per_line:
        return [title]
    target = total / math.ceil(total / per_line)
    costs = break_costs(title)
    best = min((shape_lines(title, width, costs, per_line, target, falling)
                for falling in (True, False)), key=lambda found: found[0])
    return best[1]


def fits_shape(previous: float, here: float, falling: bool) -> bool:
    return previous + SAME >= here if falling else previous <= here + SAME


def shape_lines(title: str, width: Widths, costs: list[float], per_line: float, target: float,
                falling: bool) -> tuple[float, list[str]]:
    """The cheapest breaking whose line widths only fall (or only rise): states are lines
    (start, end), each reached from the cheapest line ending at its start that the shape
    allows."""
    n = len(title)
    best: dict[tuple[int, int], tuple[float, tuple[int, int] | None]] = {}
    ending_at: dict[int, list[tuple[int, int]]] = {}
    for start in range(n):
        before = ending_at.get(start, [])
        if start and not before:
            continue
        for end in range(start + 1, n + 1):
            here = width(start, end)
            if here > per_line and end > start + 1:
                break
            line = LINE + (here - target) ** 2 + (0 if falling else RISING)
            if start == 0:
                best[(0, end)] = (line, None)
            else:
                options = [(best[key][0], key) for key in before
                           if fits_shape(width(*key), here, falling)]
                if not options:
                    continue
                cost, key = min(options)
                best[(start, end)] = (cost + line + costs[start], key)
            ending_at.setdefault(end, []).append((start, end))
    cost, key = min((best[key][0], key) for key in ending_at[n])
    lines = []
    while key is not None:
        lines.append(title[key[0]:key[1]])
        key = best[key][1]
    return cost, lines[::-1]
