"""The edit form's data: flat indexed field names ⇄ the nested campaign data the model validates.

The form posts every value under a flat name such as ``targets-4-metrics-0-value``; this module
rebuilds the nested dict (``{"targets": [..., {"metrics": [{"value": ...}]}]}``), applies the
no-JavaScript list buttons (add, remove, move), and maps the core's error locations
(``targets[4].metrics[0].value``) back to field names. Validation itself is the core's:
:func:`validate` is :func:`app.loader.validate_data`, the same as for a YAML file.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from decimal import Decimal
from typing import Any

from babel.numbers import NumberFormatError, parse_decimal
from flask import abort, make_response
from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict

from app import vnformat
from app.campaign import Campaign
from app.loader import CampaignError, format_loc, plain_data, validate_data
from app.messages import msg
from app.migrate import upgrade
from app.vocabulary import DEFAULT_LEVELS
from app.web.errors import error_page

__all__ = [
    "to_form", "from_form", "to_payload", "validate", "apply_op", "form_errors", "form_warnings", "targets_part",
    "form_levels",
    "field_name", "display_number", "NUMBER_FIELDS", "BOOL_FIELDS", "LIST_ITEM_DEFAULTS",
]

# Fields typed as Vietnamese numbers (12.000 / 12,5) in the form.
NUMBER_FIELDS = {"value", "weight", "max", "points", "total", "min", "below"}
# Yes/no fields: a checkbox ("true" when ticked, absent otherwise) or a select of "true"/"false".
# (A part's "targets" box; the campaign's own "targets" is the list of targets.)
BOOL_FIELDS = {"apportion", "per_kind", "targets"}
# Fields whose select always posts a value: a row holding nothing else is still blank.
DEFAULTED_FIELDS = {"level", "kind", "apportion", "method", "per_kind", "heading_numbering", "item_numbering",
                    "subitem_numbering"}
# Lists of texts edited in one text box, one per line: a part's free paragraphs, an item's sub-items,
# a part's table (a row a line).
LINE_FIELDS = {"paragraphs", "items", "review", "table"}
# Optional groups of fields (the scoring rules, a target's score, an award document): left
# entirely blank, they mean "none", not a group with every required field missing.
OPTIONAL_GROUPS = {"scoring", "score", "submission", "decision"}
# Fields posted as several values (checkboxes); an empty hidden value marks them present.
MULTI_FIELDS = {"levels"}
# Dates typed day first (10/02/2023): a browser's date picker would show the computer's locale,
# which on many office PCs is the American month/day order.
DATE_FIELDS = {"date", "report_deadline"}
# What "add" puts in each list: the lists of texts get "", the lists of records these.
LIST_ITEM_DEFAULTS: dict[str, Any] = {
    "parts": {"heading": "", "heading_numbering": "roman", "item_numbering": "arabic", "subitem_numbering": "letter",
              "paragraphs": "", "items": []},
    "items": {"text": "", "items": ""},
    # A new target is for every level of the campaign (the form ticks them all when levels is None).
    "targets": {"text": "", "items": "", "metrics": [], "levels": None},
    "metrics": {"value": "", "unit": "", "level": ""},
    "anniversaries": {"id": "", "event": "", "founded": ""},
    "units": {"name": "", "short_name": "", "kind": "xã", "level": "", "quotas": []},
    "levels": {"id": "", "name": ""},
    "quotas": {"id": "", "value": ""},
    "bonuses": {"id": "", "text": "", "points": ""},
    "penalties": {"id": "", "text": "", "points": ""},
    "awards": {"id": "", "name": "", "body": ""},
    "rules": {"award": "", "min": "", "below": "", "rank": "", "per_kind": "false"},
    # The nominees' form (app/web/nominees.py) uses the same rows.
    "people": {"kind": "person", "name": "", "award": "", "past_awards": []},
    "past_awards": {"year": "", "form": "", "decision": "", "date": "", "issuer": ""},
}
_SKIP = {"csrf_token"}
# The deepest name the forms post is dispatch-parts-0-items-0-items (6 parts); a list of
# 10.000 rows is more than any campaign has.
MAX_FIELD_DEPTH = 12
MAX_INDEX_DIGITS = 4


def field_name(*parts: Any) -> str:
    """``("targets", 4, "text")`` → ``targets-4-text``, the name and id of a form field."""
    return "-".join(str(p) for p in parts)


def display_number(value: Any) -> str:
    """A number as the form shows it (``12.000``, ``12,5``); text typed by the user stays as is."""
    if isinstance(value, bool) or value is None:
        return ""
    if isinstance(value, (int, float, Decimal)):
        return vnformat.format_number(value)
    return str(value)


def to_form(data: dict[str, Any]) -> dict[str, Any]:
    """Campaign data (model-shaped, e.g. from YAML) → the shape the form renders.

    The differences: a unit's ``quotas`` mapping becomes a list of ``{id, value}`` rows, so
    that rows can be added and removed like any other list; in the dispatch's parts every item
    is a ``{text, items}`` row and the lists of lines (free paragraphs, sub-items) are one text,
    a line each. Input that is not even the right shape (a broken file, a campaign in the old
    shape) is kept as far as it goes; the validator names what is wrong.
    """
    out = plain_data(upgrade(data))
    if "review" in out:  # what `vanthu import` could not place: one note a line
        out["review"] = _lines(out["review"])
    if isinstance(out.get("kinds"), dict):  # one text box, a line "loại: cấp" each
        out["kinds"] = "\n".join(f"{k}: {v}" for k, v in out["kinds"].items())
    for unit in out.get("units") or []:
        if isinstance(unit, dict) and isinstance(unit.get("quotas"), dict):
            unit["quotas"] = [{"id": k, "value": v} for k, v in unit["quotas"].items()]
    for target in out.get("targets") or []:
        if isinstance(target, dict):  # a target's points: one text box, a line each
            target["items"] = _lines(target.get("items"))
    dispatch = out.get("dispatch") if isinstance(out.get("dispatch"), dict) else {}
    for part in dispatch.get("parts") or []:
        if not isinstance(part, dict):
            continue
        part["paragraphs"] = _lines(part.get("paragraphs"))
        part["table"] = _lines(part.get("table"))  # a row a line, cells split by " | "
        items = part.get("items") if isinstance(part.get("items"), list) else []
        part["items"] = [{"text": item.get("text"), "items": _lines(item.get("items"))} if isinstance(item, dict)
                         else {"text": item, "items": ""} for item in items]
    return out


def _lines(value: Any) -> Any:
    return "\n".join(str(v) for v in value) if isinstance(value, list) else value or ""


def form_levels(form_data: dict[str, Any]) -> list[tuple[str, str]]:
    """The levels the form offers (id, name): the campaign's as typed in the form, else the default."""
    rows = form_data.get("levels") if isinstance(form_data.get("levels"), list) else []
    pairs = [(str(r.get("id") or "").strip(), str(r.get("name") or "").strip()) for r in rows if isinstance(r, dict)]
    return [(i, n or i) for i, n in pairs if i] or list(DEFAULT_LEVELS)


def _kinds(text: Any, problems: dict[str, str]) -> Any:
    """The kinds box (``thôn: grassroots`` a line) → the ``kinds`` mapping."""
    if not isinstance(text, str):
        return text
    out: dict[str, str] = {}
    for line in text.splitlines():
        kind, colon, level = line.partition(":")
        if not line.strip():
            continue
        if not colon or not kind.strip() or not level.strip():
            problems["kinds"] = msg("dòng “{line}”: viết loại đơn vị, dấu hai chấm, rồi cấp (ví dụ thôn: grassroots)",
                                    line=line.strip())
            continue
        out[" ".join(kind.split())] = level.strip()
    return out


def targets_part(form_data: dict[str, Any]) -> int | None:
    """The index of the part the form shows the targets in: the first one marked, if any."""
    dispatch = form_data.get("dispatch") if isinstance(form_data.get("dispatch"), dict) else {}
    parts = dispatch.get("parts") if isinstance(dispatch.get("parts"), list) else []
    return next((i for i, p in enumerate(parts) if isinstance(p, dict) and p.get("targets") in (True, "true", "on")),
                None)


def form_warnings(campaign: Campaign) -> dict[str, str]:
    """The campaign's warnings (:meth:`Campaign.warnings`) keyed by form field name."""
    out: dict[str, str] = {}
    for loc, message in campaign.warnings():
        name = _form_key(format_loc(loc), {})
        out[name] = f"{out[name]} {message}" if name in out else message
    return out


def _insert(tree: dict[str, Any], parts: list[str], value: Any) -> None:
    node: Any = tree
    for i, part in enumerate(parts):
        last = i == len(parts) - 1
        key: Any = int(part) if part.isdigit() else part
        if isinstance(key, int):
            # Lists arrive as {index: item} and are turned into lists in index order later.
            if not isinstance(node, dict):
                return
        if last:
            node[key] = value
        else:
            node = node.setdefault(key, {})
            if not isinstance(node, dict):
                return


def _listify(node: Any) -> Any:
    if isinstance(node, dict):
        if node and all(isinstance(k, int) for k in node):
            return [_listify(node[k]) for k in sorted(node)]
        return {k: _listify(v) for k, v in node.items()}
    return node


def from_form(form: MultiDict[str, str]) -> dict[str, Any]:
    """The posted fields → form-shaped nested data (strings as typed, lists in index order).

    A field name no form of the app posts (more than :data:`MAX_FIELD_DEPTH` parts, an index of
    more than :data:`MAX_INDEX_DIGITS` digits) ends the request with a 400 page saying so.
    """
    tree: dict[str, Any] = {}
    for name in form:
        if name in _SKIP or name.startswith("_"):
            continue
        parts = name.split("-")
        if len(parts) > MAX_FIELD_DEPTH or any(p.isdigit() and len(p) > MAX_INDEX_DIGITS for p in parts):
            # Not a name this app's forms post: refused before it is nested (a name 500 parts
            # deep exhausted Python's stack in the nesting, the copies and the model).
            abort(make_response(error_page(400, detail=_("Biểu mẫu gửi lên có tên trường không hợp lệ (lồng quá "
                                                         "sâu hoặc số thứ tự quá lớn). Hãy tải lại trang rồi sửa lại."))))
        if name == "review":  # a hidden box per note; the notes ticked off in the edit page are dropped
            done = set(form.getlist("_review_done"))
            value: Any = "\n".join(v for v in form.getlist(name) if v not in done)
        elif parts[-1] in MULTI_FIELDS:
            value = [v for v in form.getlist(name) if v]
        else:
            value = form.get(name, "")
        _insert(tree, parts, value)
    return _listify(tree)


def _empty(value: Any) -> bool:
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, dict):
        return all(_empty(v) for k, v in value.items() if k not in MULTI_FIELDS | DEFAULTED_FIELDS)
    if isinstance(value, list):
        return all(_empty(v) for v in value)
    return value is None


def _number(value: str, where: tuple[Any, ...], problems: dict[str, str]) -> Any:
    try:
        number = parse_decimal(value.strip(), locale="vi", strict=True)
    except NumberFormatError:
        problems[format_loc(where)] = msg("số không đúng dạng: dùng dấu chấm ngăn hàng nghìn và dấu phẩy "
                                          "trước phần thập phân, ví dụ 12.000 hoặc 12,5")
        return value
    return int(number) if number == number.to_integral_value() else float(number)


def _date(text: str, where: tuple[Any, ...], problems: dict[str, str]) -> str:
    """``10/02/2023`` (day first, as Vietnamese write it; ISO is accepted too) → ``2023-02-10``."""
    match = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", text) or re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text)
    if match:
        parts = [int(g) for g in match.groups()]
        day, month, year = parts if "/" in text else parts[::-1]
        try:
            return dt.date(year, month, day).isoformat()
        except ValueError:
            problems[format_loc(where)] = msg("không có ngày {day}/{month}/{year}", day=day, month=month, year=year)
            return text
    problems[format_loc(where)] = msg("ngày viết dạng ngày/tháng/năm, ví dụ 10/02/2023")
    return text


def to_payload(form_data: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """Form-shaped data → model-shaped data, plus the problems only the form can have.

    Empty texts are left out (so a required one is reported missing and an optional one takes
    its default), list rows left entirely blank are dropped, numbers are read the Vietnamese
    way, and quota rows become the ``quotas`` mapping.
    """
    problems: dict[str, str] = {}

    def clean(value: Any, where: tuple[Any, ...]) -> Any:
        if isinstance(value, dict):
            out = {}
            for key, item in value.items():
                if key in BOOL_FIELDS and not isinstance(item, (list, dict)):
                    out[key] = item in ("true", "on", True)
                    continue
                if key in OPTIONAL_GROUPS and _empty(item):
                    continue
                cleaned = clean(item, where + (key,))
                if cleaned is not None:
                    out[key] = cleaned
            return out
        if isinstance(value, list):
            if len(where) > 1 and where[-1] in MULTI_FIELDS:  # a target's levels, not the campaign's
                return [v for v in value if isinstance(v, str) and v]
            rows = [v for v in value if not _empty(v)]
            return [clean(v, where + (i,)) for i, v in enumerate(rows)]
        if isinstance(value, str) and where and where[-1] in LINE_FIELDS:
            return [line.strip() for line in value.splitlines() if line.strip()]
        if isinstance(value, str):
            text = value.strip()
            if not text:
                return None
            if where and where[-1] in NUMBER_FIELDS:
                return _number(text, where, problems)
            if where and where[-1] == "founded" and re.fullmatch(r"\d{1,4}", text):
                return int(text)  # a founding year alone
            if where and where[-1] in DATE_FIELDS | {"founded"}:
                return _date(text, where, problems)
            return text
        return value

    payload = clean(form_data, ())
    if "kinds" in payload:
        payload["kinds"] = _kinds(payload["kinds"], problems)
    for u, unit in enumerate(payload.get("units") or []):
        if isinstance(unit, dict) and isinstance(unit.get("quotas"), list):
            quotas: dict[str, Any] = {}
            for q, row in enumerate(unit["quotas"]):
                key = str(row.get("id", "")).strip()
                if not key:
                    problems[format_loc(("units", u, "quotas", q, "id"))] = msg("cần điền Mã chỉ tiêu")
                elif key in quotas:
                    problems[format_loc(("units", u, "quotas", q, "id"))] = msg("Mã chỉ tiêu “{code}” bị lặp lại",
                                                                                code=key)
                quotas[key] = row.get("value", "")
            unit["quotas"] = quotas
    return payload, problems


def validate(payload: dict[str, Any], source: str) -> Campaign:
    """Validate model-shaped data with the core, as a file named ``source`` would be (no YAML)."""
    return validate_data(payload, source)


def form_errors(exc: CampaignError | None, extra: dict[str, str], form_data: dict[str, Any]) -> dict[str, str]:
    """Error messages keyed by form field name (``targets-4-text``); ``""`` for the whole file."""
    by_field = dict(extra)
    if exc is not None:
        for key, message in exc.by_field().items():
            by_field.setdefault(key, message)
    out: dict[str, str] = {}
    for key, message in by_field.items():
        name = _form_key(key, form_data)
        out.setdefault(name, message)
    return out


def _form_key(loc: str, form_data: dict[str, Any]) -> str:
    # "units[2].quotas.mau" names a quota by its id; the form names its row by position.
    match = re.fullmatch(r"units\[(\d+)\]\.quotas\.(.+)", loc)
    if match:
        u, key = int(match.group(1)), match.group(2)
        try:
            rows = form_data["units"][u]["quotas"]
            for q, row in enumerate(r for r in rows if not _empty(r)):
                if str(row.get("id", "")).strip() == key:
                    return field_name("units", u, "quotas", q, "value")
        except (KeyError, IndexError, TypeError):
            pass
        return field_name("units", u, "quotas")
    # One text box holds a part's free paragraphs, another an item's (or a target's) sub-items, a line each.
    loc = re.sub(r"^(dispatch\.parts\[\d+\]\.(?:paragraphs|table|items\[\d+\]\.items)|targets\[\d+\]\.items)\[\d+\]$",
                 r"\1", loc)
    return re.sub(r"\[(\d+)\]", r"-\1", loc).replace(".", "-")


_OP = re.compile(r"^(add|del|up|down):([a-z_]+(?:-[a-z0-9_]+)*)$")


def apply_op(form_data: dict[str, Any], op: str) -> bool:
    """Apply a list button (``add:targets``, ``del:targets-4``, ``up:…``, ``down:…``); ``True`` if done."""
    match = _OP.match(op)
    if not match:
        return False
    action, path = match.group(1), match.group(2).split("-")
    if action == "add":
        container, key = _walk(form_data, path[:-1]), path[-1]
        if not isinstance(container, dict):
            return False
        items = container.setdefault(key, [])
        if not isinstance(items, list):
            return False
        items.append(copy.deepcopy(LIST_ITEM_DEFAULTS.get(key, "")))
        return True
    if not path[-1].isdigit():
        return False
    items, index = _walk(form_data, path[:-1]), int(path[-1])
    if not isinstance(items, list) or not 0 <= index < len(items):
        return False
    if action == "del":
        del items[index]
    else:
        other = index - 1 if action == "up" else index + 1
        if not 0 <= other < len(items):
            return False
        items[index], items[other] = items[other], items[index]
    return True


def _walk(node: Any, parts: list[str]) -> Any:
    for part in parts:
        if isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        elif isinstance(node, dict):
            node = node.get(part)
        else:
            return None
    return node
