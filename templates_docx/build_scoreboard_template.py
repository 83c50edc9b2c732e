"""Build ``templates_docx/scoreboard.docx``, the docxtpl template of the scoreboard.

Run ``.venv/bin/python templates_docx/build_scoreboard_template.py`` after changing the layout and
commit the result. The template reads the scoreboard's view ``v``
(:class:`app.scoreboard.ScoreboardView`): A4 landscape (a wide table, P1), the shared header
block, the title, then one row per unit under a two-row heading repeated on every page, rows
never split; a column per target of the campaign, so the grid is written by Jinja loops (the
targets share what the fixed columns leave of the text width); last the notes and the two
signature boxes (NGƯỜI LẬP BIỂU, the campaign's signer).
"""

from __future__ import annotations

import sys
from pathlib import Path

from blocks import cell, header_table, new_document, para, row, save, sign_box_cell, signer_cell, table, twips

from app.layout import CHECKLIST_HEADER, CHECKLIST_SIGNATURE, LANDSCAPE, SCOREBOARD_COLUMNS, Size

OUT = Path(__file__).resolve().parent / "scoreboard.docx"
TEXT = 11          # a unit's row
HEAD = 10          # the headings
SMALL = 9          # a target's score, an award's notes: twelve targets share about 105 mm
SPACE = 30         # twips above and below a cell's text
PADDING = twips(0.5)
# The fixed columns around the targets (app/layout.py); the targets share the rest of the 252 mm.
BEFORE = (("number", SCOREBOARD_COLUMNS["number"].mm), ("unit", SCOREBOARD_COLUMNS["unit"].mm))
AFTER = tuple((key, column.mm) for key, column in SCOREBOARD_COLUMNS.items() if key not in dict(BEFORE))
TARGETS = CHECKLIST_HEADER.width - sum(twips(mm) for _, mm in BEFORE + AFTER)
TARGET_WIDTH = f"{{{{ {TARGETS} // (v.targets|length or 1) }}}}"


def tc(width: int | str, content: str, *, merge: str = "", span: str = "") -> str:
    """A cell of the score table: ``merge`` "restart"/"continue" (vMerge), ``span`` a Jinja count."""
    props = f'<w:tcW w:w="{width}" w:type="dxa"/>'
    props += f'<w:gridSpan w:val="{span}"/>' if span else ""
    props += ('<w:vMerge w:val="restart"/>' if merge == "restart" else "<w:vMerge/>") if merge else ""
    return f'<w:tc><w:tcPr>{props}<w:vAlign w:val="center"/></w:tcPr>{content}</w:tc>'


def text(expr: str, size: int = TEXT, *, bold: bool = False, italic: bool = False, align: str = "center") -> str:
    return para(expr, size, bold=bold, italic=italic, align=align, before=SPACE, after=SPACE)


def score_table() -> str:
    """Two heading rows (repeated on each page), then ``{% for row in v.rows %}`` one row a unit."""
    fixed = {key: twips(mm) for key, mm in BEFORE + AFTER}

    def heading(key: str) -> str:
        return tc(fixed[key], text(f"{{{{ v.columns.{key} }}}}", HEAD, bold=True), merge="restart")

    def below(key: str) -> str:
        return tc(fixed[key], text("", HEAD), merge="continue")

    first = row([heading(k) for k, _ in BEFORE]
                + [tc(TARGETS, text("{{ v.columns.targets }}", HEAD, bold=True), span="{{ v.targets|length }}")]
                + [heading(k) for k, _ in AFTER], repeat=True)
    number = para("{{ t.number }}", HEAD, bold=True, before=SPACE)
    second = row([below(k) for k, _ in BEFORE]
                 + ["{% for t in v.targets %}" + tc(TARGET_WIDTH, number + text("({{ t.max_text }})", SMALL))
                    + "{% endfor %}"]
                 + [below(k) for k, _ in AFTER], repeat=True)
    award = (text("{{ row.award }}", TEXT, bold=True) + "{% for note in row.notes %}"
             + text("{{ note }}", SMALL, italic=True) + "{% endfor %}")
    cells = {"number": text("{{ row.number }}"), "unit": text("{{ row.unit_label }}", align="left"),
             "base": text("{{ row.base_text }}"), "bonus": text("{{ row.bonus_text }}"),
             "penalty": text("{{ row.penalty_text }}"), "total": text("{{ row.total_text }}", bold=True),
             "rank": text("{{ row.rank }}", bold=True), "award": award}
    unit = row([tc(fixed[k], cells[k]) for k, _ in BEFORE]
               + ["{% for c in row.cells %}" + tc(TARGET_WIDTH, text("{{ c.score_text }}", SMALL)) + "{% endfor %}"]
               + [tc(fixed[k], cells[k]) for k, _ in AFTER])
    grid = ("".join(f'<w:gridCol w:w="{fixed[k]}"/>' for k, _ in BEFORE)
            + f'{{% for t in v.targets %}}<w:gridCol w:w="{TARGET_WIDTH}"/>{{% endfor %}}'
            + "".join(f'<w:gridCol w:w="{fixed[k]}"/>' for k, _ in AFTER))
    # table() writes one gridCol per width given: one placeholder, replaced by the looping grid.
    xml = table([1], [first, second, "{% for row in v.rows %}" + unit + "{% endfor %}"], borders=True,
                cell_margin=PADDING, centred=True)
    return xml.replace('<w:tblW w:w="1" w:type="dxa"/>', f'<w:tblW w:w="{CHECKLIST_HEADER.width}" w:type="dxa"/>') \
        .replace('<w:tblGrid><w:gridCol w:w="1"/></w:tblGrid>', f"<w:tblGrid>{grid}</w:tblGrid>")


def build(path: Path = OUT) -> Path:
    """Write the template to ``path``."""
    doc = new_document(LANDSCAPE, Size.FORM_TEXT, "Bảng tổng hợp kết quả chấm điểm thi đua")
    titles = (para("{{ v.title }}", Size.TITLE, bold=True, before=360, keep_next=True)
              + para("{{ v.subtitle }}", Size.FORM_TEXT, italic=True, before=60, after=200, keep_next=True))
    notes = ("{% for note in v.notes %}"
             + para("{{ note }}", Size.FORM_HEADER, italic=True, align="both", before=60, keep_next=True)
             + "{% endfor %}")
    sign = CHECKLIST_SIGNATURE
    right = para("{{ v.place_date }}", Size.FORM_TEXT, italic=True, before=240) + signer_cell()
    signatures = table([sign.left, sign.right], [row([cell(sign.left, sign_box_cell("v.maker", "")),
                                                      cell(sign.right, right)])], centred=True)
    return save(doc, header_table(CHECKLIST_HEADER, centred=True) + titles + score_table() + notes + signatures, path)


if __name__ == "__main__":
    built = build(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT)
    print(f"{built} ({built.stat().st_size // 1024} KB)", file=sys.stderr)
