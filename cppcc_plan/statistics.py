"""What the year's records add up to, and how they compare with the plan's targets.

Pure functions of the validated model: the summary's every number comes from here (counts per
activity type, 提案 and 社情民意 totals, 完成率), never from text a clerk typed.
"""

import datetime
from dataclasses import dataclass

from .model import Record, Target, YearFile
from .numbering import FREQUENCIES, percent_text


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date
    half: bool                 # the half-year form: 上半年 done, 下半年 to do
    months: int                # whole months elapsed at `end`, for targets due so far


def period_of(year: int, half_setting: bool, until: datetime.date | None) -> Period:
    """The records' window: the year, or up to --until; 30 June (or period: half) is the
    half-year form."""
    start = datetime.date(year, 1, 1)
    end = until or (datetime.date(year, 6, 30) if half_setting else datetime.date(year, 12, 31))
    month_end = (end + datetime.timedelta(days=1)).day == 1
    months = end.month if month_end else end.month - 1
    return Period(start, end, half=half_setting or end <= datetime.date(year, 6, 30),
                  months=months)


def in_period(records: list[Record], period: Period) -> list[Record]:
    return [r for r in records if period.start <= r.date <= period.end]


def attendance(record: Record) -> int:
    return len(record.members) if record.members else record.attendance or 0


def total(records: list[Record], field: str) -> int:
    return sum(getattr(r, field) or 0 for r in records)


@dataclass(frozen=True)
class TypeStats:
    """共开展视察活动12次，参加委员40人次，收集群众反映问题27余件，协调解决6件."""

    what = "type"
    type: str
    verb: str                  # 开展 an activity, 召开 a meeting
    noun: str                  # 视察活动, 工作例会
    count: int
    attendance: int
    problems: int
    solved: int
    approximate: bool
    topics: tuple[str, ...]


def type_stats(records: list[Record]) -> list[TypeStats]:
    """One entry per activity type, in the order the types first occur."""
    out = []
    for kind in dict.fromkeys(r.type for r in records):
        group = [r for r in records if r.type == kind]
        verb, noun = activity_words(kind)
        out.append(TypeStats(
            type=kind, verb=verb, noun=noun, count=len(group), attendance=sum(attendance(r) for r in group),
            problems=total(group, "problems"), solved=total(group, "solved"),
            approximate=any(r.approximate and (r.problems or r.solved) for r in group),
            topics=tuple(dict.fromkeys(r.topic for r in group))))
    return out


def activity_words(kind: str) -> tuple[str, str]:
    """视察 → 开展视察活动; 工作例会 → 召开工作例会; 公益活动 → 开展公益活动."""
    if kind.endswith("会"):
        return "召开", kind
    return "开展", kind if kind.endswith("活动") else kind + "活动"


@dataclass(frozen=True)
class ProposalStats:
    what = "proposals"
    submitted: int
    filed: int
    answered: int


@dataclass(frozen=True)
class InfoStats:
    what = "info"
    submitted: int
    adopted: int
    rate: str                  # 采用率, "89.2%"


def proposal_stats(records: list[Record]) -> ProposalStats | None:
    submitted = total(records, "proposals")
    if not submitted:
        return None
    return ProposalStats(submitted, total(records, "filed"), total(records, "answered"))


def info_stats(records: list[Record]) -> InfoStats | None:
    submitted = total(records, "info")
    if not submitted:
        return None
    adopted = total(records, "adopted")
    return InfoStats(submitted, adopted, percent_text(adopted, submitted))


@dataclass(frozen=True)
class Progress:
    """One planned item against what was done: a row of 计划完成情况对照表."""

    name: str
    unit: str
    planned: int               # for the whole year
    due: int                   # due by the end of the period
    done: int
    rate: str                  # done / due, "100%"
    status: str                # 超额完成 / 已完成 / 未完成 / 未开展 (待开展 / 已开展 if not yet due)
    remaining: int             # still to do in the year

    what = "remaining"


def planned(target: Target, member_count: int) -> int:
    per_year = FREQUENCIES[target.frequency] if target.frequency else target.count
    return per_year * (member_count if target.per_member else 1)


def counts_toward(record: Record, target: Target) -> bool:
    """A record counts for the target it names, and for every target of no type (社情民意
    不少于6条 counts every record's 信息); naming none, also for the targets of its type."""
    if record.target == target.id or target.type is None:
        return True
    return not record.target and record.type == target.type


def done(target: Target, records: list[Record]) -> int:
    mine = [r for r in records if counts_toward(r, target)]
    return len(mine) if target.measure == "records" else total(mine, target.measure)


def status(done_count: int, due: int) -> str:
    if due == 0:
        return "已开展" if done_count else "待开展"
    if done_count == 0:
        return "未开展"
    if done_count > due:
        return "超额完成"
    return "已完成" if done_count == due else "未完成"


def progress(year_file: YearFile, records: list[Record], period: Period) -> list[Progress]:
    out = []
    for target in year_file.targets:
        whole_year = planned(target, len(year_file.members))
        due = whole_year * period.months // 12
        count = done(target, records)
        out.append(Progress(target.name, target.unit, whole_year, due, count,
                            percent_text(count, due) if due else "—", status(count, due),
                            max(whole_year - count, 0)))
    return out
