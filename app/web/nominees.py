"""The individuals proposed for an award, typed in a browser form or imported from an XLSX list.

``/campaigns/<name>/nominees`` lists the collectives the scoreboard puts forward (read only:
they come from the scores and the office's overrides), then a form of people: name, sex, year of
birth, position, unit, award, a summary of achievements and the awards already received, rows
added and removed with the same no-JavaScript buttons as the campaign form
(:func:`app.web.formdata.apply_op`). Saving validates with the core's model
(:class:`app.records.Nominees`) and writes ``campaigns/<name>/nominees.yaml`` through
:func:`app.store.save`, refused (409) when the file changed since the page was opened. An XLSX
list is imported all or nothing (:mod:`app.nominees_import`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Blueprint, abort, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from app import store
from app.campaign import Campaign
from app.loader import CampaignError, validate_model
from app.messages import join
from app.nominees_import import MAX_BYTES, NomineesImportError, import_nominees
from app.records import Nominees, load_nominees, nominees_path
from app.web import formdata
from app.web.errors import error_page
from app.web.i18n import tr
from app.web.lookup import get_campaign

__all__ = ["bp"]

bp = Blueprint("nominees", __name__)


def _nominees(path: Path, name: str) -> tuple[Nominees, str]:
    """The campaign's nominees and their version; a broken file ends the request with a 422 page
    naming ``<name>/nominees.yaml`` (never the server's path)."""
    try:
        return load_nominees(path)
    except CampaignError as exc:
        detail = tr(join((p.format(f"{name}/nominees.yaml") for p in exc.problems), "; "))
        abort(make_response(error_page(422, title=_("Tệp danh sách cá nhân có lỗi"), detail=detail)))


def _page(name: str, path: Path, campaign: Campaign, form: dict[str, Any], version: str, *,
          errors: dict[str, str] | None = None, upload_problems: list[str] | None = None, conflict: bool = False,
          status: int = 200):
    from app.web.scoreboard import scored  # the collectives put forward, read only

    view, _results_version, problems = scored(path, name, campaign)
    collectives = [row for row in view.rows if row.award_id] if view else []
    awards = [(a.id, a.name) for a in campaign.scoring.awards] if campaign.scoring else []
    return render_template("nominees/index.html", name=name, campaign=campaign, form=form, version=version,
                           errors=errors or {}, upload_problems=upload_problems or [], conflict=conflict,
                           collectives=collectives, scoreboard_problems=problems, scored=view is not None,
                           awards=awards, sexes=[("", _("(chưa ghi)")), ("Nam", _("Nam")), ("Nữ", _("Nữ"))],
                           defaults=formdata.LIST_ITEM_DEFAULTS, max_kb=MAX_BYTES // 1024), status


@bp.get("/campaigns/<slug:name>/nominees")
def index(name: str):
    """The collectives put forward, the people typed in, the import form."""
    path, campaign = get_campaign(name)
    found, version = _nominees(path, name)
    return _page(name, path, campaign, formdata.to_form(found.model_dump(exclude_none=True)), version)


@bp.post("/campaigns/<slug:name>/nominees")
def save(name: str):
    """Apply a list button, or check the people and save them (422 next to the field, 409)."""
    path, campaign = get_campaign(name)
    version = request.form.get("_version", "")
    form = formdata.from_form(request.form)
    op = request.form.get("_op")
    if op:
        formdata.apply_op(form, op)
        return _page(name, path, campaign, form, version)
    payload, extra = formdata.to_payload(form)
    shown = formdata.to_form(payload)
    known = {a.id for a in campaign.scoring.awards} if campaign.scoring else set()
    for i, person in enumerate(payload.get("people") or []):
        award = person.get("award") if isinstance(person, dict) else None
        if award and award not in known:
            extra[f"people[{i}].award"] = f"không có hình thức khen thưởng '{award}' trong quy chế"
    try:
        nominees, problem = validate_model(Nominees, payload, "nominees.yaml"), None
    except CampaignError as exc:
        nominees, problem = None, exc
    if problem is not None or extra:
        return _page(name, path, campaign, shown, version, errors=formdata.form_errors(problem, extra, shown),
                     status=422)
    try:
        store.save(nominees_path(path), nominees, version=version)
    except store.VersionConflict:
        return _page(name, path, campaign, shown, version, conflict=True, status=409)
    flash(_("Đã lưu danh sách cá nhân đề nghị khen thưởng."), "success")
    return redirect(url_for("nominees.index", name=name), 303)


@bp.post("/campaigns/<slug:name>/nominees/import")
def upload(name: str):
    """Add (or with ``replace`` put instead) the people of an XLSX list: all of them, or none (422)."""
    path, campaign = get_campaign(name)
    found, version = _nominees(path, name)
    upload_file = request.files.get("file")
    filename = Path((upload_file.filename or "").replace("\\", "/")).name if upload_file else ""
    problems: list[str] = []
    if not filename:
        problems = [_("Chưa chọn tệp.")]
    elif not filename.lower().endswith(".xlsx"):
        problems = [_("%(file)s: chỉ nhận tệp Excel .xlsx", file=filename)]
    else:
        try:
            result = import_nominees(path, campaign, filename, upload_file.stream.read(MAX_BYTES + 1),
                                     replace=request.form.get("replace") == "true")
        except NomineesImportError as exc:
            problems = exc.problems
        except store.VersionConflict:
            found, version = _nominees(path, name)
            return _page(name, path, campaign, formdata.to_form(found.model_dump(exclude_none=True)), version,
                         conflict=True, status=409)
    if problems:
        return _page(name, path, campaign, formdata.to_form(found.model_dump(exclude_none=True)), version,
                     upload_problems=problems, status=422)
    flash(ngettext("Đã nhập %(num)d cá nhân từ %(file)s.", "Đã nhập %(num)d cá nhân từ %(file)s.",
                   len(result.people), file=filename), "success")
    return redirect(url_for("nominees.index", name=name), 303)
