"""The one DOCX renderer: a docxtpl template compiled once, rendered from a document's view.

``render_docx(template, view, target)`` renders every document kind (the dispatch, each unit's
checklist, the award documents next). The template sees the view as ``v`` and nothing else;
the filters below turn the view's styled runs and header texts into Word XML.

Why not ``DocxTemplate(path).render(ctx).save(out)`` each time: that reopens the package with
python-docx, re-runs docxtpl's regex patching and compiles the Jinja template for every document
(about 35 ms for the dispatch). :class:`CompiledTemplate` does those steps once per template file
and keeps every untemplated zip member as already-compressed bytes; a render is the Jinja render
of the body and docxtpl's post-processing of it, then one zip member appended. It follows
docxtpl's ``render`` step by step (see :meth:`CompiledTemplate.render_bytes`) and uses docxtpl's
own ``patch_xml``, ``resolve_listing`` and ``fix_tables``, which is why docxtpl is pinned below
its next minor version.

The template is trusted code; the campaign is data: the environment is sandboxed with autoescape
on, so ``&``, ``<`` and ``{{ … }}`` from a campaign come out as text.
"""

from __future__ import annotations

import io
import itertools
import os
import re
import threading
import zipfile
from pathlib import Path
from typing import Any

from docxtpl import DocxTemplate, RichText
from jinja2.sandbox import SandboxedEnvironment

from app.fsutil import atomic_write_bytes
from app.layout import BODY_RULE_RATIO, CELL_MARGIN, FONT_SPEC
from app.textmarkup import Run
from app.textwidth import TWIPS_PER_PT, text_width_pt

__all__ = ["CompiledTemplate", "compiled", "render_docx", "render_docx_bytes", "make_environment", "rich_text"]

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


def rule_indent(text: str | list[str], cell_twips: int, size: int, ratio: float | None = None) -> int:
    """Left and right indent (twips) of the short line under ``text`` in a cell (nd30 H2, H4).

    The line is as long as the text (the motto) or ``ratio`` of it (the issuing body: 1/3 to
    1/2), centred; Word has no "rule as long as the text", so the indents are computed from
    Times New Roman's advance widths. A text on several lines (a list, or "\n" between them) is
    as long as its longest line.
    """
    usable = cell_twips - 2 * CELL_MARGIN
    lines = text.split("\n") if isinstance(text, str) else text
    width = min(max(text_width_pt(line, size, bold=True) for line in lines) * TWIPS_PER_PT, usable)
    return round((usable - width * (ratio if ratio is not None else BODY_RULE_RATIO)) / 2)


def stacked(runs: list[Run], size: int, small: int) -> RichText:
    """One run a line, in a table cell: bold runs at ``size`` (a quota's number), the others at
    ``small`` (its unit of measure)."""
    rich = RichText()
    for i, run in enumerate(runs):
        # "\n" becomes a line break (docxtpl's listing pass).
        rich.add(("\n" if i else "") + run.text, bold=run.bold, size=(size if run.bold else small) * 2, font=FONT_SPEC)
    return rich


def lines(texts: list[str]) -> str:
    """Lines of one paragraph (the header's names, the subject): "\n" becomes a line break
    (docxtpl's listing pass); these paragraphs are centred, so a break is allowed (nd30 B5)."""
    return "\n".join(texts)


def make_environment() -> SandboxedEnvironment:
    """The Jinja environment every template renders in: sandboxed, autoescaped, our filters."""
    env = SandboxedEnvironment(autoescape=True)
    env.filters.update(rich=rich_text, rule_indent=rule_indent, stacked=stacked, lines=lines)
    return env


_EMPTY_RUN = '<w:r><w:t xml:space="preserve"></w:t></w:r>'
_PARAGRAPH_START = re.compile(r"<w:p([ >])")
_SPLIT_PARAGRAPH = re.compile(r"\n<w:p([ >])")
_LISTING_CHARS = re.compile(r"[\t\a\f\n]")
_PARAGRAPH = re.compile(r"<w:p(?: [^>]*)?>.*?</w:p>", re.DOTALL)  # the pattern resolve_listing uses
_BODY_OPEN = re.compile(r"^<w:body[^>]*>")
_DOCPR_ID = re.compile(r'(<wp:docPr\b[^>]*?\bid=")\d+(")')
# Column loops and merges change a row's cell count: only then has fix_tables work to do.
_TABLE_CHANGING_TAGS = re.compile(r"{%-?\s*tc\b|{{tc\b|\bcolspan\b|{%\s*[hv]m\s*%}")


class CompiledTemplate:
    """A docxtpl template prepared once and rendered many times (thread-safe: renders share nothing)."""

    DOCUMENT = "word/document.xml"

    def __init__(self, path: str | os.PathLike[str]):
        self.path = Path(path)
        self._docxtpl = DocxTemplate(str(self.path))
        self._docxtpl.init_docx()
        self.env = make_environment()
        raw_body = self._docxtpl.get_xml()
        self._fix_tables = bool(_TABLE_CHANGING_TAGS.search(raw_body))
        self._body = self._compile(raw_body)
        with zipfile.ZipFile(self.path) as package:
            raw = package.read(self.DOCUMENT).decode("utf-8")
            start, end = raw.index("<w:body>"), raw.index("</w:body>") + len("</w:body>")
            self._prefix, self._suffix = raw[:start], raw[end:]
            # Headers, footers, footnotes and the core properties: docxtpl renders each of them;
            # a part without a tag renders to itself, so only the templated ones are compiled.
            self._parts: dict[str, Any] = {}
            static = io.BytesIO()
            with zipfile.ZipFile(static, "w", zipfile.ZIP_DEFLATED) as out:
                for info in package.infolist():
                    if info.filename == self.DOCUMENT:
                        continue
                    data = package.read(info.filename)
                    if info.filename.endswith(".xml") and (b"{{" in data or b"{%" in data):
                        self._parts[info.filename] = self._compile(data.decode("utf-8"))
                    else:
                        out.writestr(info, data)
        self._static = static.getvalue()

    def _compile(self, xml: str):
        """docxtpl's patch_xml, then the line-per-paragraph split render_xml_part does, compiled."""
        return self.env.from_string(_PARAGRAPH_START.sub(r"\n<w:p\1", self._docxtpl.patch_xml(xml)))

    def _finish(self, xml: str) -> str:
        """docxtpl's steps after the Jinja render (render_xml_part): undo the markers, listings."""
        xml = _SPLIT_PARAGRAPH.sub(r"<w:p\1", xml)
        xml = xml.replace("{_{", "{{").replace("}_}", "}}").replace("{_%", "{%").replace("%_}", "%}")
        # One step docxtpl does not do: it leaves an empty run without properties after each
        # {{r …}}; it prints nothing but would be the one run in the file without Times New Roman.
        xml = xml.replace(_EMPTY_RUN, "")
        # resolve_listing (tabs, line breaks, page breaks typed in values) runs a few regexes per
        # run of every paragraph; only the paragraphs holding such a character can change.
        if not _LISTING_CHARS.search(xml):
            return xml
        return _PARAGRAPH.sub(
            lambda m: self._docxtpl.resolve_listing(m.group(0)) if _LISTING_CHARS.search(m.group(0)) else m.group(0),
            xml)

    def render_bytes(self, context: dict[str, Any]) -> bytes:
        """The finished DOCX for ``context``, as bytes: docxtpl's ``render`` and ``save``, step by step.

        * body: patch_xml (at compile time), the Jinja render, render_xml_part's post-processing;
        * fix_tables: run when the template has column loops or merges; otherwise a row keeps
          its cells and fix_tables provably changes nothing;
        * fix_docpr_ids: drawings renumbered from 1001 in document order, as docxtpl does;
        * headers, footers, footnotes, core properties: rendered when they hold a tag;
        * not supported, because they need docxtpl's live python-docx document: InlineImage,
          Subdoc and replace_pic/replace_media (none of our templates or views use them).
        """
        body = self._finish(self._body.render(context))
        if self._fix_tables:
            from lxml import etree

            body = etree.tostring(self._docxtpl.fix_tables(body), encoding="unicode")
        if "docPr" in body:
            ids = itertools.count(1001)
            body = _DOCPR_ID.sub(lambda m: f"{m.group(1)}{next(ids)}{m.group(2)}", body)
        # The body serialised alone repeats the root's namespace declarations; the document's
        # root element already declares every one.
        body = _BODY_OPEN.sub("<w:body>", body, count=1)
        buffer = io.BytesIO(self._static)
        with zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED) as package:
            for name, template in self._parts.items():
                package.writestr(name, self._finish(template.render(context)).encode("utf-8"))
            package.writestr(self.DOCUMENT, (self._prefix + body + self._suffix).encode("utf-8"))
        return buffer.getvalue()

    def render_to(self, context: dict[str, Any], target: str | os.PathLike[str]) -> Path:
        """Render and write ``target`` atomically."""
        return atomic_write_bytes(target, self.render_bytes(context))


_compiled: dict[Path, tuple[tuple[int, int], CompiledTemplate]] = {}
_compiled_lock = threading.Lock()


def compiled(path: str | os.PathLike[str]) -> CompiledTemplate:
    """The compiled template at ``path``, compiled again only when the file changes."""
    resolved = Path(path).resolve()
    stat = resolved.stat()
    key = (stat.st_mtime_ns, stat.st_size)
    with _compiled_lock:
        cached = _compiled.get(resolved)
        if cached is None or cached[0] != key:
            cached = (key, CompiledTemplate(resolved))
            _compiled[resolved] = cached
        return cached[1]


def render_docx_bytes(template: str | os.PathLike[str], view: Any) -> bytes:
    """The DOCX of ``view`` (any document's view, seen as ``v`` by the template), as bytes."""
    return compiled(template).render_bytes({"v": view})


def render_docx(template: str | os.PathLike[str], view: Any, target: str | os.PathLike[str]) -> Path:
    """Render ``view`` through the docxtpl ``template`` into ``target`` (atomically)."""
    return atomic_write_bytes(target, render_docx_bytes(template, view))
