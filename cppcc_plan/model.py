"""The year file as typed, frozen data. Unknown keys are refused (with a "did you mean" made in
validate.py); every field's description is what the JSON Schema for editors will show."""

import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, create_model, model_validator
from pydantic_core import PydanticCustomError, core_schema

from .glossary import OUTPUTS, SUBSETS, TERMS
from .kinds import KINDS
from .numbering import Ladder, quarter_of_month
from .vocabulary import Level


class Within:
    """A whole number within bounds: the core schema of Field(ge=…, le=…), written out, because
    pydantic works through a constraint again at each of the fields that use it. (Annotated
    metadata, not a class as NonEmpty is: units.py reads the int in these fields' annotations.)"""

    def __init__(self, ge: int, le: int | None = None):
        self.ge, self.le = ge, le

    def __get_pydantic_core_schema__(self, source, handler) -> core_schema.CoreSchema:
        return core_schema.int_schema(ge=self.ge, le=self.le)


class NonEmpty(str):
    """Text with its surrounding spaces stripped, not empty: the core schema that
    StringConstraints(strip_whitespace=True, min_length=1) gives, written out as Within's is.
    A class that gives its core schema, not Annotated metadata: pydantic checks each Annotated
    item against annotated_types' runtime protocol GroupedMetadata (23 µs, at 75 fields) and
    works through it; as a class, YearFile's validator builds in 11 ms, not 17, with the same
    JSON Schema. Values are plain str."""

    @classmethod
    def __get_pydantic_core_schema__(cls, source, handler) -> core_schema.CoreSchema:
        return core_schema.str_schema(strip_whitespace=True, min_length=1)


# One paragraph as a string, or several: a list, or one text with blank lines between them.
Paragraphs = NonEmpty | list[NonEmpty]


# Factories that are Python functions: pydantic reads each factory's signature, and that of a
# builtin (list, dict) is parsed from its text with tokenize, about 5 ms for the model's 15.
def empty_list() -> list:
    return []


def empty_dict() -> dict:
    return {}


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Unit(Model):
    name: NonEmpty = Field(description="单位名称，如 北辛街道、杭埠镇、和县")
    level: Level = Field(description="层级：街道、镇、乡、县、区、市")
    body: NonEmpty = Field(description="政协组织名称，如 政协工作室、政协联络组、政协")
    full_name: NonEmpty | None = Field(None, description="正式名称（署名用），如 政协和县委员会")
    party_committee: NonEmpty | None = Field(None, description="所在党委，缺省按层级")
    parent_committee: NonEmpty | None = Field(None, description="上级政协，缺省按层级")


class Numbering(Model):
    """Unset fields take the document kind's default (kinds.py)."""

    ladder: Ladder | None = Field(None, description="standard：一、（一）1.（1）；compact：一、1.（1）")
    continuous: bool | None = Field(None, description="第二层序号跨部分连续编号（如 1—16）")


# What a section may be generated from. quarterly and consultations fill the section under
# its own heading; activities and projects expand into one section per type or category.
Generated = Literal["quarterly", "consultations", "activities", "projects", "achievements",
                    "shortfalls", "unfinished", "members"]
EXPANDING = ("activities", "projects")
# shortfalls, unfinished and members add a sentence of figures after the section's own text
# and items.
WORDED = ("shortfalls", "unfinished", "members")


class Entry(Model):
    """A numbered part of the body: a heading standing alone (title) or a lead sentence that
    the text runs on from (lead), with text, an inline enumeration and sub-items."""

    title: NonEmpty | None = Field(None, description="单独成行的标题")
    lead: NonEmpty | None = Field(None, description="接排的引领句，正文接在同一段")
    text: Paragraphs | None = Field(None, description="正文，可多段")
    points_intro: NonEmpty | None = Field(
        None, description="列举前的引语，{数} 换成列举的项数，如 做到{数}个结合，即：")
    points: list[NonEmpty] | None = Field(None, description="行内列举：一是……；二是……")
    items: list["Entry"] = Field(default_factory=empty_list, description="下一级条目")

    @model_validator(mode="after")
    def one_heading(self):
        if getattr(self, "generate", None) in EXPANDING:
            if self.title or self.lead or self.text or self.points or self.items:
                raise PydanticCustomError("expanding_alone", "generated sections only")
        elif (self.title is None) == (self.lead is None):
            raise PydanticCustomError("heading_choice", "title or lead")
        if self.points_intro is not None and not self.points:
            raise PydanticCustomError("points_intro_alone", "points_intro without points")
        return self


class Section(Entry):
    generate: Generated | None = Field(
        None, description="由结构化数据生成：quarterly 按季度工作安排；consultations 协商议题；"
                          "activities 按类型的活动清单；projects 按类别的项目；"
                          "achievements 由记录统计的工作成效；shortfalls 未完成的计划（接在正文后）；"
                          "unfinished 年中总结里下一阶段还要完成的计划（“下半年将再开展……”，"
                          "全年总结中不生成）；members 委员对照“每名委员”的计划的完成人数（接在正文后）")


Quarter = Annotated[int, Within(1, 4)]
Month = Annotated[int, Within(1, 12)]


class Timed(Model):
    quarter: Quarter | None = Field(None, description="季度 1—4")
    month: Month | None = Field(None, description="月份 1—12")

    @model_validator(mode="after")
    def quarter_matches_month(self):
        if self.quarter and self.month and quarter_of_month(self.month) != self.quarter:
            raise PydanticCustomError("quarter_month", "quarter and month disagree")
        return self


class Activity(Timed):
    topic: NonEmpty = Field(description="活动内容")
    type: NonEmpty | None = Field(None, description="活动类型，即活动清单的分组标题，如 开展专题视察")
    times: Annotated[int, Within(1)] = Field(1, description="次数，大于 1 时写作“（2次）”")
    lead_unit: NonEmpty | None = Field(None, description="牵头单位")
    participants: NonEmpty | None = Field(None, description="参加人员")


class Consultation(Timed):
    form: NonEmpty = Field(description="协商形式，如 专题议政性常委会议、对口协商")
    topic: NonEmpty = Field(description="协商议题")
    lead_unit: NonEmpty = Field(description="牵头单位")
    participants: NonEmpty | None = Field(None, description="参加单位")


class Project(Model):
    category: NonEmpty = Field(description="项目类别，如 平台建设类项目")
    name: NonEmpty = Field(description="项目名称")
    text: Paragraphs | None = Field(None, description="项目内容")
    leader: NonEmpty | None = Field(None, description="牵头领导")
    problem: NonEmpty | None = Field(None, description="解决问题")
    measures: NonEmpty | None = Field(None, description="工作措施")
    goal: NonEmpty | None = Field(None, description="工作目标")
    deadline: NonEmpty | None = Field(None, description="完成时限")


Count = Annotated[int, Within(0)]


class Record(Model):
    """What was done: one activity of the year (or `count` of the same kind, when only the
    total is known), with what it produced. A figure left out is unknown, never zero."""

    date: datetime.date = Field(description=TERMS["date"].description)
    type: NonEmpty | None = Field(None, description=TERMS["type"].description)
    topic: NonEmpty | None = Field(None, description=TERMS["topic"].description)
    count: Annotated[int, Within(1)] = Field(1, description=TERMS["count"].description)
    members: list[NonEmpty] = Field(default_factory=empty_list, description=TERMS["members"].description)
    attendance: Count | None = Field(None, description=TERMS["attendance"].description)
    approximate: bool = Field(False, description=TERMS["approximate"].description)
    problems: Count | None = Field(None, description=TERMS["problems"].description)
    solved: Count | None = Field(None, description=TERMS["solved"].description)
    proposals: Count | None = Field(None, description=TERMS["proposals"].description)
    filed: Count | None = Field(None, description=TERMS["filed"].description)
    answered: Count | None = Field(None, description=TERMS["answered"].description)
    info: Count | None = Field(None, description=TERMS["info"].description)
    adopted: Count | None = Field(None, description=TERMS["adopted"].description)
    target: NonEmpty | None = Field(None, description=TERMS["target"].description)
    section: NonEmpty | None = Field(None, description=TERMS["section"].description)
    result: NonEmpty | None = Field(None, description=TERMS["result"].description)
    highlight: bool = Field(False, description=TERMS["highlight"].description)

    @model_validator(mode="after")
    def parts_within_totals(self):
        for whole, part in SUBSETS:
            if (getattr(self, part) or 0) > (getattr(self, whole) or 0):
                raise PydanticCustomError("subset_exceeds", "{part} > {whole}",
                                          {"part": part, "whole": whole})
        return self

    @model_validator(mode="after")
    def activity_or_output(self):
        if self.type is None and all(getattr(self, key) is None for key in OUTPUTS):
            raise PydanticCustomError("record_empty", "type or an output")
        if self.type is None and (self.count > 1 or self.highlight or self.members
                                  or self.attendance is not None):
            raise PydanticCustomError("record_untyped_activity", "activity fields without type")
        if self.highlight and (not self.topic or self.count > 1):
            raise PydanticCustomError("highlight_one", "highlight of no topic or several")
        return self


class Target(Model):
    """What the plan promised: 每季度一次 → 4; 不少于6条 → 6; 每位委员一件 → × members."""

    id: NonEmpty = Field(description="目标编号，记录用 target 指向它")
    name: NonEmpty = Field(description="计划项目，如 集中学习、报送社情民意信息")
    type: NonEmpty | None = Field(None, description="计入的记录类型（记录未写 target 时按类型计入）")
    frequency: Literal["每月", "双月", "每季度", "每半年", "每年"] | None = Field(
        None, description="频次")
    count: Annotated[int, Within(1)] | None = Field(None, description="次数或数量（不少于）")
    per_member: bool = Field(False, description="每位委员都要完成（乘以委员人数）")
    measure: Literal[("records", *OUTPUTS)] = Field(
        "records", description="计数对象：records 活动次数，或记录中的某项产出之和")
    unit: NonEmpty = Field("次", description="计量单位：次、件、条、篇")

    @model_validator(mode="after")
    def frequency_or_count(self):
        if (self.frequency is None) == (self.count is None):
            raise PydanticCustomError("frequency_or_count", "frequency or count")
        return self


TableName = Literal["consultations", "projects", "activities", "targets", "members"]
TABLE_NAMES = ("由数据生成的表格：consultations 协商活动安排表；projects 项目推进表；"
               "activities 活动安排表；targets 计划完成情况对照表；members 委员履职情况表")


class Attachment(Model):
    title: NonEmpty | None = Field(None, description="附件标题，表格附件缺省按表名生成")
    table: TableName | None = Field(None, description=TABLE_NAMES)
    text: Paragraphs | None = Field(None, description="附件正文")

    @model_validator(mode="after")
    def has_content(self):
        if self.table is None and (self.title is None or self.text is None):
            raise PydanticCustomError("attachment_content", "table, or title and text")
        return self


class Organ(Model):
    name: NonEmpty = Field(description="发文机关全称（署名用），如 中共壶关县委办公室")
    mark: NonEmpty | None = Field(None, description="发文机关标志中的名称，缺省为全称，可写规范化简称")


class Issuance(Model):
    """How the document goes out as a 公文: its 版头 (GB/T 9704 7.2) and 版记 (7.4)."""

    organs: list[Organ] = Field(
        default_factory=empty_list, description="发文机关，联合行文写多个，主办机关在前；缺省为单位正式名称")
    document_word: bool = Field(True, description="发文机关标志后加“文件”二字")
    code: NonEmpty = Field(description="机关代字，如 壶政协办、杭政联")
    number: Annotated[int, Within(1)] = Field(description="发文顺序号，如 3（印作〔2024〕3号）")
    signers: list[NonEmpty] = Field(
        default_factory=empty_list, description="签发人（上行文），按发文机关顺序；写了即按上行文编排发文字号")
    copy_number: Annotated[int, Within(1, 999999)] | None = Field(
        None, description="份号，如 1（印作 000001）")
    secrecy: NonEmpty | None = Field(None, description="密级和保密期限，如 秘密★1年")
    urgency: Literal["特急", "加急"] | None = Field(None, description="紧急程度：特急、加急")
    copies_to: list[NonEmpty] = Field(default_factory=empty_list, description="抄送机关，按顺序")
    printer: NonEmpty | None = Field(None, description="印发机关，缺省为主办机关")
    printed: datetime.date | None = Field(None, description="印发日期，缺省为成文日期")


class Notice(Model):
    """关于印发《…》的通知: the cover notice the document is issued with."""

    addressee: NonEmpty = Field(description="通知的主送机关，如 各乡镇党委、政府，县直各单位")
    text: Paragraphs | None = Field(None, description="通知正文，缺省为“现将《标题》印发给你们，请……”")
    sealed: bool = Field(False, description="加盖印章的版式（署名和成文日期按 GB/T 9704 7.3.5.1 编排）")


class Document(Model):
    """One document of the year: every kind has the same parts. A list (项目清单, 台账) may be
    a table and nothing else; it has a 署名 and 成文日期 only when they are given."""

    title: NonEmpty | None = Field(None, description="标题，缺省为 单位+组织+年度+文种")
    addressee: NonEmpty | None = Field(None, description="主送机关")
    preamble: Paragraphs | None = Field(None, description="开头（前言）")
    sections: list[Section] = Field(default_factory=empty_list, description="各部分：一、二、……")
    table: TableName | None = Field(None, description="正文中（各部分之后）的表格，" + TABLE_NAMES)
    attachments: list[Attachment] = Field(default_factory=empty_list, description="附件")
    signature: NonEmpty | None = Field(None, description="署名，缺省为单位正式名称（有成文日期时）")
    date: datetime.date | None = Field(None, description="成文日期，写作 2024-01-15；清单类文档可不写")
    numbering: Numbering = Field(default_factory=Numbering)
    order: Literal["by_time", "as_written"] = Field(
        "by_time", description="同一形式或类型中的条目：by_time 按季度、月份排列；as_written 按文件中的顺序")
    issuance: Issuance | None = Field(None, description="作为公文印发：版头（发文机关标志、发文字号）和版记")
    notice: Notice | None = Field(None, description="印发通知：关于印发《标题》的通知，文档随后印出")

    @model_validator(mode="after")
    def has_body(self):
        if not self.sections and self.table is None:
            raise PydanticCustomError("document_body", "sections or table")
        if self.signature and self.date is None:        # 7.3.5: the date stands under it
            raise PydanticCustomError("signature_without_date", "signature without date")
        if self.notice is not None and self.issuance is None:
            raise PydanticCustomError("notice_without_issuance", "notice needs issuance")
        if self.issuance is not None and self.date is None:     # 7.2.5: the 发文字号's year
            raise PydanticCustomError("issuance_without_date", "issuance without date")
        return self


class DatedDocument(Document):
    """A plan, key points, a consultation plan: issued on a date."""

    date: datetime.date = Field(description="成文日期，写作 2024-01-15")


class Summary(DatedDocument):
    period: Literal["year", "half"] = Field(
        "year", description="year 全年总结；half 上半年总结（记录截至 6 月 30 日，"
                            "标题、附件标题和 {时段}、{下阶段} 随之变化）")
    achievement_titles: dict[NonEmpty, NonEmpty] = Field(
        default_factory=empty_dict, description="工作成效各部分的标题，按活动类型（提案、社情民意 为这两部分），"
                                          "如 视察: 开展专题视察，助推项目建设；同一标题的类型合为一部分；"
                                          "缺省按工作性质，如“聚焦中心工作，深入视察调研”")
    report: bool | None = Field(
        None, description="作为报告报送：开头后接“现将…报告如下：”，正文末尾“特此报告。”；"
                          "缺省为标题中有“报告”时")
    name_members: bool = Field(
        False, description="generate: members 的部分也写出未达到计划的委员姓名"
                           "（缺省只说人数，姓名只在委员履职情况表中）")


class YearData(Model):
    """The year file but for its documents, which kinds.py names (YearFile adds them)."""

    unit: Unit
    year: Annotated[int, Within(1949, 2100)] = Field(description="年度，如 2024")
    activities: list[Activity] = Field(default_factory=empty_list, description="全年活动安排")
    consultations: list[Consultation] = Field(default_factory=empty_list, description="协商议题")
    projects: list[Project] = Field(default_factory=empty_list, description="重点工作项目")
    members: list[NonEmpty] = Field(default_factory=empty_list, description="委员名单")
    targets: list[Target] = Field(default_factory=empty_list, description="计划的频次和数量目标")
    records: list[Record] = Field(default_factory=empty_list, description="全年工作记录")

    @model_validator(mode="after")
    def has_a_document(self):
        if not any(getattr(self, kind.key) for kind in KINDS.values()):
            raise PydanticCustomError("no_document", "no document")
        return self


# One optional block a document kind: plan, keypoints, …, summary (a Summary has its period).
YearFile = create_model("YearFile", __base__=YearData, **{
    kind.key: (Summary | None if kind.name == "summary" else
               DatedDocument | None if kind.dated else Document | None,
               Field(None, description=kind.label)) for kind in KINDS.values()})
