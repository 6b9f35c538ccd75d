"""Section templates: Jinja in a sandbox, strict about undefined names, with the clerk's own
directory searched before the built-ins so that one template can be replaced at a time.

A template folder may be shared between offices, so a template is treated as input: it reads
no file outside the template folders (a symlink out of one is refused), and a render stops at
a time limit and at an output size, with the template's file and line.
"""

import dataclasses
import difflib
import math
import os
import re
import signal
import threading
import time
from functools import lru_cache
from pathlib import Path

from jinja2 import (BaseLoader, FileSystemBytecodeCache, StrictUndefined, TemplateNotFound, TemplateSyntaxError,
                    UndefinedError, pass_environment)
from jinja2.loaders import split_template_path
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError

from .blocks import escape_markup
from .errors import CppccError, InputError, Problem
from .source import NOT_XML, character_name, decode, read_bytes, text_position

PACKAGE_DIR = Path(__file__).resolve().parent
# Installed from the wheel the templates sit inside the package; in a checkout, beside it.
BUILTIN_DIR = next(d for d in (PACKAGE_DIR / "templates", PACKAGE_DIR.parent / "templates")
                   if d.is_dir())
COMMON = "common"
# Limits of one document's rendering, each changeable by an environment variable.
SECONDS_VARIABLE, SECONDS_DEFAULT = "CPPCC_PLAN_TEMPLATE_SECONDS", 10
CHARS_VARIABLE, CHARS_DEFAULT = "CPPCC_PLAN_TEMPLATE_CHARS", 5_000_000


class TemplateLimit(Exception):
    """A template went past a limit or printed what no document may hold: the message says
    which."""

    def __init__(self, message: str, hint: str = ""):
        super().__init__(message)
        self.hint = hint or (f"这个限度可用环境变量 {SECONDS_VARIABLE}（秒）、{CHARS_VARIABLE}"
                             "（字符数）调整")


@pass_environment
def printable(env, value) -> str:
    """What {{ … }} prints: never None, never what XML forbids, counted against the output
    limit here so that the message names the template that printed it."""
    if value is None:
        raise UndefinedError("模板输出了空值（None），请先用 {% if … %} 判断")
    text = str(value)
    match = NOT_XML.search(text)      # the data has none: a template's "\x01" made it
    if match:
        raise TemplateLimit(f"模板输出了公文里不能有的控制字符 {character_name(match.group())}",
                            hint="检查模板里带反斜杠的字符串，如 \"\\x01\"")
    env.printed += len(text)
    env.check_count(env.printed)
    return escape_markup(text)


def template_dirs(kind: str, user_dir: Path | None) -> list[Path]:
    """The folders searched for a kind's templates: the clerk's own first (its subfolder for
    the kind, then its top, as `templates export` lays them out)."""
    check_user_dir(user_dir)
    dirs = [BUILTIN_DIR / kind, BUILTIN_DIR / COMMON]
    return ([user_dir / kind, user_dir] if user_dir else []) + dirs


def check_user_dir(user_dir: Path | None) -> None:
    if user_dir is not None and not user_dir.is_dir():
        raise InputError([Problem(str(user_dir), "模板目录不存在")])


class FolderLoader(BaseLoader):
    """Templates from the first folder that has them, read like year files (UTF-8, GBK …);
    never a file outside the folders, whatever a symlink says."""

    def __init__(self, folders: list[Path]):
        self.folders = [(folder, folder.resolve()) for folder in folders]

    def get_source(self, environment, template: str):
        pieces = split_template_path(template)            # refuses .. in the name
        for folder, real in self.folders:
            path = folder.joinpath(*pieces)
            if not path.is_file():
                continue
            if not path.resolve().is_relative_to(real):
                raise InputError([Problem(str(path), f"模板 “{template}” 链接到模板目录以外的文件"
                                          f" {path.resolve()}，已拒绝",
                                          hint="模板只能读取模板目录里的文件，请把文件复制进来")])
            text, _ = decode(read_bytes(path, str(path)), str(path))
            match = NOT_XML.search(text)
            if match:
                line, column = text_position(text, match.start())
                raise InputError([Problem(str(path), f"模板里有不可见的控制字符 "
                                          f"{character_name(match.group())}，公文里不能有",
                                          line=line, column=column)])
            return text, str(path), lambda: True
        raise TemplateNotFound(template)


class Sandbox(ImmutableSandboxedEnvironment):
    """The sandbox, checking the clock and the size of what is built at every operator, call
    and filter, so that neither a loop nor `'x' * 10**9` runs away."""

    intercepted_binops = frozenset({"*", "**", "%"})
    deadline = math.inf
    max_chars = CHARS_DEFAULT
    printed = 0
    seconds = SECONDS_DEFAULT

    def __init__(self, **options):
        super().__init__(**options)
        del self.globals["lipsum"]                       # nothing in a document needs it
        self.filters = {name: self.checked(f) for name, f in self.filters.items()}
        self.safe_attributes: dict[tuple[type, str], bool] = {}
        self.safe_fields: set[tuple[type, str]] = set()

    def getattr(self, obj, attribute: str):
        """Jinja's, but a field of the context's records, once Jinja found it safe for the
        record's type, is read directly: it holds data (never a str.format method, which
        Jinja wraps), and templates read the same fields for every item."""
        key = (type(obj), attribute)
        if key in self.safe_fields:
            return getattr(obj, attribute)
        value = super().getattr(obj, attribute)
        if self.safe_attributes.get(key) and attribute in getattr(type(obj),
                                                                  "__dataclass_fields__", ()):
            self.safe_fields.add(key)
        return value

    def is_safe_attribute(self, obj, attr: str, value) -> bool:
        """Jinja's answer, which depends on the object's type and the attribute's name only,
        kept: templates read the same few attributes of the same types for every item."""
        key = (type(obj), attr)
        safe = self.safe_attributes.get(key)
        if safe is None:
            safe = self.safe_attributes[key] = super().is_safe_attribute(obj, attr, value)
        return safe

    def check_time(self) -> None:
        if time.monotonic() > self.deadline:
            raise TemplateLimit(f"模板运行超过 {self.seconds:g} 秒，已停止"
                                "（可能有无穷的循环或递归）")

    def check_size(self, value) -> None:
        self.check_count(size_of(value))

    def check_count(self, chars: int) -> None:
        if chars > self.max_chars:
            raise TemplateLimit(f"模板生成的内容超过 {self.max_chars} 个字符，已停止")

    def check_arguments(self, args, kwargs) -> None:
        for value in (*args, *kwargs.values()):
            if isinstance(value, int) and not isinstance(value, bool) \
                    and abs(value) > self.max_chars:
                raise TemplateLimit(f"模板中的数值 {value} 超过 {self.max_chars}，"
                                    "用作宽度或次数会生成过大的内容，已停止")
            if isinstance(value, (list, tuple)):
                self.check_count(sum(size_of(item) for item in value))

    def checked(self, function):
        def checked_function(*args, **kwargs):
            self.check_time()
            self.check_arguments(args, kwargs)
            result = function(*args, **kwargs)
            self.check_size(result)
            return result
        for attribute in ("jinja_pass_arg",):            # @pass_context and friends
            if hasattr(function, attribute):
                setattr(checked_function, attribute, getattr(function, attribute))
        return checked_function

    def call(__self, __context, __obj, *args, **kwargs):  # noqa: N805 (Jinja's signature)
        __self.check_time()
        __self.check_arguments(args, kwargs)
        result = super().call(__context, __obj, *args, **kwargs)
        __self.check_size(result)
        return result

    def call_binop(self, context, operator: str, left, right):
        self.check_time()
        if operator == "*":
            for many, times in ((left, right), (right, left)):
                if isinstance(many, (str, list, tuple)) and isinstance(times, int):
                    self.check_count(max(1, size_of(many)) * times)
        if operator in ("*", "**") and all(isinstance(v, (int, float)) for v in (left, right)):
            magnitude = (abs(right) * math.log2(abs(left) + 2) if operator == "**"
                         else math.log2(abs(left) + 2) + math.log2(abs(right) + 2))
            if magnitude > 4 * self.max_chars:
                raise TemplateLimit("模板中的数值计算结果过大，已停止")
        if operator == "%" and isinstance(left, str):
            self.check_arguments(right if isinstance(right, tuple) else (right,), {})
            widths = [int(w) for w in FORMAT_WIDTH_RE.findall(left) if w]
            self.check_arguments(widths, {})
        result = super().call_binop(context, operator, left, right)
        self.check_size(result)
        return result


FORMAT_WIDTH_RE = re.compile(r"%[-+ #0]*(\d*)")


def size_of(value) -> int:
    """Characters (or items) a value holds, without walking into it."""
    return len(value) if isinstance(value, (str, list, tuple, dict)) else 0


class TemplateCache(FileSystemBytecodeCache):
    """Compiled templates kept between processes, as .pyc files are: a cold render compiles
    none. Jinja2's per-user folder in the temporary directory, keyed by the template's path and
    checked against its source, so an edited template compiles again."""

    def dump_bytecode(self, bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError:          # a full or read-only disk: the next process compiles again
            pass


def template_cache() -> TemplateCache | None:
    try:
        return TemplateCache()
    except (OSError, RuntimeError):   # no folder of this user's own to keep it in
        return None


@lru_cache(maxsize=32)
def environment(kind: str, user_dir: Path | None) -> Sandbox:
    """One environment per kind and template directory, so templates compile once."""
    return Sandbox(
        loader=FolderLoader(template_dirs(kind, user_dir)),
        undefined=StrictUndefined, finalize=printable, autoescape=False,
        trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
        auto_reload=False,     # a render never outlives its templates: no stat per include
        bytecode_cache=template_cache(),
        optimized=False)       # no folding of `"x" * 10**9` while compiling, outside the checks


def template_limits() -> tuple[float, int]:
    """The time and size limits, from the environment where set."""
    limits = []
    for variable, default, kind in ((SECONDS_VARIABLE, SECONDS_DEFAULT, float),
                                    (CHARS_VARIABLE, CHARS_DEFAULT, int)):
        text = os.environ.get(variable, "").strip()
        try:
            value = kind(text) if text else default
        except ValueError:
            value = 0
        if not value > 0:
            raise InputError([Problem(f"环境变量 {variable}", f"应为正数，这里是 “{text}”")])
        limits.append(value)
    return limits[0], limits[1]


def render_markup(kind: str, context, user_dir: Path | None = None) -> str:
    """The kind's document.j2 rendered with the context's fields as variables, within the
    time and size limits."""
    env = environment(kind, user_dir)
    env.seconds, env.max_chars = template_limits()
    env.deadline = time.monotonic() + env.seconds
    env.printed = 0
    try:
        with alarm(env.seconds):
            return generate(env, vars(context))
    except CppccError:
        raise
    except TemplateSyntaxError as exc:
        message = exc.message or ""
        if message.startswith(("No filter named", "No test named")):
            message = f"没有名为 “{message.split(chr(39))[1]}” 的" + \
                ("过滤器" if message.startswith("No filter") else "测试")
        raise InputError([Problem(exc.filename or exc.name or "模板", f"模板语法错误：{message}",
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
    except TemplateLimit as exc:
        file, line = template_position(exc)
        raise InputError([Problem(file, str(exc), line=line, hint=exc.hint)]) from None
    except RecursionError as exc:
        file, line = template_position(exc)
        raise InputError([Problem(file, "模板递归过深：模板包含或继承了自己，或宏无限地调用自己",
                                  line=line)]) from None
    except MemoryError as exc:
        file, line = template_position(exc)
        raise InputError([Problem(file, "模板生成的内容过大，内存不足", line=line)]) from None
    except Exception as exc:          # any other failure of a template's own expression
        file, line = template_position(exc)
        raise InputError([Problem(file, f"模板出错：{TEMPLATE_ERRORS.get(type(exc), '')}"
                                  f"（{type(exc).__name__}: {exc}）", line=line)]) from None


TEMPLATE_ERRORS = {ZeroDivisionError: "除以零", OverflowError: "数值或 range 过大",
                   TypeError: "类型不对", ValueError: "取值不对", KeyError: "没有这个键",
                   IndexError: "下标超出范围", AttributeError: "没有这个属性"}


def generate(env: Sandbox, variables: dict) -> str:
    """The document, piece by piece, stopping as soon as it is too long or too late, at the
    line of the template that was writing."""
    out, size = [], 0
    pieces = env.get_template("document.j2").generate(variables)
    for piece in pieces:
        size += len(piece)
        if size > env.max_chars:
            raise stopped(pieces, f"模板生成的内容超过 {env.max_chars} 个字符，已停止")
        if time.monotonic() > env.deadline:
            raise stopped(pieces, f"模板运行超过 {env.seconds:g} 秒，已停止")
        out.append(piece)
    return "".join(out)


def stopped(pieces, message: str) -> InputError:
    """The place of the innermost template now writing: Jinja runs an include as a generator
    held in the including template's local `gen`."""
    generator, frame = pieces.gi_yieldfrom, None
    while generator is not None and generator.gi_frame is not None:
        frame = generator.gi_frame
        generator = frame.f_locals.get("gen")
    template = frame.f_globals.get("__jinja_template__") if frame else None
    pieces.close()
    limit = TemplateLimit(message)
    if template is None:
        return InputError([Problem("模板", message, hint=limit.hint)])
    return InputError([Problem(template.filename, message, hint=limit.hint,
                               line=template.get_corresponding_lineno(frame.f_lineno))])


class alarm:
    """SIGALRM after the time limit, so that even a loop with no call in it stops; only
    where there is SIGALRM and in the main thread (the CLI and every batch worker)."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.armed = hasattr(signal, "setitimer") and \
            threading.current_thread() is threading.main_thread()

    def __enter__(self):
        if self.armed:
            self.previous = signal.signal(signal.SIGALRM, self.expired)
            signal.setitimer(signal.ITIMER_REAL, self.seconds)

    def expired(self, signum, frame):
        raise TemplateLimit(f"模板运行超过 {self.seconds:g} 秒，已停止（可能有无穷的循环或递归）")

    def __exit__(self, *exc_info):
        if self.armed:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, self.previous)


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
