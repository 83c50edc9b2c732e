"""The dispatch's model (công văn): its header fields, framing text and its body as a list of parts.

The body (ô 6) is data: a list of :class:`Part`, each with an optional heading, how the heading
and the items are numbered, free paragraphs and items that may hold sub-items. Decree 30 B4 is
the default (parts ``I.``, items ``1.``, points ``a)``); any office's own structure can be
written (``1. MỤC ĐÍCH`` parts, dashed contents, a part "Khen thưởng" with ``a)`` items). One
part may be marked ``targets: true``: its items are the campaign's targets (``Campaign.targets``,
which the checklists and the scoring read).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterator
from enum import Enum
from typing import Annotated, Any

from pydantic import Field, field_validator, model_serializer, model_validator

from app import vnformat
from app.fields import Abbreviation, StrictModel, Text
from app.layout import DISPATCH_HEADER, DISPATCH_HEADER_LEFT_MM, TWIPS_PER_MM, Columns
from app.linebreak import MultilineText
from app.messages import msg

__all__ = [
    "HeadingNumbering", "ItemNumbering", "Item", "Part", "Dispatch", "VIETNAMESE_LETTERS", "vietnamese_letter",
    "typed_markers", "AddresseeLayout", "point_markers", "DEEPER_MARKS",
]

# The letters points are numbered with, in the Vietnamese order (no f, j, w, z; đ after d).
VIETNAMESE_LETTERS = "abcdđeghiklmnopqrstuvxy"


def vietnamese_letter(n: int) -> str:
    """The ``n``-th letter (1-based) of the Vietnamese order: 6 → ``e``, 7 → ``g``; 24 → ``aa``."""
    index, rounds = (n - 1) % len(VIETNAMESE_LETTERS), (n - 1) // len(VIETNAMESE_LETTERS) + 1
    return VIETNAMESE_LETTERS[index] * rounds


class HeadingNumbering(str, Enum):
    """How a part's heading is numbered: ``I.`` (roman, Decree 30 B4), ``1.``, ``A.``, or not."""

    roman = "roman"
    arabic = "arabic"
    upper = "upper"
    none = "none"

    def marker(self, n: int) -> str:
        """The prefix of the ``n``-th numbered heading: ``IV. ``, ``4. ``, ``D. `` or nothing."""
        if self is HeadingNumbering.none:
            return ""
        number = {"roman": vnformat.roman(n), "arabic": str(n)}.get(self.value) or vietnamese_letter(n).upper()
        return f"{number}. "


class ItemNumbering(str, Enum):
    """How items (or sub-items) are numbered: ``1.``, ``1)``, ``a)``, ``-``, ``+``, or not."""

    arabic = "arabic"
    arabic_paren = "arabic_paren"
    letter = "letter"
    dash = "dash"
    plus = "plus"
    none = "none"

    def marker(self, n: int) -> str:
        """The prefix of the ``n``-th item (1-based), with its space: ``3. ``, ``3) ``, ``c) ``, ``- ``."""
        return {"arabic": f"{n}. ", "arabic_paren": f"{n}) ", "letter": f"{vietnamese_letter(n)}) ",
                "dash": "- ", "plus": "+ ", "none": ""}[self.value]


class AddresseeLayout(str, Enum):
    """Where several addressees start (nd30 B1; both are the decree's): ``inline``, the first on the
    ``Kính gửi:`` line and the others under it; ``list``, ``Kính gửi:`` alone on its line and
    every addressee on a line of its own below it."""

    inline = "inline"
    list = "list"


# A point's own points (the third level, 1. / a) / -): typed with their dash or plus at the start of
# a sub-item under sub-items numbered otherwise, printed as typed and not counted.
DEEPER_MARKS = ("- ", "+ ")
# A table in the body (a part's ``table``): at most this many cells a row, on the portrait page.
TABLE_COLUMNS = 8


def point_markers(points: list[str], numbering: ItemNumbering) -> list[str]:
    """The marker printed before each of an item's points: ``numbering``'s, counting only the
    points that are not of the level below (a point typed ``- …`` or ``+ …`` after the first,
    under points numbered otherwise: printed as typed, with no marker of its own)."""
    markers: list[str] = []
    number = 0
    for index, text in enumerate(points):
        own = numbering.marker(1)
        if index and own.strip() and text.startswith(DEEPER_MARKS) and not text.startswith(own):
            markers.append("")
        else:
            number += 1
            markers.append(numbering.marker(number))
    return markers


class Item(StrictModel):
    """An item of a part (mục): its text and its sub-items (ý, điểm), numbered by the part.

    In YAML an item without sub-items is just its text (``- Nội dung …``); with sub-items it is
    ``{text: …, items: [...]}``. It is written back the same way.
    """

    text: Text
    items: list[Text] = Field(default_factory=list, description="các ý nhỏ của mục")

    @model_validator(mode="before")
    @classmethod
    def _from_text(cls, value: Any) -> Any:
        return value if isinstance(value, (dict, cls)) else {"text": value}

    @model_serializer(mode="wrap")
    def _as_text(self, handler: Any) -> Any:
        return handler(self) if self.items else self.text


class Part(StrictModel):
    """A part of the dispatch's body (phần): heading, numbering, free paragraphs, items."""

    heading: Text | None = Field(None, description="tên phần, ví dụ Mục tiêu thi đua")
    targets: bool = Field(False, description="các mục của phần này là các chỉ tiêu (targets) của chiến dịch")
    heading_numbering: HeadingNumbering = HeadingNumbering.roman
    item_numbering: ItemNumbering = ItemNumbering.arabic
    subitem_numbering: ItemNumbering = ItemNumbering.letter
    paragraphs: list[Text] = Field(default_factory=list, description="đoạn văn sau tên phần, trước các mục")
    items: list[Item] = []
    table: list[Text] = Field(default_factory=list, description="bảng in sau các mục: mỗi hàng một dòng, các ô "
                              "cách nhau bằng “ | ”")

    @field_validator("table")
    @classmethod
    def _table_columns(cls, rows: list[str]) -> list[str]:
        if any(len(row.split("|")) > TABLE_COLUMNS for row in rows):
            raise ValueError(msg("một hàng của bảng có quá {count} ô", count=TABLE_COLUMNS))
        return rows

    def table_rows(self) -> list[list[str]]:
        """The table's cells, row by row, each row as long as the longest (missing cells empty)."""
        rows = [[cell.strip() for cell in row.split("|")] for row in self.table]
        width = max((len(row) for row in rows), default=0)
        return [row + [""] * (width - len(row)) for row in rows]


class Dispatch(StrictModel):
    """The launching dispatch (công văn phát động): number, date, subject, addressees, body."""

    number: Annotated[int, Field(ge=1, le=99999)]
    drafting_unit: Abbreviation | None = Field(None, description="đơn vị soạn thảo, ví dụ VP; không có: Số: 12/UBND")
    date: dt.date
    subject: MultilineText = Field(description="trích yếu, sau 'V/v'")
    addressees: list[Text] = Field(min_length=1)
    addressee_layout: AddresseeLayout = Field(AddresseeLayout.inline, description="cách xếp nhiều nơi gửi")
    addressee_full_stop: bool = Field(True, description="một nơi gửi: kết thúc bằng dấu chấm")
    header_left_mm: Annotated[int, Field(ge=DISPATCH_HEADER_LEFT_MM[0], le=DISPATCH_HEADER_LEFT_MM[1])] | None = Field(
        None, description="bề rộng cột trái phần đầu (mm, 75-79): để trống là 75")
    opening: list[Text] = []
    parts: list[Part] = []
    closing: Text | None = None
    distribution: list[Text] = Field(min_length=1)
    archive: list[Text] = Field(default_factory=lambda: ["VT"], min_length=1)

    @field_validator("subject")
    @classmethod
    def _no_vv_prefix(cls, value: str) -> str:
        if value.lower().startswith("v/v"):
            raise ValueError(msg("không ghi 'V/v' trong trích yếu: mẫu tự thêm vào"))
        return value

    def header_columns(self) -> Columns:
        """The header table's columns: vanthu's 7.5 cm + 9.5 cm, or the left one ``header_left_mm``
        wide and the right one what the table's width leaves."""
        if self.header_left_mm is None:
            return DISPATCH_HEADER
        left = math.ceil(self.header_left_mm * TWIPS_PER_MM)  # whole twips, as the template builders round
        return Columns(left, DISPATCH_HEADER.width - left, DISPATCH_HEADER.indent)

    def part_texts(self) -> Iterator[tuple[tuple[Any, ...], str]]:
        """Every text of the body's parts with its location under ``dispatch``."""
        for i, part in enumerate(self.parts):
            if part.heading:
                yield ("parts", i, "heading"), part.heading
            for j, text in enumerate(part.paragraphs):
                yield ("parts", i, "paragraphs", j), text
            for j, item in enumerate(part.items):
                yield ("parts", i, "items", j, "text"), item.text
                for k, text in enumerate(item.items):
                    yield ("parts", i, "items", j, "items", k), text
            for j, text in enumerate(part.table):
                yield ("parts", i, "table", j), text

    def part_problems(self, has_targets: bool) -> list[tuple[tuple[Any, ...], str]]:
        """At most one part holds the targets, it has no items of its own, and targets need it."""
        marked = [i for i, part in enumerate(self.parts) if part.targets]
        problems = [(("dispatch", "parts", i, "targets"),
                     msg("chỉ một phần được chọn “Các mục của phần là các chỉ tiêu” (targets: true)"))
                    for i in marked[1:]]
        problems += [(("dispatch", "parts", i, "items"),
                      msg("phần có “Các mục của phần là các chỉ tiêu” lấy các mục từ danh sách chỉ tiêu (targets): "
                          "không ghi mục riêng ở đây")) for i in marked if self.parts[i].items]
        if has_targets and not marked:
            problems.append((("dispatch", "parts"), msg("có chỉ tiêu nhưng không phần nào của công văn in chúng: "
                             "chọn “Các mục của phần là các chỉ tiêu” ở một phần (targets: true)")))
        return problems


# A numbering marker typed at the start of a text: I. / 1. / 1.2. / 1) / a) / A. / - / + / •
_TYPED = re.compile(r"^(?:[IVXLC]+\.|\d+(?:\.\d+)*[.)]|[a-zđ]\)|[A-ZĐ][.)]|[-–—+•])(?=\s)")


def _typed(text: str, printed: str, what: str) -> str | None:
    match = _TYPED.match(text)
    if not match:
        return None
    mark = match.group(0)
    return msg("{what} bắt đầu bằng “{mark}” gõ tay, nhưng phần đã tự đánh số: sẽ in “{printed}{mark} …”; "
               "xóa “{mark}” hoặc chọn “không đánh số” (none)", what=what, mark=mark, printed=printed)


def typed_markers(dispatch: Dispatch, targets: list[tuple[str, list[str]]]) -> list[tuple[tuple[Any, ...], str]]:
    """Headings, items and sub-items (``targets``: each target's text and points) that begin
    with a marker the part already prints.

    These are warnings, not errors: the text is valid, it would only print twice numbered
    (``I. I. MỤC TIÊU``, ``1. - …``); the location is that of the campaign field.
    """
    found: list[tuple[tuple[Any, ...], str]] = []

    def check(loc: tuple[Any, ...], text: str, printed: str, what: str) -> None:
        message = _typed(text, printed, what) if printed else None
        if message:
            found.append((loc, message))

    number = 0
    for i, part in enumerate(dispatch.parts):
        where = ("dispatch", "parts", i)
        if part.heading and part.heading_numbering is not HeadingNumbering.none:
            number += 1
            check(where + ("heading",), part.heading, part.heading_numbering.marker(number), msg("tên phần"))
        if part.targets:
            for j, (text, points) in enumerate(targets):
                check(("targets", j, "text"), text, part.item_numbering.marker(j + 1), msg("chỉ tiêu"))
                marks = point_markers(points, part.subitem_numbering)
                for k, (point, mark) in enumerate(zip(points, marks, strict=True)):
                    check(("targets", j, "items", k), point, mark, msg("ý"))
            continue
        for j, item in enumerate(part.items):
            check(where + ("items", j, "text"), item.text, part.item_numbering.marker(j + 1), msg("mục"))
            marks = point_markers(item.items, part.subitem_numbering)
            for k, (text, mark) in enumerate(zip(item.items, marks, strict=True)):
                check(where + ("items", j, "items", k), text, mark, msg("ý"))
    return found
