"""Campaign text: computed values (``[[ nam ]]``) and inline emphasis (``*nghiêng*``, ``**đậm**``).

Campaign text is data. The only evaluation it ever gets is this module's, in Jinja's
``SandboxedEnvironment`` with its own delimiters ``[[ … ]]`` so that ``{{ … }}`` typed by a user
is plain text everywhere. An expression that reaches for Python internals raises
:class:`TextError` instead of running.
"""

from __future__ import annotations

import contextvars
import functools
import re
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from jinja2 import StrictUndefined, Template, TemplateError, UndefinedError, filters, nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.runtime import Context, LoopContext, Macro
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError

from app.messages import Message, msg

__all__ = ["TextError", "Run", "render_text", "parse_emphasis", "plain_text", "PLACEHOLDER_HELP"]

PLACEHOLDER_HELP = (
    "[[ nam ]] năm của chiến dịch, [[ nam_truoc ]] năm trước, [[ chu_de ]] chủ đề, "
    "[[ ky_niem.<mã> ]] ngày kỷ niệm (ví dụ: 32 năm ngày thành lập … (14/11/1991-14/11/2023))"
)


class TextError(ValueError):
    """A campaign text whose computed values cannot be evaluated (lỗi trong biểu thức [[ … ]])."""


# Campaign text may be typed by anyone who can edit a campaign, so an expression must not stall
# or exhaust the server. Jinja's sandbox stops access to Python internals, not work: it lets
# ``range(100000)`` loops nest and ``'x' * 300000000`` build. The limits below use the sandbox's
# own hooks (intercepted_binops/call_binop, call, code_generator_class); campaign text needs no
# more than a value, an attribute or a little arithmetic (``[[ ky_niem.x.so_nam + 8 ]]``).
MAX_TEXT = 20_000  # characters (or list items) any value, and the whole result, may reach
MAX_RANGE = 1_000  # items of one range()
MAX_STEPS = 10_000  # loop rounds, calls and operators in one text
MAX_SECONDS = 2.0  # evaluation time of one text
_MAX_INT_BITS = 10_000  # about 3.000 digits: far above any count, far below a stalling power

# Filters whose work and result are bounded by their input; the others (center, indent,
# wordwrap, format, replace, join, batch, map …) can be asked for arbitrarily large output.
_FILTERS = ("abs", "capitalize", "count", "d", "default", "first", "float", "int", "last", "length", "list",
            "lower", "max", "min", "reverse", "round", "sort", "string", "sum", "title", "trim", "truncate",
            "unique", "upper")
# Methods of str a text may call ([[ chu_de.upper() ]]): each returns at most its input's size.
_STR_METHODS = frozenset({"upper", "lower", "title", "capitalize", "casefold", "strip", "lstrip", "rstrip",
                          "startswith", "endswith", "count", "find", "isdigit", "isalpha", "isupper", "islower"})


class _Limit(TextError):
    """An expression that would do too much work (Vietnamese message, shown as it is)."""


@dataclass
class _Budget:
    steps: int
    deadline: float


_budget: contextvars.ContextVar[_Budget | None] = contextvars.ContextVar("textmarkup_budget", default=None)


def _vn(number: int) -> str:
    return f"{number:_}".replace("_", ".")  # 10.000, as the messages' readers write it


def _tick() -> None:
    budget = _budget.get()
    if budget is None:
        return
    budget.steps -= 1
    if budget.steps < 0:
        raise _Limit(msg("biểu thức [[ … ]] vượt giới hạn: quá {MAX_STEPS} bước tính (vòng lặp, lời gọi)", MAX_STEPS=_vn(MAX_STEPS)))
    if time.monotonic() > budget.deadline:
        raise _Limit(msg("biểu thức [[ … ]] vượt giới hạn: tính quá {MAX_SECONDS:g} giây", MAX_SECONDS=MAX_SECONDS))


def _too_long() -> None:
    raise _Limit(msg("biểu thức [[ … ]] vượt giới hạn: kết quả dài quá {MAX_TEXT} ký tự", MAX_TEXT=_vn(MAX_TEXT)))


def _too_big() -> None:
    raise _Limit(msg("biểu thức [[ … ]] vượt giới hạn: số quá lớn"))


def _check_size(value: Any) -> Any:
    if isinstance(value, (str, list, tuple)) and len(value) > MAX_TEXT:
        _too_long()
    if isinstance(value, int) and value.bit_length() > _MAX_INT_BITS:
        _too_big()
    return value


def _size(value: Any) -> int:
    return len(value) if isinstance(value, (str, list, tuple)) else 0


def _count(left: Any, right: Any) -> int:
    """The repeat count of ``seq * n`` (either order); 0 when it is not a repetition."""
    for value in (left, right):
        if isinstance(value, int) and not isinstance(value, bool):
            return value
    return 0


def _capped_range(*args: int) -> range:
    """``range`` for campaign text: at most :data:`MAX_RANGE` numbers."""
    numbers = range(*args)
    if len(numbers) > MAX_RANGE:
        raise _Limit(msg("biểu thức [[ … ]] vượt giới hạn: range() tối đa {MAX_RANGE} số", MAX_RANGE=_vn(MAX_RANGE)))
    return numbers


def _guarded_filter(name: str) -> Any:
    wrapped = filters.FILTERS[name]

    @functools.wraps(wrapped)  # keeps jinja_pass_arg (pass_environment …) for Jinja
    def guarded(*args: Any, **kwargs: Any) -> Any:
        _tick()
        return _check_size(wrapped(*args, **kwargs))

    return guarded


class _CountingCodeGenerator(CodeGenerator):
    """Every ``[% for %]`` iterates through :meth:`_Environment.counted`, which counts its rounds:
    nested loops over short strings or lists cannot multiply into hours of work."""

    def visit_For(self, node: nodes.For, frame: Frame) -> None:
        node.iter = nodes.Call(nodes.EnvironmentAttribute("counted"), [node.iter], [], None, None,
                               lineno=node.lineno)
        super().visit_For(node, frame)


class _Environment(ImmutableSandboxedEnvironment):
    """The sandbox with limits on work: immutable (no ``x.append``), a capped ``range``, no other
    globals (``namespace`` would let a loop grow a value round after round), bounded filters,
    str methods and operators, and a step and time budget per text (see :func:`render_text`)."""

    code_generator_class = _CountingCodeGenerator
    intercepted_binops = frozenset({"*", "**", "%", "+"})

    def counted(self, iterable: Iterable[Any]) -> Iterator[Any]:
        """``iterable`` with each round counted against the text's budget."""
        for item in iterable:
            _tick()
            yield item

    def call_binop(self, context: Context, operator_: str, left: Any, right: Any) -> Any:
        """Refuse an operator whose result would be huge before it is computed."""
        _tick()
        if operator_ == "%" and isinstance(left, str):
            raise _Limit(msg("không dùng phép % với văn bản trong [[ … ]]"))
        ints = isinstance(left, int) and isinstance(right, int)
        if operator_ == "*" and not ints and max(_size(left), _size(right)) * _count(left, right) > MAX_TEXT:
            _too_long()  # 'x' * 300000000: refused before it is built
        if operator_ == "*" and ints and left.bit_length() + right.bit_length() > _MAX_INT_BITS:
            _too_big()
        if operator_ == "**" and ints and abs(left) > 1 and right * left.bit_length() > _MAX_INT_BITS:
            _too_big()
        if operator_ == "+" and _size(left) + _size(right) > MAX_TEXT:
            _too_long()
        return _check_size(super().call_binop(context, operator_, left, right))

    def call(__self, __context: Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805 - Jinja's signature
        """Only what campaign text needs may be called: range, macros, ``loop()`` and a few str methods."""
        _tick()
        allowed = (__obj in (_capped_range, __self.counted) or isinstance(__obj, (Macro, LoopContext))
                   or (getattr(__obj, "__self__", None).__class__ is str and __obj.__name__ in _STR_METHODS))
        if not allowed:
            raise _Limit(msg("không được gọi {__name__}() trong [[ … ]]", __name__=getattr(__obj, '__name__', type(__obj).__name__)))
        return _check_size(super().call(__context, __obj, *args, **kwargs))


_env = _Environment(
    variable_start_string="[[",
    variable_end_string="]]",
    block_start_string="[%",
    block_end_string="%]",
    comment_start_string="[#",
    comment_end_string="#]",
    undefined=StrictUndefined,
    autoescape=False,  # the output is plain text; the DOCX and HTML layers escape it
    keep_trailing_newline=True,
)
_env.globals = {"range": _capped_range}
_env.filters = {name: _guarded_filter(name) for name in _FILTERS}


@functools.lru_cache(maxsize=4096)
def _compiled(text: str) -> Template:
    # A campaign's texts are evaluated again and again (validation, the view, every unit's
    # checklist, the web form): compiling each once per process instead of per use.
    return _env.from_string(text)


def render_text(text: str, values: dict[str, Any]) -> str:
    """Evaluate the ``[[ … ]]`` expressions of one campaign text against ``values``.

    The work is bounded (:data:`MAX_STEPS`, :data:`MAX_SECONDS`, :data:`MAX_TEXT`): an
    expression over the limits raises :class:`TextError` saying which.
    """
    if "[[" not in text and "[%" not in text and "[#" not in text:
        return text
    token = _budget.set(_Budget(MAX_STEPS, time.monotonic() + MAX_SECONDS))
    try:
        out: list[str] = []
        length = 0
        for chunk in _compiled(text).generate(values):
            length += len(chunk)
            if length > MAX_TEXT:
                _too_long()
            out.append(chunk)
            _tick()
        return "".join(out)
    except TextError:
        raise
    except SecurityError as exc:
        raise TextError(msg("biểu thức không được phép (chặn bởi sandbox): {exc}", exc=exc)) from None
    except UndefinedError as exc:
        raise TextError(_unknown_value(exc.message or "", values)) from None
    except TemplateError as exc:
        raise TextError(msg("lỗi biểu thức [[ … ]]: {message}", message=exc.message or exc)) from None
    except Exception as exc:  # noqa: BLE001 - any failure of a user's expression (wrong type, / 0 …) is theirs to fix
        raise TextError(msg("lỗi khi tính [[ … ]]: {exc}", exc=exc)) from None
    finally:
        _budget.reset(token)


def _unknown_value(message: str, values: dict[str, Any]) -> Message:
    """What a clerk is told about ``[[ ky_niem.x ]]`` with no anniversary ``x`` (the codes there
    are), or about a name that is no value at all (the names there are), instead of Jinja's
    "'dict object' has no attribute 'x'"."""
    anniversaries = values.get("ky_niem")
    codes = list(anniversaries) if isinstance(anniversaries, dict) else []
    missing = re.fullmatch(r"'dict object' has no attribute '(.+)'", message)
    if missing and isinstance(anniversaries, dict) and missing.group(1) not in anniversaries:
        if not codes:
            return msg("không có kỷ niệm mã “{code}”: chiến dịch chưa có ngày kỷ niệm nào (thêm ở phần Ngày kỷ niệm)",
                       code=missing.group(1))
        return msg("không có kỷ niệm mã “{code}”; các mã có: {codes}", code=missing.group(1), codes=", ".join(codes))
    unknown = re.fullmatch(r"'(.+)' is undefined", message)
    if unknown:
        names = [name for name in values if name != "ky_niem"] + [f"ky_niem.{code}" for code in codes]
        return msg("không có giá trị “{name}”; dùng được: {names}", name=unknown.group(1), names=", ".join(names))
    return msg("giá trị không tồn tại trong [[ … ]]: {message}", message=message)


@dataclass(frozen=True)
class Run:
    """A piece of text with one style, as it goes into a DOCX run or an HTML span."""

    text: str
    bold: bool = False
    italic: bool = False


_EMPHASIS = re.compile(r"(\\\*|\*\*\*|\*\*|\*)")


def _tokens(text: str) -> list[str]:
    """Split into text and markers; ``***`` becomes ``**`` and ``*`` in the order that nests."""
    tokens: list[str] = []
    open_markers: list[str] = []
    for token in (t for t in _EMPHASIS.split(text) if t):
        if token == "***":
            # Closing: close the inner marker first; opening: bold outside, italic inside.
            pair = ["*", "**"] if open_markers[-1:] == ["*"] else ["**", "*"]
            tokens += pair
            for marker in pair:
                open_markers.remove(marker) if marker in open_markers else open_markers.append(marker)
            continue
        if token in ("*", "**"):
            open_markers.remove(token) if token in open_markers else open_markers.append(token)
        tokens.append(token)
    return tokens


def parse_emphasis(text: str) -> list[Run]:
    """Split ``a *b* **c**`` into runs; ``\\*`` is a literal asterisk, an unclosed marker is text."""
    tokens = _tokens(text)
    # Pair markers first so an unmatched one stays literal (e.g. "5 * 3").
    stack: list[tuple[str, int]] = []
    paired: set[int] = set()
    for index, token in enumerate(tokens):
        if token in ("*", "**"):
            if stack and stack[-1][0] == token:
                paired.update({stack.pop()[1], index})
            elif any(marker == token for marker, _ in stack):
                while stack and stack[-1][0] != token:
                    stack.pop()
                paired.update({stack.pop()[1], index})
            else:
                stack.append((token, index))
    runs: list[Run] = []
    bold = italic = False
    for index, token in enumerate(tokens):
        if index in paired:
            if token == "**":
                bold = not bold
            else:
                italic = not italic
            continue
        piece = "*" if token == "\\*" else token
        if runs and runs[-1].bold == bold and runs[-1].italic == italic:
            runs[-1] = Run(runs[-1].text + piece, bold, italic)
        else:
            runs.append(Run(piece, bold, italic))
    return runs


def plain_text(text: str) -> str:
    """The text without its emphasis markers."""
    return "".join(run.text for run in parse_emphasis(text))
