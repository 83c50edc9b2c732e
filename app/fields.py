"""The field types every campaign model uses: one-paragraph text, abbreviations, ids.

Shared by :mod:`app.campaign` and :mod:`app.dispatch_model` (the dispatch and its body).
"""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, StringConstraints

from app.messages import msg

__all__ = ["Text", "Abbreviation", "Slug", "Identifier", "StrictModel"]

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _clean_text(value: str) -> str:
    # One paragraph is one paragraph (nd30 B5: no manual line breaks in justified text), and
    # control characters cannot be stored in a DOCX at all.
    if _CONTROL.search(value):
        raise ValueError(msg("có ký tự điều khiển không hợp lệ"))
    return " ".join(value.split())


Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1), AfterValidator(_clean_text)]


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
    """A campaign model: unknown fields are errors (a typo names itself), assignments validated."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)
