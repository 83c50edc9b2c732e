"""The scoreboard as a workbook, from its view alone: the scores (sheet "Bảng điểm") and what each
unit reported (sheet "Kết quả báo cáo").

Numbers are stored as numbers (the office sorts and sums them); every text is stored as text,
never as a formula, whatever it starts with: a unit or award name, or an override's reason,
typed as ``=HYPERLINK(…)`` or ``+1`` stays those characters (no formula injection).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from app import sheets
from app.fsutil import atomic_output
from app.layout import FONT, Size
from app.linebreak import one_line
from app.scoreboard import ScoreboardView, ScoreCell
from app.scoring_rules import Method

__all__ = ["write_scoreboard_xlsx", "HEADER_ROW", "SCORE_SHEET", "REPORT_SHEET"]

HEADER_ROW = 7
SCORE_SHEET = "Bảng điểm"
REPORT_SHEET = "Kết quả báo cáo"
TEXT = 11  # the tables' text (points)


def _headings(view: ScoreboardView) -> list[tuple[str, int]]:
    """The score sheet's columns: heading and width (characters)."""
    c = view.columns
    return ([(c["number"], 5), (c["unit"], 24), ("Loại", 10)]
            + [(f"Chỉ tiêu {t.number} ({t.max_text} điểm)", 9) for t in view.targets]
            + [(c["base"], 10), (c["bonus"], 9), (c["penalty"], 9), (c["total"], 10), (c["rank"], 7),
               ("Đề nghị theo quy chế", 30), (c["award"], 30), ("Lý do điều chỉnh", 30), ("Ghi chú", 30)])


def _reported(cell: ScoreCell) -> float | str:
    """A number as a number; đạt / không đạt as text; "" not reported, "—" not the unit's target."""
    if not cell.carried:
        return "—"
    if cell.achieved is None:
        return ""
    return cell.reported if cell.method is Method.pass_fail and not cell.quota else cell.achieved


def write_scoreboard_xlsx(view: ScoreboardView, target: str | os.PathLike[str]) -> Path:
    """Write ``view`` as a workbook at ``target`` (atomically): Times New Roman, A4 landscape
    fitted to the page width, the heading row repeated on every printed page, panes frozen."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.properties import PageSetupProperties

    thin = Side(style="thin", color="000000")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    centre = Alignment(horizontal="center", vertical="center", wrap_text=True)
    left = Alignment(horizontal="left", vertical="center", wrap_text=True)

    def font(size: int = TEXT, bold: bool = False, italic: bool = False) -> Font:
        return Font(name=FONT, size=size, bold=bold, italic=italic)

    def put(ws: Any, r: int, c: int, value: Any, *, bold: bool = False, italic: bool = False, size: int = TEXT,
            align: Alignment = centre, border: bool = True) -> None:
        cell = sheets.put(ws.cell(r, c), value)  # "=…" stays text, a number a number
        cell.font, cell.alignment = font(size, bold, italic), align
        if border:
            cell.border = box

    def sheet(ws: Any, title: str, columns: list[tuple[str, int]]) -> None:
        ws.title = title
        last = len(columns)
        for i, (_label, width) in enumerate(columns, start=1):
            ws.column_dimensions[get_column_letter(i)].width = width
        half = max(2, last // 2)
        header = view.header
        for r, (left_text, right_text, bold_left, size) in enumerate(
                ((one_line(header.parent_body or ""), header.national_name, False, Size.NATIONAL_NAME),
                 (one_line(header.issuing_body), header.motto, True, Size.MOTTO)), start=1):
            ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=half - 1)
            ws.merge_cells(start_row=r, start_column=half, end_row=r, end_column=last)
            put(ws, r, 1, left_text, bold=bold_left, size=Size.BODY_NAME, border=False)
            put(ws, r, half, right_text, bold=True, size=size, border=False)
        for r, text, italic in ((4, view.title, False), (5, view.subtitle, True)):
            ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=last)
            put(ws, r, 1, text, bold=not italic, italic=italic, size=Size.TITLE if not italic else TEXT, border=False)
        for i, (label, _width) in enumerate(columns, start=1):
            put(ws, HEADER_ROW, i, label, bold=True, size=TEXT - 1)
        ws.row_dimensions[HEADER_ROW].height = 45
        ws.freeze_panes = ws.cell(HEADER_ROW + 1, 3)
        ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
        ws.page_setup.orientation, ws.page_setup.paperSize = "landscape", ws.PAPERSIZE_A4
        ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
        ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
        ws.oddFooter.center.text = "&P/&N"

    wb = Workbook()
    scores = wb.active
    sheet(scores, SCORE_SHEET, _headings(view))
    for r, row in enumerate(view.rows, start=HEADER_ROW + 1):
        cells: list[Any] = [c.score if c.carried else "—" for c in row.cells]
        first: list[Any] = [row.number, row.unit_label, row.kind]
        points: list[Any] = [row.base, row.bonus, row.penalty, row.total, row.rank]
        texts = [row.proposed, row.award, row.reason or "", "; ".join(row.bonus_items + row.penalty_items
                                                                     + ([row.missing_note] if row.missing else []))]
        ends = len(first + cells + points)  # the last points column: the rank, after the total
        for c, value in enumerate(first + cells + points + texts, start=1):
            put(scores, r, c, value, bold=c in (ends - 1, ends), align=left if c in (2, 3) or c > ends else centre)
            if c > len(first) and isinstance(value, float | int):
                scores.cell(r, c).number_format = "0.##"

    report = wb.create_sheet()
    with_quota = [any(row.cells[i].quota for row in view.rows) for i in range(len(view.targets))]
    columns = [(view.columns["number"], 5), (view.columns["unit"], 24)]
    for t, quota in zip(view.targets, with_quota, strict=True):
        columns += ([(f"Chỉ tiêu {t.number}: giao", 10)] if quota else []) + [(f"Chỉ tiêu {t.number}: kết quả", 10)]
    sheet(report, REPORT_SHEET, columns)
    for r, row in enumerate(view.rows, start=HEADER_ROW + 1):
        values = [row.number, row.unit_label]
        for cell, quota in zip(row.cells, with_quota, strict=True):
            values += ([cell.quota if cell.quota is not None else ""] if quota else []) + [_reported(cell)]
        for c, value in enumerate(values, start=1):
            put(report, r, c, value, align=left if c == 2 else centre)
            if isinstance(value, float | int) and c > 2:
                report.cell(r, c).number_format = "#,##0.##"

    with atomic_output(target) as tmp:
        wb.save(tmp)
    return Path(target)
