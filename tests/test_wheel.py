"""The wheel carries the templates: installed in a fresh venv, it renders with no checkout."""

import shutil
import subprocess
import sys
import sysconfig
import venv
import zipfile

from conftest import EXAMPLES, ROOT, DocxReader


def test_wheel_installs_and_renders(tmp_path):
    dist = tmp_path / "dist"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                    "-q", "-w", str(dist), str(ROOT)], check=True, capture_output=True)
    wheel = next(dist.glob("cppcc_plan-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert "cppcc_plan/templates/common/document.j2" in names
    assert "cppcc_plan/templates/common/item.j2" in names

    env = tmp_path / "venv"
    venv.EnvBuilder(with_pip=False).create(env)
    python = env / "bin" / "python"
    # The dependencies come from the environment running the tests (a venv or not), listed
    # after the new venv's own site-packages, so the wheel installed there is what is imported.
    site = next((env / "lib").glob("python*/site-packages"))
    paths = dict.fromkeys(sysconfig.get_paths()[k] for k in ("purelib", "platlib"))
    (site / "test-dependencies.pth").write_text("\n".join(paths) + "\n", encoding="utf-8")
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "-q",
                    "--no-deps", "--force-reinstall", str(wheel)], check=True, capture_output=True)
    workdir = tmp_path / "elsewhere"           # away from the checkout's templates/
    workdir.mkdir()
    example = shutil.copy(EXAMPLES / "street-plan.yaml", workdir / "plan.yaml")
    result = subprocess.run([str(env / "bin" / "cppcc-plan"), "render", str(example)],
                            cwd=workdir, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    located = subprocess.run([str(python), "-c", "import cppcc_plan.templating as t; "
                              "print(t.BUILTIN_DIR)"], capture_output=True, text=True, cwd=workdir)
    assert str(env) in located.stdout
    assert DocxReader(workdir / "plan.docx").texts()[0] == "北辛街道政协工作室2024年工作计划"
    # the starter's template travels in the wheel too
    assert "cppcc_plan/templates/starter/year.yaml.j2" in names
    for args in (["init", "--level", "镇", "-o", "start.yaml"], ["render", "start.yaml"]):
        done = subprocess.run([str(env / "bin" / "cppcc-plan"), *args], cwd=workdir,
                              capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
    assert DocxReader(workdir / "start.docx").texts()[0].startswith("某某镇政协联络组")
