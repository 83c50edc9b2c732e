"""One way to send a generated file: Flask's ``send_file`` under a Vietnamese download name."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import BinaryIO
from urllib.parse import quote

from flask import Response, current_app, send_file

from app.vnformat import ascii_fold

__all__ = ["send_download", "ascii_fallback", "render_lock"]

MIMETYPES = {
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".pdf": "application/pdf",
    ".zip": "application/zip",
}


def ascii_fallback(filename: str) -> str:
    """``Công văn 21-CTĐ-VP ….docx`` → ``Cong van 21-CTD-VP ….docx`` for old browsers."""
    return "".join(ch for ch in ascii_fold(filename) if ch.isalnum() or ch in " .-_()") or "van-ban"


def send_download(path: Path | BinaryIO, download_name: str) -> Response:
    """Send ``path`` (or a file already opened, which is closed once sent) as an attachment
    named ``download_name``, never cached by the browser (the next download after an edit must
    be the new file).

    Werkzeug writes the UTF-8 ``filename*``; its ASCII fallback drops the letters it cannot
    decompose (Đ becomes nothing: "CT-VP"), so the plain ``filename`` is ours (Đ → D).
    """
    response = send_file(path, mimetype=MIMETYPES.get(Path(download_name).suffix), as_attachment=True,
                         download_name=download_name, max_age=0, conditional=False)
    response.headers["Content-Disposition"] = (
        f"attachment; filename=\"{ascii_fallback(download_name)}\"; "
        f"filename*=UTF-8''{quote(download_name, safe='')}")
    response.headers["Cache-Control"] = "no-store"
    return response


_render_locks: dict[tuple[str, str, str], threading.Lock] = {}
_render_locks_guard = threading.Lock()


def render_lock(area: str, name: str) -> threading.Lock:
    """The lock under which campaign ``name``'s files of ``area`` (``documents``, ``nominations``)
    are written: two requests for one campaign never write the same files at once, and a slow
    or hanging LibreOffice for one campaign never holds up another campaign's downloads."""
    key = (str(current_app.config["OUTPUTS_DIR"]), area, name)
    with _render_locks_guard:
        return _render_locks.setdefault(key, threading.Lock())
