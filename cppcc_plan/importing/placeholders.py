"""Where a level's literal words stand in a text, and turning them into placeholders.

The import writes {党委} for 街道党工委 and {全域} for 全街, so that the file serves another
unit; lint finds another level's words (全镇 in a 乡's plan). Both need the same care about
what is really the word: 乡镇党委 is not 镇党委, 健全镇村 is not 全镇, 政协和县委员会 holds no 县委.
"""

import re

from ..prose import PLACEHOLDERS
from ..vocabulary import LEVEL_WORDS, Level

# The LevelWords field behind each placeholder the import may write.
LEVEL_PLACEHOLDERS = {name: attr for name, attr in PLACEHOLDERS.items()
                      if attr in ("party_committee", "government", "self_ref", "whole")}
# Characters that, just before a level word, make it part of another word.
NOT_AFTER = {"party_committee": "乡镇街县区市", "government": "乡镇街县区市",
             "self_ref": "", "whole": "健完齐安周保成"}
NOT_BEFORE = {"party_committee": "员", "government": "", "self_ref": "", "whole": "镇"}


def word_pattern(word: str, attr: str) -> re.Pattern:
    before = f"(?<![{NOT_AFTER[attr]}])" if NOT_AFTER[attr] else ""
    after = f"(?![{NOT_BEFORE[attr]}])" if NOT_BEFORE[attr] else ""
    return re.compile(before + re.escape(word) + after)


def level_word_patterns(level: Level) -> list[tuple[str, str, re.Pattern]]:
    """(placeholder, word, pattern) for the level's words, longest words first."""
    words = LEVEL_WORDS[Level(level)]
    found = [(name, getattr(words, attr), word_pattern(getattr(words, attr), attr))
             for name, attr in LEVEL_PLACEHOLDERS.items()]
    return sorted(found, key=lambda item: -len(item[1]))


def fill_level_placeholders(text: str, level: Level) -> str:
    for name, _, pattern in level_word_patterns(level):
        text = pattern.sub("{" + name + "}", text)
    return text


def count_placeholders(text: str, data: dict) -> str:
    """"4类11个项目" → "{项目类数}类{项目数}个项目" only where the data gives the same counts."""
    projects = data.get("projects", [])
    if projects:
        categories = len(dict.fromkeys(p["category"] for p in projects))
        text = re.sub(rf"(?<!\d){categories}类{len(projects)}个(?=[^，。；]*项目)",
                      "{项目类数}类{项目数}个", text)
        text = re.sub(rf"(?<![\d类]){len(projects)}个(?=(重点)?(工作)?项目)", "{项目数}个", text)
    consultations = data.get("consultations", [])
    if consultations:
        text = re.sub(rf"(协商活动|协商议题){len(consultations)}(次|个|项)(?!\d)",
                      r"\1{协商次数}\2", text)
    return text


def year_placeholder(text: str, year: int) -> str:
    return re.sub(rf"(?<!\d){year}年", "{年度}", text)


def with_placeholders(data: dict, level: str) -> dict:
    """Every text of the year file but the unit's own names, with its literal words made
    placeholders; rendering gives the same text back."""
    def convert(node, path=()):
        if isinstance(node, dict):
            return {k: convert(v, path + (k,)) for k, v in node.items()}
        if isinstance(node, list):
            return [convert(v, path) for v in node]
        if isinstance(node, str) and path[:1] != ("unit",):
            text = fill_level_placeholders(node, Level(level))
            return year_placeholder(count_placeholders(text, data), data["year"])
        return node
    return convert(data)
