"""Blocks → Markdown or plain text: the document's words, numbers and figures for review in a
diff. Made from the same blocks the .docx writer gets, so the numbering, counts and dates are
the document's own; the look (fonts, page) is the writer's alone and is left out here."""

from .blocks import (Addressee, AttachmentLabel, AttachmentNote, AttachmentTitle, Block, DateLine,
                     Heading, Paragraph, Signature, Table, Title)

INDENT = "\u3000\u3000"          # 正文 indented two characters, as a clerk types plain text


def markdown(blocks: list[Block]) -> str:
    lines: list[str] = []
    previous = None
    for block in blocks:
        match block:
            case Title(text) | AttachmentTitle(text):
                lines += [f"# {text}", ""]
            case Addressee(text):
                lines += [text, ""]
            case Heading(rank, text):
                lines += [f"{'#' * (rank + 1)} {text}", ""]
            case Paragraph(text, lead, _) if lead:
                lines += [f"**{lead}**{text}", ""]
            case Paragraph(text):
                lines += [text, ""]
            case AttachmentNote(text) if not isinstance(previous, AttachmentNote):
                lines += ["附件：" + text, ""]
            case AttachmentNote(text):
                lines += ["\u3000\u3000\u3000" + text, ""]
            case Signature(text) | DateLine(text):
                lines += [text, ""]
            case AttachmentLabel(text):
                lines += ["---", "", f"**{text}**", ""]
            case Table(header):
                lines += [table_row(header), table_row(("---",) * len(header)),
                          *(table_row(row + ("",) * (len(header) - len(row)))
                            for row in block.printed_rows()), ""]
        previous = block
    return "\n".join(lines).rstrip("\n") + "\n"


def table_row(cells) -> str:
    return "| " + " | ".join(cell.replace("|", "\\|").replace("\n", " ") for cell in cells) + " |"


def plain_text(blocks: list[Block]) -> str:
    lines: list[str] = []
    previous = None
    for block in blocks:
        match block:
            case Title(text) | AttachmentTitle(text):
                lines += ["", text, ""]
            case Addressee(text):
                lines += [text]
            case Heading(_, text):
                lines += [INDENT + text]
            case Paragraph(text, lead, _):
                lines += [INDENT + lead + text]
            case AttachmentNote(text) if not isinstance(previous, AttachmentNote):
                lines += ["", INDENT + "附件：" + text]
            case AttachmentNote(text):
                lines += [INDENT + "\u3000\u3000\u3000" + text]
            case Signature(text):
                lines += ["", text]
            case DateLine(text):
                lines += [text]
            case AttachmentLabel(text):
                lines += ["", "\f" + text]          # a form feed: the attachment's new page
            case Table(header):
                lines += ["\t".join(header), *("\t".join(row) for row in block.printed_rows())]
        previous = block
    return "\n".join(lines).strip("\n") + "\n"
