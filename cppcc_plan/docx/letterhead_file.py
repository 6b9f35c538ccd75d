"""A unit's own letterhead (红头) Word file: its first-page header, with the styles and fonts
that header uses, carried into our document; the body and every other part stay ours.

Units that print their 红头 from a Word file keep it in the header of the first page (Word's
"different first page"), often with a picture of the 标志. The header part is copied with the
parts it refers to (pictures), renamed so as not to meet ours; our first section shows it on
its first page (w:titlePg), whose footer is the odd-page number as before.
"""

import posixpath
import zipfile
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from ..errors import InputError, Problem

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PR_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
HEADER_TYPE = f"{R_NS}/header"
HEADER_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"
HEADER_PART = "word/letterhead-header.xml"
HEADER_ID = "rIdLetterhead"
BASE_STYLE = "LetterheadBase"
# Element order of CT_PPrBase and EG_RPrBase (ECMA-376 Part 1, 17.3.1.26 and 17.3.2.27), for
# properties merged from the document defaults.
SCHEMA_ORDER = {
    "pPr": ("pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr "
            "suppressLineNumbers pBdr shd tabs suppressAutoHyphens kinsoku wordWrap "
            "overflowPunct topLinePunct autoSpaceDE autoSpaceDN bidi adjustRightInd snapToGrid "
            "spacing ind contextualSpacing mirrorIndents suppressOverlap jc textDirection "
            "textAlignment textboxTightWrap outlineLvl divId cnfStyle rPr sectPr "
            "pPrChange").split(),
    "rPr": ("rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss "
            "imprint noProof snapToGrid vanish webHidden color spacing w kern position sz szCs "
            "highlight u effect bdr shd fitText vertAlign rtl cs em lang eastAsianLayout "
            "specVanish oMath").split(),
}
W = f"{{{W_NS}}}"


@dataclass(frozen=True)
class LetterheadFile:
    header: bytes                                   # the header part, relationships renamed
    rels: bytes | None                              # its relationships part
    parts: tuple[tuple[str, bytes, str], ...]       # pictures: name, bytes, content type
    fonts: tuple[bytes, ...]                        # w:font entries of the fonts it uses
    styles: tuple[bytes, ...] = ()                  # the styles it refers to, and theirs


def read_letterhead(path: Path) -> LetterheadFile:
    """The first-page header of a .docx (its default header when it has no first-page one)."""
    try:
        with zipfile.ZipFile(path) as archive:
            return letterhead_of(archive, path)
    except (OSError, zipfile.BadZipFile, KeyError, etree.XMLSyntaxError) as exc:
        raise InputError([Problem(str(path), f"无法读取红头文件（{exc}）",
                                  hint="应为 Word 的 .docx 文件")]) from None


def letterhead_of(archive: zipfile.ZipFile, path: Path) -> LetterheadFile:
    document = etree.fromstring(archive.read("word/document.xml"))
    sections = document.findall(f".//{W}sectPr")
    first = sections[0] if sections else None
    refs = {} if first is None else {r.get(f"{W}type"): r.get(f"{{{R_NS}}}id")
                                     for r in first.findall(f"{W}headerReference")}
    titled = first is not None and first.find(f"{W}titlePg") is not None and \
        first.find(f"{W}titlePg").get(f"{W}val", "1") not in ("0", "false")
    rid = refs.get("first") if titled else None
    rid = rid or refs.get("default")
    if rid is None:
        raise InputError([Problem(str(path), "红头文件的第一页没有页眉",
                                  hint="把发文机关标志放在页眉中（可设“首页不同”）")])
    document_rels = relationships(archive, "word/_rels/document.xml.rels")
    header_name = posixpath.normpath(posixpath.join("word", document_rels[rid][1]))
    header = archive.read(header_name)
    rels_name = posixpath.join(posixpath.dirname(header_name), "_rels",
                               posixpath.basename(header_name) + ".rels")
    parts, rels = [], None
    if rels_name in archive.namelist():
        tree = etree.fromstring(archive.read(rels_name))
        types = content_types(archive)
        for rel in tree:
            if rel.get("TargetMode") == "External":
                continue
            source = posixpath.normpath(posixpath.join(posixpath.dirname(header_name),
                                                       rel.get("Target")))
            target = f"media/letterhead-{posixpath.basename(source)}"
            rel.set("Target", target)
            parts.append((f"word/{target}", archive.read(source), types(source)))
        rels = etree.tostring(tree, xml_declaration=True, encoding="UTF-8", standalone=True)
    header, styles = used_styles(archive, header)
    return LetterheadFile(header, rels, tuple(parts), used_fonts(archive, (header, *styles)),
                          styles)


def relationships(archive: zipfile.ZipFile, name: str) -> dict[str, tuple[str, str]]:
    tree = etree.fromstring(archive.read(name))
    return {r.get("Id"): (r.get("Type"), r.get("Target")) for r in tree}


def content_types(archive: zipfile.ZipFile):
    tree = etree.fromstring(archive.read("[Content_Types].xml"))
    defaults = {d.get("Extension").lower(): d.get("ContentType")
                for d in tree.findall(f"{{{CT_NS}}}Default")}
    overrides = {o.get("PartName"): o.get("ContentType")
                 for o in tree.findall(f"{{{CT_NS}}}Override")}

    def type_of(name: str) -> str:
        return overrides.get("/" + name) or defaults.get(name.rsplit(".", 1)[-1].lower(),
                                                         "application/octet-stream")
    return type_of


def used_fonts(archive: zipfile.ZipFile, parts: tuple[bytes, ...]) -> tuple[bytes, ...]:
    """The font table entries of the fonts the header and its styles name."""
    names = set()
    for fonts in (f for part in parts for f in etree.fromstring(part).iter(f"{W}rFonts")):
        names |= {fonts.get(f"{W}{slot}") for slot in ("ascii", "hAnsi", "eastAsia", "cs")}
    names.discard(None)
    entries = []
    if "word/fontTable.xml" in archive.namelist():
        for font in etree.fromstring(archive.read("word/fontTable.xml")):
            if font.get(f"{W}name") in names:
                entries.append(etree.tostring(font))
                names.discard(font.get(f"{W}name"))
    entries += [f'<w:font xmlns:w="{W_NS}" w:name="{n}"/>'.encode() for n in sorted(names)]
    return tuple(entries)


def used_styles(archive: zipfile.ZipFile, header: bytes) -> tuple[bytes, tuple[bytes, ...]]:
    """The header, and the styles its paragraphs and runs name with those they are based on,
    so that it keeps its look (Word's "Header" style: no indent, its tab stops). The file's
    default paragraph style, which every chain ends in and which our Normal (indented, on
    the grid) would replace, comes as BASE_STYLE, with the file's document defaults in it;
    the header's paragraphs without a style get it."""
    if "word/styles.xml" not in archive.namelist():
        return header, ()
    tree = etree.fromstring(archive.read("word/styles.xml"))
    styles = {s.get(f"{W}styleId"): s for s in tree.findall(f"{W}style")}
    # LibreOffice writes its Normal without w:default
    default = next((s for s in styles.values() if s.get(f"{W}type") == "paragraph"
                    and s.get(f"{W}default") in ("1", "true")), styles.get("Normal"))
    default_id = default.get(f"{W}styleId") if default is not None else None
    root = etree.fromstring(header)
    if default_id:
        for paragraph in root.iter(f"{W}p"):
            props = paragraph.find(f"{W}pPr")
            if props is None:
                props = etree.Element(f"{W}pPr")
                paragraph.insert(0, props)
            if props.find(f"{W}pStyle") is None:
                style = etree.Element(f"{W}pStyle")
                style.set(f"{W}val", default_id)
                props.insert(0, style)
    wanted = [e.get(f"{W}val") for e in root.iter(f"{W}pStyle", f"{W}rStyle")]
    found: dict[str, bytes] = {}
    while wanted:
        style = styles.get(wanted.pop())
        if style is None or style.get(f"{W}styleId") in found:
            continue
        based = style.find(f"{W}basedOn")
        if based is not None:
            wanted.append(based.get(f"{W}val"))
        found[style.get(f"{W}styleId")] = etree.tostring(style)
    if default_id in found:
        found[default_id] = base_style(default, tree.find(f"{W}docDefaults"))
    header = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    renamed = tuple(rename(entry, default_id) for entry in found.values())
    return rename(header, default_id), renamed


def base_style(default, defaults) -> bytes:
    """The file's default paragraph style as a plain style, the document defaults beneath
    its own properties."""
    style = etree.fromstring(etree.tostring(default))
    style.attrib.pop(f"{W}default", None)
    style.find(f"{W}name").set(f"{W}val", "红头页眉")
    for kind in ("pPr", "rPr"):
        inherited = defaults.find(f"{W}{kind}Default/{W}{kind}") if defaults is not None \
            else None
        if inherited is None:
            continue
        own = style.find(f"{W}{kind}")
        if own is None:
            own = etree.Element(f"{W}{kind}")
            later = style.find(f"{W}rPr") if kind == "pPr" else None
            later.addprevious(own) if later is not None else style.append(own)
        for child in inherited:
            if own.find(child.tag) is None:
                own.append(etree.fromstring(etree.tostring(child)))
        order = SCHEMA_ORDER[kind]
        own[:] = sorted(own, key=lambda e: order.index(etree.QName(e).localname)
                        if etree.QName(e).localname in order else len(order))
    return etree.tostring(style)


def rename(xml: bytes, style_id: str | None) -> bytes:
    """References to the file's default paragraph style made to BASE_STYLE."""
    if not style_id:
        return xml
    root = etree.fromstring(xml)
    for element in root.iter(f"{W}pStyle", f"{W}basedOn", f"{W}next"):
        if element.get(f"{W}val") == style_id:
            element.set(f"{W}val", BASE_STYLE)
    if root.tag == f"{W}style" and root.get(f"{W}styleId") == style_id:
        root.set(f"{W}styleId", BASE_STYLE)
    declaration = xml.startswith(b"<?xml")
    return etree.tostring(root, xml_declaration=declaration, encoding="UTF-8",
                          standalone=True if declaration else None)


def with_letterhead(members: dict[str, bytes], letterhead: LetterheadFile) -> dict[str, bytes]:
    """Our package's parts with the letterhead's header shown on the first page."""
    out = dict(members)
    out[HEADER_PART] = letterhead.header
    if letterhead.rels is not None:
        out["word/_rels/letterhead-header.xml.rels"] = letterhead.rels
    for name, data, _ in letterhead.parts:
        out[name] = data
    out["[Content_Types].xml"] = add_types(members["[Content_Types].xml"], letterhead)
    out["word/_rels/document.xml.rels"] = add_relationship(
        members["word/_rels/document.xml.rels"])
    out["word/fontTable.xml"] = add_fonts(members["word/fontTable.xml"], letterhead.fonts)
    out["word/styles.xml"] = add_styles(members["word/styles.xml"], letterhead.styles)
    out["word/document.xml"] = first_page_header(members["word/document.xml"])
    return out


def add_types(xml: bytes, letterhead: LetterheadFile) -> bytes:
    tree = etree.fromstring(xml)
    names = [HEADER_PART] + [name for name, _, _ in letterhead.parts]
    types = [HEADER_CT] + [kind for _, _, kind in letterhead.parts]
    for name, kind in zip(names, types):
        override = etree.SubElement(tree, f"{{{CT_NS}}}Override")
        override.set("PartName", "/" + name)
        override.set("ContentType", kind)
    return etree.tostring(tree, xml_declaration=True, encoding="UTF-8", standalone=True)


def add_relationship(xml: bytes) -> bytes:
    tree = etree.fromstring(xml)
    rel = etree.SubElement(tree, f"{{{PR_NS}}}Relationship")
    rel.set("Id", HEADER_ID)
    rel.set("Type", HEADER_TYPE)
    rel.set("Target", posixpath.basename(HEADER_PART))
    return etree.tostring(tree, xml_declaration=True, encoding="UTF-8", standalone=True)


def add_fonts(xml: bytes, fonts: tuple[bytes, ...]) -> bytes:
    tree = etree.fromstring(xml)
    have = {f.get(f"{W}name") for f in tree}
    for entry in fonts:
        font = etree.fromstring(entry)
        if font.get(f"{W}name") not in have:
            tree.append(font)
    return etree.tostring(tree, xml_declaration=True, encoding="UTF-8", standalone=True)


def add_styles(xml: bytes, styles: tuple[bytes, ...]) -> bytes:
    """The header's styles that ours lack; where an id is ours (Normal), ours stays."""
    tree = etree.fromstring(xml)
    have = {s.get(f"{W}styleId") for s in tree.findall(f"{W}style")}
    for entry in styles:
        style = etree.fromstring(entry)
        if style.get(f"{W}styleId") not in have:
            tree.append(style)
    return etree.tostring(tree, xml_declaration=True, encoding="UTF-8", standalone=True)


def first_page_header(xml: bytes) -> bytes:
    """The first section shows the header on its first page (w:titlePg), whose footer is
    the odd pages' page number."""
    tree = etree.fromstring(xml)
    section = next(tree.iter(f"{W}sectPr"))
    odd = next(r for r in section.findall(f"{W}footerReference")
               if r.get(f"{W}type") == "default")
    header = etree.Element(f"{W}headerReference")
    header.set(f"{W}type", "first")
    header.set(f"{{{R_NS}}}id", HEADER_ID)
    footer = etree.Element(f"{W}footerReference")
    footer.set(f"{W}type", "first")
    footer.set(f"{{{R_NS}}}id", odd.get(f"{{{R_NS}}}id"))
    section.insert(0, header)
    odd.addnext(footer)
    section.find(f"{W}docGrid").addprevious(etree.Element(f"{W}titlePg"))
    return etree.tostring(tree, xml_declaration=True, encoding="UTF-8", standalone=True)
