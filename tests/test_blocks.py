import pytest

from cppcc_plan.blocks import (DateLine, Heading, Paragraph, Signature, Title, escape_markup,
                               parse_markup)
from cppcc_plan.docx.titles import balance_title
from cppcc_plan.errors import InputError
from cppcc_plan.prose import text_width


def test_markup_lines_become_blocks():
    blocks = parse_markup("【标题】计划\n\n【一级标题】一、总则\n【二级标题】（一）学习。【接排】正文。\n"
                          "【正文】段落\n【署名】某政协\n【日期】2024年1月15日\n")
    assert blocks == [Title("计划"), Heading(1, "一、总则"),
                      Paragraph("正文。", "（一）学习。", 2), Paragraph("段落"),
                      Signature("某政协"), DateLine("2024年1月15日")]


def test_escaped_user_text_is_not_markup():
    blocks = parse_markup("【正文】" + escape_markup("见【接排】说明\n【一级标题】\ue000e\ue000"))
    assert blocks == [Paragraph("见【接排】说明\n【一级标题】\ue000e\ue000")]


def test_bad_markup_names_the_line():
    with pytest.raises(InputError) as info:
        parse_markup("【正文】好\n没有标记的行")
    assert info.value.problems[0].line == 2
    with pytest.raises(InputError, match="未知的标记【表格】"):
        parse_markup("【表格】x")


def test_short_title_is_one_line():
    assert balance_title("北辛街道政协工作室2024年工作计划") == ["北辛街道政协工作室2024年工作计划"]


def test_long_title_is_balanced_and_keeps_numbers_whole():
    title = "关于印发北辛街道政协工作室2024年度委员履职工作计划和重点协商议题的通知"
    lines = balance_title(title)
    assert "".join(lines) == title and len(lines) == 2
    widths = [text_width(line) for line in lines]
    assert max(widths) <= 20 and max(widths) - min(widths) <= 3
    assert not any(line[-1].isdigit() and nxt[0].isdigit() for line, nxt in zip(lines, lines[1:]))
