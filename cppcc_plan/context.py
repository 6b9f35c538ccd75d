"""The validated year file plus every computed fact, as values handed to templates.

Templates only print what is here: heading numbers, counts, the file's title, the period, the
date in Chinese, the level's vocabulary, sections generated from the year's activities,
consultations, projects and records, and the attachments with their numbers. Nothing in a
template computes; templates choose the words (facts/), this module what is said.
"""

import datetime
from dataclasses import dataclass, replace

# statistics and members (what records add up to) are imported where a document uses them:
# a plan has no records, and their 12 dataclasses took a tenth of a cold render's imports.
from . import prose
from .blocks import HEADING_MARKERS
from .kinds import Kind
from .model import WORDED, Document, Entry, Issuance, Section, Summary, Timed, YearFile
from .numbering import (LADDER_RANKS, QUARTER_LABELS, Period, cn_date, copy_number,
                        document_number, heading_number, period_of, quarter_of_month)
from .vocabulary import COMMITTEE_OFFICE, LEVEL_WORDS, OFFICE_LEVELS


# One document's values are plain dataclasses, not frozen: nothing changes one once built
# (replace() makes another; templates cannot assign), nothing hashes one, and frozen=True
# compiles three more functions a class, about 0.5 ms each class of a cold render.
@dataclass
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
    party_office: str                 # 中共壶关县委办公室: organs of a joint issuance
    government_office: str
    committee_office: str


@dataclass
class IssuanceView:
    """版头 and 版记 (GB/T 9704 7.2, 7.4), every part printable as it stands."""

    marks: tuple[str, ...]            # 发文机关标志 names, 主办机关 first
    document_word: str                # 文件, or "" for a 标志 of the names alone
    number: str                       # 发文字号: 壶政协办〔2024〕3号
    signers: tuple[str, ...]          # 签发人 (上行文)
    copy_number: str                  # 份号, "" when not given
    secrecy: str
    urgency: str
    organs: tuple[str, ...]           # 发文机关署名 of the cover notice
    copies_to: tuple[str, ...]
    printer: str                      # 印发机关
    printed: str                      # 印发日期: 2024年1月15日


@dataclass
class NoticeView:
    addressee: str
    paragraphs: tuple[str, ...]       # the clerk's text, or () for the template's sentence
    sealed: bool


@dataclass
class EntryView:
    number: str                       # 一、 /（一）/ 1. /（1）
    level: str                        # 一级标题 … 四级标题
    title: str | None                 # standalone heading
    lead: str | None                  # run-in heading sentence
    runon: str                        # the text after the lead, or a plain list item's text
    paragraphs: tuple[str, ...] = ()  # further body paragraphs
    items: tuple["EntryView", ...] = ()
    facts: object = None               # computed figures facts.j2 words: Counts, TypeStats, …


@dataclass
class TableView:
    """A table filled from the data. The code decides its columns and rows; tables.j2 words
    them: the table's name by `name`, each column's header by its key in `columns`."""

    name: str                         # consultations, projects, activities, targets
    columns: tuple[str, ...]          # number, form, topic, time, lead_unit, …
    rows: tuple[tuple[str, ...], ...]
    grouped: str | None = None        # the column that groups the rows (类别, 协商形式)


@dataclass
class AttachmentView:
    label: str                        # 附件1 (附件 when there is only one)
    number: str                       # "1." before its line in 附件说明 ("" when only one)
    title: str | None                 # as written; None: tables.j2 names the table
    table: TableView | None
    paragraphs: tuple[str, ...]


@dataclass
class DocumentContext:
    kind: str
    unit: UnitView
    year: int
    title: str | None                  # the file's title; None: facts/title.j2 words the default
    title_suffix: str                  # the kind's: 年工作计划, 年度协商计划, …
    plans_ahead: bool                  # a half-year summary that plans the rest of the year
    addressee: str | None
    preamble: tuple[str, ...]
    sections: tuple[EntryView, ...]
    table: TableView | None            # a list's body: the table after the sections
    attachments: tuple[AttachmentView, ...]
    signature: str | None              # 署名 and 成文日期 only where the document has them
    date: str | None
    period: Period                     # what a summary covers, with its words (span, …)
    report: bool                       # a report upward: 现将…报告如下, 特此报告。
    report_lead: bool                  # …and the preamble has no 现将… of its own
    issuance: IssuanceView | None = None
    notice: NoticeView | None = None


def unit_view(year_file: YearFile) -> UnitView:
    unit = year_file.unit
    words = LEVEL_WORDS[unit.level]
    full_name = unit.full_name or unit.name + unit.body
    return UnitView(
        name=unit.name, level=unit.level.value, body=unit.body, full_name=full_name,
        party_committee=unit.party_committee or words.party_committee,
        government=words.government, self_ref=words.self_ref, whole=words.whole,
        parent_committee=unit.parent_committee or words.parent_committee,
        party_office=words.party_office.format(unit.name),
        government_office=words.government_office.format(unit.name),
        committee_office=COMMITTEE_OFFICE.format(unit.name) if unit.level in OFFICE_LEVELS
        else full_name)


def issuance_view(issuance: Issuance, document: Document, unit: UnitView,
                  text: "TextMaker") -> IssuanceView:
    """Organs default to the unit's formal name; the 发文字号's year is that of the 成文日期
    (7.2.5), the 印发日期 that date unless given (7.4.3)."""
    organs = [(text.line(o.name), text.line(o.mark) if o.mark else text.line(o.name))
              for o in issuance.organs] or [(unit.full_name, unit.full_name)]
    return IssuanceView(
        marks=tuple(mark for _, mark in organs),
        document_word="文件" if issuance.document_word else "",
        number=document_number(text.line(issuance.code), document.date.year, issuance.number),
        signers=tuple(text.line(s) for s in issuance.signers),
        copy_number=copy_number(issuance.copy_number) if issuance.copy_number else "",
        secrecy=text.line(issuance.secrecy) if issuance.secrecy else "",
        urgency=issuance.urgency or "",
        organs=tuple(name for name, _ in organs),
        copies_to=tuple(text.line(c) for c in issuance.copies_to),
        printer=text.line(issuance.printer) if issuance.printer else organs[0][0],
        printed=cn_date(issuance.printed or document.date))


def first_seen(values) -> list:
    """Distinct values in the order they first appear: groups keep the clerk's order."""
    return list(dict.fromkeys(values))


class TextMaker:
    """Turns the clerk's text into printable text: placeholders filled, punctuation made
    full-width, paragraphs split."""

    def __init__(self, unit: UnitView, year_file: YearFile, period: Period):
        values = {**vars(unit), "unit_name": unit.name, "year": f"{year_file.year}年",
                  "period": period.title_word, "next_period": period.next_word,
                  "project_categories": str(len(first_seen(p.category
                                                           for p in year_file.projects))),
                  "project_count": str(len(year_file.projects)),
                  "consultation_count": str(len(year_file.consultations))}
        self.words = {name: values[attr] for name, attr in prose.PLACEHOLDERS.items()}

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
        return heading_number(rank, self.counters[depth]), HEADING_MARKERS[rank]


class Builder:
    """Builds the numbered views of one document, in document order."""

    def __init__(self, year_file: YearFile, document: Document, kind: Kind, text: TextMaker,
                 period: Period):
        self.year_file = year_file
        self.document = document
        self.text = text
        self.period = period
        self.titles = getattr(document, "achievement_titles", {})
        self.records, self.parts = [], []
        if year_file.records:
            from . import statistics
            self.records = statistics.in_period(year_file.records, period)
            self.parts = statistics.parts(self.records, self.titles)
        numbering = document.numbering
        self.numberer = Numberer(numbering.ladder or kind.ladder,
                                 kind.continuous if numbering.continuous is None
                                 else numbering.continuous)

    def numbered(self, depth: int, text: str = "", title: str | None = None,
                 lead: str | None = None, paragraphs=(), facts=None,
                 children=lambda: ()) -> EntryView:
        """A view with the next number at depth; its children are built after it, so their
        numbers follow its own."""
        number, level = self.numberer.next(depth)
        first = title or lead or text or getattr(facts, "topic", "")
        if number[-1] == "." and first[:1].isdigit():
            number += " "         # "1. 2024年…", not "1.2024年…", which reads as a decimal
        return EntryView(number=number, level=level, title=title, lead=lead, runon=text,
                         paragraphs=tuple(paragraphs), items=tuple(children()), facts=facts)

    def entry(self, entry: Entry, depth: int) -> EntryView:
        body = self.text.paragraphs(entry.text)
        if entry.points:
            intro = self.text.line(prose.counted(entry.points_intro, len(entry.points))) \
                if entry.points_intro else ""
            enumeration = intro + prose.inline_points([self.text.line(p) for p in entry.points])
            body = body[:-1] + [body[-1] + enumeration] if body else [enumeration]
        runon = body.pop(0) if entry.lead and body else ""
        return self.numbered(depth, runon, title=self.text.line(entry.title) if entry.title
                             else None, lead=self.text.line(entry.lead) if entry.lead else None,
                             paragraphs=body,
                             children=lambda: [self.entry(c, depth + 1) for c in entry.items])

    def sections(self, sections: list[Section]) -> tuple[EntryView, ...]:
        out = []
        for section in sections:
            if section.generate == "activities":
                from .generated import activity_sections
                out += activity_sections(self)
            elif section.generate == "projects":
                from .generated import project_sections
                out += project_sections(self)
            else:
                out.append(self.section(section))
        return tuple(out)

    def section(self, section: Section) -> EntryView:
        if section.generate is None:
            # a section of the clerk's that records name (section:) gets their sentences
            view = self.entry(section, 0)
            return replace(view, facts=self.claimed(view.title)) if view.title else view
        if section.generate == "members":
            from . import members
            return replace(self.entry(section, 0), facts=members.facts(
                members.tallies(self.year_file, self.records),
                getattr(self.document, "name_members", False)))
        if section.generate in WORDED:
            # a sentence of figures after the section's text; its items stay the clerk's
            from . import statistics
            progress = statistics.progress(self.year_file, self.records, self.period)
            facts = statistics.shortfalls(progress, self.period) \
                if section.generate == "shortfalls" else statistics.remaining(progress, self.period)
            return replace(self.entry(section, 0), facts=facts)
        # The section's own number comes before those of the lines generated under it.
        view = self.entry(section.model_copy(update={"items": []}), 0)
        if section.generate == "quarterly":
            return replace(view, items=self.quarter_lines())
        if section.generate == "consultations":
            from .generated import consultation_counts, consultation_forms
            return replace(view, items=consultation_forms(self), facts=consultation_counts(self))
        return replace(view, items=self.achievements())

    def claimed(self, title: str):
        """The part of the records (statistics.Part) that names this section, if one does."""
        return next((p for p in self.parts if p.title and self.text.line(p.title) == title), None)

    def achievements(self) -> tuple[EntryView, ...]:
        """主要工作及成效: a part for each section the records name (unless it is a section of
        the document's own) or kind of work they are, then 提案 and 社情民意; a part the clerk
        did not title is named by its template."""
        titles = self.titles
        own = {self.text.line(s.title) for s in self.document.sections if s.title and not s.generate}
        parts = [p for p in self.parts if not (p.title and self.text.line(p.title) in own)]
        from . import statistics
        proposals = statistics.proposal_stats(self.records)
        info = statistics.info_stats(self.records)
        parts += [statistics.Part(titles.get("提案"), "proposals", (proposals,))] if proposals else []
        parts += [statistics.Part(titles.get("社情民意"), "info", (info,))] if info else []
        return tuple(self.numbered(1, title=self.text.line(part.title) if part.title else None,
                                   facts=part) for part in parts)

    def in_order(self, timed: list) -> list:
        return in_order(timed, self.document.order)

    def quarter_lines(self) -> tuple[EntryView, ...]:
        """工作安排 (001-4): one line a quarter, the activities timed in it joined by "；"."""
        by_quarter: dict[int, list[str]] = {}
        for activity in self.in_order(self.year_file.activities):
            if quarter_of(activity):
                by_quarter.setdefault(quarter_of(activity), []).append(
                    self.text.line(activity.topic))
        return tuple(self.numbered(1, "".join(prose.list_punctuation(by_quarter[q])),
                                   lead=QUARTER_LABELS[q] + "：") for q in sorted(by_quarter))

def activity_text(activity, text: TextMaker) -> str:
    """An activity as the table names it, its repeats counted: …座谈会（2次） (the list words
    it in facts/activity.j2)."""
    times = f"（{activity.times}次）" if activity.times > 1 else ""
    return text.line(activity.topic) + times


def in_order(timed: list, order: str) -> list:
    """Items by month, an item timed by quarter only at its quarter's last month (due by
    then), those without a time last; equal times keep the file's order (sorted is stable).
    `order: as_written` keeps the file's order throughout."""
    if order == "as_written":
        return list(timed)
    return sorted(timed, key=lambda t: t.month or 3 * (t.quarter or 5))


def quarter_of(timed: Timed) -> int | None:
    return timed.quarter or (quarter_of_month(timed.month) if timed.month else None)


def timing(timed: Timed) -> str:
    if timed.month:
        return f"{timed.month}月"
    return QUARTER_LABELS[timed.quarter] if timed.quarter else "全年"


def table_view(name: str, year_file: YearFile, text: TextMaker, period: Period,
               order: str) -> TableView:
    line = text.line
    if name == "targets":
        from . import statistics
        records = statistics.in_period(year_file.records, period)
        rows = statistics.progress(year_file, records, period)
        due = period.partial
        return TableView(name, ("number", "target", "planned", *(("due",) if due else ()),
                                "done", "rate", "status"), tuple(
            (str(i), line(p.name), f"{p.planned}{p.unit}",
             *((f"{p.due}{p.unit}",) if due else ()),
             f"{p.done}{p.unit}" if p.done is not None else "—", p.rate, p.status)
            for i, p in enumerate(rows, 1)))
    if name == "members":
        from . import members, statistics
        rows = members.table(members.tallies(year_file, statistics.in_period(
            year_file.records, period)))
        return TableView(name, ("number", "name", "proposals", "info", "attended", "status"),
                         tuple(tuple(line(cell) for cell in row) for row in rows))
    if name == "consultations":
        rows = grouped(in_order(year_file.consultations, order), lambda c: c.form,
                       year_file.consultations)
        return TableView(name, ("number", "form", "topic", "time", "lead_unit"), tuple(
            (str(i), line(c.form), line(c.topic), timing(c), line(c.lead_unit))
            for i, c in enumerate(rows, 1)), grouped="form")
    if name == "projects":
        rows = grouped(year_file.projects, lambda p: p.category, year_file.projects)
        return TableView(name, ("number", "project", "leader", "problem", "measures", "goal",
                                "deadline"),
                         tuple((str(i), line(p.name), *(line(v) if v else "" for v in (
                             p.leader, p.problem, p.measures, p.goal, p.deadline)))
                               for i, p in enumerate(rows, 1)))
    rows = grouped(in_order(year_file.activities, order), lambda a: a.type or "",
                   year_file.activities)
    return TableView(name, ("number", "category", "activity", "time", "lead_unit"), tuple(
        (str(i), line(a.type or ""), activity_text(a, text), timing(a), line(a.lead_unit or ""))
        for i, a in enumerate(rows, 1)), grouped="category")


def grouped(items: list, group, written: list) -> list:
    """Items of one group together, the groups in the order they first appear in the file
    (written), each group's items in the order given."""
    order = first_seen(group(item) for item in written)
    return sorted(items, key=lambda item: order.index(group(item)))


def attachment_views(document: Document, year_file: YearFile, text: TextMaker,
                     period: Period) -> tuple[AttachmentView, ...]:
    """附件 labels and 附件说明 lines (GB/T 9704 7.3.6): numbered only when there are several."""
    several = len(document.attachments) > 1
    return tuple(AttachmentView(
        label=f"附件{i}" if several else "附件", number=f"{i}." if several else "",
        title=text.line(attachment.title) if attachment.title else None,
        table=table_view(attachment.table, year_file, text, period, document.order)
        if attachment.table else None,
        paragraphs=tuple(text.paragraphs(attachment.text)))
        for i, attachment in enumerate(document.attachments, 1))


def is_report(document: Document, title: str) -> bool:
    """A summary sent upward as a report (关于…的报告, 004): unless the file says report: false."""
    given = getattr(document, "report", None)
    return given if given is not None else "报告" in title


def document_context(year_file: YearFile, kind: Kind,
                     until: datetime.date | None = None) -> DocumentContext:
    document: Document = getattr(year_file, kind.key)
    unit = unit_view(year_file)
    period = period_of(year_file.year, isinstance(document, Summary) and document.period == "half",
                       until)
    text = TextMaker(unit, year_file, period)
    builder = Builder(year_file, document, kind, text, period)
    title = text.line(document.title) if document.title else None
    preamble = tuple(text.paragraphs(document.preamble))
    report = kind.name == "summary" and is_report(document, title or "")
    return DocumentContext(
        kind=kind.label, unit=unit, year=year_file.year, title=title,
        title_suffix=kind.title_suffix,
        plans_ahead=period.half and any(s.generate == "unfinished" for s in document.sections),
        addressee=text.line(document.addressee) if document.addressee else None,
        preamble=preamble,
        sections=builder.sections(document.sections),
        table=table_view(document.table, year_file, text, period, document.order)
        if document.table else None,
        attachments=attachment_views(document, year_file, text, period),
        signature=closing_signature(document, unit, text),
        date=cn_date(document.date) if document.date else None, period=period, report=report,
        report_lead=report and not any("现将" in p for p in preamble[-1:]),
        issuance=issuance_view(document.issuance, document, unit, text)
        if document.issuance else None,
        notice=NoticeView(addressee=text.line(document.notice.addressee),
                          paragraphs=tuple(text.paragraphs(document.notice.text)),
                          sealed=document.notice.sealed) if document.notice else None)


def closing_signature(document: Document, unit: UnitView, text: TextMaker) -> str | None:
    """The 署名 as written; else the unit's name under a dated document, except a table
    standing alone (a 清单 signs only when told to)."""
    if document.signature:
        return text.line(document.signature)
    return unit.full_name if document.date and document.sections else None
