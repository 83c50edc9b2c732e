"""Campaign list, new campaign / copy, and the edit form that writes the YAML file."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app import choices, store
from app.loader import CampaignError
from app.skeleton import typed_name
from app.textmarkup import PLACEHOLDER_HELP
from app.vocabulary import COMMON_KINDS
from app.web import formdata
from app.web.i18n import tr
from app.web.lookup import campaign_file

bp = Blueprint("campaigns", __name__)


def _folder() -> Path:
    return current_app.config["CAMPAIGNS_DIR"]


@bp.get("/")
def index():
    """List every campaign file, broken ones with their errors."""
    return render_template("campaigns/list.html", entries=store.list_entries(_folder()))


def _suggest_name(source: str | None) -> str:
    """``lao-cai-2023`` → ``lao-cai-2024``: copying last year's campaign is the usual start."""
    if not source:
        return f"chien-dich-{dt.date.today().year}"
    match = re.fullmatch(r"(.*-)(\d{4})", source)
    if match:
        return f"{match.group(1)}{int(match.group(2)) + 1}"
    return f"{source}-ban-sao"[:64]


@bp.route("/campaigns/new", methods=["GET", "POST"])
def new():
    """Create a campaign from the skeleton or as a copy of an existing one."""
    entries = [e for e in store.list_entries(_folder()) if e.usable_name]
    source = request.values.get("source", request.args.get("from", ""))
    name = typed_name(request.form.get("name", _suggest_name(source)))
    errors: dict[str, str] = {}
    if request.method == "POST":
        source_path = None
        if source:
            source_path = store.campaign_path(_folder(), source)
            if source_path is None or not source_path.is_file():
                errors["source"] = _("Không có chiến dịch nguồn này.")
        if not store.SLUG_RE.fullmatch(name) or name == "new":
            errors["name"] = _("Tên chỉ gồm chữ thường không dấu, số và dấu '-', bắt đầu bằng chữ "
                               "hoặc số, tối đa 64 ký tự (ví dụ lao-cai-2024).")
        if not errors:
            try:
                store.create_campaign(_folder(), name, source=source_path, year=dt.date.today().year)
            except store.NameTaken:
                errors["name"] = _("Đã có chiến dịch tên này; hãy chọn tên khác.")
            else:
                flash(_("Đã tạo chiến dịch %(name)s.", name=name), "success")
                return redirect(url_for("campaigns.edit", name=name))
    status = 422 if errors else 200
    return render_template("campaigns/new.html", entries=entries, source=source, name=name,
                           errors=errors), status


def _render_form(name: str, form_data: dict, errors: dict[str, str], version: str, status: int = 200,
                 conflict: bool = False, warnings: dict[str, str] | None = None):
    page = _form_page(name, form_data, errors, version, conflict, warnings)
    if errors and not conflict:
        # The summary lists the errors in the order of their fields on the page and links each to
        # an element that exists: the page is rendered once to learn that order (its ids).
        order = {field: i for i, field in enumerate(_FIELD_ID.findall(page))}
        targets = {key: _nearest_field(key, order) for key in errors}
        errors = dict(sorted(errors.items(), key=lambda item: order.get(targets[item[0]], -1)))
        page = _form_page(name, form_data, errors, version, conflict, warnings, targets)
    return page, status


_FIELD_ID = re.compile(r'\bid="f-([^"]+)"')


def _nearest_field(key: str, order: dict[str, int]) -> str:
    """``key`` when the page has a field of that name, else its first field inside (a missing
    ``signer`` → ``signer-authority``), else its nearest enclosing part (``targets-3-metrics-0``
    → the list ``targets-3-metrics``); ``""`` for the whole file or a field the form lacks."""
    inside = next((field for field in order if key and field.startswith(f"{key}-")), None)
    if key in order or inside:
        return key if key in order else inside
    while key and key not in order:
        key = key.rpartition("-")[0]
    return key


def _form_page(name: str, form_data: dict, errors: dict[str, str], version: str, conflict: bool,
               warnings: dict[str, str] | None, error_targets: dict[str, str] | None = None) -> str:
    return render_template(
        "campaigns/edit.html", name=name, form=form_data, errors=errors, version=version, error_targets=error_targets,
        conflict=conflict, placeholder_help=PLACEHOLDER_HELP, defaults=formdata.LIST_ITEM_DEFAULTS,
        warnings=warnings or {}, targets_at=formdata.targets_part(form_data),
        heading_numberings=_options(choices.HEADING_NUMBERINGS), item_numberings=_options(choices.ITEM_NUMBERINGS),
        levels=formdata.form_levels(form_data), level_values=[i for i, _n in formdata.form_levels(form_data)],
        kinds=COMMON_KINDS, authorities=_options(choices.AUTHORITIES), methods=_options(choices.METHODS),
        addressee_layouts=_options(choices.ADDRESSEE_LAYOUTS),
        rank_scopes=[("false", _("trong mọi đơn vị")), ("true", _("trong từng loại đơn vị"))])


def _options(labels: dict[str, Any]) -> list[tuple[str, str]]:
    """A drop-down list's (value, words) pairs from the core's table of a choice (app/choices.py)."""
    return [(value, tr(label)) for value, label in labels.items()]


@bp.get("/campaigns/<slug:name>/edit")
def edit(name: str):
    """Show the edit form with the file's current content (a broken file with its errors)."""
    found = store.read_campaign_file(campaign_file(name))  # one read: version, data, campaign
    if found.campaign is not None:
        data = formdata.to_form(found.campaign.model_dump(exclude_none=True))
        return _render_form(name, data, {}, found.version, warnings=formdata.form_warnings(found.campaign))
    if found.data is None:  # not even YAML: the form cannot show it, the text editor can
        return render_template("campaigns/broken.html", name=name, problems=found.problems), 422
    data = formdata.to_form(found.data)
    return _render_form(name, data, formdata.form_errors(found.error, {}, data), found.version)


@bp.post("/campaigns/<slug:name>/edit")
def save(name: str):
    """Apply a list button, or validate and save the form (refused if the file changed meanwhile)."""
    path = campaign_file(name)
    version = request.form.get("_version", "")
    form_data = formdata.from_form(request.form)
    op = request.form.get("_op")
    if op:
        formdata.apply_op(form_data, op)
        return _render_form(name, form_data, {}, version)
    payload, extra = formdata.to_payload(form_data)
    shown = formdata.to_form(payload)
    try:
        campaign = formdata.validate(payload, f"{name}.yaml")
        problem = None
    except CampaignError as exc:
        campaign, problem = None, exc
    if problem is not None or extra:
        errors = formdata.form_errors(problem, extra, shown)
        return _render_form(name, shown, errors, version, status=422)
    try:
        store.save(path, campaign, version=version)
    except store.VersionConflict:
        return _render_form(name, shown, {}, version, status=409, conflict=True)
    flash(_("Đã lưu chiến dịch. Bản trước được giữ trong thư mục campaigns/.history/."), "success")
    if campaign.warnings():
        flash(_("Lưu ý: %(count)s chỗ có số thứ tự hoặc gạch đầu dòng gõ tay trong khi phần đã tự đánh số; "
                "xem cảnh báo trong trang Sửa.", count=len(campaign.warnings())), "info")
    return redirect(url_for("documents.preview", name=name))


# Names of the form's parts, to say in the error summary where each error is.
_PART_NAMES = {
    "year": _l("Năm"), "theme": _l("Chủ đề"), "report_deadline": _l("Hạn gửi bảng theo dõi"),
    "issuer": _l("Cơ quan"), "parent": _l("cơ quan chủ quản / thuộc"), "name": _l("tên"),
    "abbreviation": _l("viết tắt"), "place": _l("địa danh"), "dispatch": _l("Công văn"),
    "number": _l("số"), "drafting_unit": _l("đơn vị soạn thảo"), "date": _l("ngày"),
    "subject": _l("trích yếu"), "addressees": _l("Kính gửi"), "opening": _l("Mở đầu"),
    "closing": _l("đoạn kết"), "distribution": _l("Nơi nhận"), "archive": _l("Lưu"), "targets": _l("Chỉ tiêu"),
    "parts": _l("Phần"), "heading": _l("tên phần"), "heading_numbering": _l("đánh số tên phần"),
    "item_numbering": _l("đánh số các mục"), "subitem_numbering": _l("đánh số các ý nhỏ"),
    "paragraphs": _l("đoạn văn"), "items": _l("Mục"),
    "text": _l("nội dung"), "metrics": _l("Số liệu"), "value": _l("giá trị"), "unit": _l("đơn vị tính"),
    "level": _l("cấp"), "levels": _l("cấp áp dụng"), "apportion": _l("chia cho đơn vị"), "id": _l("mã"),
    "signer": _l("Người ký"),
    "authority": _l("thẩm quyền"), "head_title": _l("chức danh người đứng đầu"), "title": _l("chức vụ"),
    "anniversaries": _l("Ngày kỷ niệm"), "event": _l("sự kiện"), "founded": _l("ngày thành lập"),
    "units": _l("Đơn vị"), "short_name": _l("tên ngắn"), "kind": _l("loại"), "weight": _l("trọng số"),
    "quotas": _l("Chỉ tiêu giao"), "score": _l("chấm điểm"), "max": _l("điểm chuẩn"), "method": _l("cách chấm"),
    "metric": _l("mã số liệu được chấm"), "scoring": _l("Chấm điểm và khen thưởng"), "total": _l("tổng điểm chuẩn"),
    "bonuses": _l("Điểm thưởng"), "penalties": _l("Điểm trừ"), "points": _l("số điểm"),
    "awards": _l("Hình thức khen thưởng"), "body": _l("cơ quan khen thưởng"), "rules": _l("Quy tắc"),
    "award": _l("hình thức khen thưởng"), "min": _l("từ (điểm)"), "below": _l("dưới (điểm)"),
    "rank": _l("xếp thứ"), "per_kind": _l("xếp thứ trong từng loại"), "submission": _l("Tờ trình"),
    "decision": _l("Quyết định"),
}


_SUBITEMS = _l("ý nhỏ")

# The nominees' form (app/web/nominees.py) names its parts with the same filter.
_PEOPLE_PART_NAMES = {
    "people": _l("Cá nhân"), "sex": _l("giới tính"), "born": _l("năm sinh"), "position": _l("chức vụ"),
    "unit": _l("đơn vị công tác"), "summary": _l("tóm tắt thành tích"), "past_awards": _l("Khen thưởng đã nhận"),
    "year": _l("năm"), "form": _l("hình thức"), "decision": _l("số quyết định"), "issuer": _l("cơ quan ban hành"),
}


@bp.app_template_filter("describe_field")
def describe_field(key: str) -> str:
    """``targets-4-metrics-0-value`` → ``Chỉ tiêu 5 › Số liệu 1 › giá trị``."""
    names = {**_PART_NAMES, **_PEOPLE_PART_NAMES} if key.startswith("people-") else _PART_NAMES
    parts: list[str] = []
    keys = key.split("-")
    for i, part in enumerate(keys):
        if part.isdigit() and parts:
            parts[-1] = f"{parts[-1]} {int(part) + 1}"
        elif part == "items" and keys[i - 2:i - 1] == ["items"]:
            parts.append(str(_SUBITEMS))  # an item's own items
        else:
            parts.append(str(names.get(part, part)))
    return " › ".join(parts)


@bp.app_template_filter("as_list")
def as_list(value: Any) -> list[Any]:
    """A list for the form to loop over, even from a broken file (a lone value becomes one row)."""
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


@bp.app_template_filter("as_dict")
def as_dict(value: Any) -> dict[str, Any]:
    """A mapping for the form to read, even from a broken file."""
    return value if isinstance(value, dict) else {}


@bp.app_template_filter("form_number")
def form_number(value: Any) -> str:
    """Numbers the Vietnamese way in number boxes (12.000; 12,5)."""
    return formdata.display_number(value)


@bp.app_template_filter("form_date")
def form_date(value: Any) -> str:
    """A founding date as dd/mm/yyyy in its box (a year alone stays a year)."""
    if isinstance(value, dt.date):
        return f"{value.day:02d}/{value.month:02d}/{value.year}"
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return form_date(dt.date.fromisoformat(value))
    return "" if value is None else str(value)
