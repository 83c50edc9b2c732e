"""Import a past dispatch (công văn): read a DOCX or a plain text into an :class:`ImportedDispatch`.

Offices keep years of dispatches as Word files. :func:`read_dispatch` reads one into a
structured, shape-neutral result (the header's bodies, number and symbol, place and date,
subject, addressees, opening, parts with their numbering styles and items, closing,
distribution, signer, the metrics, theme, anniversaries and year found in the texts) and lists in
``review`` whatever it could not place, so that nothing is dropped. It never raises on a
document it does not understand; a file that is not a DOCX or a text (or a broken DOCX) raises
one :class:`DispatchImportError` with a Vietnamese message.

:func:`render_lines` prints the result back the way vanthu lays a dispatch out, and
:func:`round_trip` measures how many of the original's lines come back exactly.
:func:`to_campaign_data` maps it to campaign data (``dispatch.parts``, a ``targets: true`` part,
``review``); :func:`import_campaign` does it all (read, map, validate) and :func:`campaign_yaml`
gives the new campaign file's text.

The pieces live in :mod:`app.importer`: ``source`` and ``docxread`` (paragraphs and runs),
``header`` (regions, header, addressees), ``body`` (parts and items), ``tail`` (distribution and
signer), ``values`` (theme, anniversaries, year, metrics), ``render`` (text lines, round trips),
``campaign_data`` and ``campaign_file`` (the campaign made of it).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from app.importer.body import read_body
from app.importer.campaign_data import to_campaign_data
from app.importer.campaign_file import MAX_IMPORT_BYTES, ImportedCampaign, campaign_yaml, import_campaign, kept_lines
from app.importer.header import COLUMNS, SEPARATOR, Regions, find_regions, read_addressees, read_header
from app.importer.model import (
    Authority,
    Body,
    DocumentNumber,
    FoundAnniversary,
    FoundMetric,
    ImportedDispatch,
    ImportedSigner,
    Item,
    Part,
)
from app.importer.render import RoundTrip, compare_lines, render_lines
from app.importer.source import DispatchImportError, Para, read_source
from app.importer.tail import read_tail
from app.importer.values import apply_values
from app.messages import msg

__all__ = [
    "read_dispatch", "render_lines", "round_trip", "original_lines", "to_campaign_data", "DispatchImportError",
    "ImportedDispatch", "Body", "DocumentNumber", "Part", "Item", "FoundMetric", "FoundAnniversary",
    "ImportedSigner", "Authority", "RoundTrip", "import_campaign", "campaign_yaml", "kept_lines", "ImportedCampaign",
    "MAX_IMPORT_BYTES",
]

Source = str | os.PathLike[str] | bytes


def _load(source: Source, filename: str | None) -> tuple[bytes, str]:
    if isinstance(source, bytes):
        return source, filename or "tệp tải lên"
    path = Path(source)
    try:
        return path.read_bytes(), filename or path.name
    except OSError as exc:
        raise DispatchImportError(msg("{name}: không mở được tệp ({strerror})", name=filename or path.name, strerror=exc.strerror or exc)) from None


def _read(source: Source, filename: str | None) -> tuple[ImportedDispatch, list[Para], Regions]:
    data, name = _load(source, filename)
    kind, paras = read_source(data, name)
    doc = ImportedDispatch(source=name, kind=kind)
    pictures = _pictures(data) if kind == "docx" else 0
    if pictures:  # a logo, a scanned seal or signature: not text, said rather than dropped unsaid
        doc.review.append(msg("văn bản có {count} hình ảnh (logo, con dấu, chữ ký…): không nhập", count=pictures))
    regions = find_regions(paras)
    return doc, paras, regions


def _pictures(data: bytes) -> int:
    """How many images a DOCX holds (its ``word/media`` files)."""
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as archive:  # already opened once by read_source
        return sum(1 for n in archive.namelist() if n.startswith("word/media/") and not n.endswith("/"))


def read_dispatch(source: Source, filename: str | None = None) -> ImportedDispatch:
    """Read the dispatch in ``source`` (a path, or the bytes of an upload named ``filename``).

    DOCX or plain text (UTF-8), told apart by content; see the module's doc.
    """
    doc, paras, regions = _read(source, filename)
    header_end = regions.addressee if regions.addressee is not None else regions.body_start
    read_header(paras[:header_end], doc)
    body_start = regions.body_start
    if regions.addressee is not None:
        body_start = read_addressees(paras[:regions.tail], regions.addressee, doc)
    else:
        doc.review.append(msg("không thấy dòng “Kính gửi:”"))
    read_body(paras[body_start:regions.tail], doc)
    read_tail(paras[regions.tail:], doc)
    _missing_header(doc)
    apply_values(doc)
    _name_bodies(doc)
    return doc


def _missing_header(doc: ImportedDispatch) -> None:
    for value, what in ((doc.number, msg("số và ký hiệu (Số: …)")), (doc.subject, msg("trích yếu (V/v …)")),
                        (doc.date, msg("địa danh và ngày tháng")), (doc.addressees, msg("nơi gửi (Kính gửi: …)"))):
        if not value:
            doc.review.append(msg("không thấy {what}", what=what))


_BODY_IN_TEXT = r"((?:Hội|Ủy ban|Uỷ ban|UBND|Sở|Ban|Đoàn|Trường|Phòng|Công ty|Chi hội|Mặt trận|Trung tâm|Bệnh viện)" \
                r"[^,.;:“”\"()\n]{0,60}?\b(?:tỉnh|thành phố|huyện|thị xã|xã|phường|thị trấn|quận)\s+PLACE)"


def _all_text(doc: ImportedDispatch) -> str:
    texts = doc.opening + doc.closing + [p for part in doc.parts for p in part.paragraphs] \
        + [i.text for i in doc.items()] + [p for i in doc.items() for p in i.paragraphs]
    return "\n".join(texts)


def _name_bodies(doc: ImportedDispatch) -> None:
    """Find how the running text writes the header's bodies; when the header lost the issuing
    body (a pasted text), take it from the text."""
    text = _all_text(doc)
    lower = text.lower()
    for body in (doc.parent_body, doc.issuing_body):
        if body is None:
            continue
        at = lower.find(body.name.lower())
        if at >= 0 and len(lower) == len(text):  # same offsets: no letter changed length in lower()
            body.text_name = text[at:at + len(body.name)]
    if doc.issuing_body is not None or not doc.place:
        return
    found = re.findall(_BODY_IN_TEXT.replace("PLACE", re.escape(doc.place)), text)
    if not found:
        doc.review.append(msg("không thấy tên cơ quan ban hành ở phần đầu văn bản, cũng không tìm được trong nội dung"))
        return
    abbreviation = doc.number.issuer_abbreviation if doc.number else None

    def score(name: str) -> tuple[int, int, int]:
        initials = "".join(w[0] for w in name.split() if w[:1].isupper())
        fits = bool(abbreviation) and abbreviation in initials
        return (fits, found.count(name), -found.index(name))

    name = max(found, key=score)
    doc.issuing_body = Body(name.upper(), [name.upper()], name, from_header=False)
    doc.review.append(msg("phần đầu văn bản không có tên cơ quan ban hành: đã lấy “{name}” từ nội dung, cần kiểm tra "
                      "(cả cơ quan chủ quản, nếu có)", name=name))


def original_lines(source: Source, filename: str | None = None) -> list[str | None]:
    """The original's lines as a reader sees them, ``None`` for a blank between paragraphs: one
    per paragraph (one per line of a text), the two columns of a header or signature line (a
    tab, or three spaces, between them) as two lines. A rule typed as dashes or underscores
    under a name is left out: vanthu draws it (a border), it is not text."""
    _, paras, regions = _read(source, filename)
    lines: list[str | None] = []
    header_end = regions.addressee if regions.addressee is not None else regions.body_start
    for index, para in enumerate(paras):
        columns = index < header_end or index >= regions.tail
        pieces = para.split(COLUMNS) if columns else [para]
        for number, piece in enumerate(pieces):
            if number or not piece.soft:
                lines.append(None)
            if not SEPARATOR.match(piece.plain):
                lines.append(" ".join(piece.plain.split()))
    return lines


def round_trip(source: Source, filename: str | None = None) -> RoundTrip:
    """Read ``source``, print it back (:func:`render_lines`) and count the original's lines kept."""
    return compare_lines(original_lines(source, filename), render_lines(read_dispatch(source, filename)))
