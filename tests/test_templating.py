"""Templates: a clerk's directory overrides single templates; the rest stay built in."""

import re

from conftest import EXAMPLES, DocxReader, cli

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
