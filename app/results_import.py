"""The units' results read back from the checklist workbooks they return, all files or none.

A unit fills "Kết quả thực hiện" in its checklist XLSX (:mod:`app.xlsx_render`) and sends it
back; :func:`read_returned_checklist` reads one such file and refuses, naming the file, the sheet
and the cell, anything it cannot trust: not an XLSX or too large, not a vanthu checklist, another
campaign, a unit the campaign does not have, a locked cell changed (its value is kept on the very
hidden ``vanthu`` sheet, and a SHA-256 fingerprint covers that sheet), rows that no longer match
the campaign, or a result that is not a number (≥ 0) or đạt / không đạt. :func:`import_results`
reads a batch, and only when every file is good merges the values into the campaign's results
(``campaigns/<name>/results.yaml``) and saves them with the version check of
:func:`app.store.save`.

Targets the office scores by hand (``method: manual``) are not read from the units' files: the
office gives that score itself (on the web page of results).
"""

from __future__ import annotations

import os
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from babel.numbers import NumberFormatError, parse_decimal

from app import sheets, store, vnformat
from app.campaign import Campaign
from app.checklist import ChecklistBuilder, Entry
from app.loader import campaign_slug, load_campaign
from app.messages import join, msg
from app.records import Results, UnitResult, load_results, results_path
from app.xlsx_render import (
    CELL_COLUMN,
    ENTRY_COLUMNS,
    ENTRY_ROW,
    FORMAT,
    ID_FIELDS,
    ID_SHEET,
    MAIN_SHEET,
    canonical,
    fingerprint,
    locked_cells,
)

__all__ = [
    "ResultsImportError", "ReturnedChecklist", "UnitImport", "ImportSummary", "Source", "MAX_XLSX_BYTES",
    "parse_value", "read_returned_checklist", "import_results", "merge_values",
]

MAX_XLSX_BYTES = 1024 * 1024           # a unit's checklist is about 10 KB
_MAX_UNZIPPED_BYTES = 8 * 1024 * 1024   # what the zip may expand to (a checklist: ~60 KB)
_MAX_CELLS = 50_000                     # a checklist of 200 targets has ~3 000
MAX_VALUE = 1e12                        # as app.records.UnitResult allows
_PASSED = {"đạt": 1.0, "dat": 1.0, "1": 1.0, "không đạt": 0.0, "khong dat": 0.0, "0": 0.0}

# A file to read: its path, or (name shown in messages, bytes) for an upload.
Source = str | os.PathLike[str] | tuple[str, bytes]


class ResultsImportError(ValueError):
    """Returned checklists that cannot be imported; ``problems`` are Vietnamese lines, each naming
    the file (and, when it is about one, the sheet and the cell). Nothing was saved."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__(msg("không nhập được kết quả thực hiện, chưa lưu gì:\n  {problems}",
                             problems=join(problems, "\n  ")))


class ReturnedChecklist(NamedTuple):
    """One returned checklist: the unit's full name and its reported values by result key."""

    unit: str
    values: dict[str, float]


@dataclass(frozen=True)
class UnitImport:
    """What one file brought: the unit, the file, its values and how many of them changed."""

    unit: str
    source: str
    values: dict[str, float]
    changed: int
    not_reported: list[str] = field(default_factory=list)  # keys left empty in the file


@dataclass(frozen=True)
class ImportSummary:
    """A batch imported: the results file written (``None`` when nothing changed) and each unit."""

    path: Path | None
    units: list[UnitImport]

    @property
    def changed(self) -> int:
        return sum(u.changed for u in self.units)


def parse_value(kind: str, raw: Any, maximum: float | None = None) -> float | None:
    """A result as typed in a cell or a form: ``None`` when empty (not reported).

    ``kind`` "number": a number ≥ 0 (a text number is read the Vietnamese way: ``1.250``,
    ``12,5``); "pass_fail": 1 / 0 or "đạt" / "không đạt"; "office": a score from 0 to ``maximum``.
    Raises ``ValueError`` with the Vietnamese reason.
    """
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if kind == "pass_fail":
        if isinstance(raw, (bool, int, float)) and float(raw) in (0.0, 1.0):
            return float(raw)
        text = unicodedata.normalize("NFC", str(raw)).strip().casefold()
        if text in _PASSED:
            return _PASSED[text]
        raise ValueError(msg("ghi “đạt” hoặc “không đạt” (hoặc 1 / 0), không phải “{raw}”", raw=raw))
    if isinstance(raw, bool) or not isinstance(raw, (int, float, str)):
        raise ValueError(msg("phải là một số, không phải “{raw}”", raw=raw))
    if isinstance(raw, str):
        try:
            number = float(parse_decimal(raw.strip(), locale="vi", strict=True))
        except NumberFormatError:
            raise ValueError(msg("phải là một số (ví dụ 1.250 hoặc 12,5), không phải “{raw}”", raw=raw.strip())) from None
    else:
        number = float(raw)
    if number < 0 or number != number:  # negative or NaN
        raise ValueError(msg("không được là số âm ({number})", number=vnformat.format_number(number)))
    if number > MAX_VALUE:
        raise ValueError(msg("số quá lớn ({number})", number=vnformat.format_number(number)))
    if kind == "office" and maximum is not None and number > maximum:
        raise ValueError(msg("điểm chấm từ 0 đến {maximum} (điểm chuẩn của chỉ tiêu)", maximum=vnformat.format_number(maximum)))
    return number


def _source_bytes(source: Source) -> tuple[str, bytes]:
    """The file's name for messages and its bytes; refuses a file too large before reading it."""
    if isinstance(source, tuple):
        name, data = source
        size = len(data)
    else:
        path = Path(source)
        name, size = path.name, path.stat().st_size
        data = b""
    if size > MAX_XLSX_BYTES:
        raise ResultsImportError([msg("{name}: tệp quá lớn ({size} KB; "
                                  "bảng theo dõi chỉ khoảng vài chục KB, tối đa "
                                  "{MAX_XLSX_BYTES} KB)", name=name, size=vnformat.format_number(round(size / 1024)), MAX_XLSX_BYTES=vnformat.format_number(MAX_XLSX_BYTES // 1024))])
    return name, data if isinstance(source, tuple) else Path(source).read_bytes()


def _open_workbook(name: str, data: bytes) -> Any:
    """The workbook in ``data``, or a refusal when it is not an XLSX (or a suspicious zip)."""
    try:
        return sheets.open_xlsx(name, data, max_unzipped=_MAX_UNZIPPED_BYTES, max_cells=_MAX_CELLS, read_only=False)
    except sheets.SheetError as exc:
        raise ResultsImportError([exc.message]) from None


def _table(sheet: Any, first_row: int, first_column: int, width: int) -> list[list[str]]:
    """The rows under a table's heading row on the identity sheet, as text, up to the first blank."""
    rows = []
    for r in range(first_row, sheet.max_row + 1):
        values = [canonical(sheet.cell(r, first_column + c).value) for c in range(width)]
        if not values[0]:
            break
        rows.append(values)
    return rows


def _check_form(name: str, wb: Any) -> tuple[dict[str, str], list[list[str]]]:
    """The identity and input rows of a vanthu checklist whose locked cells are as written."""
    if ID_SHEET not in wb.sheetnames or MAIN_SHEET not in wb.sheetnames:
        raise ResultsImportError([msg("{name}: không phải bảng theo dõi chỉ tiêu do phần mềm tạo (thiếu trang "
                                  "nhận dạng '{ID_SHEET}'); hãy tải bảng theo dõi mới cho đơn vị rồi nhập lại", name=name, ID_SHEET=ID_SHEET)])
    sheet, ws = wb[ID_SHEET], wb[MAIN_SHEET]
    identity = {canonical(sheet.cell(i, 1).value): canonical(sheet.cell(i, 2).value)
                for i in range(1, len(ID_FIELDS) + 1)}
    if identity.get("format") != FORMAT:
        raise ResultsImportError([msg("{name}: trang '{ID_SHEET}', ô B1: mẫu bảng theo dõi không được hỗ trợ "
                                  "({identity}); hãy tải bảng theo dõi mới", name=name, ID_SHEET=ID_SHEET, identity=identity.get('format') or 'trống')])
    entries = _table(sheet, ENTRY_ROW, 1, ENTRY_COLUMNS)
    stored = _table(sheet, ENTRY_ROW, CELL_COLUMN, 2)
    rows = [int(e[0]) for e in entries if e[0].isdigit() and len(e[0]) < 7]
    # The fingerprint first: only then are the rows it names read from the main sheet.
    current = locked_cells(ws, rows) if fingerprint(identity, entries, stored) == identity.get("fingerprint") \
        and len(rows) == len(entries) else []
    if not current or [c for c, _v in stored] != [c for c, _v in current]:
        raise ResultsImportError([msg("{name}: trang nhận dạng '{ID_SHEET}' (ẩn) đã bị sửa: không tin được "
                                  "tệp này; hãy tải bảng theo dõi mới cho đơn vị", name=name, ID_SHEET=ID_SHEET)])
    changed = [f"{name}: trang '{MAIN_SHEET}', ô {coordinate}: ô đã khóa bị sửa (“{_short(was)}” thành "
               f"“{_short(now)}”); chỉ được ghi cột Kết quả thực hiện và Ghi chú"
               for (coordinate, was), (_c, now) in zip(stored, current, strict=True) if was != now]
    if changed:
        raise ResultsImportError(changed)
    return identity, entries


def _short(text: str, size: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= size else text[:size - 1] + "…"


def read_returned_checklist(source: Source, campaign: Campaign, campaign_name: str, *,
                            builder: ChecklistBuilder | None = None) -> ReturnedChecklist:
    """Read one returned checklist of ``campaign`` (named ``campaign_name`` in messages).

    Returns the unit's full name and its reported values by result key (empty cells are not
    reported; rows the office scores by hand are not read). Raises :class:`ResultsImportError`
    listing every problem found in the file.
    """
    name, data = _source_bytes(source)
    wb = _open_workbook(name, data)
    identity, entries = _check_form(name, wb)
    builder = builder or ChecklistBuilder(campaign)
    ref = builder.ref
    if (identity["year"], identity["issuer"], identity["dispatch"]) != (str(ref.year), ref.issuer, ref.dispatch):
        raise ResultsImportError([
            msg("{name}: bảng theo dõi của chiến dịch khác ({issuer}, năm {year}, "
            "công văn số {dispatch}), không phải chiến dịch {campaign_name} ({issuer2}, "
            "năm {year2}, công văn số {dispatch2})", name=name, issuer=identity['issuer'], year=identity['year'], dispatch=identity['dispatch'], campaign_name=campaign_name, issuer2=ref.issuer, year2=ref.year, dispatch2=ref.dispatch)])
    unit = next((u for u in campaign.units if u.name == identity["unit"]), None)
    if unit is None:
        raise ResultsImportError([msg("{name}: trang '{MAIN_SHEET}', ô A5: chiến dịch {campaign_name} không có "
                                  "đơn vị “{unit}” (đơn vị đã đổi tên hoặc bị xóa khỏi danh sách?)", name=name, MAIN_SHEET=MAIN_SHEET, campaign_name=campaign_name, unit=identity['unit'])])
    current: dict[str, Entry] = {e.key: e for row in builder.view(unit).rows for e in row.entries}
    problems: list[str] = []
    values: dict[str, float] = {}
    ws = wb[MAIN_SHEET]
    for row, key, kind, metric in entries:
        where = f"{name}: trang '{MAIN_SHEET}', ô D{row}"
        entry = current.get(key)
        if entry is None or entry.kind != kind or ((entry.quota.metric_id or "") if entry.quota else "") != metric:
            problems.append(msg("{where}: chỉ tiêu {key} đã thay đổi trong chiến dịch sau khi gửi bảng này; "
                            "hãy tải bảng theo dõi mới cho đơn vị", where=where, key=key))
            continue
        if kind == "office":
            continue  # the office scores it by hand
        try:
            value = parse_value(kind, ws[f"D{row}"].value)
        except ValueError as exc:
            problems.append(msg("{where} (Kết quả thực hiện, chỉ tiêu {key}): {exc}", where=where, key=key, exc=exc))
            continue
        if value is not None:
            values[key] = value
    if problems:
        raise ResultsImportError(problems)
    return ReturnedChecklist(unit.name, values)


def _source_name(source: Source) -> str:
    return source[0] if isinstance(source, tuple) else Path(source).name


def merge_values(results: Results, values: dict[str, dict[str, float | None]]) -> tuple[Results, dict[str, int]]:
    """``results`` with each unit's ``values`` set (``None`` removes one: not reported), every
    other value and unit untouched, and how many values changed per unit."""
    merged = results.model_copy(deep=True)
    changed: dict[str, int] = {}
    for unit, new in values.items():
        old = merged.units.get(unit, UnitResult())
        updated = {k: v for k, v in {**old.values, **new}.items() if v is not None}
        changed[unit] = sum(1 for k, v in new.items() if old.values.get(k) != v)
        if unit in merged.units or updated:
            merged.units[unit] = old.model_copy(update={"values": updated})
    return Results.model_validate(merged.model_dump()), changed


def import_results(campaign_path: str | os.PathLike[str], files: Sequence[Source] | Iterable[Source]) -> ImportSummary:
    """Import the returned checklists ``files`` into the results of the campaign at ``campaign_path``.

    Every file is read first; if any is refused, :class:`ResultsImportError` lists every problem
    of every file and nothing is saved. Two files of one unit are refused too. Raises
    :class:`app.store.VersionConflict` when the results file changed while importing.
    """
    campaign = load_campaign(campaign_path)
    name = campaign_slug(campaign_path)
    builder = ChecklistBuilder(campaign)
    files = list(files)
    if not files:
        raise ResultsImportError([msg("chưa chọn tệp bảng theo dõi (.xlsx) nào để nhập")])
    problems: list[str] = []
    read: list[tuple[str, ReturnedChecklist]] = []
    for source in files:
        try:
            read.append((_source_name(source), read_returned_checklist(source, campaign, name, builder=builder)))
        except ResultsImportError as exc:
            problems.extend(exc.problems)
    seen: dict[str, str] = {}
    for source_name, returned in read:
        if returned.unit in seen:
            problems.append(msg("{unit} và {source_name} đều là bảng theo dõi của {unit2}: "
                            "mỗi đơn vị chỉ nhập một tệp", unit=seen[returned.unit], source_name=source_name, unit2=returned.unit))
        seen.setdefault(returned.unit, source_name)
    if problems:
        raise ResultsImportError(problems)
    results, version = load_results(campaign_path)
    merged, changed = merge_values(results, {r.unit: r.values for _s, r in read})
    units = {u.name: u for u in campaign.units}
    summary = [UnitImport(r.unit, s, r.values, changed[r.unit],
                          [e.key for row in builder.view(units[r.unit]).rows for e in row.entries
                           if e.kind != "office" and e.key not in r.values])
               for s, r in read]
    path = results_path(campaign_path)
    if sum(changed.values()):
        store.save(path, merged, version=version)
        return ImportSummary(path, summary)
    return ImportSummary(None, summary)
