"""The Tờ trình đề nghị khen thưởng: the office asks an awarding body for its awards, as a view.

:func:`build_submission` makes one :class:`SubmissionView` per awarding body (the ``body`` of an
award form, e.g. Trung ương Hội Chữ thập đỏ Việt Nam): a named document (nd30 H8) numbered in the
``TTr-`` series from ``scoring.submission``, addressed to that body, citing the law in force on its
date (B2), summing up the year's scoring, and asking for each of the body's award forms for as
many collectives and people as the annexed list (:mod:`app.award_list`) names.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.awards import (
    AwardGroup,
    DocNumber,
    NominationsError,
    award_groups,
    count_phrase,
    dispatch_reference,
    document_basis,
    numbered_head,
    points,
)
from app.blocks import Header, Signer, TitleBlock, campaign_signer, distribution_list
from app.campaign import Campaign
from app.dispatch import Block
from app.layout import SUBMISSION, Label
from app.linebreak import one_line
from app.messages import msg
from app.records import Nominees
from app.scoring import Scoreboard
from app.textmarkup import Run

__all__ = ["SubmissionView", "build_submission", "submission_bodies", "submission_number"]


@dataclass(frozen=True)
class SubmissionView:
    """Everything a Tờ trình prints, formatted; the boxes (ô) are those of Decree 30."""

    header: Header              # ô 1, ô 2
    number: DocNumber           # ô 3: Số: 45/TTr-CTĐ
    number_symbol: str
    place_date: str             # ô 4
    title: TitleBlock           # ô 5a: TỜ TRÌNH / Về việc đề nghị khen thưởng …
    addressee: str              # ô 9a, after "Kính gửi: "
    basis: list[str]            # Căn cứ …; (italic, B2)
    body: list[Block]           # ô 6: results, then the request
    groups: list[AwardGroup]    # what the annexed list holds
    signer: Signer              # ô 7
    distribution: list[str]     # ô 9b


def submission_bodies(scoreboard: Scoreboard) -> list[str]:
    """The awarding bodies of the award forms, each once, in the forms' order."""
    return list(dict.fromkeys(a.body for a in scoreboard.scoring.awards if a.body))


def submission_number(campaign: Campaign, scoreboard: Scoreboard, body: str) -> DocNumber:
    """``45/TTr-CTĐ`` for the first body, 46 for the second …: one series from ``scoring.submission``."""
    ref = scoreboard.scoring.submission
    if ref is None:
        raise NominationsError(msg("chưa có số, ngày của Tờ trình: thêm scoring.submission (number, date) "
                               "vào tệp chiến dịch"))
    bodies = submission_bodies(scoreboard)
    if body not in bodies:
        raise NominationsError(msg("không có hình thức khen thưởng nào của '{body}' (có: {bodies})", body=body, bodies=', '.join(bodies) or 'chưa có'))
    index = bodies.index(body)
    return DocNumber(SUBMISSION.name, ref.number + index, ref.date,
                     f"{SUBMISSION.abbreviation}-{campaign.issuer.abbreviation}")


def build_submission(campaign: Campaign, scoreboard: Scoreboard, nominees: Nominees, body: str) -> SubmissionView:
    """The Tờ trình asking ``body`` for its awards to the candidates the scoreboard and ``nominees`` name."""
    number = submission_number(campaign, scoreboard, body)
    groups = award_groups(campaign, scoreboard, nominees, body)
    issuer = one_line(campaign.issuer.name)
    year = campaign.year
    return SubmissionView(
        **numbered_head(campaign, number, f"Về việc đề nghị khen thưởng thành tích phong trào thi đua năm {year}"),
        addressee=f"{body}.",
        basis=document_basis(campaign, number.date),
        body=_results(campaign, scoreboard, [c.name for g in groups for c in g.candidates if c.collective])
        + _request(issuer, body, year, groups),
        groups=groups,
        signer=campaign_signer(campaign),
        distribution=distribution_list([Label.AS_ABOVE], campaign.dispatch.archive),
    )


def _text(text: str) -> Block:
    return Block("text", [Run(text)])


def _heading(text: str) -> Block:
    return Block("heading", [Run(text, bold=True)])


def _results(campaign: Campaign, scoreboard: Scoreboard, put_forward: list[str]) -> list[Block]:
    """I. The year's results, from the scoreboard: units scored, reported, the range of scores."""
    rows = scoreboard.rows
    blocks = [_heading(f"I. Kết quả phong trào thi đua năm {campaign.year}")]
    reported = sum(1 for row in rows if not row.missing)
    blocks.append(_text(f"Thực hiện {dispatch_reference(campaign)}, {len(rows)} đơn vị đã triển khai thực hiện "
                        f"{len(campaign.targets)} chỉ tiêu thi đua của năm; {reported}/{len(rows)} đơn vị "
                        f"báo cáo đầy đủ kết quả thực hiện các chỉ tiêu."))
    if rows:
        totals = [row.total for row in rows]
        best = [row.unit.short_name for row in rows if row.total == max(totals)]
        worst = [row.unit.short_name for row in rows if row.total == min(totals)]
        blocks.append(_text(
            f"Kết quả chấm điểm thi đua (thang điểm {points(scoreboard.scoring.total)}, gồm cả điểm thưởng và "
            f"điểm trừ): bình quân {points(sum(totals) / len(totals))} điểm; cao nhất {points(max(totals))} điểm "
            f"({', '.join(best)}); thấp nhất {points(min(totals))} điểm ({', '.join(worst)})."))
    by_name = {row.unit.name: row for row in rows}
    named = [by_name[n] for n in put_forward if n in by_name]
    if named:
        listed = "; ".join(f"{row.unit.name} ({points(row.total)} điểm, xếp thứ {row.rank}/{len(rows)})"
                           for row in named)
        blocks.append(_text(f"Các đơn vị dẫn đầu phong trào, được đề nghị khen thưởng: {listed}."))
    return blocks


def _request(issuer: str, body: str, year: int, groups: list[AwardGroup]) -> list[Block]:
    """II. The request: for each award form of ``body``, how many collectives and people."""
    blocks = [_heading("II. Đề nghị khen thưởng"),
              _text(f"Trên cơ sở kết quả phong trào thi đua năm {year}, {issuer} kính đề nghị {body} xem xét, "
                    "khen thưởng các tập thể, cá nhân có thành tích xuất sắc, cụ thể như sau:")]
    for i, group in enumerate(groups, start=1):
        end = "." if i == len(groups) else ";"
        blocks.append(_text(f"{i}. {group.award.name}: {count_phrase(group.collectives, group.people)}{end}"))
    blocks.append(_text(Label.LIST_ENCLOSED))
    blocks.append(_text(f"{issuer} kính trình {body} xem xét, quyết định./."))
    return blocks
