"""Rows H8, B2, B6 of docs/nd30.md: a named document's type name and subject with the line under
it, its legal grounds, and a decision's authority line, ``QUYẾT ĐỊNH:`` and articles."""

from __future__ import annotations

import re

from app.layout import Allowed, Label

from .header import check_rule
from .model import Reading
from .parts import Parts

__all__ = ["check_title", "check_grounds", "check_articles"]

_ARTICLE = re.compile(r"^Điều\s+(\d+)\s*\.")
_CARRIED_OUT = re.compile(r"thi hành|thực hiện", re.IGNORECASE)


def check_title(r: Reading, parts: Parts) -> None:
    """H8: the type name in capitals, the subject under it, both 13–14 pt bold and centred, a solid
    line under the subject a third to a half as long."""
    title, subject = parts.title, parts.title_subject
    if title is None:
        return
    if not r.in_capitals(title):
        r.fail("H8", f"tên loại văn bản “{title.text[:40]}” phải viết in hoa")
    if r.expect("H8", "tên loại văn bản", title, Allowed.TITLE, True, False):
        r.expect_centred("H8", "tên loại văn bản", title)
    if subject is None:
        r.fail("H8", "thiếu trích yếu dưới tên loại văn bản")
        return
    if r.expect("H8", "trích yếu", subject, Allowed.TITLE, True, False):
        r.expect_centred("H8", "trích yếu", subject)
    check_rule(r, "H8", "trích yếu", [subject], Allowed.RULE_RATIO, "từ 1/3 đến 1/2")


def check_grounds(r: Reading, parts: Parts) -> None:
    """B2: a named document's grounds, one a paragraph: italic, 13–14 pt, each ending ``;``, the
    last ``.``."""
    for position, para in enumerate(parts.grounds):
        text = para.text
        end = "." if position == len(parts.grounds) - 1 else ";"
        r.expect("B2", f"căn cứ “{text[:40]}”", para, Allowed.TEXT, None, True)
        if not text.endswith(end):
            r.fail("B2", f"căn cứ “{text[:40]}…” phải kết thúc bằng '{end}'")


def check_articles(r: Reading, parts: Parts) -> None:
    """B6, when ``QUYẾT ĐỊNH:`` is there: it and the authority line before the grounds in capitals,
    bold, centred, 13–14 pt; articles ``Điều 1.``, ``Điều 2.`` … in order, each starting in bold (its size
    is the text's, B3); the last says who carries the decision out."""
    if parts.decides is None:
        return
    for what, para in (("thẩm quyền ban hành", parts.authority), (Label.DECIDES, parts.decides)):
        if para is None:
            r.fail("B6", f"thiếu dòng {what} (chữ in hoa, đậm, căn giữa) trước các căn cứ")
            continue
        if not r.in_capitals(para) or (what == Label.DECIDES and para.text != Label.DECIDES):
            r.fail("B6", f"{what} “{para.text[:40]}” phải viết in hoa" + ("" if para is parts.authority else
                                                                           f", đúng “{Label.DECIDES}”"))
        if r.expect("B6", f"{what} “{para.text[:40]}”", para, Allowed.TEXT, True, False):
            r.expect_centred("B6", what, para)
    articles = [p for p in parts.body if _ARTICLE.match(p.text) and p.index > parts.decides.index]
    if not articles:
        r.fail("B6", "quyết định không có điều khoản (Điều 1. …)")
        return
    for position, para in enumerate(articles, start=1):
        match = _ARTICLE.match(para.text)
        if int(match.group(1)) != position:
            r.fail("B6", f"“{match.group(0)}” sai thứ tự (cần “Điều {position}.”)")
        head = r.span_looks(para, para.p.text.index("Điều"), para.p.text.index("Điều") + len(match.group(0)))
        if not all(style.bold for style in head):
            r.fail("B6", f"“{match.group(0)}” phải in đậm")
    if not _CARRIED_OUT.search(articles[-1].text):
        r.fail("B6", f"điều cuối “{articles[-1].text[:40]}” phải nêu ai thi hành quyết định")
