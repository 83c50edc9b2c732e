"""The end of a dispatch: the distribution list (ô 9b, ``Nơi nhận:``) and the signature block
(ô 7: authority lines, title, name), side by side in a table or one after the other in a text.
"""

from __future__ import annotations

import re

from app.importer.header import AUTHORITY, COLUMNS, unstar
from app.importer.markers import is_caps
from app.importer.model import Authority, ImportedDispatch, ImportedSigner
from app.importer.source import Para
from app.messages import msg

__all__ = ["read_tail"]

_LABEL = re.compile(r"^nơi\s*nhận\s*:?\s*", re.IGNORECASE)
# "- Lưu: VT, VP.", "- Lưu VT", "Lưu: VT": a dash or a colon, since Lưu is also a family name.
_ARCHIVE = re.compile(r"^(?:[-–+•]\s*Lưu\b\s*:?|Lưu\s*:)\s*(.*)$", re.IGNORECASE)
_DASH = re.compile(r"^[-–+•]\s*")
_PLACEHOLDER = re.compile(r"^\(?\s*(đã ký|ký|ký tên|ký,|ký và|đóng dấu|chữ ký|signed)", re.IGNORECASE)
_NAME_WORD = re.compile(r"^[A-ZÀ-ỸĐ][a-zà-ỹđ]*\.?$|^[A-ZÀ-ỸĐ]+$")


def _looks_like_name(text: str) -> bool:
    words = text.split()
    return 2 <= len(words) <= 7 and all(_NAME_WORD.match(w) for w in words)


def read_tail(paras: list[Para], doc: ImportedDispatch) -> None:
    """Fill ``distribution``, ``archive`` and ``signer`` of ``doc``; the rest goes to review."""
    dist_cells = {p.cell for p in paras if p.cell and _LABEL.match(unstar(p.plain))}
    distribution: list[Para] = []
    signer: list[Para] = []
    in_list = False
    for para in paras:
        for index, piece in enumerate(para.split(COLUMNS)):
            text = unstar(piece.plain)
            if piece.cell:
                (distribution if piece.cell in dist_cells else signer).append(piece)
                continue
            if _LABEL.match(text):
                in_list = True
                distribution.append(piece)
            elif in_list and index == 0 and (_DASH.match(text) or _ARCHIVE.match(text)):
                distribution.append(piece)
            elif in_list and index == 0 and text[:1].islower() and distribution:
                distribution.append(piece)
            else:
                if _ARCHIVE.match(text) and not signer:
                    in_list = True
                    distribution.append(piece)
                    continue
                signer.append(piece)
    _distribution(distribution, doc)
    _signer(signer, doc)


def _distribution(pieces: list[Para], doc: ImportedDispatch) -> None:
    items: list[str] = []
    for piece in pieces:
        text = unstar(piece.plain)
        label = _LABEL.match(text)
        if label:
            text = text[label.end():].strip()
            if not text:
                continue
        archive = _ARCHIVE.match(text)
        if archive:
            names = [n.strip(" .;") for n in re.split(r"[,;]", archive.group(1))]
            doc.archive += [n for n in names if n]
            if not doc.archive:
                doc.review.append(msg("{where}: dòng “{text}” không ghi nơi lưu (VT, …)", where=piece.where, text=text))
        elif _DASH.match(text) or not items:
            items.append(_DASH.sub("", text, count=1))
        else:
            items[-1] = f"{items[-1]} {text}"  # a long recipient wrapped onto the next line
    doc.distribution = [i.rstrip(" ;.,").strip() for i in items if i.rstrip(" ;.,").strip()]
    if pieces and not doc.archive:
        doc.review.append(msg("nơi nhận: không thấy dòng “- Lưu: VT, …”"))
    if not pieces:
        doc.review.append(msg("không thấy phần “Nơi nhận:”"))


def _signer(pieces: list[Para], doc: ImportedDispatch) -> None:
    signer = ImportedSigner()
    caps: list[str] = []
    for index, piece in enumerate(pieces):
        text = unstar(piece.plain)
        authority = AUTHORITY.match(text)
        last = index == len(pieces) - 1
        if _PLACEHOLDER.match(text):
            doc.review.append(msg("{where}: bỏ qua dòng “{text}” ở chỗ ký", where=piece.where, text=text))
        elif authority and not caps and signer.name is None:
            signer.authorities.append(Authority(f"{authority.group(1)}.", authority.group(2).strip()))
            printed = f"{authority.group(1)}. {authority.group(2).strip()}".strip()
            if authority.group(2) and text != printed:
                doc.review.append(msg("{where}: “{text}” sẽ in là “{printed}” (Nghị định 30)", where=piece.where, text=text, printed=printed))
        elif is_caps(text) and not (last and (signer.authorities or caps) and piece.gap and _looks_like_name(text.title())):
            if signer.authorities and not signer.authorities[-1].of:
                signer.authorities[-1].of = text
            else:
                caps.append(text)
        elif signer.name is None and (_looks_like_name(text) or last):
            signer.name = text
            if is_caps(text):
                doc.review.append(msg("{where}: tên người ký “{text}” viết hoa toàn bộ (Nghị định 30: chữ thường)", where=piece.where, text=text))
        else:
            doc.review.append(msg("{where}: dòng ở khối chữ ký chưa xếp được: “{text}”", where=piece.where, text=text))
    if caps:
        if signer.authorities and len(caps) > 1:
            # TM. BAN CHẤP HÀNH / HỘI CHỮ THẬP ĐỎ TỈNH / CHỦ TỊCH: all but the title go on with the authority.
            signer.authorities[-1].of = " ".join([signer.authorities[-1].of] + caps[:-1]).strip()
            caps = caps[-1:]
        signer.title = " ".join(caps)
    if signer.authorities or signer.title or signer.name:
        doc.signer = signer
        if signer.name is None:
            doc.review.append(msg("chữ ký: không thấy họ tên người ký"))
        if signer.authority in ("KT.", "TM.", "TL.", "TUQ.") and not signer.title:
            doc.review.append(msg("chữ ký: “{authority} {head_title}” không có chức vụ người ký ở dòng dưới", authority=signer.authority, head_title=signer.head_title))
    else:
        doc.review.append(msg("không thấy khối chữ ký (quyền hạn, chức vụ, họ tên người ký)"))
