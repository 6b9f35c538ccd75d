"""Bad input of every kind a clerk's machine produces: a Chinese message with file:line:column
and the YAML path, exit status 2, no traceback, and no output file."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import EXAMPLES, ROOT, cli

STREET = EXAMPLES / "street-plan.yaml"
GOOD = STREET.read_text(encoding="utf-8")


def line_of(text: str) -> int:
    """The 1-based line of the example where a line of exactly this text stands."""
    return GOOD.splitlines().index(text) + 1


YEAR_LINE = line_of("year: 2024")
LEVEL_LINE = line_of("  level: 街道")


def write(tmp_path: Path, text: str, name: str = "plan.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def render_bad(tmp_path: Path, path: Path, *extra: str):
    out = tmp_path / "out" / "result.docx"
    result = cli("render", str(path), "-o", str(out), *extra)
    assert result.exit_code == 2, result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert not out.exists()
    leftovers = list((tmp_path / "out").glob("*")) if (tmp_path / "out").exists() else []
    assert leftovers == []
    return result.stderr


def test_yaml_syntax_error(tmp_path):
    path = write(tmp_path, GOOD.replace("  level: 街道", "  level: 街道\n   body2 x: : y"))
    err = render_bad(tmp_path, path)
    assert f"{path}:{LEVEL_LINE + 1}:11:" in err and "YAML 格式错误" in err


def test_tab_indentation(tmp_path):
    path = write(tmp_path, GOOD.replace("  level: 街道", "\tlevel: 街道"))
    err = render_bad(tmp_path, path)
    assert f"{path}:{LEVEL_LINE}:1:" in err and "制表符" in err


def test_missing_required_field(tmp_path):
    path = write(tmp_path, GOOD.replace("  date: 2024-01-15\n", ""))
    err = render_bad(tmp_path, path)
    assert f"{path}:{line_of('plan:')}:1: plan: 缺少必填项 “date”（成文日期" in err


def test_wrong_type(tmp_path):
    path = write(tmp_path, GOOD.replace("year: 2024", "year: 二〇二四"))
    err = render_bad(tmp_path, path)
    assert f"{path}:{YEAR_LINE}:7: year: 应为整数，这里写的是 “二〇二四”" in err


def test_wrong_enum_value(tmp_path):
    path = write(tmp_path, GOOD.replace("level: 街道", "level: 社区"))
    err = render_bad(tmp_path, path)
    assert "unit.level: 应为以下之一：街道、镇、乡、县、区、市，这里写的是 “社区”" in err


def test_unknown_key_with_suggestion(tmp_path):
    path = write(tmp_path, GOOD.replace("  preamble: >-", "  preambel: >-"))
    err = render_bad(tmp_path, path)
    line = line_of("  preamble: >-")
    assert f"{path}:{line}:3: plan.preambel: 未知的键 “preambel”（是否想写 “preamble”？）" in err


def test_nested_unknown_key(tmp_path):
    path = write(tmp_path, GOOD.replace("        - lead: 落实委员接待制度。",
                                        "        - leed: 落实委员接待制度。"))
    err = render_bad(tmp_path, path)
    assert "plan.sections[1].items[2].items[1].leed: 未知的键 “leed”（是否想写 “lead”？）" in err


def test_all_problems_at_once(tmp_path):
    text = GOOD.replace("year: 2024", "year: x").replace("  preamble: >-", "  preambel: >-")
    err = render_bad(tmp_path, write(tmp_path, text))
    assert "year: 应为整数" in err and "未知的键 “preambel”" in err


def test_python_tag_refused(tmp_path):
    path = write(tmp_path, GOOD.replace("year: 2024",
                                        'year: !!python/object/apply:os.system ["echo pwned"]'))
    err = render_bad(tmp_path, path)
    assert f"{path}:{YEAR_LINE}:7: year: 不支持的 YAML 标签 “tag:yaml.org,2002:python/object/apply:os.system”" \
        in err


def test_alias_bomb_refused(tmp_path):
    bomb = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i, name in enumerate("bcdefghi"):
        prev = "abcdefghi"[i]
        bomb.append(f"{name}: &{name} [{', '.join(['*' + prev] * 9)}]")
    path = write(tmp_path, "\n".join(bomb) + "\n")
    started = time.monotonic()
    err = render_bad(tmp_path, path)
    assert time.monotonic() - started < 5
    assert "别名" in err and "展开后的内容超过" in err


def test_missing_input_file(tmp_path):
    err = render_bad(tmp_path, tmp_path / "nope.yaml")
    assert f"{tmp_path / 'nope.yaml'}: 找不到这个文件" in err


def test_undefined_template_variable(tmp_path):
    templates = tmp_path / "tpl"
    templates.mkdir()
    (templates / "closing.j2").write_text("【署名】{{ signature }}\n【日期】{{ dat }}\n",
                                          encoding="utf-8")
    err = render_bad(tmp_path, STREET, "--templates", str(templates))
    assert f"{templates / 'closing.j2'}:2: 模板使用了未定义的变量：dat" in err


def test_template_syntax_error(tmp_path):
    templates = tmp_path / "tpl"
    templates.mkdir()
    (templates / "closing.j2").write_text("【署名】{{ signature }\n", encoding="utf-8")
    err = render_bad(tmp_path, STREET, "--templates", str(templates))
    assert f"{templates / 'closing.j2'}:1: 模板语法错误" in err


def test_sandbox_blocks_internals(tmp_path):
    templates = tmp_path / "tpl"
    templates.mkdir()
    (templates / "closing.j2").write_text(
        "【署名】{{ signature.__class__.__mro__[1].__subclasses__() }}\n", encoding="utf-8")
    err = render_bad(tmp_path, STREET, "--templates", str(templates))
    assert "closing.j2:1" in err


@pytest.mark.parametrize("case, text, expected", [
    ("duplicate key", GOOD.replace("year: 2024", "year: 2024\nyear: 2025"),
     f"键 “year” 重复出现（第一次在第 {YEAR_LINE} 行）"),
    ("impossible date", GOOD.replace("2024-01-15", "2024-02-30"), "不是有效的日期"),
    ("empty file", "", "文件是空的"),
    ("top-level list", "- a\n- b\n", "最外层应为键值对"),
    ("unknown placeholder", GOOD.replace("{党委}", "{党工委}"), "未知的占位符 “{党工委}”"),
    ("date of another year", GOOD.replace("2024-01-15", "2021-01-15"), "与年度 2024 不符"),
    ("title and lead together", GOOD.replace("    - title: 创新组织形式",
                                             "    - lead: 重复。\n      title: 创新组织形式"),
     "二者只能选一个"),
    ("list where text expected", GOOD.replace("  name: 北辛街道", "  name: [北辛街道]"),
     "unit.name: 应为一段文字"),
    ("too deep", GOOD.replace("              text: 每月确定一名委员到政协工作室接待居民群众，做好接待记录。",
                              "              items:\n                - lead: 一\n"
                              "                  items:\n                    - lead: 二"),
     "条目层级超过 4 层"),
])
def test_other_bad_input(tmp_path, case, text, expected):
    err = render_bad(tmp_path, write(tmp_path, text))
    assert expected in err, case
    assert err.startswith(f"错误：{tmp_path / 'plan.yaml'}")


def test_output_never_overwrites_the_year_file(tmp_path):
    source = write(tmp_path, GOOD)
    result = cli("render", str(source), "-o", str(source))
    assert result.exit_code == 2 and "不认识的输出格式“.yaml”" in result.stderr
    named_like_text = write(tmp_path, GOOD, "plan.txt")      # a year file with an output's suffix
    result = cli("render", str(named_like_text), "-o", str(named_like_text))
    assert result.exit_code == 2 and "会覆盖年度文件" in result.stderr
    assert source.read_text(encoding="utf-8") == GOOD
    assert named_like_text.read_text(encoding="utf-8") == GOOD


def test_binary_file_refused(tmp_path):
    path = tmp_path / "plan.yaml"
    path.write_bytes(b"PK\x03\x04\x00\x00binary")
    assert "不是文本文件" in render_bad(tmp_path, path)


def test_undecodable_file_names_encoding(tmp_path):
    path = tmp_path / "plan.yaml"
    path.write_bytes(GOOD.encode("utf-8")[:200] + b"\xff\xfe\xfa\n")
    err = render_bad(tmp_path, path)
    assert "既不是 UTF-8 编码也不是 GBK 编码" in err and "另存为" in err


def test_windows_encodings_give_the_same_document(tmp_path):
    clean = tmp_path / "clean.docx"
    assert cli("render", str(STREET), "-o", str(clean)).exit_code == 0
    crlf = GOOD.replace("\n", "\r\n")
    variants = {"bom-crlf": b"\xef\xbb\xbf" + crlf.encode("utf-8"), "gbk": crlf.encode("gbk")}
    for name, data in variants.items():
        source = tmp_path / f"{name}.yaml"
        source.write_bytes(data)
        out = tmp_path / f"{name}.docx"
        result = cli("render", str(source), "-o", str(out))
        assert result.exit_code == 0, result.stderr
        assert out.read_bytes() == clean.read_bytes(), name
        if name == "gbk":
            assert "按 GBK 编码读取" in result.stderr


def test_default_output_beside_input(tmp_path):
    source = write(tmp_path, GOOD, "北辛.yaml")
    result = cli("render", str(source))
    assert result.exit_code == 0 and (tmp_path / "北辛.docx").exists()


def test_stdin_to_stdout(tmp_path):
    result = subprocess.run([sys.executable, "-m", "cppcc_plan", "render", "-", "-o", "-"],
                            input=GOOD.encode("utf-8"), capture_output=True, cwd=ROOT,
                            timeout=60)
    assert result.returncode == 0, result.stderr.decode()
    assert result.stdout[:2] == b"PK"


def test_validate_command(tmp_path):
    assert cli("validate", str(STREET)).exit_code == 0
    bad = write(tmp_path, GOOD.replace("year: 2024", "year: x"))
    result = cli("validate", str(bad))
    assert result.exit_code == 2 and "year: 应为整数" in result.stderr


def test_usage_errors_exit_2():
    result = cli("render")
    assert result.exit_code == 2 and "缺少参数" in result.stderr
    result = cli("render", str(STREET), "--bogus")
    assert result.exit_code == 2 and "没有选项 '--bogus'" in result.stderr


def test_help_and_version():
    result = cli("--version")
    assert result.exit_code == 0 and result.stdout.startswith("cppcc-plan 0.")
    for command in ([], ["render"], ["validate"]):
        result = cli(*command, "--help")
        assert result.exit_code == 0
        assert "Usage:" in result.stdout or "用法" in result.stdout
    render_help = cli("render", "--help").stdout
    for option in ("--output", "--templates", "--help"):
        assert option in render_help


def test_real_process_bad_input_is_quick_and_quiet(tmp_path):
    """A whole process, as a clerk runs it: no traceback, status 2, promptly."""
    path = write(tmp_path, GOOD.replace("year: 2024", "year: x"))
    started = time.monotonic()
    result = subprocess.run([sys.executable, "-m", "cppcc_plan", "render", str(path)],
                            capture_output=True, text=True, cwd=ROOT, timeout=60,
                            stdin=subprocess.DEVNULL)
    elapsed = time.monotonic() - started
    assert result.returncode == 2
    assert "Traceback" not in result.stderr and "year: 应为整数" in result.stderr
    assert elapsed < 10      # a hang (not speed) is what this guards against
    assert not (tmp_path / "plan.docx").exists()


@pytest.mark.parametrize("command", ["render", "batch"])
def test_missing_templates_folder_is_bad_usage(tmp_path, command):
    missing = tmp_path / "没有这个目录"
    args = (["render", str(STREET), "-o", str(tmp_path / "x.docx")] if command == "render" else
            ["batch", str(EXAMPLES / "county-batch" / "base.yaml"),
             str(EXAMPLES / "county-batch" / "units.csv"), "-o", str(tmp_path / "out")])
    result = cli(*args, "--templates", str(missing))
    assert result.exit_code == 2
    assert f"{missing}: 模板目录不存在" in result.stderr
    assert not list(tmp_path.rglob("*.docx"))


# --- Messages in one language ------------------------------------------------------------------

ENGLISH = ("Usage", "Error", "Invalid", "Missing", "Choose", "Show this", "not one of",
           "does not", "No such", "Try ")


@pytest.mark.parametrize("args, expected", [
    (["render"], "错误：缺少参数 'YEAR_FILE'（运行 cppcc-plan render --help 查看用法）"),
    (["render", str(STREET), "--kind", "plna"], "'-k' / '--kind' 的取值不正确：'plna' 不是可选的值"),
    (["render", str(STREET), "--until", "2024/6/30"],
     "'--until' 的取值不正确：应为日期，写作 2024-06-30，这里写的是 “2024/6/30”"),
    (["rendr"], "没有命令 'rendr'。 是否想写 'render'？"),
    (["batch", "a.yaml", "b.csv"], "缺少选项 '-o' / '--output'"),
    (["batch", "a.yaml", "b.csv", "-o", "out", "--jobs", "0"], "'-j' / '--jobs' 的取值不正确"),
    (["init", "--level", "社区"], "'-l' / '--level' 的取值不正确：'社区' 不是可选的值，可选：'街道', '镇'"),
])
def test_clicks_own_messages_are_chinese(args, expected):
    result = cli(*args)
    assert result.exit_code == 2
    assert expected in result.stderr
    assert not any(word in result.stderr for word in ENGLISH), result.stderr


@pytest.mark.parametrize("command", [[], ["render"], ["validate"], ["batch"], ["init"],
                                     ["templates"], ["preview"]])
def test_help_is_chinese(command):
    result = cli(*command, "--help")
    assert result.exit_code == 0
    assert result.stdout.startswith("用法：cppcc-plan")
    assert "显示本帮助并退出。" in result.stdout and "\n选项：\n" in result.stdout
    assert not any(word in result.stdout for word in ENGLISH), result.stdout


def test_help_fits_the_terminal_and_runs_on_without_spaces():
    """Lines are measured in columns (a Chinese character takes two), so they fit 80 columns;
    a docstring's line break inside a Chinese sentence is not printed as a space."""
    from cppcc_plan.clickzh import columns
    help_text = cli("batch", "--help").stdout
    assert max(columns(line) for line in help_text.splitlines()) <= 80
    assert "YAML 文件的目录；表格的列名是" in "".join(line.strip() for line in help_text.splitlines())
    assert not any(line.strip().startswith(("，", "。", "；", "）")) for line in help_text.splitlines())


def first_problem(tmp_path, text: str) -> str:
    result = cli("validate", str(write(tmp_path, text)))
    assert result.exit_code == 2
    return result.stderr.splitlines()[0]


def test_full_width_colon_is_named_on_its_line(tmp_path):
    text = GOOD.replace("  level: 街道", "  level：街道")
    assert first_problem(tmp_path, text) == (
        f"错误：{tmp_path / 'plan.yaml'}:{LEVEL_LINE}:8: 键 “level” 后面用了中文全角冒号“：”"
        "（键后面要用英文半角冒号加一个空格，写作“level: ”）")


def test_full_width_colon_that_yaml_accepts_as_text(tmp_path):
    """`name：北辛街道` alone under unit: is valid YAML (a text); still named as the slip."""
    text = "unit:\n  name：北辛街道\nyear: 2024\nplan:\n  date: 2024-01-15\n  sections:\n" \
           "    - title: 一\n"
    assert first_problem(tmp_path, text).endswith(
        ":2:7: unit: 键 “name” 后面用了中文全角冒号“：”（键后面要用英文半角冒号加一个空格，写作“name: ”）")


def test_full_width_space_in_an_indent(tmp_path):
    text = GOOD.replace("  level: 街道", " \u3000level: 街道")
    assert f":{LEVEL_LINE}:2: " in first_problem(tmp_path, text)
    assert "缩进里有中文全角空格“　”" in first_problem(tmp_path, text)


@pytest.mark.parametrize("text, message", [
    ("year: 2024\nunit: [unclosed", "方括号“[”没有闭合"),
    ("year: 2024\nunit: {name: 北辛街道\nplan:\n  date: 2024-01-15\n", "花括号“{”没有闭合"),
    ('year: 2024\nunit: "北辛街道\nplan:\n  date: 2024-01-15\n', "引号没有闭合"),
])
def test_unclosed_marks_are_reported_where_they_were_opened(tmp_path, text, message):
    line = first_problem(tmp_path, text)
    assert f"{tmp_path / 'plan.yaml'}:2:7: YAML 格式错误：{message}" in line


def test_a_list_position_is_counted_from_one_and_names_the_item(tmp_path):
    text = GOOD.replace("      text: 为使本计划落到实处", "      txet: 为使本计划落到实处")
    assert "plan.sections[4]（“加强组织领导，确保各项工…”）.txet: 未知的键 “txet”" in \
        first_problem(tmp_path, text)


def test_template_errors_suggest_the_variable(tmp_path):
    templates = tmp_path / "tpl"
    templates.mkdir()
    (templates / "item.j2").write_text("【正文】{{ item.number }}{{ item.titel }}\n",
                                       encoding="utf-8")
    err = render_bad(tmp_path, STREET, "--templates", str(templates))
    assert f"{templates / 'item.j2'}:1: 模板使用了未定义的变量：titel（是否想写 “title”？）" in err


# --- --set, JSON problems, --quiet, completion -------------------------------------------------

def test_set_reaches_list_items_as_messages_count_them(tmp_path, read_docx):
    out = tmp_path / "x.docx"
    result = cli("render", str(STREET), "-o", str(out),
                 "--set", "plan.sections[2].title=创新组织形式，拓宽履职渠道",
                 "--set", "plan.sections[1].items[2].lead=加强制度建设。")
    assert result.exit_code == 0, result.stderr
    texts = read_docx(out).texts()
    assert "二、创新组织形式，拓宽履职渠道" in texts
    assert any(t.startswith("（二）加强制度建设。修订完善") for t in texts)


@pytest.mark.parametrize("override, message", [
    ("plan.sections[9].title=x", "--set plan.sections[9].title=x: plan.sections 只有 4 项，没有第 9 项"),
    ("plan.sections[0].title=x", "列表位置从 1 数起，这里写的是 [0]"),
    ("plan.sections[x]=y", "应写作 键路径=值"),
    ("year[1]=2024", "year 不是列表"),
    ("plan.sections[1].generate=weekly", "--set plan.sections[1].generate=weekly: "
                                         "plan.sections[1]（“完善工作机制，增强做好政…”）.generate: 应为以下之一"),
])
def test_set_problems_name_the_argument(override, message):
    result = cli("validate", str(STREET), "--set", override)
    assert result.exit_code == 2 and message in result.stderr, result.stderr


def test_set_reaches_list_items_in_a_batch(tmp_path, read_docx):
    out = tmp_path / "out"
    result = cli("batch", str(EXAMPLES / "county-batch" / "base.yaml"),
                 str(EXAMPLES / "county-batch" / "units.csv"), "-o", str(out), "-j", "1",
                 "--set", "plan.sections[1].title=统一改过的标题")
    assert result.exit_code == 0, result.stderr
    documents = sorted(out.glob("*.docx"))
    assert documents and all("一、统一改过的标题" in read_docx(d).texts() for d in documents)


def test_validate_json(tmp_path):
    import json
    good = cli("validate", str(STREET), "--format", "json")
    assert good.exit_code == 0
    assert json.loads(good.stdout) == {"file": str(STREET), "valid": True, "problems": []}
    path = write(tmp_path, GOOD.replace("year: 2024", "year: x").replace("  preamble: >-",
                                                                         "  preambel: >-"))
    bad = cli("validate", str(path), "--format", "json")
    assert bad.exit_code == 2
    report = json.loads(bad.stdout)
    assert report["valid"] is False
    assert report["problems"][0] == {"file": str(path), "line": YEAR_LINE, "column": 7,
                                     "path": "year", "message": "应为整数，这里写的是 “x”"}
    assert report["problems"][1]["path"] == "plan.preambel"
    assert report["problems"][1]["message"] == "未知的键 “preambel”（是否想写 “preamble”？）"


def test_quiet_leaves_only_errors(tmp_path):
    out = tmp_path / "x.docx"
    result = cli("render", str(STREET), "-o", str(out), "--quiet")
    assert result.exit_code == 0 and result.stderr == "" and out.exists()
    assert cli("validate", str(STREET), "-q").stderr == ""
    bad = write(tmp_path, GOOD.replace("year: 2024", "year: x"))
    assert "year: 应为整数" in cli("validate", str(bad), "-q").stderr


def test_shell_completion_script(tmp_path):
    env = {**os.environ, "_CPPCC_PLAN_COMPLETE": "bash_complete",
           "COMP_WORDS": "cppcc-plan init --level ", "COMP_CWORD": "3"}
    done = subprocess.run([sys.executable, "-m", "cppcc_plan"], capture_output=True, text=True,
                          cwd=ROOT, env=env, timeout=60)
    assert done.returncode == 0
    levels = ("街道", "镇", "乡", "县", "区", "市")
    assert done.stdout.split() == [f"plain,{level}" for level in levels]


def test_the_group_lists_every_command_it_runs():
    """cli.SHORT_HELP names the commands without importing them (for a quick --help)."""
    from cppcc_plan.cli import SHORT_HELP
    from cppcc_plan.commands import COMMANDS
    assert sorted(SHORT_HELP) == sorted(COMMANDS)
    listing = cli("--help").stdout
    assert all(f"\n  {name} " in listing for name in COMMANDS)
