"""The campaigns folder as the web app sees it: safe names, listing, versions, new files.

Every path the web layer opens comes from :func:`campaign_path`, which accepts only names that
match :data:`app.loader.SLUG_RE`; no request can name a file outside the campaigns folder.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from app.campaign import Campaign
from app.fsutil import atomic_write_bytes, atomic_write_text
from app.loader import SLUG_RE, CampaignError, Problem, load_campaign, parse_campaign

__all__ = [
    "Entry", "campaign_path", "list_entries", "file_version", "read_raw_data",
    "create_campaign", "skeleton_text", "write_lock", "NameTaken",
]

# One lock for every write to the campaigns folder: "compare the version, then save" and
# "check the name is free, then create" must not interleave between two requests.
write_lock = threading.Lock()


class NameTaken(ValueError):
    """A new campaign's name is already used by a file in the campaigns folder."""


@dataclass
class Entry:
    """One file of the campaigns folder: the campaign, or the problems that stop it loading."""

    name: str
    path: Path
    modified: dt.datetime
    campaign: Campaign | None
    problems: list[str]
    usable_name: bool


def campaign_path(folder: Path, name: str) -> Path | None:
    """``folder/<name>.yaml`` when ``name`` is a safe campaign name, else ``None``."""
    if not SLUG_RE.fullmatch(name):
        return None
    return folder / f"{name}.yaml"


def list_entries(folder: Path) -> list[Entry]:
    """Every ``*.yaml`` file of ``folder``, newest first; broken files carry their problems."""
    entries = []
    for path in folder.glob("*.yaml"):
        if not path.is_file():
            continue
        name = path.stem
        modified = dt.datetime.fromtimestamp(path.stat().st_mtime)
        usable = bool(SLUG_RE.fullmatch(name))
        try:
            campaign, problems = load_campaign(path), []
        except CampaignError as exc:
            # Name the file by its own name, not by the server's absolute path.
            campaign, problems = None, [p.format(path.name) for p in exc.problems]
        if not usable:
            problems.append(f"{path.name}: tên tệp chỉ được dùng chữ thường không dấu, số và '-' "
                            "để mở trên web (ví dụ lao-cai-2024.yaml)")
        entries.append(Entry(name, path, modified, campaign, problems, usable))
    entries.sort(key=lambda e: (e.modified, e.name), reverse=True)
    return entries


def file_version(path: Path) -> str:
    """A fingerprint of the file's bytes, to notice that someone else saved it meanwhile."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except FileNotFoundError:
        return "missing"


def read_raw_data(path: Path) -> dict[str, Any] | None:
    """The file's YAML as plain data even when it does not validate; ``None`` if unreadable."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None
    return data if isinstance(data, dict) else None


def skeleton_text(year: int) -> str:
    """A minimal valid campaign for ``year`` whose every value says what to write there."""
    return f"""\
# Chiến dịch mới: sửa các giá trị dưới đây (hoặc mở trang "Sửa" trên web).
year: {year}
issuer:
  parent: TW Hội Chữ thập đỏ Việt Nam
  name: Hội Chữ thập đỏ tỉnh (tên tỉnh)
  abbreviation: CTĐ
  place: (địa danh)
dispatch:
  number: 1
  drafting_unit: VP
  date: {year}-01-02
  subject: phát động phong trào thi đua [[ nam ]]
  addressees:
    - Hội Chữ thập đỏ các xã, phường và đơn vị trực thuộc
  distribution:
    - Như trên
  archive: [VT, VP]
objectives:
  - (mục tiêu thi đua năm [[ nam ]])
signer:
  authority: KT.
  head_title: Chủ tịch
  title: Phó Chủ tịch
  name: (họ và tên người ký)
"""


def create_campaign(folder: Path, name: str, *, source: Path | None, year: int) -> Path:
    """Create ``folder/<name>.yaml`` as a byte copy of ``source`` (comments kept) or the skeleton.

    Raises :class:`NameTaken` when the name is used and :class:`CampaignError` when the
    skeleton does not validate (a bug we want to see, not a file we want to write).
    """
    target = campaign_path(folder, name)
    if target is None:
        raise ValueError(name)
    with write_lock:
        if target.exists():
            raise NameTaken(name)
        if source is not None:
            atomic_write_bytes(target, source.read_bytes())
        else:
            text = skeleton_text(year)
            parse_campaign(text, f"{name}.yaml")
            atomic_write_text(target, text)
    return target


def problems_text(exc: CampaignError, name: str) -> list[str]:
    """The problems of ``exc`` as ``name.yaml:line: field: message`` lines."""
    return [p.format(f"{name}.yaml") for p in exc.problems]


def general_problems(exc: CampaignError) -> list[Problem]:
    """The problems not tied to any field (YAML syntax, file size)."""
    return [p for p in exc.problems if not p.field]
