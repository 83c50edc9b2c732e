"""Importing a campaign's unit list (danh sách đơn vị) from a CSV or XLSX file.

Since mid-2025 a province has about a hundred communes and wards and the list changes, so it is
kept in a spreadsheet. Headers may be Vietnamese or English (``Tên đơn vị``/``name``,
``Tên ngắn``/``short_name``, ``Loại``/``kind``, ``Trực thuộc``/``parent``,
``Trọng số``/``Dân số``/``weight``) plus one column per apportioned metric named by its id
(``mau``, ``qua-tet`` …) for explicit quotas. Every bad cell is reported as
``file:row:column: message`` in Vietnamese; nothing is written unless the whole file is good.
"""

from __future__ import annotations

import csv
import io
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app import sheets, vnformat
from app.campaign import Campaign
from app.loader import (
    CampaignError,
    SourceMap,
    decode_campaign,
    parse_campaign,
    read_campaign_bytes,
    save_campaign,
    validate_data,
)
from app.messages import join, msg
from app.quotas import QuotaError, campaign_quotas
from app.vocabulary import COMMON_KINDS, kind_levels

__all__ = ["UnitsImportError", "ImportResult", "read_units", "import_units", "with_units", "HEADER_ALIASES",
           "MAX_BYTES"]

MAX_BYTES = 5 * 1024 * 1024  # a list of a few thousand units is well under 1 MB
MAX_ROWS = 10_000
# What the XLSX may expand to, and its cells: 10 000 units of 20 columns with long names are
# ~15 MB of XML. openpyxl needs ~4 bytes of memory per byte of text and ~600 bytes per cell.
MAX_UNZIPPED_BYTES = 32 * 1024 * 1024
MAX_CELLS = 200_000
HEADER_SEARCH_ROWS = 10  # a title or a blank line may sit above the header row


class UnitsImportError(ValueError):
    """A unit list that cannot be imported; ``problems`` are ``file:row:column: message`` lines."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__(join(problems))


@dataclass
class ImportResult:
    """The units read, the row each came from, the columns ignored, where the campaign was saved."""

    units: list[dict[str, Any]]
    ignored_columns: list[str] = field(default_factory=list)
    saved: Path | None = None
    rows: list[int] = field(default_factory=list)


def _fold(text: str) -> str:
    """``Tên  đơn vị`` → ``ten don vi``: lower case ASCII, single spaces, for matching headers."""
    return re.sub(r"[\s_]+", " ", vnformat.ascii_fold(str(text)).lower()).strip()


HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    "name": ("ten don vi", "ten", "don vi", "ten day du", "name", "unit", "unit name", "full name"),
    "short_name": ("ten ngan", "ten rut gon", "ten goi tat", "short name", "shortname"),
    "kind": ("loai", "loai don vi", "kind", "type"),
    "parent": ("truc thuoc", "don vi cap tren", "cap tren", "parent"),
    "weight": ("trong so", "dan so", "so dan", "weight", "population"),
    "level": ("cap", "cap don vi", "level"),
}
_ALIAS_TO_FIELD = {alias: name for name, aliases in HEADER_ALIASES.items() for alias in aliases}
_LABELS = {"name": "Tên đơn vị", "short_name": "Tên ngắn", "kind": "Loại", "parent": "Trực thuộc",
           "weight": "Trọng số", "level": "Cấp"}

# The common kinds written as the import finds them (``Thị xã``, ``TP``, ``commune``) → as stored.
_KINDS: dict[str, str] = {_fold(kind): kind for kind in COMMON_KINDS}
_KINDS.update({"tp": "thành phố", "tx": "thị xã", "tt": "thị trấn", "truc thuoc": "đơn vị trực thuộc",
               "tdp": "tổ dân phố", "district": "huyện", "town": "thị xã", "city": "thành phố", "commune": "xã",
               "ward": "phường", "village": "thôn", "school": "trường", "branch": "chi hội"})


def _parse_number(value: Any) -> float:
    """A number from a cell: ``130``, ``130,5`` (decimal comma), ``1.250`` (thousands dot)."""
    if isinstance(value, bool):
        raise ValueError
    if isinstance(value, (int, float)):
        return float(value)
    text = str(value).strip().replace(" ", "").replace("\u00a0", "")
    if "," in text and "." in text:
        text = text.replace(".", "").replace(",", ".")
    elif "," in text:
        text = text.replace(",", ".")
    elif re.fullmatch(r"\d{1,3}(\.\d{3})+", text):
        text = text.replace(".", "")
    return float(text)


def _kind_from_short_name(short_name: str) -> str | None:
    folded = _fold(short_name)
    for key in sorted(_KINDS, key=len, reverse=True):
        if folded.startswith(key + " "):
            return _KINDS[key]
    return None


def _read_csv(raw: bytes, source: str) -> list[tuple[int, list[Any]]]:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UnitsImportError([msg("{source}: tệp CSV không phải UTF-8 (trong Excel chọn Lưu thành "
                                "'CSV UTF-8 (Comma delimited)')", source=source)]) from None
    sample = text[:4096]
    try:
        delimiter = csv.Sniffer().sniff(sample.splitlines()[0] if sample else ",", delimiters=",;\t").delimiter
    except csv.Error:
        delimiter = ","
    # Only the delimiter is taken from the header line: the sniffer guesses the quoting from that
    # one line too, and a header without quotes would make ``"trường ""Hoa Mai"""`` on a later
    # line read as ``trường "Hoa Mai"""``. Excel writes standard (doubled) quotes on every line.
    rows = csv.reader(io.StringIO(text), csv.excel, delimiter=delimiter)
    try:
        return [(n, row) for n, row in enumerate(rows, start=1)]
    except csv.Error:  # a field over the csv module's 128 KB: most often a quote never closed
        raise UnitsImportError([msg("{source}:{line_num}: ô quá dài (tối đa 128 KB); có thể một dấu ngoặc kép (\") "
                                "mở mà chưa đóng", source=source, line_num=rows.line_num)]) from None


def _read_xlsx(raw: bytes, source: str) -> list[tuple[int, list[Any]]]:
    """The first sheet's rows, read within :data:`MAX_UNZIPPED_BYTES` and :data:`MAX_CELLS`."""
    try:
        workbook = sheets.open_xlsx(source, raw, max_unzipped=MAX_UNZIPPED_BYTES, max_cells=MAX_CELLS)
        try:
            return sheets.read_rows(workbook, source, max_rows=MAX_ROWS + HEADER_SEARCH_ROWS,
                                    max_cells=MAX_CELLS)
        finally:
            workbook.close()
    except sheets.SheetError as exc:
        raise UnitsImportError([exc.message]) from None


def _column_name(index: int, xlsx: bool, header: str) -> str:
    if not xlsx:
        return header
    from openpyxl.utils import get_column_letter

    return f"{get_column_letter(index + 1)} ({header})"


def read_units(path: str | os.PathLike[str], campaign: Campaign) -> ImportResult:
    """Read the unit list at ``path`` (.csv or .xlsx) for ``campaign``; raise on any bad row.

    Returns the units as plain dicts ready for the campaign model. Columns named after one of the
    campaign's apportioned metric ids hold explicit quotas; other unknown columns are ignored
    and listed in :attr:`ImportResult.ignored_columns`.
    """
    source = str(path)
    file = Path(path)
    try:
        size = file.stat().st_size
    except FileNotFoundError:
        raise UnitsImportError([msg("{source}: không tìm thấy tệp", source=source)]) from None
    if size > MAX_BYTES:
        raise UnitsImportError([msg("{source}: tệp quá lớn (tối đa {MAX_BYTES} MB)", source=source, MAX_BYTES=MAX_BYTES // 1024 // 1024)])
    raw = file.read_bytes()
    suffix = file.suffix.lower()
    if suffix in (".xlsx", ".xls") or raw.startswith((b"PK", sheets.XLS_MAGIC)):  # .xls: told to save as .xlsx
        xlsx = True
        rows = _read_xlsx(raw, source)
    elif suffix in (".csv", ".txt", ""):
        xlsx = False
        rows = _read_csv(raw, source)
    else:
        raise UnitsImportError([msg("{source}: chỉ nhập được tệp .csv hoặc .xlsx", source=source)])

    metric_ids = {m.id: m for t in campaign.targets for m in t.metrics if m.id}
    header_row, columns, ignored = None, {}, []
    for n, row in rows[:HEADER_SEARCH_ROWS]:
        found: dict[str, int] = {}
        for index, cell in enumerate(row):
            if cell is None or not str(cell).strip():
                continue
            folded = _fold(cell)
            key = _ALIAS_TO_FIELD.get(folded)
            if key is None and (folded.replace(" ", "-") in metric_ids or str(cell).strip() in metric_ids):
                key = "quota:" + (str(cell).strip() if str(cell).strip() in metric_ids else folded.replace(" ", "-"))
            if key and key not in found:
                found[key] = index
        if "name" in found:
            header_row, columns = n, found
            ignored = [str(c).strip() for i, c in enumerate(row)
                       if c is not None and str(c).strip() and i not in found.values()]
            headers = {i: str(c).strip() for i, c in enumerate(row) if c is not None}
            break
    if header_row is None:
        raise UnitsImportError([
            msg("{source}: không tìm thấy dòng tiêu đề trong {HEADER_SEARCH_ROWS} dòng đầu: cần ít nhất cột "
            "'Tên đơn vị' (hoặc 'name'); các cột khác: 'Tên ngắn', 'Loại', 'Trực thuộc', 'Trọng số'/'Dân số', "
            "và mã chỉ tiêu (ví dụ {codes})", source=source, HEADER_SEARCH_ROWS=HEADER_SEARCH_ROWS,
            codes=", ".join(sorted(metric_ids)) or "mau")])

    problems: list[str] = []
    units: list[dict[str, Any]] = []
    unit_rows: list[int] = []
    names: dict[str, int] = {}

    def cell_of(row: list[Any], key: str) -> Any:
        index = columns.get(key)
        if index is None or index >= len(row):
            return None
        value = row[index]
        if isinstance(value, str):
            value = value.strip()
            return value or None
        return value

    def where(n: int, key: str) -> str:
        index = columns[key]
        return f"{source}:{n}:{_column_name(index, xlsx, headers.get(index, _LABELS.get(key, key)))}"

    leveled = {_fold(k): k for k in kind_levels(campaign)}
    data_rows = [(n, row) for n, row in rows if n > header_row]
    if len(data_rows) > MAX_ROWS:
        raise UnitsImportError([msg("{source}: quá nhiều dòng (tối đa {MAX_ROWS})", source=source, MAX_ROWS=MAX_ROWS)])
    for n, row in data_rows:
        if all(c is None or not str(c).strip() for c in row):
            continue
        unit: dict[str, Any] = {}
        name = cell_of(row, "name")
        if name is None:
            problems.append(msg("{n}: thiếu tên đơn vị", n=where(n, 'name')))
            continue
        unit["name"] = str(name)
        if str(name) in names:
            problems.append(msg("{n}: đơn vị '{name}' trùng với dòng {name2}", n=where(n, 'name'), name=name, name2=names[str(name)]))
        names.setdefault(str(name), n)
        short = cell_of(row, "short_name") if "short_name" in columns else None
        unit["short_name"] = str(short) if short is not None else str(name)
        raw_kind = cell_of(row, "kind") if "kind" in columns else None
        level = cell_of(row, "level") if "level" in columns else None
        if level is not None:
            unit["level"] = str(level)
        if raw_kind is not None:
            # Free text: a common kind as it is usually written (``TP`` → thành phố), else as typed.
            kind = _KINDS.get(_fold(raw_kind)) or " ".join(str(raw_kind).split())
            if level is None and _fold(kind) not in leveled:
                problems.append(msg("{n}: loại đơn vị '{raw_kind}' không hợp lệ: chưa có cấp trong "
                                "chiến dịch; ghi cột Cấp hoặc thêm loại này vào kinds của chiến dịch (các loại "
                                "đã có cấp: {leveled})", n=where(n, 'kind'), raw_kind=raw_kind, leveled=', '.join(leveled.values())))
        else:
            kind = _kind_from_short_name(unit["short_name"])
            if kind is None:
                col = where(n, "kind") if "kind" in columns else f"{source}:{n}"
                problems.append(msg("{col}: thiếu loại đơn vị (ví dụ {COMMON_KINDS}) "
                                "và không suy ra được từ tên ngắn", col=col, COMMON_KINDS=', '.join(COMMON_KINDS[:9])))
        # A bad kind is reported and the row still checked: the clerk sees every mistake at once.
        unit["kind"] = kind
        parent = cell_of(row, "parent") if "parent" in columns else None
        if parent is not None:
            unit["parent"] = str(parent)
        weight = cell_of(row, "weight") if "weight" in columns else None
        if weight is not None:
            try:
                number = _parse_number(weight)
                if not number > 0:
                    raise ValueError
                unit["weight"] = int(number) if number.is_integer() else number
            except ValueError:
                problems.append(msg("{n}: trọng số phải là số lớn hơn 0, không phải '{weight}'", n=where(n, 'weight'), weight=weight))
        quotas: dict[str, int] = {}
        for key in columns:
            if not key.startswith("quota:"):
                continue
            value = cell_of(row, key)
            if value is None:
                continue
            metric_id = key.split(":", 1)[1]
            try:
                number = _parse_number(value)
                if number < 0 or not number.is_integer():
                    raise ValueError
                quotas[metric_id] = int(number)
            except ValueError:
                problems.append(msg("{key}: chỉ tiêu giao phải là số nguyên không âm, không phải '{value}'", key=where(n, key), value=value))
                continue
            if not metric_ids[metric_id].apportion:
                problems.append(msg("{key}: chỉ tiêu '{metric_id}' không được chia cho đơn vị "
                                "(cần apportion: true trong tệp chiến dịch)", key=where(n, key), metric_id=metric_id))
        if quotas:
            unit["quotas"] = quotas
        units.append(unit)
        unit_rows.append(n)
    if not units and not problems:
        problems.append(msg("{source}: không có dòng đơn vị nào dưới dòng tiêu đề {header_row}", source=source, header_row=header_row))
    if problems:
        raise UnitsImportError(problems)
    return ImportResult(units, ignored, rows=unit_rows)


def import_units(path: str | os.PathLike[str], campaign_path: str | os.PathLike[str]) -> ImportResult:
    """Replace the units of the campaign at ``campaign_path`` with those in ``path`` and save it.

    The campaign is validated as a whole by :func:`app.loader.validate_data` (unit names,
    quotas that fit the totals) before the atomic save, which keeps the previous file in
    ``.history/``; on any error nothing is written. A unit's problem names the row it came from
    (``don-vi.csv:5: units[3].name: …``).
    """
    source = str(campaign_path)
    previous = read_campaign_bytes(campaign_path)  # read once: validated here, merged into on save
    campaign = parse_campaign(decode_campaign(previous, source), source)  # CampaignError if bad
    updated, result = with_units(path, campaign, source)
    result.saved = save_campaign(updated, campaign_path, previous=previous)
    return result


def with_units(path: str | os.PathLike[str], campaign: Campaign, campaign_name: str) -> tuple[Campaign, ImportResult]:
    """``campaign`` with the units of the list at ``path``, validated as a whole (not saved:
    the web saves it through the store's version check); :class:`UnitsImportError` if any is wrong."""
    result = read_units(path, campaign)
    data = campaign.model_dump(mode="python")
    data["units"] = result.units
    rows = SourceMap(lines={("units", i): row for i, row in enumerate(result.rows)})
    try:
        updated = validate_data(data, str(path), rows)
    except CampaignError as exc:
        raise UnitsImportError([p.format(str(path)) for p in exc.problems]) from None
    try:
        campaign_quotas(updated)
    except QuotaError as exc:
        raise UnitsImportError([f"{path}: {exc.message} ({exc.field} trong {campaign_name})"]) from None
    return updated, result
