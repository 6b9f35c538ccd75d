from cppcc_plan import prose


def test_paragraphs_split_on_blank_lines_and_fold_breaks():
    assert prose.paragraphs("第一段\n接着写。\n\n第二段。") == ["第一段接着写。", "第二段。"]
    assert prose.paragraphs(["甲。", "  ", "乙。"]) == ["甲。", "乙。"]
    # YAML's folded style turns line breaks into spaces; Chinese needs none
    assert prose.paragraphs("三大职能， 有针对性地 建言") == ["三大职能，有针对性地建言"]
    assert prose.paragraphs("use Word and WPS") == ["use Word and WPS"]
    # a full-width space is both a space and Chinese: it goes beside Chinese, and takes the
    # spaces beside it between Latin letters
    assert prose.paragraphs("共 3 次 \u3000 合计 a \u3000 b") == ["共3次合计a\u3000b"]
    assert prose.paragraphs("甲 1 乙\t 2\u00a0丙") == ["甲1乙2丙"]


def test_full_width_punctuation_next_to_chinese_only():
    assert prose.full_width("学习,调研;视察:座谈(2次)") == "学习，调研；视察：座谈（2次）"
    assert prose.full_width("上午8:30开会, 共1.5小时") == "上午8:30开会，共1.5小时"
    assert prose.full_width("see (Word) docs") == "see (Word) docs"


def test_inline_points_and_counted_phrases():
    assert prose.inline_points(["学习", "调研；", "视察。"]) == "一是学习；二是调研；三是视察。"
    assert prose.inline_points(["党委重视。保障到位", "成立联络站"]) == \
        "一是党委重视。保障到位。二是成立联络站。"
    assert prose.counted("做到{数}个结合", 4) == "做到四个结合"
    assert prose.counted("开展{数}项活动", 2) == "开展两项活动"
    assert prose.list_punctuation(["甲；", "乙", "丙。"]) == ["甲；", "乙；", "丙。"]


def test_placeholders():
    assert prose.fill_placeholders("在{党委}领导下", {"党委": "镇党委"}) == "在镇党委领导下"


def test_text_width():
    assert prose.text_width("2024年1月15日") == 6.5
