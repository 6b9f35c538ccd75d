"""A written .docx as LibreOffice prints it: PDF, and PNG pages from the PDF.

LibreOffice runs headless with a throw-away profile whose font replacement table (Tools ›
Options › Fonts) names a free stand-in for each GB face this machine lacks (fonts.py), so a
preview on a machine without 仿宋_GB2312 still prints a serif body and a sans 黑体 heading.
"""

import shutil
import subprocess
import tempfile
from pathlib import Path
from xml.sax.saxutils import escape

from .errors import Problem, RenderError
from .fonts import substitutions

TIMEOUT_SECONDS = 180
# The blank page a section that starts on an even page inserts (the 版记's, GB/T 9704 7.4) is
# printed: LibreOffice's PDF export leaves it out unless told (IsSkipEmptyPages, default true),
# and its pages would then show numbers one higher than their place.
PDF_EXPORT = 'pdf:writer_pdf_Export:{"IsSkipEmptyPages":{"type":"boolean","value":"false"}}'
PNG_DPI = 100
INSTALL = {"soffice": "LibreOffice（Debian/Ubuntu：sudo apt install libreoffice-writer）",
           "pdftoppm": "poppler-utils（Debian/Ubuntu：sudo apt install poppler-utils）"}


def tool(name: str) -> str:
    found = shutil.which(name) or (shutil.which("libreoffice") if name == "soffice" else None)
    if found is None:
        raise RenderError([Problem(name, f"没有找到 {name}，无法生成预览；请安装 {INSTALL[name]}")])
    return found


def profile_xcu(table: dict[str, str]) -> str:
    """registrymodifications.xcu turning on the replacement table with these pairs."""
    pairs = "".join(
        f'<node oor:name="_{i}" oor:op="replace">'
        f'<prop oor:name="Always" oor:op="fuse"><value>true</value></prop>'
        f'<prop oor:name="OnScreenOnly" oor:op="fuse"><value>false</value></prop>'
        f'<prop oor:name="ReplaceFont" oor:op="fuse"><value>{escape(face)}</value></prop>'
        f'<prop oor:name="SubstituteFont" oor:op="fuse"><value>{escape(stand_in)}</value></prop>'
        f"</node>" for i, (face, stand_in) in enumerate(table.items()))
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<oor:items xmlns:oor="http://openoffice.org/2001/registry" '
            'xmlns:xs="http://www.w3.org/2001/XMLSchema" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            '<item oor:path="/org.openoffice.Office.Common/Font/Substitution">'
            '<prop oor:name="Replacement" oor:op="fuse"><value>true</value></prop></item>'
            '<item oor:path="/org.openoffice.Office.Common/Font/Substitution/FontPairs">'
            f"{pairs}</item></oor:items>\n")


def pdf_from_docx(docx: bytes, name: str = "document") -> bytes:
    soffice = tool("soffice")
    with tempfile.TemporaryDirectory(prefix="cppcc-plan-") as folder:
        work = Path(folder)
        profile = work / "profile"
        (profile / "user").mkdir(parents=True)
        (profile / "user" / "registrymodifications.xcu").write_text(
            profile_xcu(substitutions()), encoding="utf-8")
        source = work / f"{name}.docx"
        source.write_bytes(docx)
        command = [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless",
                   "--norestore", "--convert-to", PDF_EXPORT, "--outdir", str(work), str(source)]
        try:
            done = subprocess.run(command, capture_output=True, text=True,
                                  timeout=TIMEOUT_SECONDS, stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired:
            raise RenderError([Problem(soffice, f"LibreOffice 超过 {TIMEOUT_SECONDS} 秒仍未完成转换")]) \
                from None
        pdf = work / f"{name}.pdf"
        if not pdf.is_file():
            detail = (done.stderr or done.stdout).strip().splitlines()
            raise RenderError([Problem(soffice, "LibreOffice 未能转换为 PDF"
                                       + (f"：{detail[-1]}" if detail else ""))])
        return pdf.read_bytes()


def png_pages(pdf: bytes, out_dir: Path, dpi: int = PNG_DPI) -> list[Path]:
    """PNG pages 第1页.png, 第2页.png, … in out_dir (earlier pages of that name replaced)."""
    pdftoppm = tool("pdftoppm")
    with tempfile.TemporaryDirectory(prefix="cppcc-plan-") as folder:
        work = Path(folder)
        (work / "document.pdf").write_bytes(pdf)
        subprocess.run([pdftoppm, "-r", str(dpi), "-png", str(work / "document.pdf"),
                        str(work / "page")], check=False, capture_output=True,
                       timeout=TIMEOUT_SECONDS)
        made = sorted(work.glob("page-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))
        if not made:
            raise RenderError([Problem(pdftoppm, "pdftoppm 未能把 PDF 转为 PNG")])
        try:
            out_dir.mkdir(parents=True, exist_ok=True)
            pages = []
            for number, page in enumerate(made, 1):
                target = out_dir / f"第{number}页.png"
                shutil.move(str(page), target)
                pages.append(target)
        except OSError as exc:
            raise RenderError([Problem(str(out_dir), f"无法写入：{exc.strerror}")]) from None
    return pages
