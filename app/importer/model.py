"""What reading a past dispatch gives: :class:`ImportedDispatch` and its parts.

The result is shape-neutral: it says what the document holds (parts with their headings and
numbering styles, items with sub-items, free paragraphs …) and not which campaign field each
piece will become. Texts keep bold and italic as ``**…**`` and ``*…*`` (:mod:`app.textmarkup`)
and may hold the computed values ``[[ nam ]]``, ``[[ chu_de ]]`` and ``[[ ky_niem.<id> ]]`` the
reader put in place of the year, the theme and the anniversaries it recognised.

Numbering styles are written as they print: headings ``"I."``, ``"1."``, ``"A."`` or ``""``
(none); items ``"1."``, ``"1)"``, ``"a)"`` (Vietnamese letters a b c d đ e g h …), ``"-"``,
``"+"`` or ``""``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "Body", "DocumentNumber", "FoundMetric", "FoundAnniversary", "Item", "Part", "Authority",
    "ImportedSigner", "ImportedDispatch", "HEADING_STYLES", "ITEM_STYLES",
]

HEADING_STYLES = ("I.", "1.", "A.", "")
ITEM_STYLES = ("1.", "1)", "a)", "-", "+", "")


@dataclass
class Body:
    """A body named in the header (cơ quan chủ quản or cơ quan ban hành, ô 2)."""

    name: str                  # as printed, its lines joined: "ỦY BAN NHÂN DÂN XÃ TÂN CƯƠNG"
    lines: list[str]           # as printed, one entry per line of the header
    text_name: str | None = None  # the same name as the running text writes it: "Ủy ban nhân dân xã Tân Cương"
    from_header: bool = True   # False when the header lacked it and it was taken from the text


@dataclass
class DocumentNumber:
    """``Số: 21/CTĐ-VP`` (ô 3): number, issuing body's abbreviation, drafting unit."""

    number: int | None             # None when the number was left blank ("Số:    /CTĐ-VP")
    issuer_abbreviation: str | None  # "CTĐ", "UBND"
    drafting_unit: str | None      # "VP"; None for a commune's "Số: 12/UBND"
    text: str                      # the line as found, e.g. "Số: 21/CTĐ - VP"

    @property
    def symbol(self) -> str:
        """``CTĐ-VP`` or ``UBND``: the symbol as the decree writes it (no spaces)."""
        return "-".join(x for x in (self.issuer_abbreviation, self.drafting_unit) if x)


@dataclass
class FoundMetric:
    """A number with its unit found in an item's text: ``7.500 đơn vị máu``."""

    value: int | float  # 7500
    unit: str           # "đơn vị máu"
    text: str           # as written: "7.500 đơn vị máu"


@dataclass
class FoundAnniversary:
    """``kỷ niệm 32 năm ngày thành lập … (14/11/1991-14/11/2023)`` turned into a computed value.

    The text now reads ``kỷ niệm [[ ky_niem.<id> ]]``; ``founded`` is a date, or a year when the
    text gave no dates (``kỷ niệm 120 năm du lịch Sa Pa``).
    """

    id: str
    event: str              # "ngày thành lập Hội Chữ thập đỏ tỉnh Lào Cai"
    founded: dt.date | int
    years: int              # 32, as written in the dispatch's year
    text: str               # as written: "32 năm ngày thành lập … (14/11/1991-14/11/2023)"


@dataclass
class Item:
    """A numbered or bulleted item; its own items are ``sub_items`` in ``sub_style``."""

    text: str                    # without its marker
    marker: str = ""             # as found: "3.", "b)", "-", "–"; "" for an unmarked item
    sub_style: str = ""          # numbering style of sub_items (one of ITEM_STYLES)
    sub_items: list[Item] = field(default_factory=list)
    paragraphs: list[str] = field(default_factory=list)  # unmarked paragraphs that follow the item
    metrics: list[FoundMetric] = field(default_factory=list)


@dataclass
class Part:
    """A part of the body: an optional heading, free paragraphs, then items.

    ``paragraphs`` are the unmarked paragraphs between the heading and the first item; an
    unmarked paragraph after an item is kept with that item (:attr:`Item.paragraphs`), so the
    order of the original is kept.
    """

    heading: str | None          # "Mục tiêu thi đua", "MỤC ĐÍCH, YÊU CẦU"; None before any heading
    heading_style: str = ""      # one of HEADING_STYLES
    heading_marker: str = ""     # as found: "II.", "2.", ""
    item_style: str = ""         # one of ITEM_STYLES
    paragraphs: list[str] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)
    table: list[list[str]] = field(default_factory=list)  # a table in the part: its rows of cells
    table_number: int = 0        # the table's number in the document, for the review notes
    table_last: bool = False     # nothing of the part follows the table (it can print after the items)


@dataclass
class Authority:
    """One authority line of the signature block: ``KT. CHỦ TỊCH`` is ``("KT.", "CHỦ TỊCH")``."""

    prefix: str   # "KT.", "TM.", "TL.", "TUQ.", "Q."
    of: str       # what follows the prefix, as printed: "CHỦ TỊCH", "ỦY BAN NHÂN DÂN"


@dataclass
class ImportedSigner:
    """The signature block (ô 7): authority lines, the signer's title, the name.

    ``TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH`` has two authorities, outermost first.
    """

    authorities: list[Authority] = field(default_factory=list)
    title: str | None = None     # "PHÓ CHỦ TỊCH", as printed
    name: str | None = None      # "Vàng Thị Mai Hương"

    @property
    def authority(self) -> str:
        """The prefix of the innermost authority (``KT.``), ``""`` when signing in person."""
        return self.authorities[-1].prefix if self.authorities else ""

    @property
    def head_title(self) -> str | None:
        """What the innermost authority signs for (``CHỦ TỊCH``)."""
        return self.authorities[-1].of if self.authorities else None

    @property
    def outer(self) -> Authority | None:
        """The outer authority of a two-level block (``TM. ỦY BAN NHÂN DÂN``), if any."""
        return self.authorities[0] if len(self.authorities) > 1 else None


@dataclass
class ImportedDispatch:
    """Everything read from one past dispatch, and ``review``: what could not be placed.

    Each review entry is a Vietnamese note saying what and where (``dòng 12: …``, ``đoạn 7: …``,
    ``bảng 1, hàng 2, cột 1: …``); a text that could not be placed is quoted in full.
    """

    source: str                          # the file name read
    kind: str                            # "docx" or "text"
    parent_body: Body | None = None
    issuing_body: Body | None = None
    number: DocumentNumber | None = None
    place: str | None = None             # "Lào Cai"
    date: dt.date | None = None
    subject: str | None = None           # after "V/v"; a line break of the original kept as "\n"
    addressees: list[str] = field(default_factory=list)  # end marks (; .) and dashes removed
    addressees_below: bool = False       # "Kính gửi:" alone on its line, the addressees under it
    addressee_full_stop: bool = True     # the last addressee ended with "." (one addressee may not)
    opening: list[str] = field(default_factory=list)
    parts: list[Part] = field(default_factory=list)
    closing: list[str] = field(default_factory=list)
    distribution: list[str] = field(default_factory=list)  # "Như trên", … without "- " and ";"
    archive: list[str] = field(default_factory=list)       # "- Lưu: VT, VP." → ["VT", "VP"]
    signer: ImportedSigner | None = None
    theme: str | None = None             # the quoted "chủ đề “…”", now [[ chu_de ]] in the text
    anniversaries: list[FoundAnniversary] = field(default_factory=list)
    review: list[str] = field(default_factory=list)

    @property
    def year(self) -> int | None:
        """The dispatch's year (from its date): what ``[[ nam ]]`` stands for."""
        return self.date.year if self.date else None

    def items(self) -> list[Item]:
        """Every item of every part, sub-items included, in document order."""
        out: list[Item] = []

        def walk(items: list[Item]) -> None:
            for item in items:
                out.append(item)
                walk(item.sub_items)

        for part in self.parts:
            walk(part.items)
        return out

    def metrics(self) -> list[FoundMetric]:
        """Every metric found in the items, in document order."""
        return [metric for item in self.items() for metric in item.metrics]

    def values(self) -> dict[str, Any]:
        """The computed values the texts use, as :func:`app.textmarkup.render_text` takes them."""
        from app.campaign import Anniversary

        year = self.year or 0
        return {
            "nam": year, "nam_truoc": year - 1, "nam_sau": year + 1, "chu_de": self.theme or "",
            "ky_niem": {a.id: Anniversary(id=a.id, event=a.event, founded=a.founded).value_for(year)
                        for a in self.anniversaries},
        }
