"""Rows P1–P4 of docs/nd30.md: paper and orientation, margins, the typeface everywhere, page numbers."""

from __future__ import annotations

import re

from docx.oxml.ns import qn
from docx.shared import Emu
from docx.text.paragraph import Paragraph

from app.layout import FONT, PORTRAIT, TWIPS_PER_MM, Allowed

from .model import Para, Reading

__all__ = ["check_page", "check_fonts", "check_page_numbers"]

# The widest text a portrait A4 page can hold (the narrowest margins): a landscape page needs a
# table wider than this (P1).
_PORTRAIT_TEXT_TWIPS = round((PORTRAIT.width_mm - Allowed.MARGINS_MM["left"][0] - Allowed.MARGINS_MM["right"][0])
                             * TWIPS_PER_MM)
_NOT_ARABIC = re.compile(r"\\\*\s*(roman|alphabetic|ordtext|cardtext|hex)", re.IGNORECASE)


def check_page(r: Reading) -> None:
    """P1: A4 in every section, landscape only for a wide table; P2: margins in their ranges."""
    wide = _sections_with_wide_tables(r)
    for number, section in enumerate(r.doc.sections, start=1):
        width, height = Emu(section.page_width).mm, Emu(section.page_height).mm
        dims = sorted((round(width), round(height)))
        if dims != list(Allowed.PAPER_MM):
            r.fail("P1", f"mục {number}: khổ giấy {dims[0]}×{dims[1]} mm, cần A4 210×297 mm")
        elif width > height and number - 1 not in wide:
            r.fail("P1", f"mục {number}: trang ngang mà không có bảng rộng hơn trang dọc (chỉ quay ngang cho bảng "
                         "rộng hoặc phụ lục)")
        ranges = Allowed.MARGINS_MM
        margins = {"trên": (section.top_margin, *ranges["top"]), "dưới": (section.bottom_margin, *ranges["bottom"]),
                   "trái": (section.left_margin, *ranges["left"]), "phải": (section.right_margin, *ranges["right"])}
        for name, (value, low, high) in margins.items():
            mm = Emu(value or 0).mm
            if not low - 0.5 <= mm <= high + 0.5:
                r.fail("P2", f"mục {number}: lề {name} {mm:.1f} mm (cần {low}–{high} mm)")


def _sections_with_wide_tables(r: Reading) -> set[int]:
    """The sections holding a table wider than a portrait page's text, other than the header and
    signature tables (a landscape header is as wide as its page)."""
    out = set()
    for table in r.doc.element.body.iterchildren(qn("w:tbl")):
        text = "".join(table.itertext())
        if "CỘNG HÒA XÃ HỘI CHỦ NGHĨA" in text.upper() or re.search(r"(Nơi nhận|\(Ký\b)", text):
            continue
        width = table.find(f"{qn('w:tblPr')}/{qn('w:tblW')}")
        twips = int(width.get(qn("w:w"))) if width is not None and width.get(qn("w:type")) == "dxa" else 0
        grid = sum(int(g.get(qn("w:w"), 0)) for g in table.iterfind(f"{qn('w:tblGrid')}/{qn('w:gridCol')}"))
        if max(twips, grid) > _PORTRAIT_TEXT_TWIPS + 57:
            out.add(r.section_of_block(table))
    return out


def _part_paragraphs(r: Reading) -> list[tuple[str, Para]]:
    """Every paragraph that prints: the body (tables, nested tables and text boxes included), then
    the headers and footers of every section."""
    out = [("thân văn bản", Para(-1, Paragraph(p, r.doc), None, "")) for p in r.doc.element.body.iter(qn("w:p"))]
    for rel in r.doc.part.rels.values():
        if rel.reltype.endswith(("/header", "/footer")):
            where = "đầu trang" if rel.reltype.endswith("/header") else "chân trang"
            out += [(where, Para(-1, Paragraph(p, rel.target_part), None, ""))
                    for p in rel.target_part.element.iter(qn("w:p"))]
    return out


def check_fonts(r: Reading) -> None:
    """P3: Times New Roman in both slots of every run that prints, in black, wherever it is."""
    font_done = colour_done = False
    for where, para in _part_paragraphs(r):
        for text, style in r.runs(para):
            if not text.strip():
                continue
            fonts = {style.font, style.other_font or style.font}
            if not font_done and fonts != {FONT}:
                wrong = next(f for f in fonts if f != FONT)
                what = "phông theo chủ đề (theme)" if wrong and wrong.startswith("theme:") else f"phông '{wrong}'"
                r.fail("P3", f"{where}: {what} trong “{para.p.text.strip()[:40]}” (cần {FONT})")
                font_done = True
            if not colour_done and style.color not in (None, "000000"):
                r.fail("P3", f"{where}: chữ màu #{style.color} trong “{para.p.text.strip()[:40]}” (cần màu đen)")
                colour_done = True


def check_page_numbers(r: Reading) -> None:
    """P4: no number on page 1; from page 2 an Arabic PAGE field, 13–14 pt, upright, centred, in
    the header (not the footer)."""
    if any(_page_field(rel.target_part.element) for rel in r.doc.part.rels.values() if rel.reltype.endswith("/footer")):
        r.fail("P4", "số trang phải ở đầu trang (header), không ở chân trang")
    for number, section in enumerate(r.doc.sections, start=1):
        where = f"mục {number}: " if len(r.doc.sections) > 1 else ""
        first_page = section._sectPr.find(qn("w:titlePg")) is not None
        if not first_page:
            r.fail("P4", f"{where}trang 1 phải không đánh số (cần 'Different First Page')")
        elif _page_field(section.first_page_header._element):
            r.fail("P4", f"{where}trang 1 không được có số trang")
        fmt = section._sectPr.find(qn("w:pgNumType"))
        if fmt is not None and fmt.get(qn("w:fmt"), "decimal") != "decimal":
            r.fail("P4", f"{where}số trang phải là chữ số Ả Rập (đang đặt '{fmt.get(qn('w:fmt'))}')")
        fields = [p for p in section.header._element.iter(qn("w:p")) if _page_field(p)]
        if not fields:
            r.fail("P4", f"{where}số trang phải ở phần đầu trang (header), từ trang 2")
        for p in fields:
            para = Para(-1, Paragraph(p, section.header.part), None, "")
            if r.fmt(para).align != "center":
                r.fail("P4", f"{where}số trang phải căn giữa")
            if _NOT_ARABIC.search(" ".join(p.xpath(".//w:instrText/text()") + p.xpath(".//w:fldSimple/@w:instr"))):
                r.fail("P4", f"{where}số trang phải là chữ số Ả Rập")
            r.expect("P4", f"{where}số trang", para, Allowed.PAGE_NUMBER, False, False,
                     looks=[style for _, style in r.runs(para)])


def _page_field(element) -> bool:
    """Whether ``element`` holds a PAGE field (not NUMPAGES/PAGES)."""
    codes = element.xpath(".//w:instrText/text()") + element.xpath(".//w:fldSimple/@w:instr")
    return any(re.match(r"\s*PAGE\b", code) for code in codes)

