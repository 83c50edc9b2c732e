"""A campaign's saved versions, its trash, and replacing its file with other bytes (issue 10.3).

Every save keeps the previous bytes in ``campaigns/.history/<name>.<stamp>.yaml`` (see
:func:`app.loader.save_campaign`). Here they are listed, compared with the current file and
restored; a deleted campaign (its file and its ``campaigns/<name>/`` folder of results and
nominees) is moved into ``campaigns/.trash/<stamp>/``, never destroyed, and can be put back.
Restoring and uploading go through :func:`replace_file`: the bytes are validated by the loader
first, the version the clerk started from is checked under :data:`app.store.write_lock`, the
current file goes to history, and the new bytes are written atomically.
No web framework here.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from app import store
from app.campaign import Campaign
from app.fsutil import atomic_write_bytes
from app.loader import decode_campaign, parse_campaign

__all__ = ["Version", "Trashed", "versions", "version_file", "diff_lines", "check_bytes", "replace_file",
           "restore", "trash", "trashed", "untrash", "stamp_time", "HISTORY", "TRASH"]

HISTORY = ".history"
TRASH = ".trash"
STAMP_FORMAT = "%Y%m%d-%H%M%S-%f"
STAMP_RE = re.compile(r"\d{8}-\d{6}-\d{6}")


@dataclass
class Version:
    """One saved version of a campaign: its stamp (the URL names it by that), time and size."""

    stamp: str
    path: Path
    saved: dt.datetime
    size: int


@dataclass
class Trashed:
    """A deleted campaign: where it lies in the trash, when it was deleted, what went with it."""

    stamp: str
    name: str
    deleted: dt.datetime
    has_folder: bool


def stamp_time(stamp: str) -> dt.datetime:
    return dt.datetime.strptime(stamp, STAMP_FORMAT)


def _new_stamp() -> str:
    return dt.datetime.now().strftime(STAMP_FORMAT)


def versions(folder: Path, name: str) -> list[Version]:
    """The saved versions of campaign ``name`` (the file before each save), newest first."""
    pattern = re.compile(re.escape(name) + r"\.(" + STAMP_RE.pattern + r")\.yaml")
    found = []
    for path in (folder / HISTORY).glob(f"{name}.*.yaml"):
        match = pattern.fullmatch(path.name)
        if match and path.is_file():
            found.append(Version(match.group(1), path, stamp_time(match.group(1)), path.stat().st_size))
    found.sort(key=lambda v: v.stamp, reverse=True)
    return found


def version_file(folder: Path, name: str, stamp: str) -> Path | None:
    """The file of version ``stamp`` of campaign ``name``, or ``None`` (unsafe name or stamp, no file)."""
    if not store.SLUG_RE.fullmatch(name) or not STAMP_RE.fullmatch(stamp):
        return None
    path = folder / HISTORY / f"{name}.{stamp}.yaml"
    return path if path.is_file() else None


def _text(raw: bytes) -> str:
    return raw.decode("utf-8-sig", errors="replace")


def diff_lines(old: bytes, new: bytes, old_label: str, new_label: str) -> list[str]:
    """A unified diff of two campaign files' YAML text (three lines of context), without line ends."""
    return list(difflib.unified_diff(_text(old).splitlines(), _text(new).splitlines(),
                                     old_label, new_label, lineterm=""))


def check_bytes(raw: bytes, source: str) -> Campaign:
    """The campaign in ``raw`` (a file's bytes), validated as ``vanthu validate`` does; raises
    :class:`app.loader.CampaignError` naming ``source`` and the lines."""
    return parse_campaign(decode_campaign(raw, source), source)


def replace_file(path: Path, raw: bytes, *, version: str) -> Path:
    """Write ``raw`` (already validated) to ``path`` if the file is still at ``version``
    (:data:`app.store.MISSING` for a new file), else :class:`app.store.VersionConflict`; the
    current bytes go to ``.history/`` first."""
    with store.write_lock:
        try:
            previous = path.read_bytes()
        except FileNotFoundError:
            previous = None
        found = store.version_of(previous)
        if found != version:
            raise store.VersionConflict(path, version, found)
        if previous is not None:
            atomic_write_bytes(path.parent / HISTORY / f"{path.stem}.{_new_stamp()}.yaml", previous)
        return atomic_write_bytes(path, raw)


def restore(folder: Path, name: str, stamp: str, *, version: str) -> Path:
    """Make version ``stamp`` the current file of ``name`` (the current one goes to history).

    Raises ``FileNotFoundError`` for an unknown version, :class:`app.loader.CampaignError` when
    that version does not validate, :class:`app.store.VersionConflict` when the file changed.
    """
    old = version_file(folder, name, stamp)
    target = store.campaign_path(folder, name)
    if old is None or target is None:
        raise FileNotFoundError(stamp)
    raw = old.read_bytes()
    check_bytes(raw, f"{name}.yaml")
    return replace_file(target, raw, version=version)


def trash(folder: Path, name: str) -> str:
    """Move campaign ``name`` (its file and its ``name/`` folder) into ``.trash/<stamp>/``; the stamp."""
    path = store.campaign_path(folder, name)
    if path is None:
        raise ValueError(name)
    with store.write_lock:
        if not path.is_file():
            raise FileNotFoundError(name)
        stamp = _new_stamp()
        bin_dir = folder / TRASH / stamp
        bin_dir.mkdir(parents=True)
        path.replace(bin_dir / path.name)
        if (folder / name).is_dir():
            shutil.move(str(folder / name), str(bin_dir / name))
    return stamp


def trashed(folder: Path) -> list[Trashed]:
    """The deleted campaigns, most recently deleted first."""
    found = []
    for bin_dir in (folder / TRASH).glob("*"):
        if not (bin_dir.is_dir() and STAMP_RE.fullmatch(bin_dir.name)):
            continue
        for path in bin_dir.glob("*.yaml"):
            if store.SLUG_RE.fullmatch(path.stem):
                found.append(Trashed(bin_dir.name, path.stem, stamp_time(bin_dir.name),
                                     (bin_dir / path.stem).is_dir()))
    found.sort(key=lambda t: (t.stamp, t.name), reverse=True)
    return found


def untrash(folder: Path, stamp: str, name: str) -> Path:
    """Put campaign ``name`` deleted at ``stamp`` back; :class:`app.store.NameTaken` if the name is
    used again (by a file or a folder), ``FileNotFoundError`` if there is no such deleted campaign."""
    target = store.campaign_path(folder, name)
    if target is None or not STAMP_RE.fullmatch(stamp):
        raise FileNotFoundError(name)
    bin_dir = folder / TRASH / stamp
    with store.write_lock:
        if not (bin_dir / target.name).is_file():
            raise FileNotFoundError(name)
        if target.exists() or (folder / name).exists():
            raise store.NameTaken(name)
        if (bin_dir / name).is_dir():
            shutil.move(str(bin_dir / name), str(folder / name))
        (bin_dir / target.name).replace(target)
        if not any(bin_dir.iterdir()):
            bin_dir.rmdir()
    return target
