"""Each member against the per-member targets (每名委员每年至少提交一件提案……): pure functions of
the validated year file, counted by statistics.py.

A record counts for every member it names: a joint proposal (联名提案) or a jointly reported
社情民意信息 is credited to each signer, as CPPCC offices count them, and an activity is one
attended for each member named. A member no record credits with a proposal has submitted
none as far as the office's records go: that is the 0 the table shows and the target counts,
which is what tracking each member is for.
"""

from dataclasses import dataclass

from . import statistics
from .model import Record, Target, YearFile

MET, SHORT, NONE = "达标", "未达标", "未开展"


@dataclass(frozen=True)
class TargetResult:
    target: Target
    quota: int                 # per member, for the year
    done: int

    @property
    def status(self) -> str:
        if self.done >= self.quota:
            return MET
        return SHORT if self.done else NONE


@dataclass(frozen=True)
class MemberTally:
    name: str
    unit: str                  # the unit whose roster names the member
    proposals: int
    info: int
    activities: int            # activities attended
    results: tuple[TargetResult, ...]

    @property
    def unmet(self) -> tuple[TargetResult, ...]:
        return tuple(r for r in self.results if r.status != MET)


@dataclass(frozen=True)
class TargetTally:
    """How many of the members one per-member target applies to met it."""

    name: str                  # 提交提案
    quota: int
    unit: str                  # 件
    members: int
    met: int
    short: int                 # did some, not enough
    none: int                  # did none
    short_names: tuple[str, ...]
    none_names: tuple[str, ...]

    @property
    def all_met(self) -> bool:
        return self.met == self.members


@dataclass(frozen=True)
class MemberFacts:
    """How many members met each per-member target, for "全体委员均提交提案，其中2名委员未报送社情
    民意信息" (facts/members.j2); named: the file asks for the names of those short in it too."""

    what = "members"
    targets: tuple[TargetTally, ...]
    named: bool


def per_member_targets(year_file: YearFile) -> list[Target]:
    return [t for t in year_file.targets if t.per_member]


def member_records(records: list[Record], name: str) -> list[Record]:
    return [r for r in records if name in r.members]


def credited(records: list[Record], field: str) -> int:
    figure = statistics.known_total(records, field)
    return figure.value if figure else 0


def tallies(year_file: YearFile, records: list[Record]) -> list[MemberTally]:
    """One tally a member of the roster, in the roster's order."""
    targets = per_member_targets(year_file)
    out = []
    for name in year_file.members:
        mine = member_records(records, name)
        out.append(MemberTally(
            name, year_file.unit.name, credited(mine, "proposals"), credited(mine, "info"),
            sum(r.count for r in mine if r.type),
            tuple(TargetResult(t, statistics.planned(t, 1), statistics.done(t, mine) or 0)
                  for t in targets)))
    return out


def target_tallies(members: list[MemberTally]) -> list[TargetTally]:
    """Per target (by name, quota and unit, in the order targets first appear)."""
    groups: dict[tuple, list[tuple[str, TargetResult]]] = {}
    for member in members:
        for result in member.results:
            key = (result.target.name, result.quota, result.target.unit)
            groups.setdefault(key, []).append((member.name, result))

    def named(results, status):
        return tuple(name for name, r in results if r.status == status)
    return [TargetTally(name, quota, unit, len(results), len(named(results, MET)),
                        len(named(results, SHORT)), len(named(results, NONE)),
                        named(results, SHORT), named(results, NONE))
            for (name, quota, unit), results in groups.items()]


def facts(members: list[MemberTally], named: bool) -> MemberFacts:
    return MemberFacts(tuple(target_tallies(members)), named)


def table(members: list[MemberTally]) -> list[tuple[str, ...]]:
    """The rows of 委员履职情况表 (attachment `table: members`): 序号, 姓名, 提案, 信息, 参加活动,
    完成情况 (table.j2 names the columns)."""
    return [(str(i), m.name, str(m.proposals), str(m.info), str(m.activities), status_text(m))
            for i, m in enumerate(members, 1)]


def status_text(member: MemberTally) -> str:
    """达标, or 未 and the targets not met: 未报送社情民意信息; "" without per-member targets."""
    if member.unmet:
        return "未" + "、".join(r.target.name for r in member.unmet)
    return MET if member.results else ""
