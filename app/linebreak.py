"""Where the header's names and the ``V/v`` subject break into lines, as a clerk breaks them.

Word breaks a centred line wherever the cell ends: ``HỘI CHỮ THẬP ĐỎ TỈNH THÁI / NGUYÊN``. A
clerk keeps a place or a body together (``HỘI CHỮ THẬP ĐỎ / TỈNH THÁI NGUYÊN``), makes the lines
about as long as each other, and never leaves one word alone on the subject's last line.
:func:`break_lines` chooses such breaks from Times New Roman's advance widths
(:mod:`app.textwidth`), so the lines are known before Word or LibreOffice sets them, and the view
hands them to the template as lines (nd30 H3, H4, H7).

How the breaks are chosen, in order of priority:

1. A line break the user typed is kept; only a typed line too long for the cell is broken again.
2. Every line fits the cell (a single word wider than the cell stands alone).
3. A *name* is never split when it fits on a line: a generic word (``tỉnh``, ``thành phố``,
   ``xã``, ``sở``, ``bộ``, ``hội``, ``ủy ban nhân dân`` …, see ``_PLACES`` and ``_BODIES``) with
   the proper name after it. In capitals the name runs to the next generic word (``HỘI CHỮ THẬP
   ĐỎ`` · ``TỈNH THÁI NGUYÊN``); in running text a place takes the capitalised words after it
   (``tỉnh Lào Cai``) and a body runs to the next generic word, punctuation or linking word
   (``Hội Chữ thập đỏ`` · ``năm``). A syllable that only looks generic inside a longer word (``xã
   hội``, ``cơ sở``, ``môi trường``) starts nothing. A line never starts with a dash.
4. No break inside a common two-syllable word (``phong trào``, ``thi đua``, ``_WORDS``), between
   a number and the word next to it (``năm 2023``) or between two capitalised words of running text
   (``Tháng Nhân đạo``).
5. The last line holds two words or more.
6. As few lines as that allows.
7. Among those, the most even lines, a break being cheaper before a linking word (``và``,
   ``của``, ``tại`` …) or after a comma, and dearer inside a name too long for one line (cheapest
   there before ``VÀ`` or after a comma: ``BỘ LAO ĐỘNG - THƯƠNG BINH / VÀ XÃ HỘI``).

When no lines keep them all, rule 4 gives way first, then rule 5, then both.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from typing import Annotated

from pydantic import AfterValidator, StringConstraints

from app.layout import CELL_MARGIN
from app.messages import msg
from app.textwidth import TWIPS_PER_PT, text_width_pt

__all__ = ["MultilineText", "break_lines", "cell_lines", "one_line", "FIT"]

# A line counts as fitting when it takes at most this share of the cell: LibreOffice and Word
# set a line a little differently from the advance widths added up.
FIT = 0.98

# Generic words that start a name (Phụ lục II writes them in lower case before the proper name).
_PLACES = ("TỈNH", "THÀNH PHỐ", "HUYỆN", "QUẬN", "THỊ XÃ", "XÃ", "PHƯỜNG", "THỊ TRẤN", "THÔN", "TỔ DÂN PHỐ")
_BODIES = ("ỦY BAN NHÂN DÂN", "HỘI ĐỒNG NHÂN DÂN", "HỘI ĐỒNG", "ỦY BAN", "BỘ", "SỞ", "BAN", "HỘI", "CHI HỘI",
           "TỔNG CỤC", "CỤC", "CHI CỤC", "VĂN PHÒNG", "PHÒNG", "TRƯỜNG", "TRUNG TÂM", "BỆNH VIỆN", "HỌC VIỆN",
           "VIỆN", "ĐẢNG ỦY", "TỈNH ỦY", "HUYỆN ỦY", "THÀNH ỦY", "ĐOÀN", "LIÊN ĐOÀN", "CÔNG ĐOÀN", "TRUNG ƯƠNG",
           "CÔNG AN", "BỘ CHỈ HUY", "TỔNG CÔNG TY", "CÔNG TY", "HỢP TÁC XÃ", "CẤP")
# Two syllables that make one word in which a generic syllable is not generic.
_NOT_GENERIC = frozenset({
    "XÃ HỘI", "CƠ SỞ", "TRỤ SỞ", "CÁN BỘ", "BỘ ĐỘI", "TOÀN BỘ", "NỘI BỘ", "BỘ PHẬN", "QUỐC HỘI", "ĐẠI HỘI",
    "HỘI VIÊN", "HỘI NGHỊ", "HỘI NHẬP", "HỘI THI", "HỘI DIỄN", "QUỐC PHÒNG", "PHÒNG CHỐNG", "PHÒNG CHÁY",
    "PHÒNG NGỪA", "PHÒNG BỆNH", "DỰ PHÒNG", "MÔI TRƯỜNG", "THỊ TRƯỜNG", "HIỆN TRƯỜNG", "QUẢNG TRƯỜNG",
    "TRƯỜNG HỢP", "ĐOÀN KẾT", "ĐOÀN VIÊN", "ĐOÀN THỂ", "BAN HÀNH", "NÔNG THÔN", "PHỔ THÔNG", "TRUYỀN THÔNG",
    "XÃ VIÊN", "CẤP CỨU", "CUNG CẤP", "CẤP PHÁT", "THƯ VIỆN", "VIỆN TRỢ",
})
# Two-syllable words of the subjects and names met in the documents: a break inside one costs more.
_WORDS = frozenset({
    "PHÁT ĐỘNG", "PHONG TRÀO", "THI ĐUA", "KỶ NIỆM", "THÀNH LẬP", "HIẾN MÁU", "TÌNH NGUYỆN", "NHÂN ĐẠO",
    "KHEN THƯỞNG", "TỔ CHỨC", "THỰC HIỆN", "HƯỚNG DẪN", "TRIỂN KHAI", "CÔNG TÁC", "HOẠT ĐỘNG", "KẾ HOẠCH",
    "CHƯƠNG TRÌNH", "BÁO CÁO", "ĐỀ NGHỊ", "TUYÊN TRUYỀN", "VẬN ĐỘNG", "CỨU TRỢ", "ỦNG HỘ", "NHÂN DÂN",
    "XÃ HỘI", "GIÁO DỤC", "ĐÀO TẠO", "LAO ĐỘNG", "THƯƠNG BINH", "Y TẾ", "SỨC KHỎE", "CẤP CỨU", "THIÊN TAI",
    "THẢM HỌA", "ỨNG PHÓ", "PHÒNG NGỪA", "PHÒNG CHỐNG", "MÔI TRƯỜNG", "TÀI CHÍNH", "VĂN HÓA", "THỂ THAO",
    "DU LỊCH", "NÔNG NGHIỆP", "PHÁT TRIỂN", "NÔNG THÔN", "TÀI NGUYÊN", "GIAO THÔNG", "VẬN TẢI", "XÂY DỰNG",
    "KHOA HỌC", "CÔNG NGHỆ", "THÔNG TIN", "TRUYỀN THÔNG", "ĐẦU TƯ", "NỘI VỤ", "TƯ PHÁP", "DÂN TỘC", "TÔN GIÁO",
    "SƠ KẾT", "TỔNG KẾT", "VIỆT NAM", "CHỮ THẬP", "THẬP ĐỎ", "MẶT TRẬN", "TỔ QUỐC", "HỒ CHÍ", "CHÍ MINH",
    "THANH NIÊN", "PHỤ NỮ", "NÔNG DÂN", "CỰU CHIẾN", "CHIẾN BINH", "NGƯỜI CAO", "CAO TUỔI", "ĐOÀN KẾT",
    "TRẺ EM", "HỌC SINH", "SINH VIÊN", "CÔNG THƯƠNG", "NGOẠI VỤ", "KẾ TOÁN", "THÀNH TÍCH",
    "TRUNG HỌC", "PHỔ THÔNG", "TIỂU HỌC", "ĐA KHOA", "NHÂN DỊP", "ẢNH HƯỞNG", "HỖ TRỢ", "NGƯỜI DÂN",
    "HƯỞNG ỨNG", "YÊU NƯỚC", "XUẤT SẮC", "TẬP THỂ", "CÁ NHÂN", "GIA ĐÌNH", "KHÓ KHĂN", "BÃO LỤT",
    "ĐỒNG BÀO", "THIỆT HẠI", "ĐẠI HỘI", "KIỆN TOÀN", "CHỈ ĐẠO", "KẾT QUẢ", "THAM GIA", "ĐỊA CHỈ", "NHIỆM VỤ",
    "CHỈ TIÊU", "ĐƠN VỊ", "HOÀN CẢNH", "CHÍNH QUYỀN", "ĐỊA PHƯƠNG", "SƠ CẤP", "TÌNH HÌNH", "GIÁM SÁT",
    "KIỂM TRA", "ĐÁNH GIÁ", "TIẾP NHẬN", "PHÂN BỔ", "QUYẾT ĐỊNH", "THÔNG BÁO", "BAN HÀNH", "QUY CHẾ",
    "QUY ĐỊNH", "TUYÊN DƯƠNG", "BIỂU DƯƠNG", "TRAO TẶNG", "QUÀ TẶNG", "NHÂN ÁI", "TẾT NGUYÊN", "NGUYÊN ĐÁN",
})
# Words a phrase starts with: a break before one costs nothing in running text.
_LINKING = frozenset({"VÀ", "HOẶC", "CỦA", "VỀ", "CHO", "NHẰM", "TRONG", "TẠI", "THEO", "VỚI", "ĐỂ", "ĐẾN", "TỪ",
                      "NGÀY", "GIAI", "ĐỐI", "TRÊN", "DƯỚI", "GIỮA", "SAU", "TRƯỚC", "KHI", "BỞI", "DO", "VÌ",
                      "CÁC", "NHỮNG"})
_DASHES = frozenset({"-", "–", "—"})
_GENERIC = tuple(sorted(((tuple(g.split()), g in _PLACES) for g in _PLACES + _BODIES), key=lambda g: -len(g[0])))

# Costs of a break (a line's unevenness costs _EVEN × (its deviation / the cell width)²).
_EVEN = 10.0
_PLAIN = 0.4          # between two words of running text
_IN_WORD = 2.0        # after a capital mid-sentence; inside a word (rule 4) when it has to be
_IN_NAME = 1.0        # inside a name too long for one line
_IN_NAME_GOOD = 0.2   # … before VÀ or after a comma
_AFTER_DASH = 1.5
_AFTER_LINK = 1.0     # after của, tại, ngày …


def _clean_lines(value: str) -> str:
    # Each line is cleaned as a one-paragraph text is (app.fields.Text); blank lines are dropped.
    if re.search(r"[\x00-\x08\x0e-\x1f\x7f]", value):
        raise ValueError(msg("có ký tự điều khiển không hợp lệ"))
    return "\n".join(" ".join(line.split()) for line in value.splitlines() if line.strip())


# A campaign text whose typed line breaks are kept ("\n" between lines): the issuing and parent
# bodies and the subject, whose lines the header prints as typed (rule 1 above).
MultilineText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1), AfterValidator(_clean_lines)]


def one_line(text: str) -> str:
    """``text`` with its typed line breaks (and any run of spaces) made one space: a name or the
    subject in running text (nd30 B5: no line break inside a justified paragraph)."""
    return " ".join(text.split())


def cell_lines(text: str, cell_twips: int, size: float, *, bold: bool = False) -> list[str]:
    """:func:`break_lines` for a table cell ``cell_twips`` wide with the header's cell margins."""
    return break_lines(text, (cell_twips - 2 * CELL_MARGIN) / TWIPS_PER_PT, size, bold=bold)


def break_lines(text: str, width_pt: float, size: float, *, bold: bool = False) -> list[str]:
    """The lines ``text`` is set on, centred in ``width_pt`` at ``size`` points (see the module)."""
    return list(_break_text(unicodedata.normalize("NFC", text), float(width_pt), float(size), bold))


@functools.lru_cache(maxsize=4096)
def _break_text(text: str, width: float, size: float, bold: bool) -> tuple[str, ...]:
    lines: list[str] = []
    for typed in text.splitlines():
        words = typed.split()
        if words:
            lines += _Breaker(words, width * FIT, size, bold).lines()
    return tuple(lines)


class _Breaker:
    """The breaks of one typed line: a dynamic programme over the gaps between its words."""

    def __init__(self, words: list[str], limit: float, size: float, bold: bool):
        self.words, self.limit = words, limit
        self.widths = [text_width_pt(w, size, bold=bold) for w in words]
        self.space = text_width_pt(" ", size, bold=bold)
        self.upper = [unicodedata.normalize("NFC", w.upper()).replace("UỶ", "ỦY") for w in words]
        self.capitals = words == self.upper

    def width(self, start: int, end: int) -> float:
        return sum(self.widths[start:end]) + self.space * (end - start - 1)

    def lines(self) -> list[str]:
        words = self.words
        if self.width(0, len(words)) <= self.limit or len(words) == 1:
            return [" ".join(words)]
        # Every rule; then a word broken (rule 4) rather than one word alone on the last line
        # (rule 5); then one word alone, words whole; then both.
        for whole_words, last_two in ((True, True), (False, True), (True, False), (False, False)):
            costs = self._gap_costs(whole_words)
            for count in range(2, len(words) + 1):
                breaks = self._best(costs, count, last_two)
                if breaks is not None:
                    edges = [0, *breaks, len(words)]
                    return [" ".join(words[a:b]) for a, b in zip(edges, edges[1:], strict=False)]
        return [" ".join(words)]  # not reached: one word a line keeps every rule of the last pass

    def _best(self, costs: list[float | None], count: int, last_two: bool) -> list[int] | None:
        """The breaks of the cheapest ``count`` lines, or None when no ``count`` lines keep the rules."""
        n = len(self.words)
        target = self.width(0, n) / count
        best: dict[tuple[int, int], tuple[float, list[int]]] = {(0, 0): (0.0, [])}
        for line in range(1, count + 1):
            for end in range(line, n + 1):
                if (line == count) != (end == n) or (end < n and costs[end] is None):
                    continue
                options = []
                for start in range(line - 1, end):
                    prior = best.get((line - 1, start))
                    if prior is None or not self._fits(start, end) or (line == count and last_two and end - start < 2):
                        continue
                    cost = prior[0] + _EVEN * ((self.width(start, end) - target) / self.limit) ** 2
                    options.append((cost + (costs[end] if end < n else 0.0), prior[1] + ([end] if end < n else [])))
                if options:
                    best[(line, end)] = min(options, key=lambda o: o[0])
        found = best.get((count, n))
        return found[1] if found else None

    def _fits(self, start: int, end: int) -> bool:
        return end - start == 1 or self.width(start, end) <= self.limit

    def _gap_costs(self, whole_words: bool) -> list[float | None]:
        """``costs[i]``: the cost of a break before word ``i`` (None: never); ``whole_words``: never
        inside a two-syllable word of ``_WORDS``."""
        words, upper = self.words, self.upper
        n = len(upper)
        costs: list[float | None] = [0.0] + [_PLAIN] * (n - 1)
        for i in range(1, n):
            if upper[i] in _LINKING or words[i - 1][-1] in ",;:":
                costs[i] = 0.0
            if upper[i - 1] in _LINKING:
                costs[i] = _AFTER_LINK  # "tại / thành phố …": the linking word goes with what follows
            if i > 1 and not self.capitals and words[i - 1][0].isupper():
                costs[i] = _IN_WORD  # "Kế / hoạch", "Hội / thi": a capital mid-sentence starts a name
            if f"{upper[i - 1]} {upper[i]}" in _WORDS or _binds(words[i - 1], words[i]):
                costs[i] = None if whole_words else _IN_WORD
            if upper[i - 1] in _DASHES:
                costs[i] = _AFTER_DASH
        for start, end in self._names():
            if costs[start] is not None and upper[start - 1] not in _LINKING:
                costs[start] = 0.0
            fits = self.width(start, end) <= self.limit
            for i in range(start + 1, end):
                if fits:
                    costs[i] = None
                elif costs[i] is not None:
                    good = upper[i] == "VÀ" or words[i - 1][-1] == ","
                    costs[i] = _IN_NAME_GOOD if good else max(costs[i], _IN_NAME)
        for i in range(1, n):
            if upper[i] in _DASHES:
                costs[i] = None  # a line never starts with a dash
        return costs

    def _names(self) -> list[tuple[int, int]]:
        """The names (start, end) in the words: a generic word and the proper name after it."""
        n = len(self.words)
        starts: list[tuple[int, int, bool]] = []  # (first word, first word after the generic word, place?)
        i = 0
        while i < n:
            match = self._generic_at(i)
            if match:
                starts.append((i, i + match[0], match[1]))
                i += match[0]
            else:
                i += 1
        names = []
        for k, (start, after, place) in enumerate(starts):
            limit = starts[k + 1][0] if k + 1 < len(starts) else n
            end = limit if self.capitals else after
            while end < limit and self._continues(end, place):
                end += 1
            names.append((start, end))
        return names

    def _generic_at(self, i: int) -> tuple[int, bool] | None:
        """(its length in words, place?) when a generic word starts at word ``i``."""
        upper = self.upper
        for generic, place in _GENERIC:
            size = len(generic)
            if tuple(upper[i:i + size]) != generic:
                continue
            before = f"{upper[i - 1]} {upper[i]}" if i else ""
            after = f"{upper[i + size - 1]} {upper[i + size]}" if i + size < len(upper) else ""
            if before in _NOT_GENERIC or after in _NOT_GENERIC:
                return None
            if not self.capitals and not (i + size < len(upper) and _name_like(self.words[i + size])):
                return None  # running text: "các xã" is no name, "xã Tân Cương" is
            return size, place
        return None

    def _continues(self, i: int, place: bool) -> bool:
        """Whether word ``i`` of running text still belongs to the name before it."""
        word, previous = self.words[i], self.words[i - 1]
        if previous[-1] in ",;:)":
            return False
        if place:
            return _name_like(word) or (word in _DASHES and i + 1 < len(self.words) and _name_like(self.words[i + 1]))
        return self.upper[i] not in _LINKING - {"VÀ"} and word[0] not in "(0123456789"


def _binds(left: str, right: str) -> bool:
    """A number and the word next to it (``32 năm``, ``số 3``), two capitalised words of running
    text (``Tháng Nhân đạo``, ``Tết Nguyên đán``): kept together as a word is (rule 4)."""
    if left[-1] in ",;:)" or right[0] == "(":
        return False
    if left[-1].isdigit() or right[0].isdigit():
        return True
    return left[0].isupper() and right[0].isupper() and not (left.isupper() and right.isupper())


def _name_like(word: str) -> bool:
    """A word of a proper name in running text: capitalised, or a number (``phường 12``)."""
    return word[0].isupper() or word[0].isdigit()
