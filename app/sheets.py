"""Spreadsheet cells in and out, safely: the one writer of a text into a cell, and the one opener
of an uploaded workbook.

Writing: a name or a target's text a clerk typed is data, never a formula. openpyxl stores any
text that starts with ``=`` as a formula, so ``issuer.name: =cmd|' /C calc'!A0`` would run in the
unit's Excel; :func:`put` stores every text as a string cell, exactly as typed (no apostrophe
added to the text: ``- tổ chức`` keeps its dash), and numbers as numbers.

Reading: an XLSX is a zip, and a 1 MB zip can expand to 1 GB (3.7 GB of memory for openpyxl).
:func:`open_xlsx` refuses, before openpyxl parses anything, a file that is not an XLSX (an old
``.xls``, a ``.docx`` or ``.zip`` renamed), whose members add up to more than the caller's limit
or hold more cells than it allows (:func:`count_cells`, a stream); :func:`read_rows` ignores the
size a sheet declares. Every refusal is a :class:`SheetError` whose message names the file, in
Vietnamese.
"""

from __future__ import annotations

import io
import zipfile
from typing import Any

from app import vnformat
from app.messages import Message, msg

__all__ = ["SheetError", "FORMULA_STARTS", "XLS_MAGIC", "put", "open_xlsx", "read_rows", "count_cells"]

# What makes a spreadsheet read a text as a formula (OWASP, "CSV injection"): these first
# characters, also after a tab or a carriage return.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLS_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the start of an old .xls (and .doc) file


class SheetError(ValueError):
    """A workbook refused before or while reading it; ``message`` (a :class:`app.messages.Message`)
    names the file."""

    def __init__(self, message: Message):
        self.message = message
        super().__init__(message)


def put(cell: Any, value: Any) -> Any:
    """Store ``value`` in the openpyxl ``cell`` as data: a text as a string cell whatever it starts
    with (never a formula), a number as a number; returns the cell.

    A text that starts like a formula also gets Excel's "quote prefix" style, so the cell stays
    text when the clerk edits it in Excel; the text itself is unchanged.
    """
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"  # openpyxl made "=…" a formula: it is text
        if value.startswith(FORMULA_STARTS):
            cell.quotePrefix = True
    return cell


def _mb(size: int) -> str:
    return vnformat.format_number(round(size / 1024 / 1024, 1))


def _archive(name: str, data: bytes, max_unzipped: int, max_cells: int) -> None:
    """Refuse ``data`` unless it is an XLSX zip whose members expand to at most ``max_unzipped``
    bytes and hold at most ``max_cells`` cells.

    zipfile never returns more bytes than a member's declared size (it stops and checks the
    CRC), so the declared sizes bound what openpyxl can be made to read.
    """
    if data.startswith(XLS_MAGIC):
        raise SheetError(msg("{name}: tệp Excel cũ (.xls) hoặc tệp Word, không phải .xlsx; hãy mở bằng Excel và "
                             "lưu thành “Sổ làm việc Excel (.xlsx)” rồi thử lại", name=name))
    if not data.startswith(b"PK"):
        raise SheetError(msg("{name}: không phải tệp Excel .xlsx (một định dạng khác đổi tên thành .xlsx); hãy mở "
                             "bằng Excel và lưu thành “Sổ làm việc Excel (.xlsx)” rồi thử lại", name=name))
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError):
        raise SheetError(msg("{name}: không đọc được tệp Excel (.xlsx): tệp hỏng hoặc không phải tệp Excel .xlsx "
                             "(một định dạng khác đổi tên thành .xlsx)", name=name)) from None
    with archive:
        members = archive.infolist()
        if not any(m.filename == "xl/workbook.xml" for m in members):
            raise SheetError(msg("{name}: không phải tệp Excel .xlsx (là một tệp nén khác, ví dụ .docx hoặc .zip "
                                 "đổi tên); hãy lưu bảng tính dạng .xlsx rồi thử lại", name=name))
        unzipped = sum(m.file_size for m in members)
        if unzipped > max_unzipped:
            raise SheetError(msg("{name}: tệp quá lớn khi giải nén: {size} MB (tối đa {limit} MB); hãy bỏ các trang, "
                                 "hình ảnh không cần rồi lưu lại", name=name, size=_mb(unzipped),
                                 limit=_mb(max_unzipped)))
        try:
            cells = count_cells(archive, max_cells)
        # A damaged member; an encrypted one (RuntimeError); an unknown compression (Deflate64).
        except (zipfile.BadZipFile, OSError, EOFError, ValueError, RuntimeError, NotImplementedError) as exc:
            raise _damaged(name, exc) from None
    if cells > max_cells:
        raise _too_many_cells(name, max_cells)


def count_cells(archive: zipfile.ZipFile, stop_after: int) -> int:
    """The cells (``<c>`` of SpreadsheetML) in every member of the XLSX ``archive``, counted as a
    stream, stopping once over ``stop_after``.

    Done with expat before openpyxl reads the file because openpyxl gathers a whole row in memory
    before it gives it (about 600 bytes a cell: 28 MB of one row's XML took 1.6 GB); a member that
    is not XML (an image) ends its own count at its first byte.
    """
    from xml.parsers import expat

    total = 0

    class Enough(Exception):
        pass

    def start(tag: str, _attrs: Any) -> None:
        nonlocal total
        if tag.endswith(" c") and "spreadsheetml" in tag:  # the namespace, then the local name
            total += 1
            if total > stop_after:
                raise Enough

    for member in archive.infolist():
        parser = expat.ParserCreate(namespace_separator=" ")
        parser.StartElementHandler = start
        with archive.open(member) as stream:
            try:
                while chunk := stream.read(1 << 16):
                    parser.Parse(chunk, False)
            except Enough:
                return total
            except expat.ExpatError:
                continue  # not XML: openpyxl refuses it, or never reads it
    return total


def _too_many_cells(name: str, max_cells: int) -> SheetError:
    return SheetError(msg("{name}: bảng tính có quá nhiều ô (tối đa {limit} ô); hãy xóa các dòng, cột thừa (kể cả "
                          "ô trống đã định dạng ở xa) rồi lưu lại", name=name, limit=vnformat.format_number(max_cells)))


def _damaged(name: str, exc: Exception) -> SheetError:
    return SheetError(msg("{name}: không đọc được tệp Excel (.xlsx): tệp hỏng ({error})", name=name,
                          error=exc.__class__.__name__))


def open_xlsx(name: str, data: bytes, *, max_unzipped: int, max_cells: int, read_only: bool = True) -> Any:
    """The openpyxl workbook (values, not formulas) in ``data``, an upload named ``name``.

    Refused with :class:`SheetError`, before openpyxl parses anything, when it is not an XLSX,
    expands to more than ``max_unzipped`` bytes or holds more than ``max_cells`` cells.
    The caller closes a read-only workbook.
    """
    from openpyxl import load_workbook

    _archive(name, data, max_unzipped, max_cells)
    try:
        return load_workbook(io.BytesIO(data), read_only=read_only, data_only=True)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many types for a damaged file
        raise _damaged(name, exc) from None


def read_rows(workbook: Any, name: str, *, max_rows: int, max_cells: int) -> list[tuple[int, list[Any]]]:
    """The first sheet's rows of the read-only ``workbook`` as ``(row number, values)``, empty
    cells at the end of a row dropped, at most ``max_rows`` rows; :class:`SheetError` when the
    rows read hold more than ``max_cells`` cells (a row reaching column XFD counts 16 384)."""
    sheet = workbook.worksheets[0]
    # The declared size (<dimension>) would pad every row to its last column: ignore it.
    sheet.reset_dimensions()
    out: list[tuple[int, list[Any]]] = []
    cells = 0
    try:
        for n, row in enumerate(sheet.iter_rows(values_only=True), start=1):
            if n > max_rows:
                break
            cells += len(row)
            if cells > max_cells:
                raise _too_many_cells(name, max_cells)
            values = list(row)
            while values and values[-1] is None:
                values.pop()
            out.append((n, values))
    except SheetError:
        raise
    except Exception as exc:  # noqa: BLE001 - a damaged sheet fails as it is read, in many ways
        raise _damaged(name, exc) from None
    return out
