"""Build templates_docx/checklist.docx, the docxtpl template of a unit's target checklist.

Run ``.venv/bin/python templates_docx/build_checklist_template.py`` after changing the layout;
the output is committed. The template is built in code (python-docx) rather than edited in Word
so that every Decree 30 rule is visible here: A4 landscape (a wide table is the one case the
decree allows it), margins 20/20/30/15 mm, Times New Roman on every run including the eastAsia
and cs slots, page numbers centred in the header from page 2 (titlePg), a table whose header
row repeats on each page and whose rows never split, with a fixed layout and grid widths
because LibreOffice ignores preferred widths without them.

Jinja variables (filled by :mod:`app.checklists`): issuer_parent, issuer_name, unit_name, year,
reference, rows (number; text and quota, docxtpl RichText), request.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

FONT = "Times New Roman"
OUT = Path(__file__).resolve().parent / "checklist.docx"

PAGE_W, PAGE_H = 297, 210  # A4 landscape, mm
MARGIN_TOP, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT = 20, 20, 30, 15
TEXT_W = PAGE_W - MARGIN_LEFT - MARGIN_RIGHT  # 252 mm

# STT · Chỉ tiêu · Chỉ tiêu giao · Kết quả thực hiện · Tỷ lệ (%) · Ghi chú — adds up to TEXT_W.
# The target text gets most of the width: a tall row that cannot split leaves a gap at the page end.
COLUMNS = [("STT", 12), ("Chỉ tiêu", 138), ("Chỉ tiêu giao", 30), ("Kết quả thực hiện", 28),
           ("Tỷ lệ (%)", 16), ("Ghi chú", 28)]
HEADER_COLS = (100, TEXT_W - 100)
SIGN_COLS = (TEXT_W // 2, TEXT_W - TEXT_W // 2)


def set_fonts(rpr_parent, size: float | None = None) -> None:
    """Times New Roman in all four rFonts slots (ascii, hAnsi, eastAsia, cs); no theme fonts."""
    rpr = rpr_parent.get_or_add_rPr() if hasattr(rpr_parent, "get_or_add_rPr") else rpr_parent
    fonts = rpr.get_or_add_rFonts()  # python-docx keeps the schema order of rPr children
    for attr in list(fonts.attrib):
        if attr.endswith("Theme"):  # a theme font (Calibri, Cambria) would win over ours
            del fonts.attrib[attr]
    for slot in ("ascii", "hAnsi", "eastAsia", "cs"):
        fonts.set(qn(f"w:{slot}"), FONT)
    if size is not None:
        rpr.get_or_add_sz().set(qn("w:val"), str(int(size * 2)))
        size_cs = rpr.find(qn("w:szCs"))
        if size_cs is None:
            size_cs = OxmlElement("w:szCs")
            rpr.insert_element_before(size_cs, *_AFTER_SZCS)
        size_cs.set(qn("w:val"), str(int(size * 2)))


_AFTER_SZCS = ("w:highlight", "w:u", "w:effect", "w:bdr", "w:shd", "w:fitText", "w:vertAlign",
               "w:rtl", "w:cs", "w:em", "w:lang", "w:eastAsianLayout", "w:specVanish", "w:oMath")


def run(paragraph, text: str, size: float = 13, bold: bool = False, italic: bool = False):
    """A run with explicit Times New Roman, size and emphasis."""
    r = paragraph.add_run(text)
    r.bold = bold
    r.italic = italic
    r.font.size = Pt(size)
    set_fonts(r._r)
    return r


def para(container, text: str = "", size: float = 13, bold: bool = False, italic: bool = False,
         align=WD_ALIGN_PARAGRAPH.CENTER, before: float = 0, after: float = 0, keep_next: bool = False):
    """A paragraph with one run and the spacing given (points)."""
    p = container.add_paragraph() if hasattr(container, "add_paragraph") else container
    p.alignment = align
    fmt = p.paragraph_format
    fmt.space_before, fmt.space_after = Pt(before), Pt(after)
    fmt.keep_with_next = keep_next
    if text:
        run(p, text, size, bold, italic)
    return p


def rule_under(cell, text_mm: float, cell_mm: float, fraction: float) -> None:
    """A solid line under the previous paragraph, ``fraction`` of the text's length, centred.

    A bottom border on a tiny empty paragraph, narrowed by indents: its length follows the text
    (Decree 30), not the cell, and LibreOffice draws it the same way Word does.
    """
    p = cell.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    indent = max((cell_mm - text_mm * fraction) / 2, 0)
    fmt = p.paragraph_format
    fmt.left_indent = fmt.right_indent = Mm(indent)
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.line_spacing = Pt(2)
    ppr = p._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("val", "single"), ("sz", "6"), ("space", "1"), ("color", "000000")):
        bottom.set(qn(f"w:{key}"), value)
    borders.append(bottom)
    ppr.insert_element_before(borders, "w:shd", "w:tabs", "w:spacing", "w:ind", "w:jc", "w:rPr")


def fixed_table(doc, rows: int, widths_mm: list[float], borders: bool):
    """A table with fixed layout, tblGrid widths, cell widths and (optionally) single borders."""
    table = doc.add_table(rows=rows, cols=len(widths_mm))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    tbl_pr = table._tbl.tblPr  # autofit = False already wrote <w:tblLayout w:type="fixed"/>
    width = tbl_pr.find(qn("w:tblW"))
    if width is None:
        width = OxmlElement("w:tblW")
        tbl_pr.append(width)
    width.set(qn("w:type"), "dxa")
    width.set(qn("w:w"), str(int(Mm(sum(widths_mm)).twips)))
    grid = table._tbl.tblGrid
    for col, mm in zip(grid.findall(qn("w:gridCol")), widths_mm):
        col.set(qn("w:w"), str(int(Mm(mm).twips)))
    for row in table.rows:
        for cell, mm in zip(row.cells, widths_mm):
            cell.width = Mm(mm)
    style_el = tbl_pr.find(qn("w:tblStyle"))
    if style_el is not None:
        tbl_pr.remove(style_el)
    tbl_borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:val"), "single" if borders else "nil")
        if borders:
            el.set(qn("w:sz"), "4")
            el.set(qn("w:space"), "0")
            el.set(qn("w:color"), "000000")
        tbl_borders.append(el)
    # Word refuses a tblPr whose children are out of schema order.
    tbl_pr.insert_element_before(tbl_borders, "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook")
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:w"), str(int(Mm(1.5).twips)))
        el.set(qn("w:type"), "dxa")
        margins.append(el)
    tbl_pr.insert_element_before(margins, "w:tblLook", "w:tblCaption", "w:tblDescription")
    return table


def row_flags(row, header: bool = False) -> None:
    """Never split the row across pages; repeat it on every page when it is the header."""
    tr_pr = row._tr.get_or_add_trPr()
    cant = OxmlElement("w:cantSplit")
    tr_pr.append(cant)
    if header:
        tr_pr.append(OxmlElement("w:tblHeader"))


def cell_text(cell, text: str, size: float = 13, bold: bool = False, italic: bool = False,
              align=WD_ALIGN_PARAGRAPH.CENTER):
    """Put ``text`` in the cell's first paragraph."""
    p = cell.paragraphs[0]
    para(p, text, size, bold, italic, align=align, before=2, after=2)
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    return p


def page_number_header(section) -> None:
    """Page number, centred in the header, size 14, from page 2 on (page 1 has an empty header)."""
    section.different_first_page_header_footer = True
    p = section.header.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    def field_char(kind: str) -> None:
        fld = OxmlElement("w:fldChar")
        fld.set(qn("w:fldCharType"), kind)
        run(p, "", 14)._r.append(fld)

    field_char("begin")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = " PAGE "
    run(p, "", 14)._r.append(instr)
    field_char("separate")
    run(p, "2", 14)
    field_char("end")
    # Touching the first-page header creates it empty: page 1 shows no number.
    section.first_page_header.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER


def base_styles(doc) -> None:
    """Times New Roman 13 as the document default and in Normal, single spacing, no extra space."""
    rpr_default = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    set_fonts(rpr_default, 13)
    for style in doc.styles:
        el = style.element.find(qn("w:rPr"))
        if el is not None and el.find(qn("w:rFonts")) is not None:
            set_fonts(el)
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(13)
    set_fonts(normal.element.get_or_add_rPr())
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = 1.0
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "vi-VN")
    lang.set(qn("w:eastAsia"), "vi-VN")
    normal.element.get_or_add_rPr().insert_element_before(lang, "w:eastAsianLayout", "w:specVanish", "w:oMath")


def prune_package(doc) -> None:
    """Keep only the styles in use and drop stylesWithEffects.xml.

    python-docx's default template carries ~900 KB of style XML (every built-in style, latent
    styles, a Word 2010 copy of them all). LibreOffice parses all of it for every document it
    converts, so a batch of a thousand PDFs spends most of its time there.
    """
    styles = doc.styles.element
    latent = styles.find(qn("w:latentStyles"))
    if latent is not None:
        styles.remove(latent)
    xml = doc.element.xml + "".join(
        rel.target_part.blob.decode("utf-8") if hasattr(rel.target_part, "blob") else ""
        for rel in doc.part.rels.values() if rel.reltype.endswith(("/header", "/footer")))
    used = set(re.findall(r'w:(?:pStyle|rStyle|tblStyle|numStyle) w:val="([^"]+)"', xml))
    by_id = {s.get(qn("w:styleId")): s for s in styles.findall(qn("w:style"))}
    keep = {sid for sid, s in by_id.items() if s.get(qn("w:default")) in ("1", "true")} | used
    changed = True
    while changed:  # follow basedOn / link / next so a kept style's parents stay too
        changed = False
        for sid in list(keep):
            style = by_id.get(sid)
            for tag in ("w:basedOn", "w:link", "w:next"):
                ref = style.find(qn(tag)) if style is not None else None
                if ref is not None and ref.get(qn("w:val")) not in keep and ref.get(qn("w:val")) in by_id:
                    keep.add(ref.get(qn("w:val")))
                    changed = True
    for sid, style in by_id.items():
        if sid not in keep:
            styles.remove(style)
    for r_id, rel in list(doc.part.rels.items()):
        if rel.reltype.endswith("/stylesWithEffects"):
            del doc.part.rels[r_id]


def build() -> Path:
    """Write the template and return its path."""
    doc = Document()
    base_styles(doc)
    props = doc.core_properties
    props.title = "Bảng theo dõi thực hiện chỉ tiêu thi đua"
    props.author = "vanthu"
    props.comments = ""
    props.language = "vi-VN"

    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(PAGE_W), Mm(PAGE_H)
    section.top_margin, section.bottom_margin = Mm(MARGIN_TOP), Mm(MARGIN_BOTTOM)
    section.left_margin, section.right_margin = Mm(MARGIN_LEFT), Mm(MARGIN_RIGHT)
    section.header_distance, section.footer_distance = Mm(10), Mm(10)
    page_number_header(section)

    # Header block: ô 2 (parent body, issuing body) left; ô 1 (national name, motto) right.
    header = fixed_table(doc, 1, list(HEADER_COLS), borders=False)
    left, right = header.rows[0].cells
    cell_text(left, "{{ issuer_parent }}", 12)
    para(left, "{{ issuer_name }}", 12, bold=True)
    rule_under(left, 75, HEADER_COLS[0], 0.45)
    cell_text(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 12, bold=True)
    para(right, "Độc lập - Tự do - Hạnh phúc", 13, bold=True)
    rule_under(right, 62, HEADER_COLS[1], 1.0)
    for cell in (left, right):
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.TOP

    para(doc, "BẢNG THEO DÕI THỰC HIỆN CHỈ TIÊU THI ĐUA NĂM {{ year }}", 14, bold=True, before=18, keep_next=True)
    para(doc, "Đơn vị: {{ unit_name }}", 14, bold=True, before=3, keep_next=True)
    para(doc, "{{ reference }}", 13, italic=True, before=3, after=12, keep_next=True)

    # The checklist table: header row, then one row per target ({%tr %} rows vanish on render).
    table = fixed_table(doc, 4, [mm for _, mm in COLUMNS], borders=True)
    head, loop_open, data, loop_close = table.rows
    row_flags(head, header=True)
    for cell, (label, _) in zip(head.cells, COLUMNS):
        cell_text(cell, label, 12, bold=True)
    row_flags(data)
    cell_text(loop_open.cells[0], "{%tr for row in rows %}")
    cell_text(loop_close.cells[0], "{%tr endfor %}")
    cells = data.cells
    cell_text(cells[0], "{{ row.number }}")
    text_p = cell_text(cells[1], "{{r row.text }}", align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    cells[1].vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.TOP
    text_p.paragraph_format.left_indent = Mm(0.5)
    cell_text(cells[2], "{{r row.quota }}")
    for cell in cells[3:]:
        cell_text(cell, "")

    # Request and deadline, then the unit's signature block.
    request = para(doc, "{{ request }}", 13, align=WD_ALIGN_PARAGRAPH.JUSTIFY, before=12, after=6, keep_next=True)
    request.paragraph_format.first_line_indent = Mm(10)
    sign = fixed_table(doc, 1, list(SIGN_COLS), borders=False)
    row_flags(sign.rows[0])
    maker, head_cell = sign.rows[0].cells
    cell_text(maker, "", 13)
    para(maker, "NGƯỜI LẬP BIỂU", 13, bold=True)
    para(maker, "(Ký, ghi rõ họ tên)", 13, italic=True)
    cell_text(head_cell, "……………, ngày …… tháng …… năm {{ year }}", 13, italic=True)
    para(head_cell, "THỦ TRƯỞNG ĐƠN VỊ", 13, bold=True)
    para(head_cell, "(Ký, ghi rõ họ tên, đóng dấu)", 13, italic=True)
    for cell in (maker, head_cell):
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.TOP

    prune_package(doc)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    doc.save(OUT)
    return OUT


if __name__ == "__main__":
    path = build()
    print(f"{path} ({path.stat().st_size // 1024} KB)", file=sys.stderr)
