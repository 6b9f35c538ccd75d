"""The pipeline as functions of plain values: what the CLI and the tests call.

source → validate → context → templates → blocks → writer → output.
"""

import sys
from pathlib import Path

from .blocks import parse_markup
from .context import plan_context
from .model import YearFile
from .output import write_atomically
from .source import Source, load_source, parse_source, decode
from .templating import render_markup
from .validate import validate
from .writer import DocumentInfo, write_docx

KIND = "plan"


def read_source(path: Path) -> Source:
    if str(path) == "-":
        text, encoding = decode(sys.stdin.buffer.read(), "<标准输入>")
        return parse_source(text, "<标准输入>", encoding)
    return load_source(path)


def load_year_file(path: Path) -> tuple[Source, YearFile]:
    source = read_source(path)
    return source, validate(source)


def render_document(year_file: YearFile, templates: Path | None = None) -> bytes:
    context = plan_context(year_file)
    blocks = parse_markup(render_markup(KIND, context, templates))
    info = DocumentInfo(title=context.title, author=context.signature, date=year_file.plan.date)
    return write_docx(blocks, info)


def render_file(path: Path, output: Path, templates: Path | None = None) -> Source:
    source, year_file = load_year_file(path)
    write_atomically(output, render_document(year_file, templates))
    return source
