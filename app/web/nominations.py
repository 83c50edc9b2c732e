"""A campaign's award documents on the web: the Tờ trình, Quyết định, lists and achievement
reports listed with their downloads (each DOCX or PDF, and one ZIP of every DOCX).

Every document comes from :mod:`app.nominations`, the same code as ``vanthu nominations``; a file
is made again only when the campaign, its results or nominees, the template or the code changed.
"""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, abort, current_app, render_template

from app.awards import NominationsError
from app.nominations import (
    load_nominations,
    nominations_dir,
    render_document,
    render_nominations,
    zip_download_name,
)
from app.pdf_service import convert_document
from app.web.downloads import render_lock, send_download
from app.web.i18n import tr
from app.web.lookup import get_campaign

__all__ = ["bp", "init_app"]

bp = Blueprint("nominations", __name__)

# Two requests writing outputs/<name>/khen-thuong/ at once would race (the batch also removes the
# files of documents no longer planned): one at a time per campaign (render_lock), so that a
# LibreOffice that hangs on one campaign's PDF holds up no other campaign.


@bp.get("/campaigns/<slug:name>/nominations")
def index(name: str):
    """The documents the campaign's scoring and nominees make, each with its downloads; or why
    there are none yet."""
    path, campaign = get_campaign(name)
    try:
        nominations = load_nominations(path, campaign)
    except NominationsError as exc:
        return render_template("nominations/index.html", name=name, campaign=campaign, documents=[],
                               problem=tr(exc)), 200
    return render_template("nominations/index.html", name=name, campaign=campaign,
                           documents=nominations.documents, problem=None)


@bp.get("/campaigns/<slug:name>/nominations/<slug:stem>.<any(docx, pdf):kind>")
def download(name: str, stem: str, kind: str):
    """One document (made now if needed; the PDF from the long-lived LibreOffice)."""
    path, campaign = get_campaign(name)
    nominations = load_nominations(path, campaign)  # NominationsError: the core-error page (422)
    document = nominations.document(stem)
    if document is None:
        abort(404)
    outputs: Path = current_app.config["OUTPUTS_DIR"]
    with render_lock("nominations", name):
        target = render_document(nominations, document, nominations_dir(outputs, name), pdf=kind == "pdf",
                                 convert=convert_document)
    return send_download(target, document.download_name.removesuffix(".docx") + f".{kind}")


@bp.get("/campaigns/<slug:name>/khen-thuong.zip")
def download_zip(name: str):
    """Every document's DOCX in one ZIP."""
    path, campaign = get_campaign(name)
    with render_lock("nominations", name):
        paths = render_nominations(path, name, current_app.config["OUTPUTS_DIR"])
    return send_download(paths[-1], zip_download_name(campaign, name))


def init_app(app) -> None:
    """Register the blueprint and the link to it on every campaign's preview page."""
    from flask_babel import lazy_gettext as _l  # _l: extracted into the catalogue

    from app.web import register_campaign_link

    app.register_blueprint(bp)
    register_campaign_link(app, "nominations.index", _l("Hồ sơ khen thưởng (tờ trình, quyết định, báo cáo thành tích)"))
