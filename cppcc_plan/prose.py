"""How running Chinese text is put together: paragraphs, full-width punctuation, placeholders,
inline enumerations ("一是…；二是…。") and counted phrases ("做到四个结合")."""

import re
from functools import cache

from .numbering import cn_count, cn_ordinal_point

# Names a clerk may write in braces in any text of the year file, e.g. "在{党委}的领导和
# {上级政协}的指导下"; each becomes the unit's own word or a count made from the data
# (context.py fills them; validate.py refuses any other name).
PLACEHOLDERS = {
    "党委": "party_committee",
    "政府": "government",
    "我单位": "self_ref",
    "全域": "whole",
    "上级政协": "parent_committee",
    "党委办": "party_office",
    "政府办": "government_office",
    "政协办": "committee_office",
    "单位": "unit_name",
    "年度": "year",
    "时段": "period",
    "下阶段": "next_period",
    "项目类数": "project_categories",
    "项目数": "project_count",
    "协商次数": "consultation_count",
}
COUNT_PLACEHOLDER = "数"       # in points_intro: the number of points, in words

# Chinese text: ideographs, CJK punctuation, full-width forms, and the marks they share with Latin.
CJK_RANGES = (("\u3400", "\u9fff"), ("\uf900", "\ufaff"), ("\u3000", "\u303f"),
              ("\uff00", "\uffef"))
CJK_MARKS = "“”‘’《》"
CJK = "[" + "".join(f"{low}-{high}" for low, high in CJK_RANGES) + CJK_MARKS + "]"
HALF_TO_FULL = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！"}
SENTENCE_END = "。；;，,、：:"


def paragraphs(text: str | list[str] | None) -> list[str]:
    """A list of paragraphs: list items, or blank-line separated blocks of one text.
    Line breaks inside a block, and the spaces YAML folds them into, are dropped next to
    Chinese text, which needs no space between words."""
    if text is None:
        return []
    blocks = text if isinstance(text, list) else BLANK_LINE_RE.split(text)
    out = []
    for block in blocks:
        joined = "".join(line.strip() for line in block.splitlines())
        if SPACE_RE.search(joined):
            joined = without_spaces_near_cjk(joined)
        if joined:
            out.append(joined)
    return out


BLANK_LINE_RE = re.compile(r"\n\s*\n")
SPACE_RE = re.compile(r"\s")
SPACE_NEAR_CJK = rf"(?<={CJK})\s+|\s+(?={CJK})"
SPACE_RUN_RE = re.compile(r"\s+")
IDEOGRAPHIC_SPACE = "\u3000"


def without_spaces_near_cjk(text: str) -> str:
    """What SPACE_NEAR_CJK takes out, most often without compiling it (a text folded by YAML
    needs it in nearly every render): a run of spaces goes when a Chinese character stands
    next to it. The full-width space is both a space and in CJK, which splits runs in ways
    only the pattern itself follows; a text that has one is left to it."""
    if IDEOGRAPHIC_SPACE in text:
        return compiled(SPACE_NEAR_CJK).sub("", text)
    return SPACE_RUN_RE.sub(lambda m: "" if is_cjk_at(text, m.start() - 1)
                            or is_cjk_at(text, m.end()) else m.group(), text)


def is_cjk_at(text: str, index: int) -> bool:
    """Whether text[index] is one of CJK's characters (False outside the text)."""
    if not 0 <= index < len(text):
        return False
    ch = text[index]
    return ch in CJK_MARKS or any(low <= ch <= high for low, high in CJK_RANGES)


@cache
def compiled(pattern: str) -> re.Pattern:
    """A pattern with a Chinese character class, compiled when a text first needs it: re takes
    about 1.5 ms to compile each such class (it fills a table of 65,536 entries), and a cold
    render has few texts that need one."""
    return re.compile(pattern)


# A run of spaces is matched from its start only ((?<!\s)), so that text with long runs of
# spaces stays linear; the brackets' content is checked for Chinese after the match, not by
# backtracking through it.
NEAR_CJK_PUNCT = rf"(?<={CJK})\s*([,;:?!])\s*|(?:(?<!\s)\s+)?([,;:?!])\s*(?={CJK})"
BRACKETED_RE = re.compile(r"\(([^()]*)\)")
HALF_WIDTH_RE = re.compile(r"[,;:?!(]")


def full_width(text: str) -> str:
    """Half-width , ; : ? ! and ( ) next to Chinese become full-width, as GB/T 15834 wants;
    times (8:30), decimals (1.5) and Latin text keep theirs."""
    if not HALF_WIDTH_RE.search(text):
        return text                              # most Chinese text: nothing to change
    text = compiled(NEAR_CJK_PUNCT).sub(lambda m: HALF_TO_FULL[m.group(1) or m.group(2)], text)
    return BRACKETED_RE.sub(lambda m: f"（{m.group(1)}）" if compiled(CJK).search(m.group(1))
                            else m.group(0), text)


def fill_placeholders(text: str, words: dict[str, str]) -> str:
    """{党委} → 街道党工委 and so on; validate.py has already refused unknown names."""
    if "{" not in text:
        return text
    return PLACEHOLDER_RE.sub(lambda m: words.get(m.group(1), m.group(0)), text)


# A name in single braces ({{ }} is left alone); validate.py refuses the names, "{}" included,
# that PLACEHOLDERS does not have.
PLACEHOLDER_RE = re.compile(r"(?<!\{)\{([^{}]*)\}(?!\})")


def counted(text: str, count: int, placeholder: str = "{" + COUNT_PLACEHOLDER + "}") -> str:
    """做到{数}个结合 with four points → 做到四个结合: the number word comes from the list."""
    return text.replace(placeholder, cn_count(count))


def inline_points(points: list[str]) -> str:
    """一是…；二是…。 Points that are whole sentences keep their 。 between them."""
    bare = [p.rstrip(SENTENCE_END) for p in points]
    sentences = any("。" in p for p in bare)
    glue = "。" if sentences else "；"
    return glue.join(cn_ordinal_point(i) + p for i, p in enumerate(bare, 1)) + "。"


def list_punctuation(items: list[str]) -> list[str]:
    """List items end with "；", the last with "。" (000 (三), 001-3, 001-4)."""
    bare = [item.rstrip(SENTENCE_END) for item in items]
    return [item + list_end(i, len(bare)) for i, item in enumerate(bare)]


def list_end(index: int, count: int) -> str:
    return "。" if index == count - 1 else "；"


def text_width(text: str) -> float:
    """Width in character cells: Chinese 1, Latin letters and digits ½."""
    return sum(0.5 if ord(ch) < 0x2E80 and ch not in "—“”‘’" else 1 for ch in text)


CJK_LATIN_GAP = 0.2


def display_width(text: str) -> float:
    """text_width plus the space Word and WPS put between Chinese and digits or Latin letters
    (autoSpaceDE/DN, about a fifth of a character each side): what a line really takes."""
    changes = sum(1 for a, b in zip(text, text[1:]) if a.isascii() != b.isascii())
    return text_width(text) + changes * CJK_LATIN_GAP
