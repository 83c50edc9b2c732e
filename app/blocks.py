"""View blocks that several documents share: the header (ô 1, ô 2), the signer (ô 7) and a form's
signature boxes, the distribution list (ô 9b).

Each document's view (:class:`app.dispatch.DispatchView`, :class:`app.checklist.ChecklistView`,
the award documents next) is built from these, and each template draws them with the shared
template blocks of ``templates_docx/blocks.py``.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.campaign import Campaign
from app.layout import DISPATCH_HEADER, MOTTO, NATIONAL_NAME, Columns, Label, Size
from app.linebreak import cell_lines

__all__ = [
    "Header", "Signer", "SignBox", "TitleBlock", "issuer_header", "campaign_signer", "punctuate", "distribution_list",
]


@dataclass(frozen=True)
class Header:
    """ô 1 and ô 2 of page 1: national name and motto (right), parent and issuing body (left).

    The names are printed on the lines of ``parent_lines`` and ``issuing_lines``: the breaks typed
    in them, else those :mod:`app.linebreak` chooses for the left cell, ``width`` twips wide.
    """

    parent_body: str | None  # H3, capitals, not bold
    issuing_body: str        # H4, capitals, bold
    national_name: str = NATIONAL_NAME
    motto: str = MOTTO
    width: int = DISPATCH_HEADER.left

    @property
    def parent_lines(self) -> list[str]:
        return cell_lines(self.parent_body, self.width, Size.BODY_NAME) if self.parent_body else []

    @property
    def issuing_lines(self) -> list[str]:
        return cell_lines(self.issuing_body, self.width, Size.BODY_NAME, bold=True)


@dataclass(frozen=True)
class Signer:
    """ô 7a and 7b: the authority lines (``KT. CHỦ TỊCH`` / ``PHÓ CHỦ TỊCH``, or ``TM. ỦY BAN NHÂN
    DÂN`` over them) in capitals over the signer's name (S1, S2)."""

    lines: tuple[str, ...]
    name: str

    @property
    def authority_line(self) -> str:
        return self.lines[0]

    @property
    def title_line(self) -> str | None:
        return self.lines[-1] if len(self.lines) > 1 else None


@dataclass(frozen=True)
class SignBox:
    """A form's signature box, filled in by hand: ``NGƯỜI LẬP BIỂU`` over ``(Ký, ghi rõ họ tên)``."""

    title: str
    note: str
    name: str = ""  # printed under the room to sign, when known (a person signing their report)


@dataclass(frozen=True)
class TitleBlock:
    """ô 5a of a named document (nd30 H8): ``TỜ TRÌNH`` over ``Về việc …``, both bold and centred,
    a short line under the subject."""

    type_name: str
    subject: str


def issuer_header(campaign: Campaign, columns: Columns = DISPATCH_HEADER) -> Header:
    """The header block of any document the campaign's issuing body sends, in a header table of
    ``columns`` (a landscape form's is wider)."""
    issuer = campaign.issuer
    return Header(parent_body=issuer.parent.upper() if issuer.parent else None, issuing_body=issuer.name.upper(),
                  width=columns.left)


def campaign_signer(campaign: Campaign) -> Signer:
    """The campaign's signer as the signature block prints it."""
    signer = campaign.signer
    return Signer(tuple(signer.authority_lines), signer.name)


def punctuate(items: list[str], last: str, other: str) -> list[str]:
    """End every item with ``other`` and the last with ``last``, replacing any end mark typed."""
    out = []
    for i, item in enumerate(items):
        stripped = item.rstrip().rstrip(";.,")
        out.append(stripped + (last if i == len(items) - 1 else other))
    return out


def distribution_list(items: list[str], archive: list[str]) -> list[str]:
    """ô 9b items (S3): ``- Như trên;`` … each ending ``;``, then ``- Lưu: VT, VP.``."""
    lines = ["- " + item for item in punctuate(items, ";", ";")]
    lines.append(f"- {Label.ARCHIVE}: {', '.join(archive)}.")
    return lines
