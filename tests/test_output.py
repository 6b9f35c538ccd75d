"""-o never replaces what is not ours: folders, devices, files another program wrote or a clerk
saved; written files get the umask's permissions; a disk that refuses is exit 1, said in
Chinese, with nothing left behind."""

import errno
import os
import shutil
import stat
import subprocess
import zipfile

import pytest

from conftest import EXAMPLES, cli, libreoffice_missing

from cppcc_plan import output

STREET = str(EXAMPLES / "street-plan.yaml")


def render(target, *extra):
    return cli("render", STREET, "-o", str(target), *extra)


def test_a_document_of_ours_is_replaced(tmp_path):
    target = tmp_path / "plan.docx"
    assert render(target).exit_code == 0
    with zipfile.ZipFile(target) as archive:
        assert "<Application>cppcc-plan</Application>" in archive.read("docProps/app.xml").decode()
    first = target.read_bytes()
    assert render(target).exit_code == 0 and target.read_bytes() == first


@pytest.mark.parametrize("name, content", [
    ("plan.docx", b"PK\x03\x04 not ours"), ("notes.txt", "委员名单".encode()),
    ("notes.md", "# 会议记录\n".encode()), ("report.pdf", b"%PDF-1.7 Microsoft Word")])
def test_a_file_not_ours_is_kept_unless_forced(tmp_path, name, content):
    target = tmp_path / name
    target.write_bytes(content)
    result = render(target)
    assert result.exit_code == 1
    assert f"错误：{target}: 无法写入：这个文件已存在，且不是本工具生成" in result.stderr
    assert "--force" in result.stderr and target.read_bytes() == content
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]
    assert render(target, "--force").exit_code == 0
    assert target.read_bytes() != content


def test_a_document_another_program_saved_is_kept(tmp_path):
    """Word, WPS and LibreOffice put their own name in docProps/app.xml when they save."""
    target = tmp_path / "plan.docx"
    assert render(target).exit_code == 0
    edited = tmp_path / "edited.docx"
    with zipfile.ZipFile(target) as source, zipfile.ZipFile(edited, "w") as out:
        for name in source.namelist():
            data = source.read(name)
            if name == "docProps/app.xml":
                data = data.replace(b"cppcc-plan", b"Microsoft Office Word")
            out.writestr(name, data)
    assert render(edited).exit_code == 1 and zipfile.is_zipfile(edited)


@pytest.mark.skipif(libreoffice_missing() is not None, reason=str(libreoffice_missing()))
def test_a_document_libreoffice_saved_is_kept(tmp_path):
    ours = tmp_path / "ours" / "plan.docx"
    assert render(ours).exit_code == 0
    saved = tmp_path / "saved"
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo",
                    "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(saved), str(ours)],
                   check=True, capture_output=True, timeout=180)
    target = saved / "plan.docx"
    before = target.read_bytes()
    result = render(target)
    assert result.exit_code == 1 and "不是本工具生成" in result.stderr
    assert target.read_bytes() == before


def test_a_preview_of_the_same_document_is_replaced(tmp_path):
    target = tmp_path / "plan.md"
    assert render(target).exit_code == 0
    first = target.read_bytes()
    assert render(target).exit_code == 0 and target.read_bytes() == first
    target.write_bytes(b"# \xe5\x8f\xa6\xe4\xb8\x80\xe4\xbb\xbd\n" + first)   # "# 另一份" first
    assert render(target).exit_code == 1


def test_an_empty_file_is_replaced(tmp_path):
    target = tmp_path / "plan.docx"
    target.touch()
    assert render(target).exit_code == 0 and zipfile.is_zipfile(target)


def test_a_folder_is_never_replaced(tmp_path):
    """Named with -o it is bad usage; as the default output beside the year file, exit 1."""
    year = tmp_path / "plan.yaml"
    shutil.copy(STREET, year)
    target = tmp_path / "plan.docx"
    target.mkdir()
    for extra in ((), ("--force",)):
        assert render(target, *extra).exit_code == 2
        result = cli("render", str(year), *extra)
        assert result.exit_code == 1 and f"{target}: 无法写入：这是一个目录" in result.stderr
        assert target.is_dir() and list(target.iterdir()) == []


def test_a_device_is_never_replaced(tmp_path):
    (tmp_path / "plan.docx").symlink_to("/dev/null")
    for extra in ((), ("--force",)):
        result = render(tmp_path / "plan.docx", *extra)
        assert result.exit_code == 1 and "这是一个设备或管道" in result.stderr and "-o -" in result.stderr
        assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


@pytest.mark.parametrize("umask, mode", [(0o022, 0o644), (0o027, 0o640), (0o002, 0o664)])
def test_permissions_follow_the_umask(tmp_path, umask, mode):
    previous = os.umask(umask)
    try:
        assert render(tmp_path / "plan.docx").exit_code == 0
    finally:
        os.umask(previous)
    assert stat.S_IMODE((tmp_path / "plan.docx").stat().st_mode) == mode


class FullDisk:
    def __init__(self, stream):
        self.stream = stream

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stream.close()

    def write(self, data):
        raise OSError(errno.ENOSPC, "No space left on device")


def test_a_full_disk_is_exit_1_with_nothing_left(tmp_path, monkeypatch):
    real = os.fdopen
    monkeypatch.setattr(output.os, "fdopen", lambda fd, mode: FullDisk(real(fd, mode)))
    result = render(tmp_path / "out" / "plan.docx")
    assert result.exit_code == 1
    assert result.stderr == f"错误：{tmp_path / 'out' / 'plan.docx'}: 无法写入：磁盘已满\n"
    assert list((tmp_path / "out").iterdir()) == []


def test_an_unwritable_folder_is_exit_1(tmp_path, monkeypatch):
    def refuse(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")
    monkeypatch.setattr(output.os, "open", refuse)
    result = render(tmp_path / "plan.docx")
    assert result.exit_code == 1
    assert result.stderr == f"错误：{tmp_path / 'plan.docx'}: 无法写入：没有写入权限\n"


def test_a_file_where_a_folder_should_be_is_exit_1(tmp_path):
    (tmp_path / "名单.txt").write_text("x", encoding="utf-8")
    result = render(tmp_path / "名单.txt" / "plan.docx")
    assert result.exit_code == 1 and "无法写入：路径中有一段不是目录" in result.stderr


def test_a_read_only_file_system_is_exit_1():
    if not os.path.isdir("/proc/self"):
        pytest.skip("no /proc here")
    result = render("/proc/self/plan.docx")
    assert result.exit_code == 1 and "无法写入：" in result.stderr and "内部错误" not in result.stderr
