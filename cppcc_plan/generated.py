"""The sections a document generates from the year's consultations, activities and projects
(generate: consultations, activities, projects): their lines and counts, numbered by the
document's Builder as it goes. context.py imports this module only for a document that has
such a section: a plan without one creates none of these dataclasses.
"""

from dataclasses import dataclass

from . import prose
from .context import Builder, EntryView, first_seen, timing


@dataclass(frozen=True)
class FormCount:
    name: str
    count: int


@dataclass(frozen=True)
class Counts:
    """协商活动 by form, for "全年安排协商活动13次，其中…" (the wording is facts.j2's)."""

    what = "consultations"
    total: int
    forms: tuple[FormCount, ...]


@dataclass(frozen=True)
class ConsultationLine:
    """One topic under its form (001-3): its wording is facts/consultation.j2's."""

    what = "consultation"
    topic: str
    timing: str                # 3月 / 第二季度 / 全年
    lead_unit: str
    end: str                   # "；", the last "。"


@dataclass(frozen=True)
class ActivityLine:
    """One activity of a type's list (000 (三)), its repeats counted (facts/activity.j2)."""

    what = "activity"
    topic: str
    times: int
    end: str


@dataclass(frozen=True)
class CategoryCount:
    """The count after a category's heading: 平台建设类项目（3个）(facts/category.j2)."""

    what = "category"
    count: int


def consultation_counts(builder: Builder) -> Counts:
    forms = [c.form for c in builder.year_file.consultations]
    return Counts(len(forms), tuple(FormCount(builder.text.line(f), forms.count(f))
                                    for f in first_seen(forms)))


def consultation_forms(builder: Builder) -> tuple[EntryView, ...]:
    """One sub-section a form (001-3): its topics as a list, each with time and lead."""
    consultations = builder.in_order(builder.year_file.consultations)

    def lines(form):
        mine = [c for c in consultations if c.form == form]
        return [builder.numbered(2, facts=ConsultationLine(
            builder.text.line(c.topic).rstrip(prose.SENTENCE_END), timing(c),
            builder.text.line(c.lead_unit), prose.list_end(i, len(mine))))
            for i, c in enumerate(mine)]
    return tuple(builder.numbered(1, title=builder.text.line(form),
                                  children=lambda form=form: lines(form))
                 for form in first_seen(c.form for c in builder.year_file.consultations))


def activity_sections(builder: Builder) -> list[EntryView]:
    """000 (三): a section a type, its activities as a list, "（2次）" for repeats."""
    activities = builder.in_order(builder.year_file.activities)

    def lines(kind):
        mine = [a for a in activities if a.type == kind]
        return [builder.numbered(1, facts=ActivityLine(
            builder.text.line(a.topic).rstrip(prose.SENTENCE_END), a.times,
            prose.list_end(i, len(mine)))) for i, a in enumerate(mine)]
    return [builder.numbered(0, title=builder.text.line(kind),
                             children=lambda kind=kind: lines(kind))
            for kind in first_seen(a.type for a in builder.year_file.activities if a.type)]


def project_sections(builder: Builder) -> list[EntryView]:
    """000 (二): a section a category with its count, projects numbered across them."""
    projects = builder.year_file.projects
    views = []
    for category in first_seen(p.category for p in projects):
        group = [p for p in projects if p.category == category]
        views.append(builder.numbered(
            0, title=builder.text.line(category), facts=CategoryCount(len(group)),
            children=lambda group=group: [
                builder.numbered(1, title=builder.text.line(p.name),
                                 paragraphs=builder.text.paragraphs(p.text)) for p in group]))
    return views
