"""Rows H1–H7 of docs/nd30.md: national name and motto with the line under it, parent and issuing
body with the short line, number and symbol, place and date, a công văn's V/v subject."""

from __future__ import annotations

import re

from docx.oxml.ns import qn

from app.layout import MIXED_CASE_SYMBOLS, MOTTO, NATIONAL_NAME, TYPE_ABBREVIATIONS, Allowed, Label

from .model import Para, Reading

__all__ = ["check_header", "check_rule", "DATE", "is_date_line"]

# "<place>, ngày 05 tháng 3 năm 2023" (a form may leave day, month and place as "……" to fill in).
DATE = re.compile(r"^(?P<place>.*?)(?P<comma>,?)\s*ngày\s+(?P<day>\S+)\s+tháng\s+(?P<month>\S+)\s+năm\s+\d{4}$")
MOTTO_RULE = (0.9, 1.1)  # the line under the motto: as long as the motto, within a tenth
RATIO_SLACK = 0.02       # the short lines' 1/3–1/2, as the lint reads lengths rounded to twips
_CAPITALS = re.compile(r"[A-ZĐ0-9À-Ỹ]+")


def is_date_line(text: str) -> bool:
    return len(text) <= 80 and bool(DATE.match(text))


def _same(text: str, fixed: str) -> bool:
    return " ".join(text.split()).upper().replace("HOÀ", "HÒA") == fixed.upper()


def check_header(r: Reading, kind) -> None:
    national = r.find(lambda t: _same(t, NATIONAL_NAME))
    if national is None:
        r.fail("H1", f"không có quốc hiệu “{NATIONAL_NAME}”")
    else:
        if r.shown(national) != NATIONAL_NAME:
            r.fail("H1", f"quốc hiệu phải viết in hoa, đúng “{NATIONAL_NAME}”")
        r.expect("H1", "quốc hiệu", national, Allowed.NATIONAL_NAME, True, False)
        r.expect_centred("H1", "quốc hiệu", national)
    motto = r.find(lambda t: _same(t, MOTTO))
    if motto is None:
        r.fail("H2", f"không có tiêu ngữ “{MOTTO}”")
    else:
        _motto(r, motto, national)
    if national is not None and national.in_cell:
        _bodies(r, national)
    _number(r, kind)
    _date(r, kind)
    _subject(r, kind)


def _motto(r: Reading, motto: Para, national: Para | None) -> None:
    if r.shown(motto) != MOTTO:
        r.fail("H2", f"tiêu ngữ phải viết đúng “{MOTTO}” (chữ đầu các cụm viết hoa, cách hai bên gạch nối)")
    r.expect("H2", "tiêu ngữ", motto, Allowed.MOTTO, True, False)
    if r.expect_centred("H2", "tiêu ngữ", motto) and national is not None and r.next_text(national) is not motto:
        r.fail("H2", "tiêu ngữ phải ở ngay dưới quốc hiệu")
    check_rule(r, "H2", "tiêu ngữ", [motto], MOTTO_RULE, "dài bằng")


def check_rule(r: Reading, rule: str, what: str, paras: list[Para], ratios: tuple[float, float], how: str) -> None:
    """The solid line under ``paras``: present, solid, its length within ``ratios`` of the text's."""
    found = r.rule_under(paras[-1])
    if found is None:
        r.fail(rule, f"thiếu đường kẻ dưới {what}")
        return
    length, style = found
    if style != "single":
        r.fail(rule, f"đường kẻ dưới {what} phải là nét liền (đang là '{style}')")
    text = r.text_width(paras)
    if length is None or not text:
        return
    low, high = ratios
    ratio = length / text
    if not low - RATIO_SLACK <= ratio <= high + RATIO_SLACK:
        r.fail(rule, f"đường kẻ dưới {what} dài {ratio:.0%} dòng chữ (cần {how} dòng chữ)")


def _bodies(r: Reading, national: Para) -> None:
    """H3, H4 when the header is a table: the left cell of the national name's row holds the parent
    body (not bold) over the issuing body (bold), then the short line."""
    cells = [c for c in national.container.getparent() if c.tag == qn("w:tc")]
    if cells.index(national.container) == 0:
        return
    left = [p for p in r.paras if p.container is cells[0]]
    names = []
    for para in left:
        if para.text.startswith(("Số", Label.SUBJECT_PREFIX)) or is_date_line(para.text) or r.is_rule(para):
            break
        if para.text:
            names.append(para)
    if not names:
        r.fail("H4", "không có tên cơ quan ban hành ở ô bên trái đầu văn bản")
        return
    bold = [all(s.bold for s in r.looks(p)) for p in names]
    change = max((i for i in range(1, len(names)) if bold[i] != bold[i - 1]), default=1 if len(names) > 1 else 0)
    parents, issuer = names[:change], names[change:]
    for para in parents:
        _capitals(r, "H3", "tên cơ quan chủ quản", para)
        if r.expect("H3", "tên cơ quan chủ quản", para, Allowed.BODY_NAME, False, False):
            r.expect_centred("H3", "tên cơ quan chủ quản", para)
    for para in issuer:
        _capitals(r, "H4", "tên cơ quan ban hành", para)
        if r.expect("H4", "tên cơ quan ban hành", para, Allowed.BODY_NAME, True, False):
            r.expect_centred("H4", "tên cơ quan ban hành", para)
    check_rule(r, "H4", "tên cơ quan ban hành", issuer, Allowed.RULE_RATIO, "từ 1/3 đến 1/2")


def _capitals(r: Reading, rule: str, what: str, para: Para) -> None:
    if not r.in_capitals(para):
        r.fail(rule, f"{what} “{para.text[:40]}” phải viết in hoa")


def _number(r: Reading, kind) -> None:
    """H5: ``Số: 05/TTr-CTĐ``: leading zero below 10, no spaces, capitals but the official mixed-case
    abbreviations, a named document's symbol starting with its type's abbreviation; 13 pt upright."""
    number = kind.number
    if number is None:
        if kind.cong_van:
            r.fail("H5", "không có số, ký hiệu (Số: …)")
        return
    text = " ".join(number.text.split())
    match = re.fullmatch(r"Số:\s*(?P<number>\d+)/(?P<symbol>\S+)", text)
    if not match or not number.text.startswith(Label.NUMBER_PREFIX + " "):
        r.fail("H5", f"số, ký hiệu “{text}” sai thể thức (ví dụ đúng: Số: 05/CTĐ-VP)")
    else:
        value, symbol = match.group("number"), match.group("symbol")
        parts = symbol.split("-")
        if not re.fullmatch(r"0[1-9]|[1-9]\d+", value):
            r.fail("H5", f"số “{value}”: số dưới 10 ghi thêm số 0 phía trước (05), không thêm số 0 thừa")
        elif "/" in symbol or not all(parts):
            r.fail("H5", f"ký hiệu “{symbol}”: các phần của ký hiệu nối bằng gạch nối (-)")
        elif any(part not in MIXED_CASE_SYMBOLS and not _CAPITALS.fullmatch(part) for part in parts):
            r.fail("H5", f"ký hiệu “{symbol}” phải viết in hoa (trừ TTr, CTr, QyĐ, TrS)")
        elif kind.type_name in TYPE_ABBREVIATIONS and parts[0] != TYPE_ABBREVIATIONS[kind.type_name]:
            abbreviation = TYPE_ABBREVIATIONS[kind.type_name]
            r.fail("H5", f"ký hiệu của {kind.type_name.lower()} phải bắt đầu bằng “{abbreviation}” (Phụ lục III)")
    r.expect("H5", "số, ký hiệu", number, Allowed.NUMBER, False, False)


def _date(r: Reading, kind) -> None:
    """H6: ``<place>, ngày 05 tháng 3 năm 2023``, 13–14 pt italic, leading zeros as the decree says."""
    date = kind.date
    if date is None:
        if not kind.annexed:
            r.fail("H6", "không có địa danh, ngày tháng năm")
        return
    match = DATE.match(" ".join(date.text.split()))
    day, month = match.group("day"), match.group("month")
    if not match.group("place") or not match.group("comma"):
        r.fail("H6", f"“{date.text[:40]}”: cần địa danh và dấu phẩy trước “ngày”")
    elif "…" in day + month or "..." in day + month:
        pass  # a form's blank date, filled in by hand
    elif not (day.isdigit() and month.isdigit()) or not 1 <= int(day) <= 31 or not 1 <= int(month) <= 12:
        r.fail("H6", f"ngày tháng “{day}/{month}” không hợp lệ")
    elif (int(day) < 10) != day.startswith("0") or len(day) != 2:
        r.fail("H6", f"ngày “{day}”: ngày dưới 10 phải có số 0 phía trước")
    elif (int(month) < 3) != month.startswith("0") or (int(month) < 3 and len(month) != 2):
        r.fail("H6", f"tháng “{month}”: chỉ tháng 1, 2 có số 0 phía trước")
    r.expect("H6", "địa danh, ngày tháng", date, Allowed.PLACE_DATE, False, True)


def _subject(r: Reading, kind) -> None:
    """H7: a công văn's ``V/v`` line, 12–13 pt, upright, centred under the number, 6 pt above; a named
    document has none (its subject is under its type name, H8)."""
    subject = kind.subject
    if subject is None:
        return
    if kind.title is not None:
        r.fail("H7", f"“V/v …” chỉ dùng cho công văn; {kind.type_name.lower()} ghi trích yếu dưới tên loại")
        return
    r.expect("H7", "trích yếu V/v", subject, Allowed.SUBJECT, False, False)
    r.expect_centred("H7", "trích yếu V/v", subject)
    above = [p for p in r.siblings(subject) if p.index < subject.index]
    space = r.fmt(subject).before + (r.fmt(above[-1]).after if above else 0)
    if above and space < 60:
        r.fail("H7", f"trích yếu V/v cách số, ký hiệu {space / 20:g} pt (cần khoảng 6 pt)")
