"""Build ``templates_docx/achievement.docx``, the docxtpl template of an achievement report.

Run ``.venv/bin/python templates_docx/build_achievement_template.py`` after changing the layout and
commit the result. The template reads the view ``v`` (:class:`app.achievement.AchievementView`),
one for collectives and people alike: the nominee's unit in the header with the date left to fill
in, the title block (H8) and the nominee's name, parts I–III with the targets' table (collectives)
and the past awards' table, then the two signature boxes: who confirms on the left, who reports on
the right.
"""

from __future__ import annotations

import sys
from pathlib import Path

from blocks import (
    body_para,
    cell,
    header_table,
    new_document,
    para,
    row,
    save,
    signed_box_cell,
    table,
    tag,
    title_block,
    twips,
)

from app.layout import DISPATCH_HEADER, PAST_AWARD_COLUMNS, PORTRAIT, REPORT_SIGNATURE, RESULT_COLUMNS, Size

OUT = Path(__file__).resolve().parent / "achievement.docx"
CELL_PADDING = twips(1.5)
CELL_SPACING = 30  # twips above and below the text of a table cell
ROW_HEIGHT = twips(8)  # a past award's row: room to write one in by hand


def data_table(columns, names: str, item: str, fields: list[str], long_text: bool = False) -> str:
    """A bordered table: the header row from ``v.<names>`` (repeated on each page, kept with the
    first row), one row per item; a short table's rows (not ``long_text``) keep together and with
    what follows (the signatures)."""
    widths = [twips(column.mm) for column in columns]
    size = Size.REPORT_TABLE

    def text(expr: str, align: str = "center", bold: bool = False, keep: bool = not long_text) -> str:
        return para(expr, size, bold=bold, align=align, before=CELL_SPACING, after=CELL_SPACING, keep_next=keep)

    head = row([cell(w, text(f"{{{{ v.{names}[{i}] }}}}", bold=True, keep=True), valign="center")
                for i, w in enumerate(widths)], repeat=True)
    cells = []
    for i, (width, field) in enumerate(zip(widths, fields, strict=True)):
        if i == 1 and long_text:
            cells.append(cell(width, text(f"{{{{r x.{field}|rich({size}) }}}}", align="both")))
        else:
            cells.append(cell(width, text(f"{{{{ x.{field} }}}}", align="left" if i == 1 else "center"),
                              valign="center"))
    loop = [row([cell(widths[0], tag(s))] + [cell(w, text("")) for w in widths[1:]])
            for s in (f"{{%tr for x in {item} %}}", "{%tr endfor %}")]
    data = row(cells, cant_split=not long_text, height=0 if long_text else ROW_HEIGHT)
    return table(widths, [head, loop[0], data, loop[1]], borders=True, cell_margin=CELL_PADDING, centred=True)


def part(index: int, paragraphs: str = "") -> str:
    """A part's bold heading (B4), kept with what follows, then its paragraphs (if any)."""
    heading = body_para(f"v.headings[{index}]", bold=True, keep_next=True)
    return heading + (tag(f"{{%p for p in {paragraphs} %}}") + body_para("p") + tag("{%p endfor %}") if paragraphs else "")


def build(path: Path = OUT) -> Path:
    """Write the template to ``path``."""
    doc = new_document(PORTRAIT, Size.TEXT, "Báo cáo thành tích", line=276)
    date = para("{{ v.place_date }}", Size.PLACE_DATE, italic=True, before=160)
    name = para("{{ v.name_line }}", Size.TITLE, bold=True, before=120, after=240)
    results = (tag("{%p if v.results %}")
               + data_table(RESULT_COLUMNS, "result_columns", "v.results",
                            ["number", "runs", "quota", "achieved", "score"], long_text=True)
               + para("", Size.TEXT, after=120) + tag("{%p endif %}"))
    after = tag("{%p for p in v.after_results %}") + body_para("p") + tag("{%p endfor %}")
    awards = data_table(PAST_AWARD_COLUMNS, "award_columns", "v.past_awards", ["year", "form", "decision", "issuer"])
    sign = REPORT_SIGNATURE
    signatures = table([sign.left, sign.right], [row([cell(sign.left, signed_box_cell("v.left")),
                                                      cell(sign.right, signed_box_cell("v.right"))])],
                       indent=sign.indent)
    # An empty paragraph between two tables: with none, Word and LibreOffice join them into one.
    body = (header_table(DISPATCH_HEADER, (para("", Size.NUMBER), date)) + title_block(PORTRAIT) + name
            + part(0, "v.profile") + part(1, "v.achievements") + results + after + part(2) + awards
            + para("", Size.TEXT, after=120, keep_next=True) + signatures)
    return save(doc, body, path)


if __name__ == "__main__":
    print(build(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT))
