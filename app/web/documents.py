"""A campaign's documents: the dispatch preview (HTML) and its DOCX and PDF downloads."""

from __future__ import annotations

import threading
import unicodedata
from pathlib import Path
from urllib.parse import quote

from flask import Blueprint, current_app, render_template, send_file
from flask_babel import gettext as _

from app.dispatch import build_dispatch, dispatch_download_name, render_dispatch
from app.pdf import PdfError
from app.web.lookup import broken_page, load_or_problems
from app.web.errors import error_page

bp = Blueprint("documents", __name__)

# Two requests rendering the same files at once would race on outputs/<name>/; rendering takes
# a moment, so one at a time is simple and enough for an office.
_render_lock = threading.Lock()

_MIMETYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


@bp.get("/campaigns/<slug:name>")
def preview(name: str):
    """The dispatch laid out like the printed page, with links to download it."""
    _path, campaign, problems = load_or_problems(name)  # not "_": that is gettext here
    if campaign is None:
        return broken_page(name, problems)
    links = current_app.extensions.get("vanthu_campaign_links", [])
    return render_template("documents/preview.html", name=name, campaign=campaign,
                           view=build_dispatch(campaign), links=links)


def ascii_fallback(filename: str) -> str:
    """``Công văn 21-CTĐ-VP ….docx`` → ``Cong van 21-CTD-VP ….docx`` for old browsers."""
    text = filename.replace("Đ", "D").replace("đ", "d")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return "".join(ch for ch in text if ch.isalnum() or ch in " .-_()") or "cong-van"


def content_disposition(filename: str) -> str:
    """``attachment`` with an ASCII ``filename`` and the real name as UTF-8 ``filename*``."""
    return f"attachment; filename=\"{ascii_fallback(filename)}\"; filename*=UTF-8''{quote(filename, safe='')}"


@bp.get("/campaigns/<slug:name>/dispatch.<any(docx, pdf):kind>")
def download(name: str, kind: str):
    """Generate the dispatch under outputs/ and send it with a Vietnamese file name."""
    _path, campaign, problems = load_or_problems(name)  # not "_": that is gettext here
    if campaign is None:
        return broken_page(name, problems)
    outputs: Path = current_app.config["OUTPUTS_DIR"]
    try:
        with _render_lock:
            paths = render_dispatch(campaign, outputs, name, pdf=kind == "pdf")
    except PdfError as exc:
        return error_page(503, title=_("Chưa tạo được PDF"),
                          detail=_("Không tạo được PDF: %(reason)s. Bản Word (DOCX) vẫn tải được.",
                                   reason=str(exc)))
    path = paths[-1]
    response = send_file(path, mimetype=_MIMETYPES[kind], max_age=0, conditional=False)
    response.headers["Content-Disposition"] = content_disposition(
        dispatch_download_name(campaign, f".{kind}"))
    response.headers["Cache-Control"] = "no-store"
    return response
