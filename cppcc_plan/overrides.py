"""`--set key.path=value`: one value of the year file replaced from the command line.

The path is written as messages write it (source.format_path): keys joined by dots, list
items by their position counted from 1 — `plan.sections[5].title=加强自身建设` sets the title of
the fifth section. A value is read as YAML would read it, so `year=2025` is a number and
`plan.date=2025-01-10` a date.
"""

import re
from dataclasses import dataclass

from .errors import InputError, Problem
from .source import Source, format_path, parse_source

KEY = r"[^.\[\]=]+"
PATH_RE = re.compile(rf"{KEY}(\[\s*\d+\s*\])*(\.{KEY}(\[\s*\d+\s*\])*)*")
PART_RE = re.compile(rf"({KEY})|\[\s*(\d+)\s*\]")
EXAMPLE = "如 summary.date=2024-07-05、plan.sections[2].title=新的标题"


@dataclass(frozen=True)
class Override:
    path: tuple                  # keys and 0-based list indices
    value: Source                # the value, located at the --set argument


def parse_override(text: str) -> Override:
    key, sep, value_text = text.partition("=")
    name = f"--set {text}"
    path = parse_path(key.strip(), name) if sep else None
    if not path:
        raise InputError([Problem(name, f"应写作 键路径=值，{EXAMPLE}")])
    value = parse_source(value_text, name).data if value_text.strip() else ""
    return Override(path, Source(name=name, data=value))


def parse_path(key: str, name: str) -> tuple | None:
    """'plan.sections[5].title' → ('plan', 'sections', 4, 'title'); None when malformed."""
    if not PATH_RE.fullmatch(key):
        return None
    parts = []
    for word, index in PART_RE.findall(key):
        if word:
            parts.append(word.strip())
        elif int(index) < 1:
            raise InputError([Problem(name, f"列表位置从 1 数起，这里写的是 [{index}]",
                                      hint=EXAMPLE)])
        else:
            parts.append(int(index) - 1)
    return tuple(parts) if all(p != "" for p in parts) else None


def apply_override(source: Source, override: Override) -> Source:
    """source with the value at override.path replaced; problems in the new value name the
    --set argument, every other value keeps its place in the file."""
    data = set_at(source.data, override.path, override.value.data, override, ())
    result = Source(source.name, data, source.encoding, source.positions, source.key_positions)
    result.attach(override.path, override.value)
    for prefix, part in source.parts.items():
        result.attach(prefix, part)
    return result


def set_at(node, path: tuple, value, override: Override, done: tuple):
    """A copy of node with value at path; mappings on the way are made when missing, list
    items must exist."""
    if not path:
        return value
    head, rest = path[0], path[1:]
    here = done + (head,)
    if isinstance(head, int):
        if not isinstance(node, list):
            raise refused(override, f"{format_path(done)} 不是列表，不能用 [{head + 1}] 指定其中一项")
        if head >= len(node):
            raise refused(override, f"{format_path(done)} 只有 {len(node)} 项，没有第 {head + 1} 项")
        copy = list(node)
        copy[head] = set_at(node[head], rest, value, override, here)
        return copy
    if node is None:
        node = {}
    if not isinstance(node, dict):
        raise refused(override, f"{format_path(done)} 不是键值对，不能在其中设置 “{head}”")
    copy = dict(node)
    copy[head] = set_at(node.get(head), rest, value, override, here)
    return copy


def refused(override: Override, message: str) -> InputError:
    return InputError([Problem(override.value.name, message)])
