"""The commands of cppcc-plan, each parsing its arguments, calling api.py and the other stages
and reporting. cli.py imports this module only when a command runs or shows its own help, so that
--help and --version start in the time click does.
"""

import contextlib
import datetime
import json
import os
import sys
from pathlib import Path

import click

from . import clickzh
from .errors import CppccError
from .kinds import KINDS
from .output import FORMATS, is_stdio, write_atomically
from .vocabulary import Level


def command(name: str):
    return click.command(name, cls=clickzh.Command)


def report(error: CppccError) -> None:
    for problem in error.problems:
        click.echo(f"错误：{problem}", err=True)


def notice(text: str) -> None:
    """What went well, on stderr; --quiet leaves only errors."""
    context = click.get_current_context(silent=True)
    if not (context and context.meta.get("quiet")):
        click.echo(text, err=True)


def encoding_notice(source) -> None:
    if source.encoding != "UTF-8":
        notice(f"提示：{source.name} 按 {source.encoding} 编码读取；建议在编辑器中另存为 UTF-8。")


class DateType(click.ParamType):
    name = "日期"

    def convert(self, value, param, ctx):
        if isinstance(value, datetime.date):
            return value
        try:
            return datetime.date.fromisoformat(str(value).strip())
        except ValueError:
            self.fail(f"应为日期，写作 2024-06-30，这里写的是 “{value}”", param, ctx)


def set_quiet(ctx, param, value: bool) -> None:
    if value:
        ctx.meta["quiet"] = True


quiet_option = click.option("-q", "--quiet", is_flag=True, expose_value=False, callback=set_quiet,
                            is_eager=True, help="只报告错误，不显示“已生成”等提示。")
set_option = click.option(
    "--set", "overrides", multiple=True, metavar="键路径=值",
    help="改写年度文件中的一项，可重复；列表项按第几项写，从 1 数起："
         "--set summary.date=2024-07-05、--set plan.sections[2].title=新的标题。")
kind_choice = click.Choice(list(KINDS))
KIND_HELP = ("文种：plan 工作计划、keypoints 工作要点、consultation 年度协商计划、activities "
             "协商议政活动安排、projects 工作项目计划书、summary 工作总结。")


@command("render")
@click.argument("year_file", type=click.Path(path_type=Path, dir_okay=False, allow_dash=True))
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False, allow_dash=True),
              help="输出文件，格式按后缀：.docx、.pdf、.md、.txt；缺省为年度文件同名 .docx"
                   "（非 plan 文种加“-文种”）；“-”写到标准输出。")
@click.option("-f", "--format", "format_name", type=click.Choice(list(FORMATS)),
              help="输出格式（不写 -o 时用，或与 -o 的后缀一致）：docx 公文；pdf 经 LibreOffice "
                   "转换；md、txt 文字稿，序号和数字与公文相同，便于比对修改。")
@click.option("-k", "--kind", type=kind_choice,
              help=KIND_HELP + "缺省为 plan，文件中只有一种文档时为该文档。")
@click.option("--templates", type=click.Path(path_type=Path, file_okay=False),
              help="自定义模板目录：其中的同名 .j2 模板替换内置模板，其余仍用内置模板"
                   "（cppcc-plan templates export 目录 导出全部内置模板）。")
@click.option("--until", type=DateType(),
              help="工作总结只统计到这一天的记录，如 2024-06-30（6 月 30 日及以前为上半年总结）。")
@click.option("--letterhead", type=click.Path(path_type=Path, dir_okay=False, exists=True),
              help="本单位的红头 Word 文件（.docx）：沿用其首页页眉（发文机关标志）和所用字体。")
@set_option
@quiet_option
@click.option("--force", is_flag=True,
              help="输出文件已存在且不是本工具生成、未经改动的文档时，也替换它（目录和设备除外）。")
def render(year_file: Path, output: Path | None, format_name: str | None, kind: str | None,
           templates: Path | None, until, letterhead: Path | None, overrides: tuple[str, ...],
           force: bool):
    """把年度文件 YEAR_FILE 生成为公文（YEAR_FILE 为“-”时读标准输入）。"""
    from . import api
    source, _, target = api.render_file(year_file, output, kind, templates, until, overrides,
                                        format_name, letterhead, force)
    encoding_notice(source)
    if not is_stdio(target):
        notice(f"已生成 {target}")


@command("validate")
@click.argument("year_file", type=click.Path(path_type=Path, dir_okay=False, allow_dash=True))
@click.option("-f", "--format", "format_name", type=click.Choice(["text", "json"]),
              default="text", show_default=True,
              help="json：在标准输出写 {file, valid, problems}，每个问题为 "
                   "{file, line, column, path, message}，供编辑器和 CI 使用。")
@set_option
@quiet_option
def validate(year_file: Path, format_name: str, overrides: tuple[str, ...]):
    """检查年度文件 YEAR_FILE，列出所有问题，不生成文档；文字中的可疑之处（同 lint）作为警告列出。"""
    from . import api, lint as linting
    if format_name == "json":
        try:
            source, _ = api.load_year_file(year_file, overrides)
        except CppccError as error:
            click.echo(problems_json(str(year_file), error))
            return error.exit_code
        click.echo(problems_json(source.name, None))
        return 0
    source, _ = api.load_year_file(year_file, overrides)
    encoding_notice(source)
    if not is_stdio(year_file):
        for finding in linting.lint_file(year_file).findings:
            click.echo(f"警告：{finding.problem}", err=True)
    notice(f"{source.name}：检查通过")


def problems_json(name: str, error: CppccError | None) -> str:
    problems = [p.as_json() for p in error.problems] if error else []
    return json.dumps({"file": name, "valid": error is None, "problems": problems},
                      ensure_ascii=False, indent=2)


@command("import")
@click.argument("word_file", type=click.Path(path_type=Path, dir_okay=False))
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False, allow_dash=True),
              help="输出的年度文件；缺省为同名 .yaml；“-”写到标准输出。")
@quiet_option
def import_(word_file: Path, output: Path | None):
    """把 Word 文件 WORD_FILE（.docx；装有 LibreOffice 时也可以是 .doc、.wps）导入为年度文件：
    单位、年度、文种取自标题，主送、开头、各部分和条目按序号（手写的或 Word 自动编号）、表格、附件、
    署名和成文日期各归其位，本级用语和可由数据算出的数字换成占位符。无法归位的段落作为警告列出，
    原文保留在年度文件中。

    退出状态：0 已导入；1 已导入，但年度文件还缺少必填项（如成文日期）；2 输入或用法错误。
    """
    from .importing import document as importer
    target, imported, problems = importer.import_to_file(word_file, output)
    for warning in imported.warnings:
        click.echo(f"警告：{warning}", err=True)
    for problem in problems:
        click.echo(f"待补充：{problem}", err=True)
    if not is_stdio(target):
        notice(f"已导入 {target}（{imported.kind.label}）")
    return 1 if problems else 0


@command("lint")
@click.argument("year_files", nargs=-1, required=True,
                type=click.Path(path_type=Path, dir_okay=False))
@click.option("--units", type=click.Path(path_type=Path),
              help="批量用的单位表（同 batch 的 UNITS）：其中其他单位的名称出现在文中时提示。")
@click.option("--from", "previous", type=click.Path(path_type=Path, dir_okay=False),
              help="上年的年度文件：与它逐字相同的段落、其中的单位名称都会提示。")
@click.option("--fix", is_flag=True,
              help="直接改正只有一种改法的问题（其他层级的用语、序号的标点），文件其余部分原样不动。")
@quiet_option
def lint(year_files: tuple[Path, ...], units: Path | None, previous: Path | None, fix: bool):
    """检查年度文件文字中照抄、遗留的问题：与 unit.level 不符的本级用语、其他单位的名称、
    XX／20XX年 等待填内容、非本年度的年份、过时的提法、半角序号、与上年逐字相同的段落。
    每条警告给出 文件:行:列、YAML 路径和修改建议。

    退出状态：0 没有警告；1 有警告；2 输入或用法错误（文件无法读取或未通过检查）。
    """
    from . import lint as linting
    status = 0
    for path in year_files:
        try:
            result = linting.lint_file(path, units, previous)
            if fix:
                applied = linting.fix_file(path, result)
                if applied:
                    notice(f"已修正 {applied} 处：{path}")
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
            notice(f"{result.name}：没有发现问题")
    return status


def shard_option(ctx, param, value: str | None):
    from . import batch as batches
    if value is None:
        return None
    k, _, n = value.partition("/")
    if not (k.isdigit() and n.isdigit() and 1 <= int(k) <= int(n)):
        raise click.BadParameter(f"应写作 K/N（第 K 份，共 N 份，1 ≤ K ≤ N），如 1/4，"
                                 f"这里写的是 “{value}”")
    return batches.Shard(int(k), int(n))


def progress_bar(total: int):
    """A bar on a terminal; nothing at all when stderr is a file or a CI log, or with -q."""
    context = click.get_current_context(silent=True)
    if not sys.stderr.isatty() or (context and context.meta.get("quiet")):
        return contextlib.nullcontext(None)
    return click.progressbar(length=total, label="生成", file=sys.stderr)


@command("batch")
@click.argument("base", type=click.Path(path_type=Path, dir_okay=False))
@click.argument("units", type=click.Path(path_type=Path))
@click.option("-o", "--output", "out_dir", required=True,
              type=click.Path(path_type=Path, file_okay=False),
              help="输出目录，文件名为“单位-年度文种.docx”，如 北辛街道-2024年工作计划.docx。")
@click.option("-k", "--kind", "kinds", multiple=True, type=kind_choice,
              help="文种，可写多次，每个单位各生成一份；缺省同 render。")
@click.option("--templates", type=click.Path(path_type=Path, file_okay=False),
              help="自定义模板目录，同 render。")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=os.cpu_count() or 1,
              metavar="进程数",
              show_default="CPU 核数", help="同时生成的进程数。")
@click.option("--fail-fast", is_flag=True, help="有一个单位失败即停止，其余单位不再生成。")
@click.option("--shard", callback=shard_option, metavar="K/N",
              help="只生成 N 份中的第 K 份单位（按单位表顺序轮流分配），供 CI 分片并行。")
@click.option("--report", type=click.Path(path_type=Path, dir_okay=False),
              help="把每个单位的结果写成 JSON 报告（单位、输入、输出、状态、问题、用时、输入的哈希），"
                   "每个问题为 {file, line, column, path, message}。")
@click.option("--resume", is_flag=True,
              help="只生成文件缺失或输入有变化的单位（据输出目录中的 .cppcc-plan-batch.jsonl）。")
@set_option
@quiet_option
def batch(base: Path, units: Path, out_dir: Path, kinds: tuple[str, ...],
          templates: Path | None, jobs: int, fail_fast: bool, shard, report: Path | None,
          resume: bool, overrides: tuple[str, ...]):
    """按单位表 UNITS 批量生成：以 BASE 为基础年度文件，每个单位覆盖其中的若干键。

    UNITS 可以是 YAML 列表、CSV、Excel 工作簿（.xlsx，读第一个工作表）或 YAML 文件的目录；
    表格的列名是 YAML 路径（unit.name、unit.level、plan.date），空白的格不覆盖。

    退出状态：0 全部成功；1 有单位失败（其余照常生成），或输出目录正由另一个 batch 写入；
    2 基础文件、单位表或用法错误；中断时为 128 加信号编号（Ctrl-C 为 130）。
    """
    from . import batch as batches
    plan = batches.prepare(base, units, kinds, out_dir, shard, overrides, report)
    encoding_notice(plan.base)
    with progress_bar(plan.count) as bar:
        outcome = batches.run(plan, jobs, templates, fail_fast,
                              progress=(lambda _: bar.update(1)) if bar else lambda _: None,
                              resume=resume)
    for line in batches.summary(outcome, out_dir):
        if line.startswith("错误："):
            click.echo(line, err=True)
        else:
            notice(line)
    if outcome.signal:
        return 128 + outcome.signal
    return 1 if outcome.counts[batches.OK] != outcome.units else 0


@command("init")
@click.option("-l", "--level", type=click.Choice([level.value for level in Level]),
              help="单位的层级。不用 --from 时必写。")
@click.option("-k", "--kind", default="plan", show_default=True, type=kind_choice,
              help=KIND_HELP + "summary 另在旁边写一份记录表（.records.csv）。")
@click.option("--name", metavar="名称", help="单位名称，如 杭埠镇；缺省为“某某镇”之类，生成后再改。")
@click.option("--year", type=click.IntRange(1949, 2100), metavar="年度",
              help="年度；缺省为今年（用 --from 时为上一年度的下一年）。")
@click.option("--from", "previous", type=click.Path(path_type=Path, dir_okay=False),
              help="由上一年度的年度文件起步：年度加一、日期后移一年、清空记录和工作总结，"
                   "并列出仍写着旧年份的地方。")
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False),
              help="写出的年度文件；缺省为“2025年工作计划.yaml”之类，放在当前目录。")
@quiet_option
def init(level: str | None, kind: str, name: str | None, year: int | None,
         previous: Path | None, output: Path | None):
    """写一份起步的年度文件：逐项带中文注释，原样就能生成合格的公文，照着改即可。

    旁边同时写出编辑器用的 JSON Schema（cppcc-plan.schema.json），在 VS Code 等编辑器里
    输入时可以提示键名和说明。
    """
    from . import starter
    if previous is None:
        if level is None:
            raise click.UsageError("请用 --level 写明单位的层级（街道、镇、乡、县、区、市），"
                                   "或用 --from 指定上一年度的年度文件")
        written = starter.write_starter(Level(level), KINDS[kind], name, year, output)
        for path in written:
            notice(f"已生成 {path}")
        if name is None:
            notice(f"提示：单位名称暂写作“某某{level}”，请改为实际名称（也可用 --name 指定）")
        notice(f"下一步：改好 {written[0]} 中的文字后运行 cppcc-plan render {written[0]}")
        return
    if level or name:
        raise click.UsageError("--from 由上一年度的文件起步，单位和层级沿用该文件，"
                               "不能再写 --level 或 --name")
    result = starter.next_year(previous, year, output)
    notice(f"已生成 {result.path}（{result.year} 年度，由 {previous} 起步）")
    for line, text in result.old_year_lines:
        click.echo(f"仍写着 {result.year - 1} 年：{result.path}:{line}: {text}", err=True)


@click.group("templates", cls=clickzh.Group)
def templates():
    """内置模板（公文的措辞）：列出、查看、导出后修改，再用 render --templates 目录 使用。"""


@templates.command("list")
def templates_list():
    """列出内置模板及其用途。"""
    from . import template_files
    for item in template_files.builtin_templates():
        click.echo(f"{item.name:<18}{item.summary}")


@templates.command("show")
@click.argument("name")
def templates_show(name: str):
    """显示模板 NAME 的内容（如 closing.j2，或 closing）。"""
    from . import template_files
    click.echo(template_files.template_text(name), nl=False)


@templates.command("export")
@click.argument("directory", type=click.Path(path_type=Path, file_okay=False))
@quiet_option
def templates_export(directory: Path):
    """把全部内置模板复制到目录 DIRECTORY；改其中的文件后用 render --templates DIRECTORY。
    目录中已有的同名文件不覆盖。"""
    from . import template_files
    written, kept = template_files.export(directory)
    for path in kept:
        notice(f"已存在，未覆盖：{path}")
    notice(f"已导出 {len(written)} 个模板到 {directory}；"
           f"使用：cppcc-plan render 年度文件.yaml --templates {directory}")


@command("schema")
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False),
              help="写到文件（如 cppcc-plan.schema.json）；缺省写到标准输出。")
@click.option("--partial", is_flag=True,
              help="批量生成中每个单位的 YAML 文件用：只写与基础文件不同的键，不要求必填项。")
def schema(output: Path | None, partial: bool):
    """输出年度文件的 JSON Schema（由程序的数据模型生成，含中文标题和说明），供编辑器提示和检查。

    年度文件第一行写 # yaml-language-server: $schema=cppcc-plan.schema.json 即可使用。
    """
    from . import schema as schemas
    text = schemas.schema_json(partial)
    if output is None:
        click.echo(text, nl=False)
    else:
        write_atomically(output, text.encode("utf-8"))


@command("fonts")
def fonts():
    """列出公文用到的字体：本机是否已安装；未安装时，预览（PDF、PNG）用哪种免费字体代替。"""
    from . import fonts as font_faces
    statuses = font_faces.face_statuses()
    if statuses is None:
        click.echo("本机没有 fc-list（fontconfig），无法列出字体。", err=True)
        return 1
    for status in statuses:
        if status.installed:
            click.echo(f"{status.face}：已安装")
        elif status.stand_in:
            click.echo(f"{status.face}：未安装，预览时用 {status.stand_in} 代替（{status.style}）")
        else:
            click.echo(f"{status.face}：未安装，也没有可代替的免费字体（{status.style}；"
                       f"Debian/Ubuntu：sudo apt install {font_faces.DEBIAN_PACKAGES}）")
    click.echo("生成的 .docx 总是写明上述字体名称，在装有这些字体的电脑上按原字体显示和打印。")


@command("preview")
@click.argument("year_file", type=click.Path(path_type=Path, dir_okay=False))
@click.option("-o", "--output", "out_dir", type=click.Path(path_type=Path, file_okay=False),
              help="PNG 图片的目录；缺省为年度文件旁的“文件名-预览”目录。")
@click.option("-k", "--kind", type=kind_choice, help="文种，同 render。")
@click.option("--templates", type=click.Path(path_type=Path, file_okay=False),
              help="自定义模板目录，同 render。")
@set_option
@quiet_option
def preview(year_file: Path, out_dir: Path | None, kind: str | None, templates: Path | None,
            overrides: tuple[str, ...]):
    """把年度文件生成的公文按 LibreOffice 的排版存为每页一张 PNG 图片（第1页.png ……），
    不用打开 Word 就能看到效果。需要 LibreOffice 和 poppler-utils（pdftoppm）。"""
    from . import api
    source, _, pages = api.preview_file(year_file, out_dir, kind, templates, overrides)
    encoding_notice(source)
    notice(f"已生成 {len(pages)} 页预览：{pages[0].parent}")


@command("rollup")
@click.argument("units", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-o", "--output", required=True, type=click.Path(path_type=Path, dir_okay=False),
              help="输出文件：.docx 汇总文档，或 .xlsx 工作簿（“单位”和“记录”两个工作表）。")
@click.option("-k", "--kind", type=click.Choice(["summary", "members"]), default="summary",
              show_default=True, help="summary 各单位工作情况汇总；members 委员履职情况（每名委员对照"
                                      "“每名委员”的计划）。")
@click.option("--base", type=click.Path(path_type=Path, dir_okay=False),
              help="批量生成用的基础年度文件；此时 UNITS 是它的单位表，各单位的记录文件放在单位表旁，"
                   "以单位名称命名（如 北辛街道.records.csv）。")
@click.option("--date", type=DateType(),
              help="成文日期，如 2024-12-28；缺省为各单位工作总结中最晚的成文日期。")
@click.option("--templates", type=click.Path(path_type=Path, file_okay=False),
              help="自定义模板目录，其中的同名模板替换 templates/rollup/ 的内置模板。")
@click.option("--name-members", is_flag=True,
              help="--kind members 时正文也写出未达到计划的委员姓名（缺省只说人数，姓名只在表中）。")
@quiet_option
def rollup(units: tuple[Path, ...], output: Path, kind: str, base: Path | None, date,
           templates: Path | None, name_members: bool):
    """把各单位的年度文件和工作记录汇总为一份文档或工作簿。

    UNITS 是年度文件或年度文件的目录（各单位的记录文件在年度文件旁），可写多个；
    用 --base 时是批量生成的单位表。
    """
    from . import county
    loaded = county.rollup_file(units, output, kind, base, date, templates, name_members)
    notice(f"已汇总 {len(loaded)} 个单位，生成 {output}")


COMMANDS = {command.name: command for command in (
    batch, fonts, import_, init, lint, preview, render, rollup, schema, templates, validate)}
