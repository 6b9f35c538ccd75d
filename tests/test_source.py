import datetime

import pytest

from cppcc_plan.errors import InputError
from cppcc_plan.source import decode, format_path, parse_source


def test_positions_of_values_and_keys():
    source = parse_source("unit:\n  name: 北辛街道\nlist:\n  - a\n  - b: 1\n", "f.yaml")
    assert source.data == {"unit": {"name": "北辛街道"}, "list": ["a", {"b": 1}]}
    assert source.positions[("unit", "name")] == (2, 9)
    assert source.key_positions[("unit", "name")] == (2, 3)
    assert source.positions[("list", 1, "b")] == (5, 8)
    assert source.where(("list", 1, "missing")) == {"line": 5, "column": 5}


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


def test_custom_tag_on_mapping_refused():
    with pytest.raises(InputError) as info:
        parse_source("x: !!python/object:os.system {}\n", "f.yaml")
    assert info.value.problems[0].line == 1 and "不支持的 YAML 标签" in str(info.value)
