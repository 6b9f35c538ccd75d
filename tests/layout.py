"""Rendering made-up documents through the shared checker, for the layout tests."""

import datetime
import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import GONGWEN_CHECK, libreoffice_missing
from cppcc_plan.docx.writer import DocumentInfo, write_docx

INFO = DocumentInfo("版式测试", "某政协", datetime.date(2024, 1, 15))
# Text without punctuation of its own: a mark in a test paragraph is the one the test placed.
FILL = "协商议政民主监督参政履职建言资政凝聚共识服务大局围绕中心"


def filler(count: int, start: int = 0) -> str:
    return "".join(FILL[(start + i) % len(FILL)] for i in range(count))


def need_libreoffice() -> None:
    reason = libreoffice_missing()
    if reason:
        pytest.skip(reason)


def write(blocks, path: Path) -> Path:
    path.write_bytes(write_docx(blocks, INFO))
    return path


def start_checks(paths: list[Path]) -> list[subprocess.Popen]:
    """The checker with --render on each file, two at a time at most (it renders one file a
    call); the reports come back from reports()."""
    return [subprocess.Popen([sys.executable, str(GONGWEN_CHECK), str(p), "--json", "--render",
                              str(p.with_suffix(""))], stdout=subprocess.PIPE, text=True)
            for p in paths]


def reports(paths: list[Path], at_once: int = 2) -> list[dict]:
    out = []
    for i in range(0, len(paths), at_once):
        for process in start_checks(paths[i:i + at_once]):
            stdout, _ = process.communicate(timeout=300)
            out.append(json.loads(stdout))
    return out


def status(report: dict, rule: str) -> dict:
    return next(r for r in report["results"] if r["rule"] == rule)


def pdf_lines(path: Path) -> list[str]:
    """The rendered lines of the PDF the checker left beside path."""
    pdf = next(path.with_suffix("").glob("*.pdf"))
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    return ["".join(line.split()) for line in text.splitlines() if line.strip()]
