"""The merge rules of a batch (mappings merge, everything else replaces) and where a problem in
the merged year file is reported: in the file that supplied the value."""

import pytest

from cppcc_plan.errors import InputError
from cppcc_plan.merge import merge
from cppcc_plan.source import parse_source
from cppcc_plan.validate import validate

BASE = """\
unit:
  name: 官桥镇
  level: 镇
  body: 政协联络组
year: 2024
activities:
  - topic: 集中学习
    quarter: 1
  - topic: 专题调研
    quarter: 2
plan:
  preamble: 在{党委}的领导下，结合{我单位}实际，制订本计划。
  sections:
    - title: 主要工作
      text: 围绕{全域}中心工作建言献策。
  date: 2024-01-22
"""


def sources(unit_text: str):
    return parse_source(BASE, "base.yaml"), parse_source(unit_text, "units.yaml")


def test_mappings_merge_key_by_key():
    base, unit = sources("unit:\n  name: 北辛街道\n  level: 街道\n")
    data = merge(base, unit).data
    assert data["unit"] == {"name": "北辛街道", "level": "街道", "body": "政协联络组"}
    assert data["plan"] == base.data["plan"]


def test_lists_and_scalars_replace_whole():
    base, unit = sources("activities:\n  - topic: 走访慰问\n    month: 2\nyear: 2025\n")
    data = merge(base, unit).data
    assert data["activities"] == [{"topic": "走访慰问", "month": 2}]
    assert data["year"] == 2025


def test_the_base_is_left_as_it_was():
    base, unit = sources("unit:\n  name: 北辛街道\nactivities: []\n")
    before = repr(base.data)
    merge(base, unit)
    assert repr(base.data) == before


def test_level_words_follow_each_unit():
    base, unit = sources("unit:\n  name: 北辛街道\n  level: 街道\n  body: 政协工作室\n")
    year_file = validate(merge(base, unit))
    assert year_file.unit.level.value == "街道"
    town = validate(merge(base, parse_source("unit:\n  name: 羊庄镇\n", "u.yaml")))
    assert town.unit.level.value == "镇"


def problems(base, unit) -> list[str]:
    with pytest.raises(InputError) as caught:
        validate(merge(base, unit))
    return [str(p) for p in caught.value.problems]


def test_a_value_from_the_unit_is_reported_in_the_units_file():
    base, unit = sources("\n\nunit:\n  level: 社区\n")
    assert problems(base, unit)[0].startswith("units.yaml:4:10: unit.level: 应为以下之一")


def test_a_value_inside_a_replaced_list_is_reported_in_the_units_file():
    base, unit = sources("activities:\n  - topic: 走访\n    quarter: 5\n")
    assert problems(base, unit)[0].startswith("units.yaml:3:14: activities[1]（“走访”）.quarter: 应不大于 4")


def test_a_key_the_unit_adds_is_reported_in_the_units_file():
    base, unit = sources("plan:\n  preambel: 开头\n")
    assert problems(base, unit)[0].startswith("units.yaml:2:13: plan.preambel: 未知的键")


def test_a_base_value_the_unit_left_alone_is_reported_in_the_base():
    base = parse_source(BASE.replace("{全域}", "{全县域}"), "base.yaml")
    unit = parse_source("unit:\n  name: 北辛街道\n", "units.yaml")
    assert problems(base, unit)[0].startswith(
        "base.yaml:15:13: plan.sections[1]（“主要工作”）.text: 未知的占位符 “{全县域}”")
