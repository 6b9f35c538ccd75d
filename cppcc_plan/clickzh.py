"""Click's own words (usage, help headings, errors about arguments) in Chinese.

Click marks its texts with gettext's `_()` and `ngettext()` of the default domain, which
would look for a compiled .mo catalog under the clerk's locale — absent on Windows and
unreliable elsewhere. So the catalog lives here, as a gettext translation object, and is bound
to the names `_` and `ngettext` in the Click modules that use them: every message Click builds
afterwards is built in Chinese, with Click's own logic (plural forms, parameter hints) intact.
"""

import gettext
import importlib
import inspect
import re
import unicodedata

import click

# msgid → Chinese; the msgids are Click 8's, with their {placeholders}.
CATALOG = {
    # usage and help
    "Usage:": "用法：",
    "Options": "选项",
    "Commands": "命令",
    "Show this message and exit.": "显示本帮助并退出。",
    "Show the version and exit.": "显示版本号并退出。",
    "default: {default}": "缺省：{default}",
    "required": "必填",
    "env var: {var}": "环境变量：{var}",
    "(dynamic)": "（动态）",
    "deprecated": "已废弃",
    # errors
    "Error: {message}": "错误：{message}",
    "Try '{command} {option}' for help.": "运行 “{command} {option}” 查看用法。",
    "Aborted!": "已中止。",
    "Missing command.": "缺少命令。",
    "No such command {name!r}.": "没有命令 {name!r}。",
    "No such option {name!r}.": "没有选项 {name!r}。",
    "Missing argument": "缺少参数",
    "Missing option": "缺少选项",
    "Missing parameter": "缺少参数",
    "Missing {param_type}": "缺少{param_type}",
    "Missing parameter: {param_name}": "缺少参数：{param_name}",
    "Invalid value: {message}": "取值不正确：{message}",
    "Invalid value for {param_hint}: {message}": "{param_hint} 的取值不正确：{message}",
    "Choose from:\n\t{choices}": "可选：{choices}",
    "Value must be an iterable.": "应为多个值。",
    "{value!r} is not a valid {number_type}.": "{value!r} 不是数字。",
    "{value} is not in the range {range}.": "{value} 超出范围 {range}。",
    "{value!r} is not a valid boolean. Recognized values: {states}":
        "{value!r} 不是是/否的值，可写：{states}",
    "{value!r} is not a valid UUID.": "{value!r} 不是 UUID。",
    "file": "文件",
    "directory": "目录",
    "path": "路径",
    "{name} {filename!r} does not exist.": "{name} {filename!r} 不存在。",
    "{name} {filename!r} is a file.": "{name} {filename!r} 是文件，这里要的是目录。",
    "{name} {filename!r} is a directory.": "{name} {filename!r} 是目录，这里要的是文件。",
    "{name} {filename!r} is not readable.": "{name} {filename!r} 无法读取。",
    "{name} {filename!r} is not writable.": "{name} {filename!r} 无法写入。",
    "{name} {filename!r} is not executable.": "{name} {filename!r} 不能执行。",
    "Could not open file {filename!r}: {message}": "无法打开文件 {filename!r}：{message}",
    "unknown error": "未知错误",
    "Invalid start character for option ({option})": "选项的开头字符不正确（{option}）",
    "Argument {name!r} takes {nargs} values.": "参数 {name!r} 要写 {nargs} 个值。",
    "Option {name!r} does not take a value.": "选项 {name!r} 后面不写值。",
    "Shell completion is not supported for {name!r} shells.":
        "不支持 {name!r} 的命令补全（支持 bash、zsh、fish）。",
}
# (singular msgid, plural msgid) → (Chinese for one, Chinese for several).
PLURALS = {
    ("Got unexpected extra argument ({args})", "Got unexpected extra arguments ({args})"):
        ("多余的参数（{args}）", "多余的参数（{args}）"),
    ("Did you mean {possibility}?", "(Did you mean one of: {possibilities}?)"):
        ("是否想写 {possibility}？", "是否想写以下之一：{possibilities}？"),
    ("{value!r} is not {choice}.", "{value!r} is not one of {choices}."):
        ("{value!r} 不可用，只能写 {choice}", "{value!r} 不是可选的值，可选：{choices}"),
    ("{value!r} does not match the format {format}.",
     "{value!r} does not match the formats {formats}."):
        ("{value!r} 不符合格式 {format}", "{value!r} 不符合格式 {formats}"),
    ("Option {name!r} requires an argument.", "Option {name!r} requires {nargs} arguments."):
        ("选项 {name!r} 后面要写一个值。", "选项 {name!r} 后面要写 {nargs} 个值。"),
    ("Takes {nargs} values but 1 was given.", "Takes {nargs} values but {len} were given."):
        ("要写 {nargs} 个值，这里写了 1 个。", "要写 {nargs} 个值，这里写了 {len} 个。"),
    ("{len_type} values are required, but {len_value} was given.",
     "{len_type} values are required, but {len_value} were given."):
        ("要写 {len_type} 个值，这里写了 {len_value} 个。", "要写 {len_type} 个值，这里写了 {len_value} 个。"),
}
CLICK_MODULES = ("core", "exceptions", "types", "formatting", "parser", "decorators",
                 "termui", "shell_completion")


class Chinese(gettext.NullTranslations):
    def gettext(self, message):
        return CATALOG.get(message, message)

    def ngettext(self, singular, plural, n):
        one, several = PLURALS.get((singular, plural), (singular, plural))
        return one if n == 1 else several


def install() -> None:
    """Bind the Chinese catalog into Click's modules (idempotent)."""
    translations = Chinese()
    for name in CLICK_MODULES:
        module = importlib.import_module(f"click.{name}")
        if hasattr(module, "_"):
            module._ = translations.gettext
        if hasattr(module, "ngettext"):
            module.ngettext = translations.ngettext


# Marks that must not start a line (GB/T 15834 line-breaking practice).
NO_LINE_START = set("，。、；：？！）》」”’…—%")
NO_LINE_END = set("（《「“‘")
TOKEN_RE = re.compile(r"[\x00-\x7f]+?(?=\s|[^\x00-\x7f]|$)\s*|[^\x00-\x7f]\s*")


def columns(text: str) -> int:
    """Terminal columns: Chinese characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def breaks_badly(before: str, after: str) -> bool:
    """A line may not end in an opening mark, nor the next one start with a closing mark."""
    return before.rstrip()[-1:] in NO_LINE_END or after[:1] in NO_LINE_START


def wrap(text: str, width: int) -> list[str]:
    """Lines of at most width columns, broken between Chinese characters or at spaces, never
    before a closing mark nor after an opening one; paragraphs (blank lines) kept."""
    lines: list[str] = []
    for paragraph in re.split(r"\n\s*\n", text.strip()):
        line: list[str] = []
        used = 0                     # columns of the line so far, kept rather than measured again
        for token in TOKEN_RE.findall(" ".join(paragraph.split())):
            if line and used + columns(token.rstrip()) > width:
                carried: list[str] = []
                while len(line) > 1 and breaks_badly(line[-1], (carried or [token])[0]):
                    carried.insert(0, line.pop())        # the mark goes with its neighbour
                lines.append("".join(line).rstrip())
                line, used = carried, sum(map(columns, carried))
            line.append(token)
            used += columns(token)
        lines += ["".join(line).rstrip(), ""]
    return lines[:-1]


class Formatter(click.HelpFormatter):
    """Help measured in terminal columns, so that Chinese lines fit the terminal; headings end
    in a full-width colon, as Chinese headings do: 选项：, 用法：cppcc-plan."""

    def write_heading(self, heading: str) -> None:
        self.write(f"{'':>{self.current_indent}}{heading}：\n")

    def write_text(self, text: str) -> None:
        indent = " " * self.current_indent
        width = max(self.width - self.current_indent, 11)
        self.write("".join(f"{indent}{line}\n" if line else "\n" for line in wrap(text, width)))

    def write_dl(self, rows, col_max: int = 30, col_spacing: int = 2) -> None:
        rows = list(rows)
        first_col = min(max((columns(first) for first, _ in rows), default=0), col_max) \
            + col_spacing
        for first, second in rows:
            self.write(f"{'':>{self.current_indent}}{first}")
            if not second:
                self.write("\n")
                continue
            if columns(first) <= first_col - col_spacing:
                self.write(" " * (first_col - columns(first)))
            else:
                self.write("\n" + " " * (first_col + self.current_indent))
            lines = [line for line in wrap(second, max(self.width - first_col - 2, 10)) if line]
            self.write(f"{lines[0]}\n" if lines else "\n")
            for line in lines[1:]:
                self.write(f"{'':>{first_col + self.current_indent}}{line}\n")

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, CATALOG["Usage:"] if prefix is None else prefix)


class Context(click.Context):
    formatter_class = Formatter


# A docstring's line break between two Chinese characters: Click would join it with a space.
CJK_LINE_BREAK = re.compile(r"(?<=[^\x00-\x7f])[ \t]*\n[ \t]*(?=[^\x00-\x7f\s])")


def joined(help_text: str | None) -> str | None:
    """Docstring lines of one Chinese paragraph as one line; blank lines still part them."""
    if help_text is None:
        return None
    return CJK_LINE_BREAK.sub("", inspect.cleandoc(help_text))


class Command(click.Command):
    """Usage lines say [选项] rather than [OPTIONS]; help paragraphs run on without spaces."""

    context_class = Context

    def __init__(self, *args, options_metavar: str = "[选项]", help: str | None = None,
                 **kwargs):
        super().__init__(*args, options_metavar=options_metavar, help=joined(help), **kwargs)


class Group(click.Group):
    command_class = Command
    context_class = Context

    def __init__(self, *args, options_metavar: str = "[选项]",
                 subcommand_metavar: str = "命令 [参数]...", help: str | None = None, **kwargs):
        super().__init__(*args, options_metavar=options_metavar,
                         subcommand_metavar=subcommand_metavar, help=joined(help), **kwargs)
