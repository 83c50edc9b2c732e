"""Where each element of a document is: the number, date and subject of its header, a named
document's title block, the addressees, the legal grounds, a decision's authority line, the body
text and the signature blocks. The row checks read the parts found here.

A document is one of three kinds, told from its text: a **công văn** has a ``V/v`` subject and no
type name; a **named document** has a type name of Phụ lục III as its title (``TỜ TRÌNH``,
``QUYẾT ĐỊNH``, ``BÁO CÁO …``), numbered (``Số: …``) or not; a **form** has neither (a checklist,
a scoreboard, a list annexed to a document).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from app.layout import MOTTO, NAMED_TYPES, NATIONAL_NAME, Label

from .header import is_date_line
from .model import Para, Reading

__all__ = ["Parts", "find_parts", "AUTHORITY", "GROUNDS", "NOTE"]

AUTHORITY = re.compile(r"^(KT|TM|TL|TUQ|Q)\s*\.")   # S1: a signing authority's prefix
GROUNDS = (Label.BASIS + " ", "Xét ", "Theo đề nghị")  # B2: how a legal ground starts
NOTE = re.compile(r"^\(Ký\b")                      # a signature box's "(Ký, ghi rõ họ tên)"


@dataclass
class Parts:
    number: Para | None = None        # H5
    date: Para | None = None          # H6
    subject: Para | None = None       # H7: "V/v …"
    title: Para | None = None         # H8: the type name
    type_name: str | None = None
    title_subject: Para | None = None  # H8: the subject under the type name
    annexed: bool = False             # a list annexed to a dated document: "(Kèm theo … số … ngày …)"
    greeting: Para | None = None      # B1: "Kính gửi:"
    addressees: list[Para] = field(default_factory=list)  # B1: the further addressees' lines
    grounds: list[Para] = field(default_factory=list)     # B2
    authority: Para | None = None     # B6: the deciding authority's line
    decides: Para | None = None       # B6: "QUYẾT ĐỊNH:"
    body: list[Para] = field(default_factory=list)        # B3, B4: the text, outside tables

    @property
    def cong_van(self) -> bool:
        return self.subject is not None and self.title is None

    @property
    def named(self) -> bool:
        return self.title is not None


def find_parts(r: Reading) -> Parts:
    parts = Parts()
    parts.number = r.find(lambda t: t.startswith("Số") and len(t) < 60)
    parts.date = r.find(is_date_line)
    parts.subject = r.find(lambda t: t.startswith(Label.SUBJECT_PREFIX + " "))
    _title(r, parts)
    parts.annexed = parts.title is None and parts.subject is None and any(
        p.text.startswith("(Kèm theo ") for p in r.paras)
    _addressees(r, parts)
    _body(r, parts)
    return parts


def _header_line(r: Reading, para: Para) -> bool:
    text = " ".join(para.text.split()).upper()
    return (text in (NATIONAL_NAME, MOTTO.upper()) or para.text.startswith(("Số", Label.SUBJECT_PREFIX))
            or is_date_line(para.text) or r.is_rule(para))


def _title(r: Reading, parts: Parts) -> None:
    """H8: the first paragraph outside the header table, when it is (or starts with) a type name."""
    first = next((p for p in r.paras if p.table is None and p.text and not _header_line(r, p)), None)
    if first is None:
        return
    text = " ".join(first.text.split()).upper()
    type_name = next((n for n in NAMED_TYPES if text == n or text.startswith(n + " ")), None)
    if type_name is not None:
        parts.title, parts.type_name = first, type_name
        parts.title_subject = r.next_text(first)


def _addressees(r: Reading, parts: Parts) -> None:
    """B1: ``Kính gửi:`` and, when the first addressee starts with ``-``, the lines of the others
    (each starts with ``-``, and they are not justified text)."""
    start = parts.title.index if parts.title is not None else 0
    parts.greeting = r.find(lambda t: t.startswith(Label.ADDRESSEE.rstrip(":")), start)
    if parts.greeting is None:
        return
    first = parts.greeting.text[len(Label.ADDRESSEE.rstrip(":")):].lstrip(": \t")
    if first and not first.startswith("-"):  # none: "Kính gửi:" alone, the addressees under it
        return
    for para in r.siblings(parts.greeting):
        if para.index <= parts.greeting.index or not para.text:
            continue
        if not para.text.startswith("-") or r.fmt(para).align in ("both", "distribute"):
            break
        parts.addressees.append(para)


def _body(r: Reading, parts: Parts) -> None:
    """B2–B6: the paragraphs of text outside tables, after the addressees (a công văn) or the title
    block (a named document), before the signature; a form has none."""
    if parts.greeting is not None:
        start = (parts.addressees or [parts.greeting])[-1].index + 1
    elif parts.title is not None:
        start = (parts.title_subject or parts.title).index + 1
    else:
        return
    candidates = []
    for para in r.paras[start:]:
        if para.text.startswith(Label.DISTRIBUTION.rstrip(":")) or AUTHORITY.match(para.text) or \
                NOTE.match(para.text):
            break
        if para.table is None and para.text:
            candidates.append(para)
    preamble = []
    while candidates and r.fmt(candidates[0]).align == "center":
        preamble.append(candidates.pop(0))  # under the title: a nominee's name, a decision's authority
    if parts.named:
        first = next((i for i, p in enumerate(candidates[:2]) if p.text.startswith(GROUNDS)), None)
        if first is not None:
            for para in candidates[first:]:
                if not para.text.startswith(GROUNDS):
                    break
                parts.grounds.append(para)
        parts.decides = next((p for p in candidates if p.text.upper() == Label.DECIDES), None)
        if parts.decides is not None:
            before = candidates[first - 1] if first else (preamble[-1] if preamble else None)
            parts.authority = before
    parts.body = [p for p in candidates if p is not parts.decides and p is not parts.authority]
