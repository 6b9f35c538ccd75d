"""What the year's records add up to, and how they compare with the plan's targets.

Pure functions of the validated model: the summary's every number comes from here (counts per
activity type, 提案 and 社情民意 totals, 完成率), never from text a clerk typed. A figure no record
states is unknown (None), never 0: a sentence leaves out what is not known.
"""

from dataclasses import dataclass

from .model import Record, Target, YearFile
from .numbering import FREQUENCIES, Figure, Period, cn_day, cn_ordinal_point, percent_text

# What kind of work an activity type is, by the words its name contains (first match wins):
# each kind has its own sentence shapes and default part title in templates/common/facts/.
ACTIVITY_KINDS = (
    ("study", ("学习", "培训", "读书", "讲座")),
    ("inquiry", ("视察", "调研", "考察", "督查", "监督")),
    ("contact", ("接待", "联系群众", "走访", "慰问", "恳谈")),
    ("service", ("公益", "志愿", "服务", "捐助", "义诊")),
    ("meeting", ("会",)),
)
KIND_ORDER = [name for name, _ in ACTIVITY_KINDS] + ["other"]
# A target named with its verb (报送社情民意信息, 组织业务培训) takes no verb of ours.
VERBS = ("开展", "召开", "组织", "举办", "报送", "提交", "上报", "撰写", "收集", "参加", "完成")


def in_period(records: list[Record], period: Period) -> list[Record]:
    return [r for r in records if period.contains(r.date)]


def activity_kind(kind: str) -> str:
    for name, words in ACTIVITY_KINDS:
        if any(word in kind for word in words):
            return name
    return "other"


def topic_object(topic: str, kind: str) -> str:
    """A record's 内容 as the object of a sentence that supplies its verb: sheets often write
    "学习全国两会精神" or "视察重点项目建设情况", and "学习了…" / "就…开展视察" must not say
    it twice. Only study and inquiry sentences put the verb in front of the topic."""
    words = dict(ACTIVITY_KINDS).get(activity_kind(kind), ())
    if activity_kind(kind) not in ("study", "inquiry"):
        return topic
    for verb in sorted({kind, "集中" + kind, *words}, key=len, reverse=True):
        rest = topic[len(verb):]
        if topic.startswith(verb) and len(rest) >= 2 and rest[0] not in "，、。；：":
            return rest
    return topic


def activity_words(kind: str) -> tuple[str, str]:
    """视察 → 开展视察活动; 工作例会 → 召开工作例会; 公益活动 → 开展公益活动."""
    if kind.endswith("会"):
        return "召开", kind
    return "开展", kind if kind.endswith("活动") else kind + "活动"


def known_total(records: list[Record], field: str) -> Figure | None:
    """The sum over the records that state the field; None when none does."""
    stated = [r for r in records if getattr(r, field) is not None]
    if not stated:
        return None
    return Figure(sum(getattr(r, field) for r in stated), any(r.approximate for r in stated))


def known_part(records: list[Record], whole: str, part: str) -> Figure | None:
    """A part of a known whole (立案 of 提交, 采用 of 上报): known only when every record with
    some of the whole states its part, else the sum would pass for the total."""
    relevant = [r for r in records if getattr(r, whole)]
    if any(getattr(r, part) is None for r in relevant):
        return None
    return Figure(sum(getattr(r, part) for r in relevant), any(r.approximate for r in relevant))


def attendance(record: Record) -> int | None:
    """参加委员 人次: the members named take part in each of the record's occasions; 参加人数
    is the record's total."""
    if record.members:
        return len(record.members) * record.count
    return record.attendance


def known_attendance(records: list[Record]) -> Figure | None:
    """Known when every record says who took part: one record without would make it a guess."""
    people = [attendance(r) for r in records]
    if any(p is None for p in people):
        return None
    return Figure(sum(people), any(r.approximate and not r.members for r in records))


@dataclass(frozen=True)
class TypeStats:
    """The records of one activity type in one part of the summary, done more than once: the
    template chooses the sentence's shape from what is known (its kind, a few topics or many,
    the figures given)."""

    what = "type"
    type: str
    kind: str                  # study / inquiry / contact / service / meeting / other
    verb: str                  # 开展 an activity, 召开 a meeting
    noun: str                  # 视察活动, 工作例会
    count: int
    attendance: Figure | None
    problems: Figure | None
    solved: Figure | None
    topics: tuple[str, ...]    # those not told in a dated sentence of their own
    results: tuple[str, ...]


@dataclass(frozen=True)
class Highlight:
    """A record told as its own dated sentence: "3月25日，组织委员集中学习……，……"."""

    what = "highlight"
    day: str                   # 3月25日
    type: str
    kind: str
    noun: str
    topic: str
    attendance: Figure | None
    problems: Figure | None
    solved: Figure | None
    result: str | None


def type_stats(records: list[Record]) -> TypeStats:
    """The records (all of one type) as one statement."""
    kind = records[0].type
    verb, noun = activity_words(kind)
    told = [r for r in records if not r.highlight]
    count = sum(r.count for r in records)
    problems = known_total(records, "problems")
    return TypeStats(
        type=kind, kind=activity_kind(kind), verb=verb, noun=noun, count=count,
        attendance=known_attendance(records), problems=problems,
        solved=known_part(records, "problems", "solved") if problems else None,
        topics=tuple(dict.fromkeys(topic_object(r.topic, kind) for r in told if r.topic)),
        results=tuple(dict.fromkeys(r.result for r in told if r.result)))


def highlight(record: Record) -> Highlight:
    _, noun = activity_words(record.type)
    people = attendance(record)
    problems = known_total([record], "problems")
    return Highlight(cn_day(record.date), record.type, activity_kind(record.type), noun,
                     topic_object(record.topic, record.type), Figure(people, record.approximate and not record.members)
                     if people is not None else None, problems,
                     known_part([record], "problems", "solved") if problems else None,
                     record.result)


@dataclass(frozen=True)
class Part:
    """One part of 主要工作及成效: the statements of the records that belong to it. `title` is
    the clerk's (a record's section, or achievement_titles); without one, the template names
    the part by its kind."""

    what = "part"
    title: str | None
    kind: str
    statements: tuple         # TypeStats, Highlight, ProposalStats, InfoStats


def parts(records: list[Record], titles: dict[str, str]) -> list[Part]:
    """Records grouped into parts: the section a record names, else its type's title, else
    its kind of work. Parts come in the order of ACTIVITY_KINDS (学习 first, as the seeds
    have it), then as they first occur; the types in a part as they first occur."""
    activities = sorted((r for r in records if r.type), key=lambda r: r.date)
    groups: dict[tuple, list[Record]] = {}
    for record in activities:
        title = record.section or titles.get(record.type)
        kind = activity_kind(record.type)
        # untitled parts gather a kind of work; of no known kind, a type is a part of its own
        key = (title, None) if title else (None, kind if kind != "other" else record.type)
        groups.setdefault(key, []).append(record)
    out = []
    for (title, _), group in groups.items():
        statements, highlights = [], []
        for kind in dict.fromkeys(r.type for r in group):
            mine = [r for r in group if r.type == kind]
            if sum(r.count for r in mine) == 1 and mine[0].topic:
                statements.append(highlight(mine[0]))      # done once: a dated sentence
            else:
                statements.append(type_stats(mine))
                highlights += [highlight(r) for r in mine if r.highlight]
        statements += highlights
        out.append(Part(title, activity_kind(group[0].type), tuple(statements)))
    return sorted(out, key=lambda part: KIND_ORDER.index(part.kind))


@dataclass(frozen=True)
class ProposalStats:
    what = "proposals"
    submitted: Figure
    filed: Figure | None
    answered: Figure | None

    @property
    def all_answered(self) -> bool:
        """已全部办复: every filed proposal is known to be answered."""
        return bool(self.filed and self.answered and self.answered.value == self.filed.value)


@dataclass(frozen=True)
class InfoStats:
    what = "info"
    submitted: Figure
    adopted: Figure | None
    rate: str | None           # 采用率 "89.2%", only from two exact figures


def proposal_stats(records: list[Record]) -> ProposalStats | None:
    submitted = known_total(records, "proposals")
    if not submitted:
        return None
    filed = known_part(records, "proposals", "filed")
    return ProposalStats(submitted, filed,
                         known_part(records, "filed", "answered") if filed is not None else None)


def info_stats(records: list[Record]) -> InfoStats | None:
    submitted = known_total(records, "info")
    if not submitted:
        return None
    adopted = known_part(records, "info", "adopted")
    exact = adopted is not None and not (adopted.approximate or submitted.approximate)
    return InfoStats(submitted, adopted,
                     percent_text(adopted.value, submitted.value) if exact else None)


@dataclass(frozen=True)
class Progress:
    """One planned item against what was done: a row of 计划完成情况对照表."""

    name: str
    unit: str
    verb: str | None           # 开展 / 召开 before the name, None when the name has its verb
    planned: int               # for the whole year
    due: int                   # due by the end of the period
    done: int | None           # None: no record states the output the target measures
    rate: str                  # done / due, "100%"
    status: str                # see status()
    remaining: int             # still to do in the year


@dataclass(frozen=True)
class Shortfalls:
    """Planned items short of what is due, for 存在的不足."""

    what = "shortfalls"
    partial: bool              # measured against 按进度应完成, not the year's plan
    items: tuple[Progress, ...]
    ordinals: tuple[str, ...]  # 一是, 二是, … only when there is more than one


@dataclass(frozen=True)
class Remaining:
    """What is left of the year's plan, worded as next steps: 下半年将再开展专题调研2次."""

    what = "remaining"
    items: tuple[Progress, ...]


def planned(target: Target, member_count: int) -> int:
    per_year = FREQUENCIES[target.frequency] if target.frequency else target.count
    return per_year * (member_count if target.per_member else 1)


def counts_toward(record: Record, target: Target) -> bool:
    """A record counts for the target it names, and for every target of no type (社情民意
    不少于6条 counts every record's 信息); naming none, also for the targets of its type."""
    if record.target == target.id or target.type is None:
        return True
    return not record.target and record.type == target.type


def done(target: Target, records: list[Record]) -> int | None:
    mine = [r for r in records if counts_toward(r, target)]
    if target.measure == "records":
        return sum(r.count for r in mine if r.type)
    figure = known_total(mine, target.measure)
    return figure.value if figure else None


def status(done_count: int | None, due: int, whole_year: int, partial: bool) -> str:
    """The year: 超额完成 / 已完成 / 未完成 / 未开展. Part of it, against what is due by now:
    已完成 (the year's plan), 按进度完成, 滞后, 未开展, or 已开展 / 待开展 when nothing is due."""
    if done_count is None:
        return "无记录"
    if not partial:
        if done_count == 0:
            return "未开展"
        return "超额完成" if done_count > due else "已完成" if done_count == due else "未完成"
    if done_count >= whole_year:
        return "已完成"
    if due == 0:
        return "已开展" if done_count else "待开展"
    if done_count == 0:
        return "未开展"
    return "按进度完成" if done_count >= due else "滞后"


SHORT = ("未完成", "未开展", "滞后")


def target_verb(target: Target) -> str | None:
    if target.name.startswith(VERBS):
        return None
    if target.measure != "records":
        return "完成"
    return "召开" if (target.type or target.name).endswith("会") else "开展"


def progress(year_file: YearFile, records: list[Record], period: Period) -> list[Progress]:
    out = []
    for target in year_file.targets:
        whole_year = planned(target, len(year_file.members))
        due = whole_year * period.months // 12
        count = done(target, records)
        out.append(Progress(target.name, target.unit, target_verb(target), whole_year, due,
                            count, percent_text(count, due) if due and count is not None
                            else "—", status(count, due, whole_year, period.partial),
                            max(whole_year - count, 0) if count is not None else 0))
    return out


def shortfalls(rows: list[Progress], period: Period) -> Shortfalls | None:
    short = tuple(p for p in rows if p.status in SHORT)
    if not short:
        return None
    ordinals = tuple(cn_ordinal_point(i) if len(short) > 1 else "" for i in range(1, len(short) + 1))
    return Shortfalls(period.partial, short, ordinals)


def remaining(rows: list[Progress], period: Period) -> Remaining | None:
    """Only part of the year has a rest to plan for; a year-end summary has none."""
    left = tuple(p for p in rows if p.remaining and p.done is not None)
    return Remaining(left) if period.partial and left else None
