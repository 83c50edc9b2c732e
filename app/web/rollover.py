"""Next year's plan from the campaign page (issue 10.1): the "Tạo kế hoạch năm sau" button.

The campaign is rolled forward by :func:`app.rollover.roll_forward` (as ``vanthu new-year``),
named like the old one with the next year (``lao-cai-2023`` → ``lao-cai-2024``) and created
through :func:`app.store.create_campaign`, which keeps the old file's comments and never
overwrites: a taken name is refused (409). The clerk lands in the edit form, the review list on top.
"""

from __future__ import annotations

from flask import Blueprint, Flask, current_app, flash, redirect, url_for
from flask_babel import gettext as _

from app import store
from app.rollover import next_year_path, roll_forward
from app.web.documents import preview
from app.web.lookup import get_campaign

bp = Blueprint("rollover", __name__)


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)


@bp.post("/campaigns/<slug:name>/new-year")
def new_year(name: str):
    """Create next year's campaign from ``name`` and open it in the edit form."""
    path, campaign = get_campaign(name)
    year = campaign.year + 1
    new_name = next_year_path(path, campaign.year, year).stem
    if store.campaign_path(current_app.config["CAMPAIGNS_DIR"], new_name) is None:
        flash(_("Không đặt được tên cho kế hoạch năm %(year)s từ tên %(name)s; hãy dùng nút “Tạo chiến dịch "
                "mới” để sao chép với tên khác.", year=year, name=name), "error")
        return preview(name), 422
    rolled, items = roll_forward(campaign, year)
    try:
        store.create_campaign(current_app.config["CAMPAIGNS_DIR"], new_name, source=path, year=year, model=rolled)
    except store.NameTaken:
        flash(_("Đã có chiến dịch %(new)s; không ghi đè. Mở chiến dịch đó, hoặc đổi tên nó rồi tạo lại "
                "kế hoạch năm sau.", new=new_name), "error")
        return preview(name), 409
    flash(_("Đã tạo kế hoạch năm %(year)s (%(new)s) từ %(name)s; %(count)s ghi chú cần xem lại ở đầu trang. "
            "Kết quả và khen thưởng năm %(old)s không chuyển sang.",
            year=year, new=new_name, name=name, count=len(items), old=campaign.year), "success")
    return redirect(url_for("campaigns.edit", name=new_name))
