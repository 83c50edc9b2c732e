"""Rows S1–S3 of docs/nd30.md: the signing authority and title, the signer's name, the
distribution list. A form's signature boxes (``NGƯỜI LẬP BIỂU`` over ``(Ký, ghi rõ họ tên)``) are
read the same way: their title as S1, a name printed under them as S2."""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from app.layout import Allowed, Label

from .header import is_date_line
from .model import Para, Reading
from .parts import AUTHORITY, NOTE, Parts

__all__ = ["check_signatures", "check_distribution"]

ROOM_TO_SIGN_PT = 40  # S2: at least this much blank space above the name (signature and seal)
_LINE_HEIGHT = 1.15
_HONORIFIC = re.compile(r"^(GS|PGS|TSKH|TS|ThS|BS|BSCK[I12]*|DS|KS|CN|LS|NGƯT|NGND|NSƯT|NSND|TTƯT|TTND)\.?\s"
                        r"|^(Đại|Thượng|Trung|Thiếu)\s+(tá|úy|uý|tướng)\b", re.IGNORECASE)


@dataclass
class Block:
    """A signature: the lines over the room to sign (S1) and the name under it (S2), if printed."""

    titles: list[Para]
    name: Para | None
    box: bool  # a form's signature box, not an authority's signature


def _blocks(r: Reading) -> list[Block]:
    blocks, done = [], set()
    for para in r.paras:
        container = para.container
        if id(container) in done or not (AUTHORITY.match(para.text) or NOTE.match(para.text)) or len(para.text) > 80:
            continue
        done.add(id(container))
        after = [p for p in r.siblings(para) if p.index >= para.index]
        if not para.in_cell:  # a signature typed as paragraphs: up to the distribution list
            after = after[:next((i for i, p in enumerate(after) if p.text.startswith(Label.DISTRIBUTION)), None)]
        lines = [p for p in after if p.text and not p.text.startswith("(") and not is_date_line(p.text)]
        if AUTHORITY.match(para.text):
            blocks.append(Block(lines[:-1], lines[-1], False) if len(lines) > 1 else Block(lines, None, False))
            continue
        before = [p for p in r.siblings(para) if p.index < para.index]
        titles = []
        for p in reversed(before):
            if not p.text or is_date_line(p.text):
                break
            titles.insert(0, p)
        blocks.append(Block(titles, lines[-1] if lines else None, True))
    return blocks


def check_signatures(r: Reading) -> None:
    for block in _blocks(r):
        _titles(r, block)
        if block.name is not None:
            _name(r, block.name)
        elif not block.box:
            r.fail("S2", "thiếu họ tên người ký dưới quyền hạn, chức vụ")


def _titles(r: Reading, block: Block) -> None:
    """S1: capitals, 13–14 pt, bold, upright, centred; ``KT. CHỦ TỊCH`` with one space after the
    prefix; a ``KT.``, ``TM.``, ``TL.`` or ``TUQ.`` line followed by the signer's own title."""
    what = "chức danh ô ký" if block.box else "quyền hạn, chức vụ người ký"
    for para in block.titles:
        match = AUTHORITY.match(para.text)
        if match and not re.match(r"^(KT|TM|TL|TUQ|Q)\. \S", para.text):
            r.fail("S1", f"“{para.text[:40]}”: tiền tố viết liền dấu chấm, sau đó đúng một dấu cách (KT. CHỦ TỊCH)")
        elif not r.in_capitals(para):
            r.fail("S1", f"{what} “{para.text[:40]}” phải viết in hoa")
        if not r.expect("S1", f"{what} “{para.text[:40]}”", para, Allowed.SIGNATURE, True, False):
            continue
        r.expect_centred("S1", what, para)
    prefixes = [i for i, p in enumerate(block.titles) if AUTHORITY.match(p.text)]
    if prefixes and not block.box:
        last = block.titles[prefixes[-1]]
        if not last.text.startswith("Q") and prefixes[-1] == len(block.titles) - 1:
            r.fail("S1", f"dưới “{last.text[:30]}” phải có chức vụ của người ký (ví dụ PHÓ CHỦ TỊCH)")


def _name(r: Reading, name: Para) -> None:
    """S2: the name in normal capitalisation, 13–14 pt bold upright, centred, no title before it,
    room to sign and seal above it."""
    text = name.text[:40]
    if r.in_capitals(name):
        r.fail("S2", f"họ tên người ký “{text}” không viết in hoa toàn bộ")
    if _HONORIFIC.match(name.text):
        r.fail("S2", f"họ tên người ký “{text}”: không ghi học hàm, học vị, cấp bậc trước tên")
    if r.expect("S2", f"họ tên người ký “{text}”", name, Allowed.SIGNATURE, True, False):
        r.expect_centred("S2", "họ tên người ký", name)
    room = _room_above(r, name) / 20
    if room < ROOM_TO_SIGN_PT:
        r.fail("S2", f"chỉ có {room:g} pt trên họ tên người ký (cần ít nhất {ROOM_TO_SIGN_PT} pt để ký, đóng dấu)")


def _room_above(r: Reading, name: Para) -> int:
    """The blank space (twips) between the line above the name and the name: spacing and empty lines."""
    siblings = r.siblings(name)
    position = siblings.index(name)
    room = r.fmt(name).before
    for para in reversed(siblings[:position]):
        fmt = r.fmt(para)
        if para.text:
            return room + fmt.after
        mark = OxmlElement("w:r")
        rpr = para.p._p.find(f"{qn('w:pPr')}/{qn('w:rPr')}")
        if rpr is not None:
            mark.append(copy.deepcopy(rpr))
        size = r.styles.run_style(para.p._p, mark).size or Allowed.TEXT[1]
        line = fmt.line if fmt.line_rule == "exact" and fmt.line else \
            size * 20 * _LINE_HEIGHT * (fmt.line / 240 if fmt.line and fmt.line_rule == "auto" else 1)
        room += fmt.before + fmt.after + round(line)
    return room


def check_distribution(r: Reading, parts: Parts) -> None:
    """S3: ``Nơi nhận:`` 12 pt bold italic; items 11 pt upright, each ``- …;``, the last
    ``- Lưu: VT, ….``; a công văn's first ``- Như trên;``."""
    heading = r.find(lambda t: t.startswith(Label.DISTRIBUTION.rstrip(":")) and len(t) < 20)
    if heading is None:
        if parts.number is not None or parts.cong_van:
            r.fail("S3", "không có “Nơi nhận:”")
        return
    if heading.text != Label.DISTRIBUTION:
        r.fail("S3", f"“{heading.text}” phải viết “{Label.DISTRIBUTION}”")
    r.expect("S3", "Nơi nhận", heading, Allowed.DISTRIBUTION_LABEL, True, True)
    items = []
    for para in (p for p in r.siblings(heading) if p.index > heading.index):
        if not para.text:
            if items and not heading.in_cell:
                break
            continue
        if AUTHORITY.match(para.text):
            break
        items.append(para)
    if not items:
        r.fail("S3", "nơi nhận không có mục nào")
        return
    for position, para in enumerate(items):
        text, last = para.text, position == len(items) - 1
        r.expect("S3", f"mục nơi nhận “{text}”", para, Allowed.DISTRIBUTION_ITEM, False, False)
        if not text.startswith("- "):
            r.fail("S3", f"mục “{text}” phải bắt đầu bằng '- '")
        elif last and not re.fullmatch(rf"- {Label.ARCHIVE}: VT(,.*)?\.", text):
            r.fail("S3", f"mục cuối “{text}” phải là “- {Label.ARCHIVE}: VT, <đơn vị soạn thảo>.”")
        elif not last and not text.endswith(";"):
            r.fail("S3", f"mục “{text}” phải kết thúc bằng ';'")
    if parts.cong_van and items[0].text != f"- {Label.AS_ABOVE};":
        r.fail("S3", f"công văn: mục đầu tiên của nơi nhận phải là “- {Label.AS_ABOVE};”")
