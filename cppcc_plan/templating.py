"""Section templates: Jinja in a sandbox, strict about undefined names, with the clerk's own
directory searched before the built-ins so that one template can be replaced at a time."""

import dataclasses
import difflib
from functools import lru_cache
from pathlib import Path

from jinja2 import (FileSystemLoader, StrictUndefined, TemplateError, TemplateNotFound,
                    TemplateSyntaxError, UndefinedError)
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError

from .blocks import escape_markup
from .errors import InputError, Problem

PACKAGE_DIR = Path(__file__).resolve().parent
# Installed from the wheel the templates sit inside the package; in a checkout, beside it.
BUILTIN_DIR = next(d for d in (PACKAGE_DIR / "templates", PACKAGE_DIR.parent / "templates")
                   if d.is_dir())
COMMON = "common"


def printable(value) -> str:
    if value is None:
        raise UndefinedError("模板输出了空值（None），请先用 {% if … %} 判断")
    return escape_markup(str(value))


def template_dirs(kind: str, user_dir: Path | None) -> list[Path]:
    """The folders searched for a kind's templates: the clerk's own first (its subfolder for
    the kind, then its top, as `templates export` lays them out)."""
    check_user_dir(user_dir)
    dirs = [BUILTIN_DIR / kind, BUILTIN_DIR / COMMON]
    return ([user_dir / kind, user_dir] if user_dir else []) + dirs


def check_user_dir(user_dir: Path | None) -> None:
    if user_dir is not None and not user_dir.is_dir():
        raise InputError([Problem(str(user_dir), "模板目录不存在")])


@lru_cache(maxsize=32)
def environment(kind: str, user_dir: Path | None) -> ImmutableSandboxedEnvironment:
    """One environment per kind and template directory, so templates compile once."""
    return ImmutableSandboxedEnvironment(
        loader=FileSystemLoader([str(d) for d in template_dirs(kind, user_dir)]),
        undefined=StrictUndefined, finalize=printable, autoescape=False,
        trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
        auto_reload=False)     # a render never outlives its templates: no stat per include


def render_markup(kind: str, context, user_dir: Path | None = None) -> str:
    """The kind's document.j2 rendered with the context's fields as variables."""
    env = environment(kind, user_dir)
    try:
        return env.get_template("document.j2").render(vars(context))
    except TemplateSyntaxError as exc:
        raise InputError([Problem(exc.filename or exc.name or "模板", f"模板语法错误：{exc.message}",
                                  line=exc.lineno)]) from None
    except TemplateNotFound as exc:
        raise InputError([Problem(str(user_dir or BUILTIN_DIR),
                                  f"找不到模板 “{exc.name}”")]) from None
    except UndefinedError as exc:
        file, line = template_position(exc)
        name = undefined_name(exc)
        raise InputError([Problem(file, f"模板使用了未定义的变量：{name}", line=line,
                                  hint=variable_hint(name, exc, context))]) from None
    except SecurityError as exc:
        file, line = template_position(exc)
        raise InputError([Problem(file, f"模板做了不允许的操作：{exc}", line=line)]) from None
    except (TemplateError, TypeError, ValueError, AttributeError) as exc:
        file, line = template_position(exc)
        raise InputError([Problem(file, f"模板出错：{exc}", line=line)]) from None


def undefined_name(exc: UndefinedError) -> str:
    message = str(exc)
    if "is undefined" in message:
        return message.split(" is undefined")[0].replace("'", "")
    if "has no attribute" in message:
        return message.split("has no attribute")[-1].strip(" '")
    return message


def variable_hint(name: str, exc: UndefinedError, context) -> str:
    """是否想写 the closest name the template could have meant: a top-level variable, or for
    `item.titel` a field of the context's objects."""
    if "has no attribute" in str(exc):
        candidates = field_names(vars(context).values())
    else:
        candidates = set(vars(context))
    close = difflib.get_close_matches(name, sorted(candidates), n=1, cutoff=0.6)
    return f"是否想写 “{close[0]}”？" if close else "变量名见 README 的“模板”一节"


def field_names(values, depth: int = 4) -> set[str]:
    """Every field name of the dataclasses among values, looking a few levels down."""
    names: set[str] = set()
    for value in values:
        if dataclasses.is_dataclass(value):
            fields = {f.name: getattr(value, f.name) for f in dataclasses.fields(value)}
            names |= set(fields)
            if depth:
                names |= field_names(fields.values(), depth - 1)
        elif isinstance(value, (list, tuple)) and depth:
            names |= field_names(value[:3], depth - 1)
    return names


def template_position(exc: Exception) -> tuple[str, int | None]:
    """Jinja rewrites tracebacks so that template frames carry the template's file and line."""
    file, line, tb = "模板", None, exc.__traceback__
    while tb is not None:
        name = tb.tb_frame.f_code.co_filename
        if name.endswith(".j2"):
            file, line = name, tb.tb_lineno
        tb = tb.tb_next
    return file, line
