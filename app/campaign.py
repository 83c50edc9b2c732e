"""The campaign model (chiến dịch thi đua): everything the year's documents are made from.

A campaign YAML file is the source of truth; :mod:`app.loader` reads it into these models.
Field names are English, their Vietnamese meaning is in each docstring; every model forbids
unknown fields so that a typo in the YAML is an error that names it. The dispatch and its body
(the parts) are in :mod:`app.dispatch_model`, the shared field types in :mod:`app.fields`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from enum import Enum
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, Field, PlainValidator, WithJsonSchema, model_validator

from app import vnformat, vocabulary
from app.dates import date_warnings
from app.dispatch_model import Dispatch, typed_markers
from app.fields import MAX_NAME, Abbreviation, Identifier, Name, Slug, Text
from app.fields import StrictModel as _Model
from app.linebreak import MultilineText
from app.messages import FieldError, msg, of_exception
from app.migrate import upgrade
from app.scoring_rules import Method, Scoring, TargetScore
from app.skeleton import placeholder_warnings
from app.textmarkup import TextError, plain_text, render_text
from app.vocabulary import Derived, Kind, LevelDef, default_levels

__all__ = [
    "LevelDef", "Issuer", "Signer", "Metric", "Target", "Anniversary", "AnniversaryValue", "Unit",
    "Dispatch", "Campaign", "text_values",
]


# Numbers a campaign counts (targets, quotas, weights): a thousand billion is far above any;
# above it (1e308) the formatting and the apportioning would overflow.
MAX_NUMBER = 10**12
# The issuing and parent bodies' names, with their typed line breaks.
_LongName = Annotated[MultilineText, Field(max_length=2 * MAX_NAME)]


def _whole_when_integral(value: float) -> float | int:
    # 7500 stays 7500 (not 7500.0) so that it prints and apportions as a whole number.
    return int(value) if float(value).is_integer() else value


def _founded(value: object) -> dt.date | int:
    # A plain validator instead of a union: pydantic would put the union member ("date",
    # "int") into the error location, where a user would read it as a field name.
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 9999:
        return value
    if isinstance(value, str):
        text = value.strip()
        if text.isdigit() and 1 <= int(text) <= 9999:
            return int(text)
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            pass
    raise ValueError(msg("phải là ngày dạng NĂM-THÁNG-NGÀY (ví dụ 1991-11-14) hoặc chỉ năm (ví dụ 1903)"))


class Issuer(_Model):
    """The issuing body (cơ quan ban hành) and its parent (cơ quan chủ quản), ô 2 of the header."""

    # A line break typed in a name is where the header breaks it (app.linebreak).
    parent: _LongName | None = None
    name: _LongName
    abbreviation: Abbreviation = Field(description="viết tắt tên cơ quan, ví dụ CTĐ")
    place: Name = Field(description="địa danh, ví dụ Lào Cai")


class Signer(_Model):
    """Who signs (người ký): authority prefix, the head's title, the signer's title and name; for a
    deputy of a collective body the body too (``TM. ỦY BAN NHÂN DÂN`` / ``KT. CHỦ TỊCH`` / ``PHÓ CHỦ TỊCH``)."""

    on_behalf_of: Name | None = Field(None, description="tập thể được thay mặt (dòng TM. trên cùng), ví dụ ỦY BAN NHÂN DÂN")
    authority: Literal["", "KT.", "TM.", "TL.", "TUQ.", "Q."] = ""
    head_title: Name | None = Field(None, description="chức danh người đứng đầu, ví dụ CHỦ TỊCH")
    title: Name = Field(description="chức vụ người ký, ví dụ PHÓ CHỦ TỊCH")
    name: Name

    @model_validator(mode="after")
    def _authority_needs_head(self) -> Signer:
        if self.authority in ("KT.", "TM.", "TL.", "TUQ.") and not self.head_title:
            raise FieldError("head_title", msg("ký “{authority}” cần điền Chức danh người đứng đầu (head_title), "
                                               "ví dụ CHỦ TỊCH", authority=self.authority))
        if self.on_behalf_of and self.authority in ("", "TM."):
            raise FieldError("on_behalf_of", msg("Thay mặt tập thể (dòng TM. trên cùng, on_behalf_of) đi với Thẩm quyền "
                                                 "ký KT., TL., TUQ. hoặc Q.; ký TM. một cấp thì ghi tên tập thể ở "
                                                 "Chức danh người đứng đầu (head_title)"))
        return self

    @property
    def authority_lines(self) -> list[str]:
        """Every line over the room to sign, in capitals: ``TM. ỦY BAN NHÂN DÂN``, ``KT. CHỦ TỊCH``,
        ``PHÓ CHỦ TỊCH``."""
        lines = [f"TM. {self.on_behalf_of.upper()}"] if self.on_behalf_of else []
        return lines + [self.authority_line] + ([self.title_line] if self.title_line else [])

    @property
    def authority_line(self) -> str:
        """``KT. CHỦ TỊCH`` (one space after the prefix); ``Q. CHỦ TỊCH`` for an acting head;
        the bare title when signing in person."""
        if self.authority == "Q.":
            return f"Q. {(self.head_title or self.title).upper()}"
        if self.authority:
            return f"{self.authority} {self.head_title.upper()}"
        return self.title.upper()

    @property
    def title_line(self) -> str | None:
        """The signer's own title under the authority line (KT., TM., TL., TUQ.), if any."""
        return self.title.upper() if self.authority and self.authority != "Q." else None


class Metric(Derived):
    """A number inside a target (chỉ tiêu định lượng): value, unit, and the level it applies to."""

    id: Slug | None = Field(None, description="mã để giao chỉ tiêu cho đơn vị, ví dụ mau")
    value: Annotated[float, Field(gt=0, le=MAX_NUMBER), AfterValidator(_whole_when_integral)]
    unit: Name = Field(description="đơn vị tính, ví dụ đơn vị máu")
    level: Name | None = Field(None, description="cấp áp dụng (mã hoặc tên); để trống: cấp đầu tiên")
    apportion: bool = Field(False, description="chia chỉ tiêu tỉnh cho các đơn vị")

    @model_validator(mode="after")
    def _apportion_needs_id(self) -> Metric:
        if self.apportion and not self.id:
            raise FieldError("id", msg("cần điền Mã: số liệu này được chia cho các đơn vị (apportion) theo Mã (id)"))
        if self.apportion and not isinstance(self.value, int):
            raise FieldError("value", msg("số liệu được chia cho các đơn vị phải là số nguyên"))
        return self

    @property
    def formatted(self) -> str:
        """``7.500 đơn vị máu``."""
        return f"{vnformat.format_number(self.value)} {self.unit}"


class Target(Derived):
    """A numbered target (chỉ tiêu cụ thể) and the levels whose checklists carry it.

    ``items`` are the target's own points (``+ Vận động 1.200 suất quà …``): the dispatch prints
    them under the target, numbered by the targets part's ``subitem_numbering`` as a part prints
    its items' sub-items; the checklist, the reports and the other documents print the target's
    ``text`` only, and its ``metrics`` are read from that text alone.
    """

    text: Text
    items: list[Text] = Field(default_factory=list, description="các ý nhỏ của chỉ tiêu (chỉ in trong công văn)")
    metrics: list[Metric] = []
    levels: list[Text] = Field(default_factory=lambda: [level.id for level in default_levels()],
                               description="các cấp có chỉ tiêu này (mã hoặc tên cấp)")
    score: TargetScore | None = Field(None, description="điểm chuẩn và cách chấm (khi chấm điểm thi đua)")


class Anniversary(_Model):
    """An anniversary the year celebrates (ngày kỷ niệm); its age and date range are computed."""

    id: Identifier
    event: Name = Field(description="ví dụ: ngày thành lập Hội Chữ thập đỏ tỉnh Lào Cai")
    founded: Annotated[dt.date | int, PlainValidator(_founded), WithJsonSchema({"type": "string"})] = Field(
        description="ngày thành lập (YYYY-MM-DD) hoặc chỉ năm")

    def founded_year(self) -> int:
        return self.founded if isinstance(self.founded, int) else self.founded.year

    def text_for(self, year: int) -> str:
        """``32 năm ngày thành lập … (14/11/1991-14/11/2023)``."""
        return str(self.value_for(year))

    def value_for(self, year: int) -> AnniversaryValue:
        """What ``[[ ky_niem.<id> ]]`` is in ``year``: the long form, with its parts usable alone."""
        founded = self.founded
        span = (vnformat.format_date_range(founded, year) if isinstance(founded, dt.date)
                else f"{founded}-{year}")
        return AnniversaryValue(vnformat.anniversary_years(self.founded_year(), year), self.event, span,
                                self.founded_year(), isinstance(founded, dt.date))


@dataclass(frozen=True)
class AnniversaryValue:
    """``[[ ky_niem.hoi_ctd_tinh ]]`` prints the long form; ``.so_nam`` (32), ``.su_kien`` (the
    event), ``.khoang_ngay`` (14/11/1991-14/11/2023, or 1991-2023 for a year alone) and
    ``.nam_thanh_lap`` (1991) print a part. Plain data: the sandbox allows reading these
    attributes and nothing else reaches Python (underscore names are refused)."""

    so_nam: int
    su_kien: str
    khoang_ngay: str
    nam_thanh_lap: int
    dated: bool = True

    def __str__(self) -> str:
        text = f"{self.so_nam} năm {self.su_kien}"
        return f"{text} ({self.khoang_ngay})" if self.dated else text


class Unit(Derived):
    """A subordinate unit (đơn vị cấp dưới): a district, commune, village, branch, school …; its
    level is given or follows from its kind (:mod:`app.vocabulary`)."""

    name: Name = Field(description="tên đầy đủ, ví dụ Hội Chữ thập đỏ huyện Bát Xát")
    short_name: Name = Field(description="tên ngắn, ví dụ huyện Bát Xát")
    kind: Kind = Field(description="loại đơn vị, ví dụ huyện, xã, thôn, chi hội")
    level: Name | None = Field(None, description="cấp của đơn vị; để trống: theo loại đơn vị")
    parent: Name | None = None
    weight: Annotated[float, Field(gt=0, le=MAX_NUMBER)] | None = Field(None, description="trọng số, ví dụ dân số")
    quotas: dict[Slug, Annotated[int, Field(ge=0, le=MAX_NUMBER)]] = Field(
        default_factory=dict, description="chỉ tiêu giao cố định theo id của chỉ tiêu")


class Campaign(_Model):
    """One year's emulation movement (phong trào thi đua) of one issuing body."""

    year: Annotated[int, Field(ge=1945, le=2200)]
    theme: Text | None = Field(None, description="chủ đề năm")
    issuer: Issuer
    dispatch: Dispatch
    targets: list[Target] = Field(default_factory=list, description="chỉ tiêu: các mục của phần targets: true")
    signer: Signer
    anniversaries: list[Anniversary] = []
    levels: list[LevelDef] = Field(default_factory=default_levels, min_length=1,
                                   description="các cấp chỉ tiêu áp dụng; mặc định cấp tỉnh, huyện, cơ sở")
    kinds: dict[Name, Name] = Field(default_factory=dict, description="cấp của loại đơn vị, ví dụ thôn: grassroots")
    units: list[Unit] = []
    report_deadline: dt.date | None = Field(
        None, description="hạn đơn vị gửi bảng theo dõi chỉ tiêu về, ví dụ 2023-11-15")
    scoring: Scoring | None = Field(None, description="quy chế chấm điểm và khen thưởng cuối năm")
    # Written by `vanthu import` (app/importer/campaign_data.py) and `vanthu new-year` (app/rollover.py);
    # printed nowhere, shown at the top of the edit form.
    review: list[str] = Field(default_factory=list, description="những gì chương trình nhập công văn chưa đặt được "
                              "vào chiến dịch: đọc, sửa, rồi xóa")

    @model_validator(mode="before")
    @classmethod
    def _old_shape(cls, data: Any) -> Any:
        # Files written before the body became parts (objectives, contents, assignments).
        return upgrade(data)

    @model_validator(mode="after")
    def _unique_ids(self) -> Campaign:
        seen: set[str] = set()
        for anniversary in self.anniversaries:
            if anniversary.id in seen:
                raise ValueError(msg("mã ngày kỷ niệm '{id}' bị trùng", id=anniversary.id))
            seen.add(anniversary.id)
        metric_ids: set[str] = set()
        for target in self.targets:
            for metric in target.metrics:
                if metric.id and metric.id in metric_ids:
                    raise ValueError(msg("id chỉ tiêu '{id}' bị trùng", id=metric.id))
                if metric.id:
                    metric_ids.add(metric.id)
        names: set[str] = set()
        for unit in self.units:
            if unit.name in names:
                raise ValueError(msg("đơn vị '{name}' bị trùng", name=unit.name))
            names.add(unit.name)
            unknown = set(unit.quotas) - metric_ids
            if unknown:
                raise ValueError(msg("đơn vị '{name}' giao chỉ tiêu không tồn tại: {unknown}", name=unit.name, unknown=', '.join(sorted(unknown))))
        vocabulary.resolve(self)
        return self

    def level_name(self, level: str | None) -> str:
        """``cấp cơ sở`` for ``grassroots``: a level id as documents print it."""
        return next((x.name for x in self.levels if x.id == level), level or "")

    @property
    def symbol(self) -> str:
        """``CTĐ-VP``: a công văn's symbol is the issuing body then the drafting unit, if any (``UBND``)."""
        unit = self.dispatch.drafting_unit
        return f"{self.issuer.abbreviation}-{unit}" if unit else self.issuer.abbreviation

    def text_fields(self) -> Iterator[tuple[tuple[Any, ...], str]]:
        """Every text of the campaign with its location: each may hold ``[[ … ]]`` or emphasis.

        The model is walked, not listed by hand, so that a new text field (the distribution
        list once was forgotten) is checked like the others; ``review`` is a note to the user,
        printed nowhere.
        """
        for name in type(self).model_fields:
            if name != "review":
                yield from _texts(getattr(self, name), (name,))

    def resolve(self, text: str) -> str:
        """Evaluate the computed values in one text of this campaign (see :func:`text_values`)."""
        return render_text(text, text_values(self))

    def check_texts(self) -> list[tuple[tuple[Any, ...], str]]:
        """Problems with the texts that the schema cannot see, each with its location.

        Every ``[[ … ]]`` must evaluate; every number a target declares as a metric must appear
        in its text, so that changing one without the other is caught.
        """
        problems: list[tuple[tuple[Any, ...], str]] = []
        values = text_values(self)
        for loc, text in self.text_fields():
            try:
                render_text(text, values)
            except TextError as exc:
                problems.append((loc, of_exception(exc)))
        for i, target in enumerate(self.targets):
            try:
                shown = plain_text(render_text(target.text, values))
            except TextError:
                continue
            for j, metric in enumerate(target.metrics):
                number = vnformat.format_number(metric.value)
                if number not in shown:
                    problems.append((("targets", i, "metrics", j, "value"),
                                     msg("số {number} không có trong nội dung chỉ tiêu {i}", number=number, i=i + 1)))
        return (problems + vocabulary.problems(self) + self.dispatch.part_problems(bool(self.targets))
                + self._scoring_problems())

    def warnings(self) -> list[tuple[tuple[Any, ...], str]]:
        """What is valid but probably not meant, each with its location: a numbering marker
        typed by hand where the part numbers its items itself (:func:`app.dispatch_model.typed_markers`),
        dates that disagree with the year or the dispatch date (:func:`app.dates.date_warnings`),
        the skeleton's placeholders still to fill (:func:`app.skeleton.placeholder_warnings`)."""
        return (typed_markers(self.dispatch, [(t.text, t.items) for t in self.targets]) + date_warnings(self)
                + placeholder_warnings(self))

    def _scoring_problems(self) -> list[tuple[tuple[Any, ...], str]]:
        """With scoring rules, every target needs a maximum that the rules can apply, and the
        maxima add up to the stated total."""
        if self.scoring is None:
            return []
        problems: list[tuple[tuple[Any, ...], str]] = []
        for i, target in enumerate(self.targets):
            score = target.score
            if score is None:
                problems.append((("targets", i, "score"), msg("chỉ tiêu {i} chưa có Điểm chuẩn (score: max: …)", i=i + 1)))
                continue
            ids = [m.id for m in target.metrics]
            if score.metric is not None and score.metric not in ids:
                problems.append((("targets", i, "score", "metric"),
                                 msg("chỉ tiêu {i} không có số liệu mã '{metric}'", i=i + 1, metric=score.metric)))
            if score.method is Method.proportional and not target.metrics:
                problems.append((("targets", i, "score", "method"), msg("chỉ tiêu {i} không có số liệu để chấm "
                                 "theo tỷ lệ hoàn thành: chọn Cách chấm “đạt / không đạt” (pass_fail) hoặc “chấm trực "
                                 "tiếp” (manual)", i=i + 1)))
        maxima = sum(t.score.max for t in self.targets if t.score)
        if not problems and abs(maxima - self.scoring.total) > 1e-9:
            problems.append((("scoring", "total"), msg("điểm chuẩn các chỉ tiêu cộng lại là "
                             "{maxima}, không bằng tổng {total}", maxima=vnformat.format_number(maxima), total=vnformat.format_number(self.scoring.total))))
        return problems


def _texts(value: Any, loc: tuple[Any, ...]) -> Iterator[tuple[tuple[Any, ...], str]]:
    if isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from _texts(getattr(value, name), loc + (name,))
    elif isinstance(value, str) and not isinstance(value, Enum):
        yield loc, value
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            yield from _texts(item, loc + (index,))
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _texts(item, loc + (key,))


def text_values(campaign: Campaign) -> dict[str, Any]:
    """The computed values campaign text may use inside ``[[ … ]]``."""
    return {
        "nam": campaign.year,
        "nam_truoc": campaign.year - 1,
        "nam_sau": campaign.year + 1,
        "chu_de": campaign.theme or "",
        # Jinja looks up ky_niem.<id> as an item when no attribute has that name.
        "ky_niem": {a.id: a.value_for(campaign.year) for a in campaign.anniversaries},
    }
