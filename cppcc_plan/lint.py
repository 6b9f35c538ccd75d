"""What a copied year file gets wrong in its words: another level's words, another unit's
name, masks left in (XX、20XX年), stale years and 提法, half-width numbers, paragraphs kept
word for word from last year. Each finding points at the word in the file (line:column and
YAML path) and says what to write; `--fix` applies the fixes that are the only right one
(level words, number marks) by replacing those characters in the file's text, so comments,
order and layout stay as they were.
"""

import re
from dataclasses import dataclass
from pathlib import Path

import yaml
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from . import api
from .errors import InputError, Problem
from .kinds import KINDS
from .model import YearFile
from .output import write_atomically
from .phrases import PHRASES
from .importing.marks import title_match
from .importing.placeholders import LEVEL_PLACEHOLDERS, word_pattern
from .prose import paragraphs
from .source import decode, format_path, parse_source, read_text
from .units import read_units
from .validate import validate
from .vocabulary import LEVEL_WORDS, Level

STR_TAG = "tag:yaml.org,2002:str"
DOCUMENT_KEYS = tuple(kind.key for kind in KINDS.values())
# Texts that speak for the document; records are the year's history and keep their words.
TEXT_ROOTS = (*DOCUMENT_KEYS, "activities", "consultations", "projects", "targets")
# Levels whose words are easily confused: a 乡 plan copied from a 镇's, a 区's from a 县's.
PEERS = ({Level.street, Level.town, Level.township}, {Level.county, Level.district})
MASK_RE = re.compile(r"20[Xx×＿_]{2}年?|[Xx×]{2,}|\*{2,}|＊+|某某|_{2,}|＿{2,}")
YEAR_RE = re.compile(r"(?<!\d)(\d{4})(?:\s*[—–\-~～至到]\s*(\d{4}))?(?=年)")
LAST_YEAR_WORDS = ("上年", "去年", "上一年")
HALF_WIDTH_MARKS = (
    (re.compile(r"\(([一二三四五六七八九十]+|\d{1,2})\)"), r"（\1）", "用了半角括号"),
    (re.compile(r"(?:^|(?<=[。；：！？\s]))(\d{1,2})、"), r"\1.", "：阿拉伯数字后应用“.”"),
    (re.compile(r"(?:^|(?<=[。；：！？\s]))([一二三四五六七八九十]{1,3})[.．]"), r"\1、",
     "：汉字数字后应用“、”"),
)
MIN_REPEATED = 20          # shorter paragraphs (headings, stock phrases) repeat by nature
PAST_YEARS = 10            # older years are history (1949年、2012年以来), not a copied file


@dataclass(frozen=True)
class Finding:
    problem: Problem                     # where, what, and the suggested fix as the hint
    span: tuple[int, int] | None = None  # the characters in the file's text, when located
    replacement: str | None = None       # the one safe fix, when there is one


@dataclass(frozen=True)
class Scalar:
    path: tuple
    value: str
    start: int                           # the scalar's text in the file: [start, end)
    end: int


@dataclass(frozen=True)
class LintResult:
    name: str
    text: str
    findings: tuple[Finding, ...]


def scalars(text: str) -> list[Scalar]:
    """Every text value of the file with its path and where its characters stand."""
    node = yaml.compose(text, Loader=yaml.SafeLoader)
    out: list[Scalar] = []

    def walk(node, path):
        if isinstance(node, MappingNode):
            for key, value in node.value:
                walk(value, path + (str(key.value),))
        elif isinstance(node, SequenceNode):
            for i, child in enumerate(node.value):
                walk(child, path + (i,))
        elif isinstance(node, ScalarNode) and node.tag == STR_TAG:
            out.append(Scalar(path, node.value, node.start_mark.index, node.end_mark.index))
    if node is not None:
        walk(node, ())
    return out


class Linter:
    def __init__(self, name: str, text: str, year_file: YearFile, others: set[str],
                 previous: set[str], data=None):
        self.name = name
        self.text = text
        self.data = data             # the loaded file, so that paths name their list items
        self.year_file = year_file
        self.others = others
        self.previous = previous
        self.findings: list[Finding] = []

    def at(self, scalar: Scalar, value_offset: int, word: str) -> tuple[int, int] | None:
        """The characters of the value's word in the file: the same occurrence of the word
        in the scalar's text, when folding or escapes have not changed it."""
        raw = self.text[scalar.start:scalar.end]
        nth = scalar.value.count(word, 0, value_offset)
        if raw.count(word) != scalar.value.count(word):
            return None
        index = -1
        for _ in range(nth + 1):
            index = raw.find(word, index + 1)
        return (scalar.start + index, scalar.start + index + len(word)) if index >= 0 else None

    def add(self, scalar: Scalar, offset: int, word: str, message: str, hint: str,
            replacement: str | None = None) -> None:
        span = self.at(scalar, offset, word)
        index = span[0] if span else scalar.start
        line = self.text.count("\n", 0, index) + 1
        column = index - (self.text.rfind("\n", 0, index) + 1) + 1
        problem = Problem(self.name, message, line=line, column=column,
                          yaml_path=format_path(scalar.path, self.data), hint="建议：" + hint)
        self.findings.append(Finding(problem, span, replacement if span else None))

    def run(self, items: list[Scalar]) -> list[Finding]:
        for scalar in items:
            root = scalar.path[0] if scalar.path else ""
            self.masks(scalar)
            if root in TEXT_ROOTS:
                self.level_words(scalar)
                self.foreign_names(scalar)
                self.years(scalar)
                self.phrases(scalar)
            if root in DOCUMENT_KEYS:
                self.number_marks(scalar)
                self.repeated(scalar)
        return sorted(self.findings, key=lambda f: (f.problem.line, f.problem.column))

    def level_words(self, scalar: Scalar) -> None:
        own = self.year_file.unit.level
        peers = next((group for group in PEERS if own in group), {own})
        for level, words in LEVEL_WORDS.items():
            if level == own:
                continue
            for name, attr in LEVEL_PLACEHOLDERS.items():
                if attr != "self_ref" and level not in peers:
                    continue        # 全县 in a 镇's plan may well mean the county
                word = getattr(words, attr)
                right = getattr(LEVEL_WORDS[own], attr)
                if word == right:
                    continue
                for match in word_pattern(word, attr).finditer(scalar.value):
                    # the fix is the word itself: a "{" could start a YAML flow mapping
                    self.add(scalar, match.start(), word,
                             f"“{word}”是{level.value}的用语，与 unit.level（{own.value}）不符",
                             f"改为“{right}”，或写占位符 {{{name}}}", right)

    def foreign_names(self, scalar: Scalar) -> None:
        own = self.year_file.unit.name
        masked = scalar.value.replace(own, "\0" * len(own))
        for other in sorted(self.others):
            for match in re.finditer(re.escape(other), masked):
                self.add(scalar, match.start(), other, f"文中有其他单位的名称“{other}”",
                         f"若是照抄的，改为本单位名称“{own}”或占位符 {{单位}}")

    def masks(self, scalar: Scalar) -> None:
        for match in MASK_RE.finditer(scalar.value):
            self.add(scalar, match.start(), match.group(0), f"文中留有待填的“{match.group(0)}”",
                     "填写实际内容")

    def years(self, scalar: Scalar) -> None:
        year = self.year_file.year
        for match in YEAR_RE.finditer(scalar.value):
            first = int(match.group(1))
            last = int(match.group(2) or first)
            if first <= year <= last or not year - PAST_YEARS <= last < year:
                continue
            if last == year - 1 and any(w in sentence_of(scalar.value, match.start())
                                        for w in LAST_YEAR_WORDS):
                continue
            self.add(scalar, match.start(), match.group(0),
                     f"“{match.group(0)}年”不是本年度（{year}年）",
                     f"若是照抄上年的文字，改为 {{年度}}（即“{year}年”）")

    def phrases(self, scalar: Scalar) -> None:
        year = self.year_file.year
        for entry in PHRASES:
            if entry.first <= year <= entry.last:
                continue
            for match in entry.pattern.finditer(scalar.value):
                self.add(scalar, match.start(), match.group(0),
                         f"提法“{match.group(0)}”用于 {entry.first}—{entry.last} 年，"
                         f"与年度 {year} 不符", f"改为{entry.instead}")

    def number_marks(self, scalar: Scalar) -> None:
        for pattern, replacement, what in HALF_WIDTH_MARKS:
            for match in pattern.finditer(scalar.value):
                fixed = match.expand(replacement)
                self.add(scalar, match.start(), match.group(0),
                         f"手写的序号“{match.group(0)}”{what}", f"改为“{fixed}”", fixed)

    def repeated(self, scalar: Scalar) -> None:
        for paragraph in paragraphs(scalar.value):
            if len(paragraph) >= MIN_REPEATED and squeeze(paragraph) in self.previous:
                head = paragraph[:8]
                self.add(scalar, scalar.value.find(head), head, "这一段与上年文件逐字相同",
                         "请按本年度的情况改写")


def sentence_of(text: str, index: int) -> str:
    start = max(text.rfind(mark, 0, index) for mark in "。；！？\n") + 1
    ends = [i for i in (text.find(mark, index) for mark in "。；！？\n") if i >= 0]
    return text[start:min(ends) if ends else len(text)]


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def names_in(data: dict) -> set[str]:
    """Unit names a year file gives: its unit, and the units its titles and signatures name."""
    found = set()
    unit = data.get("unit") or {}
    if isinstance(unit, dict) and unit.get("name"):
        found.add(str(unit["name"]))
    for key in DOCUMENT_KEYS:
        document = data.get(key)
        if not isinstance(document, dict):
            continue
        for field in ("title", "signature"):
            value = str(document.get(field) or "") + "0000年"
            match = title_match(value)
            if match:
                found.add(match["name"])
    return found


def text_of(path: Path) -> str:
    return read_text(path, str(path))[0]


def lint_file(path: Path, units: Path | None = None, previous: Path | None = None) -> LintResult:
    """The findings for one year file; bad input raises InputError as every command does."""
    source, year_file = api.load_year_file(path)
    text = text_of(path)
    others = names_in(source.data)
    earlier: set[str] = set()
    if previous is not None:
        old = api.year_source(previous)
        if not isinstance(old.data, dict):
            raise InputError([old.problem((), "上年的文件不是年度文件（最外层应为 unit:、year: 等键）")])
        others |= names_in(old.data)
        earlier = {squeeze(p) for s in scalars(text_of(previous))
                   if s.path[:1] and s.path[0] in DOCUMENT_KEYS for p in paragraphs(s.value)}
    if units is not None:
        for entry in read_units(units).entries():      # a unit file is read once, here
            unit = entry.source.data.get("unit")
            if isinstance(unit, dict) and unit.get("name"):
                others.add(str(unit["name"]))
    own = year_file.unit.name
    others = {n for n in others if n and n not in own and own not in n}
    linter = Linter(source.name, text, year_file, others, earlier, source.data)
    return LintResult(source.name, text, tuple(linter.run(scalars(text))))


def fixed_text(result: LintResult) -> tuple[str, int]:
    """The file's text with every safe fix applied, and how many were applied."""
    text, applied, last_start = result.text, 0, len(result.text) + 1
    fixes = sorted((f for f in result.findings if f.replacement is not None),
                   key=lambda f: f.span[0], reverse=True)
    for finding in fixes:
        start, end = finding.span
        if end > last_start:
            continue                     # overlaps a fix already made
        text = text[:start] + finding.replacement + text[end:]
        applied, last_start = applied + 1, start
    return text, applied


def fix_file(path: Path, result: LintResult) -> int:
    """Apply the safe fixes in place; the result must still be a valid year file."""
    text, applied = fixed_text(result)
    if not applied:
        return 0
    raw = path.read_bytes()
    _, encoding = decode(raw, str(path))
    validate(parse_source(text, str(path)))
    bom = raw[:3] if raw.startswith(b"\xef\xbb\xbf") else b""
    try:
        data = bom + text.encode({"UTF-16": "utf-16"}.get(encoding, encoding))
    except UnicodeEncodeError:
        raise InputError([Problem(str(path), f"修正后的文字无法按 {encoding} 编码保存",
                                  hint="请把文件另存为 UTF-8 后再运行 --fix")]) from None
    write_atomically(path, data)
    return applied
