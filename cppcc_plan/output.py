"""Writing results: a temporary file in the target directory, renamed into place, so a failed
or interrupted run never leaves a half-written document — never in place of a folder, a device
or a pipe, and a document never in place of a file that is not ours to replace.

A document (render's -o, batch's outputs) replaces an existing file only when this tool wrote
it and nobody has saved it since: a
.docx whose docProps/app.xml names WRITTEN_BY as its application (Word, WPS and LibreOffice
write their own name there when they save, so a document edited by hand is kept); a .pdf that
LibreOffice made (as ours are); a .md or .txt preview of the same document (its first line, the
title, is the one about to be written); an empty file. Anything else needs --force.
"""

import errno
import io
import os
import stat
import sys
import zipfile
from pathlib import Path

from .errors import Problem, RenderError

# "-" names standard input or output wherever a file is asked for.
STDIO = "-"
# Output formats, chosen by the output's suffix or --format: the document, LibreOffice's print
# of it, and its text as Markdown or plain text for review in a diff.
FORMATS = ("docx", "pdf", "md", "txt")
DEFAULT_FORMAT = "docx"
# The application a .docx of ours names in docProps/app.xml.
WRITTEN_BY = "cppcc-plan"
REASONS = {errno.ENOSPC: "磁盘已满", errno.EDQUOT: "超出磁盘配额", errno.EACCES: "没有写入权限",
           errno.EPERM: "没有写入权限", errno.EROFS: "这是只读的磁盘或目录",
           errno.ENOENT: "目录不存在", errno.ENOTDIR: "路径中有一段不是目录",
           errno.EEXIST: "路径中有一段不是目录",
           errno.ENAMETOOLONG: "文件名过长", errno.EISDIR: "这是一个目录"}


def is_stdio(path: Path | str) -> bool:
    return str(path) == STDIO


def write_document(path: Path, data: bytes, force: bool = False) -> None:
    """A document, replacing only what is ours (or anything but a folder or device, forced)."""
    if not is_stdio(path) and not force and not replaceable(path, data):
        raise RenderError([Problem(str(path), "无法写入：这个文件已存在，且不是本工具生成、未经改动"
                                   "的文档，不会覆盖它",
                                   hint="换一个文件名，或确认要替换时加 --force")])
    write_atomically(path, data)


def write_atomically(path: Path, data: bytes) -> None:
    if is_stdio(path):
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    check_regular(path)
    directory = path.parent if str(path.parent) else Path(".")
    try:
        directory.mkdir(parents=True, exist_ok=True)
        handle, temporary = temporary_file(directory, path.name)
    except OSError as exc:
        raise cannot_write(path, exc) from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, path)
    except BaseException as exc:
        temporary.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise cannot_write(path, exc) from None
        raise


def temporary_file(directory: Path, name: str) -> tuple[int, Path]:
    """A new file beside the target, created with the permissions the umask gives (as the
    document itself should have; mkstemp would make it 0600)."""
    while True:
        candidate = directory / f".{name}.{os.urandom(4).hex()}.tmp"
        try:
            return os.open(candidate, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666), candidate
        except FileExistsError:
            continue


def cannot_write(path: Path, exc: OSError) -> RenderError:
    reason = REASONS.get(exc.errno, exc.strerror or str(exc))
    return RenderError([Problem(str(path), f"无法写入：{reason}")])


def check_regular(path: Path) -> None:
    """Only a regular file (or nothing) may stand where we write."""
    try:
        info = path.stat()
    except FileNotFoundError:
        return
    except OSError as exc:
        raise cannot_write(path, exc) from None
    if stat.S_ISDIR(info.st_mode):
        raise RenderError([Problem(str(path), "无法写入：这是一个目录，不能用文件替换它")])
    if not stat.S_ISREG(info.st_mode):
        raise RenderError([Problem(str(path), "无法写入：这是一个设备或管道，不是普通文件，"
                                   "不会替换它", hint="写到标准输出请用 -o -")])


def replaceable(path: Path, data: bytes) -> bool:
    try:
        info = path.stat()
    except OSError:
        return True               # nothing there, or write_atomically says what is wrong
    return not stat.S_ISREG(info.st_mode) or info.st_size == 0 or written_by_us(path, data)


def written_by_us(path: Path, data: bytes) -> bool:
    suffix = path.suffix.lower()
    try:
        if suffix in (".md", ".txt"):
            with path.open("rb") as stream:
                return stream.readline() == io.BytesIO(data).readline()
        if suffix == ".pdf":
            with path.open("rb") as stream:
                head = stream.read(1 << 16)
            return head.startswith(b"%PDF") and b"LibreOffice" in head
        if suffix == ".docx":
            with zipfile.ZipFile(path) as archive:
                app = archive.read("docProps/app.xml").decode("utf-8")
            return f"<Application>{WRITTEN_BY}</Application>" in app
    except (OSError, KeyError, UnicodeDecodeError, zipfile.BadZipFile):
        return False
    return False
