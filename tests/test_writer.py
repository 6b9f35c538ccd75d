"""The writer: closing layout, escaping, and byte-reproducible output."""

import datetime
import io
import zipfile

from cppcc_plan.blocks import DateLine, Paragraph, Signature, Title
from cppcc_plan.docx.writer import DocumentInfo, closing_indents, write_docx

INFO = DocumentInfo("标题", "某政协", datetime.date(2024, 1, 15))


def test_closing_indents_follow_gbt9704():
    # the date "2024年1月15日": 6.5 characters and five Chinese/digit gaps of 0.2
    date_width = 6.5 + 5 * 0.2
    # 署名 11 characters: signature 右空二字, the date starting 2 characters right of it
    sig, date = closing_indents("北辛街道政协工作委员会", "2024年1月15日")
    assert sig == 200 and date == round((2 + 11 - date_width - 2) * 100)
    # a date longer than that: the date 右空二字, the signature moves right
    sig, date = closing_indents("某政协", "2024年1月15日")
    assert date == 200 and sig == round((2 + date_width + 2 - 3) * 100)


def test_xml_unsafe_text_is_escaped():
    blocks = [Title("A&B"), Paragraph("<w:p>\x0b&amp;"), Signature("甲"), DateLine("2024年1月1日")]
    data = write_docx(blocks, INFO)
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
    assert "A&amp;B" in xml and "&lt;w:p&gt;&amp;amp;" in xml and "\x0b" not in xml


def test_same_input_same_bytes(monkeypatch):
    blocks = [Title("计划"), Paragraph("正文。"), Signature("甲"), DateLine("2024年1月15日")]
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    first, second = write_docx(blocks, INFO), write_docx(blocks, INFO)
    assert first == second
    stamps = {i.date_time for i in zipfile.ZipFile(io.BytesIO(first)).infolist()}
    assert stamps == {(2024, 1, 15, 0, 0, 0)}
    core = zipfile.ZipFile(io.BytesIO(first)).read("docProps/core.xml").decode()
    assert "2024-01-15T00:00:00Z" in core
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    stamps = {i.date_time for i in zipfile.ZipFile(io.BytesIO(write_docx(blocks, INFO))).infolist()}
    assert stamps == {(2023, 11, 14, 22, 13, 20)}
