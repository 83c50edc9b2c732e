"""Shared blocks of the docxtpl templates: page set-up, header, signer, distribution, sign boxes.

Every template builder in this folder writes its body as WordprocessingML strings made by these
functions, then :func:`save` puts them into a python-docx document set up by
:func:`new_document`. The measures come from :mod:`app.layout` (Decree 30, row ids of
``docs/nd30.md`` in comments); the templates read the document's view as ``v``
(:mod:`app.docx_render`).

Why XML strings: python-docx has no API for table grids, cell margins, paragraph borders or
docxtpl's ``{%p %}`` paragraphs; writing those few elements directly is clearer than patching
python-docx objects after the fact.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Twips

from app.layout import CELL_MARGIN, FIRST_LINE_INDENT, FONT, TWIPS_PER_MM, Columns, Label, Page, Size

__all__ = [
    "rpr", "para", "tag", "rule", "cell", "table", "row", "header_table", "signer_cell",
    "distribution_cell", "sign_box_cell", "new_document", "save", "twips", "title_block", "body_para",
    "basis_block", "signature_table", "signed_box_cell", "text_width", "numbered_row", "body_blocks",
    "numbered_document",
]


def twips(mm: float) -> int:
    """Millimetres in twips, rounded up: Word stores whole twips, and 15 mm is 850.39."""
    return math.ceil(mm * TWIPS_PER_MM)


def rpr(size: float, *, bold: bool = False, italic: bool = False) -> str:
    """Run properties: Times New Roman in every script slot (P3), size in points."""
    return (f'<w:rPr><w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:eastAsia="{FONT}" w:cs="{FONT}"/>'
            + ("<w:b/><w:bCs/>" if bold else "") + ("<w:i/><w:iCs/>" if italic else "")
            + f'<w:sz w:val="{round(size * 2)}"/><w:szCs w:val="{round(size * 2)}"/></w:rPr>')


def para(text: str, size: float, *, bold: bool = False, italic: bool = False, align: str = "center",
         before: int = 0, after: int = 0, keep_next: bool = False, indent: str = "", line: str = "") -> str:
    """One paragraph whose single run holds ``text`` (which may be a Jinja tag); spacing in twips."""
    keep = "<w:keepNext/>" if keep_next else ""
    ppr = (f'<w:pPr>{keep}<w:spacing w:before="{before}" w:after="{after}"{line}/>{indent}'
           f'<w:jc w:val="{align}"/>{rpr(size, bold=bold, italic=italic)}</w:pPr>')
    run = f'<w:r>{rpr(size, bold=bold, italic=italic)}<w:t xml:space="preserve">{text}</w:t></w:r>' if text else ""
    return f"<w:p>{ppr}{run}</w:p>"


def tag(text: str) -> str:
    """A docxtpl ``{%p … %}`` paragraph: removed when rendered."""
    return f'<w:p><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>'


def rule(indent_expr: str) -> str:
    """A short solid line (H2, H4): an empty 2 pt paragraph with a top border, indented on both
    sides by ``indent_expr`` twips so that its length follows the text above it."""
    return ('<w:p><w:pPr><w:pBdr><w:top w:val="single" w:sz="6" w:space="0" w:color="000000"/></w:pBdr>'
            '<w:spacing w:before="50" w:after="0" w:line="40" w:lineRule="exact"/>'
            f'<w:ind w:left="{indent_expr}" w:right="{indent_expr}"/><w:jc w:val="center"/>'
            f'{rpr(1)}</w:pPr></w:p>')


def cell(width: int, content: str, *, valign: str = "top", span: int = 1) -> str:
    """A table cell ``width`` twips wide over ``span`` grid columns (it must hold a paragraph)."""
    merge = f'<w:gridSpan w:val="{span}"/>' if span > 1 else ""
    return (f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{merge}<w:vAlign w:val="{valign}"/></w:tcPr>'
            f'{content}</w:tc>')


def row(cells: list[str], *, cant_split: bool = True, repeat: bool = False, height: int = 0) -> str:
    """A table row that never splits across pages; ``repeat`` makes it the header row of every page;
    ``height`` (twips) is its least height, room to write by hand."""
    flags = (("<w:cantSplit/>" if cant_split else "") + ("<w:tblHeader/>" if repeat else "")
             + (f'<w:trHeight w:val="{height}" w:hRule="atLeast"/>' if height else ""))
    return f"<w:tr><w:trPr>{flags}</w:trPr>{''.join(cells)}</w:tr>" if flags else f"<w:tr>{''.join(cells)}</w:tr>"


def table(widths: list[int], rows: list[str], *, borders: bool = False, indent: int = 0,
          cell_margin: int = CELL_MARGIN, centred: bool = False) -> str:
    """A table with a fixed layout and grid (LibreOffice needs both), borderless or single-lined."""
    line = '"single" w:sz="4" w:space="0" w:color="000000"' if borders else '"nil"'
    sides = "".join(f'<w:{side} w:val={line}/>' for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
    place = '<w:jc w:val="center"/>' if centred else f'<w:tblInd w:w="{indent}" w:type="dxa"/>'
    return (f'<w:tbl {nsdecls("w")}><w:tblPr><w:tblW w:w="{sum(widths)}" w:type="dxa"/>{place}'
            f'<w:tblBorders>{sides}</w:tblBorders><w:tblLayout w:type="fixed"/>'
            f'<w:tblCellMar><w:left w:w="{cell_margin}" w:type="dxa"/><w:right w:w="{cell_margin}" w:type="dxa"/>'
            '</w:tblCellMar><w:tblLook w:val="0000"/></w:tblPr>'
            f'<w:tblGrid>{"".join(f"<w:gridCol w:w={chr(34)}{w}{chr(34)}/>" for w in widths)}</w:tblGrid>'
            + "".join(rows) + "</w:tbl>")


def header_table(columns: Columns, second_row: tuple[str, str] | None = None, *, centred: bool = False) -> str:
    """Page 1 header, ô 1 and ô 2 (H1–H4) from ``v.header``; ``second_row`` holds a công văn's
    number and subject (ô 3, 5b) beside its place and date (ô 4).

    Each name is one centred paragraph whose lines (``parent_lines``, ``issuing_lines``, broken
    by :mod:`app.linebreak`) are joined by line breaks; the line under the issuing body follows
    its longest line."""
    left = (
        tag("{%p if v.header.parent_lines %}")
        + para("{{ v.header.parent_lines|lines }}", Size.BODY_NAME)                             # H3
        + tag("{%p endif %}")
        + para("{{ v.header.issuing_lines|lines }}", Size.BODY_NAME, bold=True)                 # H4
        + rule(f"{{{{ v.header.issuing_lines|rule_indent({columns.left}, {Size.BODY_NAME}) }}}}")
    )
    right = (
        para("{{ v.header.national_name }}", Size.NATIONAL_NAME, bold=True)                     # H1
        + para("{{ v.header.motto }}", Size.MOTTO, bold=True)                                   # H2
        + rule(f"{{{{ v.header.motto|rule_indent({columns.right}, {Size.MOTTO}, 1) }}}}")
    )
    rows = [row([cell(columns.left, left), cell(columns.right, right)])]
    if second_row:
        rows.append(row([cell(columns.left, second_row[0]), cell(columns.right, second_row[1])]))
    return table([columns.left, columns.right], rows, indent=columns.indent, centred=centred)


def signer_cell() -> str:
    """ô 7a, 7b (S1, S2) from ``v.signer``: every authority line (``TM. …``, ``KT. CHỦ TỊCH``, the
    title) in capitals, bold, centred, room to sign, the name."""
    return (
        para("{{ v.signer.lines[0] }}", Size.SIGNATURE, bold=True, before=120)                 # S1
        + tag("{%p for line in v.signer.lines[1:] %}")
        + para("{{ line }}", Size.SIGNATURE, bold=True)
        + tag("{%p endfor %}")
        + para("{{ v.signer.name }}", Size.SIGNATURE, bold=True, before=1800)                  # S2
    )


def distribution_cell() -> str:
    """ô 9b (S3) from ``v.distribution``: "Nơi nhận:" 12 bold italic, one item a line at 11."""
    return (
        para(Label.DISTRIBUTION, Size.DISTRIBUTION_LABEL, bold=True, italic=True, align="left", before=120)
        + tag("{%p for item in v.distribution %}")
        + para("{{ item }}", Size.DISTRIBUTION_ITEM, align="left")
        + tag("{%p endfor %}")
    )


def sign_box_cell(box: str, above: str = "") -> str:
    """A form's signature box (``v.maker``, ``v.head``): its title bold over its note in italics,
    under ``above`` (the blank place and date line, or an empty line to stay level with it)."""
    return (para(above, Size.FORM_TEXT, italic=True, before=40, after=40)
            + para(f"{{{{ {box}.title }}}}", Size.FORM_TEXT, bold=True)
            + para(f"{{{{ {box}.note }}}}", Size.FORM_TEXT, italic=True))


def text_width(page: Page) -> int:
    """The width between the margins of ``page``, in twips."""
    return twips(page.width_mm - page.left_mm - page.right_mm)


def title_block(page: Page) -> str:
    """ô 5a of a named document (H8) from ``v.title``: the type name, the subject under it, both
    bold and centred, and a line under the subject 40 % as long (a third to a half)."""
    cell_twips = text_width(page) + 2 * CELL_MARGIN  # rule_indent measures inside a cell's margins
    return (para("{{ v.title.type_name }}", Size.TITLE, bold=True, before=360, keep_next=True)
            + para("{{ v.title.subject }}", Size.TITLE, bold=True, keep_next=True)
            + rule(f"{{{{ v.title.subject|rule_indent({cell_twips}, {Size.TITLE}) }}}}"))


def numbered_row() -> tuple[str, str]:
    """The second header row of a numbered named document: ô 3 (H5) left, ô 4 (H6) right."""
    return (para("{{ v.number_symbol }}", Size.NUMBER, before=160),
            para("{{ v.place_date }}", Size.PLACE_DATE, italic=True, before=160))


def body_para(text: str, *, italic: bool = False, bold: bool = False, keep_next: bool = False,
              rich: bool = False) -> str:
    """A paragraph of the text (B3): justified, 1.27 cm first-line indent, 6 pt after, single lines.

    ``text`` is a Jinja expression; with ``rich`` it names a list of runs (``b.runs``), drawn by
    the ``rich`` filter with their own bold and italic.
    """
    indent = f'<w:ind w:firstLine="{FIRST_LINE_INDENT}"/>'
    if not rich:
        return para(f"{{{{ {text} }}}}", Size.TEXT, bold=bold, italic=italic, align="both", after=120,
                    keep_next=keep_next, indent=indent, line=' w:line="240" w:lineRule="auto"')
    keep = "<w:keepNext/>" if keep_next else ""
    return (f'<w:p><w:pPr>{keep}<w:spacing w:before="0" w:after="120" w:line="240" w:lineRule="auto"/>{indent}'
            f'<w:jc w:val="both"/>{rpr(Size.TEXT)}</w:pPr>'
            f'<w:r><w:t xml:space="preserve">{{{{r {text}|rich }}}}</w:t></w:r></w:p>')


def body_blocks(items: str) -> str:
    """B3, B4 from ``items`` (a list of :class:`app.dispatch.Block`): one paragraph each, a heading
    kept with the paragraph after it and the last paragraph with the signature."""
    return (tag(f"{{%p for b in {items} %}}")
            + tag("{%p if b.kind == 'heading' or loop.last %}") + body_para("b.runs", rich=True, keep_next=True)
            + tag("{%p else %}") + body_para("b.runs", rich=True)
            + tag("{%p endif %}") + tag("{%p endfor %}"))


def basis_block() -> str:
    """B2 from ``v.basis``: the legal grounds, one italic paragraph each."""
    return tag("{%p for line in v.basis %}") + body_para("line", italic=True) + tag("{%p endfor %}")


def signature_table(columns: Columns) -> str:
    """ô 9b and ô 7 side by side: the distribution list on the left, the signer on the right."""
    return table([columns.left, columns.right],
                 [row([cell(columns.left, distribution_cell()), cell(columns.right, signer_cell())])],
                 indent=columns.indent)


def numbered_document(columns: Columns, page: Page, middle: str) -> str:
    """A numbered named document (Tờ trình, Quyết định): the header with ô 3 and ô 4, the title
    block (H8), ``middle``, then Nơi nhận beside the signer."""
    return header_table(columns, numbered_row()) + title_block(page) + middle + signature_table(columns)


def signed_box_cell(box: str, above: str = "") -> str:
    """A signature box with room to sign and seal, then the signer's name when the view knows it."""
    return (sign_box_cell(box, above)
            + para(f"{{{{ {box}.name }}}}", Size.FORM_TEXT, bold=True, before=1700))


def new_document(page: Page, text_size: int, title: str, *, line: int = 240) -> Document:
    """A blank document on ``page`` (P1, P2) with Times New Roman ``text_size`` as the default (P3)
    and the page number centred in the header from page 2 (P4).

    Paragraphs that set no line spacing of their own get ``line`` (240ths of a line: 240 single,
    276 Word's 1.15) and no space after.
    """
    doc = Document()
    _set_defaults(doc, text_size)
    normal = doc.styles["Normal"].paragraph_format
    normal.space_after = 0
    normal.line_spacing = line / 240
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE if page.width_mm > page.height_mm else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(page.width_mm), Mm(page.height_mm)
    section.top_margin, section.bottom_margin = Twips(twips(page.top_mm)), Twips(twips(page.bottom_mm))
    section.left_margin, section.right_margin = Twips(twips(page.left_mm)), Twips(twips(page.right_mm))
    section.header_distance = section.footer_distance = Mm(page.header_mm)
    section.different_first_page_header_footer = True
    section.first_page_header.is_linked_to_previous = False  # an empty header: no number on page 1
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    field = [('<w:fldChar w:fldCharType="begin"/>'), '<w:instrText xml:space="preserve"> PAGE </w:instrText>',
             '<w:fldChar w:fldCharType="separate"/>', "<w:t>2</w:t>", '<w:fldChar w:fldCharType="end"/>']
    for part in field:
        paragraph._p.append(parse_xml(f'<w:r {nsdecls("w")}>{rpr(Size.PAGE_NUMBER)}{part}</w:r>'))
    props = doc.core_properties
    props.title, props.author, props.comments, props.language = title, "vanthu", "", "vi-VN"
    return doc


def save(doc: Document, body_xml: str, path: Path) -> Path:
    """Put ``body_xml`` into ``doc``'s body (before its section properties), prune it, save."""
    body = doc.element.body
    sect_pr = body.find(qn("w:sectPr"))
    for child in list(body):
        if child is not sect_pr:
            body.remove(child)
    for element in parse_xml(f"<w:body {nsdecls('w')}>{body_xml}</w:body>"):
        sect_pr.addprevious(element)
    _prune_styles(doc)
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(path))
    return path


def _set_defaults(doc: Document, size: int) -> None:
    """Times New Roman ``size`` as the document default, theme fonts removed (P3), Vietnamese.

    python-docx's blank document points its defaults at the theme's Calibri/Cambria; Word
    would show those wherever a run has no font of its own.
    """
    styles = doc.styles.element
    for rfonts in styles.iter(qn("w:rFonts")):
        for attr in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
            rfonts.attrib.pop(qn(f"w:{attr}"), None)
        for attr in ("ascii", "hAnsi", "eastAsia", "cs"):
            rfonts.set(qn(f"w:{attr}"), FONT)
    rpr_default = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    for name in ("w:sz", "w:szCs", "w:lang"):
        for old in rpr_default.findall(qn(name)):
            rpr_default.remove(old)
    for xml in (f'<w:sz {nsdecls("w")} w:val="{size * 2}"/>', f'<w:szCs {nsdecls("w")} w:val="{size * 2}"/>',
                f'<w:lang {nsdecls("w")} w:val="vi-VN" w:eastAsia="vi-VN" w:bidi="ar-SA"/>'):
        rpr_default.append(parse_xml(xml))
    # Normal: single lines, no space after; body paragraphs set their own spacing (B3).
    doc.styles["Normal"].font.name = FONT


def _prune_styles(doc: Document) -> None:
    """Keep only the styles in use and drop stylesWithEffects.xml.

    python-docx's default template carries ~900 KB of style XML (every built-in style, latent
    styles, a Word 2010 copy of them all). LibreOffice parses all of it for every document it
    converts, so a batch of a thousand PDFs spends most of its time there.
    """
    styles = doc.styles.element
    latent = styles.find(qn("w:latentStyles"))
    if latent is not None:
        styles.remove(latent)
    xml = doc.element.xml + "".join(rel.target_part.blob.decode("utf-8")
                                    for rel in doc.part.rels.values() if rel.reltype.endswith(("/header", "/footer")))
    used = set(re.findall(r'w:(?:pStyle|rStyle|tblStyle|numStyle) w:val="([^"]+)"', xml))
    by_id = {s.get(qn("w:styleId")): s for s in styles.findall(qn("w:style"))}
    keep = {sid for sid, s in by_id.items() if s.get(qn("w:default")) in ("1", "true")} | used
    pending = list(keep)
    while pending:  # follow basedOn / link / next so that a kept style's parents stay too
        style = by_id.get(pending.pop())
        for ref_tag in ("w:basedOn", "w:link", "w:next"):
            ref = style.find(qn(ref_tag)) if style is not None else None
            target = ref.get(qn("w:val")) if ref is not None else None
            if target in by_id and target not in keep:
                keep.add(target)
                pending.append(target)
    for sid, style in by_id.items():
        if sid not in keep:
            styles.remove(style)
    for r_id, rel in list(doc.part.rels.items()):
        if rel.reltype.endswith("/stylesWithEffects"):
            del doc.part.rels[r_id]
