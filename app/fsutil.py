"""Atomic file writes: a reader never sees half a file, a crash never leaves one."""

from __future__ import annotations

import contextlib
import errno
import os
import re
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from app.messages import msg

__all__ = ["atomic_write_bytes", "atomic_write_text", "atomic_output", "StorageError", "DiskFull",
           "FolderNotWritable", "storage_errors", "remove_stale_temps", "STALE_SECONDS"]

# The temporary files of atomic_output: ".<target name>.<8 random characters>.tmp" (mkstemp).
_TEMP_RE = re.compile(r"\..+\.[A-Za-z0-9_]{8}\.tmp")
# A temporary file older than this is left by a process that died: a write lasts milliseconds,
# and another vanthu serve on the same folder may be in the middle of one when this one starts.
STALE_SECONDS = 60.0


class StorageError(OSError):
    """A file could not be written for a reason the user (not the code) must fix. Still an
    ``OSError``; its text is Vietnamese and names the file by its folder and name only (never
    the server's absolute path, which a web page must not show)."""

    def __init__(self, code: int, message: str):
        super().__init__(code, message)

    def __str__(self) -> str:
        return self.strerror or ""


class DiskFull(StorageError):
    """The disk (or the user's quota) is full."""


class FolderNotWritable(StorageError):
    """The folder is read-only, not ours to write, or not a folder at all."""


_FULL = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}  # no EDQUOT on some systems
_NOT_WRITABLE = {errno.EROFS, errno.EACCES, errno.EPERM, errno.ENOTDIR}


def _short(path: Path) -> str:
    return f"{path.parent.name}/{path.name}" if path.parent.name else path.name


@contextlib.contextmanager
def storage_errors(path: str | os.PathLike[str]) -> Iterator[None]:
    """Turn a full disk or an unwritable folder met while writing ``path`` into :class:`DiskFull`
    or :class:`FolderNotWritable`; any other ``OSError`` passes unchanged."""
    try:
        yield
    except StorageError:
        raise
    except OSError as exc:
        shown = _short(Path(path))
        if exc.errno in _FULL:
            raise DiskFull(exc.errno, msg("Ổ đĩa đã đầy nên không ghi được {shown}: hãy giải phóng "
                                      "dung lượng rồi thử lại.", shown=shown)) from exc
        if exc.errno in _NOT_WRITABLE:
            raise FolderNotWritable(exc.errno, msg("Không ghi được {shown}: thư mục chỉ đọc, không có "
                                               "quyền ghi hoặc không phải là thư mục.", shown=shown)) from exc
        raise


@contextlib.contextmanager
def atomic_output(path: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; rename it over ``path`` when the block succeeds.

    Writers that want a file name (python-docx, openpyxl, LibreOffice) write to the yielded
    path; on any exception the temporary file is removed and ``path`` is left as it was.
    """
    target = Path(path)
    with storage_errors(target):
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
        os.close(fd)
        tmp = Path(tmp_name)
        try:
            yield tmp
            # mkstemp creates 0600; the file should get the mode a plain open() would give it (or
            # keep the mode of the file it replaces) so that other users of a shared folder can read it.
            os.chmod(tmp, _mode_for(target))
            os.replace(tmp, target)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise


def _read_umask() -> int:
    # os.umask can only be read by setting it; do it once, before any thread could be
    # creating files with the temporary value.
    umask = os.umask(0)
    os.umask(umask)
    return umask


_UMASK = _read_umask()


def _mode_for(target: Path) -> int:
    try:
        return target.stat().st_mode & 0o7777
    except FileNotFoundError:
        return 0o666 & ~_UMASK


def remove_stale_temps(*folders: str | os.PathLike[str], before: float | None = None) -> list[Path]:
    """Remove, under each of ``folders``, the temporary files :func:`atomic_output` leaves when its
    process is killed mid-write (a server killed during a save); only those last changed before
    ``before`` (a time.time(); default: :data:`STALE_SECONDS` ago). Returns what was removed."""
    limit = time.time() - STALE_SECONDS if before is None else before
    removed = []
    for folder in folders:
        for path in Path(folder).rglob(".*.tmp"):
            try:
                if (_TEMP_RE.fullmatch(path.name) and not path.is_symlink() and path.is_file()
                        and path.stat().st_mtime < limit):
                    path.unlink()
                    removed.append(path)
            except OSError:  # gone meanwhile, or not ours to remove: left alone
                continue
    return removed


def atomic_write_bytes(path: str | os.PathLike[str], data: bytes) -> Path:
    """Write ``data`` to ``path`` through a temporary file and a rename."""
    with atomic_output(path) as tmp:
        with open(tmp, "wb") as handle:
            _write_and_sync(handle, data)
    return Path(path)


def atomic_write_text(path: str | os.PathLike[str], text: str) -> Path:
    """Write UTF-8 ``text`` to ``path`` through a temporary file and a rename."""
    return atomic_write_bytes(path, text.encode("utf-8"))


def _write_and_sync(handle: IO[bytes], data: bytes) -> None:
    handle.write(data)
    handle.flush()
    os.fsync(handle.fileno())
