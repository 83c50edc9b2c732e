"""From a past dispatch to a campaign: read it, map it (:mod:`app.importer.campaign_data`),
validate it, and write it as a new campaign file.

:func:`import_campaign` never raises on a document it does not understand (only on a file that
is not a DOCX or a text at all, :class:`DispatchImportError`): a value the campaign model refuses
(a text with a ``[[`` that does not evaluate, an empty line …) is taken out of the data or
replaced by a placeholder, and said in ``review`` with its text, until the campaign validates.
"""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.campaign import Campaign
from app.importer.campaign_data import PLACEHOLDER, to_campaign_data
from app.importer.model import ImportedDispatch
from app.importer.render import RoundTrip, compare_lines
from app.loader import CampaignError, dump_campaign, plain_data, validate_data
from app.messages import msg
from app.yamlio import dump_yaml

__all__ = ["ImportedCampaign", "import_campaign", "campaign_yaml", "kept_lines", "MAX_IMPORT_BYTES"]

MAX_IMPORT_BYTES = 4 * 1024 * 1024  # a dispatch is tens of KB; the web accepts no larger request


@dataclass
class ImportedCampaign:
    """A dispatch read and turned into a campaign: ``campaign`` is ``None`` only when the data
    could not be made to validate (then ``problems`` says why)."""

    dispatch: ImportedDispatch
    data: dict[str, Any]
    campaign: Campaign | None
    problems: list[str] = field(default_factory=list)

    @property
    def review(self) -> list[str]:
        return list(self.data.get("review") or [])


def _loc(text: str) -> list[str | int]:
    """``dispatch.parts[2].items[1]`` → ``["dispatch", "parts", 2, "items", 1]``."""
    return [int(p) if p.isdigit() else p for p in re.findall(r"[^.\[\]]+", text)]


def _repair(data: dict[str, Any], where: str, message: str) -> bool:
    """Take the value at ``where`` out of ``data`` (or put a placeholder), noting it in review."""
    loc = _loc(where)
    if not loc or loc[0] == "review":
        return False
    if loc == ["signer"] and isinstance(data.get("signer"), dict):  # a signer block that does not hold together
        data.setdefault("review", []).append(msg("signer: {message}: người ký đã đọc được “{signer}”, cần sửa", message=message, signer=data['signer']))
        data["signer"] = {"title": "(CHỨC VỤ)", "name": "(Họ và tên)"}
        return True
    node: Any = data
    for key in loc[:-1]:
        try:
            node = node[key]
        except (KeyError, IndexError, TypeError):
            return False
    last = loc[-1]
    value = node[last] if isinstance(node, list) and isinstance(last, int) and last < len(node) else (
        node.get(last) if isinstance(node, dict) else None)
    shown = " / ".join(str(value).splitlines()) if value is not None else ""
    if isinstance(node, list) and isinstance(last, int) and last < len(node):
        del node[last]
    elif isinstance(node, dict) and isinstance(last, str):
        if value is None or (isinstance(value, str) and value != PLACEHOLDER):
            node[last] = PLACEHOLDER
        elif last in node:
            del node[last]
        else:
            return False
    else:
        return False
    data.setdefault("review", []).append(msg("{where}: “{shown}” không dùng được ({message}): đã bỏ ra hoặc ghi tạm, "
                                         "cần sửa", where=where, shown=shown, message=message))
    return True


def _validated(data: dict[str, Any]) -> tuple[Campaign | None, list[str]]:
    problems: list[str] = []
    for _ in range(50):
        try:
            return validate_data(data, "import"), []
        except CampaignError as exc:
            problems = [p.format("import") for p in exc.problems]
            if not any([_repair(data, p.field, p.message) for p in exc.problems if p.field]):
                break
    return None, problems


def import_campaign(source: Any, filename: str | None = None) -> ImportedCampaign:
    """Read the dispatch ``source`` (a path, or the bytes of an upload named ``filename``) and
    make a campaign of it, with what it could not place in ``review``."""
    from app.dispatch_import import read_dispatch

    imported = read_dispatch(source, filename)
    data = to_campaign_data(imported)
    campaign, problems = _validated(data)
    return ImportedCampaign(imported, data, campaign, problems)


def campaign_yaml(result: ImportedCampaign) -> str:
    """The campaign file's text: a comment naming the source, then the campaign (defaults left out)."""
    body = dump_campaign(result.campaign) if result.campaign is not None else dump_yaml(plain_data(result.data))
    note = ("# Nhập từ công văn “{}” (vanthu import). Các ghi chú trong review: những gì chưa đặt được vào\n"
            "# chiến dịch; đọc, sửa, rồi xóa.\n").format(" ".join(result.dispatch.source.split()))
    return note + body


def kept_lines(source: Any, filename: str | None, campaign: Campaign) -> RoundTrip:
    """How many of the original's lines vanthu prints again from ``campaign`` (its DOCX, read back)."""
    from app.dispatch import render_dispatch
    from app.dispatch_import import original_lines

    with tempfile.TemporaryDirectory() as folder:
        (docx,) = render_dispatch(campaign, Path(folder), "import")
        printed = [line for line in original_lines(docx) if line]
    return compare_lines(original_lines(source, filename), printed)
