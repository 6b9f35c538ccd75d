"""The reference writers the benchmark sets beside the project: each turns the project's
blocks (cppcc_plan.blocks, computed before any timing) into .docx bytes.

plain_python_docx — what a programmer typically writes with python-docx's friendly API:
    Document(), page size and margins, one add_paragraph a block, fonts set on every run
    (run.font.name, size, bold, and w:eastAsia through rPr, since run.font.name alone leaves
    Chinese text in the template's theme font), alignment, indents and exact line spacing on
    every paragraph, odd/even footers with a PAGE field, core properties, save to BytesIO.
    Fidelity: A4, GB/T margins, fonts and sizes of every role, 2-character first-line indent,
    22 lines a page by exact 28.95 pt spacing, page numbers "— N —" odd right/even left.
    Not done (a typical loop does not): characters condensed so 28 fit a line, named styles
    (everything is direct formatting), outline levels, table column widths and repeated
    header rows, the signature/date offset computed from their widths (fixed 2 and 4
    characters here), the font table's alternatives.

jinja2_floor — the floor: a Jinja2 template of document.xml (pStyle a paragraph, rStyle for a
    run-in lead, text escaped by autoescape), every other part a fixed string written here,
    all zipped per document with zipfile. Fidelity: what its fixed styles give — GB/T page,
    margins, line grid, fonts, sizes, indents, odd/even page numbers. Not done: core
    properties, table column widths (equal), the signature/date offset (fixed), the font
    table, keep-with-next, and whatever else the project's writer computes per document.
    It is a floor for "render a template and zip it", not a GB/T-complete writer.

prepared_xml_python_docx — the limit of a writer built on python-docx: Document() on the
    project's small GB/T package, the body appended as elements parsed from prepared XML,
    core properties, save(), for every document (see there).

jinja2_floor_with_default_template — the Jinja2 floor zipping python-docx's default template
    parts instead of its own (see there).
"""

import io
import time
import zipfile
from pathlib import Path

import docx
import jinja2
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from cppcc_plan.docx.titles import balance_title  # noqa: E402
from cppcc_plan.docx.gbt9704 import LANDSCAPE
from cppcc_plan.docx.writer import base_package, body_xml
from cppcc_plan.blocks import (Addressee, AttachmentLabel, AttachmentNote, AttachmentTitle,
                               DateLine, Heading, Paragraph, Signature, Table, Title)

# GB/T 9704 as a typical programmer would type it in.
TITLE_FONT, BODY_FONT, HEI, KAI, SONG = "方正小标宋简体", "仿宋_GB2312", "黑体", "楷体_GB2312", "宋体"
LATIN = "Times New Roman"
HEADING_FONTS = {1: (HEI, False), 2: (KAI, False), 3: (BODY_FONT, True), 4: (BODY_FONT, False)}
LINE = Pt(28.95)                     # 225 mm / 22 lines
INDENT = Pt(32)                      # two 3号 characters


# --- (a) plain python-docx ------------------------------------------------------------------

def styled_run(paragraph, text, font=BODY_FONT, size=16, bold=False, latin=LATIN):
    run = paragraph.add_run(text)
    run.font.name = latin
    run.font.size = Pt(size)
    run.font.bold = bold
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), font)
    return run


def new_paragraph(document, align=WD_ALIGN_PARAGRAPH.JUSTIFY, first_line=INDENT,
                  right=None):
    paragraph = document.add_paragraph()
    fmt = paragraph.paragraph_format
    fmt.alignment = align
    fmt.first_line_indent = first_line
    fmt.line_spacing = LINE
    fmt.space_before = fmt.space_after = Pt(0)
    if right is not None:
        fmt.right_indent = right
    return paragraph


def title_lines(paragraph, lines):
    for i, line in enumerate(lines):
        run = styled_run(paragraph, line, TITLE_FONT, 22)
        if i < len(lines) - 1:
            run.add_break()


def page_number(paragraph, align):
    paragraph.alignment = align
    fmt = paragraph.paragraph_format
    if align == WD_ALIGN_PARAGRAPH.RIGHT:
        fmt.right_indent = Pt(14)            # one 4号 character in from the 版心's edge
    else:
        fmt.left_indent = Pt(14)
    styled_run(paragraph, "\u2014 ", SONG, 14, latin=SONG)
    for kind in ("begin", "instr", "separate", "end"):
        run = styled_run(paragraph, "", SONG, 14, latin=SONG)
        if kind == "instr":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = " PAGE "
            run._element.append(instr)
        else:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._element.append(char)
    styled_run(paragraph, " \u2014", SONG, 14, latin=SONG)


def plain_python_docx(blocks, info, phases: dict | None = None) -> bytes:
    """phases, when given, adds up the seconds spent in Document(), in the API calls that
    build the document, and in save()."""
    started = time.perf_counter()
    document = Document()
    opened = time.perf_counter()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.footer_distance = Mm(25.5)              # number 7 mm below the 版心
    document.settings.odd_and_even_pages_header_footer = True
    props = document.core_properties
    props.title, props.author = info.title, info.author
    notes = 0
    for block in blocks:
        if isinstance(block, (Title, AttachmentTitle)):
            if isinstance(block, AttachmentTitle):
                new_paragraph(document)
            title_lines(new_paragraph(document, WD_ALIGN_PARAGRAPH.CENTER, Pt(0)),
                        balance_title(block.text))
            new_paragraph(document)
        elif isinstance(block, Addressee):
            styled_run(new_paragraph(document, first_line=Pt(0)), block.text)
        elif isinstance(block, Heading):
            font, bold = HEADING_FONTS[block.rank]
            styled_run(new_paragraph(document), block.text, font, 16, bold)
        elif isinstance(block, Paragraph):
            paragraph = new_paragraph(document)
            if block.lead:
                font, bold = HEADING_FONTS[block.lead_rank]
                styled_run(paragraph, block.lead, font, 16, bold)
            if block.text:
                styled_run(paragraph, block.text)
        elif isinstance(block, AttachmentNote):
            if notes == 0:
                new_paragraph(document)
                styled_run(new_paragraph(document), "附件：" + block.text)
            else:
                paragraph = new_paragraph(document, first_line=Pt(0))
                paragraph.paragraph_format.left_indent = INDENT * 5 // 2     # under "附件："
                styled_run(paragraph, block.text)
            notes += 1
        elif isinstance(block, Signature):
            new_paragraph(document)
            styled_run(new_paragraph(document, WD_ALIGN_PARAGRAPH.RIGHT, Pt(0), INDENT),
                       block.text)
        elif isinstance(block, DateLine):
            styled_run(new_paragraph(document, WD_ALIGN_PARAGRAPH.RIGHT, Pt(0), INDENT * 2),
                       block.text)
        elif isinstance(block, AttachmentLabel):
            paragraph = new_paragraph(document, WD_ALIGN_PARAGRAPH.LEFT, Pt(0))
            paragraph.paragraph_format.page_break_before = True
            styled_run(paragraph, block.text, HEI)
        elif isinstance(block, Table):
            table = document.add_table(rows=1 + len(block.rows), cols=len(block.header))
            table.style = "Table Grid"
            table.alignment = WD_TABLE_ALIGNMENT.CENTER
            for r, row in enumerate((block.header, *block.rows)):
                for c, text in enumerate(row):
                    paragraph = table.cell(r, c).paragraphs[0]
                    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
                    styled_run(paragraph, text, HEI if r == 0 else BODY_FONT, 12)
            if block is blocks[-1]:
                new_paragraph(document)
    page_number(section.footer.paragraphs[0], WD_ALIGN_PARAGRAPH.RIGHT)
    page_number(section.even_page_footer.paragraphs[0], WD_ALIGN_PARAGRAPH.LEFT)
    built = time.perf_counter()
    buffer = io.BytesIO()
    document.save(buffer)
    if phases is not None:
        saved = time.perf_counter()
        for phase, seconds in (("Document()", opened - started), ("API calls", built - opened),
                               ("save()", saved - built)):
            phases[phase] = phases.get(phase, 0.0) + seconds
    return buffer.getvalue()


# --- (b) Jinja2 + zipfile floor -------------------------------------------------------------

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_RT = "http://schemas.openxmlformats.org/package/2006/relationships"
CT = "application/vnd.openxmlformats-officedocument.wordprocessingml"
DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

DOCUMENT_TEMPLATE = DECL + """\
<w:document xmlns:w="{{ W }}" xmlns:r="{{ R }}"><w:body>
{%- macro p(style, text, lead='', lead_style='') -%}
<w:p><w:pPr><w:pStyle w:val="{{ style }}"/></w:pPr>
{%- if lead %}<w:r><w:rPr><w:rStyle w:val="{{ lead_style }}"/></w:rPr><w:t xml:space="preserve">{{ lead }}</w:t></w:r>{% endif -%}
{%- if text %}<w:r><w:t xml:space="preserve">{{ text }}</w:t></w:r>{% endif %}</w:p>
{%- endmacro -%}
{%- macro lines(style, lines) -%}
<w:p><w:pPr><w:pStyle w:val="{{ style }}"/></w:pPr>
{%- for line in lines %}{% if not loop.first %}<w:r><w:br/></w:r>{% endif %}<w:r><w:t xml:space="preserve">{{ line }}</w:t></w:r>{% endfor %}</w:p>
{%- endmacro -%}
{%- set notes = namespace(n=0) -%}
{%- for b in blocks -%}
{%- set k = kind(b) -%}
{%- if k == "Title" %}{{ lines("Title", balance_title(b.text)) }}<w:p/>
{%- elif k == "AttachmentTitle" %}<w:p/>{{ lines("Title", balance_title(b.text)) }}<w:p/>
{%- elif k == "Addressee" %}{{ p("Addressee", b.text) }}
{%- elif k == "Heading" %}{{ p("Heading" ~ b.rank, b.text) }}
{%- elif k == "Paragraph" %}{{ p("Normal", b.text, b.lead, "Lead" ~ b.lead_rank) }}
{%- elif k == "AttachmentNote" %}{% if notes.n == 0 %}<w:p/>{{ p("AttachmentNote", "附件：" ~ b.text) }}{% else %}{{ p("AttachmentNoteMore", b.text) }}{% endif %}{% set notes.n = notes.n + 1 %}
{%- elif k == "Signature" %}<w:p/>{{ p("Signature", b.text) }}
{%- elif k == "DateLine" %}{{ p("DateLine", b.text) }}
{%- elif k == "AttachmentLabel" %}{{ p("AttachmentLabel", b.text) }}
{%- elif k == "Table" -%}
<w:tbl><w:tblPr><w:tblW w:w="8845" w:type="dxa"/><w:jc w:val="center"/><w:tblBorders>
{%- for side in ("top", "left", "bottom", "right", "insideH", "insideV") %}<w:{{ side }} w:val="single" w:sz="4" w:space="0" w:color="000000"/>{% endfor -%}
</w:tblBorders><w:tblLayout w:type="fixed"/></w:tblPr><w:tblGrid>
{%- for _ in b.header %}<w:gridCol w:w="{{ 8845 // b.header|length }}"/>{% endfor %}</w:tblGrid>
<w:tr><w:trPr><w:tblHeader/></w:trPr>{% for cell in b.header %}<w:tc>{{ p("TableHeader", cell) }}</w:tc>{% endfor %}</w:tr>
{%- for row in b.rows %}<w:tr><w:trPr><w:cantSplit/></w:trPr>{% for cell in row %}<w:tc>{{ p("TableText", cell) }}</w:tc>{% endfor %}</w:tr>{% endfor -%}
</w:tbl>{% if loop.last %}<w:p/>{% endif %}
{%- endif -%}
{%- endfor -%}
<w:sectPr><w:footerReference w:type="default" r:id="rIdF1"/><w:footerReference w:type="even" r:id="rIdF2"/>
<w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1587" w:header="851" w:footer="1446" w:gutter="0"/>
<w:pgNumType w:fmt="decimal"/><w:docGrid w:type="lines" w:linePitch="579"/></w:sectPr></w:body></w:document>
"""


def _fonts(east_asia):
    return (f'<w:rFonts w:ascii="{LATIN}" w:hAnsi="{LATIN}" w:eastAsia="{east_asia}" '
            f'w:cs="{LATIN}"/>')


def _rpr(font, half_points, bold=False, condensed=True):
    spacing = '<w:spacing w:val="-5"/>' if condensed else ""
    return (f"<w:rPr>{_fonts(font)}{'<w:b/>' if bold else ''}{spacing}"
            f'<w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/></w:rPr>')


def _pstyle(sid, ppr, rpr=""):
    return (f'<w:style w:type="paragraph" w:styleId="{sid}"><w:name w:val="{sid}"/>'
            f'<w:basedOn w:val="Normal"/><w:pPr>{ppr}</w:pPr>{rpr}</w:style>')


NO_INDENT = '<w:ind w:firstLine="0" w:firstLineChars="0"/>'
RIGHT = '<w:ind w:right="{}" w:firstLine="0" w:firstLineChars="0"/><w:jc w:val="right"/>'
STYLES = (
    DECL + f'<w:styles xmlns:w="{W_NS}"><w:docDefaults><w:rPrDefault><w:rPr>{_fonts(BODY_FONT)}'
    '<w:sz w:val="32"/><w:szCs w:val="32"/><w:lang w:val="en-US" w:eastAsia="zh-CN"/></w:rPr>'
    '</w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:before="0" w:after="0" w:line="240" '
    'w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>'
    '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/>'
    '<w:pPr><w:ind w:firstLine="640" w:firstLineChars="200"/><w:jc w:val="both"/></w:pPr>'
    f'{_rpr(BODY_FONT, 32)}</w:style>'
    + _pstyle("Title", f'{NO_INDENT}<w:jc w:val="center"/>', _rpr(TITLE_FONT, 44, condensed=False))
    + "".join(_pstyle(f"Heading{r}", f'<w:outlineLvl w:val="{r - 1}"/>', _rpr(f, 32, b))
              for r, (f, b) in HEADING_FONTS.items())
    + "".join(f'<w:style w:type="character" w:styleId="Lead{r}"><w:name w:val="Lead{r}"/>'
              f"{_rpr(f, 32, b)}</w:style>" for r, (f, b) in HEADING_FONTS.items())
    + _pstyle("Addressee", NO_INDENT)
    + _pstyle("Signature", RIGHT.format(640))
    + _pstyle("DateLine", RIGHT.format(1280))
    + _pstyle("AttachmentNote", "")
    + _pstyle("AttachmentNoteMore", '<w:ind w:left="1575" w:firstLine="0" w:firstLineChars="0"/>')
    + _pstyle("AttachmentLabel", f'<w:pageBreakBefore/>{NO_INDENT}', _rpr(HEI, 32))
    + _pstyle("TableText", f'<w:snapToGrid w:val="0"/>{NO_INDENT}', _rpr(BODY_FONT, 24, condensed=False))
    + _pstyle("TableHeader", f'<w:snapToGrid w:val="0"/>{NO_INDENT}<w:jc w:val="center"/>',
              _rpr(HEI, 24, condensed=False))
    + "".join(_pstyle(f"Page{side}", f'<w:snapToGrid w:val="0"/><w:ind w:{side}="280" '
                      f'w:firstLine="0" w:firstLineChars="0"/><w:jc w:val="{side}"/>', _rpr(SONG, 28, condensed=False)
                      .replace(f'w:ascii="{LATIN}" w:hAnsi="{LATIN}"',
                               f'w:ascii="{SONG}" w:hAnsi="{SONG}"'))
              for side in ("left", "right"))
    + "</w:styles>")


def _footer(side):
    return (DECL + f'<w:ftr xmlns:w="{W_NS}"><w:p><w:pPr><w:pStyle w:val="Page{side}"/></w:pPr>'
            '<w:r><w:t xml:space="preserve">\u2014 </w:t></w:r>'
            '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
            '<w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
            '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r>'
            '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
            '<w:r><w:t xml:space="preserve"> \u2014</w:t></w:r></w:p></w:ftr>')


FIXED_PARTS = {
    "[Content_Types].xml": DECL + (
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/word/document.xml" ContentType="{CT}.document.main+xml"/>'
        f'<Override PartName="/word/styles.xml" ContentType="{CT}.styles+xml"/>'
        f'<Override PartName="/word/settings.xml" ContentType="{CT}.settings+xml"/>'
        f'<Override PartName="/word/footer1.xml" ContentType="{CT}.footer+xml"/>'
        f'<Override PartName="/word/footer2.xml" ContentType="{CT}.footer+xml"/></Types>'),
    "_rels/.rels": DECL + (
        f'<Relationships xmlns="{PKG_RT}"><Relationship Id="rId1" Type="{R_NS}/officeDocument" '
        'Target="word/document.xml"/></Relationships>'),
    "word/_rels/document.xml.rels": DECL + (
        f'<Relationships xmlns="{PKG_RT}">'
        f'<Relationship Id="rIdS" Type="{R_NS}/styles" Target="styles.xml"/>'
        f'<Relationship Id="rIdT" Type="{R_NS}/settings" Target="settings.xml"/>'
        f'<Relationship Id="rIdF1" Type="{R_NS}/footer" Target="footer1.xml"/>'
        f'<Relationship Id="rIdF2" Type="{R_NS}/footer" Target="footer2.xml"/></Relationships>'),
    "word/styles.xml": STYLES,
    "word/settings.xml": DECL + (
        f'<w:settings xmlns:w="{W_NS}"><w:evenAndOddHeaders/>'
        '<w:themeFontLang w:val="en-US" w:eastAsia="zh-CN"/></w:settings>'),
    "word/footer1.xml": _footer("right"),
    "word/footer2.xml": _footer("left"),
}

_environment = jinja2.Environment(autoescape=True, keep_trailing_newline=False)
_environment.globals.update(W=W_NS, R=R_NS, kind=lambda block: type(block).__name__,
                           balance_title=balance_title)
FLOOR_TEMPLATE = _environment.from_string(DOCUMENT_TEMPLATE)      # compiled once, untimed


def jinja2_floor(blocks, info, fixed_parts=FIXED_PARTS) -> bytes:
    document = FLOOR_TEMPLATE.render(blocks=blocks)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, xml in fixed_parts.items():
            archive.writestr(name, xml)
        archive.writestr("word/document.xml", document)
    return buffer.getvalue()


# The floor the batch issue measured ("about 125 a second"): document.xml from Jinja2, zipped
# with every other part of python-docx's default template (styles.xml and stylesWithEffects.xml
# are 877 KB together), deflated again for every document. Its relationships and content types
# gain the two footers; its styles lack the GB/T ones. jinja2_floor with the project's own
# small parts is a stricter floor, printed for comparison.
with zipfile.ZipFile(Path(docx.__file__).parent / "templates" / "default.docx") as _template:
    DEFAULT_TEMPLATE_PARTS = {name: _template.read(name) for name in _template.namelist()
                              if name != "word/document.xml"}
DEFAULT_TEMPLATE_PARTS["word/_rels/document.xml.rels"] = DEFAULT_TEMPLATE_PARTS[
    "word/_rels/document.xml.rels"].decode("utf-8").replace("</Relationships>", "".join(
        f'<Relationship Id="rIdF{i}" Type="{R_NS}/footer" Target="footer{i}.xml"/>'
        for i in (1, 2)) + "</Relationships>")
DEFAULT_TEMPLATE_PARTS["[Content_Types].xml"] = DEFAULT_TEMPLATE_PARTS[
    "[Content_Types].xml"].decode("utf-8").replace("</Types>", "".join(
        f'<Override PartName="/word/footer{i}.xml" ContentType="{CT}.footer+xml"/>'
        for i in (1, 2)) + "</Types>")
DEFAULT_TEMPLATE_PARTS.update({name: FIXED_PARTS[name]
                               for name in ("word/footer1.xml", "word/footer2.xml")})


def jinja2_floor_with_default_template(blocks, info) -> bytes:
    return jinja2_floor(blocks, info, DEFAULT_TEMPLATE_PARTS)


# --- (c) python-docx with prepared XML --------------------------------------------------------

def prepared_xml_python_docx(blocks, info) -> bytes:
    """The limit of a writer built on python-docx: for every document, Document() opens the
    project's own small GB/T package (its styles, settings, font table, footers: no default
    template to carry), the body's paragraphs and tables are appended as elements parsed
    from prepared XML (the project writer's body_xml, so the content is the same), the core
    properties are set through python-docx, and save() writes the package. What it leaves
    out, against the project's writer: serialising the fixed parts once and reusing them."""
    prepared = body_xml(blocks)
    document = Document(io.BytesIO(base_package(LANDSCAPE in prepared.setups,
                                                prepared.unnumbered)))
    body = document.element.body
    fragment = parse_xml(f'<w:body xmlns:w="{W_NS}">{prepared.xml}</w:body>')
    section = body[-1]                  # w:sectPr stays last
    for element in list(fragment):
        section.addprevious(element)
    props = document.core_properties
    props.title, props.author, props.last_modified_by = info.title, info.author, info.author
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
