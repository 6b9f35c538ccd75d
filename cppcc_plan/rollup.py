"""What a county's units add up to: the roll-up's every figure, from the units' validated records.

Pure functions of the units' models (statistics.py does the counting; this module only groups
and adds). A figure no record states is unknown (None), never 0: a county total of 上报信息 is
the sum over the records that state it, and unknown only when none does.

The units must be able to agree before anything is added: one year, one county, each unit
once, each record in one unit only. Whatever cannot agree is refused with its place.
"""

from dataclasses import dataclass, replace

from . import members as member_stats, statistics
from .context import UnitView, unit_view
from .errors import InputError, Problem
from .model import Record, YearFile
from .numbering import Figure, Period, period_of
from .source import Source
from .vocabulary import LEVEL_WORDS, Level

# Progress of a planned item that was done (the other statuses fall short, or, 无记录, are
# not known).
DONE = ("已完成", "超额完成")


@dataclass(frozen=True)
class UnitInput:
    """One unit as loaded: where it came from, for messages, and its model."""

    source: Source
    year_file: YearFile


@dataclass(frozen=True)
class Figures:
    """What a group of records adds up to, as statistics.py counts it. None: not known (no
    record states it, or, for a part such as 立案, not every record giving its whole)."""

    activities: int
    attendance: Figure | None
    problems: Figure | None
    solved: Figure | None
    proposals: Figure | None
    filed: Figure | None
    answered: Figure | None
    info: Figure | None
    adopted: Figure | None
    adoption_rate: str | None  # 采用率, only from two exact figures


@dataclass(frozen=True)
class TypeFigures:
    """One activity type's records: their words (verb, noun, topics) and their figures."""

    stats: statistics.TypeStats
    figures: Figures

    @property
    def type(self) -> str:
        return self.stats.type


@dataclass(frozen=True)
class UnitFigures:
    name: str
    unit: UnitView
    figures: Figures
    types: tuple[TypeFigures, ...]
    progress: tuple[statistics.Progress, ...]
    highlight: TypeFigures | None     # what it did most of, against the county
    marked: tuple[statistics.Highlight, ...]   # the records it marks as highlights (亮点)

    @property
    def shortfalls(self) -> tuple[statistics.Progress, ...]:
        return tuple(p for p in self.progress if p.status in statistics.SHORT)

    @property
    def targets_met(self) -> int:
        return sum(p.status in DONE for p in self.progress)


@dataclass(frozen=True)
class County:
    """The body the units report to, as their files name it (unit.parent_committee)."""

    committee: str             # 滕州市政协
    whole: str                 # 全市: the county's own word for all of it


@dataclass(frozen=True)
class Rollup:
    year: int
    county: County
    levels: str                # 镇（街道）: what the units are, for 全县12个镇（街道）
    units: tuple[UnitFigures, ...]
    total: Figures
    types: tuple[TypeFigures, ...]      # every unit's records, by activity type

    @property
    def ahead(self) -> tuple[UnitFigures, ...]:
        """Units that did every planned item."""
        return tuple(u for u in self.units if u.progress and u.targets_met == len(u.progress))

    @property
    def behind(self) -> tuple[UnitFigures, ...]:
        return tuple(u for u in self.units if u.shortfalls)

    @property
    def untargeted(self) -> tuple[UnitFigures, ...]:
        return tuple(u for u in self.units if not u.progress)


def year_period(year_file: YearFile) -> Period:
    return period_of(year_file.year, False, None)


def year_records(year_file: YearFile) -> list[Record]:
    return statistics.in_period(year_file.records, year_period(year_file))


def figures(records: list[Record]) -> Figures:
    problems = statistics.known_total(records, "problems")
    proposals = statistics.proposal_stats(records)
    info = statistics.info_stats(records)
    return Figures(
        activities=sum(r.count for r in records if r.type),
        attendance=statistics.known_attendance([r for r in records if r.type]),
        problems=problems,
        solved=statistics.known_part(records, "problems", "solved") if problems else None,
        proposals=proposals.submitted if proposals else None,
        filed=proposals.filed if proposals else None,
        answered=proposals.answered if proposals else None,
        info=info.submitted if info else None, adopted=info.adopted if info else None,
        adoption_rate=info.rate if info else None)


def type_figures(records: list[Record]) -> list[TypeFigures]:
    """Per activity type, in the order the types first occur (records of outputs only have
    no type and are in no type's figures)."""
    groups: dict[str, list[Record]] = {}
    for record in records:
        if record.type:
            groups.setdefault(record.type, []).append(record)
    return [TypeFigures(statistics.type_stats(group), figures(group)) for group in groups.values()]


def unit_figures(year_file: YearFile, county_types: dict[str, int], units: int) -> UnitFigures:
    records = year_records(year_file)
    types = type_figures(records)
    return UnitFigures(year_file.unit.name, unit_view(year_file), figures(records), tuple(types),
                       tuple(statistics.progress(year_file, records, year_period(year_file))),
                       highlight(types, county_types, units),
                       tuple(statistics.highlight(r) for r in records if r.highlight))


def highlight(types: list[TypeFigures], county_types: dict[str, int],
              units: int) -> TypeFigures | None:
    """The unit's highlight when it marks none: the kind of work it did most of against the
    county's average
    per unit (a township with 3 视察 where the county averages 2 stands out for them; every
    township's 4 集中学习 makes none stand out), the larger count and then the records'
    order breaking ties."""
    if not types:
        return None
    return max(types, key=lambda t: (t.figures.activities * units / county_types[t.type],
                                     t.figures.activities))


def rollup(units: list[UnitInput]) -> Rollup:
    """The county's figures; the units must agree (check_units) first."""
    check_units(units)
    everything = [r for u in units for r in year_records(u.year_file)]
    views = [unit_view(u.year_file) for u in units]
    types = type_figures(everything)
    counts = {t.type: t.figures.activities for t in types}
    return Rollup(year=units[0].year_file.year,
                  county=county_of(views[0].parent_committee),
                  levels=levels_word([v.level for v in views]),
                  units=tuple(unit_figures(u.year_file, counts, len(units)) for u in units),
                  total=figures(everything), types=tuple(types))


def levels_word(levels: list[str]) -> str:
    """镇 and 街道 → 镇（街道）, as county offices write it; one level alone as it is."""
    distinct = list(dict.fromkeys(levels))
    return distinct[0] + (f"（{'、'.join(distinct[1:])}）" if len(distinct) > 1 else "")


def county_of(committee: str) -> County:
    """滕州市政协 → 全市, 和县政协 or 政协和县委员会 → 全县; a name that says no level
    (the default 县政协 says 县) reads as a county's."""
    place = committee.removeprefix("政协").removesuffix("委员会").removesuffix("政协")
    level = next((lv for lv in (Level.county, Level.district, Level.city)
                  if place.endswith(lv.value)), Level.county)
    return County(committee, LEVEL_WORDS[level].whole)


# --- What cannot agree -----------------------------------------------------------------------

def check_units(units: list[UnitInput]) -> None:
    if not units:
        raise InputError([Problem("rollup", "没有要汇总的单位")])
    problems = (same_year(units) + same_county(units) + each_unit_once(units)
                + each_record_once(units))
    if not any(year_records(u.year_file) for u in units):
        problems.append(Problem(units[0].source.name, "各单位都没有本年度的工作记录，无从汇总",
                                hint="记录写在年度文件的 records 中，或放在年度文件旁的记录文件"
                                     "（如 历阳镇.records.csv）"))
    if problems:
        raise InputError(problems)


def same_year(units: list[UnitInput]) -> list[Problem]:
    first = units[0]
    return [u.source.problem(("year",), f"年度 {u.year_file.year} 与 {first.source.name} 的年度 "
                             f"{first.year_file.year} 不同", hint="汇总的各单位应为同一年度")
            for u in units[1:] if u.year_file.year != first.year_file.year]


def same_county(units: list[UnitInput]) -> list[Problem]:
    committees = [unit_view(u.year_file).parent_committee for u in units]
    return [u.source.problem(("unit", "parent_committee"),
                             f"上级政协为 {c}，{units[0].source.name} 为 {committees[0]}",
                             hint="汇总的各单位应属同一个县（市、区）政协；"
                                  "请在各单位的 unit.parent_committee 中写明")
            for u, c in zip(units[1:], committees[1:]) if c != committees[0]]


def each_unit_once(units: list[UnitInput]) -> list[Problem]:
    first: dict[str, UnitInput] = {}
    problems = []
    for u in units:
        name = u.year_file.unit.name
        if name in first:
            problems.append(u.source.problem(("unit", "name"), f"单位 “{name}” 已在 "
                                             f"{first[name].source.name} 中汇总过",
                                             hint="每个单位只能汇总一次"))
        first.setdefault(name, u)
    return problems


def place(problem: Problem) -> str:
    """Where a problem is, as messages write it: file:line:column, or book.xlsx!记录!B5."""
    return str(replace(problem, message="", yaml_path="", hint="")).removesuffix(": ")


def each_record_once(units: list[UnitInput]) -> list[Problem]:
    """A record that appears, field for field, in two units is counted twice: a copied
    records file, or a joint activity both units recorded."""
    seen: dict[str, tuple[UnitInput, int]] = {}
    problems = []
    # a unit given twice is reported once, by each_unit_once, not once a record
    firsts = {}
    for u in units:
        firsts.setdefault(u.year_file.unit.name, u)
    for u in firsts.values():
        for i, record in enumerate(u.year_file.records):
            key = record.model_dump_json()
            other = seen.get(key)
            if other and other[0] is not u:
                where = other[0].source.problem(("records", other[1]), "")
                problems.append(u.source.problem(
                    ("records", i), f"与 {other[0].year_file.unit.name} 的一条记录完全相同，"
                    "会被计入两个单位",
                    hint=f"那一条在 {place(where)}；联合开展的活动只记在一个单位"))
            seen.setdefault(key, (u, i))
    return problems


def member_tallies(units: list[UnitInput]) -> list[member_stats.MemberTally]:
    """Every member of every unit's roster against the per-member targets."""
    check_rosters(units)
    return [t for u in units for t in member_stats.tallies(u.year_file, year_records(u.year_file))]


def check_rosters(units: list[UnitInput]) -> None:
    """Every unit names its members, and each member is on one roster only."""
    problems, first = [], {}
    for u in units:
        if not u.year_file.members:
            problems.append(u.source.problem((), "按委员汇总需要委员名单（members）",
                                             hint="在年度文件中列出本单位的委员"))
        for i, name in enumerate(u.year_file.members):
            if name in first and first[name] is not u:
                problems.append(u.source.problem(("members", i), f"委员 “{name}” 也在 "
                                                 f"{first[name].year_file.unit.name} 的名单中",
                                                 hint="每名委员只在一个单位的名单中"))
            first.setdefault(name, u)
    if problems:
        raise InputError(problems)
