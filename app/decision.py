"""The Quyết định khen thưởng: the office gives its own awards (award forms without a ``body``).

:func:`build_decision` makes the :class:`DecisionView`: numbered in the ``QĐ-`` series from
``scoring.decision``, titled (nd30 H8), then the deciding authority in capitals (B6: the signer's
head title and the issuer's name, ``CHỦ TỊCH HỘI CHỮ THẬP ĐỎ TỈNH LÀO CAI``), the grounds (B2),
``QUYẾT ĐỊNH:`` and three articles, the last saying who carries it out; the list of the
collectives and people awarded is annexed (:mod:`app.award_list`, with this decision's reference).
"""

from __future__ import annotations

from dataclasses import dataclass

from app.awards import (
    AwardGroup,
    DocNumber,
    NominationsError,
    award_groups,
    count_phrase,
    document_basis,
    numbered_head,
)
from app.blocks import Header, Signer, TitleBlock, campaign_signer, distribution_list
from app.campaign import Campaign
from app.dispatch import Block
from app.layout import DECISION, Label
from app.linebreak import one_line
from app.messages import msg
from app.records import Nominees
from app.scoring import Scoreboard
from app.textmarkup import Run

__all__ = ["DecisionView", "build_decision", "decision_number", "EXECUTING_ARTICLE"]

EXECUTING_ARTICLE = 3  # the article naming who carries the decision out (Nơi nhận: "- Như Điều 3;")


@dataclass(frozen=True)
class DecisionView:
    """Everything the Quyết định prints, formatted."""

    header: Header              # ô 1, ô 2
    number: DocNumber
    number_symbol: str          # ô 3: Số: 120/QĐ-CTĐ
    place_date: str             # ô 4
    title: TitleBlock           # ô 5a: QUYẾT ĐỊNH / Về việc khen thưởng …
    authority: str              # B6: CHỦ TỊCH HỘI CHỮ THẬP ĐỎ TỈNH LÀO CAI
    basis: list[str]            # B2: Căn cứ …; … Xét ….
    decides: str                # B6: QUYẾT ĐỊNH:
    articles: list[Block]       # Điều 1. … (the article's number bold)
    groups: list[AwardGroup]    # what the annexed list holds
    signer: Signer              # ô 7
    distribution: list[str]     # ô 9b: - Như Điều 3; … - Lưu: VT, VP.


def decision_number(campaign: Campaign, scoreboard: Scoreboard) -> DocNumber:
    """``120/QĐ-CTĐ`` from ``scoring.decision``."""
    ref = scoreboard.scoring.decision
    if ref is None:
        raise NominationsError(msg("chưa có số, ngày của Quyết định khen thưởng: thêm scoring.decision "
                               "(number, date) vào tệp chiến dịch"))
    return DocNumber(DECISION.name, ref.number, ref.date, f"{DECISION.abbreviation}-{campaign.issuer.abbreviation}")


def build_decision(campaign: Campaign, scoreboard: Scoreboard, nominees: Nominees) -> DecisionView:
    """The decision giving the office's own awards to the candidates put forward for them."""
    number = decision_number(campaign, scoreboard)
    groups = award_groups(campaign, scoreboard, nominees, None)
    issuer = one_line(campaign.issuer.name)
    year = campaign.year
    signer = campaign.signer
    gifts = "; tặng ".join(f"{g.award.name} cho {count_phrase(g.collectives, g.people)}" for g in groups)
    articles = [
        f"Tặng {gifts} có thành tích xuất sắc trong phong trào thi đua năm {year} (có danh sách kèm theo).",
        "Quyết định này có hiệu lực kể từ ngày ký.",
        f"Các ban chuyên môn, đơn vị thuộc {issuer} và các tập thể, cá nhân có tên tại Điều 1 chịu trách "
        "nhiệm thi hành Quyết định này./.",
    ]
    return DecisionView(
        **numbered_head(campaign, number, f"Về việc khen thưởng thành tích phong trào thi đua năm {year}"),
        authority=f"{(signer.head_title or signer.title).upper()} {issuer.upper()}",
        basis=document_basis(campaign, number.date, f"kết quả chấm điểm thi đua năm {year} của các đơn vị"),
        decides=Label.DECIDES,
        articles=[Block("text", [Run(Label.ARTICLE.format(number=i) + " ", bold=True), Run(text)])
                  for i, text in enumerate(articles, start=1)],
        groups=groups,
        signer=campaign_signer(campaign),
        distribution=distribution_list([Label.AS_ARTICLE.format(number=EXECUTING_ARTICLE)], campaign.dispatch.archive),
    )
