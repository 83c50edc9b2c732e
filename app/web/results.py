"""The units' results on the web: a table to type them in, and the upload of returned checklists.

``/campaigns/<name>/results`` shows one row per unit and one column per result key of its level
(:mod:`app.results_table`), each cell with the unit's quota, and the totals against the
province's figures. Saving checks every cell (numbers the Vietnamese way, đạt / không đạt,
scores up to the target's maximum) and writes ``campaigns/<name>/results.yaml`` through
:func:`app.store.save`: refused (409) when the file changed since the page was opened. The upload
takes several XLSX checklists at once and imports them all or none (:mod:`app.results_import`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Blueprint, abort, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from app import store
from app.campaign import Campaign
from app.loader import CampaignError
from app.messages import join, of_exception
from app.records import Results, load_results, results_path
from app.results_import import MAX_XLSX_BYTES, ResultsImportError, import_results, merge_values, parse_value
from app.results_table import build_results_table
from app.web.errors import error_page
from app.web.formdata import display_number
from app.web.i18n import tr
from app.web.lookup import get_campaign

__all__ = ["bp", "init_app", "field_name"]

bp = Blueprint("results", __name__)


def field_name(index: int, key: str) -> str:
    """The form field of unit ``index`` (its place in the campaign's list) for result ``key``: ``v-3-7.1``."""
    return f"v-{index}-{key}"


def _results(path: Path, name: str) -> tuple[Results, str]:
    """The campaign's results and their version; a broken results file ends the request with a
    422 page naming ``<name>/results.yaml`` (not the server's path), line and field."""
    try:
        return load_results(path)
    except CampaignError as exc:
        detail = tr(join((p.format(f"{name}/results.yaml") for p in exc.problems), "; "))
        abort(make_response(error_page(422, title=_("Tệp kết quả có lỗi"), detail=detail)))


def _shown(kind: str, value: float | None) -> str:
    """A stored value as its cell shows it: ``1.250`` / ``12,5``; ``1`` / ``0`` for đạt / không đạt."""
    if value is None:
        return ""
    if kind == "pass_fail":
        return "1" if value >= 1 else "0"
    return display_number(value)


def _page(name: str, campaign: Campaign, results: Results, version: str, *, form: Any = None,
          errors: dict[str, str] | None = None, error_labels: dict[str, str] | None = None, upload_problems: list[str] | None = None,
          conflict: bool = False, status: int = 200):
    table = build_results_table(campaign, results)
    values = {field_name(row.index, column.key): _shown(column.kind, cell.value)
              for group in table.groups for row in group.rows
              for column, cell in zip(group.columns, row.cells, strict=True) if cell is not None}
    if form is not None:
        values.update({key: form[key] for key in values if key in form})
    return render_template("results/index.html", name=name, campaign=campaign, table=table, values=values,
                           errors=errors or {}, error_labels=error_labels or {}, version=version, conflict=conflict,
                           upload_problems=upload_problems or [], field_name=field_name,
                           max_kb=MAX_XLSX_BYTES // 1024), status


@bp.get("/campaigns/<slug:name>/results")
def index(name: str):
    """Every unit's results with its quotas, the totals, the upload form."""
    path, campaign = get_campaign(name)
    results, version = _results(path, name)
    return _page(name, campaign, results, version)


@bp.post("/campaigns/<slug:name>/results")
def save(name: str):
    """Check every posted cell and save them all, or show the errors next to their cells (422)."""
    path, campaign = get_campaign(name)
    results, current = _results(path, name)
    version = request.form.get("_version", "")
    errors: dict[str, str] = {}
    labels: dict[str, str] = {}  # where each error is, for the summary above the table
    posted: dict[str, dict[str, float | None]] = {}
    for group in build_results_table(campaign, results).groups:
        for row in group.rows:
            for column, cell in zip(group.columns, row.cells, strict=True):
                field = field_name(row.index, column.key)
                if cell is None or field not in request.form:
                    continue  # not this unit's target, or not on the page that was sent
                try:
                    value = parse_value(column.kind, request.form[field], column.max)
                except ValueError as exc:
                    errors[field] = of_exception(exc)
                    labels[field] = f"{row.unit.short_name}, {_('chỉ tiêu %(key)s', key=column.key)}"
                    continue
                posted.setdefault(row.unit.name, {})[column.key] = value
    if errors:
        return _page(name, campaign, results, version, form=request.form, errors=errors, error_labels=labels,
                     status=422)
    merged, changed = merge_values(results, posted)
    if version != current:
        return _page(name, campaign, results, current, form=request.form, conflict=True, status=409)
    if not sum(changed.values()):
        flash(_("Không có kết quả nào thay đổi."), "info")
        return redirect(url_for("results.index", name=name), 303)
    try:
        store.save(results_path(path), merged, version=version)
    except store.VersionConflict:
        results, current = _results(path, name)
        return _page(name, campaign, results, current, form=request.form, conflict=True, status=409)
    count = sum(changed.values())
    flash(ngettext("Đã lưu %(num)d kết quả thay đổi.", "Đã lưu %(num)d kết quả thay đổi.", count), "success")
    return redirect(url_for("results.index", name=name), 303)


def _display_name(filename: str) -> str:
    """The upload's own name, without any folder a browser may send with it."""
    return Path(filename.replace("\\", "/")).name or filename


@bp.post("/campaigns/<slug:name>/results/import")
def upload(name: str):
    """Import the returned checklists sent (several .xlsx at once): all of them, or none (422)."""
    path, campaign = get_campaign(name)
    _results(path, name)  # a broken results file is named before any upload is read
    files = [f for f in request.files.getlist("files") if f.filename]
    names = [_display_name(f.filename or "") for f in files]
    problems = [_("%(file)s: chỉ nhận tệp Excel .xlsx (bảng theo dõi tải từ phần mềm)", file=n)
                for n in names if not n.lower().endswith(".xlsx")]
    if not problems:
        # Read at most one byte over the limit: the core refuses the file as too large.
        sources = [(n, f.stream.read(MAX_XLSX_BYTES + 1)) for n, f in zip(names, files, strict=True)]
        try:
            summary = import_results(path, sources)
        except ResultsImportError as exc:
            problems = exc.problems
        except store.VersionConflict:
            results, version = _results(path, name)
            return _page(name, campaign, results, version, conflict=True, status=409)
    if problems:
        results, version = _results(path, name)
        return _page(name, campaign, results, version, upload_problems=problems, status=422)
    flash(ngettext("Đã nhập %(num)d bảng theo dõi: %(changed)d kết quả thay đổi.",
                   "Đã nhập %(num)d bảng theo dõi: %(changed)d kết quả thay đổi.",
                   len(summary.units), changed=summary.changed), "success")
    return redirect(url_for("results.index", name=name), 303)


def init_app(app) -> None:
    """Register the blueprint and the link to it on every campaign's preview page."""
    from flask_babel import lazy_gettext as _l  # _l: extracted into the catalogue

    from app.web import register_campaign_link

    app.register_blueprint(bp)
    register_campaign_link(app, "results.index", _l("Kết quả thực hiện chỉ tiêu của các đơn vị"))
