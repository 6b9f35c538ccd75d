"""PyYAML's syntax errors, said in Chinese with what to do about each, at the line the clerk
has to change.

PyYAML has no error codes, so its `problem` strings are the keys; anything not listed still
reaches the user, with PyYAML's own words in brackets. Two slips of a Chinese keyboard are
named before anything else: a full-width colon "：" after a key, and a full-width space "　" in
an indent — PyYAML only sees their consequences, lines later. A bracket or quote left open is
reported where it was opened, not at the end of the file where PyYAML gives up.
"""

import re

import yaml

from .errors import Problem

FULL_WIDTH_COLON = "："
FULL_WIDTH_SPACE = "\u3000"
# A key as year files spell them (ASCII words), then a full-width colon: `  name：北辛街道`.
FULL_WIDTH_KEY_RE = re.compile(r"^(\s*(?:-\s+)?)([A-Za-z_][A-Za-z0-9_]*)\s*：")
INDENT_RE = re.compile(r"^[ \u3000\t]*")
# Where PyYAML was when it found no closing mark: what was left open.
UNCLOSED = {
    "while parsing a flow sequence": ("方括号“[”没有闭合", "在这一行找到对应的“]”，或给以“[”开头的文字加引号"),
    "while parsing a flow mapping": ("花括号“{”没有闭合", "在这一行找到对应的“}”，或给以“{”开头的文字加引号"),
    "while scanning a quoted scalar": ("引号没有闭合", "这一行开始的引号要在文字末尾再写一个同样的引号"),
}

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


def syntax_problem(exc: yaml.MarkedYAMLError, name: str, text: str) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    error_line = mark.line + 1 if mark else len(text.splitlines())
    slip = keyboard_slip(text, error_line, name)
    if slip is not None:
        return slip
    opened = UNCLOSED.get(exc.context or "")
    if opened and exc.context_mark is not None:
        message, hint = opened
        return Problem(name, f"YAML 格式错误：{message}", line=exc.context_mark.line + 1,
                       column=exc.context_mark.column + 1, hint=hint)
    return Problem(name, yaml_error_message(exc), line=error_line,
                   column=mark.column + 1 if mark else None)


def keyboard_slip(text: str, up_to_line: int, name: str) -> Problem | None:
    """The first full-width colon after a key, or full-width space in an indent, on or
    before the line where PyYAML stopped."""
    for number, line in enumerate(text.splitlines()[:up_to_line], 1):
        indent = INDENT_RE.match(line).group()
        if FULL_WIDTH_SPACE in indent and line.strip():
            return Problem(name, full_width_space_message(), line=number,
                           column=indent.index(FULL_WIDTH_SPACE) + 1,
                           hint="缩进只能用半角空格：把全角空格“　”换成两个半角空格")
        match = FULL_WIDTH_KEY_RE.match(line)
        if match:
            return Problem(name, full_width_colon_message(match.group(2)), line=number,
                           column=line.index(FULL_WIDTH_COLON) + 1,
                           hint=full_width_colon_hint(match.group(2)))
    return None


def full_width_space_message() -> str:
    return "YAML 格式错误：缩进里有中文全角空格“　”"


def full_width_colon_message(key: str) -> str:
    return f"键 “{key}” 后面用了中文全角冒号“：”"


def full_width_colon_hint(key: str) -> str:
    return f"键后面要用英文半角冒号加一个空格，写作“{key}: ”"


def full_width_key(value) -> tuple[str, int] | None:
    """A value that is really `key：value` typed with a full-width colon: (key, offset of
    the colon in the value); PyYAML read the whole line as text."""
    if not isinstance(value, str):
        return None
    match = FULL_WIDTH_KEY_RE.match(value)
    return (match.group(2), value.index(FULL_WIDTH_COLON)) if match else None


def yaml_error_message(exc: yaml.MarkedYAMLError) -> str:
    problem = exc.problem or ""
    context = exc.context or ""
    for key, message, hint in SYNTAX_MESSAGES:
        if key in problem or key in context:
            return f"YAML 格式错误：{message}。{hint}"
    return f"YAML 格式错误（{problem or context}）"
