"""The county's roll-up as a document: frozen views of rollup.py's figures for templates/rollup/,
rendered through the same templating → blocks → docx writer pipeline as every document.

Code decides what is said (which parts, their numbers, every figure as text, "—" for an
unknown one); the templates say how, headings and table headers included.
"""

import datetime
from dataclasses import dataclass
from pathlib import Path

from . import members as member_stats
from .blocks import HEADING_MARKERS, Signature, Title, parse_markup
from .errors import InputError, Problem
from .numbering import Figure, cn_date, heading_number
from .rollup import Figures, Rollup, UnitFigures, UnitInput, member_tallies
from .templating import render_markup
from .docx.writer import DocumentInfo, write_docx

TEMPLATES = "rollup"
UNKNOWN = "—"          # a cell no record gives a figure for


def cell(value: Figure | int | None) -> str:
    return UNKNOWN if value is None else str(value)


@dataclass(frozen=True)
class Part:
    number: str                # 一、
    name: str                  # its template: part-<name>.j2
    level: str = HEADING_MARKERS[1]


@dataclass(frozen=True)
class FigureRow:
    """A row of 各单位工作情况: a unit, or 合计."""

    name: str
    activities: str
    attendance: str
    problems: str
    proposals: str
    info: str
    targets: str               # 7/9: planned items done of planned, "—" without targets


@dataclass(frozen=True)
class Highlight:
    number: str                # （一）
    level: str
    unit: UnitFigures


@dataclass(frozen=True)
class MemberRow:
    number: str
    tally: member_stats.MemberTally
    status: str                # 达标, or 未 and the targets not met


@dataclass(frozen=True)
class RollupContext:
    kind: str                  # summary, members
    year: int
    rollup: Rollup
    unit_count: int
    parts: tuple[Part, ...]
    rows: tuple[FigureRow, ...]
    total: FigureRow
    highlights: tuple[Highlight, ...]
    members: tuple[MemberRow, ...]
    facts: member_stats.MemberFacts | None    # None without per-member targets
    member_count: int
    member_attendance: int     # activities attended, summed over the members
    issued: datetime.date
    date: str                  # 2024年12月28日


def figure_row(name: str, figures: Figures, met: int, planned: int) -> FigureRow:
    return FigureRow(name, str(figures.activities), cell(figures.attendance),
                     cell(figures.problems), cell(figures.proposals), cell(figures.info),
                     f"{met}/{planned}" if planned else UNKNOWN)


def parts(names: list[str]) -> tuple[Part, ...]:
    return tuple(Part(heading_number(1, i), name) for i, name in enumerate(names, 1))


def summary_context(rollup: Rollup, date: datetime.date) -> RollupContext:
    units = rollup.units
    rows = tuple(figure_row(u.name, u.figures, u.targets_met, len(u.progress)) for u in units)
    total = figure_row("合计", rollup.total, sum(u.targets_met for u in units),
                       sum(len(u.progress) for u in units))
    highlights = tuple(Highlight(heading_number(2, i), HEADING_MARKERS[2], u)
                       for i, u in enumerate((u for u in units if u.marked or u.highlight), 1))
    names = ["overall", "units"] + (["targets"] if any(u.progress for u in units) else []) \
        + (["highlights"] if highlights else [])
    return RollupContext("summary", rollup.year, rollup, len(units), parts(names), rows, total,
                         highlights, (), None, 0, 0, date, cn_date(date))


def members_context(rollup: Rollup, units: list[UnitInput], date: datetime.date,
                    named: bool) -> RollupContext:
    """named: the prose names the members short of a target too (--name-members)."""
    tallies = member_tallies(units)
    facts = member_stats.facts(tallies, named)
    rows = tuple(MemberRow(str(i), t, member_stats.status_text(t))
                 for i, t in enumerate(tallies, 1))
    return RollupContext("members", rollup.year, rollup, len(units),
                         parts(["member-overall", "member-table"]),
                         (), figure_row("合计", rollup.total, 0, 0), (), rows,
                         facts if facts.targets else None, len(tallies),
                         sum(t.activities for t in tallies), date, cn_date(date))


def render_rollup(context: RollupContext, templates: Path | None = None) -> bytes:
    blocks = parse_markup(render_markup(TEMPLATES, context, templates))
    title = next((b.text for b in blocks if isinstance(b, Title)), None)
    signature = next((b.text for b in blocks if isinstance(b, Signature)), None)
    if title is None or signature is None:
        raise InputError([Problem(str(templates or TEMPLATES),
                                  "汇总模板没有输出【标题】或【署名】")])
    return write_docx(blocks, DocumentInfo(title=title, author=signature,
                                           date=context.issued))
