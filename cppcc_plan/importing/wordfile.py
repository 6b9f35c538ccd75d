"""Read a Word file someone else wrote: its body paragraphs and tables as plain text, in order.

Standard library only (zipfile + ElementTree): python-docx belongs to the writer. Word's own
list numbering (w:numPr) is resolved through numbering.xml into the text a reader sees
("一、", "（一）", "1."), so that typed and Word-numbered headings look alike to the importer.
.doc and .wps files are converted to .docx by LibreOffice first, when it is installed.
"""

import re
import shutil
import subprocess
import tempfile
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError, Problem
from ..numbering import cn_numeral

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
CONVERTED_SUFFIXES = (".doc", ".wps", ".odt", ".rtf")
LIBREOFFICE_PACKAGE = "libreoffice-writer-nogui"


@dataclass(frozen=True)
class WordParagraph:
    text: str            # with the list number Word would show, line breaks as "\n"
    style: str           # the style's name (Title, Heading 1 …), "" for the default
    number: int          # 1-based position among the body's paragraphs, for warnings


@dataclass(frozen=True)
class WordTable:
    rows: tuple[tuple[str, ...], ...]
    number: int          # the paragraph number it follows


Block = WordParagraph | WordTable


def read_word(path: Path) -> list[Block]:
    """The body of a .docx (or of a .doc/.wps converted through LibreOffice)."""
    if not path.exists():
        raise InputError([Problem(str(path), "找不到这个文件，请检查文件名和所在目录")])
    if path.is_dir():
        raise InputError([Problem(str(path), "这是一个目录，不是 Word 文件")])
    if path.suffix.lower() in CONVERTED_SUFFIXES:
        with tempfile.TemporaryDirectory(prefix="cppcc-import-") as folder:
            return read_docx(convert_to_docx(path, Path(folder)), str(path))
    return read_docx(path, str(path))


def convert_to_docx(path: Path, folder: Path) -> Path:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise InputError([Problem(str(path), f"读取 {path.suffix} 文件需要 LibreOffice，但没有找到 "
                                  "soffice 命令", hint=f"请安装 LibreOffice（Debian/Ubuntu："
                                  f"sudo apt install {LIBREOFFICE_PACKAGE}），或在 Word/WPS 中"
                                  "另存为 .docx 后再导入")])
    # A profile of its own: a LibreOffice already running for the user would take the job
    # and return before the file is written.
    profile = (folder / "profile").resolve().as_uri()
    try:
        subprocess.run([soffice, f"-env:UserInstallation={profile}", "--headless",
                        "--convert-to", "docx", "--outdir", str(folder), str(path)],
                       capture_output=True, timeout=180, check=False)
    except subprocess.TimeoutExpired:
        raise InputError([Problem(str(path), "LibreOffice 转换超时（3 分钟）")]) from None
    converted = folder / (path.stem + ".docx")
    if not converted.exists():
        raise InputError([Problem(str(path), "LibreOffice 无法转换这个文件",
                                  hint="请在 Word/WPS 中打开并另存为 .docx")])
    return converted


def read_docx(path: Path, name: str) -> list[Block]:
    try:
        with zipfile.ZipFile(path) as archive:
            parts = set(archive.namelist())
            document = ET.fromstring(archive.read("word/document.xml"))
            numbering = ET.fromstring(archive.read("word/numbering.xml")) \
                if "word/numbering.xml" in parts else None
            styles = ET.fromstring(archive.read("word/styles.xml")) \
                if "word/styles.xml" in parts else None
    except (zipfile.BadZipFile, KeyError, ET.ParseError):
        raise InputError([Problem(name, "这不是有效的 .docx 文件",
                                  hint="请在 Word/WPS 中打开并另存为 .docx")]) from None
    except OSError as exc:
        raise InputError([Problem(name, f"无法读取文件：{exc.strerror}")]) from None
    body = document.find(f"{W}body")
    reader = BodyReader(Numbering(numbering), Styles(styles))
    return reader.read(body if body is not None else document)


class Styles:
    """Style names and the list numbering a paragraph style carries (List Number …)."""

    def __init__(self, root):
        self.names, self.numbers, self.based = {}, {}, {}
        for style in root.iter(f"{W}style") if root is not None else ():
            sid = style.get(f"{W}styleId")
            name = style.find(f"{W}name")
            self.names[sid] = name.get(f"{W}val") if name is not None else sid
            num = style.find(f"{W}pPr/{W}numPr")
            if num is not None:
                self.numbers[sid] = num_pr(num)
            based = style.find(f"{W}basedOn")
            if based is not None:
                self.based[sid] = based.get(f"{W}val")

    def number(self, sid: str | None) -> tuple[str | None, int | None]:
        seen = set()
        while sid and sid not in seen:
            seen.add(sid)
            if sid in self.numbers:
                return self.numbers[sid]
            sid = self.based.get(sid)
        return None, None


def num_pr(element) -> tuple[str | None, int | None]:
    num_id = element.find(f"{W}numId")
    ilvl = element.find(f"{W}ilvl")
    return (num_id.get(f"{W}val") if num_id is not None else None,
            int(ilvl.get(f"{W}val")) if ilvl is not None else None)


@dataclass(frozen=True)
class Level:
    format: str
    text: str
    start: int


def format_number(n: int, fmt: str) -> str:
    if fmt in ("chineseCounting", "chineseCountingThousand", "japaneseCounting",
               "taiwaneseCounting", "ideographDigital"):
        return cn_numeral(n)
    if fmt == "decimalFullWidth":
        return "".join(chr(ord(d) - ord("0") + ord("０")) for d in str(n))
    if fmt == "decimalEnclosedCircle" and 1 <= n <= 20:
        return chr(0x2460 + n - 1)
    if fmt == "ideographTraditional" and 1 <= n <= 10:
        return "甲乙丙丁戊己庚辛壬癸"[n - 1]
    if fmt in ("lowerLetter", "upperLetter"):
        letter = chr(ord("a") + (n - 1) % 26)
        return letter.upper() if fmt == "upperLetter" else letter
    if fmt in ("lowerRoman", "upperRoman"):
        roman = roman_numeral(n)
        return roman.lower() if fmt == "lowerRoman" else roman
    return str(n)


def roman_numeral(n: int) -> str:
    out = ""
    for value, letters in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"),
                           (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"),
                           (4, "IV"), (1, "I")):
        while n >= value:
            out, n = out + letters, n - value
    return out


class Numbering:
    """numbering.xml: each numId's levels (format, text, start), with its counters; Word
    shows "%1、" with the level's counter in its format, deeper levels restarting."""

    def __init__(self, root):
        abstract = {}
        self.levels: dict[str, dict[int, Level]] = {}
        self.counters: dict[str, dict[int, int]] = {}
        if root is None:
            return
        for node in root.findall(f"{W}abstractNum"):
            abstract[node.get(f"{W}abstractNumId")] = {
                int(lvl.get(f"{W}ilvl")): level_of(lvl) for lvl in node.findall(f"{W}lvl")}
        for num in root.findall(f"{W}num"):
            ref = num.find(f"{W}abstractNumId")
            levels = dict(abstract.get(ref.get(f"{W}val"), {})) if ref is not None else {}
            for override in num.findall(f"{W}lvlOverride"):
                ilvl = int(override.get(f"{W}ilvl"))
                lvl = override.find(f"{W}lvl")
                start = override.find(f"{W}startOverride")
                if lvl is not None:
                    levels[ilvl] = level_of(lvl)
                if start is not None and ilvl in levels:
                    old = levels[ilvl]
                    levels[ilvl] = Level(old.format, old.text, int(start.get(f"{W}val")))
            self.levels[num.get(f"{W}numId")] = levels

    def label(self, num_id: str, ilvl: int) -> str:
        levels = self.levels.get(num_id)
        if not levels or ilvl not in levels:
            return ""
        counters = self.counters.setdefault(num_id, {})
        counters[ilvl] = counters.get(ilvl, levels[ilvl].start - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        level = levels[ilvl]
        if level.format == "bullet" or level.format == "none":
            return ""

        def value(match):
            k = int(match.group(1)) - 1
            n = counters.get(k, levels[k].start if k in levels else 1)
            return format_number(n, levels[k].format if k in levels else "decimal")
        return re.sub(r"%([1-9])", value, level.text)


def level_of(lvl) -> Level:
    def val(tag, default):
        node = lvl.find(f"{W}{tag}")
        return node.get(f"{W}val", default) if node is not None else default
    return Level(val("numFmt", "decimal"), val("lvlText", ""), int(val("start", "1")))


class BodyReader:
    def __init__(self, numbering: Numbering, styles: Styles):
        self.numbering = numbering
        self.styles = styles
        self.count = 0

    def read(self, body) -> list[Block]:
        blocks: list[Block] = []
        for child in body:
            if child.tag == f"{W}p":
                self.count += 1
                blocks.append(self.paragraph(child))
            elif child.tag == f"{W}tbl":
                blocks.append(WordTable(self.table(child), self.count))
            elif child.tag == f"{W}sdt":
                content = child.find(f"{W}sdtContent")
                if content is not None:
                    blocks += self.read(content)
        return blocks

    def paragraph(self, p) -> WordParagraph:
        style_el = p.find(f"{W}pPr/{W}pStyle")
        sid = style_el.get(f"{W}val") if style_el is not None else None
        num_id, ilvl = self.styles.number(sid)
        own = p.find(f"{W}pPr/{W}numPr")
        if own is not None:
            own_id, own_lvl = num_pr(own)
            num_id = own_id or num_id
            ilvl = own_lvl if own_lvl is not None else ilvl
        label = self.numbering.label(num_id, ilvl or 0) if num_id and num_id != "0" else ""
        return WordParagraph(label + run_text(p), self.styles.names.get(sid, sid or ""),
                             self.count)

    def table(self, tbl) -> tuple[tuple[str, ...], ...]:
        rows = []
        for tr in tbl.findall(f"{W}tr"):
            cells = []
            for tc in tr.findall(f"{W}tc"):
                paragraphs = [run_text(p) for p in tc.iter(f"{W}p")]
                cells.append("".join(t.strip() for t in paragraphs))
            rows.append(tuple(cells))
        return tuple(rows)


MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
# Not the paragraph's own text: its properties (tab stops), text boxes drawn in it (a red
# header's), the copy of a drawing for old readers, and tracked deletions.
SKIPPED = {f"{W}pPr", f"{W}rPr", f"{W}txbxContent", f"{MC}Fallback", f"{W}del",
           f"{W}moveFrom"}


def run_text(p) -> str:
    out = []
    for node in p:
        if node.tag in SKIPPED:
            continue
        if node.tag == f"{W}t":
            out.append(node.text or "")
        elif node.tag == f"{W}tab":
            out.append("\t")
        elif node.tag in (f"{W}br", f"{W}cr") and node.get(f"{W}type") != "page":
            out.append("\n")
        else:
            out.append(run_text(node))
    return "".join(out)
