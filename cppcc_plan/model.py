"""The year file as typed, frozen data. Unknown keys are refused (with a "did you mean" made in
validate.py); every field's description is what the JSON Schema for editors will show."""

import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator
from pydantic_core import PydanticCustomError

from .numbering import Ladder
from .vocabulary import Level

NonEmpty = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
# One paragraph as a string, or several: a list, or one text with blank lines between them.
Paragraphs = NonEmpty | list[NonEmpty]


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Unit(Model):
    name: NonEmpty = Field(description="单位名称，如 北辛街道、杭埠镇、和县")
    level: Level = Field(description="层级：街道、镇、乡、县、区、市")
    body: NonEmpty = Field(description="政协组织名称，如 政协工作室、政协联络组、政协")
    full_name: NonEmpty | None = Field(None, description="正式名称（署名用），如 政协和县委员会")
    party_committee: NonEmpty | None = Field(None, description="所在党委，缺省按层级")
    parent_committee: NonEmpty | None = Field(None, description="上级政协，缺省按层级")


class Numbering(Model):
    ladder: Ladder = Field(Ladder.standard,
                           description="standard：一、（一）1.（1）；compact：一、1.（1）")
    continuous: bool = Field(False, description="第二层序号跨部分连续编号（如 1—16）")


class Entry(Model):
    """A numbered part of the body: a heading standing alone (title) or a lead sentence that
    the text runs on from (lead), with text, an inline enumeration and sub-items."""

    title: NonEmpty | None = Field(None, description="单独成行的标题")
    lead: NonEmpty | None = Field(None, description="接排的引领句，正文接在同一段")
    text: Paragraphs | None = Field(None, description="正文，可多段")
    points_intro: NonEmpty | None = Field(
        None, description="列举前的引语，{数} 换成列举的项数，如 做到{数}个结合，即：")
    points: list[NonEmpty] | None = Field(None, description="行内列举：一是……；二是……")
    items: list["Entry"] = Field(default_factory=list, description="下一级条目")

    @model_validator(mode="after")
    def one_heading(self):
        if (self.title is None) == (self.lead is None):
            raise PydanticCustomError("heading_choice", "title or lead")
        if self.points_intro is not None and not self.points:
            raise PydanticCustomError("points_intro_alone", "points_intro without points")
        return self


class Section(Entry):
    arrangement: Literal["quarterly"] | None = Field(
        None, description="quarterly：按季度由 activities 生成工作安排")


class Activity(Model):
    topic: NonEmpty = Field(description="活动内容")
    type: NonEmpty | None = Field(None, description="活动类型，如 学习、视察、调研、座谈会")
    quarter: Annotated[int, Field(ge=1, le=4)] | None = Field(None, description="季度 1—4")
    month: Annotated[int, Field(ge=1, le=12)] | None = Field(None, description="月份 1—12")
    lead_unit: NonEmpty | None = Field(None, description="牵头单位")
    participants: NonEmpty | None = Field(None, description="参加人员")

    @model_validator(mode="after")
    def quarter_matches_month(self):
        if self.quarter and self.month and (self.month - 1) // 3 + 1 != self.quarter:
            raise PydanticCustomError("quarter_month", "quarter and month disagree")
        return self


class Plan(Model):
    title: NonEmpty | None = Field(None, description="标题，缺省为 单位+组织+年度+工作计划")
    addressee: NonEmpty | None = Field(None, description="主送机关")
    preamble: Paragraphs | None = Field(None, description="开头（前言）")
    sections: list[Section] = Field(min_length=1, description="各部分：一、二、……")
    signature: NonEmpty | None = Field(None, description="署名，缺省为单位正式名称")
    date: datetime.date = Field(description="成文日期，写作 2024-01-15")
    numbering: Numbering = Field(default_factory=Numbering)


class YearFile(Model):
    unit: Unit
    year: Annotated[int, Field(ge=1949, le=2100)] = Field(description="年度，如 2024")
    activities: list[Activity] = Field(default_factory=list, description="全年活动安排")
    plan: Plan = Field(description="年度工作计划")
