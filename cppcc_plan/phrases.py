"""提法 with the years in which a document may still use them: a plan of 2024 that speaks of
"十三五" or "党的十九大精神" was copied from an old file (clerk-tools.md §2.11, §3.10).

Each entry: the words (a regular expression), the first and last year they are current, and
what to write instead. Years are those of the document, not of the event: "十四五" is spoken
of while it is being planned (2020) and in the summary after it ends (2026).
"""

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Phrase:
    pattern: re.Pattern
    first: int
    last: int
    instead: str


def phrase(words: str, first: int, last: int, instead: str) -> Phrase:
    return Phrase(re.compile(words), first, last, instead)


PHRASES = (
    phrase(r"十二五", 2010, 2016, "当前的五年规划（如“十四五”）"),
    phrase(r"十三五", 2015, 2021, "当前的五年规划（如“十四五”）"),
    phrase(r"十四五", 2020, 2026, "当前的五年规划（如“十五五”）"),
    phrase(r"十五五", 2024, 2031, "当前的五年规划"),
    phrase(r"十八大精神|十八届[一二三四五六七]中全会", 2012, 2017, "党的二十大精神"),
    phrase(r"十九大精神|十九届[一二三四五六七]中全会", 2017, 2022, "党的二十大和二十届历次全会精神"),
    phrase(r"二十届三中全会", 2024, 2027, "当年召开的全会"),
    phrase(r"不忘初心、牢记使命.?主题教育", 2019, 2020, "当年开展的主题教育"),
    phrase(r"党史学习教育", 2021, 2022, "当年开展的学习教育"),
    phrase(r"决胜全面建成小康社会", 2017, 2020, "全面建设社会主义现代化国家"),
    phrase(r"打赢脱贫攻坚战", 2015, 2020, "巩固拓展脱贫攻坚成果、全面推进乡村振兴"),
)
