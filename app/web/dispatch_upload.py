"""Import a past dispatch in the browser: upload a DOCX or a text, name the campaign, and land
in the edit form, where what the importer could not place is listed at the top (``review``).

The campaign is made by :func:`app.dispatch_import.import_campaign` (as ``vanthu import``) and
created through :func:`app.store.create_campaign` (atomic, refused when the name is taken).
"""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, Flask, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from app import store
from app.dispatch_import import MAX_IMPORT_BYTES, DispatchImportError, campaign_yaml, import_campaign
from app.skeleton import typed_name
from app.web.i18n import tr

bp = Blueprint("dispatch_upload", __name__)


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)


@bp.route("/campaigns/import", methods=["GET", "POST"])
def upload():
    """The upload form; on POST, the new campaign from the uploaded dispatch."""
    name = typed_name(request.form.get("name", f"chien-dich-{dt.date.today().year}"))
    errors: dict[str, str] = {}
    if request.method == "POST":
        upload = request.files.get("file")
        data = upload.read(MAX_IMPORT_BYTES + 1) if upload else b""
        if not data:
            errors["file"] = _("Chọn tệp công văn (.docx hoặc .txt).")
        elif len(data) > MAX_IMPORT_BYTES:
            errors["file"] = _("Tệp quá lớn (tối đa %(mb)s MB).", mb=MAX_IMPORT_BYTES // (1024 * 1024))
        if not store.SLUG_RE.fullmatch(name) or name in ("new", "import"):
            errors["name"] = _("Tên chỉ gồm chữ thường không dấu, số và dấu '-', bắt đầu bằng chữ "
                               "hoặc số, tối đa 64 ký tự (ví dụ lao-cai-2024).")
        if not errors:
            try:
                result = import_campaign(data, upload.filename or "upload")
                store.create_campaign(current_app.config["CAMPAIGNS_DIR"], name, source=None,
                                      year=dt.date.today().year, text=campaign_yaml(result))
            except DispatchImportError as exc:
                errors["file"] = tr(exc)
            except store.NameTaken:
                errors["name"] = _("Đã có chiến dịch tên này; hãy chọn tên khác.")
            else:
                flash(_("Đã tạo chiến dịch %(name)s từ công văn; %(count)s ghi chú cần xem lại ở đầu trang.",
                        name=name, count=len(result.review)), "success")
                return redirect(url_for("campaigns.edit", name=name))
    return render_template("campaigns/import.html", name=name, errors=errors,
                           max_mb=MAX_IMPORT_BYTES // (1024 * 1024)), 422 if errors else 200
