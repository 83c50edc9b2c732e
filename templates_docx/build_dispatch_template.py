"""Build ``templates_docx/dispatch.docx``, the docxtpl template of the công văn.

Run ``.venv/bin/python templates_docx/build_dispatch_template.py`` after changing the layout and
commit the result. It is an ordinary Word file with Jinja tags over the dispatch's view ``v``
(:class:`app.dispatch.DispatchView`): a clerk can open it in Word, adjust spacing or wording around
the tags, and save it; vanthu renders whatever is there. The header, signer and distribution
blocks are the shared ones of ``blocks.py``; row ids (H5, B1 …) are those of ``docs/nd30.md``.
"""

from __future__ import annotations

import sys
from pathlib import Path

from blocks import (
    cell,
    distribution_cell,
    header_table,
    new_document,
    para,
    row,
    rpr,
    save,
    signer_cell,
    table,
    tag,
    text_width,
)

from app.layout import DISPATCH_HEADER, FIRST_LINE_INDENT, PORTRAIT, Columns, Label, Size

OUT = Path(__file__).resolve().parent / "dispatch.docx"

ADDRESSEE_START = 1701                 # twips: "Kính gửi:" starts 3 cm in
ADDRESSEE_TAB = 2892                   # twips: where the addressees start (3 cm + width of "Kính gửi: ")
TEXT_WIDTH = text_width(PORTRAIT)         # twips: a table in the body spans the text (app.dispatch.TEXT_WIDTH)
BODY_SPACING = ' w:line="240" w:lineRule="auto"'  # single lines, 6 pt between paragraphs (B3)


def number_and_date() -> tuple[str, str]:
    """ô 3 and 5b (H5, H7) on the left, ô 4 (H6) on the right."""
    left = (para("{{ v.number_symbol }}", Size.NUMBER, before=160)
            + para("{{ v.subject_lines|lines }}", Size.SUBJECT, before=120))
    return left, para("{{ v.place_date }}", Size.PLACE_DATE, italic=True, before=160)


def header(columns: Columns) -> str:
    """The shared header table (ô 1-5) with its two columns as wide as the view says: a dispatch may
    widen the left one (``dispatch.header_left_mm``), the table's width staying the same."""
    xml = header_table(columns, number_and_date())
    for width, expr in ((columns.left, "v.header.width"), (columns.right, "v.header_right")):
        xml = xml.replace(f'w:w="{width}"', f'w:w="{{{{ {expr} }}}}"').replace(f"rule_indent({width},", f"rule_indent({expr},")
    return xml


def addressees() -> str:
    """Kính gửi (B1): the first addressee on the label's line, the others aligned under it; or,
    when the dispatch says so (``v.addressee_alone``), the label alone on its line and every
    addressee under it, the dashes under the label's colon."""
    run = rpr(Size.TEXT)
    label_ppr = (f'<w:pPr><w:tabs><w:tab w:val="left" w:pos="{ADDRESSEE_TAB}"/></w:tabs>'
                 '<w:spacing w:before="360" w:after="120"/>'
                 f'<w:ind w:left="{ADDRESSEE_TAB}" w:hanging="{ADDRESSEE_TAB - ADDRESSEE_START}"/><w:jc w:val="left"/>'
                 f'{run}</w:pPr><w:r>{run}<w:t xml:space="preserve">{Label.ADDRESSEE}</w:t></w:r>')
    first = (f'<w:p>{label_ppr}<w:r>{run}<w:tab/></w:r>'
             f'<w:r>{run}<w:t xml:space="preserve">{{{{ v.addressees[0] }}}}</w:t></w:r></w:p>')
    others = para("{{ a }}", Size.TEXT, align="left", after=120, indent=f'<w:ind w:left="{ADDRESSEE_TAB}"/>')
    return (tag("{%p if v.addressee_alone %}") + f"<w:p>{label_ppr}</w:p>"
            + tag("{%p for a in v.addressees %}") + others + tag("{%p endfor %}")
            + tag("{%p else %}") + first
            + tag("{%p for a in v.addressees[1:] %}") + others + tag("{%p endfor %}")
            + tag("{%p endif %}"))


def body() -> str:
    """ô 6 (B3, B4): justified paragraphs, first-line indent, 6 pt apart; headings bold.

    A heading keeps with the paragraph after it, and the closing paragraph with the signature.
    """
    def rich_para(keep_next: bool) -> str:
        keep = "<w:keepNext/>" if keep_next else ""
        return (f'<w:p><w:pPr>{keep}<w:widowControl/><w:spacing w:before="0" w:after="120"{BODY_SPACING}/>'
                f'<w:ind w:firstLine="{FIRST_LINE_INDENT}"/><w:jc w:val="both"/>{rpr(Size.TEXT)}</w:pPr>'
                '<w:r><w:t xml:space="preserve">{{r b.runs|rich }}</w:t></w:r></w:p>')

    return (tag("{%p for b in v.body %}")
            + tag("{%p if b.kind == 'table' %}") + body_table()
            + tag("{%p elif b.kind == 'heading' or loop.last %}") + rich_para(True)
            + tag("{%p else %}") + rich_para(False)
            + tag("{%p endif %}")
            + tag("{%p endfor %}"))


def body_table() -> str:
    """A part's table: lined, as wide as the text, its rows and cells looped (docxtpl's ``{%tr %}``
    and ``{%tc %}``; its grid follows the cell count when rendered), 13 pt, then a gap."""
    def loop_row(text: str) -> str:
        return row([cell(TEXT_WIDTH, para(text, Size.FORM_TEXT))])

    cells = (cell("{{ b.cell_width }}", para("{%tc for c in r %}", Size.FORM_TEXT))
             + cell("{{ b.cell_width }}", para("{{ c }}", Size.FORM_TEXT, align="left", before=40, after=40))
             + cell("{{ b.cell_width }}", para("{%tc endfor %}", Size.FORM_TEXT)))
    rows = [loop_row("{%tr for r in b.rows %}"), row([cells]), loop_row("{%tr endfor %}")]
    return table([TEXT_WIDTH], rows, borders=True) + para("", Size.TEXT, after=120)


def build(path: Path = OUT) -> Path:
    """Write the template to ``path``."""
    # 1.15 lines in the header, addressee and signature blocks: Word's default, the spacing the
    # dispatch has always had there (the body sets single lines itself).
    doc = new_document(PORTRAIT, Size.TEXT, "Công văn phát động phong trào thi đua", line=276)
    columns = DISPATCH_HEADER
    signature = table([columns.left, columns.right],
                      [row([cell(columns.left, distribution_cell()), cell(columns.right, signer_cell())])],
                      indent=columns.indent)
    return save(doc, header(columns) + addressees() + body() + signature, path)


if __name__ == "__main__":
    print(build(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT))
