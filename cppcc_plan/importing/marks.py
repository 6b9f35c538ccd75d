"""How a document's parts are known from their text: heading numbers as clerks type them,
the title (unit, body, year, kind), dates, 附件 labels and notes, the 主送 line."""

import datetime
import re

from ..numbering import DIGITS
from ..vocabulary import Level

CN_NUM = "〇一二三四五六七八九十百零两"
# The four GB/T 9704 heading ranks as typed (half-width and 1、 forms accepted, and noted).
RANK_PATTERNS = (
    (1, re.compile(rf"^([{CN_NUM}]+)、\s*"), None),
    (1, re.compile(rf"^([{CN_NUM}]+)[.．]\s*"), "“.”"),
    (2, re.compile(rf"^（([{CN_NUM}]+)）\s*"), None),
    (2, re.compile(rf"^\(([{CN_NUM}]+)\)\s*"), "半角括号"),
    (3, re.compile(r"^(\d+)[.．](?!\d)\s*"), None),
    (3, re.compile(r"^(\d+)、\s*"), "“、”"),
    (4, re.compile(r"^（(\d+)）\s*"), None),
    (4, re.compile(r"^\((\d+)\)\s*"), "半角括号"),
)
SENTENCE_END = "。！？"
LEVEL_SUFFIXES = tuple(level.value for level in Level)
TITLE_RE = re.compile(r"^(?P<name>.+?(?:街道|镇|乡|县|区|市))(?P<body>政协\S*?)"
                      r"(?P<year>\d{4})(?P<suffix>年.*)$")
FULL_NAME_TITLE_RE = re.compile(r"^(?P<full>政协(?P<name>.+?(?:县|区|市))委员会)"
                                r"(?P<year>\d{4})(?P<suffix>年.*)$")
DATE_RE = re.compile(r"^(\d{4}|[〇○零一二三四五六七八九]{4})年([\d一二三四五六七八九十]{1,3})月"
                     r"([\d一二三四五六七八九十]{1,3})日$")
LABEL_RE = re.compile(r"^附件\s*(\d*)\s*[:：]?$")
NOTE_RE = re.compile(r"^附件\s*[:：]")
# The words a summary's or plan's kind is known by, when the title is not the default one.
KIND_WORDS = (("工作总结", "summary"), ("工作要点", "keypoints"), ("协商计划", "consultation"),
              ("协商议政活动安排", "activities"), ("项目计划书", "projects"), ("工作计划", "plan"))


def cn_value(text: str) -> int:
    """一 → 1, 十六 → 16, 二十 → 20, 〇/零 ignored: the numbers headings use."""
    if text.isdigit():
        return int(text)
    text = text.replace("两", "二").replace("零", "").replace("〇", "")
    total, current = 0, 0
    for ch in text:
        if ch == "百":
            total += (current or 1) * 100
            current = 0
        elif ch == "十":
            total += (current or 1) * 10
            current = 0
        else:
            current = DIGITS.index(ch)
    return total + current


def parse_date(text: str) -> datetime.date | None:
    match = DATE_RE.match(text.replace(" ", ""))
    if not match:
        return None
    year, month, day = match.groups()
    if not year.isdigit():
        year = "".join(str("〇一二三四五六七八九".index(c.replace("○", "〇").replace("零", "〇")))
                       for c in year)
    try:
        return datetime.date(int(year), cn_value(month), cn_value(day))
    except ValueError:
        return None


def title_match(text: str) -> re.Match | None:
    return FULL_NAME_TITLE_RE.match(text) or TITLE_RE.match(text)


def unit_of(match: re.Match) -> dict:
    if "full" in match.groupdict():
        return {"name": match["name"], "level": level_of(match["name"]), "body": "政协",
                "full_name": match["full"]}
    return {"name": match["name"], "level": level_of(match["name"]), "body": match["body"]}


def level_of(name: str) -> str:
    return next(level for level in sorted(LEVEL_SUFFIXES, key=len, reverse=True)
                if name.endswith(level))


def is_addressee(text: str) -> bool:
    """各社区政协联络站： — short, ends in a colon, and not a sentence that introduces a list
    (现将有关事项安排如下：)."""
    return bool(re.search(r"[:：]$", text)) and len(text) <= 60 and "。" not in text and \
        not re.search(r"如下|现将|^为|^根据|^按照", text)


def heading_rank(text: str) -> tuple[int, re.Match | None, str | None]:
    for rank, pattern, note in RANK_PATTERNS:
        match = pattern.match(text)
        if match and text[match.end():].strip():
            return rank, match, note
    return 0, None, None
