"""What the Decree 30 lint reads from a DOCX: the paragraphs in reading order with the table cell
they sit in, the look of their runs (:mod:`.styles`), the widths of cells, pages and printed text
(:mod:`app.textwidth`), and the short ruled lines under the header's names and a title's subject.

The row modules (:mod:`.page`, :mod:`.header`, :mod:`.body`, :mod:`.named`, :mod:`.signature`)
read the document only through :class:`Reading`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable

from docx.document import Document as DocumentObject
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from app.textwidth import TWIPS_PER_PT, text_width_pt

from .styles import ParaFormat, RunStyle, Styles, effective, twips_of

__all__ = ["Finding", "RunStyle", "ParaFormat", "Para", "Styles", "Reading", "effective", "iter_paragraphs"]

EMU_PER_TWIP = 635
DEFAULT_CELL_MARGIN = 108  # twips: Word's left and right cell margin when a table sets none
_RUNS = "./w:r | ./w:hyperlink/w:r | ./w:ins/w:r | ./w:smartTag/w:r | ./w:fldSimple/w:r"
JUSTIFIED = ("both", "distribute")


@dataclass(frozen=True)
class Finding:
    """One broken rule: the nd30.md row id and what is wrong, in Vietnamese."""

    rule: str
    message: str

    def __str__(self) -> str:
        return f"{self.rule}: {self.message}"


def iter_paragraphs(doc: DocumentObject) -> Iterable[tuple[Paragraph, Table | None]]:
    """Every paragraph of the body in order, table cells included, with the table it sits in."""
    for block in doc.element.body.iterchildren():
        if block.tag == qn("w:p"):
            yield Paragraph(block, doc), None
        elif block.tag == qn("w:tbl"):
            table = Table(block, doc)
            for row in table.rows:
                seen = set()
                for cell in row.cells:
                    if id(cell._tc) in seen:
                        continue
                    seen.add(id(cell._tc))
                    for paragraph in cell.paragraphs:
                        yield paragraph, table


@dataclass
class Para:
    """A paragraph in reading order: its position, the table it sits in, its stripped text, and the
    element that holds it (the body, or a table cell ``w:tc``). Holding the element keeps its lxml
    proxy alive, so that ``a.container is b.container`` tells two paragraphs of one cell."""

    index: int
    p: Paragraph
    table: Table | None
    text: str
    container: object = None

    def __post_init__(self):
        if self.container is None:
            self.container = self.p._p.getparent()

    @property
    def in_cell(self) -> bool:
        return self.container.tag == qn("w:tc")


class Reading:
    """One document as the row checks read it, and the findings they make."""

    def __init__(self, doc: DocumentObject):
        self.doc = doc
        self.styles = Styles(doc)
        self.findings: list[Finding] = []
        self.paras = [Para(i, p, t, p.text.strip()) for i, (p, t) in enumerate(iter_paragraphs(doc))]
        self._section_of = self._map_sections()

    # findings -----------------------------------------------------------------------------------
    def fail(self, rule: str, message: str) -> None:
        self.findings.append(Finding(rule, message))

    # looking up paragraphs ----------------------------------------------------------------------
    def find(self, predicate, start: int = 0, stop: int | None = None) -> Para | None:
        return next((p for p in self.paras[start:stop] if predicate(p.text)), None)

    def siblings(self, para: Para) -> list[Para]:
        """The paragraphs of ``para``'s table cell (or of the body), in order."""
        container = para.container
        return [p for p in self.paras if p.container is container]

    def next_text(self, para: Para) -> Para | None:
        """The next paragraph with text in the same cell (or in the body)."""
        return next((p for p in self.siblings(para) if p.index > para.index and p.text), None)

    # runs ---------------------------------------------------------------------------------------
    def runs(self, para: Para) -> list[tuple[str, RunStyle]]:
        """Every run of the paragraph with its text (tabs and breaks as ``\\t`` and ``\\n``)."""
        p = para.p._p
        return [(Run(r, para.p).text, self.styles.run_style(p, r)) for r in p.xpath(_RUNS)]

    def looks(self, para: Para) -> list[RunStyle]:
        """The look of every run that prints something."""
        return [style for text, style in self.runs(para) if text.strip()]

    def span_looks(self, para: Para, start: int, end: int) -> list[RunStyle]:
        """The look of the runs that print characters ``start``…``end`` of the paragraph's text."""
        out, position = [], 0
        for text, style in self.runs(para):
            if position < end and position + len(text) > start and text.strip():
                out.append(style)
            position += len(text)
        return out

    def shown(self, para: Para) -> str:
        """The text as printed: runs formatted in capitals (w:caps) shown in capitals."""
        return "".join(text.upper() if style.caps else text for text, style in self.runs(para)).strip()

    def in_capitals(self, para: Para) -> bool:
        text = self.shown(para)
        return any(c.isalpha() for c in text) and text == text.upper()

    def expect(self, rule: str, what: str, para: Para, sizes: tuple[float, float], bold: bool | None,
               italic: bool | None, looks: list[RunStyle] | None = None) -> bool:
        """One finding at most: the first run whose size, bold or italic is off; True when none is."""
        for style in self.looks(para) if looks is None else looks:
            if style.size is None or not sizes[0] <= style.size <= sizes[1]:
                wanted = f"{sizes[0]:g}" if sizes[0] == sizes[1] else f"{sizes[0]:g}–{sizes[1]:g}"
                size = f"{style.size:g}" if style.size else "không rõ"
                self.fail(rule, f"{what}: cỡ chữ {size} (cần {wanted})")
                return False
            if bold is not None and style.bold != bold:
                self.fail(rule, f"{what}: {'phải' if bold else 'không được'} in đậm")
                return False
            if italic is not None and style.italic != italic:
                self.fail(rule, f"{what}: {'phải' if italic else 'không được'} in nghiêng")
                return False
        return True

    def expect_centred(self, rule: str, what: str, para: Para) -> bool:
        if self.fmt(para).align != "center":
            self.fail(rule, f"{what} “{para.text[:40]}” phải căn giữa")
            return False
        return True

    # layout -------------------------------------------------------------------------------------
    def fmt(self, para: Para) -> ParaFormat:
        return self.styles.paragraph_format(para.p._p)

    def _map_sections(self) -> dict:
        """The section number of every top-level block (a paragraph's sectPr ends its section); the
        blocks are the keys, kept alive with their identity."""
        out, number = {}, 0
        for block in self.doc.element.body.iterchildren():
            out[block] = number
            if block.tag == qn("w:p") and block.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") is not None:
                number += 1
        return out

    def section(self, para: Para):
        block = para.table._tbl if para.table is not None else para.p._p
        sections = self.doc.sections
        return sections[min(self._section_of.get(block, 0), len(sections) - 1)]

    def section_of_block(self, block) -> int:
        return self._section_of.get(block, 0)

    def cell_width(self, tc) -> int:
        """The width of a cell's text (twips): its width less its left and right margins."""
        tc_w = tc.find(f"{qn('w:tcPr')}/{qn('w:tcW')}")
        width = twips_of(tc_w, "w") if tc_w is not None and tc_w.get(qn("w:type"), "dxa") == "dxa" else None
        tbl = tc.getparent().getparent()
        if not width:
            grid = [twips_of(g, "w") or 0 for g in tbl.iterfind(f"{qn('w:tblGrid')}/{qn('w:gridCol')}")]
            row = [c for c in tc.getparent() if c.tag == qn("w:tc")]
            start = sum(int(c.find(f"{qn('w:tcPr')}/{qn('w:gridSpan')}").get(qn("w:val")))
                        if c.find(f"{qn('w:tcPr')}/{qn('w:gridSpan')}") is not None else 1
                        for c in row[:row.index(tc)])
            span = tc.find(f"{qn('w:tcPr')}/{qn('w:gridSpan')}")
            width = sum(grid[start:start + (int(span.get(qn("w:val"))) if span is not None else 1)])
        return width - sum(self._cell_margin(tc, tbl, side) for side in (("left", "start"), ("right", "end")))

    def _cell_margin(self, tc, tbl, sides: tuple[str, str]) -> int:
        table_style = tbl.find(f"{qn('w:tblPr')}/{qn('w:tblStyle')}")
        style = self.styles.by_id.get(table_style.get(qn("w:val"))) if table_style is not None else \
            self.styles.default.get("table")
        places = [tc.find(f"{qn('w:tcPr')}/{qn('w:tcMar')}"), tbl.find(f"{qn('w:tblPr')}/{qn('w:tblCellMar')}")]
        places += [s.find(f"{qn('w:tblPr')}/{qn('w:tblCellMar')}") for s in self.styles.chain(style)]
        for place in places:
            for side in sides if place is not None else ():
                element = place.find(qn(f"w:{side}"))
                if element is not None and twips_of(element, "w") is not None:
                    return twips_of(element, "w")
        return DEFAULT_CELL_MARGIN

    def text_area(self, para: Para) -> int:
        """The width (twips) ``para`` sets its lines in: the cell or the page's text, less its indents."""
        if para.in_cell:
            width = self.cell_width(para.container)
        else:
            section = self.section(para)
            width = round((section.page_width - section.left_margin - section.right_margin) / EMU_PER_TWIP)
        fmt = self.fmt(para)
        return width - fmt.left - fmt.right

    def text_width(self, paras: list[Para]) -> int:
        """The printed width (twips) of the longest line of ``paras`` (lines end at breaks), at most
        the width they are set in: a longer line wraps."""
        longest = 0
        for para in paras:
            lines = [0.0]
            for text, style in self.runs(para):
                for i, part in enumerate(text.split("\n")):
                    if i:
                        lines.append(0.0)
                    shown = part.upper() if style.caps else part
                    lines[-1] += text_width_pt(shown, style.size or 12, bold=style.bold) * TWIPS_PER_PT
            longest = max(longest, min(round(max(lines)), self.text_area(para)))
        return longest

    def rule_under(self, para: Para) -> tuple[int | None, str] | None:
        """The short line under ``para`` (H2, H4, H8): a bottom border of ``para``, an empty bordered
        paragraph after it, or a drawn line in either. Returns (its length in twips, None when it
        cannot be read; the border's style) or None when there is no line."""
        after = [p for p in self.siblings(para) if p.index > para.index][:1]
        for candidate, sides in ((para, ("bottom",)), *((p, ("top", "bottom")) for p in after if not p.text)):
            line = _border(candidate.p._p, sides)
            if line is not None:
                return self.text_area(candidate), line
            drawn = _drawn_length(candidate.p._p)
            if drawn is not False:
                return drawn, "single"
        return None

    @staticmethod
    def is_rule(para: Para) -> bool:
        """An empty paragraph that draws a line (a border, or a drawn shape)."""
        p = para.p._p
        return not para.text and (_border(p, ("top", "bottom")) is not None or _drawn_length(p) is not False)


def _border(p, sides: tuple[str, ...]) -> str | None:
    """The style of the first of ``sides`` that paragraph ``p`` draws a border on, if any."""
    border = p.find(f"{qn('w:pPr')}/{qn('w:pBdr')}")
    for side in sides:
        line = border.find(qn(f"w:{side}")) if border is not None else None
        if line is not None and line.get(qn("w:val")) not in ("nil", "none"):
            return line.get(qn("w:val"))
    return None


def _drawn_length(p) -> int | None | bool:
    """The length (twips) of a line drawn in paragraph ``p`` (DrawingML extent or a VML line), None
    when a drawing's length cannot be read, False when there is no drawing."""
    extents = p.xpath(".//wp:extent")
    if extents:
        return round(int(extents[0].get("cx")) / EMU_PER_TWIP)
    lines = p.xpath(".//*[local-name()='line' or local-name()='shape']")
    for line in lines:
        start, end = line.get("from"), line.get("to")
        points = [re.fullmatch(r"\s*(-?[\d.]+)pt,.*", v or "") for v in (start, end)]
        if all(points):
            return round(abs(float(points[1].group(1)) - float(points[0].group(1))) * TWIPS_PER_PT)
        width = re.search(r"width:\s*([\d.]+)pt", line.get("style", ""))
        if width:
            return round(float(width.group(1)) * TWIPS_PER_PT)
        return None
    return False
