"""The campaigns folder: safe names, listing, versions, new files, and saving with a version check.

Every path a caller opens by name comes from :func:`campaign_path`, which accepts only names that
match :data:`SLUG_RE`; no request or command can name a file outside the campaigns folder. A
file is read once per use (:func:`read_campaign_file`: bytes → version, text, data, campaign),
and :func:`save` compares the version the editor started from with the file's bytes before
writing, under :func:`locked`: a lock between the threads of this process and a file lock
(``<folder>/.locks/<file>.lock``) between processes, so that two ``vanthu serve`` (or a command
run meanwhile) on the same folder never both save over one version. No web framework here: the
web app and the command line share it.
"""

from __future__ import annotations

import contextlib
import copy
import datetime as dt
import hashlib
import logging
import os
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from filelock import FileLock
from pydantic import BaseModel

from app.campaign import Campaign
from app.fsutil import atomic_write_bytes, atomic_write_text
from app.loader import (
    SLUG_RE,
    CampaignError,
    Problem,
    decode_campaign,
    parse_campaign,
    read_campaign_bytes,
    read_campaign_yaml,
    save_campaign,
    validate_data,
)
from app.lru import LruMap
from app.messages import msg
from app.skeleton import skeleton_text

__all__ = [
    "SLUG_RE", "Entry", "CampaignFile", "NameTaken", "VersionConflict", "campaign_path", "list_entries",
    "file_version", "version_of", "read_campaign_file", "read_raw_data", "skeleton_text",
    "create_campaign", "save", "forget", "CACHE_ENABLED", "write_lock", "locked", "LOCKS", "problems_text",
    "general_problems",
]

# One lock for every write to the campaigns folder: "compare the version, then save" and
# "check the name is free, then create" must not interleave between two requests.
write_lock = threading.Lock()
LOCKS = ".locks"  # the lock files, beside the files they guard (not *.yaml: never listed)


@contextlib.contextmanager
def locked(path: Path) -> Iterator[None]:
    """Hold the right to write ``path``: :data:`write_lock` in this process, and a lock on
    ``<path's folder>/.locks/<name>.lock`` against every other process (another ``vanthu serve``
    on the same folder, a command run meanwhile).

    The file lock is the ``filelock`` library's: fcntl.flock on POSIX, msvcrt.locking on
    Windows, released by the system when a process dies holding it (no stale lock to clean).
    """
    folder = path.parent / LOCKS
    folder.mkdir(parents=True, exist_ok=True)
    with write_lock, FileLock(folder / f"{path.name}.lock"):
        yield

MISSING = "missing"  # the version of a file that does not exist


class NameTaken(ValueError):
    """A new campaign's name is already used by a file in the campaigns folder."""


class VersionConflict(RuntimeError):
    """The file changed (or disappeared) since the editor read it: saving would lose that change."""

    def __init__(self, path: Path, expected: str, found: str):
        self.path, self.expected, self.found = path, expected, found
        super().__init__(msg("{file}: tệp đã bị thay đổi ở nơi khác từ khi mở để sửa", file=path.name))


@dataclass
class Entry:
    """One file of the campaigns folder: the campaign, or the problems that stop it loading."""

    name: str
    path: Path
    modified: dt.datetime
    campaign: Campaign | None
    problems: list[str]
    usable_name: bool


@dataclass
class CampaignFile:
    """One reading of a campaign file: its version, its YAML data and the campaign or the error.

    ``data`` is the file's YAML as plain data even when it does not validate (``None`` when it
    is not a YAML mapping at all); ``error`` holds the problems when ``campaign`` is ``None``.
    """

    path: Path
    version: str
    data: dict[str, Any] | None
    campaign: Campaign | None
    error: CampaignError | None

    @property
    def problems(self) -> list[str]:
        """The problems as ``name.yaml:line: field: message`` (the file's own name, not its path)."""
        return [p.format(self.path.name) for p in self.error.problems] if self.error else []


def campaign_path(folder: Path, name: str) -> Path | None:
    """``folder/<name>.yaml`` when ``name`` is a safe campaign name, else ``None``."""
    if not SLUG_RE.fullmatch(name):
        return None
    return folder / f"{name}.yaml"


def list_entries(folder: Path) -> list[Entry]:
    """Every ``*.yaml`` file of ``folder``, newest first; broken files carry their problems."""
    entries = []
    for path in folder.glob("*.yaml"):
        name = path.stem
        try:
            modified = dt.datetime.fromtimestamp(path.lstat().st_mtime)
        except OSError:
            continue  # gone since the folder was read
        if not path.is_file():
            # A folder, a broken link or a pipe named *.yaml: listed, never opened (a pipe would block).
            entries.append(Entry(name, path, modified, None, [msg(
                "{file}: không phải một tệp (thư mục, liên kết hỏng hoặc tệp đặc biệt): xóa hoặc đổi tên",
                file=path.name)], False))
            continue
        usable = bool(SLUG_RE.fullmatch(name))
        try:
            # The same cached reading as every page: an unchanged file is not parsed again per visit.
            found = read_campaign_file(path)
            campaign, problems = found.campaign, found.problems
        except Exception as exc:  # noqa: BLE001 - one file must never hide the others; logged, it is a bug
            logging.getLogger(__name__).exception("reading %s", path)
            campaign, problems = None, [msg("{file}: lỗi ngoài dự kiến khi đọc tệp ({error})", file=path.name,
                                            error=type(exc).__name__)]
        if not usable:
            problems.append(msg("{file}: tên tệp chỉ được dùng chữ thường không dấu, số và '-' "
                                "để mở trên web (ví dụ lao-cai-2024.yaml)", file=path.name))
        entries.append(Entry(name, path, modified, campaign, problems, usable))
    entries.sort(key=lambda e: (e.modified, e.name), reverse=True)
    return entries


def version_of(raw: bytes | None) -> str:
    """The version of a file's bytes (``None``: no file): a fingerprint to notice other saves."""
    return MISSING if raw is None else hashlib.sha256(raw).hexdigest()


def file_version(path: Path) -> str:
    """A fingerprint of the file's bytes, to notice that someone else saved it meanwhile."""
    return version_of(_read_or_none(path))


def _read_or_none(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None


# Parsed campaign files, reused while the file is unchanged (issue 11.6: reading and validating
# the YAML was most of a preview's time). The key is what the file system says of it: a save
# here or by any other process is a rename, so a new inode and new times; a clerk's editor
# writing in place changes the size or the times. VANTHU_CACHE=off turns it off (benchmarks).
CACHE_ENABLED = os.environ.get("VANTHU_CACHE", "on").lower() not in ("off", "0", "no")
# At most 256 files: an office has a few dozen, the tests' scratch folders many more.
_parsed: LruMap[Path, tuple[tuple[int, int, int, int], CampaignFile]] = LruMap(256)


def _stat_key(path: Path) -> tuple[int, int, int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return (st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)


def forget(path: Path) -> None:
    """Drop ``path``'s parsed copy (after writing it: the next read parses the new bytes even if
    the file system's times did not move on)."""
    _parsed.pop(path)


def read_campaign_file(path: Path) -> CampaignFile:
    """Read the file at ``path`` once: version, data and campaign (or what is wrong with it).

    An unchanged file (same inode, size, modification and change times) gives the reading made
    before: the same validated campaign and YAML data, which callers must not change (they
    copy: ``model_copy``, :func:`app.loader.plain_data`; :func:`read_raw_data` gives a copy).
    """
    key = _stat_key(path) if CACHE_ENABLED else None
    if key is not None and (hit := _parsed.get(path)) is not None and hit[0] == key:
        return hit[1]
    found = _read_campaign_file(path)
    # Keyed by the stat taken before reading: a file replaced meanwhile has another key next time.
    if key is not None and found.version != MISSING:
        _parsed.put(path, (key, found))
    return found


def _read_campaign_file(path: Path) -> CampaignFile:
    source = path.name
    try:
        raw = read_campaign_bytes(path)
    except CampaignError as exc:  # missing or unreadable
        return CampaignFile(path, MISSING, None, None, exc)
    data = None
    try:
        found, where = read_campaign_yaml(decode_campaign(raw, source), source)
        data = found if isinstance(found, dict) else None
        return CampaignFile(path, version_of(raw), data, validate_data(found, source, where), None)
    except CampaignError as exc:
        return CampaignFile(path, version_of(raw), data, None, exc)


def read_raw_data(path: Path) -> dict[str, Any] | None:
    """The file's YAML as plain data even when it does not validate; ``None`` if unreadable."""
    return copy.deepcopy(read_campaign_file(path).data)


def create_campaign(folder: Path, name: str, *, source: Path | None, year: int, text: str | None = None,
                    model: Campaign | None = None) -> Path:
    """Create ``folder/<name>.yaml`` as a byte copy of ``source`` (comments kept), as ``model``
    saved with ``source``'s comments (next year's campaign, :func:`app.rollover.roll_forward`,
    as ``vanthu new-year`` saves it), as ``text`` (an imported dispatch,
    :func:`app.dispatch_import.campaign_yaml`) or the skeleton.

    Raises :class:`NameTaken` when the name is used, ``ValueError`` for an unsafe name, and
    :class:`CampaignError` when the skeleton does not validate (a bug we want to see, not a
    file we want to write).
    """
    target = campaign_path(folder, name)
    if target is None:
        raise ValueError(name)
    with locked(target):
        if target.exists():
            raise NameTaken(name)
        if source is not None and model is not None:
            save_campaign(model, target, keep_history=False, previous=read_campaign_bytes(source))
        elif source is not None:
            atomic_write_bytes(target, source.read_bytes())
        elif text is not None:
            atomic_write_text(target, text)
        else:
            text = skeleton_text(year)
            parse_campaign(text, f"{name}.yaml")
            atomic_write_text(target, text)
    return target


def save(path: Path, campaign: BaseModel, *, version: str) -> Path:
    """Save ``campaign`` (or a campaign's results, nominees) to ``path`` if the file is still at ``version``, else :class:`VersionConflict`.

    The file is read once (its bytes give the version and the text the comments are kept
    from), written atomically, and its previous bytes go to ``.history/``, all under
    :func:`locked` (so across processes too).
    """
    with locked(path):
        previous = _read_or_none(path)
        found = version_of(previous)
        if found != version:  # a campaign's results file may not exist yet: its version is MISSING
            raise VersionConflict(path, version, found)
        saved = save_campaign(campaign, path, previous=previous)
        forget(path)
        return saved


def problems_text(exc: CampaignError, name: str) -> list[str]:
    """The problems of ``exc`` as ``name.yaml:line: field: message`` lines."""
    return [p.format(f"{name}.yaml") for p in exc.problems]


def general_problems(exc: CampaignError) -> list[Problem]:
    """The problems not tied to any field (YAML syntax, file size)."""
    return [p for p in exc.problems if not p.field]
