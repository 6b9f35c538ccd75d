"""Blocks → .docx bytes. The only module that imports python-docx.

python-docx opens the package built from ooxml.py's parts once per process and serialises
every part once; each document then only needs its own document.xml and core properties, zipped
beside those bytes with one fixed timestamp, so the same input gives the same bytes. Paragraphs
name styles; runs carry a character style only for a run-in lead (GB/T 9704 formatting comes
from gbt9704.py through ooxml.py).
"""

import datetime
import io
import os
import re
import zipfile
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

import docx

from . import gbt9704 as g
from . import ooxml
from ..blocks import (Addressee, AttachmentLabel, AttachmentNote, AttachmentTitle, Block, Colophon,
                     DateLine, Heading, Letterhead, NewPage, NoticeClosing, Paragraph, Signature,
                     Table, Title)
from ..output import WRITTEN_BY
from ..prose import display_width
from . import pages, tables
from .titles import balance_title
from .zipped import zip_archive

if TYPE_CHECKING:       # read only for a unit's own letterhead
    from .letterhead_file import LetterheadFile

CT_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml"
RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


@dataclass
class DocumentInfo:
    """Core properties, taken from the input so that the output is reproducible."""

    title: str
    author: str
    date: datetime.date


def footers(turned: bool, unnumbered: bool) -> list[tuple[str, str, str]]:
    """(relationship id, part name, xml) of the page-number footers; with turned, also those
    of landscape pages; with unnumbered, the empty one of pages without a number."""
    out = [(ooxml.FOOTER_ODD_ID, "footer1.xml", ooxml.footer_xml(ooxml.STYLE_PAGE_ODD)),
           (ooxml.FOOTER_EVEN_ID, "footer2.xml", ooxml.footer_xml(ooxml.STYLE_PAGE_EVEN))]
    if turned:
        out += [(ooxml.TURNED_ODD_ID, "footer3.xml", ooxml.turned_footer_xml(odd=True)),
                (ooxml.TURNED_EVEN_ID, "footer4.xml", ooxml.turned_footer_xml(odd=False))]
    if unnumbered:
        out.append((ooxml.EMPTY_FOOTER_ID, "footer5.xml", ooxml.empty_footer_xml()))
    return out


@lru_cache(maxsize=4)
def base_package(turned: bool, unnumbered: bool) -> bytes:
    parts = {
        "[Content_Types].xml": content_types(
            [name for _, name, _ in footers(turned, unnumbered)]),
        "_rels/.rels": relationships([("rId1", f"{RT}/officeDocument", "word/document.xml"),
                                      ("rIdApp", f"{RT}/extended-properties", APP_PART)]),
        APP_PART: app_xml(),
        "word/_rels/document.xml.rels": relationships([
            ("rIdStyles", f"{RT}/styles", "styles.xml"),
            ("rIdSettings", f"{RT}/settings", "settings.xml"),
            ("rIdFonts", f"{RT}/fontTable", "fontTable.xml"),
            *((rid, f"{RT}/footer", name) for rid, name, _ in footers(turned, unnumbered))]),
        "word/document.xml": ooxml.document_xml(),
        "word/styles.xml": ooxml.styles_xml(),
        "word/settings.xml": ooxml.settings_xml(),
        "word/fontTable.xml": ooxml.font_table_xml(),
        **{f"word/{name}": xml for _, name, xml in footers(turned, unnumbered)},
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, xml in parts.items():
            archive.writestr(name, xml)
    return buffer.getvalue()


def content_types(footer_names: list[str]) -> str:
    overrides = {
        "/" + APP_PART: "application/vnd.openxmlformats-officedocument.extended-properties+xml",
        "/word/document.xml": f"{CT_MAIN}.document.main+xml",
        "/word/styles.xml": f"{CT_MAIN}.styles+xml",
        "/word/settings.xml": f"{CT_MAIN}.settings+xml",
        "/word/fontTable.xml": f"{CT_MAIN}.fontTable+xml",
        **{f"/word/{name}": f"{CT_MAIN}.footer+xml" for name in footer_names},
    }
    items = "".join(f'<Override PartName="{k}" ContentType="{v}"/>' for k, v in overrides.items())
    return (f"{ooxml.DECLARATION}<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/"
            'content-types"><Default Extension="rels" ContentType="application/'
            'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
            f'ContentType="application/xml"/>{items}</Types>')


APP_PART = "docProps/app.xml"


def app_xml() -> str:
    """Names this tool as the application, which tells output.py the file is ours to replace
    until Word, WPS or LibreOffice saves it under its own name."""
    return (f'{ooxml.DECLARATION}<Properties xmlns="http://schemas.openxmlformats.org/'
            f'officeDocument/2006/extended-properties"><Application>{WRITTEN_BY}</Application>'
            "</Properties>")


def relationships(rels: list[tuple[str, str, str]]) -> str:
    items = "".join(f'<Relationship Id="{i}" Type="{t}" Target="{target}"/>'
                    for i, t, target in rels)
    return (f'{ooxml.DECLARATION}<Relationships xmlns="http://schemas.openxmlformats.org/'
            f'package/2006/relationships">{items}</Relationships>')


def paragraph(style: str | None, runs: str, ppr_extra: str = "") -> str:
    style_el = f'<w:pStyle w:val="{style}"/>' if style else ""
    ppr = f"<w:pPr>{style_el}{ppr_extra}</w:pPr>" if style_el or ppr_extra else ""
    return f"<w:p>{ppr}{runs}</w:p>"


# Marks Unicode shares between Latin and Chinese text: without the hint Word, WPS and
# LibreOffice set them in the Latin font, half-width; 仿宋 sets them full-width, as GB/T 15834 has.
SHARED_MARKS = re.compile("([“”‘’—…]+)")
EAST_ASIA_HINT = '<w:rFonts w:hint="eastAsia"/>'


def run(value: str, char_style: str | None = None) -> str:
    """One run, or several where the text holds shared marks: those get w:hint="eastAsia"."""
    style = f'<w:rStyle w:val="{char_style}"/>' if char_style else ""
    out = []
    for i, piece in enumerate(SHARED_MARKS.split(value)):
        if not piece:
            continue
        props = style + (EAST_ASIA_HINT if i % 2 else "")
        rpr = f"<w:rPr>{props}</w:rPr>" if props else ""
        out.append(f'<w:r>{rpr}<w:t xml:space="preserve">{ooxml.text(piece)}</w:t></w:r>')
    return "".join(out)


BLANK_LINE = "<w:p/>"
# 7.3.5.4: 署名 and 成文日期 never stand alone on a page. The blank lines, the 附件说明 and the
# 署名 each keep with the next; where the closing would open a page by itself (pages.py), the
# last body paragraph keeps with it too and goes over with it.
KEEP_NEXT = "<w:keepNext/>"
KEPT_BLANK_LINE = f"<w:p><w:pPr>{KEEP_NEXT}</w:pPr></w:p>"


def closing_indents(signature: str, date: str) -> tuple[int, int]:
    """Right indents (in 1/100 character) of 署名 and 成文日期, GB/T 9704 7.3.5.2: the
    signature 右空二字, the date starting two characters right of the signature's start;
    a date longer than that moves the signature right and stands 右空二字 itself."""
    sig, day = display_width(signature), display_width(date)
    sig_right = g.SIGNATURE_RIGHT_CHARS
    date_right = sig_right + sig - day - g.DATE_OFFSET_CHARS
    if date_right < g.SIGNATURE_RIGHT_CHARS:
        date_right = g.SIGNATURE_RIGHT_CHARS
        sig_right = date_right + day + g.DATE_OFFSET_CHARS - sig
    return round(sig_right * 100), round(date_right * 100)


def right_indent(hundredths: int) -> str:
    return f"<w:ind {ooxml.indent('right', hundredths / 100)}/>"


def pad(row: tuple[str, ...], size: int) -> tuple[str, ...]:
    return row + ("",) * (size - len(row))


def merge_marks(column: list[str]) -> list[str]:
    """w:vMerge of each cell of a grouping column (类别): equal neighbours down are one cell,
    its text in the first."""
    marks = []
    for i, text in enumerate(column):
        if i and text and text == column[i - 1]:
            marks.append("<w:vMerge/>")
        elif i + 1 < len(column) and text and text == column[i + 1]:
            marks.append('<w:vMerge w:val="restart"/>')
        else:
            marks.append("")
    return marks


def table_xml(table: Table, layout: tables.Layout, keep_with_next: bool = False) -> str:
    """Header row repeated on every page, rows kept whole (SPEC §4 tables), columns as wide as
    their content asks (tables.py); columns of words (序号, 时间) centred. keep_with_next
    holds the last row on the page of what follows (the 署名 and date of a list)."""
    room = g.TEXT_HEIGHT if layout.landscape else g.TEXT_WIDTH
    widths = tables.twips(layout.widths, room)
    rows = [pad(row, len(table.header)) for row in table.rows]
    columns = [list(c) for c in zip(*rows)] if rows else [[] for _ in widths]
    styles = [ooxml.STYLE_TABLE_CENTER if tables.centred([h, *c]) else ooxml.STYLE_TABLE_TEXT
              for h, c in zip(table.header, columns)]
    merges = [merge_marks(c) if i in table.grouping else [""] * len(c)
              for i, c in enumerate(columns)]

    def cell(text: str, width: int, style: str, merge: str = "", keep: str = "") -> str:
        content = run(text) if text and merge != "<w:vMerge/>" else ""
        return (f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{merge}'
                f'<w:vAlign w:val="center"/></w:tcPr>{paragraph(style, content, keep)}</w:tc>')

    header = "".join(cell(t, w, ooxml.STYLE_TABLE_HEADER) for t, w in zip(table.header, widths))
    out = [f"<w:tbl>{ooxml.table_properties(room)}<w:tblGrid>",
           "".join(f'<w:gridCol w:w="{w}"/>' for w in widths), "</w:tblGrid>",
           f"<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>{header}</w:tr>"]
    for r, row in enumerate(rows):
        keep = KEEP_NEXT if keep_with_next and r == len(rows) - 1 else ""
        cells = "".join(cell(t, w, style, merge[r], keep)
                        for t, w, style, merge in zip(row, widths, styles, merges))
        out.append(f"<w:tr><w:trPr><w:cantSplit/></w:trPr>{cells}</w:tr>")
    out.append("</w:tbl>")
    return "".join(out)


def title_runs(title: str) -> str:
    """A title broken into balanced lines, one paragraph with line breaks (7.2.3)."""
    return '<w:r><w:br/></w:r>'.join(run(line) for line in balance_title(title))


def table_layout(table: Table) -> tables.Layout:
    return tables.layout(table.header, [pad(row, len(table.header)) for row in table.rows])


def page_setups(blocks: list[Block]) -> list[g.PageSetup]:
    """The page each block is set on: an attachment holding a table too wide for the portrait
    版心 is set on landscape pages, from its label to the next attachment."""
    setups, page = [], g.PORTRAIT
    for i, block in enumerate(blocks):
        if isinstance(block, AttachmentLabel):
            end = next((j for j in range(i + 1, len(blocks))
                        if isinstance(blocks[j], AttachmentLabel)), len(blocks))
            wide = any(isinstance(b, Table) and table_layout(b).landscape
                       for b in blocks[i:end])
            page = g.LANDSCAPE if wide else g.PORTRAIT
        setups.append(page)
    return setups


def end_section(out: list[str], page: g.PageSetup) -> None:
    """Close the section so far on the last paragraph written (a new one after a table)."""
    sect = ooxml.section_properties(page)
    last = out[-1] if out else ""
    if last == BLANK_LINE:
        out[-1] = f"<w:p><w:pPr>{sect}</w:pPr></w:p>"
    elif last.startswith("<w:p><w:pPr>"):
        out[-1] = last.replace("</w:pPr>", sect + "</w:pPr>", 1)
    elif last.startswith("<w:p>"):
        out[-1] = f"<w:p><w:pPr>{sect}</w:pPr>{last[len('<w:p>'):]}"
    else:
        out.append(f"<w:p><w:pPr>{sect}</w:pPr></w:p>")


@dataclass
class Body:
    xml: str                    # paragraphs and tables
    setups: list[g.PageSetup]   # the page each block is set on
    last_section: str           # the w:sectPr that closes the body
    unnumbered: bool            # it has pages without a number (colophon.AFTER_BLANK)


def body_xml(blocks: list[Block], own_marks: bool = True) -> Body:
    """own_marks: the 版头 draws the 发文机关标志 (not when a unit's letterhead file gives it)."""
    out = []
    setups = page_setups(blocks)
    signature = next((b.text for b in blocks if isinstance(b, Signature)), "")
    date = next((b.text for b in blocks if isinstance(b, DateLine)), "")
    sig_indent, date_indent = closing_indents(signature, date)
    estimate = pages.estimate(blocks, own_marks)
    last_section = ooxml.section_properties(setups[-1] if setups else g.PORTRAIT)
    unnumbered = False
    previous = None
    for i, block in enumerate(blocks):
        if i and setups[i] != setups[i - 1]:
            end_section(out, setups[i - 1])
        match block:
            case Title(text):
                runs = title_runs(text)
                new_page = "<w:pageBreakBefore/>" if isinstance(previous, NewPage) else ""
                out += [paragraph(ooxml.STYLE_TITLE, runs, new_page), BLANK_LINE]
            # The 公文's 版头, cover notice and 版记 are imported where a document has one:
            # most have none, and with their layout tables they took 2 ms of a cold render.
            case Letterhead():
                from .letterhead import letterhead_xml
                out.append(letterhead_xml(block, marks=own_marks))
            case NoticeClosing():
                from .notice import closing_xml, keep_last_with_next, widest
                out = keep_last_with_next(out)
                out.append(closing_xml(block, closing_indents(widest(block), block.date)))
            case Colophon():
                from .colophon import AFTER_BLANK, SAME_PAGE, SECTIONS, colophon_xml, placement
                place = placement(estimate.end, block)
                if place != SAME_PAGE:
                    # the body's section closes on its last line: no line added to its page
                    end_section(out, setups[i - 1])
                    last_section = SECTIONS[place]
                    unnumbered = place == AFTER_BLANK
                out.append(colophon_xml(block, place))
            case Addressee(text):
                out.append(paragraph(ooxml.STYLE_ADDRESSEE, run(text)))
            case Heading(rank, text):
                out.append(paragraph(ooxml.STYLE_HEADINGS[rank], run(text)))
            case Paragraph(text, lead, lead_rank):
                runs = (run(lead, ooxml.STYLE_LEADS[lead_rank]) if lead else "") + \
                    (run(text) if text else "")
                out.append(paragraph(None, runs, KEEP_NEXT if i == estimate.keep else ""))
            case AttachmentNote(text) if not isinstance(previous, AttachmentNote):
                out += [KEPT_BLANK_LINE,
                        paragraph(ooxml.STYLE_ATTACHMENT_NOTE, run("附件：" + text))]
            case AttachmentNote(text):
                out.append(paragraph(ooxml.STYLE_ATTACHMENT_NOTE_MORE, run(text)))
            case Signature(text):
                out += [KEPT_BLANK_LINE, paragraph(ooxml.STYLE_SIGNATURE, run(text),
                                              right_indent(sig_indent))]
            case AttachmentLabel(text):
                out.append(paragraph(ooxml.STYLE_ATTACHMENT_LABEL, run(text)))
            case AttachmentTitle(text):
                # 7.3.7: the label on the first line, the title centred on the third.
                runs = title_runs(text)
                out += [BLANK_LINE, paragraph(ooxml.STYLE_TITLE, runs), BLANK_LINE]
            case Table():
                out.append(table_xml(block, table_layout(block), i == estimate.keep))
                if block is blocks[-1]:
                    out.append(BLANK_LINE)      # Word wants a paragraph after the last table
            case DateLine(text):
                out.append(paragraph(ooxml.STYLE_DATE, run(text), right_indent(date_indent)))
        previous = block
    return Body("".join(out), setups, last_section, unnumbered)


@dataclass
class Package:
    """The base package as python-docx wrote it: every member's bytes, in order, and its
    core properties as python-docx writes them, with a place for each document's values."""

    members: list[tuple[str, bytes]]
    core: "CoreTemplate"


DOCUMENT_PART = "word/document.xml"
CORE_PART = "docProps/core.xml"
CORE_TEXT_CHARS = 255


def opened(turned: bool, unnumbered: bool) -> tuple[object, object]:
    """The base package opened by python-docx, and its core properties part."""
    document = docx.Document(io.BytesIO(base_package(turned, unnumbered)))
    document.core_properties                             # python-docx adds the part
    return document, next(part for part in document.part.package.iter_parts()
                          if part.partname == "/" + CORE_PART)


@lru_cache(maxsize=4)
def package(turned: bool, unnumbered: bool) -> Package:
    document, core = opened(turned, unnumbered)
    buffer = io.BytesIO()
    document.save(buffer)
    with zipfile.ZipFile(buffer) as archive:
        members = [(name, archive.read(name)) for name in archive.namelist()]
    return Package(members, CoreTemplate(core))


def fill_core(part, title: str, author: str, stamp: datetime.datetime) -> bytes:
    """The core properties part filled in through python-docx: its XML."""
    props = part.core_properties
    props.title, props.author, props.last_modified_by = title, author, author
    props.created = props.modified = stamp.replace(tzinfo=None)
    props.revision = 1
    return part.blob


class CoreTemplate:
    """core.xml as python-docx writes it, split once at marks where a document's values go
    (filling the part in again for each document took 0.1 ms); the values are escaped as
    lxml escapes a text."""

    STAMP_FORMAT = "%Y-%m-%dT%H:%M:%SZ"                  # python-docx's, for both dates
    STAMP_MARK = datetime.datetime(1901, 2, 3, 4, 5, 6)

    def __init__(self, part):
        marks = {"title": "\ue000title\ue000", "author": "\ue000author\ue000",
                 "stamp": self.STAMP_MARK.strftime(self.STAMP_FORMAT)}
        xml = fill_core(part, marks["title"], marks["author"], self.STAMP_MARK).decode("utf-8")
        pieces = re.split("(" + "|".join(map(re.escape, marks.values())) + ")", xml)
        fields = {mark: name for name, mark in marks.items()}
        self.texts, self.fields = pieces[0::2], [fields[mark] for mark in pieces[1::2]]

    def filled(self, title: str, author: str, stamp: datetime.datetime) -> bytes:
        values = {"title": escape_text(title), "author": escape_text(author),
                  "stamp": stamp.strftime(self.STAMP_FORMAT)}
        out = [self.texts[0]]
        for name, text in zip(self.fields, self.texts[1:]):
            out += [values[name], text]
        return "".join(out).encode("utf-8")


# As lxml writes a text node: not ooxml.text, which drops line ends from a run (python-docx
# kept a title's in core.xml, and the template gives python-docx's bytes).
TEXT_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"})


def escape_text(text: str) -> str:
    return text.translate(TEXT_ESCAPES)


def core_xml(core: CoreTemplate, info: DocumentInfo, stamp: datetime.datetime) -> bytes:
    # Core properties hold at most 255 characters (python-docx refuses more); the title and
    # signature in the document itself are whole.
    return core.filled(info.title[:CORE_TEXT_CHARS], info.author[:CORE_TEXT_CHARS], stamp)


def write_docx(blocks: list[Block], info: DocumentInfo,
               letterhead: "LetterheadFile | None" = None) -> bytes:
    """letterhead: a unit's own letterhead file, whose first-page header replaces the 标志."""
    stamp = datetime.datetime.combine(info.date, datetime.time(), datetime.timezone.utc)
    date_time = zip_time(stamp)
    body = body_xml(blocks, own_marks=letterhead is None)
    base = package(g.LANDSCAPE in body.setups, body.unnumbered)
    members = dict(base.members)
    members.update({DOCUMENT_PART: ooxml.document_xml(body.xml, body.last_section)
                    .encode("utf-8"), CORE_PART: core_xml(base.core, info, stamp)})
    if letterhead is not None:
        from .letterhead_file import with_letterhead
        members = with_letterhead(members, letterhead)
    return zip_archive(list(members.items()), date_time, fresh=(DOCUMENT_PART, CORE_PART))


def zip_time(stamp: datetime.datetime) -> tuple:
    """SOURCE_DATE_EPOCH when set (reproducible-builds.org), else the document's date."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        stamp = datetime.datetime.fromtimestamp(int(epoch), datetime.timezone.utc)
    stamp = max(stamp, datetime.datetime(1980, 1, 1, tzinfo=datetime.timezone.utc))
    return stamp.timetuple()[:6]
