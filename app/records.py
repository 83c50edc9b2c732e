"""What the year brings back, kept beside the campaign: the units' results and the nominees.

One rule for where they live: ``campaigns/<name>/results.yaml`` and
``campaigns/<name>/nominees.yaml`` (a folder per campaign, so that copying a campaign to next
year does not carry them, and the campaigns list does not take them for campaigns). They are read
and validated like a campaign (:func:`app.loader.load_model`, located Vietnamese errors) and saved
like one (:func:`app.store.save`: atomic, history, refused when the file changed meanwhile).

A result is keyed by the checklist row it comes from: ``"7.1"`` is target 7's first number (its
first metric), ``"4"`` a target without a number for the unit (đạt = 1, không đạt = 0, or the
score itself for a target scored by hand).
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, Field, StringConstraints

from app.fields import StrictModel
from app.loader import load_model
from app.store import MISSING, file_version

__all__ = [
    "UnitResult", "Override", "Results", "PastAward", "Nominee", "Nominees", "result_key",
    "records_dir", "results_path", "nominees_path", "load_results", "load_nominees",
]

_Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=4000)]
_Key = Annotated[str, StringConstraints(pattern=r"^[1-9][0-9]{0,2}(\.[1-9][0-9]?)?$")]
_Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]*$", max_length=64)]


class _Model(StrictModel):
    """Unknown fields refused, numbers finite, every text in NFC, as in the campaign itself."""


def result_key(target_number: int, metric_number: int | None = None) -> str:
    """``result_key(7, 1)`` → ``"7.1"``; ``result_key(4)`` → ``"4"`` (both 1-based, as printed)."""
    return f"{target_number}.{metric_number}" if metric_number else str(target_number)


class Override(_Model):
    """The office's own decision instead of the proposed award, and why (lý do)."""

    award: _Slug | None = Field(None, description="hình thức khen thưởng; trống = không đề nghị")
    reason: _Text


class UnitResult(_Model):
    """One unit's year: achieved values per checklist row, bonus and penalty items it earned."""

    values: dict[_Key, Annotated[float, Field(ge=0, le=1e12)]] = {}
    bonuses: list[_Slug] = []
    penalties: list[_Slug] = []
    override: Override | None = None


class Results(_Model):
    """Every unit's results (kết quả thực hiện), by unit name."""

    units: dict[_Text, UnitResult] = {}


class PastAward(_Model):
    """An award already received (khen thưởng đã đạt): the table of section III of a report."""

    year: Annotated[int, Field(ge=1945, le=2200)]
    form: _Text = Field(description="hình thức, ví dụ Bằng khen")
    decision: _Text | None = Field(None, description="số quyết định, ví dụ 123/QĐ-UBND")
    date: dt.date | None = None
    issuer: _Text | None = Field(None, description="cơ quan ban hành quyết định")


class Nominee(_Model):
    """A person or a collective proposed for an award (đối tượng đề nghị khen thưởng)."""

    kind: Literal["person", "collective"] = "person"
    name: _Text
    award: _Slug = Field(description="mã hình thức khen thưởng trong scoring.awards")
    sex: Literal["Nam", "Nữ"] | None = None
    born: Annotated[int, Field(ge=1900, le=2200)] | None = None
    position: _Text | None = Field(None, description="chức vụ")
    unit: _Text | None = Field(None, description="đơn vị công tác")
    summary: _Text | None = Field(None, description="tóm tắt thành tích")
    past_awards: list[PastAward] = []


class Nominees(_Model):
    """The individuals the office adds by hand (collectives come from the scoreboard)."""

    people: list[Nominee] = []


def records_dir(campaign_path: str | os.PathLike[str]) -> Path:
    """``campaigns/<name>/``: the folder of the campaign's results and nominees."""
    path = Path(campaign_path)
    return path.parent / path.stem


def results_path(campaign_path: str | os.PathLike[str]) -> Path:
    """``campaigns/<name>/results.yaml``."""
    return records_dir(campaign_path) / "results.yaml"


def nominees_path(campaign_path: str | os.PathLike[str]) -> Path:
    """``campaigns/<name>/nominees.yaml``."""
    return records_dir(campaign_path) / "nominees.yaml"


def _load(path: Path, model: type[BaseModel]) -> tuple[BaseModel, str]:
    version = file_version(path)
    return (model() if version == MISSING else load_model(path, model)), version


def load_results(campaign_path: str | os.PathLike[str]) -> tuple[Results, str]:
    """The campaign's results (empty when there are none yet) and the file's version (for
    :func:`app.store.save`); :class:`app.loader.CampaignError` when the file is broken."""
    return _load(results_path(campaign_path), Results)  # type: ignore[return-value]


def load_nominees(campaign_path: str | os.PathLike[str]) -> tuple[Nominees, str]:
    """The campaign's nominees added by hand, and the file's version."""
    return _load(nominees_path(campaign_path), Nominees)  # type: ignore[return-value]
