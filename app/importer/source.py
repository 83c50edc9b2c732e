"""Reading a file into paragraphs: a DOCX (body paragraphs and table cells, with bold and italic
runs and Word's automatic numbering written out) or a plain text (one paragraph a line).

Nothing here knows what a dispatch is: :mod:`app.importer.layout` finds its regions.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field

from app.messages import msg
from app.textmarkup import Run, parse_emphasis

__all__ = ["DispatchImportError", "Para", "read_source", "to_markup", "MAX_BYTES"]

MAX_BYTES = 20 * 1024 * 1024  # a dispatch of a few pages is well under 1 MB, even with pictures


class DispatchImportError(ValueError):
    """A file that is not a dispatch the reader can open (not a DOCX or a text, or broken)."""


@dataclass
class Para:
    """One paragraph (or one line of a text file) as runs of text with their emphasis."""

    runs: list[Run]
    where: str                         # "đoạn 12", "dòng 7", "bảng 1, hàng 2, cột 1"
    cell: tuple[int, int, int] | None = None  # (table, row, column), counted from 1
    soft: bool = False                 # follows a manual line break, or a text line with no blank line before it
    gap: int = 0                       # empty paragraphs just before it
    styled_heading: bool = False       # Word style "Heading N" or "Title"
    notes: list[str] = field(default_factory=list)

    @property
    def plain(self) -> str:
        return "".join(run.text for run in self.runs)

    @property
    def markup(self) -> str:
        return to_markup(self.runs)

    @property
    def bold(self) -> bool:
        """Every letter of the paragraph is bold."""
        shown = [run for run in self.runs if run.text.strip()]
        return bool(shown) and all(run.bold for run in shown)

    def split(self, pattern: re.Pattern[str]) -> list[Para]:
        """The paragraph cut where ``pattern`` matches in its text (tabs between columns, line
        breaks), except before a small letter or ``/ . , ; : )``: there the gap is a blank left in
        a form (``Số:    /CTĐ-VP``, ``ngày   tháng   năm``)."""
        text = self.plain
        bounds = [0]
        for match in pattern.finditer(text):
            following = text[match.end():match.end() + 1]
            if match.group(0) == "\n" or not (following.islower() or following in ("/", ".", ",", ";", ":", ")")):
                bounds += [match.start(), match.end()]
        bounds.append(len(text))
        out = []
        for index in range(0, len(bounds), 2):
            runs = strip_runs(_slice(self.runs, bounds[index], bounds[index + 1]))
            if "".join(r.text for r in runs).strip():
                first = index == 0
                out.append(Para(runs, self.where, self.cell, self.soft or not first, self.gap if first else 0,
                                self.styled_heading))
        return out


def _slice(runs: list[Run], start: int, end: int) -> list[Run]:
    """The part of ``runs`` between two offsets of their joined text."""
    out: list[Run] = []
    offset = 0
    for run in runs:
        low, high = max(start - offset, 0), min(end - offset, len(run.text))
        if low < high:
            out.append(Run(run.text[low:high], run.bold, run.italic))
        offset += len(run.text)
    return out


def strip_runs(runs: list[Run]) -> list[Run]:
    """Runs without the whitespace at both ends of the paragraph."""
    runs = [r for r in runs if r.text]
    while runs and not runs[0].text.strip():
        runs.pop(0)
    while runs and not runs[-1].text.strip():
        runs.pop()
    if runs:
        runs[0] = Run(runs[0].text.lstrip(), runs[0].bold, runs[0].italic)
        runs[-1] = Run(runs[-1].text.rstrip(), runs[-1].bold, runs[-1].italic)
    return runs


def to_markup(runs: list[Run]) -> str:
    """Runs as campaign text: ``**bold**``, ``*italic*``, a literal asterisk as ``\\*``."""
    merged: list[Run] = []
    for run in runs:
        if merged and (merged[-1].bold, merged[-1].italic) == (run.bold, run.italic):
            merged[-1] = Run(merged[-1].text + run.text, run.bold, run.italic)
        elif run.text:
            merged.append(run)
    out = []
    for run in merged:
        text = run.text.replace("*", "\\*")
        core = text.strip()
        if not core or not (run.bold or run.italic):
            out.append(text)
            continue
        mark = ("**" if run.bold else "") + ("*" if run.italic else "")
        lead, trail = text[: len(text) - len(text.lstrip())], text[len(text.rstrip()):]
        out.append(f"{lead}{mark}{core}{mark[::-1]}{trail}")
    return "".join(out)


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text).replace("\u00a0", " ")


def read_source(data: bytes, filename: str) -> tuple[str, list[Para]]:
    """``("docx" | "text", paragraphs)``; raises :class:`DispatchImportError` with a Vietnamese
    message for anything that is neither a readable DOCX nor a text file."""
    name = filename or "tệp"
    if not data:
        raise DispatchImportError(msg("{name}: tệp rỗng, không có nội dung", name=name))
    if len(data) > MAX_BYTES:
        raise DispatchImportError(msg("{name}: tệp quá lớn ({data} MB), tối đa 20 MB", name=name, data=len(data) // (1024 * 1024)))
    if data[:4] == b"PK\x03\x04":
        return "docx", _read_docx(data, name)
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise DispatchImportError(msg("{name}: là tệp Word 97-2003 (.doc), chưa đọc được; mở bằng Word "
                                  "và lưu lại dạng .docx rồi nhập lại", name=name))
    if data[:5] == b"%PDF-":
        raise DispatchImportError(msg("{name}: là tệp PDF, chưa đọc được; hãy dùng bản Word (.docx) "
                                  "hoặc chép nội dung vào tệp văn bản (.txt)", name=name))
    return "text", _read_text(data, name)


def _decode(data: bytes, name: str) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DispatchImportError(msg("{name}: không phải tệp Word (.docx) hay tệp văn bản UTF-8 (.txt) "
                                  "đọc được", name=name)) from None
    if "\x00" in text or sum(not (c.isprintable() or c in "\t\r\n") for c in text) > len(text) // 100 + 2:
        raise DispatchImportError(msg("{name}: không phải tệp Word (.docx) hay tệp văn bản (.txt) đọc được", name=name))
    return text


def _read_text(data: bytes, name: str) -> list[Para]:
    paras: list[Para] = []
    blank = 1
    for number, line in enumerate(_decode(data, name).splitlines(), start=1):
        line = _nfc(line).strip()
        if not line:
            blank += 1
            continue
        paras.append(Para(parse_emphasis(line), msg("dòng {number}", number=number), soft=blank == 0, gap=blank))
        blank = 0
    return paras


def _read_docx(data: bytes, name: str) -> list[Para]:
    from app.importer import docxread

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if "word/document.xml" not in archive.namelist():
                raise DispatchImportError(msg("{name}: là tệp nén nhưng không phải tệp Word (.docx)", name=name))
        return docxread.paragraphs(data, _nfc)
    except DispatchImportError:
        raise
    except Exception as exc:  # noqa: BLE001 - any failure of python-docx or lxml on a broken file means one thing to the user
        raise DispatchImportError(msg("{name}: tệp Word (.docx) bị hỏng, không đọc được ({__name__})", name=name, __name__=type(exc).__name__)) from None
