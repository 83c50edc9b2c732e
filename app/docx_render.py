"""Render a :class:`~app.dispatch.DispatchView` into the docxtpl template.

The template is trusted code; the campaign is data. docxtpl renders with autoescape on, in a
sandboxed Jinja environment, so ``&``, ``<`` and ``{{ … }}`` from a campaign come out as text.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from docxtpl import DocxTemplate, RichText
from jinja2.sandbox import SandboxedEnvironment

from app.dispatch import DispatchView
from app.fsutil import atomic_output
from app.textmarkup import Run
from app.textwidth import TWIPS_PER_PT, text_width_pt

__all__ = ["rich_text", "render_docx", "dispatch_layout", "FONT_SPEC"]

# docxtpl writes w:ascii, w:hAnsi and w:cs from the name and the prefixed slot (eastAsia) too.
FONT_SPEC = "eastAsia:Times New Roman"

# Text widths inside the header cells, from templates_docx/build_dispatch_template.py.
_LEFT_TEXT = 4252 - 2 * 45
_RIGHT_TEXT = 5386 - 2 * 45
# nd30 H4: the line under the issuing body is 1/3 to 1/2 of the name's length.
_BODY_RULE_RATIO = 0.4


# The hyphen of a date or year range ("14/11/1991-14/11/2023", "2021-2026"): a line must not
# break there, or the second date starts the next line on its own. Word's w:noBreakHyphen
# prints "-" and reads back as "-" in python-docx.
_RANGE_HYPHEN = re.compile(r"(?<=\d{4})-(?=\d{1,2}/\d{1,2}/\d{4}|\d{4}\b)")
_NO_BREAK_HYPHEN = '</w:t><w:noBreakHyphen/><w:t xml:space="preserve">'


def rich_text(runs: list[Run], size: int | None = None) -> RichText:
    """A docxtpl RichText of styled runs (``size`` in points, else the paragraph's); docxtpl
    escapes the text itself."""
    rich = RichText()
    for run in runs:
        rich.add(run.text, bold=run.bold, italic=run.italic, size=size * 2 if size else None, font=FONT_SPEC)
    rich.xml = _RANGE_HYPHEN.sub(_NO_BREAK_HYPHEN, rich.xml)
    return rich


def dispatch_layout(view: DispatchView) -> dict[str, int]:
    """Indents (twips) that make the header lines follow their text (nd30 H2, H4)."""
    body_width = min(text_width_pt(view.issuing_body, 12, bold=True) * TWIPS_PER_PT, _LEFT_TEXT)
    body_rule = body_width * _BODY_RULE_RATIO
    motto_rule = min(text_width_pt(view.motto, 13, bold=True) * TWIPS_PER_PT, _RIGHT_TEXT)
    return {
        "body_rule_indent": round((_LEFT_TEXT - body_rule) / 2),
        "motto_rule_indent": round((_RIGHT_TEXT - motto_rule) / 2),
    }


def dispatch_context(view: DispatchView) -> dict[str, Any]:
    """The docxtpl context for the dispatch template."""
    return {
        "v": view,
        "lay": dispatch_layout(view),
        "body": [{"keep_next": block.kind == "heading" or i == len(view.body) - 1, "rich": rich_text(block.runs)}
                 for i, block in enumerate(view.body)],
    }


def _environment() -> SandboxedEnvironment:
    return SandboxedEnvironment(autoescape=True)


def render_docx(template: str | os.PathLike[str], view: DispatchView, target: str | os.PathLike[str]) -> Path:
    """Render ``view`` through the docxtpl ``template`` into ``target`` (atomically)."""
    document = DocxTemplate(str(template))
    document.render(dispatch_context(view), jinja_env=_environment(), autoescape=True)
    with atomic_output(target) as tmp:
        document.save(str(tmp))
    return Path(target)
