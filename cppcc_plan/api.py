"""The pipeline as functions of plain values: what the CLI and the tests call.

source → validate → context → templates → blocks → writer → output.
"""

import datetime
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from .blocks import Title, parse_markup
from .errors import InputError, Problem
from .context import document_context
from .kinds import Kind, choose_kind
from .limits import MAX_FILE_BYTES
from .model import YearFile
from .output import DEFAULT_FORMAT, FORMATS, is_stdio, write_document
from .records import attach_records
from .source import Source, decode, load_source, parse_source
from .templating import render_markup
from .validate import validate
from .docx.writer import DocumentInfo, write_docx

# --set and --letterhead bring their modules when given: a plain render needs neither.
if TYPE_CHECKING:
    from .docx.letterhead_file import LetterheadFile
    from .overrides import Override

STDIN_NAME = "<标准输入>"


def year_source(path: Path, overrides: tuple[str, ...] = ()) -> Source:
    """A year file as every command reads it: decoded whatever its encoding, with the records
    file beside it (plan.records.csv …) when there is one, and `--set key.path=value`
    overrides laid over it; every value keeps its place in the file it came from."""
    if is_stdio(path):
        text, encoding = decode(sys.stdin.buffer.read(MAX_FILE_BYTES + 1), STDIN_NAME)
        source = parse_source(text, STDIN_NAME, encoding)
    else:
        source = load_source(path)
        attach_records(source, path)
    return overlay(source, override_sources(overrides))


def overlay(source: Source, overrides: tuple["Override", ...]) -> Source:
    if not overrides:
        return source
    from .overrides import apply_override
    for override in overrides:
        source = apply_override(source, override)
    return source


def override_sources(overrides: tuple[str, ...]) -> tuple["Override", ...]:
    if not overrides:
        return ()
    from .overrides import parse_override
    return tuple(parse_override(o) for o in overrides)


def load_year_file(path: Path, overrides: tuple[str, ...] = (),
                   until: datetime.date | None = None) -> tuple[Source, YearFile]:
    """The one load path of render and validate; batch reads its base with year_source and
    lays each unit's row, then the same overrides, over it. `until` ends a summary's period."""
    source = year_source(path, overrides)
    return source, validate(source, until)


def output_format(output: Path | None, format_name: str | None) -> str:
    """The format asked for: --format, else the suffix of -o; a suffix that is none of ours is
    refused rather than given a .docx under another name."""
    if output is None or is_stdio(output):
        return format_name or DEFAULT_FORMAT
    suffix = output.suffix.lower().lstrip(".")
    if suffix not in FORMATS:
        known = "、".join(f".{f}" for f in FORMATS)
        raise InputError([Problem(str(output), f"不认识的输出格式“{output.suffix or '（无后缀）'}”",
                                  hint=f"输出文件的后缀应为 {known} 之一")])
    if format_name and format_name != suffix:
        raise InputError([Problem(str(output), f"--format {format_name} 与输出文件的后缀 "
                                  f"“{output.suffix}” 不一致", hint="二者写一个即可")])
    return suffix


def document_blocks(year_file: YearFile, kind: Kind, templates: Path | None = None,
                    until: datetime.date | None = None) -> tuple[list, DocumentInfo]:
    context = document_context(year_file, kind, until)
    blocks = parse_markup(render_markup(kind.name, context, templates))
    return blocks, document_info(year_file, kind, context, blocks)


def document_info(year_file: YearFile, kind: Kind, context, blocks: list) -> DocumentInfo:
    """The core properties of a document: its title, its author, its date."""
    title = next((b.text for b in blocks if isinstance(b, Title)), "")
    # an undated list is stamped with the first day of its year, so output stays reproducible
    date = getattr(year_file, kind.key).date or datetime.date(year_file.year, 1, 1)
    return DocumentInfo(title=title, author=context.signature or context.unit.full_name,
                        date=date)


def render_document(year_file: YearFile, kind: Kind, templates: Path | None = None,
                    until: datetime.date | None = None, format_name: str = DEFAULT_FORMAT,
                    letterhead: "LetterheadFile | None" = None) -> bytes:
    """One document as bytes in the format asked for; every format from the same blocks.
    letterhead: a unit's own letterhead file, whose first-page header a .docx (and its print)
    keeps; the text formats have no headers."""
    blocks, info = document_blocks(year_file, kind, templates, until)
    if format_name in ("md", "txt"):
        from .plaintext import markdown, plain_text   # here: a .docx needs neither
        return (markdown if format_name == "md" else plain_text)(blocks).encode("utf-8")
    document = write_docx(blocks, info, letterhead)
    if format_name == "pdf":
        from .preview import pdf_from_docx
        return pdf_from_docx(document, kind.name)
    return document


def render_file(path: Path, output: Path | None, kind_name: str | None = None,
                templates: Path | None = None, until: datetime.date | None = None,
                overrides: tuple[str, ...] = (), format_name: str | None = None,
                letterhead: Path | None = None, force: bool = False) -> tuple[Source, Kind, Path]:
    """Render one kind of one year file; the output name is derived when not given.
    letterhead: a unit's own letterhead .docx whose first-page header the document keeps. An
    existing output is replaced only when it is ours (see output.py), or with force."""
    chosen = output_format(output, format_name)
    head = None
    if letterhead is not None:
        from .docx.letterhead_file import read_letterhead
        head = read_letterhead(letterhead)
    source, year_file = load_year_file(path, overrides, until)
    kind = choose_kind(year_file, kind_name, source.name)
    target = output or default_output(path, kind, chosen)
    if not is_stdio(path) and not is_stdio(target) and target.resolve() == path.resolve():
        raise InputError([Problem(str(target), "输出文件与年度文件相同，会覆盖年度文件",
                                  hint="请用 -o 指定 .docx 文件")])
    write_document(target, render_document(year_file, kind, templates, until, chosen, head),
                   force)
    return source, kind, target


def preview_file(path: Path, out_dir: Path | None, kind_name: str | None = None,
                 templates: Path | None = None, overrides: tuple[str, ...] = ()
                 ) -> tuple[Source, Kind, list[Path]]:
    """PNG pages of one document, as LibreOffice prints it, in FILE-预览/ beside it."""
    source, year_file = load_year_file(path, overrides)
    kind = choose_kind(year_file, kind_name, source.name)
    pdf = render_document(year_file, kind, templates, None, "pdf")
    if out_dir is None:
        document = default_output(path, kind, DEFAULT_FORMAT)
        out_dir = document.with_name(f"{document.stem}-预览")
    from .preview import png_pages
    return source, kind, png_pages(pdf, out_dir)


def default_output(input_path: Path, kind: Kind, format_name: str = DEFAULT_FORMAT) -> Path:
    """plan.yaml → plan.docx beside it (plan-协商计划.docx for other kinds); stdin → the
    kind's name in the current directory."""
    if is_stdio(input_path):
        return Path(f"{kind.label}.{format_name}")
    suffix = "" if kind.name == "plan" else f"-{kind.label}"
    return input_path.with_name(f"{input_path.stem}{suffix}.{format_name}")
