"""The list annexed to a Tờ trình or a Quyết định (danh sách đề nghị khen thưởng), as a view.

One rule for both: the list is its own document (``templates_docx/award_list.docx``, A4 landscape
as the decree allows for an annex with a wide table, P1), headed like the checklist, with the
``(Kèm theo Tờ trình số 45/TTr-CTĐ ngày 05/12/2023 của …)`` line naming the document it belongs
to. Its table repeats its header row on every page and never splits a row; rows are grouped by
award form, each group with its count.
"""

from __future__ import annotations

from dataclasses import dataclass

from app import vnformat
from app.awards import AwardGroup, count_phrase
from app.blocks import Header, issuer_header
from app.campaign import Campaign
from app.layout import AWARD_LIST_COLUMNS, CHECKLIST_HEADER
from app.linebreak import one_line

__all__ = ["ListRow", "ListGroup", "AwardListView", "build_award_list", "SUBMISSION_LIST_TITLE",
           "DECISION_LIST_TITLE"]

SUBMISSION_LIST_TITLE = "DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG"
DECISION_LIST_TITLE = "DANH SÁCH TẬP THỂ, CÁ NHÂN ĐƯỢC KHEN THƯỞNG"


@dataclass(frozen=True)
class ListRow:
    """One collective or person: STT · name · position and unit · award · summary."""

    number: str
    name: str
    position_unit: str
    award: str
    summary: str


@dataclass(frozen=True)
class ListGroup:
    """One award form: ``I. Cờ thi đua của …: 01 tập thể`` over its rows."""

    heading: str
    rows: list[ListRow]


@dataclass(frozen=True)
class AwardListView:
    """Everything the annexed list prints."""

    header: Header
    title: str           # DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG
    subtitle: str        # Phong trào thi đua năm 2023
    reference: str       # (Kèm theo Tờ trình số 45/TTr-CTĐ ngày 05/12/2023 của …)
    columns: tuple[str, ...]
    groups: list[ListGroup]
    total: str           # Tổng cộng: 03 tập thể và 01 cá nhân.

    def count(self, award: str) -> int:
        """How many rows the list has under the award form named ``award``."""
        return sum(len(g.rows) for g in self.groups if g.rows and g.rows[0].award == award)


def build_award_list(campaign: Campaign, groups: list[AwardGroup], title: str, reference: str) -> AwardListView:
    """The list of ``groups`` under ``title``, annexed to the document ``reference`` names."""
    issuer = one_line(campaign.issuer.name)
    out = []
    for number, group in enumerate(groups, start=1):
        rows = [ListRow(str(i), c.name, c.position_unit(issuer), c.award.name, c.summary)
                for i, c in enumerate(group.candidates, start=1)]
        out.append(ListGroup(f"{vnformat.roman(number)}. {group.award.name}: "
                             f"{count_phrase(group.collectives, group.people)}", rows))
    collectives = sum(g.collectives for g in groups)
    people = sum(g.people for g in groups)
    return AwardListView(
        header=issuer_header(campaign, CHECKLIST_HEADER),
        title=title,
        subtitle=f"Phong trào thi đua năm {campaign.year}",
        reference=reference,
        columns=tuple(c.label for c in AWARD_LIST_COLUMNS),
        groups=out,
        total=f"Tổng cộng: {count_phrase(collectives, people)}.",
    )
