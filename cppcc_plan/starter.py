"""`init`: a year file to start from — a commented starter for a level and kind, or next
year's file made from this year's.

The starter's wording is templates/starter/year.yaml.j2; here is only what fills it in (the
level's words, a name, the year) and where the files go. Next year's file is this year's text
with edits at the places the YAML parser located, so every comment and line the clerk wrote
stays as it was.
"""

import csv
import datetime
import io
import re
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from .errors import InputError, Problem
from .glossary import TERMS
from .kinds import Kind
from .output import write_atomically
from .schema import SCHEMA_COMMENT, SCHEMA_FILE, schema_comment, schema_json
from .source import load_source, parse_source, read_text
from .templating import BUILTIN_DIR
from .vocabulary import LEVEL_WORDS, Level

STARTER_DIR = BUILTIN_DIR / "starter"       # beside common/, not a kind: never a document template
# The organisation a unit of each level usually has (seeds: 政协工作室, 政协联络组, 县政协).
BODIES = {Level.street: "政协工作室", Level.town: "政协联络组", Level.township: "政协联络组",
          Level.county: "政协", Level.district: "政协", Level.city: "政协"}
COMMITTEES = (Level.county, Level.district, Level.city)    # signed 政协××县委员会
NAME_RE = re.compile(r"[\w（）()·\-]+")
# The starter summary's records sheet: (date, term → value); dates in the starter's year.
SAMPLE_RECORDS = (
    ("03-12", {"type": "集中学习", "topic": "学习全国两会精神", "members": "all",
               "target": "委员集中学习"}),
    ("04-18", {"type": "视察", "topic": "视察重点项目建设情况", "members": 3,
               "problems": 5, "solved": 3, "target": "视察活动"}),
    ("05-20", {"type": "调研", "topic": "调研养老服务工作情况", "members": 3,
               "proposals": 1, "filed": 1, "answered": 1, "info": 2, "adopted": 1}),
    ("06-25", {"type": "集中学习", "topic": "学习人民政协理论", "members": "all",
               "target": "委员集中学习"}),
)
SHEET_SUFFIX = ".records.csv"           # found beside the year file (records.py)
SAMPLE_MEMBERS = ("王建华", "李秀英", "张志强", "刘海燕")


def starter_text(level: Level, kind: Kind, name: str, year: int, records: str) -> str:
    environment = Environment(loader=FileSystemLoader(str(STARTER_DIR)), undefined=StrictUndefined,
                              trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    full_name = f"政协{name}委员会" if level in COMMITTEES else None
    return environment.get_template("year.yaml.j2").render(
        unit_name=name, level=level.value, body=BODIES[level], full_name=full_name,
        short_body=level.value + BODIES[level] if level in COMMITTEES else BODIES[level], year=year,
        kind=kind, words=LEVEL_WORDS[level], schema=SCHEMA_FILE, records=records)


def records_sheet(year: int) -> bytes:
    """The starter summary's records as Excel saves a CSV (UTF-8 with a BOM)."""
    keys = list(TERMS)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([TERMS[key].columns[0] for key in keys])
    for day, values in SAMPLE_RECORDS:
        members = values["members"]
        row = {**values, "date": f"{year}-{day}",
               "members": "、".join(SAMPLE_MEMBERS if members == "all" else
                                    SAMPLE_MEMBERS[:members])}
        writer.writerow([row.get(key, "") for key in keys])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def write_starter(level: Level, kind: Kind, name: str | None, year: int | None,
                  output: Path | None) -> list[Path]:
    """The starter year file, the schema beside it, and for a summary its records sheet."""
    year = year or datetime.date.today().year
    name = name or f"某某{level.value}"
    if not NAME_RE.fullmatch(name):
        raise InputError([Problem(f"--name {name}", "单位名称只能写文字、数字和括号")])
    target = output or Path(f"{year}年{kind.label}.yaml")
    refuse_existing(target)
    written = [target]
    sheet = target.with_name(target.stem + SHEET_SUFFIX) if kind.name == "summary" else None
    if sheet is not None:
        refuse_existing(sheet)
    write_atomically(target, starter_text(level, kind, name, year,
                                          sheet.name if sheet else "").encode("utf-8"))
    if sheet is not None:
        write_atomically(sheet, records_sheet(year))
        written.append(sheet)
    written.append(write_schema_beside(target))
    return written


def write_schema_beside(target: Path) -> Path:
    """Regenerated every time: it is made from the model, never edited."""
    path = target.with_name(SCHEMA_FILE)
    write_atomically(path, schema_json().encode("utf-8"))
    return path


def refuse_existing(path: Path) -> None:
    if path.exists():
        raise InputError([Problem(str(path), "文件已存在，不覆盖",
                                  hint="请用 -o 指定另一个文件名，或先把原文件改名")])


@dataclass(frozen=True)
class NextYear:
    path: Path
    year: int
    old_year_lines: tuple[tuple[int, str], ...]    # (line, text) still naming the old year


# Blocks of last year that next year's file starts without: what was done, and its summary.
EMPTIED = ("records", "summary")


def next_year(previous: Path, year: int | None, output: Path | None) -> NextYear:
    source = load_source(previous)
    old = source.data.get("year") if isinstance(source.data, dict) else None
    if not isinstance(old, int):
        raise InputError([source.problem(("year",), "上一年度的文件里没有写明年度（year:）")])
    new = year or old + 1
    lines = source_text(previous).splitlines(keepends=True)
    edits = [(source.positions[("year",)], str(old), str(new))]
    edits += [(source.positions[path], text_of(value), text_of(moved(value, new - old)))
              for path, value in dates_in(source.data, ()) if path[0] not in EMPTIED]
    for (line, column), before, after in sorted(edits, reverse=True):
        text = lines[line - 1]
        start = column - 1
        if text[start:start + len(before)] == before:
            lines[line - 1] = text[:start] + after + text[start + len(before):]
    lines = without_blocks(lines, source, EMPTIED)
    if not lines or not lines[0].startswith(SCHEMA_COMMENT):
        lines.insert(0, schema_comment(SCHEMA_FILE))
    text = "".join(lines)
    parse_source(text, str(previous))            # still YAML: the edits kept its structure
    target = output or next_name(previous, old, new)
    if target.resolve() == previous.resolve():
        raise InputError([Problem(str(target), "输出文件与上一年度的文件相同",
                                  hint="请用 -o 指定新文件名")])
    refuse_existing(target)
    write_atomically(target, text.encode("utf-8"))
    write_schema_beside(target)
    stale = tuple((number, line.strip()) for number, line in enumerate(text.splitlines(), 1)
                  if str(old) in line and not line.startswith(SCHEMA_COMMENT))
    return NextYear(target, new, stale)


def source_text(path: Path) -> str:
    return read_text(path, str(path))[0]


def dates_in(node, path: tuple):
    if isinstance(node, dict):
        for key, value in node.items():
            yield from dates_in(value, path + (key,))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from dates_in(value, path + (index,))
    elif isinstance(node, datetime.date):
        yield path, node


def text_of(day: datetime.date) -> str:
    return day.isoformat()


def moved(day: datetime.date, years: int) -> datetime.date:
    """The same day so many years on; 29 February becomes the 28th in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def without_blocks(lines: list[str], source, keys: tuple[str, ...]) -> list[str]:
    """lines without the top-level blocks of these keys, each with the comment lines
    directly above it."""
    starts = sorted((where[0], path[0]) for path, where in source.key_positions.items()
                    if len(path) == 1)
    drop = set()
    for index, (line, key) in enumerate(starts):
        if key not in keys:
            continue
        end = starts[index + 1][0] if index + 1 < len(starts) else len(lines) + 1
        first = comment_start(lines, line)
        last = comment_start(lines, end) if end <= len(lines) else end
        drop.update(range(first, last))
    return [text for number, text in enumerate(lines, 1) if number not in drop]


def comment_start(lines: list[str], line: int) -> int:
    """The first of the comment lines directly above line (1-based), or line itself."""
    while line > 1 and lines[line - 2].lstrip().startswith("#"):
        line -= 1
    return line


def next_name(previous: Path, old: int, new: int) -> Path:
    if str(old) in previous.stem:
        return previous.with_name(previous.name.replace(str(old), str(new)))
    return previous.with_name(f"{previous.stem}-{new}{previous.suffix}")
