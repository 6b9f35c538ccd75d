"""Outputs other than .docx: Markdown and text with the document's own numbers, PDF through
LibreOffice with free stand-ins for the GB fonts, PNG pages; an unknown suffix is refused."""

import itertools
import shutil
import struct
import subprocess
import zlib

import pytest

from conftest import EXAMPLES, DocxReader, cli, libreoffice_missing

REVIEWED = ["street-plan.yaml", "keypoints.yaml", "consultation.yaml", "projects.yaml"]


def rendered(tmp_path, source, suffix: str, *extra: str):
    out = tmp_path / f"{source.stem}{suffix}"
    result = cli("render", str(source), "-o", str(out), *extra)
    assert result.exit_code == 0, result.stderr
    return out


def docx_words(path) -> list[str]:
    return [text.replace("\n", "") for text in DocxReader(path).texts()]


@pytest.mark.parametrize("name", REVIEWED + ["street-summary.yaml"])
def test_text_says_what_the_document_says(tmp_path, name):
    """Every paragraph and cell of the .docx, numbers and computed figures included, in order."""
    source = EXAMPLES / name
    extra = ("--kind", "summary") if "summary" in name else ()
    docx = rendered(tmp_path, source, ".docx", *extra)
    text = rendered(tmp_path, source, ".txt", *extra).read_text(encoding="utf-8")
    words = [cell for line in text.splitlines() for cell in line.strip("\u3000 \f").split("\t")
             if cell]
    assert words == docx_words(docx)


@pytest.mark.parametrize("name", REVIEWED)
def test_markdown_marks_headings_and_leads(tmp_path, name):
    source = EXAMPLES / name
    reader = DocxReader(rendered(tmp_path, source, ".docx"))
    markdown = rendered(tmp_path, source, ".md").read_text(encoding="utf-8").splitlines()
    assert markdown[0] == "# " + reader.texts()[0].replace("\n", "")
    for paragraph in reader.paragraphs:
        if paragraph.style.startswith("Heading"):
            rank = int(paragraph.style[-1])
            assert "#" * (rank + 1) + " " + paragraph.text in markdown
        elif paragraph.runs and paragraph.runs[0].char_style:       # a run-in lead
            # the lead is every run in its character style (quotes are runs of their own)
            lead = "".join(itertools.takewhile(
                str, (r.text if r.char_style else "" for r in paragraph.runs)))
            rest = paragraph.text[len(lead):]
            assert f"**{lead}**{rest}" in markdown


def test_format_option_and_stdout():
    result = cli("render", str(EXAMPLES / "street-plan.yaml"), "--format", "md", "-o", "-")
    assert result.exit_code == 0
    assert result.stdout.startswith("# 北辛街道政协工作室2024年工作计划\n")
    assert "## 一、完善工作机制，增强做好政协工作的内动力" in result.stdout


def test_default_output_takes_the_format_suffix(tmp_path):
    source = tmp_path / "北辛.yaml"
    shutil.copyfile(EXAMPLES / "street-plan.yaml", source)
    assert cli("render", str(source), "--format", "txt").exit_code == 0
    assert (tmp_path / "北辛.txt").read_text(encoding="utf-8").startswith("北辛街道")


@pytest.mark.parametrize("args, message", [
    (["-o", "计划.doc"], "不认识的输出格式“.doc”"),
    (["-o", "计划"], "不认识的输出格式“（无后缀）”"),
    (["-o", "计划.pdf", "--format", "md"], "--format md 与输出文件的后缀 “.pdf” 不一致"),
])
def test_unknown_or_contradicting_suffix_is_bad_usage(tmp_path, args, message):
    args = [a if not a.startswith("计划") else str(tmp_path / a) for a in args]
    result = cli("render", str(EXAMPLES / "street-plan.yaml"), *args)
    assert result.exit_code == 2 and message in result.stderr
    assert list(tmp_path.iterdir()) == []


def needs_libreoffice():
    reason = libreoffice_missing()
    if reason:
        pytest.skip(reason)


def test_pdf_prints_serif_sans_and_kai_from_free_fonts(tmp_path):
    needs_libreoffice()
    pdf = rendered(tmp_path, EXAMPLES / "street-plan.yaml", ".pdf")
    assert pdf.read_bytes().startswith(b"%PDF")
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True).stdout
    faces = fonts.lower()
    # body 仿宋 → a serif, 一级标题 黑体 → a sans, 二级标题 楷体 → a kai (fonts.py's stand-ins)
    assert "serif" in faces and "sans" in faces and "kai" in faces, fonts


def test_fonts_command_names_every_face():
    result = cli("fonts")
    if shutil.which("fc-list") is None:
        assert result.exit_code == 1 and "fc-list" in result.stderr
        return
    assert result.exit_code == 0
    for face in ("方正小标宋简体", "仿宋_GB2312", "黑体", "楷体_GB2312", "宋体"):
        line = next(line for line in result.stdout.splitlines() if line.startswith(face + "："))
        assert "已安装" in line or "代替" in line or "没有可代替" in line


def test_preview_writes_png_pages_with_the_title_near_the_top(tmp_path):
    needs_libreoffice()
    source = tmp_path / "北辛.yaml"
    shutil.copyfile(EXAMPLES / "street-plan.yaml", source)
    result = cli("preview", str(source))
    assert result.exit_code == 0, result.stderr
    pages = sorted((tmp_path / "北辛-预览").glob("*.png"))
    assert [p.name for p in pages][:2] == ["第1页.png", "第2页.png"]
    width, height, rows = read_png(tmp_path / "北辛-预览" / "第1页.png")
    dark = [y for y, row in enumerate(rows) if min(row) < 100]
    top = dark[0] / height * 297                                   # mm from the paper's top
    # GB/T 9704: the 版心 starts 37 mm down; the title is its first line
    assert 35 <= top <= 50, top
    band = [x for y in range(dark[0], dark[0] + 20) for x, v in enumerate(rows[y]) if v < 100]
    middle = (min(band) + max(band)) / 2 / width * 210
    assert abs(middle - (28 + 156 / 2)) < 4, middle                # centred in the 版心


def read_png(path):
    """Width, height and grey rows of an 8-bit PNG as pdftoppm writes it (no interlace)."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    position, chunks, header = 8, [], None
    while position < len(data):
        length, kind = struct.unpack(">I4s", data[position:position + 8])
        body = data[position + 8:position + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            chunks.append(body)
        position += 12 + length
    width, height, depth, colour, _, _, interlace = header
    assert depth == 8 and interlace == 0
    channels = {0: 1, 2: 3, 4: 2, 6: 4}[colour]
    raw = zlib.decompress(b"".join(chunks))
    stride = width * channels
    rows, previous = [], bytearray(stride)
    for y in range(height):
        kind = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            left = line[i - channels] if i >= channels else 0
            up = previous[i]
            corner = previous[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + left) & 255
            elif kind == 2:
                line[i] = (line[i] + up) & 255
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 255
            elif kind == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                line[i] = (line[i] + (left if pa <= pb and pa <= pc else up if pb <= pc
                                      else corner)) & 255
        rows.append([min(line[x * channels:x * channels + min(channels, 3)])
                     for x in range(width)])
        previous = line
    return width, height, rows


@pytest.mark.parametrize("command, missing, package", [
    (["render", "-o", "{out}/计划.pdf"], "soffice", "libreoffice-writer"),
    (["preview", "-o", "{out}"], "pdftoppm", "poppler-utils"),
])
def test_a_missing_tool_names_its_debian_package(tmp_path, monkeypatch, command, missing, package):
    import cppcc_plan.preview as preview
    if missing == "pdftoppm":
        needs_libreoffice()                      # the PDF comes first, then its pages
    real = shutil.which
    monkeypatch.setattr(preview.shutil, "which",
                        lambda name: None if name in (missing, "libreoffice") else real(name))
    out = tmp_path / "out"
    args = [command[0], str(EXAMPLES / "street-plan.yaml"),
            *[a.format(out=out) for a in command[1:]]]
    result = cli(*args)
    assert result.exit_code == 1
    assert f"没有找到 {missing}" in result.stderr and f"sudo apt install {package}" in result.stderr
    assert not out.exists() or not any(out.iterdir())
