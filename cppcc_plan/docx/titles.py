"""Breaking a long title into lines, as a typesetter does (GB/T 9704 7.2.3): the title is one
line of text in the document's blocks, and only here does it meet the width of a line."""

import itertools
import math

from ..prose import display_width
from .gbt9704 import TITLE_CHARS_PER_LINE

# A title line may end after these (词意完整, GB/T 9704 7.2.3); other breaks cost more.
GOOD_BREAK_AFTER = ("年", "的", "于", "会", "室", "组", "协", "作", "度", "街道", "镇", "县", "区")


def balance_title(title: str, per_line: int = TITLE_CHARS_PER_LINE) -> list[str]:
    """Break a long title into lines of near-equal width, longer lines first (倒梯形), at
    word-friendly places, never inside a number."""
    if display_width(title) <= per_line:
        return [title]
    count = math.ceil(display_width(title) / per_line)
    candidates = [i for i in range(1, len(title))
                  if not (title[i - 1].isdigit() and title[i].isdigit())]
    best, best_cost = [title], math.inf
    for cuts in itertools.combinations(candidates, count - 1):
        lines = [title[a:b] for a, b in zip((0, *cuts), (*cuts, len(title)))]
        widths = [display_width(line) for line in lines]
        if max(widths) > per_line:
            continue
        cost = (max(widths) - min(widths)) + sum(
            0 if line.endswith(GOOD_BREAK_AFTER) else 2 for line in lines[:-1]) + sum(
            0.5 for a, b in zip(widths, widths[1:]) if b > a)
        if cost < best_cost:
            best, best_cost = lines, cost
    return best
