"""The scoreboard on the web: the ranking table, its DOCX and XLSX, the office's overrides.

``/campaigns/<name>/scoreboard`` shows every unit's points from the campaign's rules and
``campaigns/<name>/results.yaml`` (:mod:`app.scoreboard`): a plain table that a small vendored
script sorts by any column, printable on its own (landscape, no navigation). Each unit has a form
to put forward another award, or none, with a reason; it is saved in the results file through
:func:`app.scoreboard.save_override`, refused (409) when the file changed since the page was
opened. :func:`init_app` also registers the nominees' pages (:mod:`app.web.nominees`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from app import store
from app.campaign import Campaign
from app.checklist import unit_slugs
from app.loader import CampaignError
from app.scoreboard import build_scoreboard, load_scoreboard, render_scoreboard, save_override
from app.scoring import NoScoringRules
from app.web.downloads import send_download
from app.web.lookup import get_campaign

__all__ = ["bp", "init_app", "scored"]

bp = Blueprint("scoreboard", __name__)


def scored(path: Path, name: str, campaign: Campaign) -> tuple[Any, str, list[str]]:
    """The campaign's scoreboard view and the results' version, or the problems that stop it
    (``lao-cai-2023/results.yaml:12: …``: the folder's name, never the server's path).
    ``None`` for the view when the campaign has no scoring rules."""
    try:
        board, _results, version = load_scoreboard(path, campaign)
    except NoScoringRules:
        return None, "", []
    except CampaignError as exc:
        return None, "", [p.format(f"{name}/results.yaml") for p in exc.problems]
    return build_scoreboard(campaign, board), version, []


def _page(name: str, path: Path, campaign: Campaign, *, errors: dict[str, str] | None = None, form: Any = None,
          conflict: bool = False, status: int = 200):
    view, version, problems = scored(path, name, campaign)
    awards = [(a.id, a.name) for a in campaign.scoring.awards] if campaign.scoring else []
    return render_template("scoreboard/index.html", name=name, campaign=campaign, view=view, version=version,
                           problems=problems, awards=awards, anchors=unit_slugs(campaign.units),
                           errors=errors or {}, form=form or {}, conflict=conflict), \
        (422 if problems and status == 200 else status)


@bp.get("/campaigns/<slug:name>/scoreboard")
def index(name: str):
    """The ranking with every unit's points, the downloads and the override forms."""
    path, campaign = get_campaign(name)
    return _page(name, path, campaign)


@bp.get("/campaigns/<slug:name>/scoreboard.<any(docx, xlsx):kind>")
def download(name: str, kind: str):
    """The scoreboard as Word or Excel, made now (a few milliseconds) under outputs/<name>/."""
    path, campaign = get_campaign(name)
    view, _version, _problems = scored(path, name, campaign)
    if view is None:  # no rules, or results that do not fit: the page says which
        return redirect(url_for("scoreboard.index", name=name), 303)
    files = render_scoreboard(view, current_app.config["OUTPUTS_DIR"], name)
    target = files[0] if kind == "docx" else files[1]
    return send_download(target, f"Bảng tổng hợp kết quả chấm điểm thi đua {campaign.year} - {name}.{kind}")


@bp.post("/campaigns/<slug:name>/scoreboard/override")
def override(name: str):
    """Save (or with ``_action=clear`` remove) one unit's override; 422 with the message next to
    the unit's form, 409 when the results changed since the page was opened."""
    path, campaign = get_campaign(name)
    unit = request.form.get("unit", "")
    clear = request.form.get("_action") == "clear"
    award = request.form.get("award", "").strip() or None
    reason = request.form.get("reason", "").strip()
    if unit not in {u.name for u in campaign.units}:
        return _page(name, path, campaign, errors={"": _("Không có đơn vị này trong chiến dịch.")}, status=422)
    if not clear and not reason:
        return _page(name, path, campaign, errors={unit: _("Cần ghi lý do điều chỉnh.")}, form=request.form, status=422)
    try:
        save_override(path, campaign, unit, award, reason, version=request.form.get("_version", ""), clear=clear)
    except store.VersionConflict:
        return _page(name, path, campaign, form=request.form, conflict=True, status=409)
    except CampaignError as exc:
        return _page(name, path, campaign, errors={unit: exc.problems[0].message}, form=request.form, status=422)
    short = next(u.short_name for u in campaign.units if u.name == unit)
    flash(_("Đã bỏ điều chỉnh của %(unit)s.", unit=short) if clear
          else _("Đã lưu điều chỉnh của %(unit)s.", unit=short), "success")
    anchor = unit_slugs(campaign.units)[unit]
    return redirect(url_for("scoreboard.index", name=name, _anchor=f"u-{anchor}"), 303)


def init_app(app) -> None:
    """Register the scoreboard's and the nominees' blueprints and their campaign-page links."""
    from flask_babel import lazy_gettext as _l  # _l: extracted into the catalogue

    from app.web import nominees, register_campaign_link

    app.register_blueprint(bp)
    app.register_blueprint(nominees.bp)
    register_campaign_link(app, "scoreboard.index", _l("Bảng tổng hợp kết quả chấm điểm thi đua"))
    register_campaign_link(app, "nominees.index", _l("Cá nhân đề nghị khen thưởng"))
