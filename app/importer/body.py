"""The body of a dispatch (ô 6): opening paragraphs, parts with their headings and items, closing.

Parts and items are recognised by their markers and by how headings look, not by position:

- the part headings are the paragraphs numbered ``I.`` (Roman); failing those ``A.``; failing
  those ``1.`` paragraphs that look like headings (capitals or bold, short); failing those,
  unnumbered headings (capitals or bold, short, no end mark). ``1.`` paragraphs that are all
  short with other markers under them are headings too (a pasted text has no bold);
- inside a part, each marker kind met opens a level under the current one (``1.`` then ``a)``
  then ``-``) and meeting a kind already open goes back to that level, so items nest however
  an office numbers them;
- an unmarked paragraph belongs to the item above it, or to the part before its first item;
- the closing is the last unmarked paragraph(s): from a "Trên đây …"/"Nhận được …" paragraph,
  or the last one when it ends with ``/.`` or asks the addressees to act.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.importer.markers import STYLE, Marker, find_marker, is_caps, ordinal
from app.importer.model import ImportedDispatch, Item, Part
from app.importer.source import Para, to_markup
from app.messages import msg
from app.textmarkup import Run

__all__ = ["read_body", "join_soft", "table_review"]

_STRONG_CLOSING = ("trên đây", "nhận được", "trên cơ sở nội dung trên")
_WEAK_CLOSING = ("đề nghị", "yêu cầu", "rất mong", "trong quá trình", "mọi vướng mắc", "quá trình thực hiện",
                 "kính đề nghị", "kính mong", "xin trân trọng", "trân trọng")


@dataclass
class _Entry:
    para: Para
    marker: Marker | None
    runs: list[Run]          # without the marker
    plain: str
    table: list[list[str]] | None = None  # a table of the body: its rows of cells (the entry has no text)

    @property
    def emphasized(self) -> bool:
        return self.para.styled_heading or self.para.bold or is_caps(self.plain)

    @property
    def short(self) -> bool:
        return 0 < len(self.plain) <= 150 and not self.plain.endswith((";", ",")) \
            and (is_caps(self.plain) or not self.plain.endswith("."))

    def text(self, drop_bold: bool = False) -> str:
        runs = [Run(r.text, False if drop_bold else r.bold, r.italic) for r in self.runs]
        return to_markup(runs).strip()


def table_review(number: int, rows: list[list[str]]) -> list[str]:
    """The review notes of a table of the body that the campaign cannot place: its rows quoted."""
    return [msg("bảng {table}, hàng {row}: bảng trong phần nội dung chưa nhập được: “{cells}”", table=number, row=row,
                cells=" | ".join(cells)) for row, cells in enumerate(rows, start=1)]


def _tables_in_flow(paras: list[Para]) -> list[_Entry]:
    """The body's entries in reading order, each table one entry where its first cell stands."""
    entries: list[_Entry] = []
    tables: dict[int, dict[int, dict[int, list[str]]]] = {}
    for para in join_soft(paras):
        if not para.cell:
            entries.append(_entry(para))
            continue
        number, row, column = para.cell
        if number not in tables:
            tables[number] = {}
            entries.append(_Entry(para, None, [], "", table=[]))
        tables[number].setdefault(row, {}).setdefault(column, []).append(para.plain.strip())
    for entry in entries:
        if entry.table is not None:
            grid = tables[entry.para.cell[0]]
            entry.table[:] = [[" ".join(t for t in grid[r].get(c, []) if t) for c in range(1, max(grid[r]) + 1)]
                              for r in sorted(grid)]
    return entries


def _drop(runs: list[Run], count: int) -> list[Run]:
    out: list[Run] = []
    for run in runs:
        if count >= len(run.text):
            count -= len(run.text)
            continue
        out.append(Run(run.text[count:], run.bold, run.italic) if count else run)
        count = 0
    if out:
        out[0] = Run(out[0].text.lstrip(), out[0].bold, out[0].italic)
    return out


def _entry(para: Para) -> _Entry:
    plain = para.plain.strip()
    # A pasted text's bold heading: "**I. MỤC TIÊU**" is read as "I. MỤC TIÊU", bold.
    marker = find_marker(plain)
    if marker is None or marker.kind == "outline":
        return _Entry(para, None, para.runs, plain)
    runs = _drop(para.runs, marker.length)
    return _Entry(para, marker, runs, "".join(r.text for r in runs).strip())


def join_soft(paras: list[Para]) -> list[Para]:
    """Glue a line that only goes on with the paragraph above (a manual line break in Word, a
    wrapped line in a text) back to it: no marker, and it starts with a small letter or the
    line above has no end mark."""
    out: list[Para] = []
    for para in paras:
        previous = out[-1] if out else None
        text = para.plain.strip()
        if previous is not None and para.soft and para.cell == previous.cell and not find_marker(text) \
                and (text[:1].islower() or not previous.plain.rstrip().endswith((".", ";", ":", "!", "?"))) \
                and not is_caps(text) and not previous.bold:
            out[-1] = Para(previous.runs + [Run(" ")] + para.runs, previous.where, previous.cell, previous.soft,
                           previous.gap, previous.styled_heading)
        else:
            out.append(para)
    return out


def _heading_test(entries: list[_Entry]):
    """The test that tells a part heading, chosen from the whole body (see the module's doc)."""
    kinds = {e.marker.kind for e in entries if e.marker}
    if "roman" in kinds:
        return lambda e: e.marker is not None and e.marker.kind == "roman"
    if any(e.marker and e.marker.kind == "upper" and e.short for e in entries):
        return lambda e: e.marker is not None and e.marker.kind == "upper" and e.short
    dots = [e for e in entries if e.marker and e.marker.kind == "dot"]
    if any(e.emphasized and e.short for e in dots):
        return lambda e: e.marker is not None and e.marker.kind == "dot" and e.emphasized and e.short
    if len(dots) >= 2 and all(e.short for e in dots) and kinds - {"dot"}:
        return lambda e: e.marker is not None and e.marker.kind == "dot"
    if any(e.marker is None and e.emphasized and e.short and not e.plain.endswith(".") for e in entries):
        return lambda e: e.marker is None and e.emphasized and e.short and not e.plain.endswith(".")
    return lambda e: False


def _is_closing(entry: _Entry, strong_only: bool) -> bool:
    lower = entry.plain.lower()
    if lower.startswith(_STRONG_CLOSING):
        return True
    return not strong_only and (entry.plain.endswith("/.") or lower.startswith(_WEAK_CLOSING))


def _split_closing(entries: list[_Entry]) -> tuple[list[_Entry], list[_Entry]]:
    """The body without its closing, and the closing."""
    tail = len(entries)
    while tail > 0 and entries[tail - 1].marker is None and entries[tail - 1].table is None \
            and not (entries[tail - 1].emphasized and entries[tail - 1].short):
        tail -= 1
    trailing = entries[tail:]
    start = next((tail + i for i, entry in enumerate(trailing) if _is_closing(entry, strong_only=True)), None)
    if start is None and trailing and _is_closing(trailing[-1], strong_only=False):
        start = len(entries) - 1
    if not start:  # none, or it would be the whole body: a one-paragraph dispatch has no closing apart
        return entries, []
    return entries[:start], entries[start:]


class _Levels:
    """The open numbering levels of a part while its paragraphs are read."""

    def __init__(self, part: Part, review: list[str], label: str):
        self.part = part
        self.review = review
        self.label = label
        self.stack: list[tuple[str, list[Item], Item | None]] = []  # (kind, siblings, parent item)

    def add(self, entry: _Entry) -> None:
        if entry.table is not None:
            if self.part.table:  # one table a part: a second is quoted in review
                self.review += table_review(entry.para.cell[0], entry.table)
            else:
                self.part.table, self.part.table_number, self.part.table_last = entry.table, entry.para.cell[0], True
            return
        self.part.table_last = False
        if entry.marker is None:
            text = entry.text()
            if self.stack:
                self.stack[-1][1][-1].paragraphs.append(text)
            else:
                self.part.paragraphs.append(text)
            return
        kind = entry.marker.kind
        kinds = [k for k, _, _ in self.stack]
        if kind in kinds:
            del self.stack[kinds.index(kind) + 1:]
        else:
            if self.stack:
                parent = self.stack[-1][1][-1]
                parent.sub_style = STYLE[kind]
                self.stack.append((kind, parent.sub_items, parent))
            else:
                self.part.item_style = STYLE[kind]
                self.stack.append((kind, self.part.items, None))
        siblings = self.stack[-1][1]
        item = Item(entry.text(), entry.marker.text)
        siblings.append(item)
        expected = len(siblings)
        found = ordinal(entry.marker)
        if entry.marker.kind not in ("dash", "plus", "bullet") and found != expected:
            self.review.append(msg("{where}: {label}: số thứ tự “{text}” khác thứ tự "
                               "thật ({expected}); vanthu đánh số lại", where=entry.para.where, label=self.label, text=entry.marker.text, expected=expected))


def read_body(paras: list[Para], doc: ImportedDispatch) -> None:
    """Fill ``opening``, ``parts`` and ``closing`` of ``doc`` from the body paragraphs."""
    entries = _tables_in_flow(paras)
    _note_markers(entries, doc.review)
    body, closing = _split_closing(entries)
    doc.closing = [e.text() for e in closing]
    if not closing and len(body) > 1:
        doc.review.append(msg("nội dung: không thấy đoạn kết (“Trên đây …”, “… ./.”) nên không tách đoạn kết"))
    is_heading = _heading_test(body)
    heads = [i for i, e in enumerate(body) if is_heading(e)]
    if not heads:
        first = next((i for i, e in enumerate(body) if e.marker), len(body))
        doc.opening = _texts(body[:first], doc)
        if first < len(body):
            part = Part(None)
            levels = _Levels(part, doc.review, "nội dung")
            for entry in body[first:]:
                levels.add(entry)
            doc.parts.append(part)
        return
    doc.opening = _texts(body[:heads[0]], doc)
    for number, (start, end) in enumerate(zip(heads, heads[1:] + [len(body)], strict=True), start=1):
        head = body[start]
        style = STYLE[head.marker.kind] if head.marker else ""
        part = Part(head.text(drop_bold=True).rstrip(), style, head.marker.text if head.marker else "")
        if head.marker and ordinal(head.marker) != number:
            doc.review.append(msg("{where}: đề mục “{text}” khác thứ tự thật ({number}); "
                              "vanthu đánh số lại", where=head.para.where, text=head.marker.text, number=number))
        levels = _Levels(part, doc.review, f"mục {head.marker.text if head.marker else part.heading}")
        for entry in body[start + 1:end]:
            levels.add(entry)
        doc.parts.append(part)


def _texts(entries: list[_Entry], doc: ImportedDispatch) -> list[str]:
    """The texts of paragraphs outside any part (the opening); a table among them is quoted in review."""
    for entry in entries:
        if entry.table is not None:
            doc.review += table_review(entry.para.cell[0], entry.table)
    return [entry.text() for entry in entries if entry.table is None]


def _note_markers(entries: list[_Entry], review: list[str]) -> None:
    """Markers vanthu prints otherwise (``–``, ``•``, ``a.``, ``(1)``, ``II -``, ``1.1.``): said once each."""
    seen: set[str] = set()
    for entry in entries:
        marker = entry.marker
        if marker is None:
            outline = re.match(r"^(\d{1,2}(?:\.\d{1,2})+\.?)\s", entry.plain)
            if outline and "1.1." not in seen:
                seen.add("1.1.")
                review.append(msg("{where}: đánh số nhiều cấp “{group}” chưa có trong vanthu: "
                              "giữ nguyên trong nội dung", where=entry.para.where, group=outline.group(1)))
            continue
        odd = (marker.kind in ("bullet", "letter_dot")
               or (marker.kind == "dash" and marker.text != "-")
               or (marker.kind == "paren" and marker.text.startswith("("))
               or (marker.kind in ("roman", "upper", "dot") and not marker.text.endswith(".")))
        shape = re.sub(r"[0-9a-zđA-ZĐ]+", "#", marker.text)
        if odd and shape not in seen:
            seen.add(shape)
            review.append(msg("{where}: ký hiệu “{text}” sẽ được in là “{kind}”"
                          " (kiểu đánh số của vanthu)", where=entry.para.where, text=marker.text, kind=STYLE[marker.kind]))
