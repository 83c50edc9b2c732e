"""The dates of a campaign: where they are, whether they agree with its year, moving them on.

A campaign holds the dispatch's date and later dates (the report deadline, the award
documents' dates under ``scoring`` …). :func:`campaign_dates` finds every one of them in the
model, wherever a field of type date is (anniversaries' founding dates are history, not the
year's, and are left out), so that a date field added later is checked and rolled forward too.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel

from app import vnformat
from app.messages import msg

__all__ = ["campaign_dates", "date_warnings", "field_name", "same_day_in", "FIELD_NAMES"]

# Past dates, not the year's: never checked against the year nor moved.
_HISTORY = ("anniversaries",)

# What a clerk calls the dates, for the messages (by the last names of the location).
FIELD_NAMES = {
    ("dispatch", "date"): msg("ngày ban hành công văn"),
    ("report_deadline",): msg("hạn gửi bảng theo dõi chỉ tiêu"),
    ("submission", "date"): msg("ngày tờ trình khen thưởng"),
    ("decision", "date"): msg("ngày quyết định khen thưởng"),
}


def field_name(loc: tuple[Any, ...]) -> str:
    """``hạn gửi bảng theo dõi chỉ tiêu`` for ``("report_deadline",)``; ``ngày`` when unnamed."""
    for size in (2, 1):
        name = FIELD_NAMES.get(tuple(loc[-size:]))
        if name:
            return name
    return msg("ngày")


def campaign_dates(model: BaseModel, loc: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], dt.date]]:
    """Every date field of ``model`` (a campaign) with its location, in field order."""
    for name in type(model).model_fields:
        if not loc and name in _HISTORY:
            continue
        yield from _dates_in(getattr(model, name), loc + (name,))


def _dates_in(value: Any, loc: tuple[Any, ...]) -> Iterator[tuple[tuple[Any, ...], dt.date]]:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        yield loc, value
    elif isinstance(value, BaseModel):
        yield from campaign_dates(value, loc)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _dates_in(item, loc + (i,))


def same_day_in(date: dt.date, year: int) -> dt.date:
    """The same day and month in ``year``; 29 February becomes 28 February in a common year."""
    try:
        return date.replace(year=year)
    except ValueError:
        return date.replace(year=year, day=28)


def date_warnings(campaign: Any) -> list[tuple[tuple[Any, ...], str]]:
    """Dates that disagree, each with its location: the dispatch date or a later date (a
    deadline, an award document's date) outside the campaign's year, a later date before the
    dispatch date. Warnings, not errors: a decision signed in January may be meant."""
    found: list[tuple[tuple[Any, ...], str]] = []
    issued = campaign.dispatch.date
    for loc, date in campaign_dates(campaign):
        shown = vnformat.format_short_date(date)
        what = field_name(loc)
        if date.year != campaign.year:
            found.append((loc, msg("{what} {shown} không thuộc năm {year} của chiến dịch", what=what, shown=shown, year=campaign.year)))
        if loc != ("dispatch", "date") and date < issued:
            found.append((loc, msg("{what} {shown} trước ngày ban hành công văn "
                               "{format_short_date}", what=what, shown=shown, format_short_date=vnformat.format_short_date(issued))))
    return found
