"""The validated year file plus every computed fact, as frozen values handed to templates.

Templates only print what is here: heading numbers, counted phrases, the title, the date in
Chinese, the level's vocabulary. Nothing in a template computes.
"""

from dataclasses import dataclass

from . import prose
from .model import Entry, Plan, Section, YearFile
from .numbering import LADDER_RANKS, QUARTER_LABELS, cn_date, heading_number, quarter_of_month
from .vocabulary import LEVEL_WORDS, PLACEHOLDERS

# The markup word for each GB/T heading rank (blocks.py reads it back).
RANK_MARKERS = {1: "一级标题", 2: "二级标题", 3: "三级标题", 4: "四级标题"}


@dataclass(frozen=True)
class UnitView:
    name: str
    level: str
    body: str
    full_name: str
    party_committee: str
    government: str
    self_ref: str
    whole: str
    parent_committee: str


@dataclass(frozen=True)
class EntryView:
    number: str                       # 一、 /（一）/ 1. /（1）
    level: str                        # 一级标题 … 四级标题
    title: str | None                 # standalone heading
    lead: str | None                  # run-in heading sentence
    runon: str                        # the text that runs on after the lead
    paragraphs: tuple[str, ...]       # further body paragraphs
    items: tuple["EntryView", ...] = ()
    arrangement: tuple["EntryView", ...] = ()


@dataclass(frozen=True)
class PlanContext:
    unit: UnitView
    year: int
    title: str
    addressee: str | None
    preamble: tuple[str, ...]
    sections: tuple[EntryView, ...]
    signature: str
    date: str


def unit_view(year_file: YearFile) -> UnitView:
    unit = year_file.unit
    words = LEVEL_WORDS[unit.level]
    return UnitView(
        name=unit.name, level=unit.level.value, body=unit.body,
        full_name=unit.full_name or unit.name + unit.body,
        party_committee=unit.party_committee or words.party_committee,
        government=words.government, self_ref=words.self_ref, whole=words.whole,
        parent_committee=unit.parent_committee or words.parent_committee)


class TextMaker:
    """Turns the clerk's text into printable text: placeholders filled, punctuation made
    full-width, paragraphs split."""

    def __init__(self, unit: UnitView, year: int):
        values = {"unit_name": unit.name, "year": f"{year}年", **vars(unit)}
        self.words = {name: values[attr] for name, attr in PLACEHOLDERS.items()}

    def line(self, text: str) -> str:
        return prose.full_width(prose.fill_placeholders(text, self.words))

    def paragraphs(self, text) -> list[str]:
        return [self.line(p) for p in prose.paragraphs(text)]


class Numberer:
    """Hands out heading numbers by depth: restarting under each parent, or, with
    `continuous`, running on across sections at the second level (002: 1–16)."""

    def __init__(self, ladder, continuous: bool):
        self.ranks = LADDER_RANKS[ladder]
        self.continuous = continuous
        self.counters = [0] * len(self.ranks)

    def next(self, depth: int) -> tuple[str, str]:
        self.counters[depth] += 1
        for deeper in range(depth + 1, len(self.counters)):
            if not (self.continuous and deeper == 1):
                self.counters[deeper] = 0
        rank = self.ranks[depth]
        return heading_number(rank, self.counters[depth]), RANK_MARKERS[rank]


def entry_view(entry: Entry, depth: int, numberer: Numberer, text: TextMaker,
               arrangement: tuple[EntryView, ...] = ()) -> EntryView:
    number, level = numberer.next(depth)
    body = text.paragraphs(entry.text)
    if entry.points:
        intro = text.line(prose.counted(entry.points_intro, len(entry.points))) \
            if entry.points_intro else ""
        enumeration = intro + prose.inline_points([text.line(p) for p in entry.points])
        if body:
            body[-1] += enumeration
        else:
            body = [enumeration]
    runon = body.pop(0) if entry.lead and body else ""
    items = tuple(entry_view(child, depth + 1, numberer, text) for child in entry.items)
    return EntryView(number=number, level=level,
                     title=text.line(entry.title) if entry.title else None,
                     lead=text.line(entry.lead) if entry.lead else None,
                     runon=runon, paragraphs=tuple(body), items=items,
                     arrangement=arrangement)


def quarterly_arrangement(year_file: YearFile, numberer: Numberer,
                          text: TextMaker) -> tuple[EntryView, ...]:
    """工作安排 (001-4): one line a quarter, the activities timed in it joined by "；"."""
    by_quarter: dict[int, list[str]] = {}
    for activity in year_file.activities:
        quarter = activity.quarter or (quarter_of_month(activity.month) if activity.month else None)
        if quarter:
            by_quarter.setdefault(quarter, []).append(text.line(activity.topic))
    lines = []
    for quarter in sorted(by_quarter):
        number, level = numberer.next(1)
        lines.append(EntryView(number=number, level=level, title=None,
                               lead=QUARTER_LABELS[quarter] + "：",
                               runon=prose.join_items(by_quarter[quarter]), paragraphs=()))
    return tuple(lines)


def section_view(section: Section, year_file: YearFile, numberer: Numberer,
                 text: TextMaker) -> EntryView:
    if section.arrangement != "quarterly":
        return entry_view(section, 0, numberer, text)
    # The section's own number comes first; its quarter lines are its children.
    placeholder = Section.model_construct(**{**dict(section), "items": []})
    view = entry_view(placeholder, 0, numberer, text)
    return EntryView(**{**vars(view), "arrangement": quarterly_arrangement(year_file, numberer,
                                                                           text)})


def default_title(unit: UnitView, year: int, kind_name: str) -> str:
    return f"{unit.name}{unit.body}{year}年{kind_name}"


def plan_context(year_file: YearFile) -> PlanContext:
    plan: Plan = year_file.plan
    unit = unit_view(year_file)
    text = TextMaker(unit, year_file.year)
    numberer = Numberer(plan.numbering.ladder, plan.numbering.continuous)
    sections = tuple(section_view(s, year_file, numberer, text) for s in plan.sections)
    return PlanContext(
        unit=unit, year=year_file.year,
        title=text.line(plan.title) if plan.title else default_title(unit, year_file.year,
                                                                      "工作计划"),
        addressee=text.line(plan.addressee) if plan.addressee else None,
        preamble=tuple(text.paragraphs(plan.preamble)),
        sections=sections,
        signature=text.line(plan.signature) if plan.signature else unit.full_name,
        date=cn_date(plan.date))
