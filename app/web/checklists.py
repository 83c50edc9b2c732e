"""A campaign's per-unit checklists on the web: the quota table, "generate all", the ZIP.

Generating a hundred units' files takes a few seconds, so the button starts a background job
(one per campaign, in a thread of this process) and the page polls its progress as JSON. The
ZIP download generates the files itself when they are missing or older than the campaign.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from flask import Blueprint, abort, current_app, flash, jsonify, redirect, render_template, url_for
from flask_babel import gettext as _

from app.campaign import Campaign
from app.checklist import build_quota_table, unit_slugs
from app.checklists import current_zip, open_current_zip, render_checklists
from app.errors import describe
from app.pdf import PdfError
from app.web.downloads import send_download
from app.web.errors import error_page
from app.web.i18n import tr
from app.web.lookup import campaign_file, get_campaign

__all__ = ["bp"]

bp = Blueprint("checklists", __name__)

WEB_FORMATS = ("docx", "xlsx")  # "generate all" and its ZIP; PDFs need LibreOffice and take longer,
PDF_FORMATS = ("pdf",)  # made on request, per unit or as their own ZIP


@dataclass
class Job:
    """One generation run of one campaign's checklists."""

    total: int = 0
    done: int = 0
    state: str = "idle"  # idle, running, done, error
    error: str | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)  # held while files are written

    def as_json(self) -> dict[str, Any]:
        """The job's state for the page's script; the error in the interface language."""
        return {"done": self.done, "total": self.total, "state": self.state,
                "error": tr(self.error) if self.error else None}


_jobs: dict[tuple[str, str], Job] = {}
_jobs_lock = threading.Lock()


def _job(name: str) -> Job:
    key = (str(current_app.config["OUTPUTS_DIR"]), name)
    with _jobs_lock:
        return _jobs.setdefault(key, Job())


def _run(job: Job, campaign: Campaign, name: str, outputs: Path) -> None:
    """Generate every unit's files and the ZIP, updating ``job`` (called with job.lock held)."""
    def progress(done: int, total: int) -> None:
        job.done, job.total = done, total

    try:
        render_checklists(campaign, name, outputs, formats=WEB_FORMATS, make_zip=True, progress=progress)
        job.state = "done"
    except Exception as exc:  # noqa: BLE001 - a background thread must always leave a final state
        described = describe(exc)
        if described is None:
            current_app.logger.exception("checklists job failed")
        job.state, job.error = "error", described.message if described else exc.__class__.__name__


@bp.get("/campaigns/<slug:name>/checklists")
def index(name: str):
    """The units with their quota for each apportioned metric, totals, and the generate button."""
    _path, campaign = get_campaign(name)  # not "_": that is gettext here
    zip_ready = current_zip(campaign, name, current_app.config["OUTPUTS_DIR"], WEB_FORMATS) is not None
    return render_template("checklists/index.html", name=name, campaign=campaign, table=build_quota_table(campaign),
                           job=_job(name), zip_ready=zip_ready)


@bp.post("/campaigns/<slug:name>/checklists/generate")
def generate(name: str):
    """Start generating every unit's checklist in the background (once at a time per campaign)."""
    _path, campaign = get_campaign(name)
    quota_error = build_quota_table(campaign).error
    if quota_error:
        flash(_("Chưa tạo được bảng theo dõi: %(reason)s", reason=quota_error), "error")
        return redirect(url_for("checklists.index", name=name), 303)
    job = _job(name)
    if job.lock.acquire(blocking=False):
        job.state, job.done, job.total, job.error = "running", 0, len(campaign.units) * len(WEB_FORMATS), None
        app = current_app._get_current_object()
        outputs = current_app.config["OUTPUTS_DIR"]

        def work() -> None:
            try:
                with app.app_context():
                    _run(job, campaign, name, outputs)
            finally:
                job.lock.release()

        # No flash here: the progress box on the page says it, and a flash would go stale.
        threading.Thread(target=work, name=f"checklists-{name}", daemon=True).start()
    else:
        flash(_("Bảng theo dõi của chiến dịch này đang được tạo."), "info")
    return redirect(url_for("checklists.index", name=name), 303)


@bp.get("/campaigns/<slug:name>/checklists/status")
def status(name: str):
    """The background job's progress: ``{"done": 12, "total": 18, "state": "running", "error": null}``."""
    campaign_file(name)
    response = jsonify(_job(name).as_json())
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/campaigns/<slug:name>/checklists.zip")
def download_zip(name: str):
    """Every unit's DOCX and XLSX in one ZIP; generated first when missing or out of date."""
    outputs: Path = current_app.config["OUTPUTS_DIR"]
    job = _job(name)
    with job.lock:  # waits for a running job rather than writing the same files twice
        # Read once the lock is ours: a save made while a batch ran is what this ZIP must hold.
        _path, campaign = get_campaign(name)
        for _attempt in range(3):
            # Open and check in one go: the ZIP sent is the one checked, even if another
            # vanthu serve on the same folder replaces the file with a batch of other data.
            handle = open_current_zip(campaign, name, outputs, WEB_FORMATS)
            if handle is not None:
                break
            job.state, job.error = "running", None
            _run(job, campaign, name, outputs)
            if job.state == "error":
                return error_page(422, title=_("Chưa tạo được bảng theo dõi"), detail=tr(job.error))
        else:
            abort(409)  # another server keeps writing other data over it: the clerk tries again
    return send_download(handle, f"Bảng theo dõi chỉ tiêu {campaign.year} - {name}.zip")


def _pdf_error(exc: PdfError, word_url: str, word_label: str):
    """The 503 page for a PDF LibreOffice could not make, linking to the Word file(s) instead."""
    return error_page(503, title=_("PDF chưa tạo được"), links=[(word_url, word_label)],
                      detail=_("%(reason)s. Bản Word (DOCX) vẫn tải được.", reason=tr(exc).rstrip(".")))


@bp.get("/campaigns/<slug:name>/checklists-pdf.zip")
def download_pdf_zip(name: str):
    """Every unit's checklist as a PDF, in one ZIP (one LibreOffice per core, app.pdf); made again
    only when missing or out of date. Without LibreOffice: a 503 page linking to the Word ZIP."""
    _path, campaign = get_campaign(name)
    outputs: Path = current_app.config["OUTPUTS_DIR"]
    with _job(name).lock:  # one batch at a time writes the campaign's checklists folder
        zip_file = current_zip(campaign, name, outputs, PDF_FORMATS)
        if zip_file is None:
            try:
                zip_file = render_checklists(campaign, name, outputs, formats=PDF_FORMATS, make_zip=True).zip_path
            except PdfError as exc:
                return _pdf_error(exc, url_for("checklists.download_zip", name=name), _("Tải tất cả (.zip)"))
    return send_download(zip_file, f"Bảng theo dõi chỉ tiêu {campaign.year} - {name} (PDF).zip")



@bp.get("/campaigns/<slug:name>/checklists/<slug:slug>.<any(docx, xlsx, pdf):kind>")
def unit_file(name: str, slug: str, kind: str):
    """One unit's checklist, generated now (a DOCX or XLSX takes milliseconds, a PDF a LibreOffice run)."""
    _path, campaign = get_campaign(name)  # not "_": that is gettext here
    slugs = unit_slugs(campaign.units)
    unit = next((u for u in campaign.units if slugs[u.name] == slug), None)
    if unit is None:
        abort(404)
    with _job(name).lock:  # a QuotaError goes to the core-error page (app.errors)
        try:
            batch = render_checklists(campaign, name, current_app.config["OUTPUTS_DIR"], units=[unit.name],
                                      formats=[kind], workers=1)
        except PdfError as exc:
            return _pdf_error(exc, url_for("checklists.unit_file", name=name, slug=slug, kind="docx"),
                              _("Tải bản Word (.docx)"))
    return send_download(batch.paths[0], f"Bảng theo dõi chỉ tiêu {campaign.year} - {unit.short_name}.{kind}")


def init_app(app) -> None:
    """Register the blueprint and the link to it on every campaign's preview page."""
    from flask_babel import lazy_gettext as _l  # the name the catalogue's extraction looks for

    from app.web import register_campaign_link

    app.register_blueprint(bp)
    register_campaign_link(app, "checklists.index", _l("Bảng theo dõi chỉ tiêu của các đơn vị"))
