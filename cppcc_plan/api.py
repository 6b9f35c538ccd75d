"""The pipeline as functions of plain values: what the CLI and the tests call.

source → validate → context → templates → blocks → writer → output.
"""

import datetime
import sys
from pathlib import Path

from .blocks import Title, parse_markup
from .errors import InputError, Problem
from .context import document_context
from .kinds import Kind, choose_kind
from .model import YearFile
from .output import is_stdio, write_atomically
from .merge import merge
from .records import attach_records
from .source import Source, decode, load_source, parse_source
from .templating import render_markup
from .validate import validate
from .docx.writer import DocumentInfo, write_docx

STDIN_NAME = "<标准输入>"


def year_source(path: Path, overrides: tuple[str, ...] = ()) -> Source:
    """A year file as every command reads it: decoded whatever its encoding, with the records
    file beside it (plan.records.csv …) when there is one, and `--set key.path=value`
    overrides laid over it; every value keeps its place in the file it came from."""
    if is_stdio(path):
        text, encoding = decode(sys.stdin.buffer.read(), STDIN_NAME)
        source = parse_source(text, STDIN_NAME, encoding)
    else:
        source = load_source(path)
        attach_records(source, path)
    return overlay(source, override_sources(overrides))


def overlay(source: Source, overrides: tuple[Source, ...]) -> Source:
    for override in overrides:
        source = merge(source, override)
    return source


def override_sources(overrides: tuple[str, ...]) -> tuple[Source, ...]:
    return tuple(override_source(o) for o in overrides)


def load_year_file(path: Path, overrides: tuple[str, ...] = (),
                   until: datetime.date | None = None) -> tuple[Source, YearFile]:
    """The one load path of render and validate; batch reads its base with year_source and
    lays each unit's row, then the same overrides, over it. `until` ends a summary's period."""
    source = year_source(path, overrides)
    return source, validate(source, until)


def override_source(override: str) -> Source:
    """`summary.date=2024-07-05` as a one-value Source; the value is read as YAML would."""
    key, sep, text = override.partition("=")
    keys = tuple(k.strip() for k in key.split("."))
    if not sep or not all(keys):
        raise InputError([Problem(f"--set {override}", "应写作 键路径=值，如 summary.date=2024-07-05")])
    value = parse_source(text, f"--set {override}").data if text.strip() else ""
    for part in reversed(keys):
        value = {part: value}
    return Source(name=f"--set {override}", data=value)


def render_document(year_file: YearFile, kind: Kind, templates: Path | None = None,
                    until: datetime.date | None = None) -> bytes:
    context = document_context(year_file, kind, until)
    blocks = parse_markup(render_markup(kind.name, context, templates))
    title = next((b.text for b in blocks if isinstance(b, Title)), "")
    info = DocumentInfo(title=title, author=context.signature,
                        date=getattr(year_file, kind.key).date)
    return write_docx(blocks, info)


def render_file(path: Path, output: Path | None, kind_name: str | None = None,
                templates: Path | None = None, until: datetime.date | None = None,
                overrides: tuple[str, ...] = ()) -> tuple[Source, Kind, Path]:
    """Render one kind of one year file; the output name is derived when not given."""
    source, year_file = load_year_file(path, overrides, until)
    kind = choose_kind(year_file, kind_name, source.name)
    target = output or default_output(path, kind)
    if not is_stdio(path) and not is_stdio(target) and target.resolve() == path.resolve():
        raise InputError([Problem(str(target), "输出文件与年度文件相同，会覆盖年度文件",
                                  hint="请用 -o 指定 .docx 文件")])
    write_atomically(target, render_document(year_file, kind, templates, until))
    return source, kind, target


def default_output(input_path: Path, kind: Kind) -> Path:
    """plan.yaml → plan.docx beside it (plan-协商计划.docx for other kinds); stdin → the
    kind's name in the current directory."""
    if is_stdio(input_path):
        return Path(f"{kind.label}.docx")
    suffix = "" if kind.name == "plan" else f"-{kind.label}"
    return input_path.with_name(f"{input_path.stem}{suffix}.docx")
