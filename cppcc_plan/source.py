"""Read a year file: bytes → text → YAML nodes → plain data, keeping where every value stood.

Only safe YAML: scalars are built by PyYAML's SafeConstructor, one at a time, so a bad date or
a `!!python/...` tag is reported at its own line; aliases are followed with a budget, so an
alias-expansion bomb is refused instead of exhausting memory.
"""

from dataclasses import dataclass, field
from pathlib import Path

import yaml
from yaml.constructor import ConstructorError
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from .errors import InputError, Problem
from .yamlmessages import syntax_problem

# More values than any year file has; a billion-laughs file reaches it in microseconds.
MAX_VALUES = 200_000
MAP_TAG = "tag:yaml.org,2002:map"
SEQ_TAG = "tag:yaml.org,2002:seq"

Path_ = tuple  # a YAML path: keys (str) and list indices (int)


def format_path(path: Path_, data=None) -> str:
    """('plan', 'sections', 4, 'lead') → plan.sections[5].lead: list positions counted from 1,
    as a clerk counts the items of a list (and as --set takes them). Given the data, the last
    list item in the path is named by its title, lead, name or topic:
    plan.sections[5]（“加强组织领导”）.lead."""
    out, node, named = "", data, ""
    last_index = max((i for i, part in enumerate(path) if isinstance(part, int)), default=-1)
    for i, part in enumerate(path):
        node = child_of(node, part)
        if isinstance(part, int):
            out += f"[{part + 1}]"
            if i == last_index and (named := item_name(node)):
                out += f"（“{named}”）"
        else:
            out += f".{part}" if out else str(part)
    return out


NAME_KEYS = ("title", "lead", "name", "topic", "id")
NAME_LENGTH = 12


def child_of(node, part):
    if isinstance(node, dict):
        return node.get(part)
    if isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
        return node[part]
    return None


def item_name(item) -> str:
    """A list item's own words, short enough for a message line."""
    if isinstance(item, dict):
        item = next((item[k] for k in NAME_KEYS if isinstance(item.get(k), str)), None)
    if not isinstance(item, str) or not item.strip():
        return ""
    text = " ".join(item.split())
    return text if len(text) <= NAME_LENGTH else text[:NAME_LENGTH] + "…"


@dataclass
class Source:
    """A loaded YAML file: its data and the position of every value (and of every key)."""

    name: str
    data: object
    encoding: str = "UTF-8"
    positions: dict = field(default_factory=dict)      # path → (line, column), 1-based
    key_positions: dict = field(default_factory=dict)  # path of a mapping entry → its key
    parts: dict = field(default_factory=dict)          # path prefix → Source that supplied it

    def attach(self, prefix: Path_, part: "Source") -> None:
        """Values under prefix came from another file (a records sheet): report them there."""
        self.parts[tuple(prefix)] = part

    def where(self, path: Path_, at_key: bool = False) -> dict:
        """line/column of the value (or its key) at path, else of its nearest ancestor."""
        if not self.positions:
            return {}            # a value given on the command line has no line to point at
        table = self.key_positions if at_key else self.positions
        probe = tuple(path)
        while probe:
            if probe in table:
                line, column = table[probe]
                return {"line": line, "column": column}
            probe, table = probe[:-1], self.positions
        line, column = self.positions.get((), (1, 1))
        return {"line": line, "column": column}

    def problem(self, path: Path_, message: str, at_key: bool = False, hint: str = "") -> Problem:
        for prefix, part in self.parts.items():
            if tuple(path[:len(prefix)]) == prefix:
                return Problem(file=part.name, message=message,
                               yaml_path=format_path(path, self.data),
                               hint=hint, **part.where(tuple(path[len(prefix):]), at_key))
        return Problem(file=self.name, message=message, yaml_path=format_path(path, self.data),
                       hint=hint, **self.where(path, at_key))


def read_text(path: Path, name: str) -> tuple[str, str]:
    """The file's text and its encoding. Windows editors save UTF-8 with a BOM, and older ones
    GBK: both are read; anything else is refused with the way to convert it."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InputError([Problem(name, "找不到这个文件，请检查文件名和所在目录")]) from None
    except IsADirectoryError:
        raise InputError([Problem(name, "这是一个目录，不是 YAML 文件")]) from None
    except OSError as exc:
        raise InputError([Problem(name, f"无法读取文件：{exc.strerror}")]) from None
    return decode(raw, name)


def decode(raw: bytes, name: str) -> tuple[str, str]:
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    elif raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16"), "UTF-16"
        except UnicodeDecodeError:
            pass
    if b"\x00" in raw:
        raise InputError([Problem(name, "这不是文本文件（含有二进制内容），请指定 YAML 格式的年度文件")])
    try:
        return raw.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError as exc:
        utf8_error = exc
    try:
        return raw.decode("gbk"), "GBK"
    except UnicodeDecodeError:
        pass
    line = raw[:utf8_error.start].count(b"\n") + 1
    raise InputError([Problem(name, "文件既不是 UTF-8 编码也不是 GBK 编码，无法读取", line=line,
                              hint="请在记事本或 WPS 中“另存为”，编码选择 UTF-8")])


def load_source(path: Path, name: str | None = None) -> Source:
    name = name or str(path)
    text, encoding = read_text(path, name)
    return parse_source(text, name, encoding)


def parse_source(text: str, name: str, encoding: str = "UTF-8") -> Source:
    loader = yaml.SafeLoader(text)
    try:
        try:
            node = loader.get_single_node()
        except yaml.MarkedYAMLError as exc:
            raise InputError([syntax_problem(exc, name, text)]) from None
        except yaml.YAMLError as exc:
            raise InputError([Problem(name, f"YAML 格式错误：{exc}")]) from None
        if node is None:
            raise InputError([Problem(name, "文件是空的：至少要写 unit 和 year",
                                      line=1, column=1)])
        source = Source(name=name, data=None, encoding=encoding)
        source.data = Builder(loader, source).build(node, ())
    finally:
        loader.dispose()
    return source


class Builder:
    """Turns composed nodes into dicts, lists and scalars, recording positions."""

    def __init__(self, loader: yaml.SafeLoader, source: Source):
        self.loader = loader
        self.source = source
        self.values = 0

    def fail(self, node, path, message: str, hint: str = "") -> InputError:
        return InputError([Problem(self.source.name, message, line=node.start_mark.line + 1,
                                   column=node.start_mark.column + 1,
                                   yaml_path=format_path(path), hint=hint)])

    def build(self, node, path: Path_):
        self.values += 1
        if self.values > MAX_VALUES:
            raise self.fail(node, path, f"别名（&锚点 / *引用）展开后的内容超过 {MAX_VALUES} 项，"
                            "文件已被拒绝", hint="请不要用层层引用的别名构造超大内容")
        self.source.positions.setdefault(path, (node.start_mark.line + 1,
                                                node.start_mark.column + 1))
        if isinstance(node, ScalarNode):
            return self.scalar(node, path)
        if isinstance(node, SequenceNode):
            self.check_tag(node, path, SEQ_TAG)
            return [self.build(child, path + (i,)) for i, child in enumerate(node.value)]
        self.check_tag(node, path, MAP_TAG)
        return self.mapping(node, path)

    def check_tag(self, node, path, expected: str) -> None:
        if node.tag != expected:
            raise self.fail(node, path, f"不支持的 YAML 标签 “{node.tag}”",
                            hint="年度文件只能写普通的文字、数字、日期、列表和键值")

    def scalar(self, node: ScalarNode, path: Path_):
        try:
            return self.loader.construct_object(node, deep=True)
        except ConstructorError as exc:
            if node.tag.startswith("tag:yaml.org,2002:python/") or not node.tag.startswith(
                    "tag:yaml.org,2002:"):
                raise self.fail(node, path, f"不支持的 YAML 标签 “{node.tag}”",
                                hint="年度文件只能写普通的文字、数字、日期、列表和键值") from None
            raise self.fail(node, path, f"无法识别的值 “{node.value}”：{exc.problem}") from None
        except ValueError:
            raise self.fail(node, path, f"“{node.value}” 不是有效的日期或数值",
                            hint="日期写作 2024-01-15") from None

    def mapping(self, node: MappingNode, path: Path_) -> dict:
        try:
            self.loader.flatten_mapping(node)
        except ConstructorError as exc:
            raise self.fail(node, path, f"合并键 “<<” 用法错误：{exc.problem}") from None
        out = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                raise self.fail(key_node, path, "键必须是简单的文字")
            key = str(key_node.value)
            child = path + (key,)
            if key in out:
                first = self.source.key_positions[child][0]
                raise self.fail(key_node, child, f"键 “{key}” 重复出现（第一次在第 {first} 行）",
                                hint="同一层级的键只能写一次")
            self.source.key_positions[child] = (key_node.start_mark.line + 1,
                                                key_node.start_mark.column + 1)
            out[key] = self.build(value_node, child)
        return out
