"""The launching dispatch (công văn phát động phong trào thi đua), as DOCX and PDF.

:func:`build_dispatch` turns a campaign into a :class:`DispatchView`: every line the dispatch
prints, already formatted the Decree 30 way. The DOCX template and the web preview both render
that one view, so the printed page and the preview cannot drift apart.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from app import outputs, vnformat
from app.blocks import Header, Signer, campaign_signer, distribution_list, issuer_header, punctuate
from app.campaign import Campaign
from app.dispatch_model import AddresseeLayout, HeadingNumbering, point_markers
from app.layout import PORTRAIT, TWIPS_PER_MM, Label, Size
from app.linebreak import cell_lines, one_line
from app.textmarkup import Run, parse_emphasis, plain_text

__all__ = [
    "Block", "DispatchView", "build_dispatch", "dispatch_filename", "dispatch_download_name",
    "render_dispatch", "TEMPLATE_PATH",
]

TEMPLATE_PATH = Path(__file__).resolve().parent.parent / "templates_docx" / "dispatch.docx"
# Twips between the margins of the portrait page: a table in the body spans it.
TEXT_WIDTH = math.ceil((PORTRAIT.width_mm - PORTRAIT.left_mm - PORTRAIT.right_mm) * TWIPS_PER_MM)


@dataclass(frozen=True)
class Block:
    """One body paragraph: ``heading`` (bold part title) or ``text`` (justified, indented); or a
    ``table`` of ``rows`` (a part's table, after its items), its columns sharing the text width."""

    kind: str
    runs: list[Run]
    rows: tuple[tuple[str, ...], ...] = ()

    @property
    def cell_width(self) -> int:
        """Twips of each column of a table: the portrait text width shared equally."""
        return TEXT_WIDTH // max(len(self.rows[0]), 1) if self.rows else TEXT_WIDTH

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)


@dataclass(frozen=True)
class DispatchView:
    """Everything the dispatch prints, formatted; the boxes (ô) are those of Decree 30."""

    header: Header                   # ô 1, ô 2
    number_symbol: str               # ô 3: Số: 21/CTĐ-VP
    subject: str                     # ô 5b: V/v …
    place_date: str                  # ô 4, italic
    addressees: list[str]            # ô 9a, each with its closing punctuation
    addressee_alone: bool            # "Kính gửi:" alone on its line, the addressees under it (B1)
    header_right: int                # twips: the header's right column (the left is header.width)
    body: list[Block]                # ô 6
    signer: Signer                   # ô 7a, 7b
    distribution: list[str]          # ô 9b items: "- Như trên;" … "- Lưu: VT, VP."

    @property
    def subject_lines(self) -> list[str]:
        """The subject's lines under the number (H7): as typed, else broken by :mod:`app.linebreak`
        (never one word alone on the last line)."""
        return cell_lines(self.subject, self.header.width, Size.SUBJECT)


def build_dispatch(campaign: Campaign) -> DispatchView:
    """Compute every printed line of the dispatch from ``campaign``."""
    d = campaign.dispatch
    resolve = campaign.resolve
    columns = d.header_columns()
    body: list[Block] = []

    def text_block(text: str, prefix: str = "") -> None:
        runs = parse_emphasis(resolve(text))
        if prefix:
            runs = [Run(prefix)] + runs
        body.append(Block("text", runs))

    for paragraph in d.opening:
        text_block(paragraph)
    number = 0  # only the parts whose heading is numbered count
    for part in d.parts:
        if part.heading:
            marker = ""
            if part.heading_numbering is not HeadingNumbering.none:
                number += 1
                marker = part.heading_numbering.marker(number)
            body.append(Block("heading", _bold([Run(marker)] + parse_emphasis(resolve(part.heading)))))
        for paragraph in part.paragraphs:
            text_block(paragraph)
        items = [(t.text, t.items) for t in campaign.targets] if part.targets else [(i.text, i.items) for i in part.items]
        for i, (text, subitems) in enumerate(items, start=1):
            text_block(text, part.item_numbering.marker(i))
            for sub, marker in zip(subitems, point_markers(subitems, part.subitem_numbering), strict=True):
                text_block(sub, marker)
        if part.table:
            rows = tuple(tuple(plain_text(resolve(cell)) for cell in row) for row in part.table_rows())
            body.append(Block("table", [], rows))
    if d.closing:
        text_block(d.closing)

    addressees = [resolve(a) for a in d.addressees]
    alone = len(addressees) > 1 and d.addressee_layout is AddresseeLayout.list
    if len(addressees) > 1:
        addressees = ["- " + a for a in punctuate(addressees, ".", ";")]
    else:
        addressees = punctuate(addressees, "." if d.addressee_full_stop else "", "")

    return DispatchView(
        header=issuer_header(campaign, columns),
        header_right=columns.right,
        number_symbol=vnformat.format_number_symbol(d.number, campaign.symbol),
        subject=f"{Label.SUBJECT_PREFIX} {resolve(d.subject)}",
        place_date=vnformat.format_place_date(campaign.issuer.place, d.date),
        addressees=addressees,
        addressee_alone=alone,
        body=body,
        signer=campaign_signer(campaign),
        distribution=distribution_list([resolve(x) for x in d.distribution], d.archive),
    )


def _bold(runs: list[Run]) -> list[Run]:
    """A heading's runs, all bold, neighbours of the same look joined (``I. Mục tiêu`` is one run)."""
    out: list[Run] = []
    for run in runs:
        if out and out[-1].italic == run.italic:
            out[-1] = Run(out[-1].text + run.text, bold=True, italic=run.italic)
        elif run.text:
            out.append(Run(run.text, bold=True, italic=run.italic))
    return out


def dispatch_filename(campaign: Campaign) -> str:
    """``cong-van-21.docx``: the file name under ``outputs/<campaign>/``."""
    return f"cong-van-{vnformat.format_doc_number(campaign.dispatch.number)}.docx"


def dispatch_download_name(campaign: Campaign, suffix: str = ".docx") -> str:
    """A Vietnamese name for downloads: ``Công văn 21-CTĐ-VP phát động phong trào thi đua 2023.docx``."""
    subject = one_line(campaign.resolve(campaign.dispatch.subject))
    safe = "".join(ch for ch in subject if ch not in '\\/:*?"<>|').strip()
    number = vnformat.format_doc_number(campaign.dispatch.number)
    return f"Công văn {number}-{campaign.symbol} {safe}"[:150] + suffix


def render_dispatch(campaign: Campaign, out_dir: str | os.PathLike[str], name: str, *, pdf: bool = False,
                    convert: Callable[[Path, Path], Path] | None = None) -> list[Path]:
    """Write ``out_dir/<name>/cong-van-<number>.docx`` (and its PDF when ``pdf``); return the paths.

    A file already made from the same campaign, template and code is reused (:mod:`app.outputs`).
    ``convert(docx, pdf)`` makes the PDF: by default one LibreOffice run; the web app passes its
    long-lived LibreOffice (:func:`app.pdf_service.convert_document`).
    """
    from app.docx_render import render_docx  # imported late: docxtpl is heavy to import

    target = Path(out_dir) / name / dispatch_filename(campaign)
    key = outputs.fingerprint(campaign, TEMPLATE_PATH)
    if not outputs.is_fresh(target, key):
        render_docx(TEMPLATE_PATH, build_dispatch(campaign), target)
        outputs.mark_fresh(target, key)
    paths = [target]
    if pdf:
        pdf_path = target.with_suffix(".pdf")
        if not outputs.is_fresh(pdf_path, key):
            if convert is None:
                from app.pdf import convert_to_pdf

                convert_to_pdf([target])
            else:
                convert(target, pdf_path)
            outputs.mark_fresh(pdf_path, key)
        paths.append(pdf_path)
    return paths
