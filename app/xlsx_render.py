"""A checklist as a protected workbook the unit fills in and sends back, from its view alone."""

from __future__ import annotations

import math
import os
from pathlib import Path
from typing import Any

from app.checklist import ChecklistView
from app.fsutil import atomic_output
from app.layout import CHECKLIST_COLUMNS, FONT, LANDSCAPE, Label, Size
from app.textmarkup import Run

__all__ = ["write_checklist_xlsx", "XLSX_HEADER_ROW"]

XLSX_HEADER_ROW = 8
_MM = 1 / 25.4  # openpyxl's page margins are in inches


def write_checklist_xlsx(view: ChecklistView, target: str | os.PathLike[str]) -> Path:
    """Write ``view`` as a workbook: everything locked except the input cells (Kết quả thực hiện,
    Ghi chú), the rate a formula, Times New Roman throughout, A4 landscape with the header row
    repeated on every printed page and page numbers from page 2.
    """
    from openpyxl import Workbook
    from openpyxl.cell.rich_text import CellRichText, TextBlock
    from openpyxl.cell.text import InlineFont
    from openpyxl.styles import Alignment, Border, Font, Protection, Side
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.properties import PageSetupProperties

    def font(size: int = Size.FORM_TEXT, bold: bool = False, italic: bool = False) -> Font:
        return Font(name=FONT, size=size, bold=bold, italic=italic)

    wb = Workbook()
    ws = wb.active
    ws.title = "Chỉ tiêu"
    thin = Side(style="thin", color="000000")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    center = Alignment(horizontal="center", vertical="center", wrap_text=True)
    last = get_column_letter(len(CHECKLIST_COLUMNS))
    for i, column in enumerate(CHECKLIST_COLUMNS, start=1):
        ws.column_dimensions[get_column_letter(i)].width = column.xlsx_width

    def merged(row: int, first: str, value: str, f: Font, height: float | None = None, last_col: str = last) -> None:
        ws.merge_cells(f"{first}{row}:{last_col}{row}")
        cell = ws[f"{first}{row}"]
        cell.value, cell.font, cell.alignment = value, f, center
        if height:
            ws.row_dimensions[row].height = height

    header = view.header
    merged(1, "A", header.parent_body or "", font(Size.BODY_NAME), last_col="B")
    merged(1, "C", header.national_name, font(Size.NATIONAL_NAME, bold=True))
    merged(2, "A", header.issuing_body, font(Size.BODY_NAME, bold=True), last_col="B")
    merged(2, "C", header.motto, font(Size.MOTTO, bold=True))
    merged(4, "A", view.title, font(Size.TITLE, bold=True), 22)
    merged(5, "A", view.unit_line, font(Size.TITLE, bold=True), 20)
    merged(6, "A", view.reference, font(italic=True), 20)

    head_row = XLSX_HEADER_ROW
    for i, label in enumerate(view.columns, start=1):
        cell = ws.cell(head_row, i, label)
        cell.font, cell.alignment, cell.border = font(Size.FORM_HEADER, bold=True), center, box
    ws.row_dimensions[head_row].height = 33

    unlocked = Protection(locked=False)
    text_width = CHECKLIST_COLUMNS[1].xlsx_width
    r = head_row
    for row in view.rows:
        for k, quota in enumerate(row.quotas or (None,)):
            r += 1
            runs = row.runs if k == 0 else [Run(Label.CONTINUED.format(number=row.number), italic=True)]
            rich = CellRichText([TextBlock(InlineFont(rFont=FONT, sz=Size.FORM_TEXT, b=run.bold or None,
                                                      i=run.italic or None), run.text) for run in runs])
            if quota is not None:
                rich.append(TextBlock(InlineFont(rFont=FONT, sz=Size.FORM_HEADER, i=True), "\n" + Label.MEASURE.format(unit=quota.unit)))
            values: list[Any] = [row.number if k == 0 else None, rich, quota.value if quota else None, None,
                                 f'=IF(AND(N(C{r})>0,ISNUMBER(D{r})),D{r}/C{r},"")', None]
            for c, value in enumerate(values, start=1):
                cell = ws.cell(r, c, value)
                cell.font, cell.border = font(bold=(c == 3)), box
                cell.alignment = Alignment(horizontal="justify" if c == 2 else "center",
                                           vertical="top" if c == 2 else "center", wrap_text=True)
            ws.cell(r, 3).number_format = "#,##0"
            ws.cell(r, 4).number_format = "#,##0"
            ws.cell(r, 5).number_format = "0.0%"
            for c in (4, 6):
                ws.cell(r, c).protection = unlocked
            # openpyxl cannot measure text: estimate the wrapped height so print and screen
            # show every line (about 1.15 characters per width unit at 13 pt).
            chars = sum(len(run.text) for run in runs) + (len(quota.unit) + 14 if quota else 0)
            line_count = max(1, math.ceil(chars / (text_width * 1.05))) + (1 if quota else 0)
            ws.row_dimensions[r].height = max(20, 17.5 * line_count + 4)

    r += 2
    merged(r, "A", view.request, font(), 36)
    ws[f"A{r}"].alignment = Alignment(horizontal="justify", vertical="top", wrap_text=True)
    r += 2
    merged(r, "D", view.place_date, font(italic=True))
    # The two signature boxes side by side: the maker's under column B, the unit head's over D–F.
    for sign_row, part, f in ((r + 1, "title", font(bold=True)), (r + 2, "note", font(italic=True))):
        maker = ws[f"B{sign_row}"]
        maker.value, maker.font, maker.alignment = getattr(view.maker, part), f, center
        merged(sign_row, "D", getattr(view.head, part), f)

    # Protection: locked header and texts; a unit types only results and remarks.
    ws.protection.sheet = True
    ws.protection.formatRows = False  # may still resize rows
    ws.protection.formatColumns = False

    # Print: A4 landscape, one page wide, header row on every page, Decree 30 margins.
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.page_margins.left, ws.page_margins.right = LANDSCAPE.left_mm * _MM, LANDSCAPE.right_mm * _MM
    # 2 mm more at the top than the DOCX: Excel prints the page number inside the top margin.
    ws.page_margins.top, ws.page_margins.bottom = (LANDSCAPE.top_mm + 2) * _MM, LANDSCAPE.bottom_mm * _MM
    ws.page_margins.header = LANDSCAPE.header_mm * _MM
    ws.print_title_rows = f"{head_row}:{head_row}"
    ws.print_options.horizontalCentered = True
    ws.HeaderFooter.differentFirst = True
    ws.oddHeader.center.text = "&P"
    ws.oddHeader.center.font = f"{FONT},Regular"
    ws.oddHeader.center.size = Size.PAGE_NUMBER
    ws.freeze_panes = f"A{head_row + 1}"

    with atomic_output(target) as tmp:
        wb.save(tmp)
    return Path(target)
