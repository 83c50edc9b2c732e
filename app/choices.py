"""The words a clerk reads for each fixed choice of a campaign file (các lựa chọn cố định): how a
part is numbered, how a target is scored, where the addressees go, who signs.

One table, read by the edit form's drop-down lists and by the message that says which values a
field takes, so the file's ids (``roman``, ``pass_fail``) are always explained in Vietnamese and
the two never disagree.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from app.dispatch_model import AddresseeLayout, HeadingNumbering, ItemNumbering
from app.messages import Message, join, msg
from app.scoring_rules import Method

__all__ = ["HEADING_NUMBERINGS", "ITEM_NUMBERINGS", "METHODS", "ADDRESSEE_LAYOUTS", "AUTHORITIES",
           "NOMINEE_KINDS", "choices_message"]

HEADING_NUMBERINGS: dict[str, Message] = {
    HeadingNumbering.roman.value: msg("I, II, III"),
    HeadingNumbering.arabic.value: msg("1, 2, 3"),
    HeadingNumbering.upper.value: msg("A, B, C"),
    HeadingNumbering.none.value: msg("không đánh số"),
}
ITEM_NUMBERINGS: dict[str, Message] = {
    ItemNumbering.arabic.value: msg("1. 2. 3."),
    ItemNumbering.arabic_paren.value: msg("1) 2) 3)"),
    ItemNumbering.letter.value: msg("a) b) c)"),
    ItemNumbering.dash.value: msg("- (gạch đầu dòng)"),
    ItemNumbering.plus.value: msg("+ (dấu cộng)"),
    ItemNumbering.none.value: msg("không đánh số"),
}
METHODS: dict[str, Message] = {
    Method.proportional.value: msg("theo tỷ lệ hoàn thành chỉ tiêu giao"),
    Method.pass_fail.value: msg("đạt / không đạt"),
    Method.manual.value: msg("văn phòng chấm trực tiếp"),
}
ADDRESSEE_LAYOUTS: dict[str, Message] = {
    AddresseeLayout.inline.value: msg("nơi gửi đầu tiên trên dòng “Kính gửi:”"),
    AddresseeLayout.list.value: msg("“Kính gửi:” một dòng, các nơi gửi ở dưới"),
}
AUTHORITIES: dict[str, Message] = {
    "": msg("Ký trực tiếp, không có tiền tố"),
    "KT.": msg("KT. (ký thay người đứng đầu)"),
    "TM.": msg("TM. (thay mặt tập thể)"),
    "TL.": msg("TL. (thừa lệnh)"),
    "TUQ.": msg("TUQ. (thừa ủy quyền)"),
    "Q.": msg("Q. (quyền)"),
}
NOMINEE_KINDS: dict[str, Message] = {"person": msg("cá nhân"), "collective": msg("tập thể")}

_TABLES = (HEADING_NUMBERINGS, ITEM_NUMBERINGS, METHODS, ADDRESSEE_LAYOUTS, AUTHORITIES, NOMINEE_KINDS)
# pydantic says which values an enum or a Literal takes as "'roman', 'arabic' or 'none'"
_QUOTED = re.compile(r"'([^']*)'")


def _labels_for(values: list[str]) -> dict[str, Message]:
    for table in _TABLES:
        if set(values) == set(table):
            return table
    return {}


def choices_message(expected: str | Iterable[str]) -> Message:
    """The values a choice field takes, each with its Vietnamese words and no English in between:
    ``“roman” (I, II, III), “arabic” (1, 2, 3), …``. ``expected`` is the values, or pydantic's
    English sentence of them (``'roman', 'arabic' or 'none'``)."""
    values = _QUOTED.findall(expected) if isinstance(expected, str) else list(expected)
    labels = _labels_for(values)
    return join([_choice(value, labels.get(value)) for value in values], sep=", ")


def _choice(value: str, label: Message | None) -> Message:
    if not value:
        return msg("để trống ({label})", label=label) if label else msg("để trống")
    if label is None:
        return msg("“{value}”", value=value)
    if label.startswith(value):  # "KT. (ký thay người đứng đầu)" already shows what to type
        return label
    return msg("“{value}” ({label})", value=value, label=label)
