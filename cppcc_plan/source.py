"""Read a year file: bytes → text → YAML nodes → plain data, keeping where every value stood.

Only safe YAML: scalars are built by PyYAML's SafeConstructor, one at a time, so a bad date or
a `!!python/...` tag is reported at its own line; aliases are followed with a budget, so an
alias-expansion bomb is refused instead of exhausting memory.
"""

import operator
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml
from yaml.composer import ComposerError
from yaml.constructor import ConstructorError
from yaml.events import (AliasEvent, DocumentEndEvent, DocumentStartEvent, MappingEndEvent,
                         MappingStartEvent, ScalarEvent, SequenceEndEvent, SequenceStartEvent,
                         StreamEndEvent, StreamStartEvent)
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from .errors import InputError, Problem
from .limits import (MAX_ALIASES, MAX_DEPTH, MAX_FILE_BYTES, MAX_NODES, MAX_TEXT_CHARS,
                     MAX_VALUES)
from .yamlmessages import syntax_problem

MAP_TAG = "tag:yaml.org,2002:map"
SEQ_TAG = "tag:yaml.org,2002:seq"
STR_TAG = "tag:yaml.org,2002:str"
MERGE_TAG = "tag:yaml.org,2002:merge"

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


class NodePositions(Mapping):
    """path → (line, column), 1-based, of every value under prefix (keys: of every mapping
    key, and () of the key holding what is under prefix), worked out from the nodes the first
    time one is asked for: most files are read, merged and rendered without a problem to
    place, and a 20 KB file has thousands of values. nodes gives the root node the Builder
    built from (merge keys flattened); for a text read from its events, it composes it then."""

    def __init__(self, nodes: Callable[[], object], keys: bool, prefix: Path_ = ()):
        self.nodes, self.of_keys, self.prefix = nodes, keys, prefix
        self.table: dict | None = None

    def __getitem__(self, path: Path_) -> tuple[int, int]:
        return self.filled()[path]

    def __iter__(self):
        return iter(self.filled())

    def __len__(self) -> int:
        return len(self.filled())

    def __reduce__(self):
        # to another process (a unit of a YAML list, to a worker): the positions, not the nodes
        return dict, (self.filled(),)

    def under(self, prefix: Path_) -> "NodePositions":
        """shifted(self, prefix), without reading what is not under it."""
        return NodePositions(self.nodes, self.of_keys, self.prefix + tuple(prefix))

    def filled(self) -> dict:
        if self.table is None:
            node, own_key = self.nodes(), None
            for part in self.prefix:
                node, own_key = entry_of(node, part)
            self.table = {(): own_key} if self.of_keys and own_key else {}
            pending = [((), node)] if node is not None else []
            while pending:
                path, node = pending.pop()
                if not self.of_keys:
                    self.table.setdefault(path, position(node))
                if isinstance(node, SequenceNode):
                    pending += ((path + (i,), child) for i, child in enumerate(node.value))
                elif isinstance(node, MappingNode):
                    for key_node, value_node in node.value:
                        child = path + (str(key_node.value),)
                        if self.of_keys:
                            self.table.setdefault(child, position(key_node))
                        pending.append((child, value_node))
        return self.table


def entry_of(node, part) -> tuple[object, tuple[int, int] | None]:
    """The node at part of a mapping or list node, and where its key stands; Nones if none."""
    if isinstance(node, MappingNode):
        for key_node, value_node in node.value:
            if str(key_node.value) == part:
                return value_node, position(key_node)
    elif isinstance(node, SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
        return node.value[part], None
    return None, None


def shifted(positions: Mapping, prefix: Path_) -> Mapping:
    """The positions under prefix, keyed from there."""
    if isinstance(positions, NodePositions):
        return positions.under(prefix)
    return {path[len(prefix):]: where for path, where in positions.items()
            if path[:len(prefix)] == prefix}


def position(node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


@dataclass
class Source:
    """A loaded YAML file: its data and the position of every value (and of every key)."""

    name: str
    data: object
    encoding: str = "UTF-8"
    positions: Mapping = field(default_factory=dict)      # path → (line, column), 1-based
    key_positions: Mapping = field(default_factory=dict)  # path of a mapping entry → its key
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
    """The file's text and its encoding. Windows editors save UTF-8 with a BOM, UTF-16, and
    older ones GBK: all are read; anything else is refused with the way to convert it."""
    return decode(read_bytes(path, name), name)


def read_bytes(path: Path, name: str) -> bytes:
    """The file's bytes, never more than the size limit (a file past it is not read at all)."""
    try:
        with path.open("rb") as stream:
            # a regular file in one read of its size (a read of the limit allocates 8 MB,
            # which costs more than reading a year file); a pipe or device up to the limit
            size = os.fstat(stream.fileno()).st_size
            if size > MAX_FILE_BYTES:
                raise too_large(name)
            raw = stream.read(size + 1 if size else MAX_FILE_BYTES + 1)
            if size and len(raw) > size:                # it grew since: the rest, to the limit
                raw += stream.read(MAX_FILE_BYTES + 1 - len(raw))
    except FileNotFoundError:
        raise InputError([Problem(name, "找不到这个文件，请检查文件名和所在目录")]) from None
    except IsADirectoryError:
        raise InputError([Problem(name, "这是一个目录，不是 YAML 文件")]) from None
    except OSError as exc:
        raise InputError([Problem(name, f"无法读取文件：{exc.strerror}")]) from None
    check_size(raw, name)
    return raw


def check_size(raw: bytes, name: str) -> None:
    if len(raw) > MAX_FILE_BYTES:
        raise too_large(name)


def too_large(name: str) -> InputError:
    return InputError([Problem(name, f"文件超过 {MAX_FILE_BYTES // 1024 // 1024} MB，"
                               "不像是一个单位的年度文件或表格，已拒绝",
                               hint="请检查是否选错了文件；确需更大的文件请拆分")])


BOMS = ((b"\xef\xbb\xbf", "utf-8", "UTF-8"), (b"\xff\xfe\x00\x00", "utf-32-le", "UTF-32"),
        (b"\x00\x00\xfe\xff", "utf-32-be", "UTF-32"), (b"\xff\xfe", "utf-16-le", "UTF-16"),
        (b"\xfe\xff", "utf-16-be", "UTF-16"))
TRIED = "UTF-8、UTF-16、UTF-32、GBK/GB18030"
SAVE_AS_UTF8 = "请在记事本或 WPS 中“另存为”，编码选择 UTF-8"
# Share of a GBK reading's Chinese that must be everyday characters (GB2312) for the file to
# be taken as GBK: real Chinese text is nearly all of them; Shift-JIS, EBCDIC or Latin-1 bytes
# read as GBK give rare characters.
GBK_EVERYDAY_SHARE = 0.8


def decode(raw: bytes, name: str) -> tuple[str, str]:
    """Bytes → text, trying in turn a BOM, UTF-32 and UTF-16 without one (their NUL bytes give
    them away), UTF-8, and GBK/GB18030 when the result reads as Chinese."""
    check_size(raw, name)
    for bom, codec, label in BOMS:
        if raw.startswith(bom):
            try:
                return raw[len(bom):].decode(codec), label
            except UnicodeDecodeError as exc:
                raise InputError([Problem(name, f"文件开头标明是 {label} 编码，但第 "
                                          f"{exc.start + len(bom)} 字节起的内容不是有效的 {label}",
                                          hint=SAVE_AS_UTF8)]) from None
    if b"\x00" in raw:
        text = wide_text(raw)
        if text is None:
            raise InputError([Problem(name, f"这不是文本文件（含有二进制内容）：已按 {TRIED} "
                                      "尝试读取")])
        return text
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        utf8_error = exc
    else:
        if b"\xc3" in raw:          # the lead byte of U+00C0–U+00FF, which such a text holds
            check_not_double_encoded(text, name)
        return text, "UTF-8"
    for codec, label in (("gbk", "GBK"), ("gb18030", "GB18030")):
        try:
            text = raw.decode(codec)
        except UnicodeDecodeError:
            continue
        if reads_as_chinese(text):
            return text, label
        break
    line = raw[:utf8_error.start].count(b"\n") + 1
    raise InputError([Problem(name, "文件既不是 UTF-8 编码也不是 GBK 编码，无法读取："
                              f"已按 {TRIED} 尝试，都读不出正常的中文", line=line, hint=SAVE_AS_UTF8)])


def wide_text(raw: bytes) -> tuple[str, str] | None:
    """UTF-32 or UTF-16 saved without a BOM: the byte order whose NUL bytes fall where ASCII
    characters put them."""
    candidates = []
    if len(raw) % 4 == 0:
        candidates += [(raw[2::4].count(0) + raw[3::4].count(0), "utf-32-le", "UTF-32"),
                       (raw[0::4].count(0) + raw[1::4].count(0), "utf-32-be", "UTF-32")]
    if len(raw) % 2 == 0:
        candidates += [(raw[1::2].count(0), "utf-16-le", "UTF-16"),
                       (raw[0::2].count(0), "utf-16-be", "UTF-16")]
    for _, codec, label in sorted(candidates, key=lambda c: -c[0]):
        try:
            text = raw.decode(codec)
        except UnicodeDecodeError:
            continue
        if "\x00" not in text:
            return text, label
    return None


def check_not_double_encoded(text: str, name: str) -> None:
    """UTF-8 read as Latin-1 or Windows-1252 and saved again as UTF-8 is still valid UTF-8,
    but every Chinese character has become two or three Western ones (æ”¿å��)."""
    if not re.search("[\u00c0-\u00ff][\u0080-\u00bf\u0152-\u2122]", text):
        return
    for codec in ("latin-1", "cp1252"):
        try:
            original = text.encode(codec).decode("utf-8")
        except UnicodeError:
            continue
        if re.search("[\u4e00-\u9fff]", original):
            raise InputError([Problem(name, f"文件被重复编码了：UTF-8 文字曾被当作 {codec} 读取后"
                                      "又存为 UTF-8，中文都变成了乱码（如 “{sample}”）".format(
                                          sample=text[:12].strip()),
                                      hint="请找到原始文件，或用编辑器按 UTF-8 重新打开后另存")])


def reads_as_chinese(text: str) -> bool:
    wide = [ch for ch in text if ord(ch) > 0x7F]
    if not wide:
        return True
    everyday = 0
    for ch in wide:
        try:
            ch.encode("gb2312")
            everyday += 1
        except UnicodeEncodeError:
            pass
    return everyday >= GBK_EVERYDAY_SHARE * len(wide)


# Characters neither YAML nor XML allows in text: C0 controls but tab and line ends, DEL and
# C1 controls but NEL, lone surrogates, U+FFFE and U+FFFF (YAML 1.1 §5.1, XML 1.0 §2.2).
NOT_PRINTABLE = re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd"
                           "\U00010000-\U0010ffff]")
# What XML alone refuses: the same less DEL and C1 (which a double-quoted "\x85" can give).
# Written as the characters refused, not as the complement of those allowed: the same set,
# compiled in a tenth of the time (a cold render pays it).
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")


def text_position(text: str, index: int) -> tuple[int, int]:
    """1-based line and column of text[index], lines ended as YAML ends them (CR, LF, CRLF)."""
    line, start = 1, 0
    for match in LINE_BREAK.finditer(text, 0, index):
        line, start = line + 1, match.end()
    return line, index - start + 1


def character_name(ch: str) -> str:
    return f"U+{ord(ch):04X}"


def check_printable(text: str, name: str) -> None:
    """Refuse the first character YAML cannot read, at its line and column."""
    match = NOT_PRINTABLE.search(text)
    if match:
        line, column = text_position(text, match.start())
        raise InputError([Problem(name, f"这里有一个不可见的控制字符 {character_name(match.group())}"
                                  "，年度文件和公文里都不能有", line=line, column=column,
                                  hint="多半是从网页或其他软件复制来的，删除它即可")])


def load_source(path: Path, name: str | None = None) -> Source:
    name = name or str(path)
    text, encoding = read_text(path, name)
    return parse_source(text, name, encoding)


class ScalarTags:
    """A scalar's tag as PyYAML's SafeLoader resolves it, found cheaply: libyaml's composer asks
    for every value's tag, and Resolver.resolve was a third of its time (measured). A quoted
    value, or a plain one no implicit resolver claims by its first character (为深入…), is a
    text; the rest (keys, numbers, dates, true) go to Resolver.resolve, each word once."""

    def resolve(self, kind, value, implicit):
        if kind is not ScalarNode:
            return super().resolve(kind, value, implicit)
        if not implicit[0] or value[:1] not in self.yaml_implicit_resolvers:
            return STR_TAG
        return plain_tag(value)

    # libyaml's composer calls these around every node for path resolvers, which a year file
    # never has: C callables that do nothing, instead of a Python call each (measured: 7% of
    # composing).
    descend_resolver = staticmethod(operator.is_)
    ascend_resolver = staticmethod(tuple)


class PureLoader(ScalarTags, yaml.SafeLoader):
    pass


assert None not in PureLoader.yaml_implicit_resolvers and not PureLoader.yaml_path_resolvers


RESOLVER = yaml.SafeLoader("")


@lru_cache(maxsize=4096)
def plain_tag(value: str) -> str:
    return yaml.SafeLoader.resolve(RESOLVER, ScalarNode, value, (True, False))

# libyaml's parser where PyYAML was built with it (30 times faster); PyYAML's own otherwise.
# Both give the same events and marks; only a syntax error is said again by PyYAML's parser,
# whose words yamlmessages.py knows.
if yaml.__with_libyaml__:
    class LibyamlLoader(ScalarTags, yaml.CSafeLoader):
        pass
else:
    LibyamlLoader = None
LOADER = LibyamlLoader or PureLoader


def parse_source(text: str, name: str, encoding: str = "UTF-8") -> Source:
    # libyaml's reader refuses exactly the characters check_printable does: a text it read
    # through holds none, and a text it declines is checked before it is composed
    data, node = from_events(text), None
    if data is DECLINED:
        check_printable(text, name)
        data, node = composed(text, name)
    # a text read from its events is composed again only if a position is asked for
    nodes = lru_cache(maxsize=1)(lambda: node or composed(text, name)[1])
    return Source(name, data, encoding, NodePositions(nodes, keys=False),
                  NodePositions(nodes, keys=True))


def composed(text: str, name: str) -> tuple[object, object]:
    """The data and the root node, or every problem the text has, in its words."""
    loader = LOADER(text)
    try:
        try:
            node = c_composed(loader, text)
            if node is None:
                loader.dispose()
                loader = LOADER(text)
                node = Composer(loader, name).single_node()
        except yaml.MarkedYAMLError as exc:
            if LIBYAML_DEPTH_ERROR in str(exc.problem):
                raise too_deep(name, exc.problem_mark) from None
            raise InputError([syntax_problem(pure_python_error(text, exc), name, text)]) from None
        except yaml.YAMLError as exc:
            raise InputError([Problem(name, f"YAML 格式错误：{exc}")]) from None
        if node is None:
            raise InputError([Problem(name, "文件是空的：至少要写 unit 和 year",
                                      line=1, column=1)])
        return Builder(loader, name, escapes="\\" in text).build(node, ()), node
    finally:
        loader.dispose()


DECLINED = object()


def from_events(text: str):
    """The data of a text in plain YAML, built from libyaml's events with no node made (a
    third of the time); positions are composed only when asked for. DECLINED for any text
    the Builder could see otherwise: what c_composed declines, an escape, a tag, a merge key, a
    key that is not a text, a repeated key, nesting too deep, an error, not one document. The
    nodes are then composed and built, and say what is wrong."""
    if LOADER is not LibyamlLoader or "&" in text or "*" in text or "\\" in text or \
            len(text) > min(MAX_TEXT_CHARS, MAX_NODES // 2):
        return DECLINED
    loader = LOADER(text)
    try:
        return events_data(loader)
    except (yaml.YAMLError, ValueError, TypeError):
        return DECLINED
    finally:
        loader.dispose()


def events_data(loader):
    get_event = loader.get_event
    if type(get_event()) is not StreamStartEvent or type(get_event()) is not DocumentStartEvent:
        return DECLINED
    resolvers = loader.yaml_implicit_resolvers
    # the open collection and the key awaiting its value (None: a key is awaited) are kept
    # in locals, each enclosing one's on the stack, the document's (None) at its bottom
    container, key, stack = None, None, []
    while True:
        event = get_event()
        kind = type(event)
        if kind is ScalarEvent:
            if event.tag is not None:
                return DECLINED
            value = event.value
            if event.implicit[0] and value[:1] in resolvers:       # plain: maybe not a text
                tag = plain_tag(value)
                at_key = type(container) is dict and key is None
                if at_key and tag == MERGE_TAG:
                    return DECLINED
                if not at_key and tag != STR_TAG:                 # a key stays its own text
                    value = loader.construct_object(ScalarNode(
                        tag, value, event.start_mark, event.end_mark, event.style))
        elif kind is MappingEndEvent or kind is SequenceEndEvent:
            value = container
            container, key = stack.pop()
        elif kind is MappingStartEvent or kind is SequenceStartEvent:
            if event.tag is not None or len(stack) >= MAX_DEPTH:
                return DECLINED
            stack.append((container, key))
            container, key = {} if kind is MappingStartEvent else [], None
            continue
        else:
            return DECLINED
        if container is None:
            break
        if type(container) is list:
            container.append(value)
        elif key is None:
            if kind is not ScalarEvent or value in container:
                return DECLINED
            key = value
        else:
            container[key] = value
            key = None
    if type(get_event()) is not DocumentEndEvent or type(get_event()) is not StreamEndEvent:
        return DECLINED
    return value


def c_composed(loader, text: str):
    """The nodes as libyaml's own composer makes them, for a text that cannot reach the limits
    Composer enforces as it goes: no anchor or alias (no & or *), fewer characters than a text
    may have, and too few for the number of nodes (each takes a character or more); the
    nesting depth the Builder checks. None otherwise, or when the text has an error: Composer
    then reads it and says what is wrong, as it words it."""
    if LOADER is not LibyamlLoader or "&" in text or "*" in text or \
            len(text) > min(MAX_TEXT_CHARS, MAX_NODES // 2):
        return None
    try:
        return loader.get_single_node()              # None for an empty file: Composer says so
    except yaml.YAMLError:
        return None


def pure_python_error(text: str, error: yaml.MarkedYAMLError) -> yaml.MarkedYAMLError:
    """The error as PyYAML's own parser words it (libyaml's words differ)."""
    if LOADER is PureLoader:
        return error
    loader = yaml.SafeLoader(text)
    try:
        while not loader.check_event(yaml.StreamEndEvent):
            loader.get_event()
    except yaml.MarkedYAMLError as exc:
        return exc
    finally:
        loader.dispose()
    return error


def too_deep(name: str, mark) -> InputError:
    return located(name, mark, f"列表和键值对嵌套超过 {MAX_DEPTH} 层，已拒绝",
                   hint="年度文件的条目只嵌套几层，请检查缩进或括号")


# libyaml 0.2.5 (in newer PyYAML wheels) stops at a thousand open brackets itself, while its
# scanner reads ahead, before the composer has counted fifty: the same limit, said as ours.
LIBYAML_DEPTH_ERROR = "exceeded maximum nesting depth"


def located(name: str, mark, message: str, hint: str = "") -> InputError:
    return InputError([Problem(name, message, line=mark.line + 1, column=mark.column + 1,
                               hint=hint)])


class Composer:
    """Events → nodes, as PyYAML's composer does, but without recursion and within the limits:
    nesting depth, number of nodes and aliases, length of a text; an alias used inside the
    node it names (`&a [*a]`) is refused, so the nodes never form a cycle."""

    def __init__(self, loader, name: str):
        self.loader = loader
        self.name = name

    def single_node(self):
        loader = self.loader
        loader.get_event()                                  # stream start
        if loader.check_event(yaml.StreamEndEvent):
            return None
        document = loader.get_event()
        node = self.compose()
        loader.get_event()                                  # document end
        if not loader.check_event(yaml.StreamEndEvent):
            event = loader.get_event()
            raise ComposerError("expected a single document in the stream", document.start_mark,
                                "but found another document", event.start_mark)
        return node

    def compose(self):
        get_event, resolve = self.loader.get_event, self.loader.resolve
        anchors, open_anchors = {}, set()
        stack = []           # [node, anchor, key awaiting its value] of each open collection
        nodes = aliases = 0
        while True:
            event = get_event()
            kind = type(event)
            if kind is SequenceEndEvent or kind is MappingEndEvent:
                node, anchor, _ = stack.pop()
                node.end_mark = event.end_mark
                open_anchors.discard(anchor)
                if not stack:
                    return node
                continue
            nodes += 1
            if nodes > MAX_NODES:
                raise located(self.name, event.start_mark, f"文件的内容超过 {MAX_NODES} 项，"
                              "不像是一个单位的年度文件，已拒绝")
            anchor = event.anchor
            if kind is AliasEvent:
                aliases += 1
                node = self.alias(event, anchors, open_anchors, aliases)
            elif anchor is not None and anchor in anchors:
                raise ComposerError(f"found duplicate anchor {anchor!r}; first occurrence",
                                    anchors[anchor].start_mark, "second occurrence",
                                    event.start_mark)
            elif kind is ScalarEvent:
                value, tag = event.value, event.tag
                if len(value) > MAX_TEXT_CHARS:
                    raise located(self.name, event.start_mark, f"一段文字超过 {MAX_TEXT_CHARS} "
                                  f"个字符（这里有 {len(value)} 个），已拒绝",
                                  hint="请分成几段，或检查引号是否漏了闭合")
                if tag is None or tag == "!":
                    tag = resolve(ScalarNode, value, event.implicit)
                node = ScalarNode(tag, value, event.start_mark, event.end_mark, event.style)
            else:
                node_class = SequenceNode if kind is SequenceStartEvent else MappingNode
                tag = event.tag
                if tag is None or tag == "!":
                    tag = resolve(node_class, None, event.implicit)
                node = node_class(tag, [], event.start_mark, None, event.flow_style)
            if anchor is not None and kind is not AliasEvent:
                anchors[anchor] = node
            if stack:
                frame = stack[-1]
                parent = frame[0]
                if type(parent) is SequenceNode:
                    parent.value.append(node)
                elif frame[2] is None:
                    frame[2] = node
                else:
                    parent.value.append((frame[2], node))
                    frame[2] = None
            if kind is ScalarEvent or kind is AliasEvent:
                if not stack:
                    return node
                continue
            if len(stack) >= MAX_DEPTH:
                raise too_deep(self.name, event.start_mark)
            if anchor is not None:
                open_anchors.add(anchor)
            stack.append([node, anchor, None])

    def alias(self, event, anchors: dict, open_anchors: set, count: int):
        if event.anchor not in anchors:
            raise ComposerError(None, None, f"found undefined alias {event.anchor!r}",
                                event.start_mark)
        if event.anchor in open_anchors:
            raise located(self.name, event.start_mark, f"别名 *{event.anchor} 用在了它所引用的"
                          f" &{event.anchor} 内部，会无限展开，已拒绝",
                          hint="别名只能引用在它之前已经写完的内容")
        if count > MAX_ALIASES:
            raise located(self.name, event.start_mark, f"别名（*引用）超过 {MAX_ALIASES} 处，"
                          "已拒绝", hint="请直接写出内容，不要用大量别名")
        return anchors[event.anchor]


class Builder:
    """Turns composed nodes into dicts, lists and scalars (NodePositions places them)."""

    def __init__(self, loader: yaml.SafeLoader, name: str, escapes: bool):
        self.loader = loader
        self.name = name
        self.values = 0
        # check_printable refused every such character the text itself holds: only a
        # double-quoted escape can still make one
        self.escapes = escapes

    def fail(self, node, path, message: str, hint: str = "") -> InputError:
        line, column = position(node)
        return InputError([Problem(self.name, message, line=line, column=column,
                                   yaml_path=format_path(path), hint=hint)])

    def build(self, node, path: Path_):
        self.values += 1
        if self.values > MAX_VALUES:
            raise self.fail(node, path, f"别名（&锚点 / *引用）展开后的内容超过 {MAX_VALUES} 项，"
                            "已拒绝", hint="请不要用层层引用的别名构造超大内容")
        if isinstance(node, ScalarNode):
            if node.tag == STR_TAG and not self.escapes:
                return node.value                  # most values: a text, nothing to check
            return self.scalar(node, path)
        if len(path) >= MAX_DEPTH:             # libyaml's composer does not count it
            raise too_deep(self.name, node.start_mark)
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
        self.check_xml(node, path)
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

    def check_xml(self, node: ScalarNode, path: Path_) -> None:
        """A double-quoted "\ud800" or "\x1e" gives a character no document may hold."""
        match = self.escapes and NOT_XML.search(node.value)
        if match:
            raise self.fail(node, path, f"第 {match.start() + 1} 个字符是 "
                            f"{character_name(match.group())}，公文（XML）里不能有这个字符",
                            hint="删除双引号里的这个转义（如 \\u0000、\\x1e、\\ud800）")

    def mapping(self, node: MappingNode, path: Path_) -> dict:
        try:
            self.loader.flatten_mapping(node)
        except ConstructorError as exc:
            raise self.fail(node, path, f"合并键 “<<” 用法错误：{exc.problem}") from None
        out = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                raise self.fail(key_node, path, "键必须是简单的文字")
            self.check_xml(key_node, path)
            key = str(key_node.value)
            child = path + (key,)
            if key in out:
                first = next(k for k, _ in node.value if str(k.value) == key).start_mark.line + 1
                raise self.fail(key_node, child, f"键 “{key}” 重复出现（第一次在第 {first} 行）",
                                hint="同一层级的键只能写一次")
            out[key] = self.build(value_node, child)
        return out
