"""Build ``templates_docx/checklist.docx``, the docxtpl template of a unit's target checklist.

Run ``.venv/bin/python templates_docx/build_checklist_template.py`` after changing the layout and
commit the result. The template reads the checklist's view ``v`` (:class:`app.checklist.ChecklistView`):
A4 landscape (a wide table is the one case the decree allows it, P1), the shared header block,
then a table whose header row repeats on every page and whose rows never split, with a fixed
layout and grid widths because LibreOffice ignores preferred widths without them; last the
unit's two signature boxes.
"""

from __future__ import annotations

import sys
from pathlib import Path

from blocks import cell, header_table, new_document, para, row, save, sign_box_cell, table, tag, twips

from app.layout import CHECKLIST_COLUMNS, CHECKLIST_HEADER, CHECKLIST_SIGNATURE, LANDSCAPE, Size

OUT = Path(__file__).resolve().parent / "checklist.docx"
CELL_PADDING = twips(1.5)
CELL_SPACING = 40  # twips above and below the text of a table cell


def checklist_table() -> str:
    """The header row (repeated on each page), then one row per target ({%tr %} rows vanish)."""
    widths = [twips(column.docx_mm) for column in CHECKLIST_COLUMNS]

    def centred(text: str, size: float = Size.FORM_TEXT, bold: bool = False) -> str:
        return para(text, size, bold=bold, before=CELL_SPACING, after=CELL_SPACING)

    head = row([cell(w, centred(f"{{{{ v.columns[{i}] }}}}", Size.FORM_HEADER, bold=True), valign="center")
                for i, w in enumerate(widths)], repeat=True)
    loop_open = row([cell(widths[0], tag("{%tr for row in v.rows %}"))] + [cell(w, centred("")) for w in widths[1:]])
    text = para("{{r row.runs|rich(%d) }}" % Size.FORM_TEXT, Size.FORM_TEXT, align="both", before=CELL_SPACING,
                after=CELL_SPACING, indent=f'<w:ind w:left="{twips(0.5)}"/>')
    quota = para("{{r row.quota_runs|stacked(%d, %d) }}" % (Size.FORM_TEXT, Size.DISTRIBUTION_ITEM),
                 Size.FORM_TEXT, before=CELL_SPACING, after=CELL_SPACING)
    data = row([cell(widths[0], centred("{{ row.number }}"), valign="center"), cell(widths[1], text),
                cell(widths[2], quota, valign="center")] + [cell(w, centred(""), valign="center") for w in widths[3:]])
    loop_close = row([cell(widths[0], tag("{%tr endfor %}"))] + [cell(w, centred("")) for w in widths[1:]])
    return table(widths, [head, loop_open, data, loop_close], borders=True, cell_margin=CELL_PADDING, centred=True)


def build(path: Path = OUT) -> Path:
    """Write the template to ``path``."""
    doc = new_document(LANDSCAPE, Size.FORM_TEXT, "Bảng theo dõi thực hiện chỉ tiêu thi đua")
    titles = (para("{{ v.title }}", Size.TITLE, bold=True, before=360, keep_next=True)
              + para("{{ v.unit_line }}", Size.TITLE, bold=True, before=60, keep_next=True)
              + para("{{ v.reference }}", Size.FORM_TEXT, italic=True, before=60, after=240, keep_next=True))
    request = para("{{ v.request }}", Size.FORM_TEXT, align="both", before=240, after=120, keep_next=True,
                   indent=f'<w:ind w:firstLine="{twips(10)}"/>')
    sign = CHECKLIST_SIGNATURE
    signatures = table([sign.left, sign.right], [row([cell(sign.left, sign_box_cell("v.maker")),
                                                      cell(sign.right, sign_box_cell("v.head", "{{ v.place_date }}"))])],
                       centred=True)
    return save(doc, header_table(CHECKLIST_HEADER, centred=True) + titles + checklist_table() + request + signatures,
                path)


if __name__ == "__main__":
    built = build(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT)
    print(f"{built} ({built.stat().st_size // 1024} KB)", file=sys.stderr)
