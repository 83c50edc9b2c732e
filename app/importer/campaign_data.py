"""An imported dispatch as campaign data, in the OLD campaign shape.

# OLD SHAPE, ON PURPOSE. This writes the four fixed parts (``objectives``, ``targets``,
# ``contents``, ``assignments`` under ``dispatch.headings``) that campaign files had before the
# body became a list of parts (``dispatch.parts``, app/dispatch_model.py). That shape stays
# readable (app/migrate.py upgrades it when a campaign is validated), so this mapping works today;
# it is a stop-gap until the mapping to ``dispatch.parts`` is written, which can keep every part,
# numbering style, sub-item and free paragraph that the old shape has to leave in the notes.

Each part goes where its heading says (mục tiêu/mục đích, chỉ tiêu, nội dung, tổ chức thực
hiện/nhiệm vụ), each old key once; what the old shape cannot hold (another part, a part's free
paragraphs, sub-items, a numbering vanthu prints otherwise, a two-level signer) is said in the
notes, with its text, never dropped. Missing required fields are left out, so that validation
names them.
"""

from __future__ import annotations

from typing import Any

from app.importer.model import ImportedDispatch, Item, Part

__all__ = ["to_campaign_data", "OLD_PARTS"]

# Old key, words its heading holds, the numbering the old shape prints its items with.
OLD_PARTS = (
    ("objectives", ("mục tiêu", "mục đích"), "-"),
    ("targets", ("chỉ tiêu",), "1."),
    ("contents", ("nội dung",), "1."),
    ("assignments", ("tổ chức thực hiện", "nhiệm vụ", "phân công", "trách nhiệm"), "1."),
)


def _key(part: Part, used: set[str]) -> str | None:
    heading = (part.heading or "").lower()
    for key, words, _ in OLD_PARTS:
        if key not in used and any(word in heading for word in words):
            return key
    return None


def _item_notes(items: list[Item], where: str, notes: list[str]) -> None:
    """Sub-items at any depth and the paragraphs after items: the old shape has neither."""
    for number, item in enumerate(items, start=1):
        here = f"{where}, mục {number}"
        for sub in item.sub_items:
            notes.append(f"{here}: ý “{sub.marker} {sub.text}” (mẫu cũ không có ý nhỏ)")
        _item_notes(item.sub_items, here, notes)
        notes += [f"{here}: đoạn “{paragraph}” sau mục (mẫu cũ không có)" for paragraph in item.paragraphs]


def _signer(imported: ImportedDispatch, notes: list[str]) -> dict[str, Any]:
    signer = imported.signer
    if signer is None:
        return {}
    if signer.outer is not None:
        notes.append(f"chữ ký hai cấp: dòng “{signer.outer.prefix} {signer.outer.of}” (mẫu cũ chỉ có một cấp)")
    data: dict[str, Any] = {"authority": signer.authority}
    if signer.head_title:
        data["head_title"] = signer.head_title
    title = signer.title or (signer.head_title if signer.authority == "Q." else None)
    for key, value in (("title", title), ("name", signer.name)):
        if value:
            data[key] = value
    return data


def _issuer(imported: ImportedDispatch, notes: list[str]) -> dict[str, Any]:
    issuer: dict[str, Any] = {}
    if imported.parent_body:
        issuer["parent"] = imported.parent_body.text_name or "\n".join(imported.parent_body.lines)
    if imported.issuing_body:
        issuer["name"] = imported.issuing_body.text_name or "\n".join(imported.issuing_body.lines)
    if imported.number and imported.number.issuer_abbreviation:
        issuer["abbreviation"] = imported.number.issuer_abbreviation
    if imported.place:
        issuer["place"] = imported.place
    return issuer


def _dispatch(imported: ImportedDispatch, notes: list[str]) -> dict[str, Any]:
    dispatch: dict[str, Any] = {}
    number = imported.number
    if number and number.number is not None:
        dispatch["number"] = number.number
    if number and number.drafting_unit:
        dispatch["drafting_unit"] = number.drafting_unit
    elif number:
        notes.append(f"số “{number.text}” không có đơn vị soạn thảo: mẫu hiện tại cần drafting_unit")
    for key, value in (("date", imported.date), ("subject", imported.subject)):
        if value:
            dispatch[key] = value
    if imported.addressees:
        dispatch["addressees"] = list(imported.addressees)
    if imported.opening:
        dispatch["opening"] = list(imported.opening)
    if imported.closing:
        dispatch["closing"] = " ".join(imported.closing)
        if len(imported.closing) > 1:
            notes.append(f"đoạn kết có {len(imported.closing)} đoạn, gộp thành một (mẫu chỉ có một đoạn kết)")
    if imported.distribution:
        dispatch["distribution"] = list(imported.distribution)
    if imported.archive:
        dispatch["archive"] = list(imported.archive)
    return dispatch


def to_campaign_data(imported: ImportedDispatch, notes: list[str] | None = None) -> dict[str, Any]:
    """Campaign data (old shape, see the module's doc) from ``imported``, ready for
    :func:`app.loader.validate_data`; what it cannot hold is appended to ``notes``."""
    notes = notes if notes is not None else []
    data: dict[str, Any] = {}
    if imported.year:
        data["year"] = imported.year
    if imported.theme:
        data["theme"] = imported.theme
    data["issuer"] = _issuer(imported, notes)
    data["dispatch"] = dispatch = _dispatch(imported, notes)
    headings: dict[str, str] = {}
    used: set[str] = set()
    for number, part in enumerate(imported.parts, start=1):
        where = f"phần {number} “{part.heading or '(không có tên)'}”"
        key = _key(part, used) or ("contents" if part.heading is None and "contents" not in used else None)
        if key is None:
            texts = part.paragraphs + [f"{i.marker} {i.text}".strip() for i in part.items]
            notes.append(f"{where}: mẫu cũ không có phần này; nội dung: {' / '.join(texts)}")
            _item_notes(part.items, where, notes)
            continue
        used.add(key)
        if part.heading:
            headings[key] = part.heading
        printed = dict((k, style) for k, _, style in OLD_PARTS)[key]
        if part.item_style and part.item_style != printed:
            notes.append(f"{where}: các mục đánh “{part.item_style}” sẽ in là “{printed}”")
        if part.heading_style not in ("I.", ""):
            notes.append(f"{where}: tên phần đánh “{part.heading_style}” sẽ in số La Mã (I., II.)")
        notes += [f"{where}: đoạn “{p}” trước các mục (mẫu cũ không có)" for p in part.paragraphs]
        _item_notes(part.items, where, notes)
        if key == "targets":
            data["targets"] = [{"text": i.text, **({"metrics": [{"value": m.value, "unit": m.unit} for m in i.metrics]}
                                                  if i.metrics else {})} for i in part.items]
        else:
            data[key] = [i.text for i in part.items]
    found = [key for key in data if key in used]
    if found != sorted(found, key=[k for k, _, _ in OLD_PARTS].index):
        notes.append("các phần sẽ in theo thứ tự mục tiêu, chỉ tiêu, nội dung, tổ chức thực hiện")
    if headings:
        dispatch["headings"] = headings
    data["signer"] = _signer(imported, notes)
    if imported.anniversaries:
        data["anniversaries"] = [{"id": a.id, "event": a.event, "founded": a.founded} for a in imported.anniversaries]
    return data
