"""The document kinds one year file can produce: where each lives in the file, what it is
called, and how it numbers its items by default (seeds-analysis §2.3, §2.4)."""

from dataclasses import dataclass

from .errors import InputError, Problem
from .numbering import Ladder


@dataclass(frozen=True)
class Kind:
    name: str            # --kind and the templates/<name>/ folder
    key: str             # the year file's key for the document
    label: str           # 文种, in output file names
    title_suffix: str    # after the unit's name in the default title
    ladder: Ladder
    continuous: bool     # item numbers run on across sections (002: 1–16; 000 (二): 1–11)
    dated: bool = True   # needs a 成文日期; a list (000-C, a 项目清单) can do without one


KINDS = {kind.name: kind for kind in (
    Kind("plan", "plan", "工作计划", "年工作计划", Ladder.standard, False),
    Kind("keypoints", "keypoints", "工作要点", "年工作要点", Ladder.compact, True),
    Kind("consultation", "consultation", "协商计划", "年度协商计划", Ladder.standard, False),
    Kind("activities", "activity_list", "活动安排", "年协商议政活动安排", Ladder.compact, False,
         dated=False),
    Kind("projects", "project_list", "项目计划书", "年工作项目计划书", Ladder.compact, True,
         dated=False),
    Kind("summary", "summary", "工作总结", "年工作总结", Ladder.standard, False),
)}


def kinds_in(year_file) -> list[Kind]:
    return [kind for kind in KINDS.values() if getattr(year_file, kind.key) is not None]


def choose_kind(year_file, name: str | None, file: str) -> Kind:
    """The kind asked for; without --kind, the plan, or the file's only document."""
    present = kinds_in(year_file)
    if name is not None:
        kind = KINDS[name]
        if kind not in present:
            raise InputError([Problem(file, f"文件中没有 {kind.key}（{kind.label}）部分",
                                      hint=available(present))])
        return kind
    if KINDS["plan"] in present or len(present) == 1:
        return KINDS["plan"] if KINDS["plan"] in present else present[0]
    raise InputError([Problem(file, "文件中有多种文档，请用 --kind 指定一种",
                              hint=available(present))])


def available(present: list[Kind]) -> str:
    return "可选：" + "、".join(f"--kind {k.name}（{k.label}）" for k in present)
