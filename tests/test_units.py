"""Reading a batch's table of units in each form an office keeps it, and refusing a table
that cannot be right with the cell to change."""

import datetime

import openpyxl
import pytest

from cppcc_plan.errors import InputError
from conftest import ROOT
from cppcc_plan.units import read_units


def write(tmp_path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def refused(path) -> str:
    with pytest.raises(InputError) as caught:
        read_units(path)
    return "\n".join(str(p) for p in caught.value.problems)


def test_csv_columns_are_yaml_paths_and_empty_cells_change_nothing(tmp_path):
    path = write(tmp_path, "units.csv", "unit.name,unit.level,plan.date\n"
                                        "北辛街道,街道,2024-01-15\n羊庄镇,,\n")
    first, second = list(read_units(path).entries())
    assert first.source.data == {"unit": {"name": "北辛街道", "level": "街道"},
                                 "plan": {"date": "2024-01-15"}}
    assert second.source.data == {"unit": {"name": "羊庄镇"}}
    assert (first.origin, second.origin) == (f"{path}:2", f"{path}:3")
    assert first.source.positions[("plan", "date")] == (2, 3)
    assert first.source.key_positions[("plan", "date")] == (1, 3)


def test_chinese_column_names(tmp_path):
    path = write(tmp_path, "units.csv", "单位名称,层级,政协组织,成文日期\n北辛街道,街道,政协工作室,2024-01-15\n")
    assert list(read_units(path).entries())[0].source.data == {
        "unit": {"name": "北辛街道", "level": "街道", "body": "政协工作室"},
        "plan": {"date": "2024-01-15"}}


def test_csv_saved_by_excel_on_chinese_windows(tmp_path):
    path = tmp_path / "units.csv"
    path.write_bytes("unit.name,unit.level\r\n北辛街道,街道\r\n".encode("gbk"))
    assert list(read_units(path).entries())[0].source.data == {"unit": {"name": "北辛街道",
                                                                "level": "街道"}}


def test_workbook_cells_keep_their_meaning(tmp_path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "镇街"
    sheet.append(["unit.name", "year", "plan.date", "plan.signature"])
    sheet.append(["北辛街道", 2024, datetime.datetime(2024, 1, 15), 2024])
    sheet.append([None, None, None, None])
    sheet.append(["羊庄镇", None, None, None])
    path = tmp_path / "units.xlsx"
    workbook.save(path)
    table = read_units(path)
    first, second = table.entries()
    assert first.source.data == {"unit": {"name": "北辛街道"}, "year": 2024,
                                 "plan": {"date": datetime.date(2024, 1, 15),
                                          "signature": "2024"}}   # a number in a text column
    assert second.source.data == {"unit": {"name": "羊庄镇"}}
    assert second.origin == f"{path}!镇街:4"
    assert first.source.name == f"{path}!镇街"


def test_yaml_list_keeps_each_units_lines(tmp_path):
    path = write(tmp_path, "units.yaml", "- unit:\n    name: 北辛街道\n"
                                         "- unit:\n    name: 羊庄镇\n  activities: []\n")
    first, second = list(read_units(path).entries())
    assert second.source.data == {"unit": {"name": "羊庄镇"}, "activities": []}
    assert second.origin == f"{path}:3"
    assert second.source.positions[("unit", "name")] == (4, 11)


def test_folder_of_yaml_files_in_name_order(tmp_path):
    folder = tmp_path / "units"
    folder.mkdir()
    write(folder, "b.yaml", "unit:\n  name: 羊庄镇\n")
    write(folder, "a.yaml", "unit:\n  name: 北辛街道\n")
    write(folder, "说明.txt", "不是单位文件")
    entries = list(read_units(folder).entries())
    assert [e.source.data["unit"]["name"] for e in entries] == ["北辛街道", "羊庄镇"]
    assert entries[0].origin == str(folder / "a.yaml")


@pytest.mark.parametrize("name, text, expected", [
    ("units.csv", "unit.name,unit.levl\n北辛街道,街道\n",
     ":1:2: 列名 “unit.levl” 中有未知的键 “levl”（是否想写 “unit.level”？）"),
    ("units.csv", "单位名称,unit.name\n北辛街道,北辛\n", ":1:2: 列 “unit.name” 重复"),
    ("units.csv", "unit.name,\n北辛街道,街道\n", ":2:2: 这一格有内容，所在的列却没有列名"),
    ("units.csv", "unit.name\n北辛街道,街道\n", ":2:2: 这一格有内容，所在的列却没有列名"),
    ("units.csv", "year.value\n2024\n", ":1:1: 列名 “year.value”：year 不是键值对"),
    ("units.csv", "unit..name\n北辛街道\n", ":1:1: 列名 “unit..name” 不是 YAML 路径"),
    ("units.csv", "unit.name\n", ": 单位表中没有任何单位"),
    ("units.yaml", "unit:\n  name: 北辛街道\n", ":1:1: 单位表应为列表"),
    ("units.yaml", "- 北辛街道\n", ":1:3: [1]（“北辛街道”）: 每个单位应为键值对"),
    ("units.xls", "", ": 不支持的单位表格式（旧的 .xls 工作簿请在 Excel 或 WPS 中另存为 .xlsx）"),
    ("units.txt", "", ": 不支持的单位表格式"),
])
def test_bad_tables_are_refused_at_the_cell(tmp_path, name, text, expected):
    path = write(tmp_path, name, text)
    assert refused(path).startswith(f"{path}{expected}")


def test_missing_table(tmp_path):
    assert refused(tmp_path / "units.csv") == f"{tmp_path / 'units.csv'}: 找不到这个文件，请检查文件名和所在目录"


def test_not_a_workbook(tmp_path):
    path = write(tmp_path, "units.xlsx", "unit.name\n北辛街道\n")
    assert "无法读取 Excel 文件" in refused(path)


def test_a_unit_file_is_named_from_its_nodes_as_its_full_read_says(tmp_path):
    """The batch names a unit file's documents from a quick read (no positions, nothing but
    unit.name, year and the top-level keys): it must agree with the full read."""
    from cppcc_plan.source import load_source
    from cppcc_plan.units import UnitFile
    empty = write(tmp_path, "empty-kind.yaml", "unit: {name: ' 北辛街道 ', level: 街道}\n"
                                               "year: '2024'\nplan: {}\nkeypoints:\n")
    for path in [*(ROOT / "examples").glob("*.yaml"), empty]:
        quick, full = UnitFile(path).naming_data(), load_source(path).data
        assert quick["unit"]["name"] == full["unit"]["name"] and quick["year"] == full["year"]
        assert {k for k, v in quick.items() if v is not None} == \
            {k for k, v in full.items() if v is not None}, path
    assert UnitFile(write(tmp_path, "bad.yaml", "unit: [\n")).naming_data() is None


# Files the line scan must decline (None) or read exactly as YAML's events do.
SCAN_CASES = [
    "unit:\n  name: 北辛街道\nyear: 2024\nplan:\n  title: 计划\n",
    "unit:\n  name: 北辛街道 # 全称见 full_name\n  level: 街道\nyear: 2024  # 年度\nplan:\n",
    "unit:   # 单位\n  level: 镇\n  name: 羊庄镇\nyear: 2024\nkeypoints:\n  - a\n",
    "unit:\n  name: 北辛\n    街道\nyear: 2024\n",            # name over two lines
    "unit:\n  name: \"北辛街道\"\nyear: 2024\n",                # quoted name
    "unit:\n  name: *n\nyear: 2024\n",                         # alias
    "unit: {name: 北辛街道}\nyear: 2024\n",                     # flow mapping
    "unit:\n  name: 北辛街道\nyear:\n  2024\n",                 # year on the next line
    "unit:\n  name: 北辛街道\nyear: 2024\nplan: \"a\nb: c\"\n",  # a text over column 0
    "unit:\n  name: 北辛街道\nyear: 2024\nplan: [a,\nb: c]\n",    # a list over column 0
    "unit:\n  name: 北辛街道\nyear: 2024\nplan:\n  ~\n",          # null on the next line
    "unit:\n  name: 北辛街道\nyear: 2024\nplan: null\nsummary: ~\n",
    "unit:\n  name: 北辛街道\nyear: 2024\nplan:\nplan:\n",         # a key twice
    "---\nunit:\n  name: 北辛街道\nyear: 2024\n",
    "  unit:\n    name: 北辛街道\n  year: 2024\n",               # indented throughout
    "unit:\n- name: 北辛街道\nyear: 2024\n",
    "unit:\n  name: 北辛街道\r\nyear: 2024\r\nplan:\r\n  title: 计划\r\n",
    "unit:\n  name: 北辛街道\nyear: 2024\nplan:\n  text: |\n    \"三个一\"\n",
    "unit:\n  name: 2024\nyear: 2024-01-01\nplan: 计划\n  续行\n",
    "unit:\n  name:\n    - a\nyear: 2024\n",
    "unit:\n  name: 北辛街道\nyear: 2024\nplan:\n  text: {年度}是\n",
    "unit:\n  name: 北辛街道\nyear: 2024\nplan:\n  text: 按照\n    {年度}是第五年\n",
]


@pytest.mark.parametrize("text", SCAN_CASES)
def test_the_line_scan_of_a_unit_file_declines_or_agrees_with_yaml(text):
    import yaml
    from cppcc_plan.units import PLAIN_LOADER, names_from, scanned_names
    scanned = scanned_names(text)
    try:
        events = names_from(yaml.parse(text, Loader=PLAIN_LOADER))
    except yaml.YAMLError:
        events = None
    assert scanned is None or scanned == events


def test_the_line_scan_reads_the_unit_files_of_the_examples():
    """The quick path is the one taken: every example year file is read by the scan."""
    import yaml
    from cppcc_plan.units import PLAIN_LOADER, names_from, scanned_names
    for path in [*(ROOT / "examples").rglob("*.yaml")]:
        text = path.read_text(encoding="utf-8")
        if text.startswith("- "):
            continue                                  # a units list, not a unit file
        assert scanned_names(text) == names_from(yaml.parse(text, Loader=PLAIN_LOADER)), path


def test_a_unit_file_named_through_an_alias_is_still_rendered(tmp_path):
    """The quick read does not follow aliases (`name: *n`); the batch then names the unit
    from the full read, and renders it like any other."""
    from conftest import cli
    folder = tmp_path / "units"
    folder.mkdir()
    write(folder, "a.yaml", "plan: {addressee: &n 北辛街道}\n"
                            "unit: {name: *n, level: 街道, body: 政协工作室}\n")
    write(folder, "b.yaml", "unit: {name: 羊庄镇}\n")
    base = ROOT / "examples" / "county-batch" / "base.yaml"
    result = cli("batch", str(base), str(folder), "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in (tmp_path / "out").glob("*.docx")) == \
        ["北辛街道-2024年工作计划.docx", "羊庄镇-2024年工作计划.docx"]


def test_the_scan_leaves_to_the_events_every_character_yaml_treats_apart():
    """SPECIAL is written as the characters it lets through: it must stop at exactly what
    YAML cannot read, the indicators, tabs and every line break but LF."""
    from cppcc_plan.source import NOT_PRINTABLE
    from cppcc_plan.units import INDICATORS, SPECIAL
    for code in [*range(0x3000), *range(0xd700, 0x10000), 0x10000, 0x1f600, 0x10ffff]:
        char = chr(code)
        wanted = bool(NOT_PRINTABLE.match(char)) or char in INDICATORS + "\t\r\x85\u2028\u2029"
        assert bool(SPECIAL.match(char)) == wanted, hex(code)
