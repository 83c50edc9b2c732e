"""A nominee's achievement report (báo cáo thành tích), collective or person, as a view.

:func:`build_achievement` follows the report form in force: for a collective, I. Đặc điểm, tình
hình; II. Thành tích đạt được, with the unit's targets, quotas, results and scores from the
scoreboard; III. Các hình thức khen thưởng đã đạt; the unit head signs and the level above
confirms. For a person, I. Sơ lược lý lịch; II. Thành tích đạt được; III. Khen thưởng; the person
signs and the unit head confirms. It is the nominee's own document: headed with the nominee's
unit, not numbered, and dated by hand when it is signed.
"""

from __future__ import annotations

from dataclasses import dataclass

from app import vnformat
from app.awards import Candidate, dispatch_reference, points
from app.blocks import Header, SignBox, TitleBlock
from app.campaign import Campaign
from app.layout import (
    ACHIEVEMENT_REPORT,
    PAST_AWARD_COLUMNS,
    REPORT_SIGNATURE,
    RESULT_COLUMNS,
    Label,
    Size,
)
from app.linebreak import cell_lines, one_line
from app.records import PastAward
from app.scoring import Line, UnitScore
from app.scoring_rules import Method
from app.textmarkup import Run, parse_emphasis

__all__ = ["ResultRow", "PastAwardRow", "AchievementView", "build_achievement", "BLANK"]

BLANK = "………………………"  # a detail the nominee fills in by hand
_BLANK_ROWS = 2       # empty rows for hand-written past awards when none are recorded


@dataclass(frozen=True)
class ResultRow:
    """One target of the unit: its text, the unit's quota, what it achieved, its score."""

    number: str
    runs: list[Run]
    quota: str
    achieved: str
    score: str          # 11,79/12


@dataclass(frozen=True)
class PastAwardRow:
    """An award already received: year, form, decision (number, date), issuer."""

    year: str
    form: str
    decision: str
    issuer: str


@dataclass(frozen=True)
class AchievementView:
    """Everything one achievement report prints."""

    header: Header                      # the nominee's unit under its parent
    place_date: str                     # ……………, ngày …… tháng …… năm 2023
    title: TitleBlock                   # BÁO CÁO THÀNH TÍCH / Đề nghị tặng …
    name_line: str                      # Hội Chữ thập đỏ huyện Bát Xát / Ông (Bà) …
    headings: tuple[str, str, str]      # I. …, II. …, III. …
    profile: list[str]                  # part I
    achievements: list[str]             # part II, before the table
    result_columns: tuple[str, ...]
    results: list[ResultRow]            # part II's table (collectives; empty for a person)
    after_results: list[str]            # part II, after the table
    award_columns: tuple[str, ...]
    past_awards: list[PastAwardRow]     # part III
    left: SignBox                       # who confirms
    right: SignBox                      # who signs the report
    collective: bool


def build_achievement(campaign: Campaign, candidate: Candidate) -> AchievementView:
    """The achievement report of ``candidate`` (see :func:`app.awards.collect_candidates`)."""
    issuer = campaign.issuer
    score = candidate.score
    title = TitleBlock(ACHIEVEMENT_REPORT.name, f"Đề nghị tặng {candidate.award.name}")
    awards = [_past(a) for a in candidate.past_awards] or [PastAwardRow("", "", "", "")] * _BLANK_ROWS
    common = dict(place_date=Label.BLANK_PLACE_DATE.format(year=campaign.year), title=title,
                  result_columns=tuple(c.label for c in RESULT_COLUMNS),
                  award_columns=tuple(c.label for c in PAST_AWARD_COLUMNS), past_awards=awards)
    summary = [candidate.nominee.summary] if candidate.nominee and candidate.nominee.summary else []
    if candidate.collective:
        unit = score.unit if score else None
        parent = (unit.parent if unit and unit.parent else None) or issuer.name
        profile = [f"{candidate.name} là đơn vị {campaign.level_name(unit.level)} trực thuộc {one_line(parent)}." if unit
                   else f"{candidate.name} là đơn vị trực thuộc {one_line(parent)}."]
        results: list[ResultRow] = []
        after: list[str] = []
        if score is not None:
            profile.append(f"Năm {campaign.year}, đơn vị thực hiện {len(score.lines)} chỉ tiêu thi đua theo "
                           f"{dispatch_reference(campaign)}.")
            results = [_result_row(campaign, line) for line in score.lines]
            after = [_total(score, candidate.ranked)]
        return AchievementView(
            header=_header(parent, candidate.name), name_line=candidate.name,
            headings=("I. Đặc điểm, tình hình", "II. Thành tích đạt được", "III. Các hình thức khen thưởng đã đạt"),
            profile=profile,
            achievements=[f"Kết quả thực hiện các chỉ tiêu thi đua năm {campaign.year}:"] if results else summary,
            results=results, after_results=after + (summary if results else []),
            left=_box(Label.CONFIRMS_ABOVE, Label.SEAL_NOTE), right=_box(Label.UNIT_HEAD, Label.SEAL_NOTE),
            collective=True, **common)
    nominee = candidate.nominee
    unit_name = (nominee.unit if nominee else None) or issuer.name
    parent = issuer.parent if unit_name == issuer.name else (score.unit.parent if score else None) or issuer.name
    profile = [f"- Họ và tên: {candidate.name}",
               f"- Giới tính: {nominee.sex or BLANK}" if nominee else f"- Giới tính: {BLANK}",
               f"- Năm sinh: {nominee.born if nominee and nominee.born else BLANK}",
               f"- Chức vụ: {(nominee.position if nominee else None) or BLANK}",
               f"- Đơn vị công tác: {one_line(unit_name)}"]
    achievements = summary or [BLANK * 3]
    if score is not None:
        achievements = achievements + [
            f"Đơn vị công tác ({score.unit.name}) đạt {points(score.total)} điểm thi đua năm {campaign.year}, "
            f"xếp thứ {score.rank}/{candidate.ranked} đơn vị."]
    return AchievementView(
        header=_header(parent, unit_name), name_line=candidate.name,
        headings=("I. Sơ lược lý lịch", "II. Thành tích đạt được", "III. Khen thưởng"),
        profile=profile, achievements=achievements, results=[], after_results=[],
        left=_box(Label.HEAD_CONFIRMS, Label.SEAL_NOTE), right=_box(Label.REPORTER, Label.SIGN_NOTE, candidate.name),
        collective=False, **common)


def _header(parent: str | None, body: str) -> Header:
    """The nominee's unit under its parent (H3, H4), in capitals; :class:`Header` breaks the lines."""
    return Header(parent.upper() if parent else None, body.upper())


def _box(title: str, note: str, name: str = "") -> SignBox:
    """A signature box of the report, its title on balanced lines (``XÁC NHẬN CỦA`` / ``CẤP TRÌNH
    KHEN THƯỞNG``)."""
    return SignBox("\n".join(cell_lines(title, REPORT_SIGNATURE.left, Size.FORM_TEXT, bold=True)), note, name)


def _past(award: PastAward) -> PastAwardRow:
    decision = award.decision or ""
    if award.date:
        decision = f"{decision} ngày {vnformat.format_short_date(award.date)}".strip()
    return PastAwardRow(str(award.year), award.form, decision, award.issuer or "")


def _result_row(campaign: Campaign, line: Line) -> ResultRow:
    target = campaign.targets[line.number - 1]
    metric = int(line.key.split(".")[1]) - 1 if "." in line.key else None
    unit = target.metrics[metric].unit if metric is not None else ""
    quota = f"{vnformat.format_number(line.quota)} {unit}".strip() if line.quota is not None else "—"
    if line.achieved is None:
        achieved = "Chưa báo cáo"
    elif line.method is Method.manual:
        achieved = "—"
    elif line.quota is None and line.method is Method.pass_fail:
        achieved = "Đạt" if line.achieved >= 1 else "Không đạt"
    else:
        achieved = vnformat.format_number(line.achieved)
    return ResultRow(str(line.number), parse_emphasis(campaign.resolve(target.text)), quota, achieved,
                     f"{points(line.score)}/{points(line.max)}")


def _total(score: UnitScore, ranked: int) -> str:
    extra = (f"; điểm thưởng {points(score.bonus)}" if score.bonus else "") + \
        (f"; điểm trừ {points(score.penalty)}" if score.penalty else "")
    return (f"Tổng điểm thi đua: {points(score.total)} điểm (điểm các chỉ tiêu {points(score.base)}{extra}), "
            f"xếp thứ {score.rank}/{ranked} đơn vị.")
