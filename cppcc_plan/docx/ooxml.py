"""The fixed parts of every document, written once from the GB/T 9704 profile: named styles,
settings, font table, the odd/even page-number footers and the page setup.

Pure text, no python-docx: writer.py packs these into the base package it fills. Element order
follows the ECMA-376 schema (CT_Settings, CT_SectPr, CT_PPr, CT_RPr are sequences).
"""

import re

from . import gbt9704 as g

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
FOOTER_ODD_ID, FOOTER_EVEN_ID = "rIdFooterOdd", "rIdFooterEven"
# the footers of landscape pages (GB/T 9704 10), in a package only when a document has one
TURNED_ODD_ID, TURNED_EVEN_ID = "rIdFooterTurnedOdd", "rIdFooterTurnedEven"
# an empty footer, for the pages GB/T 9704 7.5 leaves unnumbered (a blank page and the 版记's
# after it); in a package only when a document has them
EMPTY_FOOTER_ID = "rIdFooterEmpty"

# Style ids the document body refers to. Names are what Word and WPS show in the style list;
# "heading N" and "Title" are Word's built-in names, so navigation and outline views work.
STYLE_TITLE = "Title"
STYLE_HEADINGS = {1: "Heading1", 2: "Heading2", 3: "Heading3", 4: "Heading4"}
STYLE_LEADS = {1: "Lead1", 2: "Lead2", 3: "Lead3", 4: "Lead4"}
STYLE_ADDRESSEE = "Addressee"
STYLE_SIGNATURE = "Signature"
STYLE_DATE = "DateLine"
STYLE_PAGE_ODD, STYLE_PAGE_EVEN = "PageNumberOdd", "PageNumberEven"
STYLE_ATTACHMENT_NOTE, STYLE_ATTACHMENT_NOTE_MORE = "AttachmentNote", "AttachmentNoteMore"
STYLE_ATTACHMENT_LABEL = "AttachmentLabel"
STYLE_TABLE_TEXT, STYLE_TABLE_CENTER, STYLE_TABLE_HEADER = "TableText", "TableCenter", "TableHeader"


def fonts(east_asia: str, latin: str = g.FONT_LATIN) -> str:
    return (f'<w:rFonts w:ascii="{latin}" w:hAnsi="{latin}" w:eastAsia="{east_asia}" '
            f'w:cs="{latin}"/>')


def run_props(role: g.TextRole, condensed: bool = True, latin: str = g.FONT_LATIN) -> str:
    bold = "<w:b/><w:bCs/>" if role.bold else ""
    spacing = f'<w:spacing w:val="{g.CHAR_SPACING_TWENTIETHS_PT if condensed else 0}"/>'
    size = round(role.size * 2)
    return (f"<w:rPr>{fonts(role.font, latin)}{bold}{spacing}"
            f'<w:sz w:val="{size}"/><w:szCs w:val="{size}"/></w:rPr>')


# 5.2.4 puts 22 lines on every page: no widow/orphan control pulling lines to the next page.
GRID_FLOW = '<w:widowControl w:val="0"/>'


def paragraph_style(style_id: str, name: str, ppr: str, rpr: str, based_on: str = "Normal",
                    next_style: str = "Normal", extra: str = "") -> str:
    return (f'<w:style w:type="paragraph" w:styleId="{style_id}"><w:name w:val="{name}"/>'
            f'<w:basedOn w:val="{based_on}"/><w:next w:val="{next_style}"/>{extra}<w:qFormat/>'
            f"<w:pPr>{ppr}</w:pPr>{rpr}</w:style>")


def character_style(style_id: str, name: str, role: g.TextRole) -> str:
    return (f'<w:style w:type="character" w:styleId="{style_id}"><w:name w:val="{name}"/>'
            f"<w:qFormat/>{run_props(role)}</w:style>")


def styles_xml() -> str:
    body_indent = f"<w:ind {indent('firstLine', g.INDENT_CHARS)}/>"
    styles = [
        '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/>'
        f'<w:qFormat/><w:pPr>{GRID_FLOW}{body_indent}<w:jc w:val="both"/></w:pPr>'
        f"{run_props(g.BODY)}</w:style>",
        '<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont">'
        '<w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/>'
        "</w:style>",
        paragraph_style(STYLE_TITLE, "Title", f'<w:keepNext/>{NO_INDENT}<w:jc w:val="center"/>',
                        run_props(g.TITLE, condensed=False)),
    ]
    hang_chars = g.INDENT_CHARS + g.ATTACHMENT_NOTE_HANG_CHARS
    for rank, role in g.HEADINGS.items():
        styles.append(paragraph_style(
            STYLE_HEADINGS[rank], f"heading {rank}",
            f'<w:keepNext/><w:jc w:val="both"/><w:outlineLvl w:val="{rank - 1}"/>',
            run_props(role)))
        styles.append(character_style(STYLE_LEADS[rank], f"引领句 {rank}", role))
    styles += [
        paragraph_style(STYLE_ADDRESSEE, "主送机关", NO_INDENT, ""),
        paragraph_style(STYLE_SIGNATURE, "署名", f'<w:keepNext/>{NO_INDENT}<w:jc w:val="right"/>',
                        ""),
        paragraph_style(STYLE_DATE, "成文日期", f'{NO_INDENT}<w:jc w:val="right"/>', ""),
        # 7.3.5.4: the 附件说明 stays with the 署名 and date after it (writer.KEEP_NEXT)
        paragraph_style(STYLE_ATTACHMENT_NOTE, "附件说明", "<w:keepNext/>", ""),
        paragraph_style(STYLE_ATTACHMENT_NOTE_MORE, "附件说明续行",
                        f"<w:keepNext/><w:ind {indent('left', hang_chars)} "
                        f"{indent('firstLine', 0)}/>", ""),
        # 7.3.7: each attachment starts a page, "附件1" flush left in 3号黑体.
        paragraph_style(STYLE_ATTACHMENT_LABEL, "附件标签",
                        f'<w:keepNext/><w:pageBreakBefore/>{NO_INDENT}<w:jc w:val="left"/>',
                        run_props(g.ATTACHMENT_LABEL)),
        table_style(STYLE_TABLE_TEXT, "表格文字", "left", g.TABLE_TEXT),
        table_style(STYLE_TABLE_CENTER, "表格文字居中", "center", g.TABLE_TEXT),
        table_style(STYLE_TABLE_HEADER, "表头", "center", g.TABLE_HEADER),
        page_number_style(STYLE_PAGE_ODD, "页码（单页）", "right"),
        page_number_style(STYLE_PAGE_EVEN, "页码（双页）", "left"),
    ]
    defaults = (f"<w:docDefaults><w:rPrDefault><w:rPr>{fonts(g.FONT_BODY)}"
                f'<w:sz w:val="{g.SIZE_3HAO * 2}"/><w:szCs w:val="{g.SIZE_3HAO * 2}"/>'
                '<w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>'
                '<w:pPrDefault><w:pPr><w:spacing w:before="0" w:after="0" w:line="240" '
                'w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>')
    return (f'{DECLARATION}<w:styles xmlns:w="{W_NS}">{defaults}{"".join(styles)}</w:styles>')


def indent(side: str, chars: float) -> str:
    """The w:ind attributes for an indent of some body characters on one side (firstLine, left,
    right): in characters for Word and WPS (w:…Chars, 1/100 character) and in twips of the
    condensed 16 pt character for readers that take only those."""
    return f'w:{side}="{chars_twips(chars)}" w:{side}Chars="{round(chars * 100)}"'


def chars_twips(chars: float) -> int:
    """A width in body characters (16 pt, condensed as the body is) in twips: the one place a
    character's width becomes an indent (the body's, and the notice's 署名 and date)."""
    return round(chars * (g.pt(g.SIZE_3HAO) + g.CHAR_SPACING_TWENTIETHS_PT))


NO_INDENT = f"<w:ind {indent('firstLine', 0)}/>"


def table_style(style_id: str, name: str, align: str, role: g.TextRole) -> str:
    # Off the line grid and single-spaced, so a row is as tall as its text.
    return paragraph_style(style_id, name, f'<w:snapToGrid w:val="0"/>{NO_INDENT}'
                           f'<w:jc w:val="{align}"/>', run_props(role, condensed=False))


def table_properties(width: int) -> str:
    border = f'w:val="single" w:sz="{g.TABLE_BORDER_EIGHTHS_PT}" w:space="0" w:color="000000"'
    sides = "".join(f"<w:{side} {border}/>" for side in
                    ("top", "left", "bottom", "right", "insideH", "insideV"))
    margin = g.TABLE_CELL_MARGIN
    return (f'<w:tblPr><w:tblW w:w="{width}" w:type="dxa"/><w:jc w:val="center"/>'
            f'<w:tblBorders>{sides}</w:tblBorders><w:tblLayout w:type="fixed"/>'
            f'<w:tblCellMar><w:left w:w="{margin}" w:type="dxa"/>'
            f'<w:right w:w="{margin}" w:type="dxa"/></w:tblCellMar></w:tblPr>')


def page_number_style(style_id: str, name: str, side: str) -> str:
    # 7.5: one 4号 character in from the 版心's edge; off the line grid, so the number sits
    # where FOOTER_DISTANCE puts it in Word and LibreOffice alike.
    return paragraph_style(style_id, name,
                           f'<w:snapToGrid w:val="0"/><w:ind w:{side}="{g.PAGE_NUMBER_SIDE_SPACE}" '
                           f"{indent('firstLine', 0)}/><w:jc w:val=\"{side}\"/>",
                           run_props(g.PAGE_NUMBER, condensed=False, latin=g.FONT_SONG))


def page_number_paragraph(style_id: str) -> str:
    dash = g.PAGE_NUMBER_DASH
    run = "<w:r><w:t xml:space=\"preserve\">{}</w:t></w:r>".format
    field = ('<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
             '<w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
             '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r>'
             '<w:r><w:fldChar w:fldCharType="end"/></w:r>')
    return (f'<w:p><w:pPr><w:pStyle w:val="{style_id}"/></w:pPr>'
            f"{run(dash + ' ')}{field}{run(' ' + dash)}</w:p>")


def footer_xml(style_id: str) -> str:
    return f'{DECLARATION}<w:ftr xmlns:w="{W_NS}">{page_number_paragraph(style_id)}</w:ftr>'


def empty_footer_xml() -> str:
    return f'{DECLARATION}<w:ftr xmlns:w="{W_NS}"><w:p/></w:ftr>'


def turned_footer_xml(odd: bool) -> str:
    """A landscape page's number where portrait pages have theirs (GB/T 9704 10): in a cell of
    vertical text (tbRl, read top to bottom, the sheet turned back) at the page's left edge,
    7 mm outside the 版心; it ends at the 版心's lower edge on odd pages and starts at its upper
    edge on even ones, the one character of space coming from the page-number style as it does
    on portrait pages."""
    length, thick = g.TURNED_NUMBER_LENGTH, g.TURNED_NUMBER_THICKNESS
    page = g.LANDSCAPE
    x = page.left - g.PAGE_NUMBER_GAP - thick // 2
    y = page.height - page.bottom - length if odd else page.top
    style = STYLE_PAGE_ODD if odd else STYLE_PAGE_EVEN
    no_margin = '<w:left w:w="0" w:type="dxa"/><w:right w:w="0" w:type="dxa"/>'
    table = (f'<w:tbl><w:tblPr><w:tblpPr w:leftFromText="0" w:rightFromText="0" '
             f'w:vertAnchor="page" w:horzAnchor="page" w:tblpX="{x}" w:tblpY="{y}"/>'
             f'<w:tblW w:w="{thick}" w:type="dxa"/><w:tblLayout w:type="fixed"/>'
             f"<w:tblCellMar>{no_margin}</w:tblCellMar></w:tblPr>"
             f'<w:tblGrid><w:gridCol w:w="{thick}"/></w:tblGrid><w:tr><w:trPr>'
             f'<w:trHeight w:val="{length}" w:hRule="exact"/></w:trPr><w:tc><w:tcPr>'
             f'<w:tcW w:w="{thick}" w:type="dxa"/><w:textDirection w:val="tbRl"/>'
             f'<w:vAlign w:val="center"/></w:tcPr>{page_number_paragraph(style)}</w:tc></w:tr>'
             "</w:tbl>")
    return f'{DECLARATION}<w:ftr xmlns:w="{W_NS}">{table}<w:p/></w:ftr>'


def settings_xml() -> str:
    return (f'{DECLARATION}<w:settings xmlns:w="{W_NS}"><w:zoom w:percent="100"/>'
            '<w:defaultTabStop w:val="420"/><w:evenAndOddHeaders/>'
            '<w:characterSpacingControl w:val="doNotCompress"/>'
            '<w:compat><w:compatSetting w:name="compatibilityMode" '
            'w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>'
            '<w:themeFontLang w:val="en-US" w:eastAsia="zh-CN"/>'
            '<w:decimalSymbol w:val="."/><w:listSeparator w:val=","/></w:settings>')


def font_table_xml() -> str:
    names = [g.FONT_TITLE, g.FONT_BODY, g.FONT_HEI, g.FONT_KAI, g.FONT_SONG]
    entries = []
    for name in names:
        alt = g.FONT_ALTERNATIVES.get(name)
        alt_el = f'<w:altName w:val="{alt}"/>' if alt else ""
        entries.append(f'<w:font w:name="{name}">{alt_el}<w:charset w:val="86"/>'
                       '<w:family w:val="auto"/><w:pitch w:val="variable"/></w:font>')
    entries.append(f'<w:font w:name="{g.FONT_LATIN}"><w:charset w:val="00"/>'
                   '<w:family w:val="roman"/><w:pitch w:val="variable"/></w:font>')
    return f'{DECLARATION}<w:fonts xmlns:w="{W_NS}">{"".join(entries)}</w:fonts>'


def section_properties(page: g.PageSetup = g.PORTRAIT, start: str = "",
                       char_grid: bool = False, numbered: bool = True) -> str:
    """start: how the section begins (w:type), e.g. evenPage; the default is a new page.
    char_grid: 28 characters a line declared by a character grid, for a section without body
    text (the body's own are condensed runs on a line grid, 5.2.4). numbered=False: empty
    footers, referred to because a section without references keeps the previous one's."""
    orient = ' w:orient="landscape"' if page.landscape else ""
    odd, even = (TURNED_ODD_ID, TURNED_EVEN_ID) if page.landscape else \
        (FOOTER_ODD_ID, FOOTER_EVEN_ID)
    if not numbered:
        odd = even = EMPTY_FOOTER_ID
    start_el = f'<w:type w:val="{start}"/>' if start else ""
    grid = (f'w:type="linesAndChars" w:linePitch="{page.line_pitch}" '
            f'w:charSpace="{g.CHAR_GRID_SPACE}"' if char_grid
            else f'w:type="lines" w:linePitch="{page.line_pitch}"')
    return (f'<w:sectPr><w:footerReference w:type="default" r:id="{odd}"/>'
            f'<w:footerReference w:type="even" r:id="{even}"/>{start_el}'
            f'<w:pgSz w:w="{page.width}" w:h="{page.height}"{orient}/>'
            f'<w:pgMar w:top="{page.top}" w:right="{page.right}" '
            f'w:bottom="{page.bottom}" w:left="{page.left}" w:header="851" '
            f'w:footer="{page.footer}" w:gutter="0"/>'
            '<w:pgNumType w:fmt="decimal"/><w:cols w:space="425"/>'
            f'<w:docGrid {grid}/></w:sectPr>')


def document_xml(body: str = "", last_section: str = "") -> str:
    """last_section: the last section's w:sectPr; the default a portrait body section."""
    return (f'{DECLARATION}<w:document xmlns:w="{W_NS}" xmlns:r="{R_NS}"><w:body>{body}'
            f"{last_section or section_properties()}</w:body></w:document>")


# Characters XML 1.0 forbids (stray control codes pasted from other programs).
FORBIDDEN_IN_XML = {code: None for code in range(32) if code != 9}
# Run text escaped and cleaned in one pass (xml.sax.saxutils.escape would import urllib).
RUN_TEXT = str.maketrans({**FORBIDDEN_IN_XML, "&": "&amp;", "<": "&lt;", ">": "&gt;"})
# What RUN_TEXT changes: most runs hold none of it, and a search is ten times a translate.
RUN_TEXT_CHANGES = re.compile("[" + "".join(re.escape(chr(code)) for code in RUN_TEXT) + "]")


def text(value: str) -> str:
    """Escaped run text without the characters XML cannot hold."""
    return value.translate(RUN_TEXT) if RUN_TEXT_CHANGES.search(value) else value
