"""What the award documents share: who is put forward for which award, their numbers, the law.

The Tờ trình (:mod:`app.submission`), the Quyết định (:mod:`app.decision`), the annexed list
(:mod:`app.award_list`) and the achievement reports (:mod:`app.achievement`) all start from the
same :class:`Candidate` list: the units the scoreboard puts forward (its ``award``: the office's
override, else the rules' proposal) and the people of the nominees file. A nominee entry of kind
``collective`` whose name is a unit's adds its details (summary, past awards) to that unit.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from app import vnformat
from app.blocks import TitleBlock, issuer_header, punctuate
from app.campaign import Campaign
from app.layout import Label
from app.linebreak import one_line
from app.messages import msg
from app.records import Nominee, Nominees, PastAward
from app.scoring import Scoreboard, UnitScore
from app.scoring_rules import AwardForm

__all__ = [
    "NominationsError", "award_law_basis", "DocNumber", "Candidate", "AwardGroup", "collect_candidates",
    "group_by_award", "count_phrase", "basis_lines", "points", "dispatch_reference", "award_groups", "document_basis",
    "numbered_head",
]


class NominationsError(ValueError):
    """The award documents cannot be made from this campaign (no rules, no number, unknown award)."""


# --- the law in force -----------------------------------------------------------------------
# Each row: the day it takes effect, the law, its implementing decree. The Law of 2022 and
# Decree 98/2023 replaced the Law of 2003 (amended 2005, 2013) and Decree 91/2017 on 1 January
# 2024; Decree 152/2025 replaced Decree 98/2023 on 1 July 2025.
_LAW_2003 = ("Luật Thi đua, khen thưởng ngày 26 tháng 11 năm 2003; Luật sửa đổi, bổ sung một số điều của "
             "Luật Thi đua, khen thưởng ngày 14 tháng 6 năm 2005 và ngày 16 tháng 11 năm 2013")
_LAW_2022 = "Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022"
_REGIMES = (
    (dt.date(2017, 9, 15), _LAW_2003,
     "Nghị định số 91/2017/NĐ-CP ngày 31 tháng 7 năm 2017 của Chính phủ quy định chi tiết thi hành một số "
     "điều của Luật Thi đua, khen thưởng"),
    (dt.date(2024, 1, 1), _LAW_2022,
     "Nghị định số 98/2023/NĐ-CP ngày 31 tháng 12 năm 2023 của Chính phủ quy định chi tiết thi hành một số "
     "điều của Luật Thi đua, khen thưởng"),
    (dt.date(2025, 7, 1), _LAW_2022,
     "Nghị định số 152/2025/NĐ-CP của Chính phủ quy định chi tiết một số điều của Luật Thi đua, khen thưởng"),
)


def award_law_basis(on: dt.date) -> tuple[str, str]:
    """The Law on Emulation and Commendation and its decree in force on ``on``, as a document
    dated that day cites them (``Căn cứ …`` without the lead words). Before the oldest row the
    oldest applies."""
    _start, law, decree = next((r for r in reversed(_REGIMES) if on >= r[0]), _REGIMES[0])
    return law, decree


def basis_lines(grounds: list[str], *, last_lead: str = Label.BASIS) -> list[str]:
    """B2: ``Căn cứ …;`` one a line, the last ending ``.``; the last ground may lead with another
    word (``Xét …``)."""
    if not grounds:
        return []
    return punctuate([f"{Label.BASIS} {g}" for g in grounds[:-1]] + [f"{last_lead} {grounds[-1]}"], ".", ";")


def points(value: float) -> str:
    """A score the Vietnamese way: ``86.43`` → ``86,43``, ``105.0`` → ``105``."""
    return vnformat.format_number(round(value, 2))


def dispatch_reference(campaign: Campaign) -> str:
    """``Công văn số 21/CTĐ-VP ngày 10/02/2023 của … về việc phát động phong trào thi đua năm 2023``."""
    d = campaign.dispatch
    number = vnformat.format_number_symbol(d.number, campaign.symbol).removeprefix(f"{Label.NUMBER_PREFIX} ")
    return (f"Công văn số {number} ngày {vnformat.format_short_date(d.date)} của {one_line(campaign.issuer.name)} "
            f"về việc {one_line(campaign.resolve(d.subject))}")


@dataclass(frozen=True)
class DocNumber:
    """A numbered named document: ``Số: 45/TTr-CTĐ`` and its date (nd30 H5: type, then issuer)."""

    type_name: str   # "TỜ TRÌNH"
    number: int
    date: dt.date
    symbol: str      # "TTr-CTĐ"

    @property
    def short(self) -> str:
        """``45/TTr-CTĐ``."""
        return self.number_symbol.removeprefix(f"{Label.NUMBER_PREFIX} ")

    @property
    def number_symbol(self) -> str:
        """``Số: 45/TTr-CTĐ``."""
        return vnformat.format_number_symbol(self.number, self.symbol)

    def reference(self, issuer: str) -> str:
        """``(Kèm theo Tờ trình số 45/TTr-CTĐ ngày 05/12/2023 của Hội Chữ thập đỏ tỉnh Lào Cai)``."""
        return Label.ANNEX_REFERENCE.format(document=self.type_name.capitalize(), number=self.short,
                                            date=vnformat.format_short_date(self.date), issuer=issuer)


def numbered_head(campaign: Campaign, number: DocNumber, subject: str) -> dict[str, Any]:
    """What a numbered named document prints above its text: the issuer's header (ô 1, 2), its
    number (ô 3), place and date (ô 4) and title block (ô 5a: type name and ``subject``)."""
    return dict(header=issuer_header(campaign), number=number, number_symbol=number.number_symbol,
                place_date=vnformat.format_place_date(campaign.issuer.place, number.date),
                title=TitleBlock(number.type_name, subject))


@dataclass(frozen=True)
class Candidate:
    """A collective or a person put forward for ``award``; ``score`` is the unit's scoreboard row
    (a collective's own, or a person's unit's when it is a scored unit)."""

    collective: bool
    name: str
    award: AwardForm
    score: UnitScore | None = None
    nominee: Nominee | None = None
    ranked: int = 0  # how many units the scoreboard ranks

    @property
    def past_awards(self) -> list[PastAward]:
        return list(self.nominee.past_awards) if self.nominee else []

    @property
    def summary(self) -> str:
        """What the annexed list prints: the scored results, then the nominee's own summary."""
        parts = []
        if self.collective and self.score is not None:
            row = self.score
            done = sum(1 for line in row.lines if line.score >= line.max)
            parts.append(f"Đạt {points(row.total)} điểm thi đua, xếp thứ {row.rank}/{self.ranked}; "
                         f"hoàn thành {done}/{len(row.lines)} chỉ tiêu")
        if self.nominee and self.nominee.summary:
            parts.append(self.nominee.summary)
        return " ".join(punctuate(parts, ".", ";"))

    def position_unit(self, issuer: str) -> str:
        """``Chủ tịch, Hội Chữ thập đỏ huyện Bát Xát`` for a person; whom a collective reports to."""
        if self.collective:
            parent = self.score.unit.parent if self.score and self.score.unit.parent else issuer
            return f"Trực thuộc {parent}"
        nominee = self.nominee
        return ", ".join(x for x in (nominee.position, nominee.unit) if x) if nominee else ""


@dataclass(frozen=True)
class AwardGroup:
    """The candidates of one award form, collectives first, and how many of each."""

    award: AwardForm
    candidates: list[Candidate]
    collectives: int = 0
    people: int = 0

    @classmethod
    def of(cls, award: AwardForm, candidates: list[Candidate]) -> AwardGroup:
        collectives = sum(1 for c in candidates if c.collective)
        return cls(award, candidates, collectives, len(candidates) - collectives)


def collect_candidates(campaign: Campaign, scoreboard: Scoreboard, nominees: Nominees) -> list[Candidate]:
    """Every collective and person put forward, in the order of the award forms, collectives (best
    first) before people (in the file's order). Raises :class:`NominationsError` for a nominee
    whose award is not one of ``scoring.awards``."""
    scoring = scoreboard.scoring
    forms = {a.id: a for a in scoring.awards}
    rows = {row.unit.name: row for row in scoreboard.rows}
    details = {n.name: n for n in nominees.people if n.kind == "collective"}
    found: list[Candidate] = []
    for row in scoreboard.rows:
        if row.award in forms:
            found.append(Candidate(True, row.unit.name, forms[row.award], row, details.pop(row.unit.name, None),
                                   len(rows)))
    short = {row.unit.short_name: row for row in scoreboard.rows}
    for index, nominee in enumerate(nominees.people):
        if nominee.kind == "collective" and nominee.name not in details:
            continue  # merged into its unit above
        if nominee.award not in forms:
            raise NominationsError(msg("nominees.yaml: people[{index}].award: không có hình thức khen thưởng "
                                   "'{award}' (có: {forms})", index=index, award=nominee.award, forms=', '.join(forms) or 'chưa có'))
        unit = rows.get(nominee.name) if nominee.kind == "collective" else \
            rows.get(nominee.unit or "") or short.get(nominee.unit or "")
        found.append(Candidate(nominee.kind == "collective", nominee.name, forms[nominee.award], unit, nominee,
                               len(rows)))
    order = {a.id: i for i, a in enumerate(scoring.awards)}
    return sorted(found, key=lambda c: (order[c.award.id], not c.collective))


def group_by_award(candidates: list[Candidate]) -> list[AwardGroup]:
    """The candidates by award form, in the order they come (:func:`collect_candidates`'s)."""
    groups: dict[str, list[Candidate]] = {}
    for candidate in candidates:
        groups.setdefault(candidate.award.id, []).append(candidate)
    return [AwardGroup.of(members[0].award, members) for members in groups.values()]


def award_groups(campaign: Campaign, scoreboard: Scoreboard, nominees: Nominees, body: str | None) -> list[AwardGroup]:
    """The candidates for the award forms ``body`` gives (``None``: the office's own), by form."""
    return group_by_award([c for c in collect_candidates(campaign, scoreboard, nominees) if c.award.body == body])


def document_basis(campaign: Campaign, on: dt.date, *also: str) -> list[str]:
    """A named document's grounds (B2): the law and decree in force ``on`` its date, the dispatch
    that launched the movement, then ``also`` (the last of them leads with ``Xét``)."""
    law, decree = award_law_basis(on)
    return basis_lines([law, decree, dispatch_reference(campaign), *also], last_lead="Xét" if also else Label.BASIS)


def count_phrase(collectives: int, people: int) -> str:
    """``03 tập thể và 01 cá nhân`` (two digits below 10, as numbers are written in such lists)."""
    parts = [f"{vnformat.format_doc_number(n)} {what}" for n, what in ((collectives, "tập thể"), (people, "cá nhân"))
             if n]
    return " và ".join(parts)
