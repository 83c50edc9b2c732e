"""The campaign file without a terminal (issue 10.3): history, trash, download and upload.

Everything on disk goes through :mod:`app.history` (versions, restore, trash) and
:mod:`app.store` (names, versions); a restore or an upload over an existing campaign is checked
against the version the page was opened at (409 when the file changed meanwhile) and keeps the
current file in ``campaigns/.history/``.
"""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, Flask, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from app import history, store
from app.loader import CampaignError
from app.web.lookup import campaign_file

bp = Blueprint("files", __name__)


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)


def _folder() -> Path:
    return current_app.config["CAMPAIGNS_DIR"]


def _version_or_404(name: str, stamp: str) -> Path:
    path = history.version_file(_folder(), name, stamp)
    if path is None:
        abort(404)
    return path


@bp.get("/campaigns/<slug:name>/history")
def versions(name: str):
    """Every saved version of the campaign with its time and size, newest first."""
    path = campaign_file(name)
    return render_template("files/history.html", name=name, versions=history.versions(_folder(), name),
                           version=store.file_version(path))


@bp.get("/campaigns/<slug:name>/history/<stamp>")
def version_diff(name: str, stamp: str):
    """What changed between version ``stamp`` and the current file, as a unified diff."""
    path = campaign_file(name)
    old = _version_or_404(name, stamp)
    current = path.read_bytes()
    lines = history.diff_lines(old.read_bytes(), current, _("bản %(stamp)s", stamp=stamp), _("bản hiện tại"))
    return render_template("files/diff.html", name=name, stamp=stamp, lines=lines,
                           saved=history.stamp_time(stamp),
                           version=store.version_of(current))


@bp.post("/campaigns/<slug:name>/history/<stamp>/restore")
def restore(name: str, stamp: str):
    """Make version ``stamp`` the current file (the current one is kept in the history)."""
    campaign_file(name)
    _version_or_404(name, stamp)
    try:
        history.restore(_folder(), name, stamp, version=request.form.get("_version", ""))
    except store.VersionConflict:
        flash(_("Tệp đã bị thay đổi ở nơi khác từ khi mở trang này; chưa khôi phục. Hãy xem lại lịch sử rồi "
                "thử lại."), "error")
        return versions(name), 409
    except CampaignError as exc:
        return render_template("files/problems.html", name=name, problems=store.problems_text(exc, name),
                               title=_("Không khôi phục được bản này")), 422
    flash(_("Đã khôi phục bản lưu lúc %(stamp)s. Bản vừa thay được giữ trong lịch sử.", stamp=stamp), "success")
    return redirect(url_for("documents.preview", name=name))


@bp.route("/campaigns/<slug:name>/delete", methods=["GET", "POST"])
def delete(name: str):
    """Ask first (GET: a page with one POST button); POST moves the campaign into the trash."""
    campaign_file(name)
    if request.method == "GET":
        has_folder = (_folder() / name).is_dir()
        return render_template("files/delete.html", name=name, has_folder=has_folder)
    history.trash(_folder(), name)
    flash(_("Đã chuyển chiến dịch %(name)s vào thùng rác; có thể khôi phục trong trang Thùng rác.", name=name),
          "success")
    return redirect(url_for("campaigns.index"))


@bp.get("/trash")
def trash():
    """The deleted campaigns, each with a restore button."""
    return render_template("files/trash.html", entries=history.trashed(_folder()))


@bp.post("/trash/<stamp>/<slug:name>/restore")
def untrash(stamp: str, name: str):
    """Put a deleted campaign back, unless its name is used again (409, nothing moved)."""
    try:
        history.untrash(_folder(), stamp, name)
    except FileNotFoundError:
        abort(404)
    except store.NameTaken:
        flash(_("Đã có chiến dịch tên %(name)s; không ghi đè. Đổi tên hoặc xóa chiến dịch đó rồi khôi phục lại.",
                name=name), "error")
        return trash(), 409
    flash(_("Đã khôi phục chiến dịch %(name)s.", name=name), "success")
    return redirect(url_for("documents.preview", name=name))
