"""A checklist as a protected workbook the unit fills in and sends back, from its view alone.

So that the office can read it back safely (:mod:`app.results_import`), the workbook carries a
very hidden, protected sheet ``vanthu`` (:data:`ID_SHEET`): the format, the campaign (year,
issuing body, dispatch number), the unit and a SHA-256 fingerprint (A1:B6); from row 8 each input
row of the main sheet with its result key, kind and metric (A:D); and the value of every locked
cell that carries the form (header, STT, targets' texts, quotas: F:G). The fingerprint covers all
of it (:func:`fingerprint`), so an edited identity sheet is noticed, and a changed locked cell is
found by comparing it with its value kept there.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from app import sheets
from app.checklist import ChecklistView, Entry
from app.fsutil import atomic_output
from app.layout import CHECKLIST_COLUMNS, FONT, LANDSCAPE, Label, Size
from app.linebreak import one_line
from app.textmarkup import Run

__all__ = [
    "write_checklist_xlsx", "XLSX_HEADER_ROW", "MAIN_SHEET", "ID_SHEET", "FORMAT", "ID_FIELDS", "ENTRY_ROW",
    "ENTRY_COLUMNS", "CELL_COLUMN", "INPUT_NOTE", "canonical", "locked_cells", "fingerprint",
]

XLSX_HEADER_ROW = 8
_MM = 1 / 25.4  # openpyxl's page margins are in inches

MAIN_SHEET = "Chỉ tiêu"
ID_SHEET = "vanthu"
FORMAT = "vanthu-checklist/1"
# The identity sheet: these fields in A1:B6 (B holds the value), then from ENTRY_ROW one row per
# input row of the main sheet (row number, result key, kind "number" / "pass_fail" / "office",
# metric id) in A:D, and the locked cells (coordinate, value) in F:G.
ID_FIELDS = ("format", "year", "issuer", "dispatch", "unit", "fingerprint")
ENTRY_ROW = 8
ENTRY_COLUMNS = 4
CELL_COLUMN = 6
# Locked cells of the main sheet in the fingerprint besides each input row's A–C (STT, target, quota).
_FIXED_CELLS = ("A1", "C1", "A2", "C2", "A4", "A5", "A6")
INPUT_NOTE = ("Cách ghi cột “Kết quả thực hiện”: dòng có chỉ tiêu giao ghi số đạt được (ví dụ 1250); dòng không "
              "có số chọn “đạt” hoặc “không đạt” (hoặc ghi 1 / 0); để trống nếu chưa có kết quả. Các ô khác đã "
              "khóa và được kiểm tra khi nhập bảng này vào phần mềm: không sửa, không thêm dòng.")


def canonical(value: Any) -> str:
    """A cell's value as the fingerprint reads it, the same after Excel or LibreOffice saved the
    file again: rich text as its plain text, ``30`` and ``30.0`` alike, line ends as ``\\n``."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, (int, float)):
        return str(int(value)) if float(value).is_integer() else repr(float(value))
    return str(value).replace("\r\n", "\n").replace("\r", "\n")


def locked_cells(ws: Any, rows: Iterable[int]) -> list[list[str]]:
    """``[coordinate, canonical value]`` of the main sheet's locked cells that carry the form:
    the header, and STT, target and quota of each input row."""
    coordinates = [*_FIXED_CELLS, *(f"{column}{row}" for row in rows for column in "ABC")]
    return [[coordinate, canonical(ws[coordinate].value)] for coordinate in coordinates]


def fingerprint(identity: dict[str, str], entries: list[list[str]], cells: list[list[str]]) -> str:
    """SHA-256 of the identity (without the fingerprint), the input rows and the locked cells' values."""
    payload = {"identity": {k: v for k, v in identity.items() if k != "fingerprint"},
               "entries": entries, "cells": cells}
    text = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


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
    ws.title = MAIN_SHEET
    thin = Side(style="thin", color="000000")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    center = Alignment(horizontal="center", vertical="center", wrap_text=True)
    last = get_column_letter(len(CHECKLIST_COLUMNS))
    for i, column in enumerate(CHECKLIST_COLUMNS, start=1):
        ws.column_dimensions[get_column_letter(i)].width = column.xlsx_width

    def merged(row: int, first: str, value: str, f: Font, height: float | None = None, last_col: str = last) -> None:
        ws.merge_cells(f"{first}{row}:{last_col}{row}")
        cell = sheets.put(ws[f"{first}{row}"], value)
        cell.font, cell.alignment = f, center
        if height:
            ws.row_dimensions[row].height = height

    header = view.header
    # One row each: a line break typed in a name is a space here (the DOCX keeps it).
    merged(1, "A", one_line(header.parent_body or ""), font(Size.BODY_NAME), last_col="B")
    merged(1, "C", header.national_name, font(Size.NATIONAL_NAME, bold=True))
    merged(2, "A", one_line(header.issuing_body), font(Size.BODY_NAME, bold=True), last_col="B")
    merged(2, "C", header.motto, font(Size.MOTTO, bold=True))
    merged(4, "A", view.title, font(Size.TITLE, bold=True), 22)
    merged(5, "A", view.unit_line, font(Size.TITLE, bold=True), 20)
    merged(6, "A", view.reference, font(italic=True), 20)

    head_row = XLSX_HEADER_ROW
    for i, label in enumerate(view.columns, start=1):
        cell = sheets.put(ws.cell(head_row, i), label)
        cell.font, cell.alignment, cell.border = font(Size.FORM_HEADER, bold=True), center, box
    ws.row_dimensions[head_row].height = 33
    merged(head_row - 1, "A", INPUT_NOTE, font(Size.FORM_HEADER, italic=True), 30)
    ws[f"A{head_row - 1}"].alignment = Alignment(horizontal="left", vertical="center", wrap_text=True)

    unlocked = Protection(locked=False)
    text_width = CHECKLIST_COLUMNS[1].xlsx_width
    inputs: list[tuple[int, Entry]] = []
    r = head_row
    for row in view.rows:
        for k, entry in enumerate(row.entries):
            quota = entry.quota
            r += 1
            inputs.append((r, entry))
            runs = row.runs if k == 0 else [Run(Label.CONTINUED.format(number=row.number), italic=True)]
            rich = CellRichText([TextBlock(InlineFont(rFont=FONT, sz=Size.FORM_TEXT, b=run.bold or None,
                                                      i=run.italic or None), run.text) for run in runs])
            if quota is not None:
                rich.append(TextBlock(InlineFont(rFont=FONT, sz=Size.FORM_HEADER, i=True), "\n" + Label.MEASURE.format(unit=quota.unit)))
            values: list[Any] = [row.number if k == 0 else None, rich, quota.value if quota else None, None,
                                 f'=IF(AND(N(C{r})>0,ISNUMBER(D{r})),D{r}/C{r},"")', None]
            for c, value in enumerate(values, start=1):
                # Column E is our own formula (the rate); every other value is data.
                cell = ws.cell(r, c, value) if c == 5 else sheets.put(ws.cell(r, c), value)
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
        maker = sheets.put(ws[f"B{sign_row}"], getattr(view.maker, part))
        maker.font, maker.alignment = f, center
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
    _validate_inputs(ws, inputs)
    _identity_sheet(wb, ws, view, inputs)

    with atomic_output(target) as tmp:
        wb.save(tmp)
    return Path(target)


def _validate_inputs(ws: Any, inputs: list[tuple[int, Entry]]) -> None:
    """Excel refuses, as the unit types, what the import would refuse: a negative number, a word."""
    from openpyxl.worksheet.datavalidation import DataValidation

    numbers = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True,
                             showErrorMessage=True, errorTitle="Kết quả thực hiện",
                             error="Ghi số đạt được (số không âm), ví dụ 1250.")
    passed = DataValidation(type="list", formula1='"đạt,không đạt"', allow_blank=True, showErrorMessage=True,
                            errorTitle="Kết quả thực hiện", error="Chọn “đạt” hoặc “không đạt”.")
    for row, entry in inputs:
        if entry.kind == "number":
            numbers.add(f"D{row}")
        elif entry.kind == "pass_fail":
            passed.add(f"D{row}")
    for validation in (numbers, passed):
        if validation.sqref:
            ws.add_data_validation(validation)


def _identity_sheet(wb: Any, ws: Any, view: ChecklistView, inputs: list[tuple[int, Entry]]) -> None:
    """The very hidden, protected sheet that names the campaign, the unit and each input row's
    result key, with the fingerprint of the form (see the module's docstring)."""
    from openpyxl.workbook.protection import WorkbookProtection

    ref = view.ref
    identity = {"format": FORMAT, "year": str(ref.year if ref else view.year), "issuer": ref.issuer if ref else "",
                "dispatch": ref.dispatch if ref else "", "unit": view.unit_name}
    entries = [[str(row), entry.key, entry.kind, (entry.quota.metric_id or "") if entry.quota else ""]
               for row, entry in inputs]
    cells = locked_cells(ws, [row for row, _entry in inputs])
    identity["fingerprint"] = fingerprint(identity, entries, cells)
    sheet = wb.create_sheet(ID_SHEET)
    tables = [(1, 1, [[field, identity[field]] for field in ID_FIELDS]),
              (ENTRY_ROW - 1, 1, [["row", "key", "kind", "metric"], *entries]),
              (ENTRY_ROW - 1, CELL_COLUMN, [["cell", "value"], *cells])]
    for first_row, first_column, rows in tables:
        for i, values in enumerate(rows, start=first_row):
            for c, value in enumerate(values, start=first_column):
                sheets.put(sheet.cell(i, c), value)  # kept as text, even a value starting with "="
    sheet.protection.sheet = True
    sheet.sheet_state = "veryHidden"  # Excel's "Unhide" does not list it
    wb.security = WorkbookProtection(lockStructure=True)  # no sheet added, renamed or shown
