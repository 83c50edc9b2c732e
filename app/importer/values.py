"""Computed values found in the texts of an imported dispatch, and metrics found in its items.

- the theme ``chủ đề “…”`` becomes ``[[ chu_de ]]``;
- ``kỷ niệm N năm <event> (dd/mm/yyyy-dd/mm/yyyy)`` becomes ``kỷ niệm [[ ky_niem.<id> ]]`` when
  the dates agree with N and the dispatch's year (``kỷ niệm N năm <event>`` without dates too,
  founded in the year N years back);
- the dispatch's year becomes ``[[ nam ]]``, except inside a date (``13/01/2023``, ``tháng 02
  năm 2023``), a document reference (``30/2020/NĐ-CP``) or a range of years (``2021-2023``);
- numbers with a unit in item texts (``7.500 đơn vị máu``, ``30 triệu đồng``) are listed as
  metrics; the text keeps them.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from app import vnformat
from app.importer.markers import fold
from app.importer.model import FoundAnniversary, FoundMetric, ImportedDispatch, Item
from app.messages import msg
from app.textmarkup import plain_text

__all__ = ["apply_values", "find_metrics", "replace_year", "slug", "UNITS"]

_THEME = re.compile(r"chủ đề\s*:?\s*[“\"]([^”\"]{3,200})[”\"]", re.IGNORECASE)
_RANGE = re.compile(r"\(\s*(\d{1,2})/(\d{1,2})/(\d{4})\s*[-–]\s*(\d{1,2})/(\d{1,2})/(\d{4})\s*\)")
_YEARS = re.compile(r"(\d{1,4})\s+năm\s+")
_UNDATED = re.compile(r"kỷ niệm\s+(\d{1,4})\s+năm\s+([^;,.()\[\]]+?)(?=\s*(?:[;,.)]|\s+và\s|$))", re.IGNORECASE)
_PLACEHOLDER = re.compile(r"\[\[.*?\]\]")
_NUMBER = re.compile(r"(?<![\d.,/])(\d{1,3}(?:\.\d{3})+|\d+(?:,\d+)?)(?![\d/]|\.\d)")
# Units a target counts in, longest first so that "đơn vị máu" wins over "đơn vị".
UNITS = sorted({
    "đơn vị máu", "đơn vị", "suất quà", "suất", "phần quà", "xuất quà", "lượt người", "lượt", "người", "hộ",
    "hộ gia đình", "công trình", "căn nhà", "ngôi nhà", "nhà nhân đạo", "nhà tình thương", "nhà", "hội viên",
    "tình nguyện viên", "thành viên", "chi hội", "câu lạc bộ", "đội", "lớp tập huấn", "lớp", "buổi", "cuộc",
    "ca", "xe lăn", "xe đạp", "chiếc", "tấn gạo", "tấn", "kg gạo", "kg", "học bổng", "suất học bổng",
    "trẻ em", "học sinh", "bệnh nhân", "mô hình", "hoạt động", "điểm hiến máu", "đợt", "bộ", "cái",
    "triệu đồng", "tỷ đồng", "nghìn đồng", "ngàn đồng", "đồng", "sơ cấp cứu viên", "gia đình",
}, key=len, reverse=True)


def slug(text: str) -> str:
    """An identifier for ``[[ ky_niem.<id> ]]`` from an event: ``ngày thành lập Hội Chữ thập đỏ
    Việt Nam`` → ``hoi_chu_thap_do_viet_nam``."""
    text = re.sub(r"^(ngày\s+)?(thành lập|truyền thống|ra đời|sinh|giải phóng|chiến thắng)?\s*", "", text.strip(),
                  flags=re.IGNORECASE) or text
    words = re.findall(r"[a-z0-9]+", fold(text).lower())
    out = ""
    for word in words:
        if len(out) + len(word) + 1 > 40:
            break
        out = f"{out}_{word}" if out else word
    if not out or out[0].isdigit():
        out = f"ky_niem_{out}".rstrip("_")
    return out


def _unique(base: str, taken: set[str]) -> str:
    name, count = base, 1
    while name in taken:
        count += 1
        name = f"{base}_{count}"
    taken.add(name)
    return name


def _protected(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in _PLACEHOLDER.finditer(text)]


def replace_year(text: str, year: int) -> str:
    """``text`` with ``year`` as ``[[ nam ]]`` where it stands as a year of its own (see the module)."""
    out: list[str] = []
    last = 0
    guarded = _protected(text)
    for match in re.finditer(rf"(?<![\w/.,]){year}(?![\w/])", text):
        start, end = match.span()
        before, after = text[:start], text[end:]
        if any(a <= start < b for a, b in guarded) \
                or re.search(r"\d{4}\s*[-–]\s*$", before) or re.match(r"\s*[-–]\s*\d{4}", after) \
                or re.search(r"tháng\s+\d{1,2}\s+năm\s+$", before, re.IGNORECASE) \
                or re.match(r"\s*/", after):
            continue
        out.append(text[last:start] + "[[ nam ]]")
        last = end
    out.append(text[last:])
    return "".join(out)


class _Anniversaries:
    def __init__(self, doc: ImportedDispatch):
        self.doc = doc
        self.taken: set[str] = set()

    def _add(self, event: str, founded: dt.date | int, years: int, text: str) -> str:
        for known in self.doc.anniversaries:
            if known.event == event and known.founded == founded:
                return known.id
        found = FoundAnniversary(_unique(slug(event), self.taken), event, founded, years, text)
        self.doc.anniversaries.append(found)
        return found.id

    def replace(self, text: str, where: str) -> str:
        year = self.doc.year
        if year is None or "năm" not in text:
            return text
        pieces: list[str] = []
        last = 0
        for paren in _RANGE.finditer(text):
            d1, m1, y1, d2, m2, y2 = (int(g) for g in paren.groups())
            window = text[last:paren.start()]
            counts = [m for m in _YEARS.finditer(window) if int(m.group(1)) == y2 - y1]
            if not counts:
                continue
            count = counts[-1]
            event = window[count.end():].strip()
            original = text[last + count.start():paren.end()]
            try:
                founded = dt.date(y1, m1, d1)
            except ValueError:
                founded = None
            if founded is None or (d1, m1) != (d2, m2) or y2 != year or not event or "[[" in event:
                self.doc.review.append(msg("{where}: kỷ niệm “{original}” không tính lại được theo năm văn bản: giữ nguyên", where=where, original=original))
                continue
            ident = self._add(event, founded, y2 - y1, original)
            rewritten = f"{y2 - y1} năm {event} ({vnformat.format_date_range(founded, year)})"
            computed = f"[[ ky_niem.{ident} ]]"
            if " ".join(original.split()) != rewritten:
                # The source writes its dates its own way (2/9/1945, spaces round the dash): the
                # decree's zeros are for the document's date (H6) only, so keep that form with the
                # count and the last year computed.
                dates = paren.group(0)
                at = dates.rindex(str(y2))
                computed = (f"[[ ky_niem.{ident}.so_nam ]] năm {event} "
                            f"{dates[:at]}[[ nam ]]{dates[at + len(str(y2)):]}")
            pieces.append(text[last:last + count.start()] + computed)
            last = paren.end()
        pieces.append(text[last:])
        return self._undated("".join(pieces), year)

    def _undated(self, text: str, year: int) -> str:
        def swap(match: re.Match[str]) -> str:
            years, event = int(match.group(1)), match.group(2).strip()
            if not event or "[[" in event or len(event.split()) > 15 or years >= year:
                return match.group(0)
            ident = self._add(event, year - years, years, match.group(0)[len("kỷ niệm "):])
            return f"{match.group(0)[:len('kỷ niệm')]} [[ ky_niem.{ident} ]]"

        return _UNDATED.sub(swap, text)


def _parse_number(text: str) -> int | float:
    if "," in text:
        return float(text.replace(",", "."))
    return int(text.replace(".", ""))


def find_metrics(text: str) -> list[FoundMetric]:
    """Numbers with a unit in ``text`` (plain or marked up): ``7.500 đơn vị máu``, ``300.000 đồng``;
    a percentage other than 100 % as ``%``."""
    plain = plain_text(_PLACEHOLDER.sub(" ", text))
    found: list[FoundMetric] = []
    for match in _NUMBER.finditer(plain):
        after = plain[match.end():]
        value = _parse_number(match.group(1))
        percent = re.match(r"\s?%", after)
        if percent:
            if value != 100:
                found.append(FoundMetric(value, "%", plain[match.start():match.end() + percent.end()]))
            continue
        rest = after.lstrip(" ").lower()
        if not after.startswith(" "):
            continue
        for unit in UNITS:
            if rest.startswith(unit) and (len(rest) == len(unit) or not rest[len(unit)].isalnum()):
                shown = plain[match.start():match.end() + 1 + len(unit)]
                found.append(FoundMetric(value, plain[match.end() + 1:match.end() + 1 + len(unit)], shown))
                break
    return found


def _texts(doc: ImportedDispatch, change: Callable[[str, str], str]) -> None:
    """Apply ``change(text, where)`` to every body text of ``doc``."""
    def items(entries: list[Item], label: str) -> None:
        for number, item in enumerate(entries, start=1):
            where = f"{label}, mục {number}"
            item.text = change(item.text, where)
            item.paragraphs = [change(p, where) for p in item.paragraphs]
            items(item.sub_items, where)

    if doc.subject:
        doc.subject = change(doc.subject, "trích yếu")
    doc.addressees = [change(a, "kính gửi") for a in doc.addressees]
    doc.opening = [change(p, "mở đầu") for p in doc.opening]
    for number, part in enumerate(doc.parts, start=1):
        label = f"phần {number}"
        if part.heading:
            part.heading = change(part.heading, label)
        part.paragraphs = [change(p, label) for p in part.paragraphs]
        items(part.items, label)
        part.table = [[change(cell, f"{label}, bảng") for cell in row] for row in part.table]
    doc.closing = [change(p, "đoạn kết") for p in doc.closing]


def apply_values(doc: ImportedDispatch) -> None:
    """Put the theme, the anniversaries and the year in as computed values; list the metrics."""
    everything: list[str] = []
    _texts(doc, lambda text, where: everything.append(text) or text)
    if any(marker in text for text in everything for marker in ("[[", "[%", "[#")):
        doc.review.append(msg("nội dung có “[[”, “[%” hoặc “[#”: vanthu đọc chúng là giá trị tự tính, cần sửa lại"))
    theme = next((m.group(1).strip() for t in everything for m in _THEME.finditer(t)), None)
    if theme:
        doc.theme = theme
        _texts(doc, lambda text, where: text.replace(f"“{theme}”", "“[[ chu_de ]]”").replace(f'"{theme}"', '"[[ chu_de ]]"'))
    anniversaries = _Anniversaries(doc)
    _texts(doc, anniversaries.replace)
    if doc.year:
        _texts(doc, lambda text, where: replace_year(text, doc.year))
    for item in doc.items():
        item.metrics = find_metrics(item.text)
