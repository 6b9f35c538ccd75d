"""Templates: a clerk's directory overrides single templates; the rest stay built in."""

import re
import subprocess
import sys
import time

import pytest

from conftest import EXAMPLES, ROOT, DocxReader, cli

from cppcc_plan.templating import BUILTIN_DIR

STREET = EXAMPLES / "street-plan.yaml"


def test_one_template_overridden_rest_built_in(tmp_path):
    templates = tmp_path / "tpl"
    templates.mkdir()
    (templates / "closing.j2").write_text(
        "【正文】特此报告。\n【署名】{{ unit.full_name }}（盖章）\n【日期】{{ date }}\n", encoding="utf-8")
    out = tmp_path / "out.docx"
    result = cli("render", str(STREET), "-o", str(out), "--templates", str(templates))
    assert result.exit_code == 0, result.stderr
    texts = DocxReader(out).texts()
    assert texts[-3:] == ["特此报告。", "北辛街道政协工作室（盖章）", "2024年1月15日"]
    assert texts[0] == "北辛街道政协工作室2024年工作计划"       # built-in title.j2
    assert any(t.startswith("一、完善工作机制") for t in texts)    # built-in section.j2


def test_builtin_templates_hold_no_formatting():
    """Wording only: no XML, fonts, sizes or Python calls in any built-in template."""
    for path in BUILTIN_DIR.rglob("*.j2"):
        text = path.read_text(encoding="utf-8")
        for forbidden in ("<w:", "仿宋", "黑体", "楷体", "小标宋", "import", "__"):
            assert forbidden not in text, (path, forbidden)
        assert not re.search(r"\d\s*(pt|磅|号字)", text), path


def test_user_text_cannot_inject_markup(tmp_path):
    text = STREET.read_text(encoding="utf-8").replace(
        "每月确定一名委员", "【一级标题】九、每月确定一名委员")
    source = tmp_path / "plan.yaml"
    source.write_text(text, encoding="utf-8")
    out = tmp_path / "out.docx"
    assert cli("render", str(source), "-o", str(out)).exit_code == 0
    doc = DocxReader(out)
    hit = [p for p in doc.paragraphs if "【一级标题】九、" in p.text]
    assert len(hit) == 1 and not hit[0].style.startswith("Heading")


# --- Hostile templates: each is exit 2 naming the template's file and line ------------------

HOSTILE = {
    "self include": ('{% include "title.j2" %}', "模板递归过深"),
    "self extends": ('{% extends "title.j2" %}', "模板递归过深"),
    "recursive macro": ("{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(1) }}", "模板递归过深"),
    "division by zero": ("【标题】{{ 1 / 0 }}", "除以零"),
    "unknown filter": ("【标题】{{ title | shout }}", "没有名为 “shout” 的过滤器"),
    "huge range": ("{% for i in range(10**9) %}{% endfor %}", "超过 5000000"),
    "huge string": ('【标题】{{ "x" * 10**9 }}', "模板生成的内容超过 5000000 个字符"),
    "huge centre": ('【标题】{{ "x" | center(10**9) }}', "超过 5000000"),
    "huge width": ('【标题】{{ "%*s" % (10**9, "x") }}', "超过 5000000"),
    "huge literal width": ('【标题】{{ "%1000000000s" % "x" }}', "超过 5000000"),
    "join bomb": ('{% set s = "x" * 1000000 %}【标题】{{ ([s] * 100000) | join }}',
                  "模板生成的内容超过 5000000 个字符"),
    "huge power": ("【标题】{{ 9 ** 99999999 }}", "数值计算结果过大"),
    "lipsum": ("【标题】{{ lipsum(10**6) }}", "未定义的变量：lipsum"),
    "chr overflow": ('【标题】{{ "%c" % 2**31 }}', "超过 5000000"),
    "control character": ('【标题】{{ "\\x01" }}', "控制字符 U+0001"),
    "too much output": ('{% for i in range(100000) %}【正文】{{ "x" * 1000 }}\n{% endfor %}',
                        "模板生成的内容超过 5000000 个字符"),
}


@pytest.mark.parametrize("case", HOSTILE)
def test_hostile_templates_are_bad_input_at_their_line(tmp_path, case):
    text, words = HOSTILE[case]
    templates = tmp_path / "tpl"
    templates.mkdir()
    (templates / "title.j2").write_text("{# 第一行是注释 #}\n" + text + "\n", encoding="utf-8")
    out = tmp_path / "out.docx"
    result = cli("render", str(STREET), "-o", str(out), "--templates", str(templates))
    assert result.exit_code == 2, result.stderr
    assert result.stderr.startswith(f"错误：{templates / 'title.j2'}:2: "), result.stderr
    assert words in result.stderr and not out.exists()


@pytest.mark.parametrize("body", [
    "{% set s = 'x' * 100000 %}{% for a in s %}{% for b in s %}{% endfor %}{% endfor %}",
    "{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}{% endfor %}"])
def test_endless_loops_stop_at_the_time_limit(tmp_path, monkeypatch, body):
    monkeypatch.setenv("CPPCC_PLAN_TEMPLATE_SECONDS", "0.5")
    templates = tmp_path / "tpl"
    templates.mkdir()
    (templates / "title.j2").write_text(body + "\n【标题】x\n", encoding="utf-8")
    started = time.perf_counter()
    result = cli("render", str(STREET), "-o", str(tmp_path / "o.docx"), "--templates",
                 str(templates))
    assert time.perf_counter() - started < 10      # stopped: the loop alone runs for hours
    assert result.exit_code == 2
    assert f"{templates / 'title.j2'}:1: 模板运行超过 0.5 秒，已停止" in result.stderr
    assert "CPPCC_PLAN_TEMPLATE_SECONDS" in result.stderr


def test_output_limit_is_configurable(tmp_path, monkeypatch):
    out = tmp_path / "o.docx"
    monkeypatch.setenv("CPPCC_PLAN_TEMPLATE_CHARS", "1000")
    result = cli("render", str(STREET), "-o", str(out))
    assert result.exit_code == 2 and "模板生成的内容超过 1000 个字符" in result.stderr
    monkeypatch.setenv("CPPCC_PLAN_TEMPLATE_CHARS", "很多")
    result = cli("render", str(STREET), "-o", str(out))
    assert result.exit_code == 2
    assert "环境变量 CPPCC_PLAN_TEMPLATE_CHARS: 应为正数，这里是 “很多”" in result.stderr


@pytest.mark.parametrize("link", ["file", "folder"])
def test_no_file_outside_the_template_folders_is_read(tmp_path, link):
    secret = tmp_path / "elsewhere"
    secret.mkdir()
    (secret / "title.j2").write_text("【标题】机密内容\n", encoding="utf-8")
    templates = tmp_path / "tpl"
    templates.mkdir()
    if link == "file":
        (templates / "title.j2").symlink_to(secret / "title.j2")
        (templates / "preamble.j2").write_text('{% include "title.j2" %}\n', encoding="utf-8")
    else:
        (templates / "inner").symlink_to(secret, target_is_directory=True)
        (templates / "title.j2").write_text('{% include "inner/title.j2" %}\n',
                                            encoding="utf-8")
    out = tmp_path / "out.docx"
    result = cli("render", str(STREET), "-o", str(out), "--templates", str(templates))
    assert result.exit_code == 2 and "链接到模板目录以外的文件" in result.stderr
    assert not out.exists()


def test_data_comes_out_literally(tmp_path):
    """Private use (the markup's own escape among them), markers, Jinja braces, XML's
    specials and Extension B, all as written."""
    literal = "\ue000e\ue000【正文】{{ x }}{%&<>\"'\U00020000\U0002a6d6\uf8ff一二"
    source = tmp_path / "plan.yaml"
    source.write_text(STREET.read_text(encoding="utf-8").replace(
        "text: 每月确定一名委员到政协工作室接待居民群众，做好接待记录。",
        'text: "' + literal.replace('"', '\\"') + '"'), encoding="utf-8")
    out = tmp_path / "out.docx"
    result = cli("render", str(source), "-o", str(out))
    assert result.exit_code == 0, result.stderr
    texts = DocxReader(out).texts()
    assert any(t.endswith(literal) for t in texts), [t for t in texts if "正文" in t]


def test_an_edited_template_is_compiled_again_not_taken_from_the_cache(tmp_path):
    templates = tmp_path / "tpl"
    templates.mkdir()
    closing = templates / "closing.j2"
    out = tmp_path / "out.docx"
    for words in ("特此报告。", "以上计划，请审议。"):          # the same name and path, twice
        closing.write_text(f"【正文】{words}\n【署名】{{{{ unit.full_name }}}}\n【日期】{{{{ date }}}}\n",
                           encoding="utf-8")
        result = subprocess.run(       # a process each: the cache kept on disk is what counts
            [sys.executable, "-m", "cppcc_plan", "render", str(STREET), "-o", str(out),
             "--templates", str(templates), "--force"], capture_output=True, text=True, cwd=ROOT)
        assert result.returncode == 0, result.stderr
        assert DocxReader(out).texts()[-3] == words


def test_a_temporary_folder_without_room_for_the_cache_still_renders(tmp_path, monkeypatch):
    """No cache folder of the user's own can be made there; the templates then
    compile in every process, as without a cache."""
    import tempfile
    from cppcc_plan import templating
    not_a_folder = tmp_path / "tmp"
    not_a_folder.write_text("", encoding="utf-8")
    monkeypatch.setattr(tempfile, "tempdir", str(not_a_folder))
    templating.environment.cache_clear()
    try:
        assert templating.template_cache() is None
        out = tmp_path / "out.docx"
        result = cli("render", str(STREET), "-o", str(out))
        assert result.exit_code == 0, result.stderr
        assert DocxReader(out).texts()[0] == "北辛街道政协工作室2024年工作计划"
    finally:
        templating.environment.cache_clear()
