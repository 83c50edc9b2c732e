"""A campaign's saved versions, its trash, and replacing its file with other bytes (issue 10.3).

Every save keeps the previous bytes in ``campaigns/.history/<name>.<stamp>.yaml`` (see
:func:`app.loader.save_campaign`). Here they are listed, compared with the current file and
restored; a deleted campaign (its file and its ``campaigns/<name>/`` folder of results and
nominees) is moved into ``campaigns/.trash/<stamp>/``, never destroyed, and can be put back.
Restoring and uploading go through :func:`replace_file`: the bytes are validated by the loader
first, the version the clerk started from is checked under :func:`app.store.locked`, the
current file goes to history, and the new bytes are written atomically.
No web framework here.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from app import store
from app.campaign import Campaign
from app.fsutil import atomic_write_bytes, atomic_write_text
from app.loader import decode_campaign, parse_campaign

__all__ = ["Version", "Trashed", "versions", "version_file", "diff_lines", "check_bytes", "replace_file",
           "restore", "trash", "trashed", "untrash", "stamp_time", "HISTORY", "TRASH", "Change", "record",
           "changes", "snapshot", "changed_since"]

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
    author: str = ""  # who wrote these bytes, when the log knows (the office network's login)


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
    log = [c for c in changes(folder, name) if c.file == f"{name}.yaml"]
    for version in found if log else []:
        # The newest logged change that left the file with these bytes before they were replaced.
        fingerprint = store.version_of(version.path.read_bytes())
        version.author = next((c.author for c in log if c.version == fingerprint and c.at <= version.saved), "")
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
    with store.locked(path):  # across processes too: another vanthu serve on the same folder
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
    with store.locked(path):
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
    with store.locked(target):
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


@dataclass
class Change:
    """One logged change of a campaign's files: when, by whom, what (``save``, ``create``,
    ``delete``, ``restore``, ``untrash``), which file (``name.yaml`` or ``name/results.yaml``) and
    the file's fingerprint afterwards (:data:`app.store.MISSING` when it is gone)."""

    at: dt.datetime
    author: str
    action: str
    file: str
    version: str


def _log_path(folder: Path, name: str) -> Path:
    return folder / HISTORY / f"{name}.log"


def record(folder: Path, name: str, change: Change) -> None:
    """Add ``change`` to the log of campaign ``name`` (kept when the campaign is deleted)."""
    path = _log_path(folder, name)
    line = json.dumps({"at": change.at.isoformat(timespec="microseconds"), "by": change.author,
                       "action": change.action, "file": change.file, "version": change.version},
                      ensure_ascii=False)
    with store.locked(path):  # the log is shared by every vanthu serve on the folder, as the files are
        try:
            old = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            old = ""
        atomic_write_text(path, old + line + "\n")


def changes(folder: Path, name: str) -> list[Change]:
    """The logged changes of campaign ``name``, newest first (an unreadable line is skipped)."""
    if not store.SLUG_RE.fullmatch(name):
        return []
    try:
        lines = _log_path(folder, name).read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        return []
    found = []
    for line in lines:
        try:
            item = json.loads(line)
            found.append(Change(dt.datetime.fromisoformat(item["at"]), str(item["by"]), str(item["action"]),
                                str(item["file"]), str(item["version"])))
        except (ValueError, KeyError, TypeError):
            continue
    found.sort(key=lambda c: c.at, reverse=True)
    return found


def snapshot(folder: Path) -> dict[str, tuple[int, int, int]]:
    """Every campaign file and every file of a campaign's folder (``name/results.yaml``), by
    path relative to ``folder``, with what shows a write (inode, size, modification time)."""
    found = {}
    for path in [*folder.glob("*.yaml"), *folder.glob("*/*.yaml")]:
        if path.name.startswith(".") or path.parent.name.startswith("."):
            continue
        try:
            info = path.stat()
        except FileNotFoundError:
            continue
        found[path.relative_to(folder).as_posix()] = (info.st_ino, info.st_size, info.st_mtime_ns)
    return found


def changed_since(folder: Path, before: dict[str, tuple[int, int, int]], *, author: str, name: str | None,
                  action: str | None = None) -> list[Change]:
    """Log, as ``author``'s, what changed in ``folder`` since :func:`snapshot` gave ``before``:
    the files of campaign ``name`` and any new campaign file (``name=None``: every file).

    Files are compared by inode, size and time, so no file is read unless it changed; ``action``
    names the change (else ``create``, ``delete`` or ``save`` by what happened to the file).
    """
    after = snapshot(folder)
    logged = []
    for file in sorted(set(before) | set(after)):
        if before.get(file) == after.get(file):
            continue
        campaign = file.split("/")[0].removesuffix(".yaml")
        if name is not None and campaign != name and not (file not in before and "/" not in file):
            continue
        kind = "create" if file not in before else "delete" if file not in after else "save"
        version = store.file_version(folder / file)
        change = Change(dt.datetime.now(), author, action or kind, file, version)
        record(folder, campaign, change)
        logged.append(change)
    return logged
