"""Next year's campaign from this year's (vanthu new-year): what moves, and what a person must look at.

:func:`roll_forward` returns the new campaign and its review list. It moves the year and every
date of the campaign (:func:`app.dates.campaign_dates`) to the new year, keeps the rest (the
dispatch's number too, flagged), and lists in Vietnamese, each naming its field, what probably
needs a human look: the number and the dates, text naming the old year outside ``[[ … ]]``,
documents cited with a date in an earlier year, words for units the unit list no longer has, the
theme, and the anniversaries that are round in the new year. Results and nominations live
beside the campaign file (``campaigns/<name>/``): a new file has none.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app import vnformat
from app.campaign import Campaign
from app.dates import campaign_dates, field_name, same_day_in
from app.loader import format_loc, plain_data
from app.messages import msg

__all__ = ["ReviewItem", "roll_forward", "unit_word_items", "next_year_path"]


@dataclass(frozen=True)
class ReviewItem:
    """One thing to look at in the new campaign: the field (``dispatch.number``) and what to check."""

    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.field}: {self.message}" if self.field else self.message


# A document cited with its date: "Chỉ thị số 03/CT-UBND ngày 13/01/2023", "Kế hoạch 328/KH-UBND 17/8/2021".
_DOC_KINDS = ("chỉ thị|nghị quyết|nghị định|quyết định|kế hoạch|công văn|thông tư|thông báo|hướng dẫn"
              "|chương trình|luật|văn bản")
_CITED = re.compile(rf"\b(?:{_DOC_KINDS})\b[^.;:“”\"\n]{{0,60}}?\b(\d{{1,2}})/(\d{{1,2}})/(\d{{4}})\b", re.IGNORECASE)
_UNIT_WORD = r"(?:thị xã|thị trấn|thành phố|huyện|quận|thị|xã(?!\s+hội)|phường)\b"
_UNIT_WORDS = re.compile(rf"\bcác\s+({_UNIT_WORD}(?:\s*(?:,|và|hoặc)\s*{_UNIT_WORD})*)", re.IGNORECASE)
_SHORT = {"thị": "thị xã"}


def _texts(value: Any, loc: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], str]]:
    """Every string of the campaign's plain data with its location as the YAML file has it."""
    if isinstance(value, str):
        yield loc, value
    elif isinstance(value, dict):
        for key, item in value.items():
            if not (loc == () and key == "review"):
                yield from _texts(item, loc + (key,))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _texts(item, loc + (i,))


def next_year_path(path: Path, old: int, year: int) -> Path:
    """``campaigns/lao-cai-2027.yaml`` for ``campaigns/lao-cai-2023.yaml``: the old year in the
    name replaced (its last occurrence), or the new year added."""
    stem = path.stem
    at = stem.rfind(str(old))
    stem = f"{stem[:at]}{year}{stem[at + len(str(old)):]}" if at >= 0 else f"{stem}-{year}"
    return path.with_name(stem + path.suffix)


def roll_forward(campaign: Campaign, year: int) -> tuple[Campaign, list[ReviewItem]]:
    """Next year's campaign from ``campaign`` and what to review in it (also in its ``review``)."""
    if year <= campaign.year:
        raise ValueError(msg("năm mới ({year}) phải sau năm của chiến dịch ({year2})", year=year, year2=campaign.year))
    data = plain_data(campaign.model_dump(mode="python"))
    items: list[ReviewItem] = []
    for loc, date in campaign_dates(campaign):
        moved = same_day_in(date, year)
        _put(data, loc, moved)
        note = msg("{what} chuyển từ {old} sang {new}: xác nhận lại", what=field_name(loc),
                   old=vnformat.format_short_date(date), new=vnformat.format_short_date(moved))
        items.append(ReviewItem(format_loc(loc), note))
    items.insert(0, ReviewItem("dispatch.number", msg("số công văn vẫn là {number} của năm {old}: điền số văn thư "
                                                      "cấp năm {year}", number=campaign.dispatch.number,
                                                      old=campaign.year, year=year)))
    scoring = campaign.scoring
    for name in ("submission", "decision"):
        ref = getattr(scoring, name, None) if scoring else None
        if ref is not None:
            items.append(ReviewItem(f"scoring.{name}.number", msg("số {number} là số của năm {year}: "
                                                              "điền số mới", number=ref.number, year=campaign.year)))
    if campaign.theme:
        items.append(ReviewItem("theme", msg("chủ đề “{theme}” là của năm {year}: "
                                         "thay bằng chủ đề năm {year2}", theme=campaign.theme, year=campaign.year, year2=year)))
    items += _text_items(data, campaign.year, year)
    items += unit_word_items(campaign)
    items += _anniversary_items(campaign, year)
    data["year"] = year
    data["review"] = [str(item) for item in items] + [note for note in campaign.review
                                                      if note not in {str(item) for item in items}]
    return Campaign.model_validate(data), items


def _put(data: Any, loc: tuple[Any, ...], value: Any) -> None:
    node = data
    for part in loc[:-1]:
        node = node[part]
    node[loc[-1]] = value


def _text_items(data: dict[str, Any], old: int, year: int) -> list[ReviewItem]:
    """Literal old years and documents cited with a date in an earlier year, per text field."""
    items: list[ReviewItem] = []
    literal = re.compile(rf"(?<![\d/]){old}(?!\d)")
    for loc, text in _texts(data):
        if loc == ("theme",):
            continue
        field = format_loc(loc)
        cited = [(m.group(0), int(m.group(3))) for m in _CITED.finditer(text) if int(m.group(3)) < year]
        for reference, when in cited:
            if when >= old:
                items.append(ReviewItem(field, msg("văn bản dẫn “{reference}” là của năm {when}: thay bằng văn bản "
                                               "năm {year} nếu đã có", reference=reference, when=when, year=year)))
        older = [reference for reference, when in cited if when < old]
        if older:
            items.append(ReviewItem(field, msg("văn bản dẫn có ngày từ các năm trước: kiểm tra còn hiệu lực ({cited})",
                                           cited="; ".join(f"“{r}”" for r in older))))
        if literal.search(_CITED.sub("", text)):
            items.append(ReviewItem(field, msg("văn bản ghi năm {old}: nếu là năm của chiến dịch thì thay bằng "
                                           "[[ nam ]], nếu là năm trước thì [[ nam_truoc ]]", old=old)))
    return items


def unit_word_items(campaign: Campaign) -> list[ReviewItem]:
    """Texts naming kinds of units (``các huyện, thị xã, thành phố``) that no unit of the list has."""
    if not campaign.units:
        return []
    kinds = {str(unit.kind).lower() for unit in campaign.units}
    data = plain_data(campaign.model_dump(mode="python"))
    items: list[ReviewItem] = []
    for loc, text in _texts(data):
        if loc and loc[0] == "units":
            continue
        for match in _UNIT_WORDS.finditer(text):
            words = re.findall(_UNIT_WORD, match.group(1), re.IGNORECASE)
            missing = [w for w in words if _SHORT.get(w.lower(), w.lower()) not in kinds]
            if missing:
                have = ", ".join(sorted(kinds))
                items.append(ReviewItem(format_loc(loc), msg("“{group}”: danh sách đơn vị không có "
                                                         "{missing} (chỉ có {have}); sửa lời văn", group=match.group(0), missing=', '.join(missing), have=have)))
    return items


def _anniversary_items(campaign: Campaign, year: int) -> list[ReviewItem]:
    """The anniversaries that are round (5, 10, 15 … years) in ``year``: worth mentioning."""
    used = " ".join(text for _loc, text in campaign.text_fields())
    items: list[ReviewItem] = []
    for i, anniversary in enumerate(campaign.anniversaries):
        age = vnformat.anniversary_years(anniversary.founded_year(), year)
        if age <= 0 or age % 5:
            continue
        mentioned = re.search(rf"ky_niem\.{re.escape(anniversary.id)}\b", used)
        where = (msg("đã có trong công văn") if mentioned
                 else msg("nên nêu trong công văn: [[ ky_niem.{code} ]]", code=anniversary.id))
        items.append(ReviewItem(f"anniversaries[{i}]", msg("năm {year} tròn {age} năm {event}; {where}", year=year, age=age, event=anniversary.event, where=where)))
    return items
