"""Numbers written the Chinese way: heading numbers, counts, ordinals, dates, quarters.

One place for every number the documents print, so that nothing is typed by the user.
"""

import datetime
from enum import Enum

DIGITS = "〇一二三四五六七八九"


def cn_numeral(n: int) -> str:
    """1 → 一, 10 → 十, 16 → 十六, 20 → 二十, 105 → 一百零五 (heading numbers, ordinals)."""
    if n < 0 or n >= 10000:
        raise ValueError(f"{n} is out of range for Chinese numerals")
    if n < 10:
        return DIGITS[n]
    if n < 20:
        return "十" + (DIGITS[n % 10] if n % 10 else "")
    out, zero = "", False
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = n // value % 10
        if digit:
            out += ("零" if zero and out else "") + DIGITS[digit] + unit
            zero = False
        else:
            zero = bool(out)
    return out


def cn_count(n: int) -> str:
    """A count before a measure word: 两 rather than 二 (两大主题, 四个结合, 十二个)."""
    return "两" if n == 2 else cn_numeral(n)


def cn_ordinal_point(n: int) -> str:
    """The inline enumeration words 一是, 二是, … (never 两是)."""
    return cn_numeral(n) + "是"


def cn_date(day: datetime.date) -> str:
    """成文日期 (GB/T 9704 7.3.5.1): Arabic numerals, full year, no zero padding."""
    return f"{day.year}年{day.month}月{day.day}日"


QUARTER_LABELS = {q: f"第{cn_numeral(q)}季度" for q in range(1, 5)}


def quarter_of_month(month: int) -> int:
    return (month - 1) // 3 + 1


class Ladder(str, Enum):
    """The heading ladders clerks use. GB/T 9704 7.3.3 gives the standard one; street and
    town offices often skip （一） and number items 1. directly under 一、."""

    standard = "standard"
    compact = "compact"


# The GB/T 9704 heading rank (1: 一、 2: （一） 3: 1. 4: （1）) used at each depth.
LADDER_RANKS = {
    Ladder.standard: (1, 2, 3, 4),
    Ladder.compact: (1, 3, 4),
}


def heading_number(rank: int, n: int) -> str:
    """The number as printed before a heading of the given GB/T rank."""
    if rank == 1:
        return cn_numeral(n) + "、"
    if rank == 2:
        return f"（{cn_numeral(n)}）"
    if rank == 3:
        return f"{n}."
    return f"（{n}）"


def max_depth(ladder: Ladder) -> int:
    return len(LADDER_RANKS[ladder])


def percent_text(part: int, whole: int) -> str:
    """采用率 and the like: one decimal unless whole (89.2%, 100%), rounded half up."""
    tenths = (part * 1000 * 2 + whole) // (whole * 2)
    return f"{tenths // 10}%" if tenths % 10 == 0 else f"{tenths // 10}.{tenths % 10}%"


def figure(n: int, approximate: bool = False) -> str:
    """A statistic in Arabic numerals; 余 only where the record says the figure is
    approximate (27余件, seeds-analysis §2.12)."""
    return f"{n}余" if approximate else str(n)


# Planned occurrences a year for the frequencies plans use (seeds-analysis §3.7).
FREQUENCIES = {"每月": 12, "双月": 6, "每季度": 4, "每半年": 2, "每年": 1}
