"""Rows B1, B3, B4, B5 of docs/nd30.md: the addressees, the text's layout, its structure, and no
manual line break in justified text."""

from __future__ import annotations

import re

from docx.oxml.ns import qn

from app.layout import Allowed, Label
from app.textwidth import TWIPS_PER_PT, text_width_pt

from .model import JUSTIFIED, Para, Reading
from .parts import Parts

__all__ = ["check_addressees", "check_text", "check_structure", "check_line_breaks"]

_ROMAN = re.compile(r"^([IVXLC]+)\.\s")
_LINE_HEIGHT = 1.15   # Times New Roman's single line, in ems
_ALIGN_SLACK = 60     # twips (about 1 mm): the addressees' dashes line up
DEFAULT_TAB = 720     # twips: Word's default tab stops every 1.27 cm


def check_addressees(r: Reading, parts: Parts) -> None:
    """B1: ``Kính gửi:`` 13–14 pt upright; the addressee on its line; several addressees one a line,
    each starting ``- `` and ending ``;``, the last ``.``, the dashes lined up."""
    greeting = parts.greeting
    if greeting is None:
        if parts.cong_van:
            r.fail("B1", "công văn không có “Kính gửi:”")
        return
    label = Label.ADDRESSEE.rstrip(":")
    first = greeting.text[len(label):]
    if not first.startswith(":"):
        r.fail("B1", "sau “Kính gửi” phải có dấu hai chấm")
    first = first.lstrip(": \t")
    # The decree's two layouts: one or the first addressee on the label's line, or (several
    # addressees) the label alone with every addressee on a line of its own under it.
    if not first and len(parts.addressees) < 2:
        r.fail("B1", "tên nơi nhận phải ở ngay trên dòng “Kính gửi:”")
        return
    lines = [greeting, *parts.addressees]
    for para in lines:
        if not r.expect("B1", "Kính gửi", para, Allowed.ADDRESSEE, False, False):
            break
    if first and not first.startswith("-"):
        return
    texts = ([first] if first else []) + [p.text for p in parts.addressees]
    for position, text in enumerate(texts):
        end = "." if position == len(texts) - 1 else ";"
        if not text.startswith("- "):
            r.fail("B1", f"nơi nhận “{text[:40]}” phải bắt đầu bằng '- '")
        elif not text.endswith(end) or re.search(r";\s*-\s", text):
            r.fail("B1", f"nơi nhận “{text[:40]}” phải ở một dòng riêng, kết thúc bằng '{end}'")
    if not first:  # the label alone: the addressees line up with the first of them
        head = r.fmt(parts.addressees[0])
        start = head.left + head.first_line
    else:
        start = _first_addressee_start(r, greeting)
    if start is None:
        return
    for para in parts.addressees:
        fmt = r.fmt(para)
        if abs(fmt.left + fmt.first_line - start) > _ALIGN_SLACK:
            r.fail("B1", f"nơi nhận “{para.text[:40]}” phải thẳng hàng với nơi nhận đầu tiên")
            break


def _first_addressee_start(r: Reading, greeting: Para) -> int | None:
    """Where the first addressee starts on the ``Kính gửi:`` line (twips from the margin), when it
    follows a tab in a left-aligned paragraph; None when it cannot be told without laying out."""
    fmt = r.fmt(greeting)
    runs = r.runs(greeting)
    text = "".join(t for t, _ in runs)
    if fmt.align != "left" or "\t" not in text:
        return None
    label = text[:text.index("\t")]
    size = next((s.size for t, s in runs if t.strip()), None) or Allowed.TEXT[1]
    reached = fmt.left + fmt.first_line + round(text_width_pt(label, size) * TWIPS_PER_PT)
    stops = sorted(set(fmt.tabs) | ({fmt.left} if fmt.first_line < 0 else set()))
    return next((s for s in stops if s > reached), (reached // DEFAULT_TAB + 1) * DEFAULT_TAB)


def check_text(r: Reading, parts: Parts) -> None:
    """B3: justified, first-line indent 1–1.27 cm, 6 pt between paragraphs, single to 1.5 lines,
    13–14 pt."""
    low, high = Allowed.FIRST_LINE_INDENT_CM
    for para in parts.body:
        text = para.text[:50]
        fmt = r.fmt(para)
        if fmt.align not in JUSTIFIED:
            r.fail("B3", f"đoạn “{text}” phải căn đều hai bên")
        if not low - 0.05 <= fmt.first_line / 567 <= high + 0.03:
            r.fail("B3", f"đoạn “{text}” phải thụt đầu dòng 1–1,27 cm")
        if max(fmt.before, fmt.after) < 118:
            r.fail("B3", f"đoạn “{text}” cần cách đoạn ít nhất 6 pt")
        spacing = _line_spacing(r, para)
        if spacing is not None:
            r.fail("B3", f"đoạn “{text}”: giãn dòng {spacing} (cần từ dòng đơn đến 1,5 dòng)")
        r.expect("B3", f"đoạn “{text}”", para, Allowed.TEXT, None, None)


def _line_spacing(r: Reading, para: Para) -> str | None:
    """What is wrong with the paragraph's line spacing, or None: a multiple from 1 to 1.5, or a
    fixed height from the text's size to 1.5 single lines."""
    fmt = r.fmt(para)
    if fmt.line is None:
        return None
    if fmt.line_rule == "auto":
        lines = fmt.line / 240
        return None if 0.99 <= lines <= 1.51 else f"{lines:g} dòng"
    size = max((s.size or 0 for s in r.looks(para)), default=0) or Allowed.TEXT[1]
    points = fmt.line / TWIPS_PER_PT
    high = 1.5 * _LINE_HEIGHT * size
    if points > high + 0.5 or (fmt.line_rule == "exact" and points < size):
        return f"{points:g} pt"
    return None


def check_structure(r: Reading, parts: Parts) -> None:
    """B4: part headings numbered ``I.``, ``II.`` … in order and bold.

    A text without parts (phần, mục) numbers its clauses (khoản) ``1.``, ``2.`` and its points
    ``a)``, ``b)``, as the decree allows: a heading numbered ``1. MỤC ĐÍCH, YÊU CẦU`` is such a clause,
    not a misnumbered part, so only Roman-numbered headings are held to the part rules.
    """
    romans = []
    for para in parts.body:
        match = _ROMAN.match(para.text)
        if match and match.group(1) not in ("C", "L"):  # "C." after "A.", "B.": a letter, not a hundred
            romans.append(match.group(1))
            if not all(s.bold for s in r.looks(para)):
                r.fail("B4", f"tiêu đề phần “{para.text[:50]}” phải in đậm")
    for position, numeral in enumerate(romans, start=1):
        if numeral != _roman(position):
            r.fail("B4", f"phần “{numeral}.” sai thứ tự (cần “{_roman(position)}.”)")
            break


def _roman(number: int) -> str:
    out = ""
    for value, letters in ((100, "C"), (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"),
                           (4, "IV"), (1, "I")):
        while number >= value:
            out, number = out + letters, number - value
    return out


def check_line_breaks(r: Reading) -> None:
    """B5: no manual line break inside a justified paragraph, anywhere (text and tables)."""
    for para in r.paras:
        if r.fmt(para).align not in JUSTIFIED or not para.text:
            continue
        breaks = [b for b in para.p._p.iter(qn("w:br"), qn("w:cr"))
                  if b.get(qn("w:type"), "textWrapping") == "textWrapping"]
        if breaks:
            r.fail("B5", f"đoạn “{para.text[:50]}” có ngắt dòng thủ công (Shift+Enter) trong đoạn căn đều")
