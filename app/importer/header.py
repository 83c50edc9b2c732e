"""The regions of a dispatch (header, addressees, body, signature) and the reading of its header
(ô 1–5: bodies, number and symbol, place and date, ``V/v`` subject) and of ``Kính gửi:``.

The header is read by what each line says, not where it sits, so that a two-column table, a
header typed as tab-separated paragraphs and a pasted text whose table was flattened are read
alike.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from app import vnformat
from app.importer.markers import fold, is_caps
from app.importer.model import Body, DocumentNumber, ImportedDispatch
from app.importer.source import Para
from app.messages import msg

__all__ = [
    "Regions", "find_regions", "read_header", "read_addressees", "parse_number", "COLUMNS", "AUTHORITY", "SEPARATOR",
    "unstar",
]

COLUMNS = re.compile(r"\t+|\s{3,}")  # between the two columns of a header or signature line
AUTHORITY = re.compile(r"^(KT|TM|TL|TUQ|Q)\s*\.\s*(.*)$")
_ADDRESSEE = re.compile(r"^kính\s*gửi\s*:?\s*", re.IGNORECASE)
_DISTRIBUTION = re.compile(r"^nơi\s*nhận\s*:?\s*", re.IGNORECASE)
_NUMBER = re.compile(r"^Số\s*(?::\s*|(?=\d))(.*)$", re.IGNORECASE)  # "Số: 21/…", "Số 21/…", "Số:"
_NUMBER_PARTS = re.compile(r"^(?P<number>\d{1,5})?\s*/\s*(?:(?P<year>\d{4})\s*/\s*)?(?P<symbol>\S.*)$")
_SUBJECT = re.compile(r"^(?:V\s*/\s*v|Về\s+việc)\s*:?\s*(.*)$", re.IGNORECASE)
_PLACE_DATE = re.compile(r"^(?P<place>[^,]{1,60}?)\s*,\s*ngày\s+(?P<d>\d{1,2})\s+tháng\s+(?P<m>\d{1,2})\s+năm\s+(?P<y>\d{4})\s*\.?$",
                         re.IGNORECASE)
_BLANK_DATE = re.compile(r"^(?P<place>[^,]{1,60}?)\s*,\s*ngày\b.*\btháng\b.*\bnăm\s+(?P<y>\d{4})", re.IGNORECASE)
SEPARATOR = re.compile(r"^[-_=*.–—~\s]{3,}$")
_MARKS = {"KHẨN", "THƯỢNG KHẨN", "HỎA TỐC", "HOẢ TỐC", "MẬT", "TỐI MẬT", "TUYỆT MẬT"}
# Words that start the name of a body: a header line starting with one starts a new body, any
# other capital line ("TỈNH LÀO CAI") continues the one above.
_BODY_STARTS = (
    "HỘI ", "ỦY BAN", "UỶ BAN", "UBND", "SỞ ", "BỘ ", "BAN ", "TRUNG ƯƠNG", "TW ", "T.Ư", "ĐẢNG ", "ĐOÀN ",
    "CÔNG TY", "TỔNG CÔNG TY", "TRƯỜNG", "PHÒNG", "CHI HỘI", "VĂN PHÒNG", "TỔNG CỤC", "CỤC ", "CHI CỤC",
    "TRUNG TÂM", "BỆNH VIỆN", "MẶT TRẬN", "MTTQ", "LIÊN ĐOÀN", "HỘI ĐỒNG", "TỈNH ỦY", "TỈNH UỶ",
    "HUYỆN ỦY", "HUYỆN UỶ", "THÀNH ỦY", "THÀNH UỶ", "ĐẢNG ỦY", "ĐẢNG UỶ", "CHÍNH PHỦ", "VIỆN ", "TẬP ĐOÀN",
    "KHO BẠC", "NGÂN HÀNG", "CÔNG AN", "BỘ CHỈ HUY", "QUỸ ", "BẢO HIỂM", "CHI BỘ", "THANH TRA",
)


def unstar(text: str) -> str:
    """A line without the asterisks of a pasted text's bold (``**KT.CHỦ TỊCH``)."""
    return text.replace("*", "").strip()


@dataclass
class Regions:
    """Index ranges into the paragraphs: ``header`` [0, addressee), ``addressee`` line, ``body``
    [body_start, tail), signature and distribution [tail, end)."""

    addressee: int | None
    body_start: int
    tail: int


def _is_tail_start(para: Para) -> bool:
    """``Nơi nhận:`` or an authority line (``KT. CHỦ TỊCH``) starts the end of the dispatch."""
    text = unstar(para.plain)
    authority = AUTHORITY.match(text)
    return bool(_DISTRIBUTION.match(text)) or bool(authority and (not authority.group(2) or is_caps(authority.group(2))))


def find_regions(paras: list[Para]) -> Regions:
    """Where the header ends, the body starts and the signature block starts."""
    addressee = next((i for i, p in enumerate(paras) if _ADDRESSEE.match(unstar(p.plain))), None)
    start = 0 if addressee is None else addressee + 1
    if addressee is None:
        # No "Kính gửi:": the header ends with the last line that only a header has.
        for i, para in enumerate(paras[:25]):
            if any(_kind(piece) in ("number", "subject", "place_date", "national", "motto")
                   for piece in para.split(COLUMNS)):
                start = i + 1
    tail = len(paras)
    for i in range(start, len(paras)):
        if _is_tail_start(paras[i]):
            tail = i
            break
    # A signature table starts at its first cell, even if "Nơi nhận:" is not its first line.
    if tail < len(paras) and paras[tail].cell:
        table = paras[tail].cell[0]
        while tail > start and paras[tail - 1].cell and paras[tail - 1].cell[0] == table:
            tail -= 1
    if tail == len(paras):
        tail = _trailing_signer(paras, start)
    return Regions(addressee, start, tail)


def _trailing_signer(paras: list[Para], start: int) -> int:
    """No "Nơi nhận:" and no authority line: a title in capitals then a name end the document."""
    end = len(paras)
    if end - start >= 2 and is_caps(unstar(paras[end - 2].plain)) and len(paras[end - 2].plain) < 60 \
            and not is_caps(paras[end - 1].plain) and 2 <= len(paras[end - 1].plain.split()) <= 6:
        return end - 2
    return end


def _kind(piece: Para) -> str:
    text = unstar(piece.plain)
    folded = fold(text)
    if "CONG HOA XA HOI CHU NGHIA VIET NAM" in folded:
        return "national"
    if "DOC LAP" in folded and "TU DO" in folded and "HANH PHUC" in folded:
        return "motto"
    if SEPARATOR.match(text):
        return "separator"
    if _NUMBER.match(text):
        return "number"
    if _SUBJECT.match(text):
        return "subject"
    if _PLACE_DATE.match(text) or _BLANK_DATE.match(text):
        return "place_date"
    if text.upper() in _MARKS:
        return "mark"
    if is_caps(text):
        return "body"
    return "other"


def parse_number(text: str, where: str, review: list[str]) -> DocumentNumber:
    """``Số: 21/CTĐ - VP`` → 21, CTĐ, VP; a blank number or an odd symbol goes to ``review``."""
    rest = _NUMBER.match(text).group(1).strip() if _NUMBER.match(text) else text
    match = _NUMBER_PARTS.match(rest)
    if not match:
        review.append(msg("{where}: không tách được số và ký hiệu văn bản “{text}”", where=where, text=text))
        return DocumentNumber(int(rest) if rest.isdigit() else None, None, None, text)
    number = int(match.group("number")) if match.group("number") else None
    if number is None:
        review.append(msg("{where}: số văn bản để trống (“{text}”): điền số khi ban hành", where=where, text=text))
    if match.group("year"):
        review.append(msg("{where}: ký hiệu có năm ({group}) giữa số và ký hiệu, vanthu không in năm ở đó", where=where, group=match.group('year')))
    groups = [g.strip() for g in match.group("symbol").split("-") if g.strip()]
    if any(" " in g or "/" in g for g in groups):
        review.append(msg("{where}: ký hiệu văn bản có khoảng trắng hoặc dấu / lạ: “{text}”", where=where, text=text))
        groups = [g.replace(" ", "").replace("/", "") for g in groups]
    found = DocumentNumber(number, groups[0] if groups else None, "-".join(groups[1:]) or None, text)
    if number is not None and found.symbol:
        printed = vnformat.format_number_symbol(number, found.symbol)
        if " ".join(text.split()) != printed:
            review.append(msg("{where}: “{text}” sẽ in là “{printed}” (Nghị định 30)", where=where, text=text, printed=printed))
    return found


def _group_bodies(pieces: list[Para]) -> list[list[Para]]:
    """Capital lines of the header grouped into bodies (see _BODY_STARTS)."""
    groups: list[list[Para]] = []
    for piece in pieces:
        text = unstar(piece.plain).upper() + " "
        if not groups or text.startswith(_BODY_STARTS):
            groups.append([piece])
        else:
            groups[-1].append(piece)
    return groups


def _body(lines: list[Para]) -> Body:
    texts = [unstar(p.plain) for p in lines]
    return Body(" ".join(texts), texts)


def read_header(paras: list[Para], doc: ImportedDispatch) -> None:
    """Fill the header fields of ``doc`` from the header paragraphs; the rest goes to review."""
    bodies: list[Para] = []
    subject: list[str] = []
    subject_cell: tuple[int, int, int] | None = None
    subject_open = False
    for piece in (piece for para in paras for piece in para.split(COLUMNS)):
        text = unstar(piece.plain)
        kind = _kind(piece)
        if kind in ("national", "motto", "separator"):
            continue
        if subject_open and kind == "other" and _continues_subject(text, piece, subject_cell, len(subject)):
            subject.append(text)
            continue
        subject_open = False
        if kind == "number" and doc.number is None:
            doc.number = parse_number(text, piece.where, doc.review)
        elif kind == "subject" and not subject:
            subject.append(_SUBJECT.match(text).group(1))
            subject_open, subject_cell = True, piece.cell
        elif kind == "place_date" and doc.place is None:
            _place_date(text, piece.where, doc)
        elif kind == "body" and doc.number is None and not subject:
            bodies.append(piece)
        elif kind == "mark":
            doc.review.append(msg("{where}: dấu mức độ khẩn/mật “{text}” chưa có chỗ trong chiến dịch", where=piece.where, text=text))
        else:
            doc.review.append(msg("{where}: dòng ở phần đầu văn bản chưa xếp được: “{text}”", where=piece.where, text=text))
    if subject:
        # A line break the clerk typed in the subject is kept (app.linebreak keeps it too).
        doc.subject = "\n".join(" ".join(line.split()) for line in subject if line.strip()) or None
    _bodies(bodies, doc)


def _continues_subject(text: str, piece: Para, cell: tuple[int, int, int] | None, lines: int) -> bool:
    """A header line after ``V/v …`` that goes on with the subject: in the same cell, or starting
    with a small letter (a wrapped line)."""
    if lines >= 4:
        return False
    return bool(piece.cell and piece.cell == cell) or text[:1].islower()


def _place_date(text: str, where: str, doc: ImportedDispatch) -> None:
    match = _PLACE_DATE.match(text)
    if match:
        doc.place = match.group("place").strip()
        try:
            doc.date = dt.date(int(match.group("y")), int(match.group("m")), int(match.group("d")))
        except ValueError:
            doc.review.append(msg("{where}: ngày không có thật: “{text}”", where=where, text=text))
        return
    blank = _BLANK_DATE.match(text)
    doc.place = blank.group("place").strip()
    doc.review.append(msg("{where}: ngày tháng để trống hoặc không đọc được: “{text}” (chỉ lấy được năm "
                      "{group})", where=where, text=text, group=blank.group('y')))
    doc.date = None


def _bodies(pieces: list[Para], doc: ImportedDispatch) -> None:
    if not pieces:
        return
    bolds = {p.bold for p in pieces}
    if len(bolds) == 2 and pieces[-1].bold:
        # Decree 30 H3/H4: the parent body is not bold, the issuing body is.
        parent = [p for p in pieces if not p.bold]
        issuer = [p for p in pieces if p.bold]
        groups = ([parent] if parent else []) + [issuer]
    else:
        groups = _group_bodies(pieces)
    doc.issuing_body = _body(groups[-1])
    if len(groups) > 1:
        doc.parent_body = _body([p for g in groups[:-1] for p in g])


def read_addressees(paras: list[Para], first: int, doc: ImportedDispatch) -> int:
    """Read ``Kính gửi:`` at ``paras[first]`` and the addressees under it; return the index of
    the first paragraph after them."""
    rest = _ADDRESSEE.sub("", unstar(paras[first].plain), count=1).strip()
    entries: list[str] = [rest] if rest else []
    dashed = rest.startswith(("-", "–"))
    index = first + 1
    while index < len(paras) and len(entries) < 40:
        text = paras[index].plain.strip()
        para = paras[index]
        last = entries[-1] if entries else ""
        if _is_tail_start(para):
            break
        if entries and para.soft and text[:1].islower() and not last.endswith((";", ".")):
            entries[-1] = f"{last} {text}"
        elif text.startswith(("-", "–")) and (dashed or not entries or last.endswith(";")):
            dashed = True
            entries.append(text)
        elif entries and last.endswith(";"):
            entries.append(text)
        elif not entries and len(text) < 160:
            entries.append(text)
        else:
            break
        index += 1
        if entries[-1].endswith(".") and not entries[-1].endswith("./."):
            break
    doc.addressees = [_clean_addressee(e) for e in entries if _clean_addressee(e)]
    doc.addressees_below = not rest and len(doc.addressees) > 1
    if len(doc.addressees) > 1 and not dashed:
        doc.review.append(msg("{where}: các nơi gửi sẽ in mỗi nơi một dòng, bắt đầu bằng “- ” (Nghị định 30)",
                              where=paras[first].where))
    doc.addressee_full_stop = bool(entries) and entries[-1].rstrip().endswith(".")
    if not doc.addressees:
        doc.review.append(msg("{where}: có “Kính gửi:” nhưng không đọc được nơi gửi", where=paras[first].where))
    return index


def _clean_addressee(text: str) -> str:
    text = re.sub(r"^[-–]\s*", "", text.strip())
    return text.rstrip(" ;.,").strip()
