"""Read the table of units for a batch: what each unit changes in the base year file.

A county office keeps it as a YAML list, a folder of YAML files, a CSV or an Excel workbook.
Every form becomes the same plain value: for each unit, a Source holding only its changes,
keyed like a year file, with the place of every value (and of every key), so that a problem
found later names the row or cell the clerk must change.

In a table, a column header is a YAML path (`unit.name`, `plan.date`) or one of the Chinese
names below; an empty cell changes nothing. Cells stay as written: the model converts "2024"
to a year and "2024-01-15" to a date, and says so at the cell when it cannot.
"""

import datetime
import difflib
import re
import typing
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import yaml
from yaml.constructor import SafeConstructor

from .errors import InputError, Problem
from .sheets import SHEET_SUFFIXES, open_sheet
from .source import Source, load_source, read_text, shifted
from .validate import model_at

# Column names a clerk may use instead of the YAML path (the words of the README's table).
ALIASES = {
    "单位名称": "unit.name", "层级": "unit.level", "政协组织": "unit.body",
    "正式名称": "unit.full_name", "所在党委": "unit.party_committee",
    "上级政协": "unit.parent_committee", "年度": "year", "标题": "plan.title",
    "主送机关": "plan.addressee", "署名": "plan.signature", "成文日期": "plan.date",
    "机关代字": "plan.issuance.code", "发文顺序号": "plan.issuance.number",
}
YAML_SUFFIXES = (".yaml", ".yml")
PLAIN_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class UnitEntry:
    origin: str         # the row, list item or file that describes the unit: units.csv:5
    source: Source      # the unit's changes, positioned in the file they came from


@dataclass(frozen=True)
class UnitFile:
    """A unit's own file in a folder of units, read only when the unit is rendered (in a
    worker process, so that parsing many large files runs in parallel)."""

    path: Path

    @property
    def origin(self) -> str:
        return str(self.path)

    @property
    def source(self) -> Source:
        source = load_source(self.path)
        if not isinstance(source.data, dict):
            raise InputError([source.problem((), "单位文件的最外层应为键值对（unit:、plan: 等）")])
        return source

    def naming_data(self) -> dict | None:
        """What naming the unit's files needs, from the file's YAML events (libyaml's parser
        when it is installed), nothing else built: unit.name, year, and the other top-level
        keys (True, or None for an empty one). None if the file cannot be read; `source` then
        says why, when the unit is rendered."""
        try:
            text = read_text(self.path, self.origin)[0]
            return scanned_names(text) or names_from(yaml.parse(text, Loader=PLAIN_LOADER))
        except (InputError, yaml.YAMLError, RecursionError, ValueError, TypeError):
            return None


# A line whose value begins with a quote that does not close on it, a bracket, an anchor, an
# alias or a tag: a quoted or flow value may run on over lines that start at column 0, which a
# scan by lines cannot follow. A line of its own may begin with a placeholder ({年度}是…): a
# flow mapping is never followed by more text, so such a line is the rest of a text.
OPEN_QUOTE = r"""(?:"(?!(?:[^"\\\n]|\\.)*" *(?:#.*)?$)|'(?!(?:[^'\n]|'')*' *(?:#.*)?$))"""
VALUE_START = re.compile(
    rf"""^ *(?:(?:[-?] +)*[^\s#"'\[{{&*!][^\n#]*?: +|(?:[-?] +)+)(?:{OPEN_QUOTE}|[\[{{&*!%@`])"""
    rf"""|^ *(?:{OPEN_QUOTE}|[\[&*!%@`]|\{{(?![^{{}}\n]*\}}[^\s,:#\]}}]))""", re.M)
INDICATORS = "\"'[{&*!%@`"
# One pass finds both the lines to match against VALUE_START (an indicator on them) and what
# the scan leaves to the events: any character but the printable ones less the indicators, so
# tabs, the line breaks YAML knows beyond LF (CR, NEL, LS, PS) and what YAML cannot read.
SPECIAL = re.compile(r"[^\n\x20\x23\x24\x28\x29\x2b-\x3f\x41-\x5a\x5c-\x5f\x61-\x7a\x7c-\x7e"
                     r"\xa0-\u2027\u202a-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def scannable(text: str) -> bool:
    """No character the scan leaves to the events, and no line that begins a value
    VALUE_START stops at (only the lines holding an indicator are matched against it: one
    pattern over the whole text is slower)."""
    checked = -1
    for hit in SPECIAL.finditer(text):
        if hit.group() not in INDICATORS:
            return False
        start = text.rfind("\n", 0, hit.start()) + 1
        if start == checked:
            continue
        checked = start
        end = text.find("\n", hit.end())
        if VALUE_START.match(text, start, len(text) if end < 0 else end):
            return False
    return True


TOP_KEY = re.compile(r"([A-Za-z_][A-Za-z0-9_]*):(?: +(.*))?")


def scanned_names(text: str) -> dict | None:
    """What names_from gives, read from the lines of a file in the block style year files are
    written in (top-level keys at column 0, year and unit.name plain values on their own
    lines); None for anything else (quotes, brackets, aliases, tabs, control characters, a
    value on the next line), which names_from then reads from YAML's events. The full read
    checks the names again when the unit is rendered. Patterns find the lines, so that the
    lines under each key are not visited one by one."""
    # every line follows a line break, the first too: TOP_LINE then begins with one, which
    # the pattern engine looks for quickly, not with a ^ it would try at every character
    text = "\n" + text.replace("\r\n", "\n")
    if not scannable(text):
        return None
    tops = list(TOP_LINE.finditer(text))
    if not tops or CONTENT_LINE.search(text).start() != tops[0].start(1):
        return None                             # the file does not begin at column 0
    data = {}
    for n, top in enumerate(tops):
        match = TOP_KEY.fullmatch(top.group(1))
        if not match or match.group(1) in data:
            return None
        key, value = match.group(1), plain(match.group(2))
        end = tops[n + 1].start(1) if n + 1 < len(tops) else len(text)
        below = INDENTED_LINE.search(text, top.end(), end)   # the first line under the key
        if key == "unit" and not value:
            found = unit_names(text[top.end():end]) if below else None
        elif not value:
            # a mapping or a list below (a text there, or `~`, the scan does not read)
            found = None if not below else True if key != "year" and STARTS_BLOCK.match(
                below.group()) else SCAN_FAILED
        else:
            scalar = plain_scalar(value)
            if below and (key in ("year", "unit") or scalar is None):
                scalar = SCAN_FAILED            # a text that goes on over lines
            found = scalar if key in ("year", "unit") or scalar in (None, SCAN_FAILED) \
                else True
        if found is SCAN_FAILED:
            return None
        data[key] = found
    return data


TOP_LINE = re.compile(r"\n([^ #\n].*)")                  # a line at column 0, not a comment
CONTENT_LINE = re.compile(r"^ *[^ #\n]", re.M)          # a line that is not blank or a comment
INDENTED_LINE = re.compile(r"^ +[^ #\n].*", re.M)
SCAN_FAILED = object()
STARTS_BLOCK = re.compile(r" +(?:-(?: |$)|[^ :][^:]*:(?: |$))")


def unit_names(block: str):
    """The unit mapping's name, from the lines under `unit:`; SCAN_FAILED if it is not one
    the scan reads."""
    lines = [line for line in block.split("\n") if line.strip() and
             not line.lstrip().startswith("#")]
    indent = len(lines[0]) - len(lines[0].lstrip(" "))
    names, name_at = {}, None
    for n, line in enumerate(lines):
        depth = len(line) - len(line.lstrip(" "))
        if depth < indent:
            return SCAN_FAILED
        if depth > indent:
            if name_at is not None and n == name_at + 1:
                return SCAN_FAILED              # name: goes on over lines, or holds a list
            continue
        match = TOP_KEY.fullmatch(line[indent:])
        if not match or match.group(1) in names:
            return SCAN_FAILED
        value = plain(match.group(2))
        names[match.group(1)] = value
        if match.group(1) == "name":
            if not value:
                return SCAN_FAILED
            name_at = n
    if "name" not in names:
        return {}
    name = plain_scalar(names["name"])
    return name if name is SCAN_FAILED else {"name": name}


def plain(value: str | None) -> str:
    """A plain value without its comment."""
    value = (value or "").strip()
    return "" if value.startswith("#") else value.split(" #")[0].rstrip()


def plain_scalar(value: str):
    """A plain scalar built as YAML builds it; SCAN_FAILED for what is not one."""
    if ": " in value or value.endswith(":") or value[0] in "-?|>" + INDICATORS:
        return SCAN_FAILED
    tag = RESOLVER.resolve(yaml.ScalarNode, value, (True, False))
    construct = SafeConstructor.yaml_constructors.get(tag)
    if construct is None:
        return SCAN_FAILED
    # called directly: construct_object would keep every node it built
    return construct(CONSTRUCTOR, yaml.ScalarNode(tag, value))


RESOLVER = yaml.resolver.Resolver()
CONSTRUCTOR = SafeConstructor()


def names_from(events) -> dict | None:
    """The top-level mapping's keys, with year and unit.name built as YAML builds them; every
    other value is skipped over, event by event."""
    build = yaml.constructor.SafeConstructor().construct_object
    resolve = yaml.resolver.Resolver().resolve

    def value(event):
        if isinstance(event, yaml.AliasEvent):
            return True
        tag = event.tag if event.tag not in (None, "!") else \
            resolve(yaml.ScalarNode, event.value, event.implicit)
        return build(yaml.ScalarNode(tag, event.value, style=event.style))

    data, depth, key, unit_key, in_unit = {}, 0, None, None, False
    expecting_key = expecting_unit_key = True
    for event in events:
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            mapping = isinstance(event, yaml.MappingStartEvent)
            if depth == 0 and not mapping or depth == 1 and expecting_key:
                return None                   # not a mapping, or a key that is not a text
            if depth == 1:
                data[key] = {} if key == "unit" and mapping else True
                in_unit, expecting_unit_key = key == "unit" and mapping, True
            depth += 1
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1
            if depth == 1:
                expecting_key, in_unit = True, False
            elif depth == 2 and in_unit:
                expecting_unit_key = True
        elif isinstance(event, (yaml.ScalarEvent, yaml.AliasEvent)):
            if depth == 1 and expecting_key:
                key, expecting_key = value(event), False
            elif depth == 1:
                scalar = value(event)
                data[key] = scalar if key in ("year", "unit") or scalar is None else True
                expecting_key = True
            elif depth == 2 and in_unit and expecting_unit_key:
                unit_key, expecting_unit_key = value(event), False
            elif depth == 2 and in_unit:
                if unit_key == "name":
                    data["unit"]["name"] = value(event)
                expecting_unit_key = True
    return data


@dataclass(frozen=True)
class UnitTable:
    """A units file, read again on every pass over its units (a batch makes two), so that
    no pass holds every unit: a table of every township of the country costs no memory."""

    name: str
    path: Path
    count: int                  # units in the table
    listed: Source | None       # a YAML list, held whole: it is one document

    def entries(self) -> Iterator[UnitEntry | UnitFile]:
        if self.listed is not None:
            return yaml_list_entries(self.listed)
        if self.path.is_dir():
            return folder_entries(self.path)
        return sheet_entries(*open_sheet(self.path))


def read_units(path: Path) -> UnitTable:
    """The table, checked through once: every problem of the file itself (a header, a cell
    without a column, a list item that is not a mapping) is found here, before any unit is
    planned."""
    suffix = path.suffix.lower()
    if not path.exists():
        raise InputError([Problem(str(path), "找不到这个文件，请检查文件名和所在目录")])
    listed = None
    if path.is_dir():
        pass
    elif suffix in YAML_SUFFIXES:
        listed = load_source(path)
    elif suffix not in SHEET_SUFFIXES:
        hint = "旧的 .xls 工作簿请在 Excel 或 WPS 中另存为 .xlsx" if suffix == ".xls" else \
            "单位表可以是 YAML 列表（.yaml）、CSV（.csv）、Excel 工作簿（.xlsx）或 YAML 文件的目录"
        raise InputError([Problem(str(path), "不支持的单位表格式", hint=hint)])
    table = UnitTable(str(path), path, 0, listed)
    count = sum(1 for _ in table.entries())
    if not count:
        raise InputError([Problem(str(path), "单位表中没有任何单位")])
    return UnitTable(table.name, path, count, listed)


# --- YAML: a list of partial year files, or a folder of them --------------------------------

def yaml_list_entries(source: Source) -> Iterator[UnitEntry]:
    if not isinstance(source.data, list):
        raise InputError([source.problem((), "单位表应为列表：每个单位一项，以“- ”开头，"
                                         "写出与基础文件不同的键，如 unit: {name: 北辛街道}")])
    for i, item in enumerate(source.data):
        if not isinstance(item, dict):
            raise InputError([source.problem((i,), "每个单位应为键值对（unit:、plan: 等）")])
        part = Source(source.name, item, source.encoding, shifted(source.positions, (i,)),
                      shifted(source.key_positions, (i,)))
        yield UnitEntry(f"{source.name}:{source.positions[(i,)][0]}", part)


def folder_entries(folder: Path) -> Iterator[UnitFile]:
    """Every *.yaml in the folder, in name order, one unit each."""
    for path in sorted(p for p in folder.iterdir() if p.suffix.lower() in YAML_SUFFIXES):
        yield UnitFile(path)


# --- Tables: CSV and Excel --------------------------------------------------------------------

def sheet_entries(name: str, header: tuple[str, ...],
                  rows: Iterator[tuple[int, tuple]]) -> Iterator[UnitEntry]:
    columns = [column_path(name, i, title) if title else None for i, title in enumerate(header)]
    repeated = [title for i, title in enumerate(header) if columns[i] and columns[i] in columns[:i]]
    if repeated:
        raise InputError([Problem(name, f"列 “{repeated[0]}” 重复", line=1,
                                  column=header.index(repeated[0]) + 1)])
    for line, cells in rows:
        yield row_entry(name, line, cells, columns)


def column_path(sheet: str, index: int, title: str) -> tuple:
    """unit.name → ('unit', 'name'), checked against the year file's keys, so that a typo in
    a header is reported once, at its cell, before any unit is rendered."""
    def bad(message: str, hint: str = "") -> InputError:
        return InputError([Problem(sheet, message, line=1, column=index + 1, hint=hint)])
    path = tuple(ALIASES.get(title, title).split("."))
    for i, key in enumerate(path):
        if not key:
            raise bad(f"列名 “{title}” 不是 YAML 路径", "写作 unit.name、plan.date 这样用点分隔的键")
        parent = model_at(path[:i])
        if parent is None:
            raise bad(f"列名 “{title}”：{'.'.join(path[:i])} 不是键值对，其下不能再写键")
        if key not in parent.model_fields:
            allowed = sorted(parent.model_fields)
            close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.5)
            raise bad(f"列名 “{title}” 中有未知的键 “{key}”",
                      f"是否想写 “{'.'.join(path[:i] + (close[0],))}”？" if close else
                      "可用的键：" + "、".join(allowed))
    inner = model_at(path)
    if inner is not None:          # found by the fuzz test: `unit` beside `unit.level`
        raise bad(f"列名 “{title}” 是一组键，一格写不下",
                  f"写到其中的一个键，如 “{title}.{next(iter(inner.model_fields))}”")
    return path


def row_entry(sheet: str, line: int, cells: tuple, columns: list[tuple | None]) -> UnitEntry:
    """One row as a Source: each cell's value at its column's path, placed at the cell, and
    the column's header as the place of its key."""
    data, positions, key_positions = {}, {(): (line, 1)}, {}
    for column, value in enumerate(cells):
        if value is None or value == "":
            continue
        path = columns[column] if column < len(columns) else None
        if path is None:
            raise InputError([Problem(sheet, "这一格有内容，所在的列却没有列名", line=line,
                                      column=column + 1, hint="在第一行写上列名，如 unit.name")])
        node = data
        for depth, key in enumerate(path[:-1], 1):
            node = node.setdefault(key, {})
            positions.setdefault(path[:depth], (line, column + 1))
        node[path[-1]] = as_field_type(value, path)
        positions[path] = (line, column + 1)
        key_positions[path] = (1, column + 1)
    return UnitEntry(f"{sheet}:{line}", Source(sheet, data, positions=positions,
                                               key_positions=key_positions))


def as_field_type(value, path: tuple):
    """A number or date typed into a workbook cell of a text column (a 单位名称 Excel took for
    a number) is that text; everything else is left for the model to convert and check."""
    if isinstance(value, (int, float)) and not isinstance(value, bool) \
            and not field_accepts(path, int, float):
        return str(value)
    if isinstance(value, datetime.date) and not field_accepts(path, datetime.date):
        return value.isoformat()
    return value


def field_accepts(path: tuple, *types: type) -> bool:
    annotation = model_at(path[:-1]).model_fields[path[-1]].annotation
    return bool(plain_types(annotation) & set(types))


def plain_types(annotation) -> set:
    """The classes a field annotation admits: int | None → {int, NoneType}."""
    if isinstance(annotation, type):
        return {annotation}
    return set().union(*(plain_types(arg) for arg in typing.get_args(annotation)))
