"""Titles break like a typesetter's (GB/T 9704 7.3.1): whole words, numbers with the word they
count, marks kept in pairs, lines of near-equal width in a 梯形 or 倒梯形."""

import re

import pytest
import yaml

from conftest import DocxReader, cli
from cppcc_plan.docx.gbt9704 import TITLE_CHARS_PER_LINE
from cppcc_plan.docx.titles import balance_title
from cppcc_plan.prose import display_width

# Titles from the seeds (the one document title, attachment and quoted titles) and from long
# unit names, with the lines a typesetter would set.
TITLES = [
    ("大观园街道政协工作室2024年工作项目计划书", ["大观园街道政协工作室", "2024年工作项目计划书"]),
    ("某街道政协工作室2021年为民办实事项目清单", ["某街道政协工作室2021年", "为民办实事项目清单"]),
    ("xx镇2024年县人大代表、政协委员服务重点项目联系表",
     ["xx镇2024年县人大代表、", "政协委员服务重点项目联系表"]),
    ("中国人民政治协商会议滕州市委员会北辛街道工作委员会2024年工作计划",
     ["中国人民政治协商会议滕州市委员会", "北辛街道工作委员会2024年工作计划"]),
    ("政协和县委员会关于学习贯彻《中国人民政治协商会议章程》的实施意见",
     ["政协和县委员会关于学习贯彻", "《中国人民政治协商会议章程》的实施意见"]),
    ("关于印发北辛街道政协工作室2024年度委员履职工作计划和重点协商议题的通知",
     ["关于印发北辛街道政协工作室2024年度", "委员履职工作计划和重点协商议题的通知"]),
    ("中共北辛街道工作委员会关于开展“两室一平台”建设的实施方案",
     ["中共北辛街道工作委员会关于开展", "“两室一平台”建设的实施方案"]),
    ("北辛街道政协工作室2024年工作计划", ["北辛街道政协工作室2024年工作计划"]),
]
NUMBER_WORD = re.compile(r"[0-9〇一二三四五六七八九十]$")


@pytest.mark.parametrize("title,lines", TITLES, ids=[t for t, _ in TITLES])
def test_titles_break_line_by_line(title, lines):
    assert balance_title(title) == lines


def assert_typeset(title: str, lines: list[str]) -> None:
    assert "".join(lines) == title
    widths = [display_width(line) for line in lines]
    assert max(widths) <= TITLE_CHARS_PER_LINE
    rising = all(a <= b + 0.25 for a, b in zip(widths, widths[1:]))
    falling = all(a + 0.25 >= b for a, b in zip(widths, widths[1:]))
    assert rising or falling, widths                     # 梯形 or 倒梯形
    depth = 0
    for line, following in zip(lines, lines[1:]):
        depth += sum(line.count(c) for c in "《“（") - sum(line.count(c) for c in "》”）")
        assert depth == 0, (line, following)              # never inside 《》 “” （）
        assert not (line[-1].isdigit() and following[0].isdigit()), (line, following)
        assert not (NUMBER_WORD.search(line) and following[0] in "年月日届次"), (line, following)
        assert following[0] not in "，。、；：？！）》”", following


@pytest.mark.parametrize("title,lines", TITLES, ids=[t for t, _ in TITLES])
def test_seed_titles_keep_the_rules(title, lines):
    assert_typeset(title, balance_title(title))


def test_long_unit_names_keep_the_rules():
    units = ["中国人民政治协商会议福州市台江区委员会常务委员会", "宁夏回族自治区石嘴山市平罗县政协",
             "滕州市北辛街道政协工作委员会第三联络组"]
    for unit in units:
        for suffix in ("2024年工作计划", "第十四届第三次全体会议协商议政活动安排", "2024年上半年工作总结"):
            title = unit + suffix
            assert_typeset(title, balance_title(title))


def test_a_200_character_title_completes():
    # every combination of break points would never end; the note on issue 17 gives the time
    title = ("北辛街道政协工作室关于2024年第十四届“两室一平台”建设和《委员履职手册》修订的"
             "实施意见") * 5
    title = title[:200]
    assert len(title) == 200
    assert_typeset(title, balance_title(title))


def test_a_long_unit_name_renders_through_the_default_title(tmp_path):
    name = "中国人民政治协商会议宁夏回族自治区石嘴山市平罗县委员会" * 4       # 112 characters
    data = {"unit": {"name": name, "level": "县", "body": "政协"}, "year": 2024,
            "plan": {"date": "2024-01-15", "sections": [{"title": "总则", "text": "好。"}]}}
    source = tmp_path / "long.yaml"
    source.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    result = cli("render", str(source), "-o", str(tmp_path / "long.docx"))
    assert result.exit_code == 0, result.stderr
    title = next(p.text for p in DocxReader(tmp_path / "long.docx").paragraphs
                 if p.style == "Title")
    assert_typeset(name + "政协2024年工作计划", title.split("\n"))
