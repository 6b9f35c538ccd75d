"""The built-in document templates as files a clerk can list, read and copy out to change.

An exported folder has the layout `render --templates` searches: the common templates at its
top, a kind's own templates (if any) in a subfolder named after the kind.
"""

import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError, Problem, RenderError
from .kinds import KINDS
from .templating import BUILTIN_DIR, COMMON

SUMMARY_RE = re.compile(r"\{#-?\s*(.*?)(?:-?#\}|$)", re.S)


@dataclass(frozen=True)
class TemplateFile:
    name: str            # as --templates expects it: closing.j2, or summary/closing.j2
    path: Path
    summary: str         # the template's opening comment, first sentence


def builtin_templates() -> list[TemplateFile]:
    folders = [(BUILTIN_DIR / COMMON, "")] + [(BUILTIN_DIR / kind, f"{kind}/") for kind in KINDS]
    return [TemplateFile(prefix + path.name, path, summary_of(path))
            for folder, prefix in folders if folder.is_dir()
            for path in sorted(folder.glob("*.j2"))]


def summary_of(path: Path) -> str:
    match = SUMMARY_RE.match(path.read_text(encoding="utf-8"))
    if not match:
        return ""
    return match.group(1).split("\n", 1)[0].split("。", 1)[0].strip()


def find(name: str) -> TemplateFile:
    wanted = name if name.endswith(".j2") else f"{name}.j2"
    templates = builtin_templates()
    for template in templates:
        if template.name == wanted:
            return template
    names = "、".join(t.name for t in templates)
    raise InputError([Problem(name, "没有这个内置模板", hint=f"可用的模板：{names}")])


def template_text(name: str) -> str:
    return find(name).path.read_text(encoding="utf-8")


def export(directory: Path) -> tuple[list[Path], list[Path]]:
    """Copy every built-in template into directory; files already there are kept, so a
    second export never undoes a clerk's edits. Returns (written, kept)."""
    written, kept = [], []
    for template in builtin_templates():
        target = directory / template.name
        if target.exists():
            kept.append(target)
            continue
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(template.path, target)
        except OSError as exc:
            raise RenderError([Problem(str(target), f"无法写入：{exc.strerror}")]) from None
        written.append(target)
    return written, kept
