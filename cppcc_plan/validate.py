"""Source data → YearFile, or every problem at once, each with file:line:column and YAML path.

Messages are chosen by pydantic's error *type* (never by its English text) and say what is
expected in Chinese, naming the YAML keys as the clerk wrote them.
"""

import datetime
import difflib
from dataclasses import replace
import re
import typing

from pydantic import BaseModel, ValidationError

from .errors import InputError, Problem
from .glossary import TERMS
from .kinds import KINDS, Kind
from .limits import MAX_NUMBERED_ITEMS
from .model import WORDED, Document, Entry, YearFile
from .numbering import cn_date, date_window, max_depth, period_of
from .source import Source
from .prose import COUNT_PLACEHOLDER, PLACEHOLDER_RE, PLACEHOLDERS
from .yamlmessages import (FULL_WIDTH_SPACE, full_width_colon_hint, full_width_colon_message,
                           full_width_key, full_width_space_message)

TEXT_PLACEHOLDERS = frozenset(PLACEHOLDERS)
POINTS_PLACEHOLDERS = TEXT_PLACEHOLDERS | {COUNT_PLACEHOLDER}   # points_intro: {数}
# Lists whose items the documents number in Chinese (一、 一是 第一) or count (四个结合).
NUMBERED_LISTS = ("sections", "items", "points", "targets", "activities", "consultations",
                  "projects")

TYPE_MESSAGES = {
    "string_type": "应为一段文字",
    "int_type": "应为整数", "int_parsing": "应为整数", "int_from_float": "应为整数",
    "bool_type": "应为 true 或 false", "bool_parsing": "应为 true 或 false",
    "date_type": "应为日期，写作 2024-01-15", "date_parsing": "应为日期，写作 2024-01-15",
    "date_from_datetime_parsing": "应为日期，写作 2024-01-15",
    "date_from_datetime_inexact": "应为日期（不带时刻），写作 2024-01-15",
    "list_type": "应为列表（每项一行，以“- ”开头）",
    "model_type": "应为键值对（下一级缩进写“键: 值”）",
    "model_attributes_type": "应为键值对（下一级缩进写“键: 值”）",
    "dict_type": "应为键值对（下一级缩进写“键: 值”）",
    "string_too_short": "不能为空",
    "heading_choice": "每个条目写 title（单独成行的标题）或 lead（接排的引领句），二者只能选一个",
    "points_intro_alone": "写了 points_intro，却没有 points（列举的各项）",
    "quarter_month": "quarter（季度）与 month（月份）不一致",
    "expanding_alone": "generate: activities 或 projects 的部分由数据生成标题和条目，"
                       "不能再写 title、lead、text、points 或 items",
    "attachment_content": "附件要写 table（由数据生成的表格），或者 title 和 text",
    "document_body": "文档要有正文：sections（各部分）或 table（由数据生成的表格）",
    "signature_without_date": "写了 signature（署名）就要写 date（成文日期），日期排在署名之下",
    "frequency_or_count": "目标写 frequency（频次）或 count（数量），二者选一",
    "record_empty": "记录要写 type（活动类型），或者一项产出（提交提案、上报信息等）",
    "record_untyped_activity": "没有 type（活动类型）的记录只记产出，不能写 count、members、"
                               "attendance 或 highlight",
    "highlight_one": "单列成句（highlight）的记录是有 topic（活动内容）的一次活动，count 不能大于 1",
    "notice_without_issuance": "写了 notice（印发通知），还要写 issuance（发文机关和发文字号）",
    "issuance_without_date": "作为公文印发（issuance）要写 date（成文日期）：发文字号的年份和印发日期由它而来",
    "no_document": "至少要写一种文档：" + "、".join(kind.key for kind in KINDS.values()),
}


def validate(source: Source, until: datetime.date | None = None) -> YearFile:
    """`until` (render --until) is the end of the period a summary reports, when given."""
    if not isinstance(source.data, dict):
        raise InputError([source.problem((), "文件的最外层应为键值对（unit:、year: 等）")])
    too_long, placeholders = text_problems(source.data, (), source)
    if too_long:
        raise InputError(too_long)
    try:
        year_file = YearFile.model_validate(source.data)
    except ValidationError as exc:
        raise InputError(problems_from(exc, source)) from None
    problems = (semantic_problems(year_file, source) + placeholders
                + period_problems(year_file, source, until))
    if problems:
        raise InputError(problems)
    return year_file


def problems_from(exc: ValidationError, source: Source) -> list[Problem]:
    seen, problems = set(), []
    for error in exc.errors(include_url=False):
        path = data_path(error["loc"], source.data, error["type"])
        key = (path, error["type"] if error["type"] == "missing" else "")
        if key in seen or (path, "") in seen:
            continue       # one message per place: a union's branches fail together
        seen.add(key)
        problems.append(problem_for(error, path, source))
    return sorted(problems, key=lambda p: (p.line or 0, p.column or 0))


def data_path(loc: tuple, data, error_type: str) -> tuple:
    """The loc without the names pydantic adds for union branches ('str', 'list[…]')."""
    path, node = [], data
    for i, part in enumerate(loc):
        last = i == len(loc) - 1
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and part < len(node):
            node = node[part]
        elif not (last and error_type in ("missing", "extra_forbidden")):
            continue
        path.append(part)
    return tuple(path)


def problem_for(error: dict, path: tuple, source: Source) -> Problem:
    kind = error["type"]
    slip = keyboard_slip(error, path, source)
    if slip is not None:
        return slip
    if kind == "missing":
        key, parent = path[-1], path[:-1]
        described = field_description(parent, key)
        return source.problem(parent, f"缺少必填项 “{key}”", at_key=True, hint=described)
    if kind == "extra_forbidden":
        key = path[-1]
        allowed = sorted(allowed_keys(path[:-1]))
        close = difflib.get_close_matches(str(key), allowed, n=1, cutoff=0.5)
        hint = f"是否想写 “{close[0]}”？" if close else "可用的键：" + "、".join(allowed)
        return source.problem(path, f"未知的键 “{key}”", at_key=True, hint=hint)
    ctx = error.get("ctx", {})
    if kind == "subset_exceeds":
        return source.problem(path + (ctx["part"],), f"{TERMS[ctx['part']].label}不能多于"
                              f"{TERMS[ctx['whole']].label}")
    if kind in ("enum", "literal_error"):
        # pydantic words the list in English ("'街道', '镇' or '市'"): keep only the values
        choices = re.findall(r"'([^']*)'", str(ctx.get("expected", "")))
        message = f"应为以下之一：{'、'.join(choices) or ctx.get('expected', '')}"
    elif kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        bound = {"greater_than_equal": "不小于", "less_than_equal": "不大于",
                 "greater_than": "大于", "less_than": "小于"}[kind]
        limit = next(v for k, v in ctx.items())
        message = f"应{bound} {limit}"
    elif kind == "too_short":
        message = f"至少要写 {ctx.get('min_length', 1)} 项"
    else:
        message = TYPE_MESSAGES.get(kind, f"取值不正确（{error['msg']}）")
    value = error.get("input")
    if kind not in TYPE_MESSAGES or kind.endswith(("_type", "_parsing")):
        if isinstance(value, (str, int, float)) and not isinstance(value, bool):
            message += f"，这里写的是 “{value}”"
    return source.problem(path, message)


def keyboard_slip(error: dict, path: tuple, source: Source) -> Problem | None:
    """A full-width colon that made `key：value` one text, or a full-width space that became
    part of a key: named as what the clerk typed, at the character."""
    if error["type"] == "extra_forbidden" and FULL_WIDTH_SPACE in str(path[-1]):
        return source.problem(path, full_width_space_message(), at_key=True,
                              hint="缩进只能用半角空格：把全角空格“　”换成两个半角空格")
    typed = full_width_key(error.get("input")) if error["type"] != "missing" else None
    if typed is None:
        return None
    key, offset = typed
    problem = source.problem(path, full_width_colon_message(key), hint=full_width_colon_hint(key))
    return replace(problem, column=problem.column + offset) if problem.column else problem


def model_at(path: tuple) -> type[BaseModel] | None:
    """The model class that describes the mapping at path, following lists and optionals."""
    annotation = YearFile
    for part in path:
        model = model_of(annotation)
        if isinstance(part, int):
            annotation = list_item(annotation)
        elif model is not None and part in model.model_fields:
            annotation = model.model_fields[part].annotation
        else:
            return None
    return model_of(annotation)


def model_of(annotation):
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = model_of(arg)
        if found is not None and typing.get_origin(annotation) is not list:
            return found
    return None


def list_item(annotation):
    if typing.get_origin(annotation) is list:
        return typing.get_args(annotation)[0]
    for arg in typing.get_args(annotation):
        if typing.get_origin(arg) is list:
            return typing.get_args(arg)[0]
    return annotation


def allowed_keys(path: tuple) -> set[str]:
    model = model_at(path)
    return set(model.model_fields) if model else set()


def field_description(path: tuple, key: str) -> str:
    model = model_at(path)
    field = model.model_fields.get(key) if model else None
    return field.description or "" if field else ""


def semantic_problems(year_file: YearFile, source: Source) -> list[Problem]:
    problems = []
    for kind in KINDS.values():
        key, document = kind.key, getattr(year_file, kind.key)
        if document is None:
            continue
        if document.date and not year_file.year - 1 <= document.date.year <= year_file.year + 1:
            problems.append(source.problem((key, "date"), f"成文日期 {document.date} 与年度 "
                                           f"{year_file.year} 不符"))
        problems += structure_problems(year_file, kind, document, source)
    problems += record_problems(year_file, source)
    return problems


def record_problems(year_file: YearFile, source: Source) -> list[Problem]:
    """Records must fall in the year, name targets that exist and members on the roster."""
    problems = []
    targets = [t.id for t in year_file.targets]
    roster = set(year_file.members)
    for i, record in enumerate(year_file.records):
        path = ("records", i)
        if record.date.year != year_file.year:
            problems.append(source.problem(path + ("date",), f"记录日期 {record.date} 不在年度 "
                                           f"{year_file.year} 内"))
        if record.target and record.target not in targets:
            problems.append(source.problem(path + ("target",), f"没有编号为 “{record.target}” "
                                           "的计划目标", hint=suggestion(record.target, targets)))
        for name in record.members:
            if roster and name not in roster:
                problems.append(source.problem(path + ("members",), f"“{name}” 不在委员名单"
                                               "（members）中", hint=suggestion(name, roster)))
    return problems


def period_problems(year_file: YearFile, source: Source,
                    until: datetime.date | None) -> list[Problem]:
    """A summary is dated at the end of the period it reports (or just after), counts no record
    made after its date, and a part-year summary's own title says which part."""
    if until is not None and until.year != year_file.year:
        return [Problem(source.name, f"--until {until} 不在年度 {year_file.year} 内")]
    summary = year_file.summary
    if summary is None:
        return []
    period = period_of(year_file.year, summary.period == "half", until)
    first, last = date_window(period)
    if not first <= summary.date <= last:
        return [source.problem(("summary", "date"), f"{period.span}工作总结报告的时段截至 "
                               f"{cn_date(period.end)}，成文日期应在 {cn_date(first)} 至 "
                               f"{cn_date(last)} 之间，这里写的是 {cn_date(summary.date)}",
                               hint="可用 --set summary.date=… 改写")]
    problems = [source.problem(("records", i, "date"), f"记录日期 {record.date} 晚于总结的成文日期 "
                               f"{cn_date(summary.date)}")
                for i, record in enumerate(year_file.records)
                if period.contains(record.date) and record.date > summary.date]
    title = summary.title or ""
    if period.partial and title and "{时段}" not in title and period.title_word not in title:
        problems.append(source.problem(("summary", "title"), f"这是{period.span}的总结，标题却没有写明"
                                       f"“{period.title_word}”", hint="在标题中写 {时段}，"
                                       f"全年总结中它为空，{period.span}总结中为“{period.title_word}”"))
    return problems


def suggestion(word: str, choices) -> str:
    close = difflib.get_close_matches(word, sorted(choices), n=1, cutoff=0.5)
    return f"是否想写 “{close[0]}”？" if close else ""


def depth_of(entry: Entry) -> int:
    return 1 + max((depth_of(child) for child in entry.items), default=0)


# What each generated section or table needs in the year file, and how to say it is missing.
NEEDS = {
    "quarterly": (lambda y: [a for a in y.activities if a.quarter or a.month],
                  "activities 中写明 quarter（季度）或 month（月份）的活动"),
    "consultations": (lambda y: y.consultations, "consultations（协商议题）"),
    "activities": (lambda y: [a for a in y.activities if a.type],
                   "activities 中写明 type（类型）的活动"),
    "projects": (lambda y: y.projects, "projects（项目）"),
    "achievements": (lambda y: y.records, "records（工作记录），或记录文件"),
    "shortfalls": (lambda y: y.targets, "targets（计划目标）"),
    "unfinished": (lambda y: y.targets, "targets（计划目标）"),
    "targets": (lambda y: y.targets, "targets（计划目标）"),
    "members": (lambda y: y.members, "members（委员名单）"),
}
# A generated members section counts members against per-member targets: it needs both.
SECTION_NEEDS = NEEDS | {"members": (lambda y: y.members and any(t.per_member for t in y.targets),
                                     "members（委员名单）和“每名委员”的计划（targets 中写 "
                                     "per_member: true）")}


def structure_problems(year_file: YearFile, kind: Kind, document: Document,
                       source: Source) -> list[Problem]:
    problems, key = [], kind.key
    ladder = document.numbering.ladder or kind.ladder
    limit = max_depth(ladder)
    for i, section in enumerate(document.sections):
        path = (key, "sections", i)
        if depth_of(section) > limit:
            problems.append(source.problem(path, f"条目层级超过 {limit} 层，"
                                           f"numbering.ladder 为 {ladder.value} 时最多 {limit} 层"))
        if section.generate and section.generate not in WORDED and section.items:
            problems.append(source.problem(path + ("generate",), "写了 generate 的部分"
                                           "由数据生成条目，不能再写 items"))
        if section.generate and not SECTION_NEEDS[section.generate][0](year_file):
            problems.append(source.problem(path + ("generate",),
                                           f"generate: {section.generate} 需要 "
                                           f"{SECTION_NEEDS[section.generate][1]}"))
    for i, attachment in enumerate(document.attachments):
        if attachment.table and not NEEDS[attachment.table][0](year_file):
            problems.append(source.problem((key, "attachments", i, "table"),
                                           f"table: {attachment.table} 需要 "
                                           f"{NEEDS[attachment.table][1]}"))
    return problems


def text_problems(node, path: tuple, source: Source,
                  found: tuple[list, list] | None = None) -> tuple[list, list]:
    """One walk through the mappings and lists of the data for two problems of its texts:
    numbered lists too long (Chinese numerals stop at 九千九百九十九), refused before anything
    is numbered; and unknown placeholders (text may use {党委} and the like; an unknown {…} is
    most likely a typo), said with the model's problems. A text without a brace, most of
    them, costs one test."""
    too_long, placeholders = found or ([], [])
    for key, value in node.items() if isinstance(node, dict) else enumerate(node):
        if isinstance(value, str):
            if "{" in value:
                placeholders += unknown_placeholder(value, path + (key,), source)
        elif isinstance(value, (dict, list)):
            if isinstance(value, list) and key in NUMBERED_LISTS and \
                    len(value) > MAX_NUMBERED_ITEMS:
                too_long.append(source.problem(path + (key,), f"有 {len(value)} 项，超过了一级最多 "
                                               f"{MAX_NUMBERED_ITEMS} 项（中文序号只到九千九百九十九）"))
            else:
                text_problems(value, path + (key,), source, (too_long, placeholders))
    return too_long, placeholders


def unknown_placeholder(text: str, path: tuple, source: Source) -> list[Problem]:
    allowed = POINTS_PLACEHOLDERS if path[-1] == "points_intro" else TEXT_PLACEHOLDERS
    unknown = [name for name in PLACEHOLDER_RE.findall(text) if name not in allowed]
    if not unknown:
        return []
    names = "、".join("{" + n + "}" for n in sorted(allowed))
    return [source.problem(path, f"未知的占位符 “{{{unknown[0]}}}”", hint=f"可用的占位符：{names}")]
