"""A unit's target checklist (bảng theo dõi thực hiện chỉ tiêu) and the quota table, as views.

:func:`build_checklist` turns a campaign and one subordinate unit into a :class:`ChecklistView`:
the targets of the unit's level, numbered, with the unit's own quota where a target is an
apportioned number (see :mod:`app.quotas`). That one view drives the DOCX
(``templates_docx/checklist.docx``) and the XLSX (:mod:`app.xlsx_render`);
:func:`build_quota_table` is the view of the web page listing every unit's quotas.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from app import vnformat
from app.blocks import Header, SignBox, issuer_header
from app.campaign import Campaign, Unit
from app.layout import CHECKLIST_COLUMNS, CHECKLIST_HEADER, Label
from app.linebreak import one_line
from app.messages import of_exception
from app.quotas import MetricQuotas, QuotaError, campaign_quotas
from app.records import result_key
from app.scoring_rules import Method
from app.skeleton import ascii_slug
from app.textmarkup import Run, parse_emphasis

__all__ = [
    "Quota", "ChecklistRow", "Entry", "CampaignRef", "ChecklistView", "ChecklistBuilder", "build_checklist",
    "QuotaRow", "QuotaTableView", "build_quota_table", "unit_slug", "unit_slugs", "TITLE",
]

TITLE = "BẢNG THEO DÕI THỰC HIỆN CHỈ TIÊU THI ĐUA NĂM {year}"


def unit_slug(text: str) -> str:
    """ASCII file name for a unit: ``huyện Bát Xát`` → ``huyen-bat-xat`` (:func:`app.skeleton.ascii_slug`)."""
    return ascii_slug(text, max_length=200) or "don-vi"


def unit_slugs(units: Iterable[Unit]) -> dict[str, str]:
    """Unit name → unique slug of its short name (``-2``, ``-3`` … when two units collide)."""
    out: dict[str, str] = {}
    used: set[str] = set()
    for unit in units:
        base = slug = unit_slug(unit.short_name)
        n = 2
        while slug in used:
            slug = f"{base}-{n}"
            n += 1
        used.add(slug)
        out[unit.name] = slug
    return out


@dataclass(frozen=True)
class Quota:
    """What one unit must reach for one metric: its share of an apportioned province number, or a
    number the target sets for every unit of its level (e.g. a 30 million đồng project)."""

    metric_id: str | None
    value: int | float
    unit: str  # đơn vị tính, e.g. "đơn vị máu"
    key: str = ""  # the result it is reported as: "7.1" (target 7's first metric, see app.records)

    @property
    def formatted(self) -> str:
        """``1.250`` (Vietnamese thousands separator)."""
        return vnformat.format_number(self.value)


@dataclass(frozen=True)
class Entry:
    """One result a unit reports on its checklist: a number against its quota (``kind`` "number"),
    đạt / không đạt for a target without a number ("pass_fail"), or a target the office scores by
    hand, up to ``max`` points ("office")."""

    key: str                    # "7.1", "4" (app.records.result_key)
    kind: str                   # "number", "pass_fail", "office"
    quota: Quota | None = None
    max: float | None = None    # "office": the target's maximum score


@dataclass(frozen=True)
class ChecklistRow:
    """One line of a unit's checklist: its number, the resolved target text, the unit's quotas."""

    number: int
    text: str  # resolved ([[ nam ]] evaluated), emphasis markers kept
    quotas: tuple[Quota, ...] = ()
    key: str = ""               # the target's own result key ("4": its number in the campaign)
    office_max: float | None = None  # the target is scored by the office, by hand, up to this

    @property
    def entries(self) -> list[Entry]:
        """What the unit reports on this line: one number per quota, else one đạt / không đạt
        (or nothing of its own for a target the office scores)."""
        if self.quotas:
            return [Entry(q.key, "number", q) for q in self.quotas]
        if self.office_max is not None:
            return [Entry(self.key, "office", max=self.office_max)]
        return [Entry(self.key, "pass_fail")]

    @property
    def runs(self) -> list[Run]:
        """The text as bold/italic runs."""
        return parse_emphasis(self.text)

    @property
    def quota_runs(self) -> list[Run]:
        """Each quota's number (bold) followed by its unit, one run each: ``1.250`` / ``đơn vị máu``."""
        return [run for quota in self.quotas for run in (Run(quota.formatted, bold=True), Run(quota.unit))]


@dataclass(frozen=True)
class CampaignRef:
    """What names the campaign a checklist belongs to: the XLSX carries it, and a workbook sent
    back is refused unless it matches (year, issuing body, number and symbol of the dispatch)."""

    year: int
    issuer: str
    dispatch: str  # "21/CTĐ-VP"


@dataclass(frozen=True)
class ChecklistView:
    """Everything one unit's checklist prints (a form sent with the dispatch: no number, no
    addressee; nd30 rows P, H1–H4 and the signature boxes apply)."""

    header: Header
    title: str                      # BẢNG THEO DÕI … NĂM 2023
    unit_name: str
    unit_line: str                  # Đơn vị: Hội Chữ thập đỏ huyện Bát Xát
    reference: str                  # (Kèm theo Công văn số 21/CTĐ-VP ngày 10/02/2023 của …)
    columns: tuple[str, ...]        # STT · Chỉ tiêu · … · Ghi chú
    rows: list[ChecklistRow]
    request: str                    # what to do with the form, and by when
    place_date: str                 # left blank for the unit: ……………, ngày …… tháng …… năm 2023
    maker: SignBox                  # NGƯỜI LẬP BIỂU
    head: SignBox                   # THỦ TRƯỞNG ĐƠN VỊ
    year: int
    ref: CampaignRef | None = None  # the campaign, to recognise the XLSX when it comes back


class ChecklistBuilder:
    """What every unit's checklist shares, computed once: quotas, target texts, header, reference.

    A batch builds one and asks it for each unit's view; :func:`build_checklist` is the
    single-unit form. Evaluating the target texts compiles a sandboxed Jinja template each, so
    doing it once per batch rather than once per unit matters for a thousand units.
    """

    def __init__(self, campaign: Campaign, quotas: dict[str, MetricQuotas] | None = None):
        self.campaign = campaign
        self.quotas = campaign_quotas(campaign) if quotas is None else quotas
        self.texts = [campaign.resolve(target.text) for target in campaign.targets]
        self.header = issuer_header(campaign, CHECKLIST_HEADER)
        d = campaign.dispatch
        number = vnformat.format_number_symbol(d.number, campaign.symbol).removeprefix(f"{Label.NUMBER_PREFIX} ")
        self.ref = CampaignRef(campaign.year, one_line(campaign.issuer.name), number)
        self.reference = (f"(Kèm theo Công văn số {number} ngày {vnformat.format_short_date(d.date)} "
                          f"của {one_line(campaign.issuer.name)})")
        self.deadline = (f"trước {vnformat.format_long_date(campaign.report_deadline)}" if campaign.report_deadline
                         else "theo thời hạn báo cáo quy định")

    def rows(self, unit: Unit) -> list[ChecklistRow]:
        """The targets that apply to ``unit`` (its level is in ``target.levels``), numbered from 1."""
        rows: list[ChecklistRow] = []
        for number, (target, text) in enumerate(zip(self.campaign.targets, self.texts, strict=True), start=1):
            if unit.level not in target.levels:
                continue
            quotas = tuple(
                Quota(m.id, self.quotas[m.id].quotas[unit.name] if m.apportion else m.value, m.unit,
                      result_key(number, k))
                for k, m in enumerate(target.metrics, start=1)
                if (m.apportion and m.id in self.quotas and unit.name in self.quotas[m.id].quotas)
                or (not m.apportion and m.level == unit.level))
            office = target.score.max if target.score and target.score.method is Method.manual else None
            rows.append(ChecklistRow(len(rows) + 1, text, quotas, result_key(number), office))
        return rows

    def view(self, unit: Unit) -> ChecklistView:
        """The checklist of ``unit``."""
        campaign = self.campaign
        return ChecklistView(
            header=self.header,
            title=TITLE.format(year=campaign.year),
            unit_name=unit.name,
            unit_line=f"Đơn vị: {unit.name}",
            reference=self.reference,
            columns=tuple(column.label for column in CHECKLIST_COLUMNS),
            rows=self.rows(unit),
            request=(f"Đề nghị {unit.name} theo dõi, cập nhật kết quả thực hiện từng chỉ tiêu và gửi bảng này "
                     f"về {one_line(campaign.issuer.name)} {self.deadline}./."),
            place_date=Label.BLANK_PLACE_DATE.format(year=campaign.year),
            maker=SignBox(Label.MAKER, Label.SIGN_NOTE),
            head=SignBox(Label.UNIT_HEAD, Label.SIGN_AND_SEAL_NOTE),
            year=campaign.year,
            ref=self.ref,
        )


def build_checklist(campaign: Campaign, unit: Unit) -> ChecklistView:
    """Compute every printed line of ``unit``'s checklist from ``campaign``."""
    return ChecklistBuilder(campaign).view(unit)


@dataclass(frozen=True)
class QuotaRow:
    """One unit on the quota page: the unit, its file slug, its quota per apportioned metric."""

    unit: Unit
    slug: str
    quotas: list[int | None]


@dataclass(frozen=True)
class QuotaTableView:
    """Every unit's share of every apportioned metric, with the totals (or why it cannot be split)."""

    metrics: list[MetricQuotas]
    rows: list[QuotaRow]
    totals: list[int]
    error: str | None = None


def build_quota_table(campaign: Campaign) -> QuotaTableView:
    """The quota page of ``campaign``; a quota that cannot be computed is the view's ``error``."""
    try:
        metrics = list(campaign_quotas(campaign).values())
        error = None
    except QuotaError as exc:
        metrics, error = [], of_exception(exc)
    slugs = unit_slugs(campaign.units)
    rows = [QuotaRow(unit, slugs[unit.name], [m.quotas.get(unit.name) for m in metrics]) for unit in campaign.units]
    return QuotaTableView(metrics, rows, [sum(m.quotas.values()) for m in metrics], error)
