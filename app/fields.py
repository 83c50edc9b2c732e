"""The field types every campaign model uses: one-paragraph text, abbreviations, ids.

Shared by :mod:`app.campaign` and :mod:`app.dispatch_model` (the dispatch and its body).
"""

from __future__ import annotations

import re
import unicodedata
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, StringConstraints, field_validator

from app.messages import Message, msg

__all__ = ["Text", "Name", "Abbreviation", "Slug", "Identifier", "StrictModel", "nfc", "noncharacter_problem",
           "MAX_TEXT", "MAX_NAME"]

MAX_TEXT = 10_000  # characters of one paragraph; a real one has a few hundred
MAX_NAME = 200  # characters of a name (a unit, a person, a unit of measure): file names are made of some

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Unicode's noncharacters (U+FDD0–U+FDEF and the last two code points of every plane): never
# text, and an XLSX holding one does not open.
_NONCHARACTER = re.compile("[\ufdd0-\ufdef" + "".join(chr(plane << 16 | last) for plane in range(17)
                                                    for last in (0xFFFE, 0xFFFF)) + "]")


def noncharacter_problem(text: str) -> Message | None:
    """The message for the first Unicode noncharacter in ``text`` (``U+FFFE``), or ``None``."""
    found = _NONCHARACTER.search(text)
    if found is None:
        return None
    return msg("có ký tự không hợp lệ U+{code}: xóa ký tự này", code=f"{ord(found.group()):04X}")


def nfc(value: Any) -> Any:
    """``value`` with every text in it (in lists and mappings too, keys included) in Unicode NFC.

    A word typed on one computer may arrive decomposed (``huyện`` as ``e`` + two combining
    marks) and the same word from another composed: both must be one text, one unit name.
    """
    if isinstance(value, str):
        return value if unicodedata.is_normalized("NFC", value) else unicodedata.normalize("NFC", value)
    if isinstance(value, list):
        return [nfc(v) for v in value]
    if isinstance(value, dict):
        return {nfc(k): nfc(v) for k, v in value.items()}
    return value


def _clean_text(value: str) -> str:
    # One paragraph is one paragraph (nd30 B5: no manual line breaks in justified text), and
    # control characters and noncharacters cannot be stored in a DOCX or an XLSX at all.
    if _CONTROL.search(value):
        raise ValueError(msg("có ký tự điều khiển không hợp lệ"))
    problem = noncharacter_problem(value)
    if problem:
        raise ValueError(problem)
    return " ".join(value.split())


Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_TEXT),
                 AfterValidator(_clean_text)]
# A name: one line, at most MAX_NAME characters (a checklist's file is named after a unit's).
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_NAME),
                 AfterValidator(_clean_text)]


def _no_spaces(value: str) -> str:
    # Part of a symbol (nd30 H5: "21/CTĐ-VP"): no spaces anywhere, "/" only between number and symbol.
    if " " in value or "/" in value:
        raise ValueError(msg("chữ viết tắt không được có dấu cách hoặc dấu /"))
    return value


Abbreviation = Annotated[Text, AfterValidator(_no_spaces)]
Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]*$", max_length=64)]
# An anniversary id is used as ``[[ ky_niem.<id> ]]``, so it must be a plain identifier.
Identifier = Annotated[str, StringConstraints(pattern=r"^[a-z_][a-z0-9_]*$", max_length=64)]


class StrictModel(BaseModel):
    """A campaign model: unknown fields are errors (a typo names itself), assignments validated,
    numbers finite (no .inf, .nan), every text in Unicode NFC."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True, allow_inf_nan=False)

    @field_validator("*", mode="before")
    @classmethod
    def _nfc(cls, value: Any) -> Any:
        # Every text of every campaign model, in one place, before any other check compares it.
        return nfc(value)
