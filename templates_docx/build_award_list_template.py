"""Build ``templates_docx/award_list.docx``, the list annexed to a Tờ trình or a Quyết định.

Run ``.venv/bin/python templates_docx/build_award_list_template.py`` after changing the layout and
commit the result. The template reads the view ``v`` (:class:`app.award_list.AwardListView`): A4
landscape (an annex with a wide table, P1), the shared header, the title and the ``(Kèm theo …)``
line, then one table: its header row repeats on every page, no row splits, and each award form's
rows follow a full-width heading row with the form and its count.
"""

from __future__ import annotations

import sys
from pathlib import Path

from blocks import cell, header_table, new_document, para, row, save, table, tag, twips

from app.layout import AWARD_LIST_COLUMNS, CHECKLIST_HEADER, LANDSCAPE, Size

OUT = Path(__file__).resolve().parent / "award_list.docx"
CELL_PADDING = twips(1.5)
CELL_SPACING = 40  # twips above and below the text of a table cell


def list_table() -> str:
    """Header row, then per group a heading row and its rows ({%tr %} rows vanish when rendered)."""
    widths = [twips(column.mm) for column in AWARD_LIST_COLUMNS]
    size = Size.FORM_TEXT

    def text(expr: str, align: str = "left", bold: bool = False, keep_next: bool = False) -> str:
        return para(expr, size, bold=bold, align=align, before=CELL_SPACING, after=CELL_SPACING, keep_next=keep_next)

    def tag_row(statement: str) -> str:
        return row([cell(widths[0], tag(statement))] + [cell(w, text("")) for w in widths[1:]])

    head = row([cell(w, para(f"{{{{ v.columns[{i}] }}}}", Size.FORM_HEADER, bold=True, before=CELL_SPACING,
                             after=CELL_SPACING), valign="center") for i, w in enumerate(widths)], repeat=True)
    group = row([cell(sum(widths), text("{{ g.heading }}", bold=True, keep_next=True), span=len(widths))])
    fields = ("r.name", "r.position_unit", "r.award", "r.summary")
    data = row([cell(widths[0], text("{{ r.number }}", align="center"))]
               + [cell(w, text(f"{{{{ {f} }}}}")) for w, f in zip(widths[1:], fields, strict=True)])
    rows = [head, tag_row("{%tr for g in v.groups %}"), group, tag_row("{%tr for r in g.rows %}"), data,
            tag_row("{%tr endfor %}"), tag_row("{%tr endfor %}")]
    return table(widths, rows, borders=True, cell_margin=CELL_PADDING, centred=True)


def build(path: Path = OUT) -> Path:
    """Write the template to ``path``."""
    doc = new_document(LANDSCAPE, Size.FORM_TEXT, "Danh sách khen thưởng")
    titles = (para("{{ v.title }}", Size.TITLE, bold=True, before=360, keep_next=True)
              + para("{{ v.subtitle }}", Size.TITLE, bold=True, before=60, keep_next=True)
              + para("{{ v.reference }}", Size.FORM_TEXT, italic=True, before=60, after=240, keep_next=True))
    total = para("{{ v.total }}", Size.FORM_TEXT, bold=True, align="left", before=120)
    return save(doc, header_table(CHECKLIST_HEADER, centred=True) + titles + list_table() + total, path)


if __name__ == "__main__":
    print(build(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT))
