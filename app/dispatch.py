"""The launching dispatch (công văn phát động phong trào thi đua), as DOCX and PDF.

:func:`build_dispatch` turns a campaign into a :class:`DispatchView`: every line the dispatch
prints, already formatted the Decree 30 way. The DOCX template and the web preview both render
that one view, so the printed page and the preview cannot drift apart.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from app import vnformat
from app.campaign import Campaign
from app.textmarkup import Run, parse_emphasis

__all__ = [
    "NATIONAL_NAME", "MOTTO", "Block", "DispatchView", "build_dispatch",
    "dispatch_filename", "dispatch_download_name", "render_dispatch", "TEMPLATE_PATH",
]

NATIONAL_NAME = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
TEMPLATE_PATH = Path(__file__).resolve().parent.parent / "templates_docx" / "dispatch.docx"


@dataclass(frozen=True)
class Block:
    """One body paragraph: ``heading`` (bold part title) or ``text`` (justified, indented)."""

    kind: str
    runs: list[Run]

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)


@dataclass
class DispatchView:
    """Everything the dispatch prints, formatted; the boxes (ô) are those of Decree 30."""

    parent_body: str | None          # ô 2, upper line, not bold
    issuing_body: str                # ô 2, bold
    number_symbol: str               # ô 3: Số: 21/CTĐ-VP
    subject: str                     # ô 5b: V/v …
    place_date: str                  # ô 4, italic
    addressees: list[str]            # ô 9a, each with its closing punctuation
    body: list[Block]                # ô 6
    authority_line: str              # ô 7a: KT. CHỦ TỊCH
    title_line: str | None           # ô 7a: PHÓ CHỦ TỊCH
    signer_name: str                 # ô 7b
    distribution: list[str]          # ô 9b items: "- Như trên;" … "- Lưu: VT, VP."
    national_name: str = NATIONAL_NAME
    motto: str = MOTTO


def _punctuate(items: list[str], last: str, other: str) -> list[str]:
    """End every item with ``other`` and the last with ``last``, replacing any end mark typed."""
    out = []
    for i, item in enumerate(items):
        stripped = item.rstrip().rstrip(";.,")
        out.append(stripped + (last if i == len(items) - 1 else other))
    return out


def build_dispatch(campaign: Campaign) -> DispatchView:
    """Compute every printed line of the dispatch from ``campaign``."""
    d = campaign.dispatch
    resolve = campaign.resolve
    body: list[Block] = []

    def text_block(text: str, prefix: str = "") -> None:
        runs = parse_emphasis(resolve(text))
        if prefix:
            runs = [Run(prefix)] + runs
        body.append(Block("text", runs))

    for paragraph in d.opening:
        text_block(paragraph)
    parts = [
        (d.headings.objectives, campaign.objectives, "- "),
        (d.headings.targets, [t.text for t in campaign.targets], None),
        (d.headings.contents, campaign.contents, None),
        (d.headings.assignments, campaign.assignments, None),
    ]
    number = 0
    for heading, items, bullet in parts:
        if not items:
            continue
        number += 1
        body.append(Block("heading", [Run(f"{vnformat.roman(number)}. {heading}", bold=True)]))
        for i, item in enumerate(items, start=1):
            text_block(item, bullet if bullet else f"{i}. ")
    if d.closing:
        text_block(d.closing)

    addressees = [resolve(a) for a in d.addressees]
    if len(addressees) > 1:
        addressees = ["- " + a for a in _punctuate(addressees, ".", ";")]
    else:
        addressees = _punctuate(addressees, ".", ".")
    distribution = ["- " + item for item in _punctuate([resolve(x) for x in d.distribution], ";", ";")]
    distribution.append(f"- Lưu: {', '.join(d.archive)}.")

    return DispatchView(
        parent_body=campaign.issuer.parent.upper() if campaign.issuer.parent else None,
        issuing_body=campaign.issuer.name.upper(),
        number_symbol=vnformat.format_number_symbol(d.number, campaign.symbol),
        subject=f"V/v {resolve(d.subject)}",
        place_date=vnformat.format_place_date(campaign.issuer.place, d.date),
        addressees=addressees,
        body=body,
        authority_line=campaign.signer.authority_line,
        title_line=campaign.signer.title_line,
        signer_name=campaign.signer.name,
        distribution=distribution,
    )


def dispatch_filename(campaign: Campaign) -> str:
    """``cong-van-21.docx``: the file name under ``outputs/<campaign>/``."""
    return f"cong-van-{vnformat.format_doc_number(campaign.dispatch.number)}.docx"


def dispatch_download_name(campaign: Campaign, suffix: str = ".docx") -> str:
    """A Vietnamese name for downloads: ``Công văn 21-CTĐ-VP phát động phong trào thi đua 2023.docx``."""
    subject = campaign.resolve(campaign.dispatch.subject)
    safe = "".join(ch for ch in subject if ch not in '\\/:*?"<>|').strip()
    number = vnformat.format_doc_number(campaign.dispatch.number)
    return f"Công văn {number}-{campaign.symbol} {safe}"[:150] + suffix


def render_dispatch(campaign: Campaign, out_dir: str | os.PathLike[str], name: str, *, pdf: bool = False) -> list[Path]:
    """Write ``out_dir/<name>/cong-van-<number>.docx`` (and its PDF when ``pdf``); return the paths."""
    from app.docx_render import render_docx  # imported late: docxtpl is heavy to import

    target = Path(out_dir) / name / dispatch_filename(campaign)
    view = build_dispatch(campaign)
    render_docx(TEMPLATE_PATH, view, target)
    paths = [target]
    if pdf:
        from app.pdf import convert_to_pdf

        paths += convert_to_pdf([target])
    return paths
