"""Only the writer imports python-docx: every other stage works on plain data."""

import ast
import subprocess
import sys

from conftest import ROOT

PACKAGE = ROOT / "cppcc_plan"


def test_only_writer_imports_docx_in_source():
    importers = set()
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module or ""] if isinstance(node, ast.ImportFrom) and not node.level \
                else []                # a relative import (.docx.writer) is the project's own
            if any(n == "docx" or n.startswith("docx.") for n in names):
                importers.add(path.name)
    assert importers == {"writer.py"}
    assert (PACKAGE / "docx" / "writer.py").is_file()


def test_stages_load_without_docx():
    stages = ["source", "validate", "model", "context", "templating", "blocks", "numbering",
              "prose", "vocabulary", "docx.gbt9704", "docx.ooxml", "docx.titles", "output", "errors",
              "importing.wordfile", "importing.marks", "importing.tables",
              "importing.placeholders", "importing.document", "phrases"]
    code = ("import sys\n" + "".join(f"import cppcc_plan.{s}\n" for s in stages) +
            "print('docx' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            cwd=ROOT, check=True)
    assert result.stdout.strip() == "False"


def test_help_and_version_import_none_of_the_pipeline():
    """They start in the time click does: the commands are built only when one runs."""
    for argument in ("--help", "--version"):
        code = ("import runpy, sys\n"
                f"sys.argv = ['cppcc-plan', '{argument}']\n"
                "try:\n    runpy.run_module('cppcc_plan', run_name='__main__')\n"
                "except SystemExit:\n    pass\n"
                "print(sorted(m for m in sys.modules if m.startswith('cppcc_plan')),\n"
                "      [m for m in ('yaml', 'jinja2', 'pydantic', 'docx', 'dataclasses')\n"
                "       if m in sys.modules], file=sys.stderr)")
        result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                cwd=ROOT, check=True)
        assert result.stderr.strip() == (
            "['cppcc_plan', 'cppcc_plan.cli', 'cppcc_plan.clickzh'] []"), argument
