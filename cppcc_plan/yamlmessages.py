"""PyYAML's syntax errors, said in Chinese with what to do about each.

PyYAML has no error codes, so its `problem` strings are the keys; anything not listed still
reaches the user, with PyYAML's own words in brackets.
"""

import yaml

SYNTAX_MESSAGES = [
    ("found character '\\t' that cannot start any token",
     "缩进里有制表符（Tab）", "YAML 只能用空格缩进，请把 Tab 换成空格"),
    ("mapping values are not allowed here",
     "这里不能出现“键: 值”", "检查上一行的冒号和缩进；文字里的英文冒号后跟空格时，请给整段文字加引号"),
    ("could not find expected ':'",
     "缺少键后面的英文冒号“:”", "每个键写作“键: 值”，冒号是英文冒号且后面有空格"),
    ("expected <block end>, but found",
     "缩进不一致", "同一层级的各项必须对齐"),
    ("expected <block mapping start>",
     "缩进不一致", "同一层级的各项必须对齐"),
    ("found undefined alias",
     "引用了未定义的别名（*名称）", "先用 &名称 定义，再用 *名称 引用"),
    ("found unexpected end of stream",
     "文件意外结束：引号或括号没有闭合", "检查最后一段文字的引号"),
    ("found unknown escape character",
     "双引号里有无法识别的反斜杠转义", "改用单引号，或把 \\ 写成 \\\\"),
    ("expected ',' or ']'", "方括号列表没有正确闭合", "检查 [ ] 和逗号"),
    ("expected ',' or '}'", "花括号没有正确闭合", "文字以 { 开头时请给整段文字加引号"),
    ("expected a single document", "文件里有多个 YAML 文档（---）", "一个年度文件只写一个文档"),
    ("found character '@' that cannot start any token",
     "“@”不能作为值的开头", "请给这段文字加引号"),
    ("found character '`' that cannot start any token",
     "“`”不能作为值的开头", "请给这段文字加引号"),
    ("did not find expected key", "缩进不一致或缺少“- ”", "检查这一行和上一行的缩进"),
    ("did not find expected '-' indicator", "列表项缩进不一致", "同一列表的“- ”必须对齐"),
    ("while scanning a simple key", "缺少键后面的英文冒号“:”", "每个键写作“键: 值”"),
]


def yaml_error_message(exc: yaml.MarkedYAMLError) -> str:
    problem = exc.problem or ""
    context = exc.context or ""
    for key, message, hint in SYNTAX_MESSAGES:
        if key in problem or key in context:
            return f"YAML 格式错误：{message}。{hint}"
    return f"YAML 格式错误（{problem or context}）"
