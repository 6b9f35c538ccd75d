"""The cppcc-plan command: parses arguments, calls api.py, reports. No logic of its own.

Exit status: 0 done, 1 the document could not be written, 2 bad input or usage.
"""

import contextlib
import os
import sys
import time
from pathlib import Path

import click

from . import __version__, api, batch as batches, lint as linting
from .importing import document as importer
from .errors import CppccError
from .kinds import KINDS
from .output import is_stdio, write_atomically

EXIT_INPUT = 2


def report(error: CppccError) -> None:
    for problem in error.problems:
        click.echo(f"错误：{problem}", err=True)


def encoding_notice(source) -> None:
    if source.encoding != "UTF-8":
        click.echo(f"提示：{source.name} 按 {source.encoding} 编码读取；"
                   "建议在编辑器中另存为 UTF-8。", err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", "-V", prog_name="cppcc-plan",
                      message="%(prog)s %(version)s", help="显示版本号并退出。")
def main():
    """由 YAML 年度文件生成符合 GB/T 9704-2012 的政协公文（.docx）：工作计划、工作要点、
    年度协商计划、活动安排、工作项目计划书。

    退出状态：0 成功；1 无法写出文档；2 输入或用法错误。
    """


set_option = click.option(
    "--set", "overrides", multiple=True, metavar="键路径=值",
    help="改写年度文件中的一项，可重复，如 --set summary.date=2024-07-05。")


@main.command()
@click.argument("year_file", type=click.Path(path_type=Path, dir_okay=False, allow_dash=True))
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False, allow_dash=True),
              help="输出的 .docx 文件；缺省为年度文件同名 .docx（非 plan 文种加“-文种”）；“-”写到标准输出。")
@click.option("-k", "--kind", type=click.Choice(list(KINDS)),
              help="文种：plan 工作计划、keypoints 工作要点、consultation 年度协商计划、"
                   "activities 协商议政活动安排、projects 工作项目计划书、summary 工作总结。缺省为 plan，"
                   "文件中只有一种文档时为该文档。")
@click.option("--templates", type=click.Path(path_type=Path, file_okay=False),
              help="自定义模板目录：其中的同名 .j2 模板替换内置模板，其余仍用内置模板。")
@click.option("--until", type=click.DateTime(["%Y-%m-%d"]),
              help="工作总结只统计到这一天的记录，如 2024-06-30（6 月 30 日及以前为上半年总结）。")
@set_option
def render(year_file: Path, output: Path | None, kind: str | None, templates: Path | None,
           until, overrides: tuple[str, ...]):
    """把年度文件 YEAR_FILE 生成为 .docx 公文（YEAR_FILE 为“-”时读标准输入）。"""
    source, _, target = api.render_file(year_file, output, kind, templates,
                                        until.date() if until else None, overrides)
    encoding_notice(source)
    if not is_stdio(target):
        click.echo(f"已生成 {target}", err=True)


@main.command()
@click.argument("year_file", type=click.Path(path_type=Path, dir_okay=False, allow_dash=True))
@set_option
def validate(year_file: Path, overrides: tuple[str, ...]):
    """检查年度文件 YEAR_FILE，列出所有问题，不生成文档；文字中的可疑之处（同 lint）作为警告列出。"""
    source, _ = api.load_year_file(year_file, overrides)
    encoding_notice(source)
    if not is_stdio(year_file):
        for finding in linting.lint_file(year_file).findings:
            click.echo(f"警告：{finding.problem}", err=True)
    click.echo(f"{source.name}：检查通过", err=True)


@main.command("import", short_help="把 Word 文件（.docx、.doc、.wps）导入为年度文件。")
@click.argument("word_file", type=click.Path(path_type=Path, dir_okay=False))
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False, allow_dash=True),
              help="输出的年度文件；缺省为同名 .yaml；“-”写到标准输出。")
def import_(word_file: Path, output: Path | None):
    """把 Word 文件 WORD_FILE（.docx；装有 LibreOffice 时也可以是 .doc、.wps）导入为年度文件：
    单位、年度、文种取自标题，主送、开头、各部分和条目按序号（手写的或 Word 自动编号）、表格、附件、
    署名和成文日期各归其位，本级用语和可由数据算出的数字换成占位符。无法归位的段落作为警告列出，
    原文保留在年度文件中。

    退出状态：0 已导入；1 已导入，但年度文件还缺少必填项（如成文日期）；2 输入或用法错误。
    """
    target, imported, problems = importer.import_to_file(word_file, output)
    for warning in imported.warnings:
        click.echo(f"警告：{warning}", err=True)
    for problem in problems:
        click.echo(f"待补充：{problem}", err=True)
    if str(target) != "-":
        click.echo(f"已导入 {target}（{imported.kind.label}）", err=True)
    return 1 if problems else 0


@main.command(short_help="检查年度文件文字中照抄、遗留的问题，可直接改正（--fix）。")
@click.argument("year_files", nargs=-1, required=True,
                type=click.Path(path_type=Path, dir_okay=False))
@click.option("--units", type=click.Path(path_type=Path),
              help="批量用的单位表（同 batch 的 UNITS）：其中其他单位的名称出现在文中时提示。")
@click.option("--from", "previous", type=click.Path(path_type=Path, dir_okay=False),
              help="上年的年度文件：与它逐字相同的段落、其中的单位名称都会提示。")
@click.option("--fix", is_flag=True,
              help="直接改正只有一种改法的问题（其他层级的用语、序号的标点），文件其余部分原样不动。")
def lint(year_files: tuple[Path, ...], units: Path | None, previous: Path | None, fix: bool):
    """检查年度文件文字中照抄、遗留的问题：与 unit.level 不符的本级用语、其他单位的名称、
    XX／20XX年 等待填内容、非本年度的年份、过时的提法、半角序号、与上年逐字相同的段落。
    每条警告给出 文件:行:列、YAML 路径和修改建议。

    退出状态：0 没有警告；1 有警告；2 输入或用法错误（文件无法读取或未通过检查）。
    """
    status = 0
    for path in year_files:
        try:
            result = linting.lint_file(path, units, previous)
            if fix:
                applied = linting.fix_file(path, result)
                if applied:
                    click.echo(f"已修正 {applied} 处：{path}", err=True)
                    result = linting.lint_file(path, units, previous)
        except CppccError as error:
            report(error)
            status = max(status, error.exit_code)
            continue
        for finding in result.findings:
            click.echo(f"警告：{finding.problem}", err=True)
        if result.findings:
            status = max(status, 1)
        else:
            click.echo(f"{result.name}：没有发现问题", err=True)
    return status


def shard_option(ctx, param, value: str | None) -> batches.Shard | None:
    if value is None:
        return None
    k, _, n = value.partition("/")
    if not (k.isdigit() and n.isdigit() and 1 <= int(k) <= int(n)):
        raise click.BadParameter(f"应写作 K/N（第 K 份，共 N 份，1 ≤ K ≤ N），如 1/4，"
                                 f"这里写的是 “{value}”")
    return batches.Shard(int(k), int(n))


def progress_bar(total: int):
    """A bar on a terminal; nothing at all when stderr is a file or a CI log."""
    if not sys.stderr.isatty():
        return contextlib.nullcontext(None)
    return click.progressbar(length=total, label="生成", file=sys.stderr)


@main.command()
@click.argument("base", type=click.Path(path_type=Path, dir_okay=False))
@click.argument("units", type=click.Path(path_type=Path))
@click.option("-o", "--output", "out_dir", required=True,
              type=click.Path(path_type=Path, file_okay=False),
              help="输出目录，文件名为“单位-年度文种.docx”，如 北辛街道-2024年工作计划.docx。")
@click.option("-k", "--kind", "kinds", multiple=True, type=click.Choice(list(KINDS)),
              help="文种，可写多次，每个单位各生成一份；缺省同 render。")
@click.option("--templates", type=click.Path(path_type=Path, file_okay=False),
              help="自定义模板目录，同 render。")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=os.cpu_count() or 1,
              show_default="CPU 核数", help="同时生成的进程数。")
@click.option("--fail-fast", is_flag=True, help="有一个单位失败即停止，其余单位不再生成。")
@click.option("--shard", callback=shard_option, metavar="K/N",
              help="只生成 N 份中的第 K 份单位（按单位表顺序轮流分配），供 CI 分片并行。")
@click.option("--report", type=click.Path(path_type=Path, dir_okay=False),
              help="把每个单位的结果写成 JSON 报告（单位、输入、输出、状态、错误、用时）。")
@set_option
def batch(base: Path, units: Path, out_dir: Path, kinds: tuple[str, ...],
          templates: Path | None, jobs: int, fail_fast: bool, shard, report: Path | None,
          overrides: tuple[str, ...]):
    """按单位表 UNITS 批量生成：以 BASE 为基础年度文件，每个单位覆盖其中的若干键。

    UNITS 可以是 YAML 列表、CSV、Excel 工作簿（.xlsx，读第一个工作表）或 YAML 文件的目录；
    表格的列名是 YAML 路径（unit.name、unit.level、plan.date），空白的格不覆盖。

    退出状态：0 全部成功；1 有单位失败（其余照常生成）；2 基础文件、单位表或用法错误。
    """
    started = time.perf_counter()
    plan = batches.prepare(base, units, kinds, out_dir, shard, overrides)
    encoding_notice(plan.base)
    with progress_bar(len(plan.units)) as bar:
        results = batches.run(plan, jobs, templates, fail_fast,
                              progress=(lambda _: bar.update(1)) if bar else lambda _: None)
    seconds = time.perf_counter() - started
    if report is not None:
        write_atomically(report, batches.report_json(plan, results, seconds))
    for line in batches.summary(results, out_dir, seconds):
        click.echo(line, err=True)
    return 1 if any(r.status != batches.OK for r in results) else 0


CLICK_MESSAGES = {
    click.exceptions.NoSuchOption: "没有这个选项",
    click.exceptions.MissingParameter: "缺少参数",
    click.exceptions.BadParameter: "参数不正确",
}


def usage_message(error: click.UsageError) -> str:
    for kind, words in CLICK_MESSAGES.items():
        if isinstance(error, kind):
            return f"{words}：{error.format_message()}"
    return f"用法错误：{error.format_message()}"


def run(args=None) -> int:
    """Entry point: every outcome becomes a message on stderr and an exit status."""
    try:
        status = main.main(args=args, prog_name="cppcc-plan", standalone_mode=False)
    except CppccError as error:
        report(error)
        return error.exit_code
    except click.UsageError as error:
        hint = f"（运行 {error.ctx.command_path} --help 查看用法）" if error.ctx else ""
        click.echo(f"错误：{usage_message(error)}{hint}", err=True)
        return EXIT_INPUT
    except click.exceptions.Abort:
        click.echo("已中止", err=True)
        return 1
    except KeyboardInterrupt:
        return 130
    except Exception as error:            # a bug of ours: say so in one line, no traceback
        click.echo(f"内部错误（{type(error).__name__}: {error}）。请把年度文件和这条信息发给维护者。",
                   err=True)
        return 1
    return status if isinstance(status, int) else 0


def entry() -> None:
    sys.exit(run())
