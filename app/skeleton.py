"""The "new campaign" skeleton, the placeholders it leaves to fill, and file names typed in Vietnamese.

The skeleton names no organisation: every value a clerk must supply is a placeholder in
parentheses (:data:`PLACEHOLDERS`). A campaign that still holds one validates (so that a half
written campaign can be saved), but :func:`placeholder_warnings` reports it, located, so that it
never reaches a signed document unnoticed (:meth:`app.campaign.Campaign.warnings`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel

from app import vnformat
from app.messages import msg

__all__ = ["PLACEHOLDERS", "skeleton_text", "ascii_slug", "typed_name", "placeholder_warnings"]

# What the skeleton writes where a clerk must write the real thing (also "(tên tỉnh)", which
# earlier skeletons wrote).
PLACEHOLDERS = (
    "(tên cơ quan chủ quản)",
    "(tên cơ quan ban hành)",
    "(tên tỉnh)",
    "(địa danh)",
    "(nơi nhận)",
    "(mục tiêu thi đua năm [[ nam ]])",
    "(họ và tên người ký)",
)

# What a clerk calls the fields the skeleton fills with placeholders (by the first names of the
# location); other fields are "nội dung".
_FIELD_NAMES = {
    ("issuer", "parent"): msg("tên cơ quan chủ quản"),
    ("issuer", "name"): msg("tên cơ quan ban hành"),
    ("issuer", "place"): msg("địa danh"),
    ("dispatch", "addressees"): msg("nơi nhận"),
    ("dispatch", "parts"): msg("nội dung công văn"),
    ("signer", "name"): msg("họ tên người ký"),
}


def skeleton_text(year: int) -> str:
    """A minimal valid campaign for ``year`` whose every value says what to write there."""
    parent, name, _province, place, addressee, goal, signer = PLACEHOLDERS
    return f"""\
# Chiến dịch mới: thay các chỗ trong ngoặc (…) bằng nội dung thật (hoặc mở trang "Sửa" trên web).
year: {year}
issuer:
  parent: {parent}
  name: {name}
  abbreviation: VP
  place: {place}
dispatch:
  number: 1
  drafting_unit: VP
  date: {year}-01-02
  subject: phát động phong trào thi đua [[ nam ]]
  addressees:
    - {addressee}
  parts:
    - heading: Mục tiêu thi đua
      item_numbering: dash
      items:
        - {goal}
  distribution:
    - Như trên
  archive: [VT, VP]
signer:
  authority: KT.
  head_title: Chủ tịch
  title: Phó Chủ tịch
  name: {signer}
"""


def ascii_slug(text: str, max_length: int = 64) -> str:
    """ASCII file name for a Vietnamese name: ``Hội Nông dân Yên Bái 2025`` →
    ``hoi-nong-dan-yen-bai-2025`` (đ → d, no diacritics, lower case, ``-`` between words);
    ``""`` when nothing is left."""
    slug = re.sub(r"[^a-z0-9]+", "-", vnformat.ascii_fold(text).lower()).strip("-")
    return slug[:max_length].rstrip("-")


def typed_name(typed: str) -> str:
    """The file name for a campaign name typed in the new-campaign form: ``Hội Nông dân Yên Bái
    2025`` → ``hoi-nong-dan-yen-bai-2025``; text that is not words (``../x``, ``-x``) is returned
    as typed, for the name check (:data:`app.loader.SLUG_RE`) to refuse."""
    typed = typed.strip()
    if not re.fullmatch(r"[^\W_][\w\s-]*", typed):
        return typed
    return ascii_slug(typed) or typed


def _strings(value: Any, loc: tuple[Any, ...]) -> Iterator[tuple[tuple[Any, ...], str]]:
    if isinstance(value, str):
        yield loc, value
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from _strings(getattr(value, name), loc + (name,))
    elif isinstance(value, (list, tuple)):
        for i, item in enumerate(value):
            yield from _strings(item, loc + (i,))
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, loc + (key,))


def placeholder_warnings(campaign: BaseModel) -> list[tuple[tuple[Any, ...], str]]:
    """Every skeleton placeholder still in ``campaign``, with its location, in field order."""
    found: list[tuple[tuple[Any, ...], str]] = []
    for loc, text in _strings(campaign, ()):
        for placeholder in PLACEHOLDERS:
            if placeholder in text:
                what = _FIELD_NAMES.get(tuple(loc[:2])) or msg("nội dung")
                found.append((loc, msg("{what} còn chỗ trống của mẫu «{placeholder}»: "
                                   "hãy thay bằng nội dung thật trước khi ký", what=what, placeholder=placeholder)))
    return found
