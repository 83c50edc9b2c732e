"""Build ``templates_docx/dispatch.docx``, the docxtpl template of the công văn.

Run ``python templates_docx/build_dispatch_template.py`` after changing the layout. The result
is an ordinary Word file with Jinja tags: a clerk can open it in Word, adjust spacing or
wording around the tags, and save it; vanthu renders whatever is there. Every measure below is
a Decree 30 rule (see ../shared/spec/nd30.md; row ids in comments).

Why the XML is written by hand: python-docx has no API for table grids, cell margins,
paragraph borders or docxtpl's ``{%p %}`` paragraphs; writing those few elements directly is
clearer than patching python-docx objects after the fact.
"""

from __future__ import annotations

import math
import sys
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt, Twips

OUT = Path(__file__).resolve().parent / "dispatch.docx"
FONT = "Times New Roman"

# Page (P1, P2): A4 portrait; margins top/bottom 20 mm, left 30 mm, right 15 mm.
PAGE_WIDTH_MM, PAGE_HEIGHT_MM = 210, 297
MARGIN_TOP_MM = MARGIN_BOTTOM_MM = 20
MARGIN_LEFT_MM, MARGIN_RIGHT_MM = 30, 15

# The header and signature tables: two borderless columns, a little wider than the text area
# (17.0 cm against 16.5 cm) so that the national name fits one line at 12 pt with its margins.
LEFT_COL, RIGHT_COL = 4252, 5386       # twips: 7.5 cm, 9.5 cm
TABLE_INDENT = -142                    # twips: -0.25 cm, centred on the text area
CELL_MARGIN = 45                       # twips each side

FIRST_LINE_INDENT = 720                # twips: 1.27 cm (B3)
ADDRESSEE_START = 1701                 # twips: "Kính gửi:" starts 3 cm in
ADDRESSEE_TAB = 2892                   # twips: where the addressees start (3 cm + width of "Kính gửi: ")


def rpr(size: int, *, bold: bool = False, italic: bool = False) -> str:
    """Run properties: Times New Roman in every script slot (P3), size in points."""
    return (f'<w:rPr><w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:eastAsia="{FONT}" w:cs="{FONT}"/>'
            + ("<w:b/><w:bCs/>" if bold else "") + ("<w:i/><w:iCs/>" if italic else "")
            + f'<w:sz w:val="{size * 2}"/><w:szCs w:val="{size * 2}"/></w:rPr>')


def para(text: str, size: int, *, bold: bool = False, italic: bool = False, align: str = "center",
         before: int = 0, after: int = 0, extra_ppr: str = "", line: str = "") -> str:
    """One paragraph whose single run holds ``text`` (which may be a Jinja tag)."""
    spacing = f'<w:spacing w:before="{before}" w:after="{after}"{line}/>'
    ppr = f'<w:pPr>{extra_ppr}{spacing}<w:jc w:val="{align}"/>{rpr(size, bold=bold, italic=italic)}</w:pPr>'
    run = f'<w:r>{rpr(size, bold=bold, italic=italic)}<w:t xml:space="preserve">{text}</w:t></w:r>' if text else ""
    return f"<w:p>{ppr}{run}</w:p>"


def tag(text: str) -> str:
    """A docxtpl ``{%p … %}`` paragraph: removed when rendered."""
    return f'<w:p><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>'


def rule(indent_expr: str) -> str:
    """A short solid line (H2, H4): an empty 2 pt paragraph with a top border, indented on
    both sides by ``indent_expr`` twips so that its length follows the text above it."""
    return ('<w:p><w:pPr><w:pBdr><w:top w:val="single" w:sz="6" w:space="0" w:color="000000"/></w:pBdr>'
            '<w:spacing w:before="50" w:after="0" w:line="40" w:lineRule="exact"/>'
            f'<w:ind w:left="{indent_expr}" w:right="{indent_expr}"/><w:jc w:val="center"/>'
            f'{rpr(2)}</w:pPr></w:p>')


def cell(width: int, content: str) -> str:
    return (f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr>{content}</w:tc>')


def table(rows: list[str]) -> str:
    """A borderless two-column table with a fixed layout and grid (LibreOffice needs both)."""
    none = "".join(f'<w:{side} w:val="nil"/>' for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
    return (f'<w:tbl {nsdecls("w")}><w:tblPr><w:tblW w:w="{LEFT_COL + RIGHT_COL}" w:type="dxa"/>'
            f'<w:tblInd w:w="{TABLE_INDENT}" w:type="dxa"/><w:tblBorders>{none}</w:tblBorders>'
            '<w:tblLayout w:type="fixed"/>'
            f'<w:tblCellMar><w:left w:w="{CELL_MARGIN}" w:type="dxa"/><w:right w:w="{CELL_MARGIN}" w:type="dxa"/></w:tblCellMar>'
            '<w:tblLook w:val="0000"/></w:tblPr>'
            f'<w:tblGrid><w:gridCol w:w="{LEFT_COL}"/><w:gridCol w:w="{RIGHT_COL}"/></w:tblGrid>'
            + "".join(rows) + "</w:tbl>")


def row(left: str, right: str, *, cant_split: bool = True) -> str:
    trpr = "<w:trPr><w:cantSplit/></w:trPr>" if cant_split else ""
    return f"<w:tr>{trpr}{cell(LEFT_COL, left)}{cell(RIGHT_COL, right)}</w:tr>"


def header_table() -> str:
    """Page 1 header: ô 1–5b (H1–H7)."""
    left_top = (
        tag("{%p if v.parent_body %}")
        + para("{{ v.parent_body }}", 12)                                          # H3
        + tag("{%p endif %}")
        + para("{{ v.issuing_body }}", 12, bold=True)                              # H4
        + rule("{{ lay.body_rule_indent }}")
    )
    right_top = (
        para("{{ v.national_name }}", 12, bold=True)                               # H1
        + para("{{ v.motto }}", 13, bold=True)                                     # H2
        + rule("{{ lay.motto_rule_indent }}")
    )
    left_bottom = (
        para("{{ v.number_symbol }}", 13, before=160)                              # H5
        + para("{{ v.subject }}", 12, before=120)                                  # H7
    )
    right_bottom = para("{{ v.place_date }}", 13, italic=True, before=160)       # H6
    return table([row(left_top, right_top), row(left_bottom, right_bottom)])


def addressees() -> str:
    """Kính gửi (B1): the first addressee on the label's line, the others aligned under it."""
    first = (
        '<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="{tab}"/></w:tabs>'
        '<w:spacing w:before="360" w:after="120"/>'
        '<w:ind w:left="{tab}" w:hanging="{hang}"/><w:jc w:val="left"/>{rpr}</w:pPr>'
        '<w:r>{rpr}<w:t xml:space="preserve">Kính gửi:</w:t></w:r><w:r>{rpr}<w:tab/></w:r>'
        '<w:r>{rpr}<w:t xml:space="preserve">{{{{ v.addressees[0] }}}}</w:t></w:r></w:p>'
    ).format(tab=ADDRESSEE_TAB, hang=ADDRESSEE_TAB - ADDRESSEE_START, rpr=rpr(14))
    others = (
        tag("{%p for a in v.addressees[1:] %}")
        + para("{{ a }}", 14, align="left", after=120, extra_ppr=f'<w:ind w:left="{ADDRESSEE_TAB}"/>')
        + tag("{%p endfor %}")
    )
    return first + others


BODY_SPACING = ' w:line="240" w:lineRule="auto"'  # single lines and 6 pt between paragraphs (B3)


def body() -> str:
    """ô 6 (B3, B4): justified paragraphs, first-line indent, 6 pt apart; headings bold.

    A heading keeps with the paragraph after it, and the closing paragraph with the signature.
    """
    indent = f'<w:ind w:firstLine="{FIRST_LINE_INDENT}"/>'

    def rich_para(keep_next: bool) -> str:
        keep = "<w:keepNext/>" if keep_next else ""
        return (f'<w:p><w:pPr>{keep}<w:widowControl/><w:spacing w:before="0" w:after="120"{BODY_SPACING}/>'
                f'{indent}<w:jc w:val="both"/>{rpr(14)}</w:pPr>'
                '<w:r><w:t xml:space="preserve">{{r b.rich }}</w:t></w:r></w:p>')

    return (
        tag("{%p for b in body %}")
        + tag("{%p if b.keep_next %}") + rich_para(True)
        + tag("{%p else %}") + rich_para(False)
        + tag("{%p endif %}")
        + tag("{%p endfor %}")
    )


def signature_table() -> str:
    """ô 7a, 7b, 9b (S1–S3): distribution on the left, authority and signer on the right."""
    left = (
        para("Nơi nhận:", 12, bold=True, italic=True, align="left", before=120)   # S3
        + tag("{%p for item in v.distribution %}")
        + para("{{ item }}", 11, align="left")
        + tag("{%p endfor %}")
    )
    right = (
        para("{{ v.authority_line }}", 14, bold=True, before=120)                  # S1
        + tag("{%p if v.title_line %}")
        + para("{{ v.title_line }}", 14, bold=True)
        + tag("{%p endif %}")
        + para("{{ v.signer_name }}", 14, bold=True, before=1800)                  # S2: room to sign
    )
    return table([row(left, right)])


def build(path: Path = OUT) -> Path:
    """Write the template to ``path``."""
    doc = Document()
    _set_defaults(doc)
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(PAGE_WIDTH_MM), Mm(PAGE_HEIGHT_MM)
    section.top_margin, section.bottom_margin = Twips(math.ceil(MARGIN_TOP_MM * 56.6929)), Twips(math.ceil(MARGIN_BOTTOM_MM * 56.6929))
    # Word stores twips: 15 mm is 850.39 twips and would round down to 14.99 mm.
    section.left_margin, section.right_margin = Twips(math.ceil(MARGIN_LEFT_MM * 56.6929)), Twips(math.ceil(MARGIN_RIGHT_MM * 56.6929))
    section.header_distance = section.footer_distance = Mm(10)
    _page_numbers(section)

    body_el = doc.element.body
    sect_pr = body_el.find(qn("w:sectPr"))
    for child in list(body_el):
        if child is not sect_pr:
            body_el.remove(child)
    xml = header_table() + addressees() + body() + signature_table()
    for element in parse_xml(f"<w:body {nsdecls('w')}>{xml}</w:body>"):
        sect_pr.addprevious(element)

    doc.core_properties.title = "Công văn phát động phong trào thi đua"
    doc.core_properties.author = "vanthu"
    doc.save(path)
    return path


def _set_defaults(doc: Document) -> None:
    """Times New Roman 14 as the document default, with theme fonts removed (P3).

    python-docx's blank document points its defaults at the theme's Calibri/Cambria; Word
    would show those wherever a run has no font of its own.
    """
    styles = doc.styles.element
    for rfonts in styles.iter(qn("w:rFonts")):
        for attr in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
            rfonts.attrib.pop(qn(f"w:{attr}"), None)
        for attr in ("ascii", "hAnsi", "eastAsia", "cs"):
            rfonts.set(qn(f"w:{attr}"), FONT)
    defaults = styles.find(qn("w:docDefaults"))
    rpr_default = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    for name in ("w:sz", "w:szCs", "w:lang"):
        for old in rpr_default.findall(qn(name)):
            rpr_default.remove(old)
    rpr_default.append(parse_xml(f'<w:sz {nsdecls("w")} w:val="28"/>'))
    rpr_default.append(parse_xml(f'<w:szCs {nsdecls("w")} w:val="28"/>'))
    rpr_default.append(parse_xml(f'<w:lang {nsdecls("w")} w:val="vi-VN" w:eastAsia="vi-VN" w:bidi="ar-SA"/>'))
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(14)
    # python-docx's Normal has spacing after 0 and single lines already; keep it that way so
    # header cells stay compact; body paragraphs set their own spacing.


def _page_numbers(section) -> None:
    """P4: Arabic page number, 14 pt, centred in the header, not on page 1."""
    section.different_first_page_header_footer = True
    section.first_page_header.is_linked_to_previous = False
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p = paragraph._p
    for xml in (
        f'<w:r {nsdecls("w")}>{rpr(14)}<w:fldChar w:fldCharType="begin"/></w:r>',
        f'<w:r {nsdecls("w")}>{rpr(14)}<w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>',
        f'<w:r {nsdecls("w")}>{rpr(14)}<w:fldChar w:fldCharType="separate"/></w:r>',
        f'<w:r {nsdecls("w")}>{rpr(14)}<w:t>2</w:t></w:r>',
        f'<w:r {nsdecls("w")}>{rpr(14)}<w:fldChar w:fldCharType="end"/></w:r>',
    ):
        p.append(parse_xml(xml))


if __name__ == "__main__":
    print(build(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT))
