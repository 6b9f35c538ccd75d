"""One error type per outcome, each carrying its exit status (0 ok, 1 render failure, 2 bad
input or usage). Stages raise these; only the CLI turns them into messages and exit codes."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input, located as precisely as the input allows."""

    file: str
    message: str                 # Chinese, names YAML keys as written
    line: int | None = None      # 1-based
    column: int | None = None    # 1-based
    yaml_path: str = ""
    hint: str = ""

    def __str__(self) -> str:
        where = self.file
        if ".xlsx!" in self.file and self.line is not None and self.column is not None:
            # a workbook's sheet ("单位.xlsx!镇街"): its places read as Excel names them, B5
            where += f"!{column_letters(self.column)}{self.line}"
        elif self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        text = f"{where}: "
        if self.yaml_path:
            text += f"{self.yaml_path}: "
        text += self.message
        if self.hint:
            text += f"（{self.hint}）"
        return text

    def as_json(self) -> dict:
        """The problem for a program: `validate --format json` and `batch --report`."""
        message = f"{self.message}（{self.hint}）" if self.hint else self.message
        return {"file": self.file, "line": self.line, "column": self.column,
                "path": self.yaml_path, "message": message}


def column_letters(column: int) -> str:
    """1 → A, 27 → AA."""
    letters = ""
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


class CppccError(Exception):
    exit_code = 1

    def __init__(self, problems: list[Problem]):
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = list(problems)


class InputError(CppccError):
    """The year file, a template or an argument is wrong: the user must change something."""

    exit_code = 2


class RenderError(CppccError):
    """The input was accepted but no document could be written (disk full, permissions)."""

    exit_code = 1


def input_error(file: str, message: str, **where) -> InputError:
    return InputError([Problem(file=file, message=message, **where)])
