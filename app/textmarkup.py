"""Campaign text: computed values (``[[ nam ]]``) and inline emphasis (``*nghiêng*``, ``**đậm**``).

Campaign text is data. The only evaluation it ever gets is this module's, in Jinja's
``SandboxedEnvironment`` with its own delimiters ``[[ … ]]`` so that ``{{ … }}`` typed by a user
is plain text everywhere. An expression that reaches for Python internals raises
:class:`TextError` instead of running.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any

from jinja2 import StrictUndefined, Template, TemplateError, UndefinedError
from jinja2.sandbox import SandboxedEnvironment, SecurityError

from app.messages import msg

__all__ = ["TextError", "Run", "render_text", "parse_emphasis", "plain_text", "PLACEHOLDER_HELP"]

PLACEHOLDER_HELP = (
    "[[ nam ]] năm của chiến dịch, [[ nam_truoc ]] năm trước, [[ chu_de ]] chủ đề, "
    "[[ ky_niem.<mã> ]] ngày kỷ niệm (ví dụ: 32 năm ngày thành lập … (14/11/1991-14/11/2023))"
)


class TextError(ValueError):
    """A campaign text whose computed values cannot be evaluated (lỗi trong biểu thức [[ … ]])."""


_env = SandboxedEnvironment(
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


@functools.lru_cache(maxsize=4096)
def _compiled(text: str) -> Template:
    # A campaign's texts are evaluated again and again (validation, the view, every unit's
    # checklist, the web form): compiling each once per process instead of per use.
    return _env.from_string(text)


def render_text(text: str, values: dict[str, Any]) -> str:
    """Evaluate the ``[[ … ]]`` expressions of one campaign text against ``values``."""
    if "[[" not in text and "[%" not in text and "[#" not in text:
        return text
    try:
        return _compiled(text).render(values)
    except SecurityError as exc:
        raise TextError(msg("biểu thức không được phép (chặn bởi sandbox): {exc}", exc=exc)) from None
    except UndefinedError as exc:
        raise TextError(msg("giá trị không tồn tại trong [[ … ]]: {message}", message=exc.message)) from None
    except TemplateError as exc:
        raise TextError(msg("lỗi biểu thức [[ … ]]: {message}", message=exc.message or exc)) from None
    except Exception as exc:  # noqa: BLE001 - any failure of a user's expression (wrong type, / 0 …) is theirs to fix
        raise TextError(msg("lỗi khi tính [[ … ]]: {exc}", exc=exc)) from None


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
