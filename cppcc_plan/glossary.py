"""The record terms, once: each field of a record with the column names an office writes in its
records sheet and the description editors show. model.py, records.py (sheet columns) and
validate.py (messages) all read this table."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Term:
    key: str                     # the record's field in the year file
    columns: tuple[str, ...]     # sheet column names, the usual one first
    description: str             # what the JSON Schema and the model say of it

    @property
    def label(self) -> str:
        """收集问题（problems）: how messages name the field."""
        return f"{self.columns[0]}（{self.key}）"


RECORD_TERMS = (
    Term("date", ("日期",), "日期"),
    Term("type", ("类型", "活动类型"), "活动类型，如 视察、调研、集中学习、联系群众；只记产出"
                                       "（提案、社情民意信息）的记录可不写"),
    Term("topic", ("内容", "活动内容"), "活动内容，如 老旧小区改造、《政协章程》"),
    Term("count", ("次数",), "活动次数：一行记几次同类活动（已知全年合计时），缺省 1"),
    Term("members", ("参加委员",), "参加的委员（姓名）"),
    Term("attendance", ("参加人数", "人数"), "参加人数（不列姓名时）"),
    Term("approximate", ("约数",), "数字为约数（写作“20余件”）"),
    Term("problems", ("收集问题",), "收集群众反映问题（件）"),
    Term("solved", ("解决问题",), "协调解决问题（件）"),
    Term("proposals", ("提交提案",), "提交提案（件）"),
    Term("filed", ("立案",), "提案立案（件）"),
    Term("answered", ("办复",), "提案办复（件）"),
    Term("info", ("上报信息",), "上报社情民意信息（条）"),
    Term("adopted", ("采用信息",), "社情民意信息被采用（条）"),
    Term("target", ("计划项目",), "完成的计划目标（targets 中的 id）"),
    Term("section", ("所属部分", "部分"), "写入工作成效的哪一部分（该部分的标题），缺省按活动类型"),
    Term("result", ("成效",), "活动的成效，如 形成调研报告1篇，推动解决了小区排水问题"),
    Term("highlight", ("单列", "亮点"), "单独成句写入总结：“3月25日，组织委员……，……”"),
)
TERMS = {term.key: term for term in RECORD_TERMS}
# Column names an office writes → the record's keys (the keys themselves work too).
SHEET_COLUMNS = {column: term.key for term in RECORD_TERMS for column in term.columns}
# The fields that count what an activity produced: a target may measure any of them.
OUTPUTS = ("problems", "solved", "proposals", "filed", "answered", "info", "adopted")
# Pairs a record must satisfy: the second is a subset of the first (采用 ≤ 上报, 立案 ≤ 提交).
SUBSETS = (("problems", "solved"), ("proposals", "filed"), ("filed", "answered"),
           ("info", "adopted"))
