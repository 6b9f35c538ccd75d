"""The writer: closing layout, escaping, and byte-reproducible output."""

import datetime
import io
import zipfile

import pytest

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


@pytest.mark.parametrize("turned, unnumbered", [(False, False), (True, False), (False, True)])
def test_core_properties_are_what_python_docx_writes(turned, unnumbered):
    """core.xml is filled in from a template python-docx's own output gives: for titles and
    authors with every character XML escapes, line ends, the longest a part holds, and dates
    of the years a plan may have, the bytes python-docx itself writes."""
    from cppcc_plan.docx.writer import core_xml, fill_core, opened, package
    core = package(turned, unnumbered).core
    _, part = opened(turned, unnumbered)                 # a part of its own, filled in here
    texts = ["A&B <c> \"d\" 'e'", "第一行\r\n第二行\n\t政协", "&amp;&#13;]]>", "政" * 300,
             "\U00020000\ue000title\ue000", ""]
    for title, author in zip(texts, reversed(texts)):
        for day in (datetime.date(2000, 1, 1), datetime.date(2024, 12, 31),
                    datetime.date(2099, 6, 5)):
            stamp = datetime.datetime.combine(day, datetime.time(), datetime.timezone.utc)
            ours = core_xml(core, DocumentInfo(title, author, day), stamp)
            assert ours == fill_core(part, title[:255], author[:255], stamp), (title, author)


def test_spacing_and_indents_come_from_the_grid(read_docx, tmp_path):
    from cppcc_plan.docx import gbt9704 as g
    # CHARS_PER_LINE characters and the line-end room fit TEXT_WIDTH; one more does not
    pitch = g.pt(g.SIZE_3HAO) + g.CHAR_SPACING_TWENTIETHS_PT
    assert g.CHARS_PER_LINE * pitch <= g.TEXT_WIDTH < (g.CHARS_PER_LINE + 1) * pitch
    assert g.TEXT_WIDTH - g.CHARS_PER_LINE * pitch >= g.LINE_END_ROOM_CHARS * pitch - pitch / 20
    path = tmp_path / "d.docx"
    path.write_bytes(write_docx([Title("计划"), Paragraph("正文。"), Signature("某政协"),
                                 DateLine("2024年1月15日")], INFO))
    doc = read_docx(path)
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    # "two characters" is one width wherever it is used: the body's first line, the signature
    first = doc.style("Normal").find(f"{w}pPr/{w}ind")
    assert first.get(f"{w}firstLine") == str(2 * pitch) and first.get(f"{w}firstLineChars") == "200"
    signature = next(p for p in doc.paragraphs if p.style == "Signature")
    right = signature.xml.find(f"{w}pPr/{w}ind")
    assert int(right.get(f"{w}right")) == round(int(right.get(f"{w}rightChars")) / 100 * pitch)


def test_the_archive_is_what_zipfile_writes():
    """zipped.py deflates the shared parts once: the archive must still be byte for byte what
    zipfile writes for the same members, mode and time, and read back by it."""
    from cppcc_plan.docx.zipped import FRESH_LEVEL, zip_archive
    fresh = "word/document.xml"
    members = [("[Content_Types].xml", b"<Types/>" * 40), (fresh, "正文".encode() * 500),
               ("docProps/core.xml", b"")]
    when = (2024, 12, 31, 23, 59, 58)
    expected = io.BytesIO()
    with zipfile.ZipFile(expected, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members:
            member = zipfile.ZipInfo(name, date_time=when)
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = 0o644 << 16
            archive.writestr(member, data, compresslevel=FRESH_LEVEL if name == fresh else None)
    for _ in range(2):                      # the second time from the shared parts' cache
        made = zip_archive(members, when, fresh=(fresh,))
        assert made == expected.getvalue()
    with zipfile.ZipFile(io.BytesIO(made)) as archive:
        assert archive.testzip() is None
        assert [archive.read(name) for name, _ in members] == [data for _, data in members]
