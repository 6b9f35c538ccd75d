"""Reading a year file: positions, encodings, and the same data, messages and positions from
libyaml's parser (where PyYAML has it) as from PyYAML's own."""

import datetime
import random

import pytest
import yaml
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from cppcc_plan import source as source_module
from cppcc_plan.errors import InputError
from cppcc_plan.source import decode, format_path, parse_source, shifted
from conftest import ROOT

LOADERS = [pytest.param(source_module.PureLoader, id="pure-python"),
           pytest.param(source_module.LibyamlLoader, id="libyaml",
                        marks=pytest.mark.skipif(not yaml.__with_libyaml__,
                                                 reason="PyYAML built without libyaml"))]


@pytest.fixture(params=LOADERS, autouse=True)
def loader(request, monkeypatch):
    """Every test of this file runs with each parser."""
    monkeypatch.setattr(source_module, "LOADER", request.param)
    return request.param


def test_libyaml_is_used_where_installed(monkeypatch):
    monkeypatch.undo()
    assert source_module.LOADER is (source_module.LibyamlLoader if yaml.__with_libyaml__
                                    else source_module.PureLoader)


WORDS = ["", "~", "null", "Null", "NULL", "nul", "true", "True", "yes", "No", "on", "OFF", "y",
         "0", "-1", "+12", "0x1F", "0o17", "017", "1_000", "1:30", "1.5", "-.5", ".inf", "-.Inf",
         ".NaN", "1e3", "2024-01-15", "2024-1-5", "2024-01-15 10:00:00", "2024-01-15T10:00Z", "<<",
         "=", "name", "12月", "2024年", "为深入贯彻", "第1镇", "- x", "#", "! x", "a: b", "１２"]


@pytest.mark.parametrize("implicit", [(True, False), (False, True), (False, False), (True, True)])
def test_scalar_tags_are_pyyamls(loader, implicit):
    """Every plain word a year file may hold, and every first character a resolver knows."""
    words = WORDS + [first + rest for first in yaml.SafeLoader.yaml_implicit_resolvers
                     for rest in ("", "1", ".5", "x", "月")]
    ours, pyyaml = loader(""), yaml.SafeLoader("")
    for word in words:
        assert ours.resolve(ScalarNode, word, implicit) == pyyaml.resolve(ScalarNode, word,
                                                                          implicit), word
    for kind in (SequenceNode, MappingNode):
        assert ours.resolve(kind, None, implicit[0]) == pyyaml.resolve(kind, None, implicit[0])


def test_positions_of_values_and_keys():
    source = parse_source("unit:\n  name: 北辛街道\nlist:\n  - a\n  - b: 1\n", "f.yaml")
    assert source.data == {"unit": {"name": "北辛街道"}, "list": ["a", {"b": 1}]}
    assert source.positions[("unit", "name")] == (2, 9)
    assert source.key_positions[("unit", "name")] == (2, 3)
    assert source.positions[("list", 1, "b")] == (5, 8)
    assert source.where(("list", 1, "missing")) == {"line": 5, "column": 5}


def test_columns_count_characters_not_bytes():
    source = parse_source("名字: {甲: 乙, 丙: [丁, 戊]}\n", "f.yaml")
    assert source.positions[("名字", "丙", 1)] == (1, 19)
    assert source.key_positions[("名字", "丙")] == (1, 12)


@pytest.mark.parametrize("end", ["\n", "\r\n", "\r"])
def test_line_ends_of_every_system(end):
    source = parse_source(end.join(["a: 1", "b:", "  - x", "  - 政协"]) + end, "f.yaml")
    assert source.data == {"a": 1, "b": ["x", "政协"]}
    assert source.positions[("b", 1)] == (4, 5)


def test_dates_are_dates_and_merge_keys_work():
    source = parse_source("base: &b {x: 1}\nd: 2024-01-15\nm:\n  <<: *b\n  y: 2\n", "f.yaml")
    assert source.data["d"] == datetime.date(2024, 1, 15)
    assert source.data["m"] == {"x": 1, "y": 2}


def test_format_path():
    assert format_path(("plan", "sections", 0, "items", 2, "lead")) == \
        "plan.sections[1].items[3].lead"


def test_decode_bom_and_gbk():
    assert decode("\ufeffa: 政协".encode("utf-8"), "f") == ("a: 政协", "UTF-8")
    assert decode("a: 政协".encode("gbk"), "f") == ("a: 政协", "GBK")
    assert decode("a: 政协".encode("utf-16"), "f") == ("a: 政协", "UTF-16")


@pytest.mark.parametrize("codec, label", [
    ("utf-32", "UTF-32"), ("utf-32-le", "UTF-32"), ("utf-32-be", "UTF-32"),
    ("utf-16-le", "UTF-16"), ("utf-16-be", "UTF-16"), ("gb18030", "GBK")])
def test_decode_wide_and_chinese_encodings(codec, label):
    assert decode("unit: 政协\r".encode(codec), "f") == ("unit: 政协\r", label)


def test_gb18030_beyond_gbk():
    text = "name: 政协𠀀委员"          # Extension B: four bytes in GB18030, not in GBK
    assert decode(text.encode("gb18030"), "f") == (text, "GB18030")


@pytest.mark.parametrize("codec", ["shift_jis", "cp500", "latin-1", "koi8-r"])
def test_implausible_encodings_are_refused_naming_what_was_tried(codec):
    text = {"shift_jis": "unit: 東京都の会議について説明します", "cp500": "unit: council",
            "latin-1": "unit: Conseil régional été", "koi8-r": "unit: Совет депутатов"}[codec]
    with pytest.raises(InputError) as info:
        decode(text.encode(codec), "f.yaml")
    message = str(info.value)
    assert "UTF-8、UTF-16、UTF-32、GBK/GB18030" in message and "另存为" in message


def test_doubly_encoded_utf8_is_named():
    mangled = "unit: 北辛街道政协".encode("utf-8").decode("latin-1").encode("utf-8")
    with pytest.raises(InputError, match="重复编码"):
        decode(mangled, "f.yaml")


def test_custom_tag_on_mapping_refused():
    with pytest.raises(InputError) as info:
        parse_source("x: !!python/object:os.system {}\n", "f.yaml")
    assert info.value.problems[0].line == 1 and "不支持的 YAML 标签" in str(info.value)


# Syntax errors as users see them today (PyYAML's words, translated in yamlmessages.py): the
# same problem, line and column whichever parser read the file.
SYNTAX_ERRORS = [
    ("a: b: c\n", 1, 5, "这里不能出现“键: 值”"),
    ("a:\n\t- x\n", 2, 1, "制表符"),
    ("a: [b, c\n", 1, 4, "方括号“[”没有闭合"),
    ("a: {b: c\n", 1, 4, "花括号“{”没有闭合"),
    ("a: *nope\n", 1, 4, "引用了未定义的别名"),
    ("a: 1\n---\nb: 2\n", 2, 1, "多个 YAML 文档"),
    ("a: &x 1\nb: &x 2\n", 2, 4, "YAML 格式错误"),
    ('a: "x\n', 1, 4, "引号没有闭合"),
    ("a: @b\n", 1, 4, "“@”不能作为值的开头"),
    ("a:\n  - b\n c: d\n", 3, 2, "缩进"),
]


@pytest.mark.parametrize("text, line, column, words", SYNTAX_ERRORS)
def test_syntax_errors_keep_their_message_and_place(text, line, column, words):
    with pytest.raises(InputError) as info:
        parse_source(text, "f.yaml")
    problem = info.value.problems[0]
    assert (problem.line, problem.column) == (line, column), problem
    assert words in problem.message


def test_both_parsers_say_the_same(monkeypatch):
    if not yaml.__with_libyaml__:
        pytest.skip("PyYAML built without libyaml")
    said = {}
    for loader in (source_module.PureLoader, source_module.LibyamlLoader):
        monkeypatch.setattr(source_module, "LOADER", loader)
        for text, *_ in SYNTAX_ERRORS:
            with pytest.raises(InputError) as info:
                parse_source(text, "f.yaml")
            said.setdefault(text, []).append(info.value.problems)
    for text, (pure, fast) in said.items():
        assert pure == fast, text


@pytest.mark.parametrize("text, line, column", [
    ("a: 【正文】\x1e\n", 1, 8), ("a: 1\r\nb: x\x00\n", 2, 5), ("a: 1\rb: x\x7f\n", 2, 5)])
def test_control_characters_are_refused_at_their_place(text, line, column):
    with pytest.raises(InputError) as info:
        parse_source(text, "f.yaml")
    problem = info.value.problems[0]
    assert (problem.line, problem.column) == (line, column)
    assert "控制字符 U+" in problem.message


def test_events_decline_every_character_refused_as_a_control():
    """parse_source checks for control characters only in a text libyaml's events do not
    read through: the events must decline each one, wherever it stands (the edges of every
    range, and a sample of the planes between)."""
    if not yaml.__with_libyaml__:
        pytest.skip("PyYAML built without libyaml")
    from cppcc_plan import source as module
    edges = {0x09, 0x0A, 0x0D, 0x20, 0x7E, 0x85, 0xA0, 0xD7FF, 0xE000, 0xFEFF, 0xFFFD, 0x10000,
             0x10FFFF}
    points = {cp + d for cp in edges for d in (-1, 0, 1)} | set(range(0x100)) | \
        set(range(0x10000, 0x110000, 0x1001))
    refused = 0
    for cp in sorted(p for p in points if 0 <= p < 0x110000 and not 0xD800 <= p <= 0xDFFF):
        for text in (f"a: x{chr(cp)}y\n", f'a: "{chr(cp)}"\n', f"# {chr(cp)}\na: 1\n",
                     f"a: |\n  {chr(cp)}\n", f"{chr(cp)}: 1\n"):
            if module.NOT_PRINTABLE.search(text):
                refused += 1
                assert module.from_events(text) is module.DECLINED, (hex(cp), text)
    assert refused > 5 * 60


@pytest.mark.parametrize("escape", ["\\x1e", "\\uFFFE", "\\uFFFF", "\\x00", "\\e"])
def test_escapes_giving_characters_xml_forbids_are_refused(escape):
    with pytest.raises(InputError) as info:
        parse_source(f'a:\n  b: "政协{escape}"\n', "f.yaml")
    problem = info.value.problems[0]
    assert (problem.line, problem.column, problem.yaml_path) == (2, 6, "a.b")
    assert "第 3 个字符" in problem.message and "XML" in problem.message


def test_characters_xml_allows_stay_literal():
    text = "【正文】{{ x }}&<>\ue000\uf8ff\U00020000\u2028\x85\t"
    source = parse_source('a: "' + text.replace("\t", "\\t").replace("\x85", "\\N") + '"\n',
                          "f.yaml")
    assert source.data["a"] == text


LIMIT_CASES = [
    "a:\n" + "".join(" " * k + "- \n" for k in range(0, 140, 2)),      # nested too deep
    "a: " + "[" * 60 + "]" * 60 + "\n",
    "a: 1\na: 2\n", "a: !!python/object:os.system x\n", "a: 2024-13-01\n", "a: \"\\x1e\"\n",
    "a: [1, 2\n", "---\na: 1\n---\nb: 2\n", "",
]


@pytest.mark.parametrize("text", [*LIMIT_CASES, *(p.read_text(encoding="utf-8") for p in
                                                   sorted((ROOT / "examples").rglob("*.yaml")))])
def test_libyaml_composer_and_ours_read_alike(monkeypatch, text):
    """A text without anchors is composed by libyaml; Composer reads every other one, and
    each error is said in its words: the data, every position and every message agree."""
    from cppcc_plan import source as module

    def read():
        try:
            read_source = module.parse_source(text, "f.yaml")
            return read_source.data, read_source.positions, read_source.key_positions
        except InputError as error:
            return [p.as_json() for p in error.problems]
    fast = read()
    monkeypatch.setattr(module, "c_composed", lambda loader, text: None)
    assert read() == fast
    monkeypatch.undo()
    monkeypatch.setattr(module, "from_events", lambda text: module.DECLINED)
    assert read() == fast


# What a clerk's edit can put into a file: YAML's indicators, merge keys, tags, repeated keys,
# values of every type, escapes, nesting, a second document.
EDITS = [": ", "- ", "\n", "  ", "\n  - ", "\n    ", "#", "<<: {a: 1}", "? ", "!!str ", "!x ", "~",
         "null", "true", "yes", "0x1F", "1e3", "-1", ".inf", "2024-13-45", "2024-01-15",
         "2024-01-15 10:00:00", "[", "]", "{", "}", ",", '"', "'", "\\", "|", ">-", "---\n",
         "...", "%", "@", "unit:", "year: ", "name: 甲\nname: 乙", "1: x", "[a, b]: c", "政协"]


@pytest.mark.parametrize("seed", range(6))
def test_events_and_nodes_read_alike_on_edited_files(monkeypatch, seed):
    """A text read from libyaml's events gives the data, positions and messages its nodes
    give, or is left to them: on example files with random edits."""
    from cppcc_plan import source as module
    rng = random.Random(seed)
    examples = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "examples").glob("*.yaml"))]

    def read(text):
        try:
            read_source = module.parse_source(text, "f.yaml")
            return read_source.data, dict(read_source.positions), dict(read_source.key_positions)
        except InputError as error:
            return [p.as_json() for p in error.problems]
    for _ in range(60):
        text = rng.choice(examples)
        for _ in range(rng.randint(1, 3)):
            at = rng.randrange(len(text))
            text = text[:at] + rng.choice(EDITS) + text[at + rng.choice((0, 0, 1, 5)):]
        fast = read(text)
        with monkeypatch.context() as patched:
            patched.setattr(module, "from_events", lambda text: module.DECLINED)
            assert repr(read(text)) == repr(fast), text


@pytest.mark.parametrize("path", sorted((ROOT / "examples").rglob("*.yaml")),
                         ids=lambda p: str(p.relative_to(ROOT / "examples")))
def test_positions_under_a_prefix_are_those_of_the_whole(path):
    """Positions are worked out from the nodes when asked for, the part under a prefix (a
    unit's own values, merged over the base) without the rest: both as the whole file has them."""
    source = parse_source(path.read_text(encoding="utf-8"), path.name)
    for table in (source.positions, source.key_positions):
        whole = dict(table)
        prefixes = {p[:n] for p in whole for n in (1, 2, 3) if len(p) >= n}
        for prefix in prefixes | {("missing",), ("unit", "missing"), ("year", 0), (0,)}:
            assert dict(shifted(table, prefix)) == shifted(whole, prefix), prefix
