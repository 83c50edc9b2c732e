"""Campaign files in the old shape: read as they are, or rewritten in the new one.

Until the body became a list of parts (``dispatch.parts``, :mod:`app.dispatch_model`), a
campaign had four fixed parts: top-level ``objectives``, ``targets``, ``contents`` and
``assignments`` under the headings of ``dispatch.headings``, printed ``I.``–``IV.`` when not
empty, objectives dashed and the rest numbered ``1.``. :func:`upgrade` turns such data into the
new shape (the campaign model calls it before validating, so every path reads old files);
:func:`locator` lets the loader name an error by the field the file really has; and
:func:`migrate_text` rewrites a file in the new shape keeping its comments (``vanthu migrate``).
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from typing import Any

__all__ = ["LEGACY_PARTS", "is_legacy", "upgrade", "locator", "migrate_text", "migrate_file"]

Loc = tuple[Any, ...]

# The old parts in print order: (key, default heading, item numbering).
LEGACY_PARTS = (
    ("objectives", "Mục tiêu thi đua", "dash"),
    ("targets", "Chỉ tiêu cụ thể", None),
    ("contents", "Nội dung thi đua", None),
    ("assignments", "Tổ chức thực hiện", None),
)
_LEGACY_KEYS = ("objectives", "contents", "assignments")


def is_legacy(data: Any) -> bool:
    """Whether ``data`` is a campaign in the old shape: no ``dispatch.parts``, and old parts or
    targets (a new-shape campaign with targets must have a part that prints them)."""
    if not isinstance(data, dict):
        return False
    dispatch = data.get("dispatch")
    if isinstance(dispatch, dict) and "parts" in dispatch:
        return False
    return (any(key in data for key in _LEGACY_KEYS) or bool(data.get("targets"))
            or (isinstance(dispatch, dict) and "headings" in dispatch))


def _legacy_plan(data: dict[str, Any]) -> list[tuple[str, str, str | None]]:
    """The old parts that print (not empty), each with its heading and item numbering."""
    dispatch = data.get("dispatch") if isinstance(data.get("dispatch"), dict) else {}
    headings = dispatch.get("headings") if isinstance(dispatch.get("headings"), dict) else {}
    return [(key, headings.get(key, heading), numbering) for key, heading, numbering in LEGACY_PARTS if data.get(key)]


def _new_part(key: str, heading: Any, numbering: str | None, items: Any) -> dict[str, Any]:
    part: dict[str, Any] = {"heading": heading}
    if numbering:
        part["item_numbering"] = numbering
    if key == "targets":
        part["targets"] = True
    else:
        part["items"] = items
    return part


def upgrade(data: Any) -> Any:
    """Old-shape campaign data in the new shape (a new dict); anything else as it is.

    An old part without items printed nothing, so it becomes no part at all; the rendered
    dispatch stays the same line for line.
    """
    if not is_legacy(data):
        return data
    new = {key: value for key, value in data.items() if key not in _LEGACY_KEYS}
    dispatch = dict(data["dispatch"]) if isinstance(data.get("dispatch"), dict) else None
    if dispatch is None:
        return new  # no dispatch at all: the validator says so
    headings = dispatch.pop("headings", None)
    if headings is not None and not isinstance(headings, dict):
        dispatch["headings"] = headings  # not even a mapping: left for the validator to name
    parts = [_new_part(key, heading, numbering, data[key]) for key, heading, numbering in _legacy_plan(data)]
    new["dispatch"] = {}
    for key, value in dispatch.items():  # parts where the old body stood: after the opening
        if key in ("closing", "distribution", "archive") and "parts" not in new["dispatch"]:
            new["dispatch"]["parts"] = parts
        new["dispatch"][key] = value
    new["dispatch"].setdefault("parts", parts)
    return new


def locator(data: Any) -> Callable[[Loc], Loc]:
    """A function from a model location to the location of the same value in ``data`` as read.

    ``dispatch.parts[0].items[3].text`` is ``objectives[3]`` in an old file, and
    ``dispatch.parts[0].items[3]`` in a new one where that item is plain text; any other
    location stays as it is.
    """
    legacy = {i: key for i, (key, _, _) in enumerate(_legacy_plan(data))} if is_legacy(data) else {}

    def relocate(loc: Loc) -> Loc:
        if loc[:2] != ("dispatch", "parts") or len(loc) < 3 or not isinstance(loc[2], int):
            return loc
        rest = loc[3:]
        if rest[:1] == ("items",) and len(rest) >= 3 and rest[2] == "text" and not _is_mapping(data, loc[:5]):
            rest = rest[:2]  # an item written as plain text
        if loc[2] not in legacy:
            return loc[:3] + rest
        key = legacy[loc[2]]
        if rest[:1] == ("items",) or (key == "targets" and rest[:1] != ("heading",)):
            return (key,) + rest[1:]
        if rest[:1] == ("heading",):
            return ("dispatch", "headings", key)
        return (key,)

    return relocate


def _is_mapping(data: Any, loc: Loc) -> bool:
    if is_legacy(data):
        return False  # old parts were lists of texts
    node = data
    for part in loc:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return False
    return isinstance(node, dict)


def migrate_text(text: str) -> str | None:
    """The campaign YAML ``text`` rewritten in the new shape, comments kept; ``None`` when it is
    already in the new shape (or not a campaign at all).

    The old lists are moved, not copied, into ``dispatch.parts`` (inserted after ``opening``),
    so the comments among their items go with them; ``dispatch.headings`` becomes each part's
    heading. The caller checks that the result reads as the same campaign.
    """
    from app.yamlio import round_trip_yaml

    if re.search(r"^\s*parts\s*:", text, re.M):
        return None  # the usual new file, told without parsing it
    yaml_rt = round_trip_yaml()
    document = yaml_rt.load(text)
    if not is_legacy(document) or not isinstance(document.get("dispatch"), dict):
        return None
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    dispatch = document["dispatch"]
    headings = dispatch.get("headings") if isinstance(dispatch.get("headings"), dict) else {}
    parts = CommentedSeq()
    for key, heading, numbering in _legacy_plan(document):
        part = CommentedMap(_new_part(key, heading, numbering, document.get(key)))
        _drop_trailing_blank(part.get("items"))
        _move_comments(document, key, headings, part)
        parts.append(part)
    for key in _LEGACY_KEYS:
        if key in document:
            del document[key]
    if "headings" in dispatch:
        parts.ca.comment = [_comment(dispatch, "headings"), None]  # after "parts:"
        del dispatch["headings"]
    keys = list(dispatch)
    position = keys.index("opening") + 1 if "opening" in keys else next(
        (keys.index(k) for k in ("closing", "distribution", "archive") if k in keys), len(keys))
    dispatch.insert(position, "parts", parts)
    buffer = io.StringIO()
    yaml_rt.dump(document, buffer)
    return _blank_lines_kept(text, buffer.getvalue())


def _comment(mapping: Any, key: str) -> Any:
    """The comment after ``key: value`` on its line (with any comment lines after it), if any."""
    entry = mapping.ca.items.get(key) if hasattr(mapping, "ca") else None
    return entry[2] if entry and len(entry) > 2 else None


def _move_comments(document: Any, key: str, headings: Any, part: Any) -> None:
    """Comments that belonged to an old part go with its new one: the lines above the old key
    above the part, the comment after its heading in ``dispatch.headings`` after the heading."""
    entry = document.ca.items.get(key)
    above = [line.strip()[1:].strip() for token in (entry[1] or [] if entry else [])
             for line in token.value.splitlines() if line.strip().startswith("#")]
    if above:
        part.yaml_set_start_comment("\n".join(above), indent=4)
    after = _comment(headings, key)
    if after is not None:
        part.ca.items["heading"] = [None, None, _indented(after, 6), None]
    items = part.get("items")
    for entry in getattr(getattr(items, "ca", None), "items", {}).values():
        entry[0] = _indented(entry[0], 8)


def _indented(token: Any, indent: int) -> Any:
    """A comment token whose comment lines (after the first) start at ``indent``, where its
    value now stands; ruamel writes a token's lines as they were read."""
    if token is not None and "\n" in token.value.rstrip("\n"):
        first, *rest = token.value.split("\n")
        token.value = "\n".join([first] + [" " * indent + line.strip() if line.strip() else "" for line in rest])
    return token


def _drop_trailing_blank(items: Any) -> None:
    # The blank line after an old top-level list belongs to its last item: inside a part it
    # would open a gap in the list of parts.
    comments = getattr(getattr(items, "ca", None), "items", None)
    if comments and len(items) - 1 in comments:
        token = comments[len(items) - 1][0]
        if token is not None and not token.value.strip():
            del comments[len(items) - 1]


def _blank_lines_kept(before: str, after: str) -> str:
    """``after`` with a blank line again before each top-level key that had one in ``before``."""
    def spaced(text: str) -> set[str]:
        lines = text.splitlines()
        return {line.split(":")[0] for previous, line in zip(lines, lines[1:], strict=False)
                if not previous.strip() and re.match(r"[a-z_]+:", line)}

    wanted = spaced(before) - spaced(after)
    out: list[str] = []
    for line in after.splitlines(keepends=True):
        if re.match(r"[a-z_]+:", line) and line.split(":")[0] in wanted and out and out[-1].strip():
            out.append("\n")
        out.append(line)
    return "".join(out)


def migrate_file(path: Any) -> bool:
    """Rewrite the campaign file at ``path`` in the new shape; ``False`` when it already is.

    The file must validate first (:class:`app.loader.CampaignError` otherwise); it is saved like
    any edit (:func:`app.loader.save_campaign`: comments kept by :func:`migrate_text`, the result
    read back and compared, the previous version kept in ``.history/``).
    """
    from app.loader import decode_campaign, read_campaign_bytes, read_campaign_yaml, save_campaign, validate_data

    source = str(path)
    raw = read_campaign_bytes(path)
    data, where = read_campaign_yaml(decode_campaign(raw, source), source)
    campaign = validate_data(data, source, where)
    if not is_legacy(data):
        return False
    save_campaign(campaign, path, previous=raw)
    return True
