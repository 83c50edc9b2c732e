"""The campaign file without a terminal (issue 10.3): history, trash, download and upload.

Everything on disk goes through :mod:`app.history` (versions, restore, trash) and
:mod:`app.store` (names, versions); a restore or an upload over an existing campaign is checked
against the version the page was opened at (409 when the file changed meanwhile) and keeps the
current file in ``campaigns/.history/``.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from flask import Blueprint, Flask, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from app import history, store
from app.loader import MAX_CAMPAIGN_BYTES, CampaignError
from app.skeleton import typed_name
from app.units_import import UnitsImportError, with_units
from app.web.downloads import send_download
from app.web.i18n import tr
from app.web.lookup import campaign_file, get_campaign
from app.yamlio import encode_like

bp = Blueprint("files", __name__)

_RESERVED = {"new", "import", "upload"}  # /campaigns/<these> are pages, not campaigns


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


@bp.get("/campaigns/<slug:name>/file")
def download(name: str):
    """The campaign's YAML file as it is on disk (comments and all)."""
    return send_download(campaign_file(name), f"{name}.yaml")


def _upload_form(name: str, status: int = 200, errors: dict[str, str] | None = None):
    path = store.campaign_path(_folder(), name) if name else None
    exists = path is not None and path.is_file()
    return render_template("files/upload.html", name=name, exists=exists, errors=errors or {},
                           version=store.file_version(path) if exists else store.MISSING), status


@bp.get("/campaigns/upload")
def upload_form():
    """Upload a campaign file: a new name creates it, the name of an existing one replaces it."""
    return _upload_form(request.args.get("name", ""))


@bp.post("/campaigns/upload")
def upload():
    """Validate the uploaded file as ``vanthu validate`` does, then store it (version check, history)."""
    file = request.files.get("file")
    typed = request.form.get("name", "").strip() or (Path(file.filename or "").stem if file else "")
    name = typed_name(typed)
    target = store.campaign_path(_folder(), name)
    if target is None or name in _RESERVED:
        return _upload_form(typed, 422, {"name": _("Tên chỉ gồm chữ thường không dấu, số và dấu '-' (ví dụ "
                                                   "lao-cai-2024).")})
    if file is None or not file.filename:
        return _upload_form(name, 422, {"file": _("Hãy chọn tệp chiến dịch (.yaml) để tải lên.")})
    raw = file.read(MAX_CAMPAIGN_BYTES + 1)
    try:
        history.check_bytes(raw, f"{name}.yaml")
    except CampaignError as exc:
        return render_template("files/problems.html", name=None, problems=store.problems_text(exc, name),
                               title=_("Tệp tải lên chưa dùng được")), 422
    version = request.form.get("_version") or store.MISSING
    try:
        history.replace_file(target, raw, version=version)
    except store.VersionConflict:
        if version == store.MISSING:
            message = _("Đã có chiến dịch %(name)s; không ghi đè. Để thay tệp của nó, mở “Tải lên tệp khác” "
                        "trên trang của chiến dịch đó, hoặc đặt tên khác.", name=name)
        else:
            message = _("Tệp chiến dịch đã bị thay đổi ở nơi khác từ khi mở trang này; chưa lưu. Hãy mở lại "
                        "trang tải lên rồi thử lại.")
        return _upload_form(name, 409, {"name": message})
    flash(_("Đã lưu tệp %(name)s.yaml (bản trước, nếu có, được giữ trong lịch sử).", name=name), "success")
    return redirect(url_for("documents.preview", name=name))


@bp.route("/campaigns/<slug:name>/units", methods=["GET", "POST"])
def units(name: str):
    """Replace the campaign's unit list with an uploaded CSV/XLSX, checked as ``vanthu units import``
    does; nothing is saved unless every row is good (errors as ``row:column: message``)."""
    path, campaign = get_campaign(name)
    version = request.form.get("_version") or store.file_version(path)
    problems: list[str] = []
    file = request.files.get("file")
    if request.method == "POST":
        suffix = Path(file.filename or "").suffix.lower() if file else ""
        if suffix not in (".csv", ".xlsx"):
            problems = [_("Hãy chọn tệp danh sách đơn vị .csv hoặc .xlsx.")]
        else:
            try:
                updated, result = _read_unit_list(file, suffix, campaign, name)
                store.save(path, updated, version=version)
            except UnitsImportError as exc:
                problems = exc.problems
            except store.VersionConflict:
                problems = [_("Tệp chiến dịch đã bị thay đổi ở nơi khác từ khi mở trang này; chưa lưu. Hãy mở "
                              "lại trang rồi thử lại.")]
            else:
                flash(_("Đã nhập %(count)s đơn vị từ %(file)s (bản trước được giữ trong lịch sử).",
                        count=len(result.units), file=file.filename), "success")
                if result.ignored_columns:
                    flash(_("Các cột không dùng: %(columns)s.", columns=", ".join(result.ignored_columns)), "info")
                return redirect(url_for("checklists.index", name=name))
    status = 422 if problems else 200
    return render_template("files/units.html", name=name, campaign=campaign, problems=problems,
                           filename=file.filename if file else "", version=version), status


def _read_unit_list(file, suffix: str, campaign, name: str):
    """The campaign with the uploaded list's units; problems without the temporary file's path."""
    with tempfile.TemporaryDirectory() as tmp:
        saved = Path(tmp) / f"danh-sach{suffix}"
        file.save(saved)
        try:
            return with_units(saved, campaign, f"{name}.yaml")
        except UnitsImportError as exc:
            # Translated here: the temporary path is cut off the text, which a Message cannot keep.
            raise UnitsImportError([tr(p).removeprefix(f"{saved}:").lstrip() for p in exc.problems]) from None


@bp.route("/campaigns/<slug:name>/text", methods=["GET", "POST"])
def text(name: str):
    """The campaign file in a plain text box, the lines with errors marked; saved only when it
    validates, with the version check and history (a file the form cannot read is fixed here)."""
    path = campaign_file(name)
    if request.method == "GET":
        found = store.read_campaign_file(path)
        raw = path.read_bytes()
        return _text_page(name, raw.decode("utf-8-sig", errors="replace"), found.version, found.error)
    content = request.form.get("text", "").replace("\r\n", "\n")  # a browser sends CRLF whatever the file has
    version = request.form.get("_version", "")
    try:
        current = path.read_bytes()
    except OSError:
        current = None
    raw = encode_like(content, current)  # the file's own BOM and line ends (Notepad's CRLF) stay
    try:
        history.check_bytes(raw, f"{name}.yaml")
    except CampaignError as exc:
        return _text_page(name, content, version, exc, 422)
    try:
        history.replace_file(path, raw, version=version)
    except store.VersionConflict:
        flash(_("Tệp chiến dịch đã bị thay đổi ở nơi khác từ khi mở trang này; chưa lưu. Hãy mở lại "
                "trang rồi thử lại."), "error")
        return _text_page(name, content, version, None, 409)
    flash(_("Đã lưu tệp %(name)s.yaml (bản trước, nếu có, được giữ trong lịch sử).", name=name), "success")
    return redirect(url_for("documents.preview", name=name))


def _text_page(name: str, content: str, version: str, error: CampaignError | None, status: int = 200):
    problems = error.problems if error else []
    return render_template("files/text.html", name=name, content=content, version=version,
                           lines=content.split("\n"), bad={p.line for p in problems if p.line},
                           problems=[(p.line, p.format(f"{name}.yaml")) for p in problems]), status
