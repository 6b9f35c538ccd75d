"""Writing results: a temporary file in the target directory, renamed into place, so a failed
or interrupted run never leaves a half-written document."""

import os
import sys
import tempfile
from pathlib import Path

from .errors import Problem, RenderError

# "-" names standard input or output wherever a file is asked for.
STDIO = "-"
# Output formats, chosen by the output's suffix or --format: the document, LibreOffice's print
# of it, and its text as Markdown or plain text for review in a diff.
FORMATS = ("docx", "pdf", "md", "txt")
DEFAULT_FORMAT = "docx"


def is_stdio(path: Path | str) -> bool:
    return str(path) == STDIO


def write_atomically(path: Path, data: bytes) -> None:
    if is_stdio(path):
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    directory = path.parent if str(path.parent) else Path(".")
    try:
        directory.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp",
                                             dir=directory)
    except OSError as exc:
        raise RenderError([Problem(str(path), f"无法写入：{exc.strerror}")]) from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, path)
    except BaseException as exc:
        Path(temporary).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise RenderError([Problem(str(path), f"无法写入：{exc.strerror}")]) from None
        raise
