"""lint: each kind of warning on a file that has it and on one that does not, located at the
word (file:line:column, YAML path) with a suggested fix; --fix changes those characters only."""

from pathlib import Path

import pytest

from conftest import EXAMPLES, cli
from cppcc_plan.lint import lint_file

TEMPLATE = """\
# 龙泉乡的年度文件（注释中的全镇、XX 不检查）
unit:
  name: {name}
  level: {level}
  body: 政协联络组
year: 2024
plan:
  preamble: {preamble}
  sections:
    - title: 主要工作
      text: >-
        第一句正文，说明情况。
        {text}
  signature: {signature}
  date: 2024-01-15
"""
PREAMBLE_LINE, TEXT_LINE, SIGNATURE_LINE = 8, 13, 14


def year_file(tmp_path: Path, preamble="为做好本年度工作，特制订本计划。", text="第二句正文。",
              level="乡", name="龙泉乡", signature="龙泉乡政协联络组", file="plan.yaml") -> Path:
    path = tmp_path / file
    path.write_text(TEMPLATE.format(preamble=preamble, text=text, level=level, name=name,
                                    signature=signature), encoding="utf-8")
    return path


def messages(path: Path, **options) -> list[str]:
    return [str(f.problem) for f in lint_file(path, **options).findings]


def test_clean_file_exits_zero(tmp_path):
    path = year_file(tmp_path)
    result = cli("lint", str(path))
    assert result.exit_code == 0 and "没有发现问题" in result.stderr


@pytest.mark.parametrize("level, name, word, right", [("乡", "龙泉乡", "全镇", "全乡"),
                                                      ("街道", "北辛街道", "我镇", "我街"),
                                                      ("镇", "羊庄镇", "我县", "我镇"),
                                                      ("县", "和县", "区委", "县委")])
def test_level_word_of_another_level(tmp_path, level, name, word, right):
    path = year_file(tmp_path, preamble=f"在{word}的支持下开展工作。", level=level, name=name,
                     signature=f"{name}政协联络组")
    column = len("  preamble: 在") + 1
    assert messages(path) == [f"{path}:{PREAMBLE_LINE}:{column}: plan.preamble: “{word}”是"
                              f"{ {'全镇': '镇', '我镇': '镇', '我县': '县', '区委': '区'}[word] }的用语，"
                              f"与 unit.level（{level}）不符（建议：改为“{right}”，或写占位符 "
                              f"{ {'全': '{全域}', '我': '{我单位}', '区': '{党委}'}[word[0]] }）"]


@pytest.mark.parametrize("level, text", [("乡", "在全乡的支持下，健全镇村两级网络。"),
                                         ("镇", "为全县发展作贡献，服务全镇群众。"),
                                         ("乡", "向乡镇党委汇报，组织全乡镇委员。"),
                                         ("县", "政协和县委员会向县委报告。")])
def test_level_words_that_belong(tmp_path, level, text):
    name = {"乡": "龙泉乡", "镇": "羊庄镇", "县": "和县"}[level]
    path = year_file(tmp_path, preamble=text, level=level, name=name,
                     signature=f"{name}政协联络组")
    assert messages(path) == []


def test_level_word_on_a_folded_line(tmp_path):
    path = year_file(tmp_path, text="我镇将继续推进。")
    assert messages(path) == [f"{path}:{TEXT_LINE}:9: plan.sections[1]（“主要工作”）.text: “我镇”是镇的用语，"
                              "与 unit.level（乡）不符（建议：改为“我乡”，或写占位符 {我单位}）"]


def test_another_units_name_from_the_file(tmp_path):
    path = year_file(tmp_path, signature="羊庄镇政协联络组")
    assert messages(path) == [f"{path}:{SIGNATURE_LINE}:14: plan.signature: 文中有其他单位的名称"
                              "“羊庄镇”（建议：若是照抄的，改为本单位名称“龙泉乡”或占位符 {单位}）"]


def test_another_units_name_from_the_units_table(tmp_path):
    units = tmp_path / "units.csv"
    units.write_text("unit.name,unit.level\n北辛街道,街道\n龙泉乡,乡\n", encoding="utf-8")
    copied = year_file(tmp_path, preamble="学习北辛街道的经验。", file="a.yaml")
    clean = year_file(tmp_path, file="b.yaml")
    assert any("其他单位的名称“北辛街道”" in m for m in messages(copied, units=units))
    assert messages(clean, units=units) == []
    assert messages(copied) == []            # without the table the name is not known


def test_another_units_name_from_last_years_file(tmp_path):
    last = year_file(tmp_path, name="羊庄镇", level="镇", signature="羊庄镇政协联络组",
                     file="2023.yaml")
    copied = year_file(tmp_path, preamble="羊庄镇政协联络组全年开展活动。", file="2024.yaml")
    assert any("“羊庄镇”" in m for m in messages(copied, previous=last))


@pytest.mark.parametrize("mask", ["XX镇", "20XX年", "某某", "**镇", "20__年"])
def test_masks_left_in(tmp_path, mask):
    path = year_file(tmp_path, preamble=f"在{mask}的指导下开展工作。")
    found = messages(path)
    assert len(found) == 1 and f"文中留有待填的“{mask.rstrip('镇年')}" in found[0]
    assert f":{PREAMBLE_LINE}:{len('  preamble: 在') + 1}: plan.preamble:" in found[0]


def test_no_mask_in_ordinary_text(tmp_path):
    assert messages(year_file(tmp_path, preamble="组织 XML 培训，张某参加。")) == []


@pytest.mark.parametrize("text, flagged", [
    ("2023年，全乡完成了任务。", True),
    ("上年（2023年）完成了任务。", False),
    ("去年即2023年完成了任务。", False),
    ("巩固2022年以来的成果。", True),
    ("2024年，全乡完成了任务。", False),
    ("落实2021—2025年规划。", False),
    ("1949年以来，政协事业不断发展。", False),
])
def test_years_other_than_the_files(tmp_path, text, flagged):
    found = messages(year_file(tmp_path, preamble=text))
    assert bool(found) == flagged and all("不是本年度（2024年）" in m for m in found)


@pytest.mark.parametrize("text, fixed", [("(一)加强学习", "（一）"), ("(2)加强学习", "（2）"),
                                         ("1、加强学习", "1."), ("一.加强学习", "一、")])
def test_half_width_numbers(tmp_path, text, fixed):
    found = messages(year_file(tmp_path, preamble=text))
    assert len(found) == 1 and "手写的序号" in found[0] and f"改为“{fixed}”" in found[0]


def test_number_marks_that_are_not_numbers(tmp_path):
    assert messages(year_file(tmp_path, preamble="在1、2月组织（一）类活动。")) == []


@pytest.mark.parametrize("text, flagged", [("认真落实“十三五”规划。", True),
                                           ("学习贯彻党的十九大精神。", True),
                                           ("编制“十四五”规划中期评估。", False),
                                           ("学习贯彻党的二十大精神。", False)])
def test_stale_phrases(tmp_path, text, flagged):
    found = messages(year_file(tmp_path, preamble=text))
    assert bool(found) == flagged and all("提法" in m and "与年度 2024 不符" in m for m in found)


def test_paragraphs_repeated_from_last_year(tmp_path):
    repeated = "围绕乡村振兴开展专题调研，形成调研报告报乡党委参考。"
    last = year_file(tmp_path, preamble=repeated, file="2023.yaml")
    same = year_file(tmp_path, preamble=repeated, file="same.yaml")
    new = year_file(tmp_path, preamble="围绕和美乡村建设开展专题视察，形成视察报告报乡党委。",
                    file="new.yaml")
    assert messages(same, previous=last) == [f"{same}:{PREAMBLE_LINE}:13: plan.preamble: "
                                             "这一段与上年文件逐字相同（建议：请按本年度的情况改写）"]
    # short sentences (第二句正文。) repeat by nature and are not reported
    assert messages(new, previous=last) == []


def test_cli_exit_status_and_from(tmp_path):
    last = year_file(tmp_path, preamble="围绕乡村振兴开展专题调研，形成调研报告报乡党委参考。",
                     file="2023.yaml")
    assert cli("lint", str(last)).exit_code == 0
    result = cli("lint", str(last), "--from", str(last))
    assert result.exit_code == 1 and result.stderr.startswith("警告：")
    bad = tmp_path / "bad.yaml"
    bad.write_text("unit: [\n", encoding="utf-8")
    result = cli("lint", str(last), str(bad))
    assert result.exit_code == 2 and "错误：" in result.stderr and "Traceback" not in result.stderr


def test_validate_shows_the_same_warnings(tmp_path):
    path = year_file(tmp_path, preamble="在全镇的支持下开展工作。")
    result = cli("validate", str(path))
    assert result.exit_code == 0
    assert f"警告：{path}:{PREAMBLE_LINE}:14: plan.preamble: “全镇”是镇的用语" in result.stderr
    assert "检查通过" in result.stderr


def test_fix_changes_only_the_located_characters(tmp_path):
    path = year_file(tmp_path, preamble="(一)在全镇的支持下，XX镇开展工作。  # 全镇 留在注释里",
                     text="1、我镇将继续推进。")
    before = path.read_text(encoding="utf-8")
    result = cli("lint", "--fix", str(path))
    after = path.read_text(encoding="utf-8")
    assert after == before.replace("(一)在全镇", "（一）在全乡").replace("1、我镇", "1.我乡")
    assert "已修正 4 处" in result.stderr
    assert result.exit_code == 1 and "“XX”" in result.stderr      # a mask has no safe fix
    assert "全镇" not in result.stderr


def test_fix_keeps_bom_and_crlf(tmp_path):
    path = year_file(tmp_path, preamble="在全镇的支持下开展工作。")
    text = path.read_text(encoding="utf-8")
    path.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    assert cli("lint", "--fix", str(path)).exit_code == 0
    assert path.read_bytes() == b"\xef\xbb\xbf" + text.replace("在全镇", "在全乡").replace(
        "\n", "\r\n").encode("utf-8")


EXAMPLE_FILES = sorted(EXAMPLES.glob("*.yaml")) + [EXAMPLES / "county-batch" / "base.yaml"]


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.name)
def test_examples_are_lint_clean(path):
    assert messages(path) == []


def test_batch_base_names_no_unit_of_its_table():
    base = EXAMPLES / "county-batch" / "base.yaml"
    assert messages(base, units=EXAMPLES / "county-batch" / "units.csv") == []


def test_from_a_file_that_is_no_year_file(tmp_path):
    other = tmp_path / "notes.yaml"
    other.write_text("只是一行文字\n", encoding="utf-8")
    result = cli("lint", str(year_file(tmp_path)), "--from", str(other))
    assert result.exit_code == 2 and "上年的文件不是年度文件" in result.stderr
    assert "内部错误" not in result.stderr
