"""Importing the individuals proposed for an award (cá nhân đề nghị khen thưởng) from an XLSX list.

Units send their lists as spreadsheets with Vietnamese headers: ``Họ và tên``, ``Giới tính``,
``Năm sinh``, ``Chức vụ``, ``Đơn vị``, ``Hình thức khen thưởng``, ``Tóm tắt thành tích`` (the
header row may sit under a title). The award is written by its name (``Giấy khen của Hội Chữ thập
đỏ tỉnh Lào Cai``, or the start of it when only one award begins so) or its id. Every bad cell is
reported as ``file:row:column: message`` in Vietnamese; nothing is saved unless the whole list is
good. The people are added to ``campaigns/<name>/nominees.yaml`` (or replace those there), saved
through :func:`app.store.save`.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app import sheets
from app.campaign import Campaign
from app.loader import CampaignError, validate_model
from app.messages import msg
from app.records import Nominee, Nominees, load_nominees, nominees_path
from app.units_import import HEADER_SEARCH_ROWS, MAX_ROWS, UnitsImportError, _column_name, _fold, _read_xlsx

__all__ = ["NomineesImportError", "NomineesImport", "read_nominees", "import_nominees", "HEADERS", "MAX_BYTES"]

MAX_BYTES = 5 * 1024 * 1024
# Field → the header as printed, then the other ways a list may write it (folded: no accents).
HEADERS: dict[str, tuple[str, ...]] = {
    "name": ("Họ và tên", "ho ten", "ten", "ho va ten ca nhan"),
    "sex": ("Giới tính", "gioi", "nam nu", "nam/nu"),
    "born": ("Năm sinh", "ngay sinh", "sinh nam"),
    "position": ("Chức vụ", "chuc danh", "chuc vu cong tac"),
    "unit": ("Đơn vị", "don vi cong tac", "noi cong tac", "co quan, don vi", "co quan don vi"),
    "award": ("Hình thức khen thưởng", "hinh thuc", "hinh thuc de nghi", "khen thuong", "de nghi khen thuong"),
    "summary": ("Tóm tắt thành tích", "thanh tich", "tom tat thanh tich dat duoc", "thanh tich chu yeu"),
}
_FIELD_OF = {_fold(alias): key for key, aliases in HEADERS.items() for alias in aliases}
_SEXES = {"nam": "Nam", "nu": "Nữ"}


class NomineesImportError(UnitsImportError):
    """A list of people that cannot be imported; ``problems`` are ``file:row:column: message``
    lines, as for a unit list (whose reader this module shares)."""


@dataclass
class NomineesImport:
    """The people read, and where the nominees were saved."""

    people: list[Nominee]
    saved: Path | None = None


def _award(value: str, awards: dict[str, str]) -> str | None:
    """The award id ``value`` names: an id, a name, or the start of exactly one name."""
    if value in awards:
        return value
    folded = _fold(value)
    by_name = [i for i, name in awards.items() if _fold(name) == folded]
    starting = [i for i, name in awards.items() if _fold(name).startswith(folded)]
    return by_name[0] if by_name else starting[0] if len(starting) == 1 else None


def _born(value: Any) -> int:
    if isinstance(value, dt.date):
        return value.year
    if isinstance(value, float) and value.is_integer():
        return int(value)
    text = str(value).strip()
    if text.isdigit():
        return int(text)
    parts = text.replace("-", "/").split("/")
    if len(parts) == 3 and parts[-1].isdigit() and len(parts[-1]) == 4:
        return int(parts[-1])  # a birth date written day first
    raise ValueError


def _header(rows: list[tuple[int, list[Any]]], source: str) -> tuple[int, dict[str, int], dict[int, str]]:
    for n, row in rows[:HEADER_SEARCH_ROWS]:
        found: dict[str, int] = {}
        for index, cell in enumerate(row):
            key = _FIELD_OF.get(_fold(cell)) if cell is not None else None
            if key and key not in found:
                found[key] = index
        if "name" in found:
            return n, found, {i: str(c).strip() for i, c in enumerate(row) if c is not None}
    raise NomineesImportError([msg("{source}: không tìm thấy dòng tiêu đề trong {rows} dòng đầu: cần các cột {columns}",
                                   source=source, rows=HEADER_SEARCH_ROWS,
                                   columns=", ".join(f"'{aliases[0]}'" for aliases in HEADERS.values()))])


def read_nominees(source: str, data: bytes, campaign: Campaign) -> list[Nominee]:
    """The people listed in the XLSX ``data`` (named ``source`` in messages), each validated."""
    if len(data) > MAX_BYTES:
        raise NomineesImportError([msg("{source}: tệp quá lớn (tối đa {MAX_BYTES} MB)", source=source, MAX_BYTES=MAX_BYTES // 1024 // 1024)])
    if not data.startswith((b"PK", sheets.XLS_MAGIC)):  # an old .xls is named as such by the reader
        raise NomineesImportError([msg("{source}: không phải tệp Excel .xlsx", source=source)])
    try:
        rows = _read_xlsx(data, source)
    except UnitsImportError as exc:  # the shared reader's error, said as this module's
        raise NomineesImportError(exc.problems) from None
    header_row, columns, headers = _header(rows, source)
    if "award" not in columns:
        raise NomineesImportError([msg("{source}:{header_row}: thiếu cột 'Hình thức khen thưởng'", source=source, header_row=header_row)])
    awards = {a.id: a.name for a in campaign.scoring.awards} if campaign.scoring else {}
    problems: list[str] = []
    people: list[Nominee] = []

    # "C (Năm sinh)": the column's letter and its header as the file writes it.
    named = {key: _column_name(i, True, headers.get(i, HEADERS[key][0])) for key, i in columns.items()}

    def where(n: int, key: str) -> str:
        return f"{source}:{n}:{named[key]}"

    below = [(n, row) for n, row in rows if n > header_row]
    if len(below) > MAX_ROWS:
        raise NomineesImportError([msg("{source}: quá nhiều dòng (tối đa {MAX_ROWS})", source=source, MAX_ROWS=MAX_ROWS)])
    for n, row in below:
        cells = {key: row[i] if i < len(row) else None for key, i in columns.items()}
        cells = {k: v.strip() if isinstance(v, str) else v for k, v in cells.items()}
        cells = {k: v for k, v in cells.items() if v not in (None, "")}
        if not cells:
            continue
        person: dict[str, Any] = {k: str(v) for k, v in cells.items() if k in ("name", "position", "unit", "summary")}
        bad = len(problems)
        if "name" not in cells:
            problems.append(msg("{n}: thiếu họ và tên", n=where(n, 'name')))
        if "sex" in cells:
            person["sex"] = _SEXES.get(_fold(cells["sex"]))
            if person["sex"] is None:
                problems.append(msg("{n}: giới tính '{sex}' phải là Nam hoặc Nữ", n=where(n, 'sex'), sex=cells['sex']))
        if "born" in cells:
            try:
                person["born"] = _born(cells["born"])
            except ValueError:
                problems.append(msg("{n}: năm sinh '{born}' phải là một năm, ví dụ 1985", n=where(n, 'born'), born=cells['born']))
        if "award" not in cells:
            problems.append(msg("{n}: thiếu hình thức khen thưởng", n=where(n, 'award')))
        else:
            person["award"] = _award(str(cells["award"]), awards)
            if person["award"] is None:
                problems.append(msg("{n}: không có hình thức khen thưởng '{award}' trong quy chế "
                                "(có: {awards})", n=where(n, 'award'), award=cells['award'], awards='; '.join(awards.values()) or 'chưa có'))
        if len(problems) > bad:
            continue
        try:
            people.append(validate_model(Nominee, person, source))
        except CampaignError as exc:
            problems += [f"{where(n, p.field) if p.field in columns else f'{source}:{n}'}: {p.message}"
                         for p in exc.problems]
    if not people and not problems:
        problems.append(msg("{source}: không có dòng nào dưới dòng tiêu đề {header_row}", source=source, header_row=header_row))
    if problems:
        raise NomineesImportError(problems)
    return people


def import_nominees(campaign_path: str | os.PathLike[str], campaign: Campaign, source: str, data: bytes, *,
                    replace: bool = False) -> NomineesImport:
    """Add the people of the XLSX ``data`` to the campaign's nominees (``replace``: instead of
    them) and save; on any bad cell nothing is written (:class:`NomineesImportError`).
    :class:`app.store.VersionConflict` when the nominees file changed while reading."""
    from app import store

    people = read_nominees(source, data, campaign)
    found, version = load_nominees(campaign_path)
    updated = Nominees(people=people if replace else [*found.people, *people])
    return NomineesImport(people, store.save(nominees_path(campaign_path), updated, version=version))
