"""The scoreboard (bảng tổng hợp kết quả chấm điểm thi đua) as a view, and the office's overrides.

:func:`build_scoreboard` turns a campaign and its :class:`app.scoring.Scoreboard` into a
:class:`ScoreboardView`: per unit what it reported, each target's score, the base, bonus,
penalty and total, the rank and the award, every printed text formatted here. That one view
drives the DOCX (``templates_docx/scoreboard.docx``), the XLSX (:mod:`app.scoreboard_xlsx`) and
the web page. :func:`load_scoreboard` scores a campaign from its results file, refusing results
that do not fit (located like a campaign's errors); :func:`save_override` records the office's
own decision for one unit, with its reason, in the results file.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from app import vnformat
from app.blocks import Header, SignBox, Signer, campaign_signer, issuer_header
from app.campaign import Campaign
from app.layout import CHECKLIST_HEADER, SCOREBOARD_COLUMNS, SCOREBOARD_TARGETS, Label
from app.loader import CampaignError, Problem, SourceMap, format_loc, read_campaign_yaml, validate_model
from app.messages import msg
from app.records import Override, Results, UnitResult, load_results, results_path
from app.scoring import NoScoringRules, Scoreboard, UnitScore, check_results, score_campaign
from app.scoring_rules import Method

__all__ = [
    "TITLE", "COLUMNS", "NO_AWARD", "TEMPLATE", "TargetColumn", "ScoreCell", "ScoreRow", "ScoreboardView",
    "build_scoreboard", "load_scoreboard", "save_override", "render_scoreboard", "scoreboard_paths",
    "ranking_lines",
]

TITLE = "BẢNG TỔNG HỢP KẾT QUẢ CHẤM ĐIỂM THI ĐUA NĂM {year}"
TEMPLATE = Path(__file__).resolve().parent.parent / "templates_docx" / "scoreboard.docx"
NO_AWARD = "Không đề nghị"
# The table's headings by column (app/layout.py); the targets' own columns stand under "targets".
COLUMNS = {key: column.label for key, column in SCOREBOARD_COLUMNS.items()} | {"targets": SCOREBOARD_TARGETS}


def _points(value: float) -> str:
    """``11,79``, ``105``: points the Vietnamese way, at most two decimals."""
    return vnformat.format_number(round(value, 2))


@dataclass(frozen=True)
class TargetColumn:
    """One target's column: its number, maximum and how it is scored."""

    number: int
    max: float
    method: str                 # the method's Vietnamese label
    text: str                   # the target's resolved text, without emphasis markers

    @property
    def max_text(self) -> str:
        return _points(self.max)


@dataclass(frozen=True)
class ScoreCell:
    """One unit's line for one target (``carried`` false: not a target of the unit's level)."""

    carried: bool
    key: str = ""               # the result it is scored from ("7.1", "4")
    quota: float | None = None
    achieved: float | None = None
    score: float = 0.0
    method: Method | None = None

    @property
    def reported(self) -> str:
        """What the unit reported, as printed: ``4.389``, ``đạt``, ``—`` when nothing."""
        if not self.carried or self.achieved is None:
            return "—"
        if self.method is Method.pass_fail and not self.quota:
            return "đạt" if self.achieved >= 1 else "không đạt"
        return vnformat.format_number(self.achieved)

    @property
    def score_text(self) -> str:
        return _points(self.score) if self.carried else "—"


@dataclass(frozen=True)
class ScoreRow:
    """One unit's row: its place, name, each target's cell, the points, the rank and the award."""

    number: int                 # STT: the row's position, best first
    unit_name: str
    unit_label: str             # Thành phố Lào Cai
    kind: str
    cells: list[ScoreCell]      # one per target of the campaign, in its order
    base: float
    bonus: float
    penalty: float
    total: float
    rank: int
    proposed: str               # the award the rules propose ("Không đề nghị" when none)
    proposed_id: str | None
    award: str                  # the award put forward: the override's, else the proposal
    award_id: str | None
    overridden: bool
    reason: str | None          # the override's reason
    bonus_items: list[str]
    penalty_items: list[str]
    missing: list[int]          # the targets not reported

    @property
    def base_text(self) -> str:
        return _points(self.base)

    @property
    def bonus_text(self) -> str:
        return _points(self.bonus) if self.bonus else ""

    @property
    def penalty_text(self) -> str:
        return _points(self.penalty) if self.penalty else ""

    @property
    def total_text(self) -> str:
        return _points(self.total)

    @property
    def missing_note(self) -> str:
        """``Chưa báo cáo chỉ tiêu 3, 5`` (empty when every target is reported)."""
        return "Chưa báo cáo chỉ tiêu " + ", ".join(str(n) for n in self.missing) if self.missing else ""

    @property
    def notes(self) -> list[str]:
        """The small lines under the award: the rules' proposal and the reason when the office
        decided otherwise, the targets not reported."""
        lines = [f"Theo quy chế: {self.proposed}", f"Lý do: {self.reason}"] if self.overridden else []
        return lines + ([self.missing_note] if self.missing else [])


@dataclass(frozen=True)
class ScoreboardView:
    """Everything the scoreboard prints (a form: no number, no addressee; nd30 rows P, H1–H4, H6
    and the signature apply)."""

    header: Header
    title: str                  # BẢNG TỔNG HỢP KẾT QUẢ CHẤM ĐIỂM THI ĐUA NĂM 2023
    subtitle: str               # (Theo quy chế chấm điểm: tổng điểm chuẩn 100 điểm)
    columns: dict[str, str]
    targets: list[TargetColumn]
    rows: list[ScoreRow]
    notes: list[str]
    place_date: str             # Lào Cai, ngày …… tháng …… năm 2023
    maker: SignBox              # NGƯỜI LẬP BIỂU
    signer: Signer              # the campaign's signer
    year: int
    award_names: dict[str, str]  # award id → name, in the rules' order


def _row(number: int, score: UnitScore, targets: int, awards: dict[str, str], items: dict[str, str]) -> ScoreRow:
    cells = [ScoreCell(False)] * targets
    for line in score.lines:
        cells[line.number - 1] = ScoreCell(True, line.key, line.quota, line.achieved, line.score, line.method)
    unit, override = score.unit, score.override
    return ScoreRow(
        number=number, unit_name=unit.name, unit_label=unit.short_name[:1].upper() + unit.short_name[1:],
        kind=unit.kind.value, cells=cells, base=score.base, bonus=score.bonus, penalty=score.penalty,
        total=score.total, rank=score.rank,
        proposed=awards[score.proposed] if score.proposed else NO_AWARD, proposed_id=score.proposed,
        award=awards[score.award] if score.award in awards else NO_AWARD, award_id=score.award,
        overridden=override is not None, reason=override.reason if override else None,
        bonus_items=[items[i] for i in score.bonus_items], penalty_items=[items[i] for i in score.penalty_items],
        missing=score.missing,
    )


def build_scoreboard(campaign: Campaign, board: Scoreboard) -> ScoreboardView:
    """Compute every printed line of the scoreboard of ``campaign`` from its scored ``board``."""
    from app.textmarkup import plain_text

    scoring = board.scoring
    awards = {a.id: a.name for a in scoring.awards}
    items = {i.id: f"{i.text} (+{_points(i.points)})" for i in scoring.bonuses}
    items |= {i.id: f"{i.text} (−{_points(i.points)})" for i in scoring.penalties}
    targets = [TargetColumn(n, t.score.max if t.score else 0, (t.score.method if t.score else Method.proportional).label,
                            plain_text(campaign.resolve(t.text)))
               for n, t in enumerate(campaign.targets, start=1)]
    rows = [_row(n, s, len(targets), awards, items) for n, s in enumerate(board.rows, start=1)]
    total = _points(scoring.total)
    notes = [f"Cột chỉ tiêu: điểm chấm của từng chỉ tiêu, trong ngoặc là điểm chuẩn; tổng điểm chuẩn {total} điểm."]
    if any(len(s.lines) < len(targets) for s in board.rows):
        notes.append(msg("Đơn vị không thực hiện đủ các chỉ tiêu: điểm chỉ tiêu được quy đổi về thang {total} điểm.", total=total))
    for award_id, members in board.by_award().items():
        if members:
            names = ", ".join(s.unit.short_name for s in members)
            notes.append(msg("Đề nghị {award_id}: {members} đơn vị ({names}).", award_id=awards[award_id], members=len(members), names=names))
    return ScoreboardView(
        header=issuer_header(campaign, CHECKLIST_HEADER), title=TITLE.format(year=campaign.year),
        subtitle=f"(Theo quy chế chấm điểm thi đua năm {campaign.year}: tổng điểm chuẩn {total} điểm)",
        columns=dict(COLUMNS), targets=targets, rows=rows, notes=notes,
        place_date=Label.BLANK_PLACE_DATE.format(year=campaign.year).replace("……………", campaign.issuer.place, 1),
        maker=SignBox(Label.MAKER, Label.SIGN_NOTE), signer=campaign_signer(campaign), year=campaign.year,
        award_names=awards,
    )


def _results_problems(campaign_path: str | os.PathLike[str], problems: list[tuple[tuple, str]]) -> CampaignError:
    path = results_path(campaign_path)
    source, where = str(path), SourceMap()
    try:
        _data, where = read_campaign_yaml(path.read_text(encoding="utf-8-sig"), source)
    except (OSError, UnicodeDecodeError, CampaignError):
        pass  # read and validated a moment ago; without lines the messages still name the field
    return CampaignError(source, [Problem(where.line_for(loc), format_loc(loc), message) for loc, message in problems])


def load_scoreboard(campaign_path: str | os.PathLike[str], campaign: Campaign) -> tuple[Scoreboard, Results, str]:
    """Score ``campaign`` from ``campaigns/<name>/results.yaml``: the board, the results and the
    results file's version (for :func:`save_override`).

    Raises :class:`app.scoring.NoScoringRules` when the campaign has no rules, and
    :class:`app.loader.CampaignError` when the results file is broken or does not fit the
    campaign (an unknown unit, key or item: ``results.yaml:12: units.….values.9: …``).
    """
    if campaign.scoring is None:  # said first: without rules, every bonus in the results is unknown
        raise NoScoringRules()
    found, version = load_results(campaign_path)
    problems = check_results(campaign, found)
    if problems:
        raise _results_problems(campaign_path, problems)
    return score_campaign(campaign, found), found, version


def save_override(campaign_path: str | os.PathLike[str], campaign: Campaign, unit_name: str,
                  award: str | None, reason: str | None, *, version: str, clear: bool = False) -> Path:
    """Record the office's decision for ``unit_name`` (``award`` ``None``: không đề nghị) and its
    reason in the results file, or remove it with ``clear``; refused with
    :class:`app.store.VersionConflict` when the file changed since ``version`` was read.

    Raises :class:`app.loader.CampaignError` (field ``override.award`` or ``override.reason``)
    for an unknown unit or award or a missing reason.
    """
    from app import store

    source = str(results_path(campaign_path))
    if unit_name not in {u.name for u in campaign.units}:
        raise CampaignError(source, [Problem(None, "unit", msg("không có đơn vị '{unit_name}' trong chiến dịch", unit_name=unit_name))])
    known = {a.id for a in campaign.scoring.awards} if campaign.scoring else set()
    if award is not None and award not in known:
        raise CampaignError(source, [Problem(None, "override.award", msg("không có hình thức khen thưởng '{award}'", award=award))])
    found, _version = load_results(campaign_path)
    result = found.units.get(unit_name, UnitResult())
    override = None if clear else validate_model(Override, {"award": award, "reason": reason or ""}, source)
    units = dict(found.units)
    units[unit_name] = result.model_copy(update={"override": override})
    return store.save(results_path(campaign_path), Results(units=units), version=version)


def ranking_lines(view: ScoreboardView) -> list[str]:
    """The ranking as a plain-text table for a terminal: rank, unit, points, award."""
    heads = ["Hạng", view.columns["unit"], "Điểm CT", "Thưởng", "Trừ", "Tổng", view.columns["award"]]
    body = [[str(r.rank), r.unit_label, r.base_text, r.bonus_text, r.penalty_text, r.total_text,
             r.award + (f" (điều chỉnh: {r.reason})" if r.overridden else "")] for r in view.rows]
    widths = [max(len(line[i]) for line in [heads, *body]) for i in range(len(heads) - 1)]

    def line(cells: list[str]) -> str:
        # zip stops before the award: the last column is left as long as it is.
        padded = [c.ljust(w) if i == 1 else c.rjust(w) for i, (c, w) in enumerate(zip(cells, widths, strict=False))]
        return "  ".join([*padded, cells[-1]])

    return [line(heads), *(line(cells) for cells in body)]


def scoreboard_paths(out_dir: str | os.PathLike[str], name: str) -> tuple[Path, Path]:
    """``<out>/<name>/bang-diem.docx`` and ``.xlsx``."""
    folder = Path(out_dir) / name
    return folder / "bang-diem.docx", folder / "bang-diem.xlsx"


def render_scoreboard(view: ScoreboardView, out_dir: str | os.PathLike[str], name: str) -> tuple[Path, Path]:
    """Write the scoreboard's DOCX and XLSX under ``<out>/<name>/``; return both paths."""
    from app.docx_render import render_docx  # imported late: docxtpl and openpyxl are heavy to import
    from app.scoreboard_xlsx import write_scoreboard_xlsx

    docx, xlsx = scoreboard_paths(out_dir, name)
    return render_docx(TEMPLATE, view, docx), write_scoreboard_xlsx(view, xlsx)
