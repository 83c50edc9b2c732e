"""The year-end rules as campaign data: how units are scored and which score earns which award.

Each organisation has its own rules (quy chế chấm điểm thi đua, quy chế khen thưởng), so none of
them is code: a target carries its maximum score and how it is scored (:class:`TargetScore`);
:class:`Scoring` holds the stated total, bonus and penalty items, the award forms
(:class:`AwardForm`: who gives each) and the rules mapping a score band or a rank to a proposed
award, plus the numbers and dates of the award documents (Tờ trình, Quyết định).
"""

from __future__ import annotations

import datetime as dt
from enum import Enum
from typing import Annotated

from pydantic import Field, StringConstraints, model_validator

from app.fields import StrictModel
from app.messages import msg

__all__ = ["Method", "TargetScore", "ScoreItem", "AwardForm", "AwardRule", "DocumentRef", "Scoring"]

_Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]
_Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]*$", max_length=64)]
_Points = Annotated[float, Field(gt=0, le=10_000)]


class _Model(StrictModel):
    """Unknown fields refused, numbers finite, every text in NFC, as in the campaign itself."""


class Method(str, Enum):
    """How a target is scored (cách chấm)."""

    proportional = "proportional"  # theo tỷ lệ hoàn thành chỉ tiêu được giao, tối đa bằng điểm chuẩn
    pass_fail = "pass_fail"  # noqa: S105 - đạt (đủ điểm) / không đạt (0 điểm), not a password
    manual = "manual"              # văn phòng chấm tay

    @property
    def label(self) -> str:
        return {"proportional": "theo tỷ lệ hoàn thành", "pass_fail": "đạt / không đạt",
                "manual": "chấm trực tiếp"}[self.value]


class TargetScore(_Model):
    """A target's maximum score (điểm chuẩn) and method; ``metric`` names the number compared with
    the unit's quota (default: the target's first number that has one)."""

    max: _Points
    method: Method = Method.proportional
    metric: _Slug | None = None


class ScoreItem(_Model):
    """A bonus (điểm thưởng) or penalty (điểm trừ) item and its points."""

    id: _Slug
    text: _Text
    points: _Points


class AwardForm(_Model):
    """A form of award (hình thức khen thưởng) and who gives it.

    Without ``body`` it is the office's own award (Giấy khen), given by a Quyết định; otherwise
    the office asks ``body`` for it by a Tờ trình (Bằng khen, Cờ thi đua of the Central Committee).
    """

    id: _Slug
    name: _Text = Field(description="ví dụ: Bằng khen của Trung ương Hội Chữ thập đỏ Việt Nam")
    body: _Text | None = Field(None, description="cơ quan khen thưởng, ví dụ Trung ương Hội Chữ thập đỏ Việt Nam")


class AwardRule(_Model):
    """Which units an award is proposed for: a score band (``min`` ≤ total < ``below``) or the
    ``rank`` first units (of each unit kind with ``per_kind``). Rank rules are tried first."""

    award: _Slug
    min: Annotated[float, Field(ge=0)] | None = None
    below: Annotated[float, Field(gt=0)] | None = None
    rank: Annotated[int, Field(ge=1, le=1000)] | None = None
    per_kind: bool = False

    @model_validator(mode="after")
    def _band_or_rank(self) -> AwardRule:
        if self.rank is None and self.min is None:
            raise ValueError(msg("cần 'min' (từ … điểm) hoặc 'rank' (xếp thứ …)"))
        if self.min is not None and self.below is not None and self.below <= self.min:
            raise ValueError(msg("'below' ({below:g}) phải lớn hơn 'min' ({min:g})", below=self.below, min=self.min))
        return self


class DocumentRef(_Model):
    """Number and date of one award document (số và ngày văn bản)."""

    number: Annotated[int, Field(ge=1, le=99999)]
    date: dt.date


class Scoring(_Model):
    """The year-end rules: total, bonus and penalty items, award forms and rules, documents."""

    total: _Points = 100
    bonuses: list[ScoreItem] = []
    penalties: list[ScoreItem] = []
    awards: list[AwardForm] = []
    rules: list[AwardRule] = []
    submission: DocumentRef | None = Field(None, description="Tờ trình đề nghị khen thưởng")
    decision: DocumentRef | None = Field(None, description="Quyết định khen thưởng")

    @model_validator(mode="after")
    def _consistent(self) -> Scoring:
        ids = [a.id for a in self.awards]
        for award_id in {i for i in ids if ids.count(i) > 1}:
            raise ValueError(msg("hình thức khen thưởng '{award_id}' bị trùng", award_id=award_id))
        for rule in self.rules:
            if rule.award not in ids:
                raise ValueError(msg("quy tắc dùng hình thức khen thưởng '{award}' không có trong awards "
                                 "(có: {ids})", award=rule.award, ids=', '.join(ids) or 'chưa có'))
        items = [i.id for i in self.bonuses + self.penalties]
        for item in {i for i in items if items.count(i) > 1}:
            raise ValueError(msg("mục điểm thưởng/điểm trừ '{item}' bị trùng", item=item))
        bands = sorted((r for r in self.rules if r.min is not None and r.rank is None), key=lambda r: r.min)
        for lower, upper in zip(bands, bands[1:], strict=False):
            if lower.below is None or lower.below > upper.min:
                end = f"dưới {lower.below:g}" if lower.below is not None else "trở lên"
                raise ValueError(msg("khung điểm chồng nhau: '{award}' từ {min:g} {end} và "
                                 "'{award2}' từ {min2:g}", award=lower.award, min=lower.min, end=end, award2=upper.award, min2=upper.min))
        return self

    def award(self, award_id: str) -> AwardForm:
        """The award form ``award_id`` (validation makes sure every rule's award exists)."""
        return next(a for a in self.awards if a.id == award_id)
