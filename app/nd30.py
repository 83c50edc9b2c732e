"""Decree 30 lint: check a DOCX against the layout rules of Nghị định 30/2020/NĐ-CP.

``check_docx(path)`` opens any DOCX (ours or a clerk's) with python-docx and returns one
:class:`Finding` per broken rule, each tagged with the row id of ``docs/nd30.md``
(P1 … S3). An empty list means every rule it knows holds.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from typing import Iterable

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Emu, Length
from docx.table import Table
from docx.text.paragraph import Paragraph

from app.layout import FONT, MOTTO, NAMED_TYPES, NATIONAL_NAME, Allowed, Label

__all__ = ["Finding", "check_docx", "effective", "RunStyle", "iter_paragraphs"]



@dataclass(frozen=True)
class Finding:
    """One broken rule: the nd30.md row id and what is wrong, in Vietnamese."""

    rule: str
    message: str

    def __str__(self) -> str:
        return f"{self.rule}: {self.message}"


@dataclass(frozen=True)
class RunStyle:
    """The effective look of a run after styles and document defaults are applied."""

    font: str | None
    size: float | None  # points
    bold: bool
    italic: bool


def _defaults(doc: DocumentObject) -> tuple[str | None, float | None]:
    rpr = doc.styles.element.find(qn("w:docDefaults"))
    rpr = rpr.find(qn("w:rPrDefault")).find(qn("w:rPr")) if rpr is not None and rpr.find(qn("w:rPrDefault")) is not None else None
    font = size = None
    if rpr is not None:
        fonts = rpr.find(qn("w:rFonts"))
        if fonts is not None and fonts.get(qn("w:asciiTheme")) is None:
            font = fonts.get(qn("w:ascii"))
        sz = rpr.find(qn("w:sz"))
        size = int(sz.get(qn("w:val"))) / 2 if sz is not None else None
    return font, size


def effective(doc: DocumentObject, paragraph: Paragraph, run) -> RunStyle:
    """Resolve a run's font, size, bold and italic through its paragraph style and the defaults."""
    default_font, default_size = _defaults(doc)
    font, size, bold, italic = run.font.name, run.font.size, run.font.bold, run.font.italic
    style = paragraph.style
    while style is not None and None in (font, size, bold, italic):
        font = font or style.font.name
        size = size or style.font.size
        bold = style.font.bold if bold is None else bold
        italic = style.font.italic if italic is None else italic
        style = style.base_style
    return RunStyle(font or default_font, size.pt if isinstance(size, Length) else default_size,
                    bool(bold), bool(italic))


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


def _styles(doc, paragraph) -> list[RunStyle]:
    return [effective(doc, paragraph, run) for run in paragraph.runs if run.text.strip()]


class _Checker:
    def __init__(self, doc: DocumentObject):
        self.doc = doc
        self.findings: list[Finding] = []
        self.paragraphs = list(iter_paragraphs(doc))
        self.kind = self._kind()
        # A list annexed to a dated document ("(Kèm theo Tờ trình số … ngày …)") has no date of its own.
        self.annexed = self.kind == "form" and any(p.text.strip().startswith("(Kèm theo ") for p, _ in self.paragraphs)

    def _kind(self) -> str:
        """``cong_van`` (has a V/v subject), ``document`` (has Số: …) or ``form`` (neither:
        a checklist or annex sent with a dispatch, which has no number, addressee or distribution)."""
        texts = [p.text.strip() for p, _ in self.paragraphs]
        if any(t.startswith("V/v ") for t in texts):
            return "cong_van"
        if any(t.startswith("Số:") for t in texts):
            return "document"
        return "form"

    def fail(self, rule: str, message: str) -> None:
        self.findings.append(Finding(rule, message))

    def find(self, predicate) -> tuple[int, Paragraph | None]:
        for index, (paragraph, _) in enumerate(self.paragraphs):
            if predicate(paragraph.text.strip()):
                return index, paragraph
        return -1, None

    def expect_runs(self, rule: str, what: str, paragraph: Paragraph, sizes: tuple[float, float],
                    bold: bool | None, italic: bool | None) -> None:
        for style in _styles(self.doc, paragraph):
            if style.size is None or not sizes[0] <= style.size <= sizes[1]:
                self.fail(rule, f"{what}: cỡ chữ {style.size} (cần {sizes[0]:g}–{sizes[1]:g})")
                return
            if bold is not None and style.bold != bold:
                self.fail(rule, f"{what}: {'phải' if bold else 'không được'} in đậm")
                return
            if italic is not None and style.italic != italic:
                self.fail(rule, f"{what}: {'phải' if italic else 'không được'} in nghiêng")
                return

    # P1–P4 -----------------------------------------------------------------------------
    def page(self) -> None:
        for number, section in enumerate(self.doc.sections, start=1):
            width, height = section.page_width, section.page_height
            dims = sorted((round(Emu(width).mm), round(Emu(height).mm)))
            if dims != list(Allowed.PAPER_MM):
                self.fail("P1", f"mục {number}: khổ giấy {dims[0]}×{dims[1]} mm, cần A4 210×297 mm")
            ranges = Allowed.MARGINS_MM
            margins = {"trên": (section.top_margin, *ranges["top"]), "dưới": (section.bottom_margin, *ranges["bottom"]),
                       "trái": (section.left_margin, *ranges["left"]), "phải": (section.right_margin, *ranges["right"])}
            for name, (value, low, high) in margins.items():
                mm = Emu(value).mm
                if not low - 0.5 <= mm <= high + 0.5:
                    self.fail("P2", f"lề {name} {mm:.1f} mm (cần {low}–{high} mm)")
            sect_pr = section._sectPr
            if sect_pr.find(qn("w:titlePg")) is None:
                self.fail("P4", "trang 1 phải không đánh số (cần 'Different First Page')")
            elif "PAGE" in section.first_page_header._element.xml.replace("PAGES", ""):
                self.fail("P4", "trang 1 không được có số trang")
            header_xml = section.header._element.xml
            if "PAGE" not in header_xml:
                self.fail("P4", "số trang phải ở phần đầu trang (header), từ trang 2")
            else:
                for paragraph in section.header.paragraphs:
                    if "PAGE" in paragraph._p.xml:
                        if paragraph.alignment != WD_ALIGN_PARAGRAPH.CENTER:
                            self.fail("P4", "số trang phải căn giữa")
                        self.expect_runs("P4", "số trang", paragraph, Allowed.PAGE_NUMBER, None, False)

    def fonts(self) -> None:
        parts = [("thân văn bản", self.paragraphs)]
        for section in self.doc.sections:
            parts.append(("đầu trang", [(p, None) for p in section.header.paragraphs]))
        for where, paragraphs in parts:
            for paragraph, _ in paragraphs:
                for style in _styles(self.doc, paragraph):
                    if style.font != FONT:
                        self.fail("P3", f"{where}: phông '{style.font}' trong “{paragraph.text[:40]}” (cần {FONT})")
                        return
        for element in self.doc.element.body.iter(qn("w:rFonts")):
            if any(element.get(qn(f"w:{a}")) for a in ("asciiTheme", "hAnsiTheme")):
                self.fail("P3", "có phông theo chủ đề (theme) thay vì Times New Roman")
                return

    # H1–H7 -----------------------------------------------------------------------------
    def header(self) -> None:
        _, national = self.find(lambda t: t == NATIONAL_NAME)
        if national is None:
            self.fail("H1", f"không có quốc hiệu “{NATIONAL_NAME}”")
        else:
            self.expect_runs("H1", "quốc hiệu", national, Allowed.NATIONAL_NAME, True, False)
        index, motto = self.find(lambda t: t == MOTTO)
        if motto is None:
            self.fail("H2", f"không có tiêu ngữ “{MOTTO}”")
        else:
            self.expect_runs("H2", "tiêu ngữ", motto, Allowed.MOTTO, True, False)
            if not self._rule_follows(index):
                self.fail("H2", "thiếu đường kẻ dưới tiêu ngữ")
        index, number = self.find(lambda t: t.startswith("Số"))
        if number is None:
            if self.kind != "form":
                self.fail("H5", "không có số, ký hiệu (Số: …)")
        else:
            text = number.text.strip()
            if not re.fullmatch(r"Số: \d{2,}/[A-ZĐa-z]+(-[A-ZĐa-z]+)*", text):
                self.fail("H5", f"số, ký hiệu “{text}” sai thể thức (ví dụ đúng: Số: 05/CTĐ-VP)")
            self.expect_runs("H5", "số, ký hiệu", number, Allowed.NUMBER, None, False)
        _, date = self.find(lambda t: bool(re.search(r", ngày \S+ tháng \S+ năm \d{4}$", t)))
        if date is None:
            if not self.annexed:
                self.fail("H6", "không có địa danh, ngày tháng năm")
        else:
            match = re.search(r"ngày (\S+) tháng (\S+) năm", date.text)
            day, month = match.group(1), match.group(2)
            if "…" in day + month or "..." in day + month:
                pass  # a form's blank date, filled in by hand
            elif not (day.isdigit() and month.isdigit()) or (int(day) < 10) != day.startswith("0") or len(day) != 2:
                self.fail("H6", f"ngày “{day}”: ngày dưới 10 phải có số 0 phía trước")
            elif (int(month) < 3) != month.startswith("0") or (int(month) < 3 and len(month) != 2):
                self.fail("H6", f"tháng “{month}”: chỉ tháng 1, 2 có số 0 phía trước")
            self.expect_runs("H6", "địa danh, ngày tháng", date, Allowed.PLACE_DATE, None, True)
        _, subject = self.find(lambda t: t.startswith("V/v "))
        if subject is not None:
            self.expect_runs("H7", "trích yếu V/v", subject, Allowed.SUBJECT, False, False)

    def _rule_follows(self, index: int) -> bool:
        for paragraph, _ in self.paragraphs[index + 1:index + 2]:
            borders = paragraph._p.find(qn("w:pPr"))
            if borders is not None and borders.find(qn("w:pBdr")) is not None:
                return True
        paragraph = self.paragraphs[index][0]
        ppr = paragraph._p.find(qn("w:pPr"))
        return ppr is not None and ppr.find(qn("w:pBdr")) is not None

    # B1–B5 -----------------------------------------------------------------------------
    def body(self) -> None:
        start, greeting = self.find(lambda t: t.startswith(Label.ADDRESSEE.rstrip(":")))
        if greeting is None:
            if self.kind == "cong_van":
                self.fail("B1", "công văn không có “Kính gửi:”")
            return
        self.expect_runs("B1", "Kính gửi", greeting, Allowed.ADDRESSEE, None, False)
        end, _ = self.find(lambda t: t.startswith(Label.DISTRIBUTION.rstrip(":")))
        body = [(p, t) for p, t in self.paragraphs[start + 1:end if end > 0 else None]
                if t is None and p.text.strip()]
        for paragraph, _ in body:
            if paragraph.paragraph_format.left_indent and paragraph.text.startswith("- ") and paragraph.alignment != WD_ALIGN_PARAGRAPH.JUSTIFY:
                continue  # further addressees, aligned under the first
            text = paragraph.text.strip()[:50]
            fmt = paragraph.paragraph_format
            if paragraph.alignment != WD_ALIGN_PARAGRAPH.JUSTIFY:
                self.fail("B3", f"đoạn “{text}” phải căn đều hai bên")
            indent = fmt.first_line_indent
            low, high = Allowed.FIRST_LINE_INDENT_CM
            if indent is None or not low - 0.05 <= Emu(indent).cm <= high + 0.03:
                self.fail("B3", f"đoạn “{text}” phải thụt đầu dòng 1–1,27 cm")
            spacing = max((fmt.space_after or Emu(0)).pt, (fmt.space_before or Emu(0)).pt)
            if spacing < 6:
                self.fail("B3", f"đoạn “{text}” cần cách đoạn ít nhất 6 pt")
            if fmt.line_spacing is not None and isinstance(fmt.line_spacing, float) and not 1.0 <= fmt.line_spacing <= 1.5:
                self.fail("B3", f"đoạn “{text}” giãn dòng {fmt.line_spacing} (cần 1–1,5)")
            self.expect_runs("B3", f"đoạn “{text}”", paragraph, Allowed.TEXT, None, None)
            if paragraph._p.xpath(".//w:br[not(@w:type) or @w:type='textWrapping']"):
                self.fail("B5", f"đoạn “{text}” có ngắt dòng thủ công")
            if re.match(r"^[IVXLC]+\. ", paragraph.text) and not all(s.bold for s in _styles(self.doc, paragraph)):
                self.fail("B4", f"tiêu đề phần “{text}” phải in đậm")
        if self.findings and len([f for f in self.findings if f.rule.startswith("B")]) > 5:
            return

    # H8, B2, B6: named documents ---------------------------------------------------------
    def named(self) -> None:
        """The title block of a Tờ trình, Quyết định, Báo cáo … (H8), its grounds (B2) and, in a
        decision, the authority, ``QUYẾT ĐỊNH:`` and the articles (B6)."""
        index, title = self.find(lambda t: t in NAMED_TYPES or any(t.startswith(n + " ") for n in NAMED_TYPES))
        if title is None:
            return
        self.expect_runs("H8", "tên loại văn bản", title, Allowed.TITLE, True, False)
        subject = next((i for i in range(index + 1, len(self.paragraphs)) if self.paragraphs[i][0].text.strip()), None)
        for paragraph in [title] + ([self.paragraphs[subject][0]] if subject is not None else []):
            if paragraph.alignment != WD_ALIGN_PARAGRAPH.CENTER:
                self.fail("H8", f"“{paragraph.text.strip()[:40]}” phải căn giữa")
        if subject is None or not self._rule_follows(subject):
            self.fail("H8", "thiếu trích yếu, hoặc đường kẻ dưới trích yếu")
        else:
            self.expect_runs("H8", "trích yếu", self.paragraphs[subject][0], Allowed.TITLE, True, False)
        start, _ = self.find(lambda t: t.startswith(Label.BASIS + " "))
        grounds = []
        for paragraph, table in self.paragraphs[start:] if start >= 0 else []:
            if table is not None or not paragraph.text.strip().startswith((Label.BASIS + " ", "Xét ", "Theo đề nghị")):
                break
            grounds.append(paragraph)
        for position, paragraph in enumerate(grounds):
            text = paragraph.text.strip()
            self.expect_runs("B2", f"căn cứ “{text[:40]}”", paragraph, Allowed.TEXT, None, True)
            if not text.endswith("." if position == len(grounds) - 1 else ";"):
                self.fail("B2", f"căn cứ “{text[:40]}…” phải kết thúc bằng "
                                f"'{'.' if position == len(grounds) - 1 else ';'}'")
        _, decides = self.find(lambda t: t == Label.DECIDES)
        if decides is None:
            return
        authority = self.paragraphs[start - 1][0] if start > 0 else None
        for what, paragraph in (("thẩm quyền ban hành", authority), (Label.DECIDES, decides)):
            text = paragraph.text.strip() if paragraph is not None else ""
            if not text or text != text.upper() or paragraph.alignment != WD_ALIGN_PARAGRAPH.CENTER:
                self.fail("B6", f"{what} “{text[:40]}” phải viết hoa, căn giữa")
            elif not all(s.bold for s in _styles(self.doc, paragraph)):
                self.fail("B6", f"{what} “{text[:40]}” phải in đậm")
        articles = [p for p, t in self.paragraphs if t is None and re.match(r"^Điều \d+\. ", p.text.strip())]
        if not articles:
            self.fail("B6", "quyết định không có điều khoản (Điều 1. …)")
        for paragraph in articles:
            styles = _styles(self.doc, paragraph)
            if not styles[0].bold:
                self.fail("B6", f"“{paragraph.text.strip()[:10]}” phải in đậm")
            self.expect_runs("B6", f"“{paragraph.text.strip()[:10]}”", paragraph, Allowed.TEXT, None, None)

    # S1–S3 -----------------------------------------------------------------------------
    def signature(self, is_cong_van: bool) -> None:
        index, heading = self.find(lambda t: t == Label.DISTRIBUTION)
        if heading is None:
            if self.kind != "form":
                self.fail("S3", "không có “Nơi nhận:”")
        else:
            self.expect_runs("S3", "Nơi nhận", heading, Allowed.DISTRIBUTION_LABEL, True, True)
            items = []
            for paragraph, _ in self.paragraphs[index + 1:]:
                if not paragraph.text.startswith("-"):
                    break
                items.append(paragraph)
            if not items:
                self.fail("S3", "nơi nhận không có mục nào")
            for position, paragraph in enumerate(items):
                text = paragraph.text.strip()
                last = position == len(items) - 1
                self.expect_runs("S3", f"mục nơi nhận “{text}”", paragraph, Allowed.DISTRIBUTION_ITEM, False, False)
                if not text.startswith("- "):
                    self.fail("S3", f"mục “{text}” phải bắt đầu bằng '- '")
                if last and not re.fullmatch(r"- Lưu: VT(, \S+)*\.", text):
                    self.fail("S3", f"mục cuối “{text}” phải là “- Lưu: VT, <đơn vị soạn thảo>.”")
                if not last and not text.endswith(";"):
                    self.fail("S3", f"mục “{text}” phải kết thúc bằng ';'")
            if is_cong_van and items and items[0].text.strip() != f"- {Label.AS_ABOVE};":
                self.fail("S3", "công văn: mục đầu tiên của nơi nhận phải là “- Như trên;”")
        _, authority = self.find(lambda t: bool(re.match(r"^(KT|TM|TL|TUQ|Q)\.", t)))
        if authority is not None:
            text = authority.text.strip()
            if not re.fullmatch(r"(KT|TM|TL|TUQ|Q)\. [A-ZĐÀ-Ỹ ]+", text):
                self.fail("S1", f"“{text}”: sau tiền tố phải có một dấu cách, chức danh viết hoa")
            if authority.alignment != WD_ALIGN_PARAGRAPH.CENTER:
                self.fail("S1", "quyền hạn, chức vụ người ký phải căn giữa")
            self.expect_runs("S1", "quyền hạn người ký", authority, Allowed.SIGNATURE, True, False)


def check_docx(path: str | os.PathLike[str]) -> list[Finding]:
    """Check the DOCX at ``path`` against Decree 30's layout rules; ``[]`` when all hold.

    A công văn gets every row; a form without number or addressees (a checklist sent with a
    dispatch) gets the rows that apply to it: page, fonts, page numbers, header, signature.
    """
    doc = Document(str(path))
    checker = _Checker(doc)
    checker.page()
    checker.fonts()
    checker.header()
    checker.body()
    checker.named()
    checker.signature(checker.kind == "cong_van")
    return checker.findings
