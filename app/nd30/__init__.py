"""Decree 30 lint: check a DOCX against the layout rules of Nghị định 30/2020/NĐ-CP.

``check_docx(path)`` opens any DOCX (ours or a clerk's) with python-docx and returns one
:class:`Finding` per broken rule, each tagged with the row id of ``docs/nd30.md`` (P1 … S3). An
empty list means every rule it knows holds. The rows are checked in their own modules: page
(P1–P4), header (H1–H7), named (H8, B2, B6), body (B1, B3–B5), signature (S1–S3); ``parts`` finds
where each element is, ``model`` and ``styles`` read the document.
"""

from __future__ import annotations

import os

from docx import Document

from .body import check_addressees, check_line_breaks, check_structure, check_text
from .header import check_header
from .model import Finding, Reading, RunStyle, effective, iter_paragraphs
from .named import check_articles, check_grounds, check_title
from .page import check_fonts, check_page, check_page_numbers
from .parts import find_parts
from .signature import check_distribution, check_signatures

__all__ = ["Finding", "check_docx", "effective", "RunStyle", "iter_paragraphs"]


def check_docx(path: str | os.PathLike[str]) -> list[Finding]:
    """Check the DOCX at ``path`` against Decree 30's layout rules; ``[]`` when all hold.

    A công văn gets every row; a named document (Tờ trình, Quyết định, Báo cáo …) every row but the
    công văn's own; a form without number or addressees (a checklist, a scoreboard, an annexed
    list) the rows that apply to it: page, fonts, page numbers, header, line breaks, signature.
    """
    reading = Reading(Document(str(path)))
    parts = find_parts(reading)
    check_page(reading)
    check_fonts(reading)
    check_page_numbers(reading)
    check_header(reading, parts)
    check_title(reading, parts)
    check_addressees(reading, parts)
    check_grounds(reading, parts)
    check_text(reading, parts)
    check_structure(reading, parts)
    check_line_breaks(reading)
    check_articles(reading, parts)
    check_signatures(reading)
    check_distribution(reading, parts)
    return reading.findings
