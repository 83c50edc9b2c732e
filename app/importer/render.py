"""An imported dispatch printed back as text lines, the way vanthu lays a dispatch out, and the
measure of a round trip: the share of the original's lines found again exactly.

One line is one paragraph of vanthu's DOCX (header and signature cells one line each), with the
computed values evaluated, numbering written in each part's style and numbered again from 1,
addressees and distribution punctuated the Decree 30 way.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from app import vnformat
from app.blocks import punctuate
from app.importer.markers import marker_for
from app.importer.model import ImportedDispatch, Item
from app.layout import MOTTO, NATIONAL_NAME, Label
from app.textmarkup import TextError, plain_text, render_text

__all__ = ["render_lines", "RoundTrip", "compare_lines"]


def render_lines(doc: ImportedDispatch, *, markup: bool = False) -> list[str]:
    """The dispatch as vanthu would print it, one line per paragraph; emphasis kept as ``*…*``
    and ``**…**`` when ``markup``, dropped otherwise."""
    values = doc.values()

    def show(text: str) -> str:
        try:
            text = render_text(text, values)
        except TextError:
            pass  # already in the review list (a "[[" in the original): print it as it stands
        return text if markup else plain_text(text)

    lines: list[str] = []
    for body in (doc.parent_body, doc.issuing_body):
        if body:
            lines += [line.upper() for line in body.lines]
    lines += [NATIONAL_NAME, MOTTO]
    if doc.number:
        n = doc.number
        lines.append(vnformat.format_number_symbol(n.number, n.symbol) if n.number is not None
                     else f"{Label.NUMBER_PREFIX} /{n.symbol}")
    if doc.subject:
        lines += f"{Label.SUBJECT_PREFIX} {show(doc.subject)}".split("\n")
    if doc.place and doc.date:
        lines.append(vnformat.format_place_date(doc.place, doc.date))
    lines += _addressees([show(a) for a in doc.addressees], doc.addressees_below, doc.addressee_full_stop)
    lines += [show(p) for p in doc.opening]
    for number, part in enumerate(doc.parts, start=1):
        if part.heading:
            marker = marker_for(part.heading_style, number) if part.heading_style else ""
            lines.append(f"{marker} {show(part.heading)}".strip())
        lines += [show(p) for p in part.paragraphs]
        lines += _items(part.items, part.item_style, show)
        lines += [cell for row in part.table for cell in row if cell]
    lines += [show(p) for p in doc.closing]
    if doc.distribution or doc.archive:
        lines.append(Label.DISTRIBUTION)
        lines += ["- " + item for item in punctuate(doc.distribution, ";", ";")]
        if doc.archive:
            lines.append(f"- {Label.ARCHIVE}: {', '.join(doc.archive)}.")
    if doc.signer:
        lines += [f"{a.prefix} {a.of}".strip() for a in doc.signer.authorities]
        lines += [x for x in (doc.signer.title, doc.signer.name) if x]
    return lines


def _addressees(names: list[str], below: bool, full_stop: bool) -> list[str]:
    if len(names) == 1:
        return [f"{Label.ADDRESSEE} {punctuate(names, '.' if full_stop else '', '')[0]}"]
    lines = ["- " + a for a in punctuate(names, ".", ";")]
    if below:
        return [Label.ADDRESSEE] + lines
    if lines:
        lines[0] = f"{Label.ADDRESSEE} {lines[0]}"
    return lines


def _items(items: list[Item], style: str, show) -> list[str]:
    lines = []
    for number, item in enumerate(items, start=1):
        marker = marker_for(style, number)
        lines.append(f"{marker} {show(item.text)}".strip())
        lines += _items(item.sub_items, item.sub_style, show)
        lines += [show(p) for p in item.paragraphs]
    return lines


@dataclass
class RoundTrip:
    """How much of an original came back: ``kept`` of ``total`` non-blank lines, and the rest."""

    kept: int
    total: int
    missing: list[str] = field(default_factory=list)

    @property
    def share(self) -> float:
        return self.kept / self.total if self.total else 1.0


def _squash(text: str) -> str:
    return " ".join(text.split())


def compare_lines(original: list[str | None], rendered: list[str]) -> RoundTrip:
    """Count the original's lines found again exactly (spaces squashed, each rendered line used
    once). ``None`` in ``original`` marks a blank line. Consecutive original lines with no blank
    between them that a text file wrapped (two or three lines) count as kept when, joined, they
    make one rendered line."""
    pool = Counter(_squash(line) for line in rendered)
    lines = [None if line is None else _squash(line) or None for line in original]
    kept = total = 0
    missing: list[str] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        if line is None:
            index += 1
            continue
        width = next((w for w in (1, 2, 3) if index + w <= len(lines) and None not in lines[index:index + w]
                      and pool[" ".join(lines[index:index + w])] > 0), 0)
        if width:
            pool[" ".join(lines[index:index + width])] -= 1
            kept += width
        else:
            missing.append(line)
        total += max(width, 1)
        index += max(width, 1)
    return RoundTrip(kept, total, missing)
