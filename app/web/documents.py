"""A campaign's documents: the dispatch preview (HTML) and its DOCX and PDF downloads."""

from __future__ import annotations

from flask import Blueprint, after_this_request, current_app, render_template
from flask_babel import get_locale
from markupsafe import Markup

from app.dates import date_warnings
from app.dispatch import build_dispatch, dispatch_download_name, render_dispatch
from app.pdf_service import convert_document
from app.skeleton import placeholder_warnings
from app.web.downloads import render_lock, send_download
from app.web.lookup import derived, get_campaign

bp = Blueprint("documents", __name__)



@bp.get("/campaigns/<slug:name>")
def preview(name: str):
    """The dispatch laid out like the printed page, with links to download it, and the dates
    that disagree with the year or the dispatch date and the skeleton's placeholders still to
    fill (each naming its field)."""
    _path, campaign = get_campaign(name)  # not "_": that is gettext here
    links = current_app.extensions.get("vanthu_campaign_links", [])
    view, dates, placeholders = derived(campaign, "preview", _preview_parts)
    # The printed page is the same for every visitor: made once per campaign version and language.
    sheet = derived(campaign, f"sheet:{get_locale()}",
                    lambda _c: Markup(render_template("documents/sheet.html", view=view)))  # noqa: S704 - autoescaped
    return render_template("documents/preview.html", name=name, campaign=campaign, view=view, sheet=sheet,
                           links=links, date_warnings=dates, placeholders=placeholders)


def _preview_parts(campaign):
    """The dispatch view, the date warnings and the placeholders left, for the preview."""
    return (build_dispatch(campaign), [message for _loc, message in date_warnings(campaign)],
            [message for _loc, message in placeholder_warnings(campaign)])


@bp.get("/campaigns/<slug:name>/dispatch.<any(docx, pdf):kind>")
def download(name: str, kind: str):
    """The dispatch under outputs/ (made again only when the campaign, template or code changed),
    sent with a Vietnamese file name; the PDF comes from the long-lived LibreOffice."""
    _path, campaign = get_campaign(name)
    # Per campaign: two requests rendering the same files would race on outputs/<name>/, and a
    # LibreOffice that hangs on this campaign's PDF must not hold up other campaigns' downloads.
    with render_lock("documents", name):
        paths = render_dispatch(campaign, current_app.config["OUTPUTS_DIR"], name, pdf=kind == "pdf",
                                convert=convert_document)
    return send_download(paths[-1], dispatch_download_name(campaign, f".{kind}"))


@bp.get("/campaigns/<slug:name>/print.pdf")
def print_pdf(name: str):
    """The dispatch's PDF shown in the browser rather than saved (the preview's "In" button prints
    it from a hidden frame); the same file as the PDF download."""

    @after_this_request
    def framable(response):
        # This answer, the PDF or the page saying why there is none, may be framed by our own pages
        # (every other page may not be framed at all); otherwise the app's policy (app/web/__init__.py).
        response.headers["X-Frame-Options"] = "SAMEORIGIN"
        response.headers["Content-Security-Policy"] = (
            "default-src 'self'; img-src 'self' data:; frame-ancestors 'self'; form-action 'self'; base-uri 'none'")
        return response

    response = download(name, "pdf")
    response.headers["Content-Disposition"] = response.headers["Content-Disposition"].replace(
        "attachment", "inline", 1)
    return response
