"""Last year's Word file → a year file: the document's parts found from their numbers and
places, written as the data the year file holds (model.py's names).

What cannot be placed is kept as text and reported with the paragraph it came from; nothing
is dropped. Literal level words and counts become placeholders where that is safe, so that
the file serves next year and other units.
"""

import datetime
import re
from dataclasses import dataclass, replace
from pathlib import Path

import yaml

from ..errors import InputError, Problem
from ..kinds import KINDS, Kind
from ..model import Project
from ..numbering import LADDER_RANKS, Ladder, heading_number
from ..output import is_stdio, write_atomically
from ..source import parse_source
from ..templating import environment
from ..validate import validate
from .marks import (FULL_NAME_TITLE_RE, KIND_WORDS, LABEL_RE, NOTE_RE, SENTENCE_END, cn_value,
                    heading_rank, is_addressee, parse_date, title_match, unit_of)
from .placeholders import with_placeholders
from .tables import in_model_order, table_data
from .wordfile import WordParagraph, WordTable, read_word

FULL_BRACES = str.maketrans("{}", "｛｝")
# A 项目计划书's section: "平台建设类项目（3个）", its items the projects.
PROJECT_SECTION_RE = re.compile(r"^(.+类项目)（(\d+)个）$")


@dataclass(frozen=True)
class Imported:
    data: dict                       # the year file, keyed as model.py names it
    kind: Kind
    warnings: tuple[Problem, ...]


@dataclass
class Heading:
    rank: int
    number: str                      # as typed: 一、（一）1.（1）
    value: int
    rest: str
    paragraph: WordParagraph
    paragraphs: list
    items: list


class Importer:
    def __init__(self, path: Path):
        self.name = str(path)
        self.warnings: list[Problem] = []
        self.blocks = [self.without_braces(b) for b in read_word(path)
                       if isinstance(b, WordTable) or b.text.strip()]

    def without_braces(self, block):
        """In a year file {…} is a placeholder; braces the document typed become full-width."""
        if isinstance(block, WordTable):
            if any("{" in c or "}" in c for row in block.rows for c in row):
                self.warn(block.number, "表格中的 { } 已改为全角 ｛ ｝（年度文件中 { } 表示占位符）")
                return replace(block, rows=tuple(tuple(c.translate(FULL_BRACES) for c in row)
                                                 for row in block.rows))
            return block
        if "{" in block.text or "}" in block.text:
            self.warn(block, "{ } 已改为全角 ｛ ｝（年度文件中 { } 表示占位符）")
            return replace(block, text=block.text.translate(FULL_BRACES))
        return block

    def warn(self, paragraph: WordParagraph | int | None, message: str, hint: str = "") -> None:
        number = paragraph.number if isinstance(paragraph, WordParagraph) else paragraph
        where = f"{self.name}（第{number}段）" if number else self.name
        if isinstance(paragraph, WordParagraph):
            message += f"：“{excerpt(paragraph.text)}”"
        self.warnings.append(Problem(where, message, hint=hint))

    def run(self) -> Imported:
        paragraphs = self.blocks
        if not paragraphs or not isinstance(paragraphs[0], WordParagraph):
            raise InputError([Problem(self.name, "文件开头没有标题段落，无法识别单位和文种")])
        title = flat(paragraphs[0].text)
        rest = paragraphs[1:]
        if not title_match(title) and rest and isinstance(rest[0], WordParagraph) and \
                title_match(title + rest[0].text.strip()):
            title += rest[0].text.strip()         # a title typed as two paragraphs
            rest = rest[1:]
        label_at = next((i for i, b in enumerate(rest) if isinstance(b, WordParagraph)
                         and LABEL_RE.match(b.text.strip())), len(rest))
        body, attachment_blocks = rest[:label_at], rest[label_at:]
        date, signature, notes, body = self.closing(body)
        unit, year, kind, suffix = self.title_parts(title, signature, date)
        document: dict = {}
        if title != f"{unit['name']}{unit['body']}{year}{kind.title_suffix}":
            document["title"] = title
        if body and isinstance(body[0], WordParagraph) and is_addressee(body[0].text.strip()):
            document["addressee"] = body[0].text.strip().rstrip(":：")
            body = body[1:]
        data: dict = {"unit": unit, "year": year}
        preamble, headings, ladder = self.structure(body)
        if preamble:
            document["preamble"] = preamble if len(preamble) > 1 else preamble[0]
        document["sections"] = self.sections(headings, ladder, kind, document, data)
        attachments = self.attachments(attachment_blocks, data, year)
        if len(notes) != len(attachments):
            self.warn(None, f"附件说明列了 {len(notes)} 个附件，文末有 {len(attachments)} 个附件",
                      hint="附件说明由附件生成，请核对 attachments")
        if attachments:
            document["attachments"] = attachments
        if signature is not None:
            self.signature(signature, unit, document)
        if date is not None:
            document["date"] = date
        else:
            self.warn(None, "没有找到成文日期（如 2024年1月15日）",
                      hint=f"请在 {kind.key}.date 中填写，写作 {year}-01-15")
        if kind.name == "summary" and "上半年" in suffix:
            document["period"] = "half"
        data[kind.key] = document
        return Imported(with_placeholders(data, unit["level"]), kind, tuple(self.warnings))

    def title_parts(self, title: str, signature: str | None,
                    date: datetime.date | None) -> tuple[dict, int, Kind, str]:
        """Unit, year and kind from the title; when the title names no unit (关于报送2024年
        工作总结的报告), the unit from the signature and the year from the title or date."""
        match = title_match(title)
        if match:
            unit, year, suffix = unit_of(match), int(match["year"]), match["suffix"]
        else:
            named = title_match(signature + "0000年") if signature else None
            typed = re.search(r"(\d{4})年", title)
            year = int(typed[1]) if typed else date.year if date else None
            if named is None or year is None:
                raise InputError([Problem(self.name, f"无法从标题“{excerpt(title)}”识别单位、"
                                          "年度和文种", hint="标题应写作 单位+政协组织+年度+文种，"
                                          "如 北辛街道政协工作室2024年工作计划")])
            unit, suffix = unit_of(named), title[typed.end() - 1:] if typed else title
        kind = next((k for k in KINDS.values() if suffix == k.title_suffix), None) or next(
            (KINDS[name] for word, name in KIND_WORDS if word in suffix), None)
        if kind is None:
            raise InputError([Problem(self.name, f"无法从标题“{excerpt(title)}”识别文种",
                                      hint="可识别：工作计划、工作要点、协商计划、工作总结")])
        return unit, year, kind, suffix

    def closing(self, body: list) -> tuple:
        """成文日期, 署名 and 附件说明 at the end of the body; the body without them."""
        date_at = next((i for i in range(len(body) - 1, -1, -1)
                        if isinstance(body[i], WordParagraph) and parse_date(body[i].text.strip())),
                       None)
        if date_at is None:
            return None, None, [], body
        date = parse_date(body[date_at].text.strip())
        for late in body[date_at + 1:]:
            self.warn(late if isinstance(late, WordParagraph) else None,
                      "成文日期之后的内容无法归位，已放入最后一个部分")
        end = date_at
        signature = None
        last = body[end - 1] if end > 0 else None
        if isinstance(last, WordParagraph) and len(last.text.strip()) <= 30 and \
                not re.search(r"[。，；]", last.text) and not heading_rank(last.text.strip())[0] \
                and not NOTE_RE.match(last.text.strip()):
            end -= 1
            signature = body[end].text.strip()
        note_at = next((i for i in range(end) if isinstance(body[i], WordParagraph)
                        and NOTE_RE.match(body[i].text.strip())), None)
        notes = []
        if note_at is not None:
            notes = [b.text for b in body[note_at:end] if isinstance(b, WordParagraph)]
            end = note_at
        return date, signature, notes, body[:end] + body[date_at + 1:]

    def structure(self, body: list) -> tuple[list[str], list[Heading], Ladder]:
        """Paragraphs before the first 一、, the heading tree and its ladder (standard when
        （一） occurs); each other paragraph goes to the heading it follows, so the
        document's order is kept."""
        preamble, roots, stack = [], [], []
        ranks = [heading_rank(flat(b.text))[0] for b in body if isinstance(b, WordParagraph)]
        ladder = Ladder.standard if 2 in ranks else Ladder.compact
        depth_of = {rank: depth for depth, rank in enumerate(LADDER_RANKS[ladder])}
        for block in body:
            if isinstance(block, WordTable):
                self.warn(block.number, "正文中的表格无法归位，已按行保留为文字")
                lines = ["　".join(cell for cell in row if cell) for row in block.rows]
                target = stack[-1].paragraphs if stack else preamble
                target += [line for line in lines if line]
                continue
            text = flat(block.text)
            rank, match, note = heading_rank(text)
            depth = depth_of.get(rank)
            if rank and depth is not None and depth <= len(stack):
                if note:
                    self.warn(block, f"序号用了{note}，已改为标准写法")
                heading = Heading(rank, match.group(0).strip(), cn_value(match.group(1)),
                                  text[match.end():].strip(), block, [], [])
                del stack[depth:]
                (stack[-1].items if stack else roots).append(heading)
                stack.append(heading)
                continue
            if rank:
                self.warn(block, "序号的层级与上下文不符，无法归位，已作为正文保留")
            (stack[-1].paragraphs if stack else preamble).append(text)
        return preamble, roots, ladder

    def sections(self, headings: list[Heading], ladder: Ladder, kind: Kind, document: dict,
                 data: dict) -> list[dict]:
        if not headings:
            raise InputError([Problem(self.name, "正文中没有找到“一、”开头的部分，无法分出各部分",
                                      hint="各部分应以 一、二、…… 开头")])
        continuous = any(h.items and h.items[0].value > 1 for h in headings[1:])
        numbering = {}
        if ladder != kind.ladder:
            numbering["ladder"] = ladder.value
        if continuous != kind.continuous:
            numbering["continuous"] = continuous
        if numbering:
            document["numbering"] = numbering
        self.check_numbers(headings, ladder, continuous)
        out = []
        for heading in headings:
            project = PROJECT_SECTION_RE.match(heading.rest)
            if project and not heading.paragraphs and kind.name == "projects":
                self.projects_from(heading, project.group(1), data)
                if not out or out[-1] != {"generate": "projects"}:
                    out.append({"generate": "projects"})
                continue
            out.append(self.entry(heading))
        return out

    def projects_from(self, heading: Heading, category: str, data: dict) -> None:
        """A 工作项目计划书 section "平台建设类项目（3个）": its items are the projects."""
        projects = data.setdefault("projects", [])
        for item in heading.items:
            known = next((p for p in projects if p["name"] == item.rest), None)
            project = known if known is not None else {"name": item.rest}
            project["category"] = category
            if item.paragraphs:
                project["text"] = joined(item.paragraphs)
            if known is None:
                projects.append(project)
            for child in item.items:
                self.warn(child.paragraph, "项目下的条目无法归位，已并入项目内容")
                project["text"] = [*as_list(project.get("text")), child.number + child.rest,
                                   *child.paragraphs]
        for project in projects:
            project.setdefault("category", category)
        data["projects"] = [in_model_order(p, Project) for p in projects]

    def check_numbers(self, headings: list[Heading], ladder: Ladder, continuous: bool) -> None:
        ranks = LADDER_RANKS[ladder]
        counters = [0] * len(ranks)

        def walk(nodes, depth):
            for node in nodes:
                counters[depth] += 1
                for deeper in range(depth + 1, len(counters)):
                    if not (continuous and deeper == 1):
                        counters[deeper] = 0
                expected = heading_number(ranks[depth], counters[depth])
                if node.value != counters[depth]:
                    self.warn(node.paragraph, f"原文序号“{node.number}”按顺序应为“{expected}”，"
                                              "已重新编号")
                walk(node.items, depth + 1)
        walk(headings, 0)

    def entry(self, heading: Heading) -> dict:
        """A heading that ends a sentence and goes on is a run-in lead; one sentence alone is
        a list item (a lead without text); anything else is a standalone title."""
        out: dict = {}
        rest = heading.rest
        cut = next((i for i, ch in enumerate(rest) if ch in SENTENCE_END), None)
        if cut is not None and cut < len(rest) - 1:
            out["lead"], runon = rest[:cut + 1], rest[cut + 1:]
            out["text"] = joined([runon, *heading.paragraphs])
        elif rest[-1:] in SENTENCE_END + "；" and not heading.paragraphs:
            out["lead"] = rest
        else:
            out["title"] = rest
            if heading.paragraphs:
                out["text"] = joined(heading.paragraphs)
        if heading.items:
            out["items"] = [self.entry(child) for child in heading.items]
        return out

    def attachments(self, blocks: list, data: dict, year: int) -> list[dict]:
        groups: list[list] = []
        for block in blocks:
            if isinstance(block, WordParagraph) and LABEL_RE.match(block.text.strip()):
                groups.append([])
            else:
                groups[-1].append(block)
        out = []
        for group in groups:
            if not group or not isinstance(group[0], WordParagraph):
                self.warn(None, "附件没有标题，无法导入", hint="附件的第二行应为附件标题")
                continue
            title = flat(group[0].text)
            attachment = {"title": title}
            texts = []
            for block in group[1:]:
                if isinstance(block, WordTable):
                    table = table_data(block, data, self.warn)
                    if table:
                        attachment["table"] = table
                        if title == default_table_title(table, year):
                            del attachment["title"]
                        continue
                    self.warn(group[0], "附件中的表格不是协商活动安排表、项目推进表或活动安排表，"
                              "已按行保留为文字", hint="由记录算出的表格请改写 table: targets 等")
                    texts += ["　".join(c for c in row if c) for row in block.rows if any(row)]
                else:
                    texts.append(flat(block.text))
            if "table" in attachment and texts:
                self.warn(group[0], "附件中表格以外的文字无法归位，已另作一个附件保留")
                out.append(attachment)
                attachment = {"title": title}
            if texts:
                attachment["text"] = joined(texts)
            if "table" in attachment or texts:
                out.append(attachment)
            else:
                self.warn(group[0], "附件只有标题，没有内容，无法导入")
        return out

    def signature(self, signature: str, unit: dict, document: dict) -> None:
        full = FULL_NAME_TITLE_RE.match(signature + "0000年")
        if signature == unit.get("full_name", unit["name"] + unit["body"]):
            return
        if full and full["name"] == unit["name"]:
            unit["full_name"] = signature
        else:
            document["signature"] = signature


def flat(text: str) -> str:
    """A paragraph's text on one line: Word line breaks and the indent typed before it gone."""
    return text.replace("\n", "").strip()


def joined(paragraphs: list[str]):
    paragraphs = [p for p in paragraphs if p]
    return paragraphs[0] if len(paragraphs) == 1 else paragraphs


def as_list(text) -> list[str]:
    return [] if text is None else [text] if isinstance(text, str) else list(text)


def excerpt(text: str, size: int = 24) -> str:
    text = flat(text)
    return text if len(text) <= size else text[:size] + "…"


def import_word(path: Path) -> Imported:
    return Importer(path).run()


def year_file_text(imported: Imported, origin: str) -> str:
    """The year file as YAML: keys in the model's order, one comment naming its origin."""
    body = yaml.safe_dump(imported.data, allow_unicode=True, sort_keys=False, width=10_000,
                          default_flow_style=False)
    return f"# 由 cppcc-plan import 从 {origin} 导入；请核对后再生成\n" + body


def import_to_file(path: Path, output: Path | None) -> tuple[Path, Imported, list[Problem]]:
    """Import path and write the year file (FILE.yaml beside it by default, never over an
    existing file); the problems our own validation still finds in it (a missing 成文日期)
    are returned, not raised."""
    imported = import_word(path)
    target = output or path.with_suffix(".yaml")
    if not is_stdio(target) and target.exists():
        # a year file is the clerk's own work: never replaced by a new import
        raise InputError([Problem(str(target), "这个年度文件已经存在，导入不会覆盖它",
                                  hint="请用 -o 指定新的文件名，或先移走原文件")])
    text = year_file_text(imported, path.name)
    try:
        validate(parse_source(text, str(target)))
        problems = []
    except InputError as error:
        problems = error.problems
    write_atomically(target, text.encode("utf-8"))
    return target, imported, problems


def default_table_title(table: str, year: int) -> str:
    """What table_title.j2 calls a table attachment written without a title of its own."""
    template = environment("plan", None).get_template("table_title.j2")
    return template.render(attachment={"title": None, "table": {"name": table}}, year=year,
                           period={"title_word": ""})    # the year's: no 上半年 in a plan
