"""Importing Word files made by other writers: python-docx's plain API, LibreOffice converting
an .odt, and a file numbered by Word's own lists (w:numPr + numbering.xml). Each imported
year file passes our validation, and rendering it gives the same text, paragraph by
paragraph, with the numbers recomputed."""

import datetime
import re
import shutil
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import docx
import pytest
import yaml
from docx.oxml import parse_xml

from conftest import GONGWEN_CHECK, VALIDATE_XSD, DocxReader, cli, shared_tool
from cppcc_plan import api
from cppcc_plan.errors import InputError
from cppcc_plan.importing import wordfile
from cppcc_plan.importing.document import import_to_file, import_word
from cppcc_plan.importing.marks import cn_value, parse_date

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def texts(path: Path) -> list[str]:
    """The document's paragraphs (table cells included), a title's line breaks removed."""
    return [t.replace("\n", "") for t in DocxReader(path).texts()]


def imported_and_rendered(source: Path, tmp_path: Path):
    """Import, check with our own validation, render: (year file data, warnings, texts)."""
    target, imported, problems = import_to_file(source, tmp_path / "imported.yaml")
    assert problems == []
    _, year_file = api.load_year_file(target)
    out = tmp_path / "back.docx"
    out.write_bytes(api.render_document(year_file, imported.kind))
    return yaml.safe_load(target.read_text(encoding="utf-8")), imported.warnings, texts(out)


# (a) python-docx's plain API: typed numbers, a run-in lead, a table, a signature and date.
STREET = [
    "各社区政协联络站：",
    "2024年，政协工作室在街道党工委的领导下，结合我街实际，特制订本计划。",
    "一、加强学习，提高履职能力",
    "（一）加强理论学习。每季度组织委员集中学习一次，全街委员参加。",
    "（二）加强业务培训。每半年组织一次业务培训。",
    "培训内容由政协工作室商街道办事处确定。",
    "二、开展协商活动",
    "全年安排协商活动3次，具体安排见附件。",
    "1.围绕老旧小区改造开展协商，形成协商意见报街道党工委。",
    "三、加强自身建设",
    "（一）完善制度",
    "1.落实委员接待制度。每月确定一名委员到政协工作室接待居民群众。",
    "2.落实工作例会制度。",
    "（二）强化保障",
    "附件：2024年协商活动安排表",
    "北辛街道政协工作室",
    "2024年1月15日",
]
TABLE = [("序号", "协商形式", "协商议题", "时间安排", "牵头单位"),
         ("1", "对口协商", "围绕老旧小区改造开展对口协商", "3月", "街道政协工作室"),
         ("2", "对口协商", "围绕背街小巷整治开展对口协商", "第二季度", "街道城管办"),
         ("3", "界别协商", "围绕辖区小微企业发展开展界别协商", "第四季度", "街道经济办")]


@pytest.fixture(scope="module")
def street_docx(tmp_path_factory) -> Path:
    document = docx.Document()
    document.add_heading("北辛街道政协工作室2024年工作计划", 0)
    for text in STREET:
        if text.startswith(("一、", "二、", "三、")):
            document.add_heading(text, 1)
        else:
            document.add_paragraph(text)
    document.add_page_break()
    document.add_paragraph("附件")
    document.add_paragraph("2024年协商活动安排表")
    table = document.add_table(rows=len(TABLE), cols=len(TABLE[0]))
    for row, values in zip(table.rows, TABLE):
        for cell, value in zip(row.cells, values):
            cell.text = value
    path = tmp_path_factory.mktemp("docx") / "北辛街道2024年工作计划.docx"
    document.save(path)
    return path


def test_python_docx_plan_round_trips(street_docx, tmp_path):
    data, warnings, rendered = imported_and_rendered(street_docx, tmp_path)
    # rendered, the 协商形式 column is one merged cell a form: a repeat prints nothing
    table_cells = [cell for i, row in enumerate(TABLE) for j, cell in enumerate(row)
                   if not (j == 1 and i > 1 and cell == TABLE[i - 1][1])]
    expected = ["北辛街道政协工作室2024年工作计划", *STREET[:-3], STREET[-3],
                STREET[-2], STREET[-1], "附件", "2024年协商活动安排表", *table_cells]
    assert rendered == expected


def test_python_docx_plan_fields(street_docx):
    imported = import_word(street_docx)
    data = imported.data
    assert imported.kind.name == "plan"
    assert data["unit"] == {"name": "北辛街道", "level": "街道", "body": "政协工作室"}
    assert data["year"] == 2024
    plan = data["plan"]
    assert "title" not in plan and "signature" not in plan          # both are the defaults
    assert plan["addressee"] == "各社区政协联络站"
    assert plan["date"] == datetime.date(2024, 1, 15)
    # level words and counts the data gives became placeholders
    assert plan["preamble"] == "{年度}，政协工作室在{党委}的领导下，结合{我单位}实际，特制订本计划。"
    first = plan["sections"][0]
    assert first["title"] == "加强学习，提高履职能力"
    assert first["items"][0] == {"lead": "加强理论学习。",
                                 "text": "每季度组织委员集中学习一次，{全域}委员参加。"}
    assert first["items"][1]["text"] == ["每半年组织一次业务培训。",
                                         "培训内容由政协工作室商{政府}确定。"]
    assert plan["sections"][1]["text"][0] == "全年安排协商活动{协商次数}次，具体安排见附件。"
    rules = plan["sections"][2]["items"][0]
    assert rules["title"] == "完善制度"
    assert rules["items"] == [{"lead": "落实委员接待制度。", "text": "每月确定一名委员到政协工作室接待居民群众。"},
                              {"lead": "落实工作例会制度。"}]
    assert plan["sections"][2]["items"][1] == {"title": "强化保障"}
    assert plan["attachments"] == [{"table": "consultations"}]
    assert data["consultations"] == [
        {"form": "对口协商", "topic": "围绕老旧小区改造开展对口协商", "month": 3, "lead_unit": "街道政协工作室"},
        {"form": "对口协商", "topic": "围绕背街小巷整治开展对口协商", "quarter": 2, "lead_unit": "街道城管办"},
        {"form": "界别协商", "topic": "围绕辖区小微企业发展开展界别协商", "quarter": 4,
         "lead_unit": "街道经济办"}]


def test_unplaced_paragraph_is_kept_and_named(street_docx):
    """"1." straight under "二、" in a file that uses （一）: no place in the ladder."""
    imported = import_word(street_docx)
    section = imported.data["plan"]["sections"][1]
    assert section["text"][1] == "1.围绕老旧小区改造开展协商，形成协商意见报{党委}。"
    assert "items" not in section
    messages = [str(w) for w in imported.warnings]
    assert any("（第10段）" in m and "无法归位" in m and "1.围绕老旧小区改造" in m for m in messages)


def test_cli_import_writes_a_valid_year_file(street_docx, tmp_path):
    out = tmp_path / "year.yaml"
    result = cli("import", str(street_docx), "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert "警告：" in result.stderr and f"已导入 {out}（工作计划）" in result.stderr
    assert out.read_text(encoding="utf-8").startswith("# 由 cppcc-plan import")
    assert cli("validate", str(out)).exit_code == 0
    assert cli("lint", str(out)).exit_code == 0


def test_renumbers_gaps_and_half_width_numbers(tmp_path):
    document = docx.Document()
    document.add_paragraph("杭埠镇政协联络组2024年工作计划")
    for text in ["一、主要工作", "1、建立学习制度。每季度学习一次。", "3.建立例会制度。每季度召开例会。",
                 "(1)通报镇情。", "三、工作要求", "全镇委员做到四个结合。", "2024年1月18日"]:
        document.add_paragraph(text)
    path = tmp_path / "plan.docx"
    document.save(path)
    data, warnings, rendered = imported_and_rendered(path, tmp_path)
    assert data["plan"]["numbering"] == {"ladder": "compact"}
    assert rendered == ["杭埠镇政协联络组2024年工作计划", "一、主要工作", "1.建立学习制度。每季度学习一次。",
                        "2.建立例会制度。每季度召开例会。", "（1）通报镇情。", "二、工作要求",
                        "全镇委员做到四个结合。", "杭埠镇政协联络组", "2024年1月18日"]
    messages = " ".join(str(w) for w in warnings)
    assert "“3.”按顺序应为“2.”" in messages and "“三、”按顺序应为“二、”" in messages
    assert "“、”" in messages and "半角括号" in messages


# (c) Word's own list numbering: the numbers exist only in numbering.xml.
NUMBERING = f"""<w:abstractNum xmlns:w="{W_NS}" w:abstractNumId="90">
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>
    <w:lvlText w:val="%1、"/></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>
    <w:lvlText w:val="（%2）"/></w:lvl>
  <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/>
    <w:lvlText w:val="%3."/></w:lvl>
</w:abstractNum>"""
NUM = f"""<w:num xmlns:w="{W_NS}" w:numId="90"><w:abstractNumId w:val="90"/></w:num>"""
NUMBERED = [  # (list level or None, paragraph text without its number)
    (None, "为做好本年度协商工作，制定本计划。"),
    (0, "指导思想"),
    (None, "以习近平新时代中国特色社会主义思想为指导，全面贯彻党的二十大精神。"),
    (0, "协商安排"),
    (1, "专题协商。围绕县域经济开展专题协商。"),
    (2, "围绕优化营商环境开展协商；"),
    (2, "围绕民营经济发展开展协商。"),
    (1, "对口协商"),
    (2, "围绕义务教育均衡发展开展对口协商。"),
    (0, "组织实施"),
    (1, "认真部署安排。报县委审定后组织实施。"),
]
NUMBERED_SHOWN = ["为做好本年度协商工作，制定本计划。", "一、指导思想",
                  "以习近平新时代中国特色社会主义思想为指导，全面贯彻党的二十大精神。", "二、协商安排",
                  "（一）专题协商。围绕县域经济开展专题协商。", "1.围绕优化营商环境开展协商；",
                  "2.围绕民营经济发展开展协商。", "（二）对口协商", "1.围绕义务教育均衡发展开展对口协商。",
                  "三、组织实施", "（一）认真部署安排。报县委审定后组织实施。"]


@pytest.fixture(scope="module")
def numbered_docx(tmp_path_factory) -> Path:
    document = docx.Document()
    numbering = document.part.numbering_part.element
    numbering.insert(0, parse_xml(NUMBERING))
    numbering.append(parse_xml(NUM))
    document.add_paragraph("政协壶关县委员会2024年度协商计划")
    for level, text in NUMBERED:
        paragraph = document.add_paragraph(text)
        if level is not None:
            paragraph._p.get_or_add_pPr().append(parse_xml(
                f'<w:numPr xmlns:w="{W_NS}"><w:ilvl w:val="{level}"/><w:numId w:val="90"/>'
                "</w:numPr>"))
    document.add_paragraph("政协壶关县委员会")
    document.add_paragraph("二〇二四年一月二十二日")
    path = tmp_path_factory.mktemp("numbered") / "协商计划.docx"
    document.save(path)
    return path


def test_word_numbering_is_read_as_shown(numbered_docx):
    paragraphs = [b.text for b in wordfile.read_word(numbered_docx)
                  if isinstance(b, wordfile.WordParagraph) and b.text]
    assert paragraphs[1:-2] == NUMBERED_SHOWN


def test_word_numbered_file_round_trips(numbered_docx, tmp_path):
    data, warnings, rendered = imported_and_rendered(numbered_docx, tmp_path)
    assert data["unit"] == {"name": "壶关县", "level": "县", "body": "政协",
                            "full_name": "政协壶关县委员会"}
    consultation = data["consultation"]
    assert consultation["title"] == "政协壶关县委员会{年度}度协商计划"
    assert consultation["date"] == datetime.date(2024, 1, 22)
    assert consultation["sections"][1]["items"][0]["items"][0] == {"lead": "围绕优化营商环境开展协商；"}
    assert rendered == ["政协壶关县委员会2024年度协商计划", *NUMBERED_SHOWN, "政协壶关县委员会",
                        "2024年1月22日"]


def test_start_override_and_deeper_levels_restart():
    root = ElementTree.fromstring(
        f'<w:numbering xmlns:w="{W_NS}">{NUMBERING}<w:num w:numId="7"><w:abstractNumId '
        'w:val="90"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="3"/></w:lvlOverride>'
        "</w:num></w:numbering>")
    numbering = wordfile.Numbering(root)
    labels = [numbering.label("7", level) for level in (0, 1, 1, 0, 1, 2)]
    assert labels == ["三、", "（一）", "（二）", "四、", "（一）", "1."]


# (b) LibreOffice converting an .odt written here (a 乡's 工作要点 with a 推进表).
ODT_BODY = [
    "龙泉乡政协联络组2024年工作要点",
    "2024年，乡政协联络组在乡党委的领导下，通过1类2个重点工作项目，推动全乡各项工作。",
    "一、强化学习",
    "1.组织集中学习。每季度组织委员集中学习一次。",
    "2.开展履职培训。",
    "二、助推发展",
    "3.开展专题调研。围绕我乡特色产业开展调研。",
    "4.开展民主监督。",
    "附件：2024年重点工作项目推进表",
    "龙泉乡政协联络组",
    "2024年2月1日",
    "附件",
    "2024年重点工作项目推进表",
]
ODT_TABLE = [("序号", "项目", "牵头领导", "解决问题", "工作措施", "工作目标", "完成时限"),
             ("1", "委员之家建设", "乡党委副书记", "委员活动场所不足", "改造活动室", "建成委员之家", "6月"),
             ("2", "特色产业调研", "联络组组长", "产业链条短", "组织专题调研", "形成调研报告", "10月")]
ODT_NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
          'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
          'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"')


def odt_content() -> str:
    paragraphs = "".join(f"<text:p>{t}</text:p>" for t in ODT_BODY)
    rows = "".join("<table:table-row>" + "".join(
        f'<table:table-cell office:value-type="string"><text:p>{c}</text:p></table:table-cell>'
        for c in row) + "</table:table-row>" for row in ODT_TABLE)
    table = (f'<table:table table:name="推进表"><table:table-column '
             f'table:number-columns-repeated="{len(ODT_TABLE[0])}"/>{rows}</table:table>')
    return (f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ODT_NS} '
            f'office:version="1.2"><office:body><office:text>{paragraphs}{table}'
            "</office:text></office:body></office:document-content>")


MANIFEST = ('<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest='
            '"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
            '<manifest:file-entry manifest:full-path="/" manifest:media-type='
            '"application/vnd.oasis.opendocument.text"/><manifest:file-entry manifest:full-path='
            '"content.xml" manifest:media-type="text/xml"/></manifest:manifest>')


@pytest.fixture(scope="module")
def odt_import(tmp_path_factory):
    """The .odt imported once (the import converts it through LibreOffice)."""
    if shutil.which("soffice") is None:
        pytest.skip("soffice is not installed (CI installs LibreOffice)")
    folder = tmp_path_factory.mktemp("odt")
    path = folder / "工作要点.odt"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text")
        archive.writestr("META-INF/manifest.xml", MANIFEST, zipfile.ZIP_DEFLATED)
        archive.writestr("content.xml", odt_content(), zipfile.ZIP_DEFLATED)
    target, imported, problems = import_to_file(path, folder / "imported.yaml")
    return target, imported, problems


def test_libreoffice_odt_round_trips(odt_import, tmp_path):
    target, imported, problems = odt_import
    assert problems == []
    _, year_file = api.load_year_file(target)
    out = tmp_path / "back.docx"
    out.write_bytes(api.render_document(year_file, imported.kind))
    assert texts(out) == [*ODT_BODY, *(cell for row in ODT_TABLE for cell in row)]


def test_libreoffice_odt_fields(odt_import):
    target, imported, _ = odt_import
    data = yaml.safe_load(target.read_text(encoding="utf-8"))
    assert imported.kind.name == "keypoints"
    assert data["unit"] == {"name": "龙泉乡", "level": "乡", "body": "政协联络组"}
    keypoints = data["keypoints"]
    assert "numbering" not in keypoints            # compact and continuous: the kind's default
    assert keypoints["preamble"] == ("{年度}，乡政协联络组在{党委}的领导下，通过{项目类数}类{项目数}个"
                                     "重点工作项目，推动{全域}各项工作。")
    assert keypoints["sections"][1]["items"][0]["text"] == "围绕{我单位}特色产业开展调研。"
    assert keypoints["attachments"] == [{"table": "projects"}]
    assert data["projects"][0] == {"category": "重点工作项目", "name": "委员之家建设",
                                   "leader": "{党委}副书记", "problem": "委员活动场所不足",
                                   "measures": "改造活动室", "goal": "建成委员之家", "deadline": "6月"}
    assert any("类别" in str(w) for w in imported.warnings)


def test_doc_without_libreoffice_names_the_package(tmp_path, monkeypatch):
    path = tmp_path / "plan.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0 not really a doc")
    monkeypatch.setattr(wordfile.shutil, "which", lambda name: None)
    result = cli("import", str(path))
    assert result.exit_code == 2
    assert "LibreOffice" in result.stderr and "libreoffice-writer-nogui" in result.stderr
    assert "Traceback" not in result.stderr and not (tmp_path / "plan.yaml").exists()


def test_not_a_word_file(tmp_path):
    path = tmp_path / "plan.docx"
    path.write_text("plain text", encoding="utf-8")
    result = cli("import", str(path))
    assert result.exit_code == 2 and "不是有效的 .docx 文件" in result.stderr


def test_title_that_names_no_unit(tmp_path):
    document = docx.Document()
    document.add_paragraph("关于做好政协工作的几点意见")
    document.add_paragraph("一、总体要求")
    document.save(tmp_path / "x.docx")
    result = cli("import", str(tmp_path / "x.docx"))
    assert result.exit_code == 2 and "无法从标题" in result.stderr


def test_missing_date_is_reported_to_fill_in(tmp_path):
    document = docx.Document()
    for text in ["杭埠镇政协联络组2024年工作总结", "一、主要工作", "全年开展视察2次。"]:
        document.add_paragraph(text)
    document.save(tmp_path / "s.docx")
    result = cli("import", str(tmp_path / "s.docx"), "-o", str(tmp_path / "s.yaml"))
    assert result.exit_code == 1
    assert "没有找到成文日期" in result.stderr and "待补充：" in result.stderr
    assert "summary:" in (tmp_path / "s.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize("text, expected", [("2024年1月15日", datetime.date(2024, 1, 15)),
                                            ("二〇二四年十二月三十一日", datetime.date(2024, 12, 31)),
                                            ("2024年2月30日", None), ("2024年1月", None)])
def test_dates(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize("text, value", [("一", 1), ("十", 10), ("十六", 16), ("二十", 20),
                                         ("二十三", 23), ("12", 12)])
def test_chinese_numbers(text, value):
    assert cn_value(text) == value


def test_import_refuses_missing_file(tmp_path):
    with pytest.raises(InputError):
        import_word(tmp_path / "nothing.docx")


def test_activity_table_and_a_title_in_two_paragraphs(tmp_path):
    document = docx.Document()
    body = ["为有计划地开展协商议政活动，现将全年活动安排如下：", "一、听取情况通报",
            "1.全县经济社会发展情况通报；", "2.全县财政预算执行情况通报。",
            "附件：2024年协商议政活动安排表", "平罗县政协", "2024年1月10日", "附件",
            "2024年协商议政活动安排表"]
    rows = [("序号", "类别", "活动内容", "时间安排", "牵头单位"),
            ("1", "听取情况通报", "全县经济社会发展情况通报（2次）", "7月", "县政协办公室"),
            ("2", "听取情况通报", "全县财政预算执行情况通报", "全年", "县政协经济委")]
    for text in ["平罗县政协", "2024年协商议政活动安排", *body]:
        document.add_paragraph(text)
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for row, values in zip(table.rows, rows):
        for cell, value in zip(row.cells, values):
            cell.text = value
    document.save(tmp_path / "活动安排.docx")
    data, warnings, rendered = imported_and_rendered(tmp_path / "活动安排.docx", tmp_path)
    # rendered, the 类别 column is one merged cell: its repeat prints nothing
    cells = [c for i, row in enumerate(rows) for j, c in enumerate(row) if (i, j) != (2, 1)]
    assert rendered == ["平罗县政协2024年协商议政活动安排", *body, *cells]
    activity_list = data["activity_list"]
    assert "addressee" not in activity_list and "title" not in activity_list
    assert activity_list["preamble"] == body[0]
    assert data["activities"] == [
        {"topic": "{全域}经济社会发展情况通报", "type": "听取情况通报", "times": 2, "month": 7,
         "lead_unit": "县政协办公室"},
        {"topic": "{全域}财政预算执行情况通报", "type": "听取情况通报", "lead_unit": "县政协经济委"}]


def test_unit_from_the_signature_when_the_title_names_none(tmp_path):
    document = docx.Document()
    for text in ["关于报送2024年工作总结的报告", "滕州市政协办公室：", "现将今年以来的工作情况总结如下。",
                 "一、主要工作", "全年共开展视察活动5次。", "北辛街道政协工作室", "2024年12月20日"]:
        document.add_paragraph(text)
    document.save(tmp_path / "总结.docx")
    data, warnings, rendered = imported_and_rendered(tmp_path / "总结.docx", tmp_path)
    assert data["unit"] == {"name": "北辛街道", "level": "街道", "body": "政协工作室"}
    assert data["summary"]["title"] == "关于报送{年度}工作总结的报告"
    assert data["summary"]["addressee"] == "滕州市政协办公室"
    assert rendered[0] == "关于报送2024年工作总结的报告" and rendered[-2:] == ["北辛街道政协工作室",
                                                                     "2024年12月20日"]


def test_project_book_sections_become_projects(tmp_path):
    document = docx.Document()
    body = ["为推动政协工作项目化，明确2024年重点工作项目如下。", "一、平台建设类项目（2个）",
            "1.委员之家建设", "改造活动室，建成委员之家。", "2.线上平台建设", "开设公众号专栏。",
            "二、调研履职类项目（1个）", "3.专题调研促发展", "围绕老旧小区改造开展调研。",
            "附件：2024年重点工作项目推进表", "大观园街道政协工作室", "2024年1月20日", "附件",
            "2024年重点工作项目推进表"]
    rows = [("序号", "项目", "牵头领导", "解决问题", "工作措施", "工作目标", "完成时限"),
            ("1", "委员之家建设", "党工委副书记", "场所不足", "改造活动室", "建成委员之家", "5月"),
            ("2", "线上平台建设", "政协工作室主任", "渠道少", "开设专栏", "常态更新", "4月"),
            ("3", "专题调研促发展", "党工委副书记", "项目堵点", "视察调研", "报告2篇", "11月")]
    for text in ["大观园街道政协工作室2024年工作项目计划书", *body]:
        document.add_paragraph(text)
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for row, values in zip(table.rows, rows):
        for cell, value in zip(row.cells, values):
            cell.text = value
    document.save(tmp_path / "项目.docx")
    data, warnings, rendered = imported_and_rendered(tmp_path / "项目.docx", tmp_path)
    assert rendered == ["大观园街道政协工作室2024年工作项目计划书", *body,
                        *(c for row in rows for c in row)]
    assert data["project_list"]["sections"] == [{"generate": "projects"}]
    assert data["projects"][0] == {"category": "平台建设类项目", "name": "委员之家建设",
                                   "text": "改造活动室，建成委员之家。", "leader": "党工委副书记",
                                   "problem": "场所不足", "measures": "改造活动室",
                                   "goal": "建成委员之家", "deadline": "5月"}
    assert [p["category"] for p in data["projects"]] == ["平台建设类项目"] * 2 + ["调研履职类项目"]
    assert not any("类别" in str(w) for w in warnings)


def test_list_number_style_counts_on_as_word_shows_it(tmp_path):
    """python-docx's "List Number" style carries Word's numbering: 1. 2. then 3. in the next
    section, which the year file keeps as running numbers."""
    document = docx.Document()
    document.add_paragraph("杭埠镇政协联络组2024年工作计划")
    document.add_paragraph("一、主要工作")
    document.add_paragraph("建立学习制度。每季度学习一次。", style="List Number")
    document.add_paragraph("建立例会制度。", style="List Number")
    document.add_paragraph("二、工作要求")
    document.add_paragraph("做好信息报送。", style="List Number")
    document.add_paragraph("2024年1月18日")
    document.save(tmp_path / "plan.docx")
    data, warnings, rendered = imported_and_rendered(tmp_path / "plan.docx", tmp_path)
    assert data["plan"]["numbering"] == {"ladder": "compact", "continuous": True}
    assert rendered == ["杭埠镇政协联络组2024年工作计划", "一、主要工作", "1.建立学习制度。每季度学习一次。",
                        "2.建立例会制度。", "二、工作要求", "3.做好信息报送。", "杭埠镇政协联络组",
                        "2024年1月18日"]


def test_text_boxes_deletions_and_tab_stops_are_not_paragraph_text():
    p = ElementTree.fromstring(
        f'<w:p xmlns:w="{W_NS}" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/'
        '2006"><w:pPr><w:tabs><w:tab w:val="left" w:pos="420"/></w:tabs></w:pPr>'
        '<w:r><w:t>一、</w:t></w:r><w:del><w:r><w:delText>旧</w:delText></w:r></w:del>'
        '<w:r><mc:AlternateContent><mc:Choice><w:drawing><w:txbxContent><w:p><w:r><w:t>红头'
        '</w:t></w:r></w:p></w:txbxContent></w:drawing></mc:Choice><mc:Fallback><w:pict>'
        '<w:r><w:t>红头</w:t></w:r></w:pict></mc:Fallback></mc:AlternateContent></w:r>'
        '<w:ins><w:r><w:t>指导</w:t></w:r></w:ins><w:hyperlink><w:r><w:tab/><w:t>思想</w:t>'
        '</w:r></w:hyperlink></w:p>')
    assert wordfile.run_text(p) == "一、指导\t思想"


def test_import_never_overwrites_a_year_file(street_docx, tmp_path):
    out = tmp_path / "year.yaml"
    out.write_text("# 已经改过的年度文件\n", encoding="utf-8")
    result = cli("import", str(street_docx), "-o", str(out))
    assert result.exit_code == 2 and "已经存在" in result.stderr
    assert out.read_text(encoding="utf-8") == "# 已经改过的年度文件\n"


def test_import_to_stdout(street_docx):
    result = cli("import", str(street_docx), "-o", "-")
    assert result.exit_code == 0 and result.stdout.startswith("# 由 cppcc-plan import")
    assert "已导入" not in result.stderr


@pytest.mark.parametrize("made_by", ["python-docx", "word-numbering"])
def test_imported_files_render_documents_that_pass_the_shared_checkers(
        made_by, street_docx, numbered_docx, tmp_path):
    source = street_docx if made_by == "python-docx" else numbered_docx
    target, imported, _ = import_to_file(source, tmp_path / "imported.yaml")
    out = tmp_path / "back.docx"
    assert cli("render", str(target), "-o", str(out)).exit_code == 0
    schema = shared_tool(VALIDATE_XSD, str(out))
    assert "valid: 0 error(s)" in schema.stdout, schema.stdout + schema.stderr
    gongwen = shared_tool(GONGWEN_CHECK, str(out))
    assert re.search(r"gongwen_check: \d+ passed, 0 failed", gongwen.stdout), gongwen.stdout


def test_a_folder_is_not_a_word_file(tmp_path):
    result = cli("import", str(tmp_path))
    assert result.exit_code == 2 and "Traceback" not in result.stderr
    result = cli("import", "")
    assert result.exit_code == 2 and "内部错误" not in result.stderr


def test_braces_in_the_document_are_not_placeholders(tmp_path):
    document = docx.Document()
    for text in ["北辛街道政协工作室2024年工作计划", "一、工作", "按{上级}要求开展工作。", "2024年1月5日"]:
        document.add_paragraph(text)
    document.save(tmp_path / "p.docx")
    data, warnings, rendered = imported_and_rendered(tmp_path / "p.docx", tmp_path)
    assert rendered[2] == "按｛上级｝要求开展工作。"
    assert any("全角" in str(w) and "第3段" in str(w) for w in warnings)
