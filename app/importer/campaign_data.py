"""An imported dispatch as campaign data in the campaign's own shape (``dispatch.parts``).

Every part keeps its heading, its numbering styles (heading, items, sub-items), its free
paragraphs and its items with their sub-items; the part that holds the numbered targets (its
heading says "chỉ tiêu", else the one whose items carry the most metrics) becomes the
``targets: true`` part and its items the campaign's ``targets`` with the metrics found in them.

Nothing is dropped: what the campaign cannot hold (a third level of items, a paragraph between
two numbered items, the outer line of a two-level signer, a metric written otherwise than
vanthu prints it …) is said in the campaign's ``review`` list, with its text, together with the
reader's own review notes. A field the campaign requires and the dispatch lacks gets a visible
placeholder (``(địa danh)``, ``XXX``) and a review note.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from collections.abc import Callable
from typing import Any

from app import vnformat
from app.importer.body import table_review
from app.importer.model import ImportedDispatch, Item, Part
from app.layout import DISPATCH_HEADER, DISPATCH_HEADER_LEFT_MM, TWIPS_PER_MM, Label, Size
from app.linebreak import cell_lines
from app.messages import msg
from app.textmarkup import TextError, plain_text, render_text

__all__ = ["to_campaign_data", "HEADING_NUMBERING", "ITEM_NUMBERING", "targets_part", "PLACEHOLDER"]

HEADING_NUMBERING = {"I.": "roman", "1.": "arabic", "A.": "upper", "": "none"}
ITEM_NUMBERING = {"1.": "arabic", "1)": "arabic_paren", "a)": "letter", "-": "dash", "+": "plus", "": "none"}
PLACEHOLDER = "(cần điền)"


def _one_line(text: str) -> str:
    return " / ".join(line.strip() for line in str(text).splitlines() if line.strip())


def _quoted(items: list[Item]) -> str:
    return " / ".join(_one_line(f"{i.marker} {i.text}".strip()) for i in items)


def targets_part(parts: list[Part]) -> int | None:
    """The index of the part holding the numbered targets: its heading says "chỉ tiêu", else the
    part whose items carry the most metrics; ``None`` when no part does."""
    for index, part in enumerate(parts):
        if part.heading and "chỉ tiêu" in part.heading.lower() and part.items:
            return index
    counts = [sum(len(i.metrics) for i in part.items) for part in parts]
    best = max(range(len(parts)), key=lambda i: counts[i], default=None)
    return best if best is not None and counts[best] else None


def _metrics(item: Item, where: str, notes: list[str]) -> list[dict[str, Any]]:
    shown = plain_text(item.text)
    out = []
    for metric in item.metrics:
        if metric.value > 0 and vnformat.format_number(metric.value) in shown:
            out.append({"value": metric.value, "unit": metric.unit})
        else:
            notes.append(msg("{where}: số liệu “{text}” viết khác cách vanthu in số, chưa ghi vào số liệu", where=where, text=metric.text))
    return out


def _points(item: Item, where: str, notes: list[str]) -> list[str]:
    """An item's sub-items as the campaign writes them: a sub-item's own dashed or plussed points
    (the third level) follow it, typed with their marker (app.dispatch_model.point_markers)."""
    points: list[str] = []
    for sub in item.sub_items:
        points.append(sub.text)
        if sub.sub_items and sub.sub_style in ("-", "+") and sub.sub_style != item.sub_style:
            points += [f"{sub.sub_style} {deeper.text}" for deeper in sub.sub_items]
    _deeper(item, where, notes)
    return points


def _deeper(item: Item, where: str, notes: list[str]) -> None:
    """What an item's sub-items hold beyond what the campaign keeps: their own items numbered
    otherwise than with a dash or a plus, their paragraphs."""
    for number, sub in enumerate(item.sub_items, start=1):
        if sub.sub_items and (sub.sub_style not in ("-", "+") or sub.sub_style == item.sub_style
                              or any(deeper.sub_items for deeper in sub.sub_items)):
            notes.append(msg("{where}, ý {number}: các ý cấp ba chưa có chỗ trong chiến dịch: {sub_items}", where=where, number=number, sub_items=_quoted(sub.sub_items)))
        notes += [f"{where}, ý {number}: đoạn “{_one_line(p)}” sau ý chưa có chỗ trong chiến dịch"
                  for p in sub.paragraphs]


def _sub_style(items: list[Item], where: str, notes: list[str]) -> str:
    styles = Counter(i.sub_style for i in items if i.sub_items)
    if not styles:
        return "a)"
    style = styles.most_common(1)[0][0]
    for number, item in enumerate(items, start=1):
        if item.sub_items and item.sub_style != style:
            notes.append(msg("{where}, mục {number}: các ý đánh “{sub_style}” sẽ in như các ý "
                         "khác của phần (“{style}”)", where=where, number=number, sub_style=item.sub_style or 'không số', style=style or 'không số'))
    return style


def _part(part: Part, where: str, notes: list[str], tail: list[str]) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The part's data and, for the targets part, its targets; paragraphs after its last item
    go to ``tail`` (printed as a part of free paragraphs after it)."""
    out: dict[str, Any] = {}
    if part.heading:
        out["heading"] = _one_line(part.heading)
    out["heading_numbering"] = HEADING_NUMBERING.get(part.heading_style, "none")
    out["item_numbering"] = ITEM_NUMBERING.get(part.item_style, "none")
    if part.paragraphs:
        out["paragraphs"] = list(part.paragraphs)
    items = part.items
    has_subs = any(i.sub_items for i in items)
    for number, item in enumerate(items, start=1):
        here = f"{where}, mục {number}"
        if item.paragraphs and number == len(items):
            tail += item.paragraphs
        elif item.paragraphs and has_subs:
            notes += [f"{here}: đoạn “{_one_line(p)}” giữa hai mục chưa có chỗ trong chiến dịch" for p in item.paragraphs]
    # With no sub-items in the part, a paragraph after an item prints as an unnumbered sub-item.
    as_subs = not has_subs and any(i.paragraphs for i in items[:-1])
    if as_subs:
        tail[:] = []
        out["subitem_numbering"] = "none"
    else:
        out["subitem_numbering"] = ITEM_NUMBERING.get(_sub_style(items, where, notes), "letter")
    rows = []
    for number, item in enumerate(items, start=1):
        subs = _points(item, f"{where}, mục {number}", notes) + (item.paragraphs if as_subs else [])
        rows.append({"text": item.text, "items": subs} if subs else item.text)
    out["items"] = rows
    return out, []


def _targets(part: Part, where: str, notes: list[str], tail: list[str]) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    out, _ = _part(Part(part.heading, part.heading_style, part.heading_marker, part.item_style, part.paragraphs),
                   where, notes, tail)
    out.pop("items")
    out["targets"] = True
    out["subitem_numbering"] = ITEM_NUMBERING.get(_sub_style(part.items, where, notes), "letter")
    targets = []
    for number, item in enumerate(part.items, start=1):
        here = f"{where}, chỉ tiêu {number}"
        if item.paragraphs and number == len(part.items):
            tail += item.paragraphs
        else:
            notes += [f"{here}: đoạn “{_one_line(p)}” sau chỉ tiêu chưa có chỗ trong chiến dịch" for p in item.paragraphs]
        metrics = _metrics(item, here, notes)
        points = _points(item, here, notes)
        targets.append({"text": item.text, **({"items": points} if points else {}),
                        **({"metrics": metrics} if metrics else {})})
    return out, targets


def _parts(imported: ImportedDispatch, notes: list[str]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    at = targets_part(imported.parts)
    parts: list[dict[str, Any]] = []
    targets: list[dict[str, Any]] = []
    for index, part in enumerate(imported.parts):
        where = f"phần {index + 1} “{_one_line(part.heading or '(không có tên)')}”"
        tail: list[str] = []
        data, found = (_targets if index == at else _part)(part, where, notes, tail)
        parts.append(data)
        targets += found
        if tail:
            parts.append({"heading_numbering": "none", "paragraphs": tail})
        if part.table and part.table_last:  # printed after what precedes it: the tail's paragraphs, else the items
            parts[-1]["table"] = [" | ".join(cell.replace("|", "/") for cell in row) for row in part.table]
        elif part.table:  # items or paragraphs follow it: printed after them it would move
            notes += table_review(part.table_number, part.table)
    return parts, targets


def _lines_of(name: str, lines: list[str]) -> str:
    """``name`` (as the text writes it) broken where the header broke it: the same words a line."""
    words = name.split()
    counts = [len(line.split()) for line in lines]
    if len(lines) < 2 or sum(counts) != len(words):
        return name
    out, at = [], 0
    for count in counts:
        out.append(" ".join(words[at:at + count]))
        at += count
    return "\n".join(out)


def _typed(text: str, printed: Callable[[str], list[str]]) -> str:
    """``text`` with the source's line breaks only where they change what vanthu prints: when
    app.linebreak breaks the one-line text the same way, the breaks are left out, so that
    vanthu's own dispatch imports to a campaign without typed breaks."""
    one = " ".join(text.split())
    try:
        return one if "\n" in text and printed(one) == printed(text) else text
    except TextError:  # a "[[" that does not evaluate: already in review
        return text


def _header_name(text: str, width: int, *, bold: bool) -> str:
    return _typed(text, lambda t: cell_lines(t.upper(), width, Size.BODY_NAME, bold=bold))


def _header_left_mm(imported: ImportedDispatch) -> int | None:
    """The narrowest left header column (mm, within DISPATCH_HEADER_LEFT_MM) that prints the most of
    the source's header lines (bodies, subject) whole, when wider than vanthu's 7.5 cm: Word's cells
    are often wider, and a name the source set on one line should not be broken in two."""
    texts = [("\n".join(body.lines).upper(), Size.BODY_NAME, bold) for body, bold in
             ((imported.parent_body, False), (imported.issuing_body, True)) if body and body.from_header]
    if imported.subject:
        try:
            texts.append((f"{Label.SUBJECT_PREFIX} {render_text(imported.subject, imported.values())}", Size.SUBJECT,
                          False))
        except TextError:
            pass  # a "[[" that does not evaluate: already in review

    def whole(mm: int) -> int:
        width = math.ceil(mm * TWIPS_PER_MM)
        return sum(line in cell_lines(text, width, size, bold=bold) for text, size, bold in texts
                   for line in text.split("\n"))

    low, high = DISPATCH_HEADER_LEFT_MM
    best = max(range(low, high + 1), key=lambda mm: (whole(mm), -mm))
    return best if best > low else None


def _width(left_mm: int | None) -> int:
    return DISPATCH_HEADER.left if left_mm is None else math.ceil(left_mm * TWIPS_PER_MM)


def _need(value: Any, placeholder: Any, what: str, notes: list[str]) -> Any:
    if value:
        return value
    shown = ", ".join(placeholder) if isinstance(placeholder, list) else placeholder
    notes.append(msg("không thấy {what}: đã ghi tạm “{shown}”, cần sửa", what=what, shown=shown))
    return placeholder


def _issuer(imported: ImportedDispatch, notes: list[str], width: int) -> dict[str, Any]:
    issuer: dict[str, Any] = {}
    parent, body = imported.parent_body, imported.issuing_body
    if parent:
        issuer["parent"] = _header_name(_lines_of(parent.text_name or parent.name, parent.lines), width, bold=False)
    name = _header_name(_lines_of(body.text_name or body.name, body.lines), width, bold=True) if body else None
    issuer["name"] = _need(name, "(TÊN CƠ QUAN BAN HÀNH)", "tên cơ quan ban hành", notes)
    abbreviation = imported.number.issuer_abbreviation if imported.number else None
    issuer["abbreviation"] = _need(abbreviation, "XXX", "chữ viết tắt tên cơ quan (sau “Số: …/”)", notes)
    issuer["place"] = _need(imported.place, "(địa danh)", "địa danh", notes)
    return issuer


def _dispatch(imported: ImportedDispatch, year: int, notes: list[str], left_mm: int | None) -> dict[str, Any]:
    from app.dispatch_model import Dispatch

    number = imported.number
    d: dict[str, Any] = {"number": _need(number.number if number else None, 1, "số văn bản", notes)}
    if number and number.drafting_unit:
        d["drafting_unit"] = number.drafting_unit
    elif Dispatch.model_fields["drafting_unit"].is_required():
        d["drafting_unit"] = "XX"
        notes.append(msg("số “{text}” không có đơn vị soạn thảo, chiến dịch cần có: "
                     "đã ghi tạm “XX”, cần sửa", text=number.text if number else ''))
    d["date"] = _need(imported.date, dt.date(year, 1, 1), "ngày tháng năm", notes)
    values = imported.values()
    subject = imported.subject and _typed(imported.subject, lambda t: cell_lines(
        f"{Label.SUBJECT_PREFIX} {render_text(t, values)}", _width(left_mm), Size.SUBJECT))
    if left_mm is not None:
        d["header_left_mm"] = left_mm
    d["subject"] = _need(subject, "(trích yếu)", "trích yếu (V/v …)", notes)
    d["addressees"] = _need(list(imported.addressees), ["(nơi nhận)"], "nơi gửi (Kính gửi: …)", notes)
    if imported.addressees_below:
        d["addressee_layout"] = "list"
    if len(imported.addressees) == 1 and not imported.addressee_full_stop:
        d["addressee_full_stop"] = False
    if imported.opening:
        d["opening"] = list(imported.opening)
    d["parts"], targets = _parts(imported, notes)
    if imported.closing:
        d["closing"] = imported.closing[-1]
        if len(imported.closing) > 1:  # the paragraphs before the last print as a part of free text
            d["parts"].append({"heading_numbering": "none", "paragraphs": list(imported.closing[:-1])})
    d["distribution"] = _need(list(imported.distribution), ["Như trên"], "nơi nhận (Nơi nhận: - …)", notes)
    if imported.archive:
        d["archive"] = list(imported.archive)
        if "VT" not in imported.archive:  # nd30 S3: "- Lưu: VT, <đơn vị soạn thảo>."
            d["archive"].insert(0, "VT")
            notes.append(msg("dòng “Lưu: {archive}” không có VT (văn thư): sẽ in "
                         "“Lưu: {d}” (Nghị định 30)", archive=', '.join(imported.archive), d=', '.join(d['archive'])))
    d["_targets"] = targets
    return d


def _signer(imported: ImportedDispatch, notes: list[str]) -> dict[str, Any]:
    signer = imported.signer
    if signer is None:
        notes.append(msg("không thấy phần chữ ký (chức vụ, họ tên người ký)"))
    from app.campaign import Signer

    data: dict[str, Any] = {"authority": signer.authority if signer else ""}
    outer = signer.outer if signer else None
    if outer is not None and outer.prefix == "TM." and "on_behalf_of" in Signer.model_fields:
        data["on_behalf_of"] = outer.of
    elif signer and outer is not None:
        notes.append(msg("chữ ký hai cấp: dòng “{prefix} {of}” ở trên "
                     "“{authority} {head_title}” chưa có chỗ trong chiến dịch, sẽ không in", prefix=signer.outer.prefix, of=signer.outer.of, authority=signer.authority, head_title=signer.head_title))
    if signer and signer.head_title:
        data["head_title"] = signer.head_title
    title = signer.title or (signer.head_title if signer.authority == "Q." else None) if signer else None
    data["title"] = _need(title, "(CHỨC VỤ)", "chức vụ người ký", notes)
    name = _need(signer.name if signer else None, "(Họ và tên)", "họ tên người ký", notes)
    if name.isupper():  # nd30 S2: the name in capitals and lower case
        notes.append(msg("họ tên người ký “{name}” sẽ in là “{title}” (Nghị định 30)", name=name, title=name.title()))
        name = name.title()
    data["name"] = name
    return data


def to_campaign_data(imported: ImportedDispatch, notes: list[str] | None = None) -> dict[str, Any]:
    """Campaign data (``dispatch.parts``, see the module's doc) from ``imported``, ready for
    :func:`app.loader.validate_data`. Its ``review`` holds the reader's notes then the mapping's;
    the mapping's are also appended to ``notes``."""
    mine: list[str] = []
    year = imported.year or _need(None, dt.date.today().year, "năm", mine)
    data: dict[str, Any] = {"year": year}
    if imported.theme:
        data["theme"] = imported.theme
    left_mm = _header_left_mm(imported)
    data["issuer"] = _issuer(imported, mine, _width(left_mm))
    data["dispatch"] = _dispatch(imported, year, mine, left_mm)
    targets = data["dispatch"].pop("_targets")
    if targets:
        data["targets"] = targets
    data["signer"] = _signer(imported, mine)
    if imported.anniversaries:
        data["anniversaries"] = [{"id": a.id, "event": a.event, "founded": a.founded} for a in imported.anniversaries]
    review = [_one_line(note) for note in imported.review + mine]
    if review:
        data["review"] = review
    if notes is not None:
        notes += mine
    return data
