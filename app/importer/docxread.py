"""The paragraphs of a DOCX in reading order: body paragraphs, and table cells row by row (a merged
cell once, nested tables in place), each as runs with their effective bold and italic.

Word's automatic numbering (a list style or ``w:numPr``) is not in a paragraph's text: it is
computed here from ``numbering.xml`` and written in front of the text (``1.``, ``a)``, ``-``) as
a reader sees it. Manual line breaks cut a paragraph into pieces marked ``soft``.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterator

from docx import Document
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph

from app import vnformat
from app.importer.source import Para, strip_runs
from app.textmarkup import Run

__all__ = ["paragraphs"]

_BREAK = re.compile("\n")
_ON = {None, "1", "true", "on"}


def _flag(rpr, tag: str) -> bool | None:
    if rpr is None:
        return None
    element = rpr.find(qn(tag))
    if element is None:
        return None
    return element.get(qn("w:val")) in _ON


def _style_flag(style, tag: str) -> bool | None:
    while style is not None:
        value = _flag(style.element.find(qn("w:rPr")), tag)
        if value is not None:
            return value
        style = style.base_style
    return None


class _Numbering:
    """Counters of Word's numbered lists, to write the number a reader sees."""

    def __init__(self, doc):
        self.levels: dict[str, dict[int, tuple[str, str, int]]] = {}
        self.counters: dict[str, dict[int, int]] = {}
        try:
            root = doc.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        abstract = {}
        for node in root.findall(qn("w:abstractNum")):
            levels = {}
            for lvl in node.findall(qn("w:lvl")):
                fmt = lvl.find(qn("w:numFmt"))
                text = lvl.find(qn("w:lvlText"))
                start = lvl.find(qn("w:start"))
                levels[int(lvl.get(qn("w:ilvl"), "0"))] = (
                    fmt.get(qn("w:val"), "decimal") if fmt is not None else "decimal",
                    text.get(qn("w:val"), "") if text is not None else "",
                    int(start.get(qn("w:val"), "1")) if start is not None else 1)
            abstract[node.get(qn("w:abstractNumId"))] = levels
        for num in root.findall(qn("w:num")):
            ref = num.find(qn("w:abstractNumId"))
            if ref is not None:
                self.levels[num.get(qn("w:numId"))] = abstract.get(ref.get(qn("w:val")), {})

    def marker(self, num_id: str, ilvl: int) -> str:
        levels = self.levels.get(num_id)
        if not levels or ilvl not in levels:
            return ""
        counters = self.counters.setdefault(num_id, {})
        counters[ilvl] = counters.get(ilvl, levels[ilvl][2] - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        fmt, text, _ = levels[ilvl]
        if fmt == "bullet":
            return text if text in ("-", "–", "+") else "•"

        def number(match: re.Match[str]) -> str:
            level = int(match.group(1)) - 1
            value = counters.get(level, levels.get(level, ("decimal", "", 1))[2])
            kind = levels.get(level, ("decimal",))[0]
            return _format(kind, value)

        return re.sub(r"%(\d)", number, text)


def _format(kind: str, value: int) -> str:
    if kind in ("upperRoman", "lowerRoman"):
        text = vnformat.roman(value)
        return text if kind == "upperRoman" else text.lower()
    if kind in ("lowerLetter", "upperLetter"):
        letter = chr(ord("a") + (value - 1) % 26)
        return letter.upper() if kind == "upperLetter" else letter
    return str(value)


def _style_num_pr(style):
    while style is not None:
        ppr = style.element.find(qn("w:pPr"))
        if ppr is not None and ppr.find(qn("w:numPr")) is not None:
            return ppr.find(qn("w:numPr"))
        style = style.base_style
    return None


class _Reader:
    def __init__(self, doc, normalize: Callable[[str], str]):
        self.doc = doc
        self.normalize = normalize
        self.numbering = _Numbering(doc)
        self.count = 0
        self.tables = 0
        self.gap = 0
        self.styles: dict[str | None, tuple[bool | None, bool | None, str, object]] = {}
        self.char_styles: dict[str, tuple[bool | None, bool | None]] = {}

    def paragraph_style(self, paragraph: Paragraph) -> tuple[bool | None, bool | None, str, object]:
        """Bold, italic, name and list numbering of a paragraph's style, looked up once per style
        (python-docx reads every style of the document at each look-up)."""
        ppr = paragraph._p.pPr
        key = ppr.pStyle.val if ppr is not None and ppr.pStyle is not None else None
        if key not in self.styles:
            style = paragraph.style
            self.styles[key] = (_style_flag(style, "w:b"), _style_flag(style, "w:i"),
                                (style.name or "") if style is not None else "", _style_num_pr(style))
        return self.styles[key]

    def char_style(self, rpr) -> tuple[bool | None, bool | None]:
        """Bold and italic of a run's character style, if it has one."""
        if rpr is None or rpr.find(qn("w:rStyle")) is None:
            return None, None
        key = rpr.find(qn("w:rStyle")).get(qn("w:val"))
        if key not in self.char_styles:
            try:
                style = self.doc.styles[key]
                self.char_styles[key] = (_style_flag(style, "w:b"), _style_flag(style, "w:i"))
            except KeyError:
                self.char_styles[key] = (None, None)
        return self.char_styles[key]

    def runs(self, paragraph: Paragraph) -> list[Run]:
        style_bold, style_italic, _, style_num_pr = self.paragraph_style(paragraph)
        runs: list[Run] = []
        for r in paragraph._p.xpath(".//w:r[not(ancestor::w:del) and not(ancestor::w:txbxContent)]"):
            rpr = r.find(qn("w:rPr"))
            char_bold, char_italic = self.char_style(rpr)
            bold = _flag(rpr, "w:b")
            italic = _flag(rpr, "w:i")
            bold = char_bold if bold is None else bold
            italic = char_italic if italic is None else italic
            bold = bool(style_bold) if bold is None else bold
            italic = bool(style_italic) if italic is None else italic
            text = []
            for child in r:
                if child.tag == qn("w:t"):
                    text.append(child.text or "")
                elif child.tag == qn("w:tab"):
                    text.append("\t")
                elif child.tag in (qn("w:br"), qn("w:cr")) and child.get(qn("w:type")) in (None, "textWrapping"):
                    text.append("\n")
                elif child.tag == qn("w:noBreakHyphen"):
                    text.append("-")
            if text:
                runs.append(Run(self.normalize("".join(text)), bold, italic))
        ppr = paragraph._p.pPr
        num_pr = ppr.numPr if ppr is not None and ppr.numPr is not None else style_num_pr
        if num_pr is not None and runs:
            num_id = num_pr.find(qn("w:numId"))
            ilvl = num_pr.find(qn("w:ilvl"))
            marker = self.numbering.marker(num_id.get(qn("w:val")) if num_id is not None else "",
                                           int(ilvl.get(qn("w:val"), "0")) if ilvl is not None else 0)
            if marker:
                runs.insert(0, Run(marker + " ", runs[0].bold, False))
        return runs

    def paragraph(self, paragraph: Paragraph, cell: tuple[int, int, int] | None) -> Iterator[Para]:
        self.count += 1
        runs = self.runs(paragraph)
        if not "".join(r.text for r in runs).strip():
            self.gap += 1
            return
        style = self.paragraph_style(paragraph)[2]
        where = f"bảng {cell[0]}, hàng {cell[1]}, cột {cell[2]}" if cell else f"đoạn {self.count}"
        para = Para(strip_runs(runs), where, cell, gap=self.gap,
                    styled_heading=style.startswith(("Heading", "Title")))
        self.gap = 0
        yield from para.split(_BREAK)

    def blocks(self, parent, cell: tuple[int, int, int] | None) -> Iterator[Para]:
        for child in parent.iterchildren():
            if child.tag == qn("w:p"):
                yield from self.paragraph(Paragraph(child, self.doc), cell)
            elif child.tag == qn("w:tbl"):
                yield from self.table(child)
            elif child.tag == qn("w:sdt"):
                content = child.find(qn("w:sdtContent"))
                if content is not None:
                    yield from self.blocks(content, cell)

    def table(self, tbl) -> Iterator[Para]:
        self.tables += 1
        number = self.tables
        for r, tr in enumerate(tbl.findall(qn("w:tr")), start=1):
            for c, tc in enumerate(tr.findall(qn("w:tc")), start=1):
                self.gap = 0
                yield from self.blocks(tc, (number, r, c))
            self.gap = 0


def paragraphs(data: bytes, normalize: Callable[[str], str]) -> list[Para]:
    """Every non-empty paragraph of the DOCX ``data`` in reading order (see the module's doc)."""
    doc = Document(io.BytesIO(data))
    reader = _Reader(doc, normalize)
    return list(reader.blocks(doc.element.body, None))
