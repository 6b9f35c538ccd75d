"""The cppcc-plan command: parses arguments, calls api.py and the other stages, reports. No
logic of its own. Exit statuses: 0 done, 1 not everything could be done, 2 bad input or usage
(the README's table says what each command means by them).

The commands are in commands.py, imported only when one runs or shows its own help: --help and
--version import nothing but click and the Chinese catalog, and start in the time click does.
"""

import gc
import sys
from collections.abc import Mapping

import click

from . import __version__, clickzh

EXIT_INPUT = 2

# What `cppcc-plan --help` lists; each command's own help is its docstring in commands.py.
SHORT_HELP = {
    "batch": "按单位表 UNITS 批量生成：以 BASE 为基础年度文件，每个单位覆盖其中的若干键。",
    "fonts": "列出公文用到的字体：本机是否已安装；未安装时，预览（PDF、PNG）用哪种免费字体代替。",
    "import": "把 Word 文件（.docx、.doc、.wps）导入为年度文件。",
    "init": "写一份起步的年度文件：逐项带中文注释，原样就能生成合格的公文，照着改即可。",
    "lint": "检查年度文件文字中照抄、遗留的问题，可直接改正（--fix）。",
    "preview": "把年度文件生成的公文按 LibreOffice 的排版存为每页一张 PNG 图片，不用打开 Word 就能看到效果。",
    "render": "把年度文件 YEAR_FILE 生成为公文（YEAR_FILE 为“-”时读标准输入）。",
    "rollup": "把各单位的年度文件和工作记录汇总为一份文档或工作簿。",
    "schema": "输出年度文件的 JSON Schema（由程序的数据模型生成，含中文标题和说明），供编辑器提示和检查。",
    "templates": "内置模板（公文的措辞）：列出、查看、导出后修改，再用 render --templates 目录 使用。",
    "validate": "检查年度文件 YEAR_FILE，列出所有问题，不生成文档；文字中的可疑之处（同 lint）作为警告列出。",
}

clickzh.install()


class Commands(Mapping):
    """The group's commands by name; the first look-up of one imports commands.py."""

    def __getitem__(self, name: str) -> click.Command:
        if name not in SHORT_HELP:
            raise KeyError(name)
        from .commands import COMMANDS
        return COMMANDS[name]

    def __iter__(self):
        return iter(SHORT_HELP)

    def __len__(self) -> int:
        return len(SHORT_HELP)


class Main(clickzh.Group):
    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The list of commands from SHORT_HELP, without building the commands."""
        with formatter.section(clickzh.CATALOG["Commands"]):
            formatter.write_dl(sorted(SHORT_HELP.items()))


@click.group(cls=Main, commands=Commands(),
             context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", "-V", prog_name="cppcc-plan",
                      message="%(prog)s %(version)s", help="显示版本号并退出。")
def main():
    """由 YAML 年度文件生成符合 GB/T 9704-2012 的政协公文（.docx）：工作计划、工作要点、
    年度协商计划、活动安排、工作项目计划书、工作总结；也可输出 PDF、Markdown、纯文本预览。

    第一次使用：cppcc-plan init --level 镇 生成一份起步的年度文件，改好后 cppcc-plan render。

    退出状态：0 成功；1 无法写出文档；2 输入或用法错误。
    """


def usage_message(error: click.UsageError) -> str:
    """Click's message (in Chinese, see clickzh); a missing argument is named without Click's
    English full stop."""
    if isinstance(error, click.MissingParameter) and error.param is not None and error.ctx:
        kind = "选项" if isinstance(error.param, click.Option) else "参数"
        return f"缺少{kind} {error.param.get_error_hint(error.ctx)}"
    return error.format_message()


def run(args=None) -> int:
    """Entry point: every outcome becomes a message on stderr and an exit status."""
    try:
        status = main.main(args=args, prog_name="cppcc-plan", standalone_mode=False)
    except click.UsageError as error:
        hint = f"（运行 {error.ctx.command_path} --help 查看用法）" if error.ctx else ""
        click.echo(f"错误：{usage_message(error)}{hint}", err=True)
        return EXIT_INPUT
    except click.exceptions.Abort:
        click.echo("已中止", err=True)
        return 1
    except KeyboardInterrupt:
        return 130
    except Exception as error:
        from .errors import CppccError          # imported already if one was raised
        if isinstance(error, CppccError):
            from .commands import report
            report(error)
            return error.exit_code
        # a bug of ours: say so in one line, no traceback
        click.echo(f"内部错误（{type(error).__name__}: {error}）。请把年度文件和这条信息发给维护者。",
                   err=True)
        return 1
    return status if isinstance(status, int) else 0


def entry() -> None:
    status = run()
    # Nothing the run made is garbage worth collecting now: frozen, it is out of reach of the
    # interpreter's collections at exit, which traverse and free every object of the heap (in
    # a cold render about 0.1 s, a fifth of its CPU time; the process's end frees it all).
    gc.freeze()
    sys.exit(status)
