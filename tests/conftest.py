"""Shared helpers: the shared GB/T checkers, the CLI, and reading a written .docx back."""

import os
import shutil
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from cppcc_plan.cli import run

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
SHARED = Path(os.environ.get("CPPCC_SHARED", ROOT.parent / "shared"))
VALIDATE_XSD = SHARED / "tools" / "docx-check" / "validate_xsd.py"
GONGWEN_CHECK = SHARED / "tools" / "gongwen_check.py"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@dataclass
class CliResult:
    exit_code: int
    stdout: str
    stderr: str


def cli(*args: str, stdin: bytes | None = None) -> CliResult:
    """Run the real entry point in-process, as `cppcc-plan ARGS` would."""
    runner = CliRunner()
    result = runner.invoke(_entry, list(args), input=stdin, catch_exceptions=False)
    return CliResult(result.exit_code, result.stdout, result.stderr)


class _Entry:
    """CliRunner wants a click command; this wraps run() so exit codes are run()'s own."""

    name = "cppcc-plan"

    def main(self, args=None, prog_name=None, **extra):
        raise SystemExit(run(args))


_entry = _Entry()


@dataclass
class Run:
    text: str
    char_style: str | None


@dataclass
class Para:
    style: str
    text: str
    runs: list[Run]
    xml: etree._Element


class DocxReader:
    """The body paragraphs of a .docx with their style ids, runs and resolved fonts."""

    def __init__(self, path: Path):
        with zipfile.ZipFile(path) as archive:
            self.document = etree.fromstring(archive.read("word/document.xml"))
            self.styles = etree.fromstring(archive.read("word/styles.xml"))
            self.settings = etree.fromstring(archive.read("word/settings.xml"))
            self.names = archive.namelist()
            self.footers = {n: etree.fromstring(archive.read(n)) for n in self.names
                            if n.startswith("word/footer")}
        self.paragraphs = [self._para(p) for p in self.document.iter(f"{W}p")]

    def _para(self, p) -> Para:
        style_el = p.find(f"{W}pPr/{W}pStyle")
        runs = []
        for r in p.findall(f"{W}r"):
            rstyle = r.find(f"{W}rPr/{W}rStyle")
            text = "".join(t.text or "" for t in r.iter(f"{W}t"))
            if r.find(f"{W}br") is not None:
                text += "\n"
            runs.append(Run(text, rstyle.get(f"{W}val") if rstyle is not None else None))
        return Para(style_el.get(f"{W}val") if style_el is not None else "Normal",
                    "".join(r.text for r in runs), runs, p)

    def texts(self) -> list[str]:
        return [p.text for p in self.paragraphs if p.text.strip()]

    def style(self, style_id: str):
        for s in self.styles.findall(f"{W}style"):
            if s.get(f"{W}styleId") == style_id:
                return s
        raise KeyError(style_id)

    def east_asia_font(self, style_id: str) -> str:
        """The eastAsia font a style resolves to, following basedOn, then docDefaults."""
        while style_id:
            style = self.style(style_id)
            fonts = style.find(f"{W}rPr/{W}rFonts")
            if fonts is not None and fonts.get(f"{W}eastAsia"):
                return fonts.get(f"{W}eastAsia")
            based = style.find(f"{W}basedOn")
            style_id = based.get(f"{W}val") if based is not None else None
        default = self.styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}rFonts")
        return default.get(f"{W}eastAsia")

    def run_font(self, para: Para, run: Run) -> str:
        return self.east_asia_font(run.char_style) if run.char_style else \
            self.east_asia_font(para.style)


def shared_tool(path: Path, *args: str, timeout: int = 180) -> subprocess.CompletedProcess:
    if not path.exists():
        pytest.fail(f"{path} is missing: the shared checkers must sit beside the repository")
    return subprocess.run([sys.executable, str(path), *args], capture_output=True, text=True,
                          timeout=timeout)


def libreoffice_missing() -> str | None:
    """Why the LibreOffice render check cannot run here, or None when it can."""
    for tool in ("soffice", "pdftotext", "pdftoppm"):
        if shutil.which(tool) is None:
            return f"{tool} is not installed (CI installs LibreOffice and poppler-utils)"
    return None


@pytest.fixture
def read_docx():
    return DocxReader
