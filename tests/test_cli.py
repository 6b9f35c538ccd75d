"""Bad input of every kind a clerk's machine produces: a Chinese message with file:line:column
and the YAML path, exit status 2, no traceback, and no output file."""

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
