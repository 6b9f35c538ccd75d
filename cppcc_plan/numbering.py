"""Numbers written the Chinese way: heading numbers, counts, ordinals, dates, quarters, and
the period a summary reports with its words (全年 / 上半年 / 今年以来, 下一步 / 下半年).

One place for every number and time span the documents print, so that nothing is typed by the
user.
"""

import datetime
from dataclasses import dataclass
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


def cn_day(day: datetime.date) -> str:
    """A day within the year the document is about: 3月25日."""
    return f"{day.month}月{day.day}日"


def document_number(code: str, year: int, n: int) -> str:
    """发文字号 (GB/T 9704 7.2.5): 机关代字, the full year in 六角括号, the sequence number
    without 第 and without leading zeros, then 号: 壶政办发〔2024〕3号."""
    return f"{code}〔{year}〕{n}号"


def copy_number(n: int) -> str:
    """份号 (7.2.1): six Arabic digits."""
    return f"{n:06d}"


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


@dataclass
class Figure:
    """A counted statistic as printed: 27, or, where a record marks its figures approximate,
    the round figure below the sum with 余 (27 → 20余, 143 → 140余, 1234 → 1200余). A round sum
    (30) or one under 10 keeps its digits: 30余 or 6余 would say more than the records do."""

    value: int
    approximate: bool = False

    def __bool__(self) -> bool:
        """A figure of nothing says nothing: templates leave out a clause whose figure is 0."""
        return self.value > 0

    def __str__(self) -> str:
        if not self.approximate or self.value < 10:
            return str(self.value)
        unit = 10 ** max(1, len(str(self.value)) - 2)
        rounded = self.value // unit * unit
        return str(self.value) if rounded == self.value else f"{rounded}余"


@dataclass
class Period:
    """What a summary reports: from 1 January to `end`, and the words every stage uses for it."""

    year: int
    end: datetime.date
    half: bool                 # the half-year form: 上半年 done, 下半年 to do

    @property
    def start(self) -> datetime.date:
        return datetime.date(self.year, 1, 1)

    @property
    def months(self) -> int:
        """Whole months elapsed at `end`, for the targets due so far."""
        month_end = (self.end + datetime.timedelta(days=1)).day == 1
        return self.end.month if month_end else self.end.month - 1

    @property
    def partial(self) -> bool:
        """Part of the year: targets are measured against what is due by now."""
        return self.half or self.months < 12

    @property
    def span(self) -> str:
        """The time phrase of the statistics: 全年共开展… / 上半年共开展… / 今年以来共开展…"""
        if self.half:
            return "上半年"
        return "今年以来" if self.partial else "全年"

    @property
    def title_word(self) -> str:
        """{时段} in a title: 2024年上半年工作总结, 2024年1—9月工作总结, 2024年工作总结."""
        if self.half:
            return "上半年"
        return f"1—{self.end.month}月" if self.partial else ""

    @property
    def next_word(self) -> str:
        """{下阶段}: the part after the period, as the closing heading names it."""
        return "下半年" if self.half else "下一步"

    def contains(self, day: datetime.date) -> bool:
        return self.start <= day <= self.end


def period_of(year: int, half_setting: bool, until: datetime.date | None) -> Period:
    """The year, or up to --until; `period: half`, or --until in June, is the half-year form
    (an earlier --until is 今年以来, 1—3月)."""
    end = until or (datetime.date(year, 6, 30) if half_setting else datetime.date(year, 12, 31))
    return Period(year, end, half=end.month == 6)


def date_window(period: Period) -> tuple[datetime.date, datetime.date]:
    """When a summary of the period may be dated: from the start of its last three months to the
    end of the month after it (a half-year summary 1 April – 31 July; a year summary 1 October –
    31 January)."""
    first_month = period.end.month - 2 if period.end.month > 2 else 1
    after = period.end.replace(day=1) + datetime.timedelta(days=32)
    last = after.replace(day=1) + datetime.timedelta(days=32)
    return datetime.date(period.year, first_month, 1), last.replace(day=1) - datetime.timedelta(days=1)


# Planned occurrences a year for the frequencies plans use (seeds-analysis §3.7).
FREQUENCIES = {"每月": 12, "双月": 6, "每季度": 4, "每半年": 2, "每年": 1}
