"""`init`: a starter year file for every level and kind that renders as is and passes the shared
checks; `init --from` starts next year's file from this year's; the templates a clerk exports
work unchanged with --templates."""

import json
import subprocess
import sys

import pytest
import yaml

from conftest import (EXAMPLES, GONGWEN_CHECK, ROOT, VALIDATE_XSD, DocxReader, cli,
                      libreoffice_missing, shared_tool)
from cppcc_plan.kinds import KINDS
from cppcc_plan.vocabulary import LEVEL_WORDS, Level

LEVELS = [level.value for level in Level]


def init(tmp_path, level: str, kind: str, *extra: str):
    path = tmp_path / f"{level}-{kind}.yaml"
    result = cli("init", "--level", level, "--kind", kind, "-o", str(path), *extra)
    assert result.exit_code == 0, result.stderr
    return path


def render(path, kind: str, *extra: str):
    out = path.with_suffix(".docx")
    result = cli("render", str(path), "--kind", kind, "-o", str(out), *extra)
    assert result.exit_code == 0, result.stderr
    return out


def checker_failures(out, *args) -> list[dict]:
    report = json.loads(shared_tool(GONGWEN_CHECK, str(out), "--json", *args).stdout)
    assert report["summary"]["passed"] > 0
    return [r for r in report["results"] if r["status"] == "FAIL"]


@pytest.mark.parametrize("kind", list(KINDS))
@pytest.mark.parametrize("level", LEVELS)
def test_every_starter_renders_as_is_and_passes_the_checks(tmp_path, level, kind):
    path = init(tmp_path, level, kind, "--year", "2026")
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=cppcc-plan.schema.json\n")
    assert (tmp_path / "cppcc-plan.schema.json").is_file()
    data = yaml.safe_load(text)
    assert data["unit"]["level"] == level and data["year"] == 2026
    assert list(data)[-1] == KINDS[kind].key            # the document block, after the data
    out = render(path, kind)
    result = shared_tool(VALIDATE_XSD, str(out))
    assert "valid: 0 error(s)" in result.stdout, result.stdout + result.stderr
    assert checker_failures(out) == []
    body = "".join(DocxReader(out).texts())
    words = LEVEL_WORDS[Level(level)]
    assert words.party_committee in body and "{党委}" not in body
    assert f"某某{level}" in body


def test_a_named_starter_is_lint_clean(tmp_path):
    """With the unit's name given, nothing in the starter's wording is left to fill in."""
    for level in LEVELS:
        for kind in KINDS:
            path = init(tmp_path, level, kind, "--name", f"新安{level}")
            result = cli("lint", str(path))
            assert result.exit_code == 0 and "警告" not in result.stderr, (level, kind, result.stderr)
            path.unlink()
            path.with_name(path.stem + ".records.csv").unlink(missing_ok=True)


def test_an_unnamed_starter_says_what_to_fill_in(tmp_path):
    result = cli("init", "--level", "乡", "-o", str(tmp_path / "x.yaml"))
    assert "单位名称暂写作“某某乡”" in result.stderr
    assert "“某某”" in cli("validate", str(tmp_path / "x.yaml")).stderr     # lint's warning


def test_every_key_of_the_starter_is_explained(tmp_path):
    """Each line that sets a key either carries a comment or follows one, in Chinese."""
    text = init(tmp_path, "镇", "plan").read_text(encoding="utf-8")
    lines = text.splitlines()
    for number, line in enumerate(lines):
        if line.strip().startswith("#") or ":" not in line or line.startswith("    "):
            continue                      # comments, and the sample wording itself
        previous = lines[number - 1].strip() if number else ""
        assert "#" in line or previous.startswith("#"), line


@pytest.mark.parametrize("kind", list(KINDS))
def test_starter_lays_out_in_libreoffice(tmp_path, kind):
    reason = libreoffice_missing()
    if reason:
        pytest.skip(reason)
    out = render(init(tmp_path, "县", kind), kind)
    assert checker_failures(out, "--render", str(tmp_path / "render")) == []


def test_summary_starter_has_its_records_sheet(tmp_path):
    path = init(tmp_path, "街道", "summary", "--year", "2026")
    sheet = tmp_path / "街道-summary.records.csv"
    rows = sheet.read_text(encoding="utf-8-sig").splitlines()
    assert rows[0].startswith("日期,类型,内容,") and "参加委员" in rows[0]
    assert len(rows) == 5 and all(row.startswith("2026-") for row in rows[1:])
    text = "".join(DocxReader(render(path, "summary")).texts())
    # four records: two studies of four members each, one inspection of three
    assert "全年共开展集中学习活动2次，参加委员8人次" in text
    assert "收集群众反映问题5件，协调有关部门解决3件" in text
    # the sheet's 内容 says 学习…/视察…; the sentence gives the verb once
    assert "学习了全国两会精神、人民政协理论" in text
    assert "就重点项目建设情况开展视察" in text and "学习了学习" not in text


def test_init_never_overwrites(tmp_path):
    path = tmp_path / "plan.yaml"
    path.write_text("mine\n", encoding="utf-8")
    result = cli("init", "--level", "镇", "-o", str(path))
    assert result.exit_code == 2 and "文件已存在，不覆盖" in result.stderr
    assert path.read_text(encoding="utf-8") == "mine\n"


def test_init_needs_a_level_or_a_previous_file(tmp_path):
    result = cli("init", "-o", str(tmp_path / "x.yaml"))
    assert result.exit_code == 2 and "--level" in result.stderr
    assert not (tmp_path / "x.yaml").exists()


def test_next_year_from_this_years_file(tmp_path):
    this_year = tmp_path / "北辛街道2024.yaml"
    this_year.write_text((EXAMPLES / "street-summary.yaml").read_text(encoding="utf-8"),
                         encoding="utf-8")
    (tmp_path / "北辛街道2024.records.csv").write_text(
        (EXAMPLES / "street-summary.records.csv").read_text(encoding="utf-8-sig"),
        encoding="utf-8")
    result = cli("init", "--from", str(this_year))
    assert result.exit_code == 0, result.stderr
    next_year = tmp_path / "北辛街道2025.yaml"
    text = next_year.read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    assert data["year"] == 2025 and str(data["plan"]["date"]) == "2025-01-15"
    assert "summary" not in data and "records" not in data
    assert not (tmp_path / "北辛街道2025.records.csv").exists()
    old = (EXAMPLES / "street-summary.yaml").read_text(encoding="utf-8")
    assert "# 委员名单：" in text and old.count("\n  - 王建华") == text.count("\n  - 王建华")
    # every line still naming 2024 is listed, with its line number, and nothing else
    stale = [n for n, line in enumerate(text.splitlines(), 1) if "2024" in line]
    listed = [line for line in result.stderr.splitlines() if line.startswith("仍写着 2024 年")]
    assert stale and [int(line.split(":")[1]) for line in listed] == stale
    out = render(next_year, "plan")
    assert DocxReader(out).texts()[0] == "北辛街道政协工作室2025年工作计划"


def test_next_year_keeps_the_unit(tmp_path):
    result = cli("init", "--from", str(EXAMPLES / "street-plan.yaml"), "--level", "镇",
                 "-o", str(tmp_path / "x.yaml"))
    assert result.exit_code == 2 and "不能再写 --level 或 --name" in result.stderr
    assert not (tmp_path / "x.yaml").exists()


def test_next_year_moves_a_leap_day(tmp_path):
    this_year = tmp_path / "y2024.yaml"
    this_year.write_text("unit: {name: 甲镇, level: 镇, body: 政协联络组}\nyear: 2024\nplan:\n"
                         "  date: 2024-02-29\n  sections:\n    - title: 一\n", encoding="utf-8")
    assert cli("init", "--from", str(this_year)).exit_code == 0
    text = (tmp_path / "y2025.yaml").read_text(encoding="utf-8")
    assert "date: 2025-02-28" in text
    # a file written before the schema existed gets its first line
    assert text.startswith("# yaml-language-server: $schema=cppcc-plan.schema.json\nunit:")
    assert (tmp_path / "cppcc-plan.schema.json").is_file()


def test_templates_list_show_export(tmp_path):
    listing = cli("templates", "list")
    assert listing.exit_code == 0
    names = [line.split()[0] for line in listing.stdout.splitlines()]
    assert {"document.j2", "closing.j2", "item.j2"} <= set(names)
    shown = cli("templates", "show", "closing")
    assert shown.exit_code == 0 and "【署名】{{ signature }}" in shown.stdout
    missing = cli("templates", "show", "closng")
    assert missing.exit_code == 2 and "没有这个内置模板" in missing.stderr
    folder = tmp_path / "我的模板"
    assert cli("templates", "export", str(folder)).exit_code == 0
    assert sorted(p.name for p in folder.glob("*.j2")) == sorted(names)


def test_an_exported_folder_works_unchanged_and_an_edit_shows(tmp_path):
    source = EXAMPLES / "street-plan.yaml"
    builtin = DocxReader(render_to(source, tmp_path / "builtin.docx")).texts()
    folder = tmp_path / "模板"
    cli("templates", "export", str(folder))
    unchanged = DocxReader(render_to(source, tmp_path / "unchanged.docx", "--templates",
                                     str(folder))).texts()
    assert unchanged == builtin
    closing = folder / "closing.j2"
    closing.write_text(closing.read_text(encoding="utf-8").replace(
        "【署名】{{ signature }}", "【署名】{{ signature }}（盖章）"), encoding="utf-8")
    # a new process, as the clerk's next run is (templates compile once per process)
    done = subprocess.run([sys.executable, "-m", "cppcc_plan", "render", str(source), "-o",
                           str(tmp_path / "edited.docx"), "--templates", str(folder)],
                          capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stderr
    edited = DocxReader(tmp_path / "edited.docx").texts()
    assert "北辛街道政协工作室（盖章）" in edited
    second = cli("templates", "export", str(folder))          # a second export keeps the edit
    assert "已存在，未覆盖" in second.stderr and "（盖章）" in closing.read_text(encoding="utf-8")


def render_to(source, out, *extra):
    result = cli("render", str(source), "-o", str(out), *extra)
    assert result.exit_code == 0, result.stderr
    return out
